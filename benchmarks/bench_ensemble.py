"""Ensemble benchmark: many heterogeneous dyads at once, against a loop of solve_ivp.

Run: ``python benchmarks/bench_ensemble.py`` (or ``make bench``). One table, one run:

* population: 10,000 ``BenchmarkDyad`` members, each parameter drawn uniformly within
  ±30 % of its default and each initial state within ±50 % (clipped to the bounds): a
  class of couples around a typical one. t in [0, 50] days, 101 output times.
* ensemble: ``integrate_ensemble`` (every trajectory on the grid), and the full
  ``simulate_ensemble`` (integration plus the mergeable summaries), best of 2.
* baseline: ``solve_ivp(RK45)`` per dyad on the generated scalar right-hand side, same
  tolerances and output times, timed on 200 dyads and extrapolated to 10,000.
* both at solve_ivp's default tolerances (rtol 1e-3, atol 1e-6) and at rtol 1e-6,
  atol 1e-9; accuracy is the worst member's max abs error on those 200 dyads against
  DOP853 at rtol 1e-12, atol 1e-14, for the ensemble and for the loop.
* the programmatic ``lab.set``: ``bench_lab``'s own functions (ours against its naive handler).
* a 100 x 100 sweep on a process pool of 2 against in-process.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import timing  # first: it pins BLAS threads before numpy loads

import time
from concurrent.futures import ProcessPoolExecutor

import numpy as np
from scipy.integrate import solve_ivp

import bench_lab
from intimacy_dynamics.ensemble import integrate_ensemble, simulate_ensemble, sweep
from intimacy_dynamics.widgets import IntimacyLab
from models import BenchmarkDyad

N_MEMBERS, N_LOOP, SPAN, N_TIMES = 10_000, 200, (0.0, 50.0), 101
TOLERANCES = ({"rtol": 1e-3, "atol": 1e-6}, {"rtol": 1e-6, "atol": 1e-9})


def heterogeneous(model, n, seed=5):
    """Parameters within ±30 % of their defaults, initial states within ±50 %."""
    rng = np.random.default_rng(seed)

    def jitter(spec, spread):
        low, high = spec.bounds
        return np.clip(spec.default * rng.uniform(1 - spread, 1 + spread, n), low, high)

    params = {name: jitter(spec, 0.3) for name, spec in model.param_specs.items()}
    y0 = {name: jitter(spec, 0.5) for name, spec in model.state_specs.items()}
    return params, y0


def loop_of_solve_ivp(model, params, y0, times, count, method="RK45", **tol):
    compiled = model.compile()
    runs = []
    for k in range(count):
        p = [float(params[n][k]) for n in model.param_names]
        start = [float(y0[n][k]) for n in model.state_names]
        sol = solve_ivp(compiled.rhs, SPAN, start, method, t_eval=times, args=(p,), **tol)
        runs.append(sol.y)
    return np.array(runs)  # (count, n_states, n_times)


def ensemble_rows(model):
    params, y0 = heterogeneous(model, N_MEMBERS)
    times = np.linspace(*SPAN, N_TIMES)
    stacked_p = [params[n] for n in model.param_names]
    stacked_y = np.array([y0[n] for n in model.state_names])
    reference = loop_of_solve_ivp(
        model, params, y0, times, N_LOOP, "DOP853", rtol=1e-12, atol=1e-14
    )
    rows = []
    for tol in TOLERANCES:
        label = f"rtol {tol['rtol']:g}"

        def integrate(tol=tol):
            return integrate_ensemble(
                model.compile().rhs_vectorized,
                SPAN,
                stacked_y,
                stacked_p,
                times,
                chunk_size=N_MEMBERS,
                **tol,
            )

        def summarize(tol=tol):
            return simulate_ensemble(
                model, params, y0=y0, t_span=SPAN, n_points=N_TIMES, chunk_size=N_MEMBERS, **tol
            )

        t_integrate = timing.best_of(integrate, repeat=2)
        t_summaries = timing.best_of(summarize, repeat=2)
        start = time.perf_counter()
        single = loop_of_solve_ivp(model, params, y0, times, N_LOOP, **tol)
        loop = (time.perf_counter() - start) * N_MEMBERS / N_LOOP
        ours = np.moveaxis(integrate().y[:, :N_LOOP], 1, 0)
        worst_ours = np.max(np.abs(ours - reference))
        worst_single = np.max(np.abs(single - reference))
        rows += [
            timing.row(f"[{label}] integrate_ensemble, {N_MEMBERS} dyads", t_integrate, unit="s"),
            timing.row(f"[{label}] simulate_ensemble (with summaries)", t_summaries, unit="s"),
            timing.row(f"[{label}] loop of solve_ivp(RK45), extrapolated", loop, unit="s"),
            f"{f'[{label}] ratio loop / integrate (/ with summaries)':<58} "
            f"{loop / t_integrate:10.1f} x  ({loop / t_summaries:.1f} x)   (goal >= 100x)",
            f"{f'[{label}] worst member error: ours / solve_ivp':<58} "
            f"{worst_ours:.2e} / {worst_single:.2e} = {worst_ours / worst_single:.2f}"
            "   (goal <= 2)",
        ]
    return rows


def lab_rows(model):
    lab = IntimacyLab()
    model = lab.model
    values = np.round(np.random.default_rng(11).uniform(*model.param_specs["depth_A"].soft, 60), 2)
    bench_lab.time_ours(lab, values[:5])  # warm-up
    o50, o95 = bench_lab.percentiles(bench_lab.time_ours(lab, values))
    n50, n95 = bench_lab.percentiles(bench_lab.time_naive(model, lab, values))
    return [
        f"{'lab.set, ours: p50 / p95 (bench_lab)':<58} {o50:7.2f} / {o95:6.2f} ms",
        f"{'lab.set, naive: p50 / p95 (bench_lab)':<58} {n50:7.2f} / {n95:6.2f} ms",
        f"{'ratio naive / ours (p50)':<58} {n50 / o50:10.1f} x   (goal >= 8x)",
    ]


def pool_rows(model):
    grid = {"gain_A": np.linspace(0, 20, 100), "learning": np.linspace(0.05, 2, 100)}
    options = {"t_span": SPAN, "n_points": N_TIMES, "chunk_size": 2500, **TOLERANCES[1]}
    start = time.perf_counter()
    here = sweep(model, grid, **options)
    in_process = time.perf_counter() - start
    with ProcessPoolExecutor(2) as pool:
        sweep(model, {"gain_A": [1.0, 2.0]}, executor=pool, n_points=11)  # start the workers
        start = time.perf_counter()
        there = sweep(model, grid, executor=pool, **options)
        pooled = time.perf_counter() - start
    same = np.array_equal(here.long_run("trust_A"), there.long_run("trust_A"))
    return [
        timing.row("sweep 100 x 100 (10,000 members), in-process", in_process, unit="s"),
        timing.row("sweep 100 x 100, process pool of 2", pooled, unit="s"),
        f"{'speed-up of the pool of 2 (identical results: ' + str(same) + ')':<58} "
        f"{in_process / pooled:10.2f} x",
    ]


def main():
    model = BenchmarkDyad()
    model.compile()
    rows = ensemble_rows(model) + lab_rows(model) + pool_rows(model)
    print(f"ensemble benchmark ({model.name}, {len(model.state_names)} states, t in {SPAN})")
    for line in rows:
        print(line)


if __name__ == "__main__":
    main()
