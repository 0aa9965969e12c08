"""Lab benchmark: in-kernel time of a programmatic ``lab.set(...)``, against a naive handler.

Run: ``python benchmarks/bench_lab.py`` (or ``make bench``).

* ours: ``IntimacyLab.set(depth_A=value)`` over 60 random values across the slider's
  whole range, timed from the call to its return. That covers validation, the kernel's
  run (``simulate`` at plot accuracy), the new values sent to the in-page plot, the
  phase view's one message and the readout. (A slider moved in the page never waits for
  this: the page draws on its own, and the kernel hears the settled value.)
* naive: what a first notebook would do: ``solve_ivp(method="RK45")`` on
  ``sympy.lambdify`` without cse, then rebuilding the figure's traces (``fig.data = []``
  and one ``add_scatter`` per line).
Both draw into widgets without a browser attached.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import timing  # first: it pins BLAS threads before numpy loads

import time

import numpy as np
import plotly.graph_objects as go
from scipy.integrate import solve_ivp

from bench_core import naive_rhs
from intimacy_dynamics.widgets import IntimacyLab

SLIDER = "depth_A"


def percentiles(samples):
    return np.percentile(np.asarray(samples) * 1e3, [50, 95])


def time_ours(lab, values):
    durations = []
    for value in values:
        start = time.perf_counter()
        lab.set(**{SLIDER: float(value)})
        durations.append(time.perf_counter() - start)
    return durations


def time_naive(model, lab, values):
    rhs = naive_rhs(model)
    names = lab.plot.figure["names"]
    fig = go.FigureWidget()
    y0 = np.array(model.initial_state())
    times = np.linspace(*model.t_span, lab.simulation_options["n_points"])  # the lab's times
    index = model.param_names.index(SLIDER)
    durations = []
    for value in values:
        start = time.perf_counter()
        p = model.params().as_list()
        p[index] = value
        sol = solve_ivp(rhs, model.t_span, y0, "RK45", t_eval=times, args=(p,))
        fig.data = []
        for name in names:
            row = model.state_names.index(name)
            fig.add_scatter(x=sol.t, y=sol.y[row], mode="lines", name=name)
        durations.append(time.perf_counter() - start)
    return durations


def main():
    lab = IntimacyLab()
    model = lab.model
    soft = model.param_specs[SLIDER].soft
    rng = np.random.default_rng(11)
    values = np.round(rng.uniform(*soft, 60), 2)
    time_ours(lab, values[:5])  # warm-up
    ours = time_ours(lab, values)
    naive = time_naive(model, lab, values)
    o50, o95 = percentiles(ours)
    n50, n95 = percentiles(naive)
    print(
        f"lab benchmark ({model.name}, {len(lab.plot.figure['names'])} lines in the page + "
        f"phase view, {lab.simulation_options['n_points']} points, lab.set({SLIDER}=...), "
        f"{len(values)} calls; {timing.machine_load()})"
    )
    label = "ours: p50 / p95 of lab.set, in the kernel"
    print(f"{label:<58} {o50:7.2f} / {o95:6.2f} ms   (goal p95 <= 25)")
    print(f"{'naive: p50 / p95':<58} {n50:7.2f} / {n95:6.2f} ms")
    print(f"{'ratio naive / ours (p50)':<58} {n50 / o50:10.1f} x   (goal >= 8x)")


if __name__ == "__main__":
    main()
