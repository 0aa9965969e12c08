"""Sustained oscillations measured from simulation: limit cycles and orbit diagrams.

No collocation: a run (or, for an orbit diagram, one run per parameter value, all at
once) is integrated past its transient, and the late part of the series is measured:
extremes, amplitude, and the period from the spacing of upward crossings of the
mid-level. This answers "does it oscillate, how widely and how fast" for any model.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from intimacy_dynamics.analysis.common import check_param, check_states
from intimacy_dynamics.core.limits import MAX_MEMBERS, as_float_array
from intimacy_dynamics.core.model import check_model
from intimacy_dynamics.core.validation import as_finite_float, check_count
from intimacy_dynamics.ensemble.integrator import (
    DEFAULT_CHUNK,
    DEFAULT_ENSEMBLE_BUDGET,
    integrate_ensemble,
)
from intimacy_dynamics.ensemble.runner import check_chunk_size, run_chunks
from intimacy_dynamics.errors import BadInputError, IntegrationError
from intimacy_dynamics.simulation.simulate import simulate
from intimacy_dynamics.simulation.times import check_t_span, output_times

__all__ = ["CycleMeasure", "OrbitDiagram", "limit_cycle", "measure_oscillation", "orbit_diagram"]


@dataclass(frozen=True)
class CycleMeasure:
    """Late-time behaviour of one state: oscillating or not, and how."""

    oscillating: bool
    minimum: float
    maximum: float
    period: float | None

    @property
    def amplitude(self) -> float:
        """Half the distance between the late-time extremes."""
        return (self.maximum - self.minimum) / 2


def measure_oscillation(
    t: np.ndarray, x: np.ndarray, threshold: float, min_crossings: int = 3
) -> CycleMeasure:
    """Measure a series: extremes, and the mean period if it swings by over ``threshold``.

    The period is the mean spacing of upward crossings of the mid-level (linearly
    interpolated); at least ``min_crossings`` (two or more) are needed to call it a
    sustained oscillation.

    Examples
    --------
    >>> t = np.linspace(0, 30, 3001)
    >>> m = measure_oscillation(t, 2 + np.sin(2 * np.pi * t / 5), threshold=0.01)
    >>> m.oscillating, round(m.period, 3), round(m.amplitude, 3)
    (True, 5.0, 1.0)
    """
    low, high = float(np.min(x)), float(np.max(x))
    if not np.all(np.isfinite(x)) or high - low <= 2 * threshold:
        return CycleMeasure(False, low, high, None)
    middle = (low + high) / 2
    below = x[:-1] < middle
    up = np.nonzero(below & (x[1:] >= middle))[0]
    if up.size < max(min_crossings, 2):
        return CycleMeasure(False, low, high, None)
    crossing = t[up] + (middle - x[up]) / (x[up + 1] - x[up]) * (t[up + 1] - t[up])
    return CycleMeasure(True, low, high, float(np.mean(np.diff(crossing))))


def limit_cycle(
    model,
    params: Mapping[str, float] | None = None,
    state: str | None = None,
    *,
    y0: Mapping[str, float] | None = None,
    t_span: tuple[float, float] | None = None,
    transient: float = 0.5,
    n_points: int = 4001,
) -> CycleMeasure:
    """Simulate and measure the late-time oscillation of ``state``.

    Parameters
    ----------
    transient : float
        The fraction of the run discarded before measuring.

    Examples
    --------
    >>> import sympy
    >>> from intimacy_dynamics import Model, Param, State
    >>> x, y, mu = sympy.symbols("x y mu")
    >>> r2 = x**2 + y**2
    >>> hopf = Model.from_equations({x: mu * x - y - x * r2, y: x + mu * y - y * r2},
    ...     params={mu: Param(0.25, bounds=(-1, 1))}, t_span=(0, 200),
    ...     states={"x": State(0.1, bounds=(-2, 2)), "y": State(0, bounds=(-2, 2))})
    >>> cycle = limit_cycle(hopf, state="x")   # radius sqrt(mu), period 2π
    >>> round(cycle.amplitude, 3), round(cycle.period, 3)
    (0.5, 6.283)
    """
    check_model(model)
    state = check_states(model, [state or model.state_names[0]])[0]
    transient = as_finite_float(transient, "transient", (0.0, 0.95))
    run = simulate(model, t_span, params, y0=y0, n_points=n_points, rtol=1e-8, atol=1e-10)
    late = run.t >= run.t[0] + transient * (run.t[-1] - run.t[0])
    return measure_oscillation(run.t[late], run[state][late], _threshold(model, state))


def _threshold(model, state) -> float:
    soft = model.state_specs[state].soft
    return 1e-3 * (soft[1] - soft[0])


@dataclass
class OrbitDiagram:
    """Late-time extremes, amplitude and period of one state across a parameter sweep."""

    model: object
    name: str
    state: str
    values: np.ndarray
    measures: list[CycleMeasure]

    @property
    def minima(self) -> np.ndarray:
        """Late-time minimum at each parameter value."""
        return np.array([m.minimum for m in self.measures])

    @property
    def maxima(self) -> np.ndarray:
        """Late-time maximum at each parameter value."""
        return np.array([m.maximum for m in self.measures])

    @property
    def amplitudes(self) -> np.ndarray:
        """Half the late-time range at each parameter value."""
        return np.array([m.amplitude for m in self.measures])

    @property
    def periods(self) -> np.ndarray:
        """Period at each value (NaN where the state does not oscillate)."""
        return np.array([np.nan if m.period is None else m.period for m in self.measures])

    @property
    def oscillating(self) -> np.ndarray:
        """Whether the state oscillates at each value."""
        return np.array([m.oscillating for m in self.measures])

    def figure(self, mark: float | None = None):
        """Late-time extremes against the parameter, optionally marking one value."""
        from intimacy_dynamics.plotting import PALETTE, base_layout, figure

        fig = figure(base_layout(f"Orbit diagram of {self.model.name}", self.name, self.state))
        for label, data, dash in (
            ("late maximum", self.maxima, "solid"),
            ("late minimum", self.minima, "dash"),
        ):
            fig.add_scatter(
                x=self.values,
                y=data,
                mode="lines+markers",
                name=label,
                line={"color": PALETTE["blue"], "dash": dash},
                marker={"size": 4},
            )
        if mark is not None:
            fig.add_vline(x=mark, line={"color": PALETTE["vermillion"], "dash": "dot"})
        return fig


def orbit_diagram(
    model,
    params: Mapping[str, float] | None,
    name: str,
    values: Sequence[float],
    state: str | None = None,
    *,
    y0: Mapping[str, float] | None = None,
    t_span: tuple[float, float] | None = None,
    transient: float = 0.5,
    n_points: int = 2001,
    executor=None,
    progress: bool = False,
    chunk_size: int = DEFAULT_CHUNK,
    budget: int = DEFAULT_ENSEMBLE_BUDGET,
) -> OrbitDiagram:
    """Sweep parameter ``name`` over ``values`` and measure ``state``'s late behaviour.

    The values are integrated together (one ensemble member per value), in chunks of
    ``chunk_size`` members; each chunk returns only its measures. ``executor`` (any
    :class:`concurrent.futures.Executor`, e.g. a process pool or a ``dask.distributed``
    client's ``get_executor()``) runs the chunks elsewhere; ``progress`` shows a bar.
    ``budget`` bounds each chunk's evaluations of the rates (see
    :mod:`~intimacy_dynamics.ensemble.integrator`).

    Examples
    --------
    >>> import sympy
    >>> from intimacy_dynamics import Model, Param, State
    >>> x, y, mu = sympy.symbols("x y mu")
    >>> r2 = x**2 + y**2
    >>> hopf = Model.from_equations({x: mu * x - y - x * r2, y: x + mu * y - y * r2},
    ...     params={mu: Param(0.0, bounds=(-1, 1))}, t_span=(0, 300),
    ...     states={"x": State(0.1, bounds=(-2, 2)), "y": State(0, bounds=(-2, 2))})
    >>> diagram = orbit_diagram(hopf, None, "mu", [-0.2, 0.09, 0.36], "x")
    >>> np.round(diagram.amplitudes, 3)   # 0 below the Hopf, sqrt(mu) above
    array([0. , 0.3, 0.6])
    """
    check_model(model)
    name = check_param(model, name)
    state = check_states(model, [state or model.state_names[0]])[0]
    values = _parameter_values(model, name, values)
    t0, t1 = check_t_span(model.t_span if t_span is None else t_span)
    transient = as_finite_float(transient, "transient", (0.0, 0.95))
    per_time = len(model.state_names) * min(values.size, check_chunk_size(chunk_size))
    late = (t0 + transient * (t1 - t0), t1)
    times = output_times(None, late, n_points, numbers_each=per_time)
    p = model.params(params).as_list()
    p[model.param_names.index(name)] = values
    y_start = np.repeat(np.array(model.initial_state(y0))[:, None], values.size, axis=1)
    row, threshold = model.state_names.index(state), _threshold(model, state)
    shared = (model, (t0, t1), times, row, threshold, check_count(budget, "budget"))
    parts = run_chunks(
        _orbit_chunk,
        shared,
        {"y0": y_start, "p": p},
        values.size,
        chunk_size=check_chunk_size(chunk_size),
        executor=executor,
        progress=progress,
        description="orbit diagram",
    )
    failed = np.concatenate([part[0] for part in parts])
    if np.any(failed):
        bad = values[failed]
        raise IntegrationError(f"integration failed for {name} = {', '.join(map(str, bad))}")
    measures = [measure for part in parts for measure in part[1]]
    return OrbitDiagram(model, name, state, values, measures)


def _parameter_values(model, name: str, values) -> np.ndarray:
    """The swept values of parameter ``name``: numbers inside its bounds, at least one."""
    values = as_float_array(values, "values", maximum=MAX_MEMBERS).ravel()
    if values.size == 0:
        raise BadInputError("values must hold at least one parameter value")
    for value in values:
        as_finite_float(value, f"value of {name!r}", model.param_specs[name].bounds)
    return values


def _orbit_chunk(shared, chunk):
    """Task for one chunk of parameter values: failure flags and late-time measures."""
    model, span, times, row, threshold, budget = shared
    sol = integrate_ensemble(
        model.compile().rhs_vectorized,
        span,
        chunk["y0"],
        chunk["p"],
        times,
        rtol=1e-8,
        atol=1e-10,
        chunk_size=max(chunk["y0"].shape[1], 1),
        budget=budget,
    )
    measures = [measure_oscillation(times, sol.y[row, k], threshold) for k in range(sol.y.shape[1])]
    return sol.failed, measures
