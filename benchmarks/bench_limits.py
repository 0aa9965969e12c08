"""Limits benchmark: the slowest admissible slider move, and how fast a budget stops a run.

Run: ``python benchmarks/bench_limits.py`` (or ``make bench``).

Every run is one ``simulate`` of the ``IntimacyModel`` at the lab's settings (plot
accuracy, 201 output times) with the slider budget, ``INTERACTIVE_BUDGET``. Each case is
pushed as close to the budget as it goes without exceeding it (the longest span that
still finishes), so its time is the most that input can cost a slider move:

* the costliest of 100 random parameter sets (each parameter at a bound or inside its
  slider range) over 2000 days;
* an oscillating couple (P10) over a long span: LSODA's own cost per evaluation;
* the same couple driven by a sum of 100 exponential pulses (the most parts a sum may
  have), evaluated at every evaluation of the rates;
* a schedule whose pieces are too short for LSODA, so that every piece falls back to
  Radau: the slowest path there is (Python stepping, a solver set up per piece);
* runs that exceed the budget: the time until the budget stops them.

The ratios to a typical slider move (the default couple) are the figures to trust;
``docs/limits.md`` quotes them.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import timing  # first: it pins BLAS threads before numpy loads

import time

import numpy as np

from intimacy_dynamics import BudgetExceededError, IntimacyModel, Pulse, Schedule, simulate
from intimacy_dynamics.classic import fickle_lover
from intimacy_dynamics.intimacy import catalog
from intimacy_dynamics.simulation.simulate import DEFAULT_BUDGET, INTERACTIVE_BUDGET

LAB = {"rtol": 1e-4, "atol": 1e-7, "n_points": 201, "budget": INTERACTIVE_BUDGET}
MODEL = IntimacyModel()
OSCILLATING = catalog.load("P10_poorly_differentiated").params


def run(**options):
    return simulate(MODEL, **{**LAB, **options})


def fits(**options) -> bool:
    try:
        run(**options)
    except BudgetExceededError:
        return False
    return True


def longest(make, low, high, steps=12):
    """The largest x in [low, high] (bisection) for which ``make(x)`` fits the budget."""
    for _ in range(steps):
        middle = (low + high) / 2
        low, high = (middle, high) if fits(**make(middle)) else (low, middle)
    return make(low)


def pulses():
    total = Pulse(1.0, 5.0, 0.01, shape="exponential")
    for k in range(1, 100):
        total = total + Pulse(1.0 + k, 5.0, 0.001, shape="exponential")
    return {"stress_A": total}


def tiny_pieces(count: int, span: float = 1e-250):
    times = tuple(np.linspace(0, span, count + 1)[:-1] + span / (2 * count))
    return {"depth_A": Schedule(times, tuple(0.3 + 0.4 * (k % 2) for k in range(count)))}


def random_extremes(count: int = 100, seed: int = 0):
    """The costliest of ``count`` runs (most evaluations) with every parameter at a bound
    or inside its slider range; chosen by work, not by a noisy clock."""
    rng = np.random.default_rng(seed)
    costliest, options = 0, {}
    for _ in range(count):
        params = {
            name: float(rng.choice([*spec.bounds, rng.uniform(*spec.soft)]))
            if np.all(np.isfinite(spec.bounds))
            else float(rng.uniform(*spec.soft))
            for name, spec in MODEL.param_specs.items()
        }
        trial = {"params": params, "t_span": (0, 2000)}
        try:
            used = run(**trial).solver["evaluations"]
        except BudgetExceededError:
            continue
        if used > costliest:
            costliest, options = used, trial
    return options


def measured(label, options, typical):
    seconds = timing.best_of(lambda: run(**options), repeat=3)
    used = run(**options).solver["evaluations"]
    print(timing.row(f"{label} ({used:,} evaluations)", seconds, unit="ms"))
    print(f"{'  ratio to a typical slider move':<58} {seconds / typical:10.1f} x")
    return seconds


def stopped(label, function):
    start = time.perf_counter()
    try:
        function()
    except BudgetExceededError:
        print(timing.row(label, time.perf_counter() - start, unit="ms"))
        return
    raise AssertionError(f"{label}: the budget did not stop the run")


def main():
    print(f"limits benchmark (IntimacyModel, plot accuracy, budget {INTERACTIVE_BUDGET:,})")
    typical = timing.best_of(lambda: run(), repeat=5)
    used = run().solver["evaluations"]
    print(timing.row(f"typical slider move ({used:,} evaluations)", typical, unit="ms"))
    cases = {
        "costliest of 100 random parameter sets, 2000 days": random_extremes(),
        "oscillating couple, longest span": longest(
            lambda t1: {"params": OSCILLATING, "t_span": (0, t1)}, 800, 20_000
        ),
        "  + 100 exponential pulses": longest(
            lambda t1: {"params": OSCILLATING, "t_span": (0, t1), "inputs": pulses()},
            800,
            20_000,
        ),
        "Radau on every piece, most pieces": longest(
            lambda n: {"t_span": (0, 1e-250), "inputs": tiny_pieces(int(n))}, 100, 5000
        ),
    }
    worst = max(measured(label, options, typical) for label, options in cases.items())
    print(timing.row("slowest admissible slider move found", worst, unit="ms"))
    stopped(
        "stopped by the slider budget: P10 over 1e5 days",
        lambda: run(params=OSCILLATING, t_span=(0, 1e5)),
    )
    stopped(
        f"stopped by the default budget ({DEFAULT_BUDGET:,}): fickle lovers, 1e12",
        lambda: simulate(fickle_lover(), (0, 1e12)),
    )
    stopped(
        "stopped by the default budget: P10 over 1e5 days, default tolerances",
        lambda: simulate(MODEL, (0, 1e5), OSCILLATING),
    )


if __name__ == "__main__":
    main()
