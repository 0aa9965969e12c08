"""Noisy-ensemble benchmark: many noisy couples in one array program, against a loop.

Run: ``python benchmarks/bench_noise.py``. One table, one run:

* 100 ``IntimacyModel`` couples, 42 days, the declared noise, the default step
  (``Model.default_dt``), a report a day (43 output times), every trajectory kept:
  ``simulate_ensemble(..., noise=True, seed=...)``, best of 3;
* the same 100 couples as a loop of single noisy runs, ``simulate(..., noise=True)``,
  timed on 20 and extrapolated to 100;
* the ratio of the two, same run; and the same ensemble of 1,000 couples, to show that
  the cost hardly grows with the members (every step is one vectorized evaluation).
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import timing  # first: it pins BLAS threads before numpy loads

import numpy as np

from intimacy_dynamics import IntimacyModel, simulate, simulate_ensemble

N_COUPLES, N_LOOP, SPAN = 100, 20, (0.0, 42.0)
TIMES = np.arange(0.0, 43.0)


def ensemble(model, n):
    return simulate_ensemble(
        model, n_members=n, t_span=SPAN, t_eval=TIMES, noise=True, seed=15, keep="all"
    )


def loop(model, n):
    return [simulate(model, t_span=SPAN, t_eval=TIMES, noise=True, seed=k) for k in range(n)]


def main():
    model = IntimacyModel()
    dt = simulate(model, t_span=SPAN, noise=True, seed=0).solver["dt"]
    together = timing.best_of(lambda: ensemble(model, N_COUPLES), repeat=3)
    thousand = timing.best_of(lambda: ensemble(model, 10 * N_COUPLES), repeat=1)
    one_by_one = timing.best_of(lambda: loop(model, N_LOOP), repeat=1) * N_COUPLES / N_LOOP
    print(
        f"Noisy IntimacyModel couples, {SPAN[1]:g} days, dt = {dt:g} day ({timing.machine_load()})"
    )
    print(timing.row(f"simulate_ensemble, {N_COUPLES} couples", together, unit="s"))
    print(timing.row(f"simulate_ensemble, {10 * N_COUPLES} couples", thousand, unit="s"))
    print(
        timing.row(f"loop of simulate, {N_COUPLES} couples (from {N_LOOP})", one_by_one, unit="s")
    )
    print(f"ensemble / loop speed-up: {one_by_one / together:.1f}x")


if __name__ == "__main__":
    main()
