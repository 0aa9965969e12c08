"""Virtual diary benchmark: 100 couples over 42 days, simulated and analysed.

Run: ``python benchmarks/bench_studies.py`` (or ``make bench``). One table, one run:

* diary: ``diary_study(100, 42)`` (a burn-in, then one ensemble run per day for all
  couples) and ``analyse_diary`` on it (three MixedLM fits and the Monte-Carlo
  mediation); goal: both together in at most 10 s. The same with the model's declared
  noise (``noise=True``).
* baseline: the same noisy 42 days couple by couple, one ``simulate(noise=True)`` per
  couple with the day's speaking shares and depths as schedules; timed on 10 couples
  and extrapolated to 100. The ratio is the loop's time over the ensemble's for the
  noisy simulation (the diary's days and the loop's runs do the same work).
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import timing  # first: it pins BLAS threads before numpy loads

import time

import numpy as np

from intimacy_dynamics import IntimacyModel, Schedule, simulate
from intimacy_dynamics.intimacy.populations import couples
from intimacy_dynamics.studies import analyse_diary, diary_study
from intimacy_dynamics.studies.diary import TALK_SHAPE

N_COUPLES, DAYS, N_LOOP, SEED = 100, 42, 10, 2026


def timed(function):
    start = time.perf_counter()
    value = function()
    return value, time.perf_counter() - start


def loop_of_single_runs(model, table, count, seed):
    """``count`` couples, each one noisy run through the 42 days with its own inputs."""
    rng = np.random.default_rng(seed)
    days = np.arange(DAYS, dtype=float)
    for k in range(count):
        params = {name: float(values[k]) for name, values in table.items()}
        inputs = {}
        for p in "AB":
            inputs[f"speaking_{p}"] = Schedule(days, rng.beta(*TALK_SHAPE, DAYS))
            inputs[f"depth_{p}"] = Schedule(days, rng.beta(5, 5, DAYS))
        simulate(
            model,
            (0.0, float(DAYS)),
            params,
            inputs=inputs,
            n_points=DAYS * 8 + 1,
            noise=True,
            seed=seed + k,
        )


def main():
    model = IntimacyModel()
    diary_study(4, 2, seed=0, burn_in=1.0)  # compile the model's code first
    print(f"Virtual diary: {N_COUPLES} couples x {DAYS} days ({timing.machine_load()})")
    frame, simulated = timed(lambda: diary_study(N_COUPLES, DAYS, seed=SEED))
    _, analysed = timed(lambda: analyse_diary(frame))
    print(timing.row("diary_study (days differ in what is disclosed)", simulated, unit="s"))
    print(timing.row("analyse_diary (three MixedLM fits, MC mediation)", analysed, unit="s"))
    print(timing.row("simulated and analysed", simulated + analysed, "<= 10 s", unit="s"))
    noisy, noisy_time = timed(lambda: diary_study(N_COUPLES, DAYS, seed=SEED, noise=True))
    _, noisy_analysed = timed(lambda: analyse_diary(noisy))
    print(timing.row("diary_study(noise=True)", noisy_time, unit="s"))
    print(timing.row("  and analysed", noisy_time + noisy_analysed, "<= 10 s", unit="s"))
    table = couples(N_LOOP, seed=SEED, model=model)
    _, loop = timed(lambda: loop_of_single_runs(model, table, N_LOOP, SEED))
    loop *= N_COUPLES / N_LOOP
    print(timing.row(f"loop of single noisy runs (x{N_COUPLES}, from {N_LOOP})", loop, unit="s"))
    print(f"{'ratio: loop / ensemble diary (noisy simulation)':<58} {loop / noisy_time:10.1f} x")


if __name__ == "__main__":
    main()
