"""Analysis benchmarks: equilibria, continuation and a nullcline grid.

Run: ``python benchmarks/bench_analysis.py`` (or ``make bench``). Times are the best of
several runs on a warm (compiled) model; the model is the 10-state stand-in dyad.

* equilibria: ``equilibria(model, n_starts=64)``, multistart Newton and classification.
* continuation: ``continuation(model, None, "fusion", (0, 1), max_points=200)`` with a
  step small enough that all 200 points are used.
* nullcline grid: the rates of two states on a 200 x 200 grid (the vectorized right-hand
  side), and separately the marching-squares tracing of one nullcline.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from timing import best_of, row  # first: it pins BLAS threads before numpy loads

from intimacy_dynamics.analysis import continuation, equilibria, nullclines
from models import BenchmarkDyad


def main():
    model = BenchmarkDyad()
    _ = model.compile().jacobian_params  # generated once, as in any session that continues

    t_eq = best_of(lambda: equilibria(model, n_starts=64), repeat=5)
    branch = continuation(model, None, "fusion", (0.0, 1.0), max_points=200, ds=0.004, ds_max=0.004)
    t_cont = best_of(
        lambda: continuation(
            model, None, "fusion", (0.0, 1.0), max_points=200, ds=0.004, ds_max=0.004
        ),
        repeat=5,
    )
    plane = nullclines(model, None, "trust_A", "trust_B", grid=200)
    t_grid = best_of(lambda: nullclines(model, None, "trust_A", "trust_B", grid=200), repeat=9)
    t_trace = best_of(lambda: plane.nullcline("trust_A"), repeat=9)

    print(f"analysis benchmarks ({len(model.state_names)}-state {model.name}, best of runs)")
    print(row(f"equilibria, 64 starts ({len(equilibria(model))} found)", t_eq, "<= 100 ms"))
    print(row(f"continuation, {len(branch)} points", t_cont, "<= 150 ms"))
    print(row("nullcline grid, 200 x 200 rates", t_grid, "<= 10 ms"))
    print(row("nullcline tracing (marching squares), one state", t_trace))


if __name__ == "__main__":
    main()
