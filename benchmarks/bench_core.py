"""Core benchmarks: cold compile time, and one simulation against a naive baseline.

Run: ``python benchmarks/bench_core.py`` (or ``make bench``). Every figure comes from this
one run; ratios compare against a baseline timed in the same process.

* compile: a cold ``model.compile()`` of the 10-state stand-in dyad, with the Jacobian
  (symbolic Jacobian, common-subexpression elimination, printing, exec).
* simulate: ``simulate(model, (0, 50))`` with 401 output points, against the naive
  baseline: ``solve_ivp(method="RK45")`` on ``sympy.lambdify`` (numpy, no cse) of the
  same equations, with the same output times. The baseline is timed at its own default
  tolerances (rtol 1e-3) and at ours (rtol 1e-6, atol 1e-9); the error of each against a
  tight DOP853 reference is printed beside it.
"""

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from timing import best_of, row  # first: it pins BLAS threads before numpy loads

import numpy as np
import sympy
from scipy.integrate import solve_ivp

from intimacy_dynamics import simulate
from intimacy_dynamics.core.codegen import clear_cache
from models import BenchmarkDyad


def naive_rhs(model):
    """The baseline right-hand side: plain lambdify, numpy module, no cse."""
    symbols = model.symbols
    states = [symbols[n] for n in model.state_names]
    params = [symbols[n] for n in model.param_names]
    function = sympy.lambdify([states, params], list(model.equations().values()), "numpy")
    return lambda t, y, p: function(y, p)


def cold_compile():
    clear_cache()
    BenchmarkDyad().compile()


def main():
    start = time.perf_counter()
    model = BenchmarkDyad()
    model.compile()
    t_first = time.perf_counter() - start
    t_span, times = (0.0, 50.0), np.linspace(0.0, 50.0, 401)
    y0 = np.array(model.initial_state())
    p = model.params().as_list()
    rhs = naive_rhs(model)
    compiled = model.compile()

    def baseline(rtol=1e-3, atol=1e-6):
        return solve_ivp(rhs, t_span, y0, "RK45", t_eval=times, args=(p,), rtol=rtol, atol=atol)

    def ours():
        return simulate(model, t_span, t_eval=times)

    reference = solve_ivp(
        compiled.rhs, t_span, y0, "DOP853", t_eval=times, args=(p,), rtol=1e-12, atol=1e-14
    ).y

    def error(y):
        return float(np.max(np.abs(y - reference)))

    t_compile = best_of(cold_compile, repeat=5)
    t_ours = best_of(ours, repeat=15)
    t_naive = best_of(baseline, repeat=15)
    t_naive_same = best_of(lambda: baseline(1e-6, 1e-9), repeat=15)

    print(f"core benchmarks ({len(model.state_names)}-state {model.name}, BLAS threads pinned)")
    print(row("compile, first in this process (sympy caches cold)", t_first, "<= 250 ms"))
    print(row("compile, cold compiled-model cache, best of 5", t_compile, "<= 250 ms"))
    print(row(f"simulate (ours, LSODA, rtol 1e-6)   max error {error(ours().y):.1e}", t_ours))
    print(row(f"naive RK45, its defaults (rtol 1e-3) max error {error(baseline().y):.1e}", t_naive))
    same = baseline(1e-6, 1e-9).y
    print(row(f"naive RK45, rtol 1e-6                max error {error(same):.1e}", t_naive_same))
    print(f"{'ratio naive (defaults) / ours':<58} {t_naive / t_ours:10.1f} x   (goal >= 2x)")
    print(f"{'ratio naive (same tolerances) / ours':<58} {t_naive_same / t_ours:10.1f} x")


if __name__ == "__main__":
    main()
