"""Basins of attraction on a 2-D projection of initial states.

A grid of initial states (two states varied, the others held) is integrated at once
with the vectorized ensemble integrator. Each end state is assigned to the nearest
stable equilibrium, or marked as not settled (still moving: a cycle, or slow) or
diverged.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from intimacy_dynamics.analysis.common import projection_grid
from intimacy_dynamics.analysis.steady_states import Equilibrium, equilibria
from intimacy_dynamics.core.validation import as_finite_float, check_count
from intimacy_dynamics.ensemble.integrator import (
    DEFAULT_CHUNK,
    DEFAULT_ENSEMBLE_BUDGET,
    integrate_ensemble,
)
from intimacy_dynamics.ensemble.runner import check_chunk_size, run_chunks
from intimacy_dynamics.simulation.times import check_t_span

__all__ = ["NOT_SETTLED", "BasinMap", "basins"]

NOT_SETTLED, DIVERGED = -1, -2


@dataclass
class BasinMap:
    """Which attractor each initial state on a grid ends at.

    Attributes
    ----------
    xs, ys : ndarray
        Grid of initial values of states ``x`` and ``y``.
    labels : ndarray of int, shape (len(ys), len(xs))
        Index into :attr:`attractors`; ``-1`` not settled, ``-2`` diverged.
    attractors : list of Equilibrium
        The stable equilibria the labels refer to.
    final : ndarray, shape (n_states, len(ys), len(xs))
        End states.
    """

    model: object
    params: object
    x: str
    y: str
    xs: np.ndarray
    ys: np.ndarray
    labels: np.ndarray
    attractors: list[Equilibrium]
    final: np.ndarray

    @property
    def fractions(self) -> dict[int, float]:
        """Share of the grid ending at each attractor (and at -1, -2 if any)."""
        values, counts = np.unique(self.labels, return_counts=True)
        return {int(v): float(c) / self.labels.size for v, c in zip(values, counts, strict=True)}

    def label_at(self, x: float, y: float) -> int:
        """The label of the grid point nearest ``(x, y)``."""
        return int(self.labels[np.argmin(np.abs(self.ys - y)), np.argmin(np.abs(self.xs - x))])

    def figure(self):
        """The basins as a categorical map with the attractors marked."""
        from intimacy_dynamics.plotting import PALETTE, SEQUENCE, base_layout, figure

        fig = figure(base_layout(f"Basins of attraction of {self.model.name}", self.x, self.y))
        colours = {NOT_SETTLED: PALETTE["grey"], DIVERGED: PALETTE["black"]}
        for k in range(len(self.attractors)):
            colours[k] = SEQUENCE[k % len(SEQUENCE)]
        names = {NOT_SETTLED: "not settled", DIVERGED: "diverged"}
        for label, share in self.fractions.items():
            rows, cols = np.nonzero(self.labels == label)
            name = names.get(label, f"attractor {label + 1}")
            fig.add_scatter(
                x=self.xs[cols],
                y=self.ys[rows],
                mode="markers",
                name=f"{name} ({share:.0%})",
                marker={"symbol": "square", "size": 6, "color": colours[label], "opacity": 0.55},
            )
        fig.add_scatter(
            x=[a.state[self.x] for a in self.attractors],
            y=[a.state[self.y] for a in self.attractors],
            mode="markers",
            name="stable equilibria",
            marker={
                "symbol": "star",
                "size": 16,
                "color": PALETTE["yellow"],
                "line": {"width": 1.5, "color": PALETTE["black"]},
            },
        )
        return fig


def basins(
    model,
    params: Mapping[str, float] | None = None,
    x: str | None = None,
    y: str | None = None,
    *,
    grid: int | tuple[int, int] = 41,
    ranges: Mapping[str, tuple[float, float]] | None = None,
    hold: Mapping[str, float] | None = None,
    t_end: float | None = None,
    tolerance: float = 0.02,
    rtol: float = 1e-5,
    atol: float = 1e-8,
    executor=None,
    progress: bool = False,
    chunk_size: int = DEFAULT_CHUNK,
    budget: int = DEFAULT_ENSEMBLE_BUDGET,
) -> BasinMap:
    """Integrate a grid of initial states and classify where each ends.

    Parameters
    ----------
    model, params
        The model and its parameters.
    x, y : str
        The two states varied on the grid (default: the first two).
    grid : int or (int, int)
        Grid points along x and y.
    ranges : mapping, optional
        ``{state: (low, high)}``; default: the states' soft ranges.
    hold : mapping, optional
        Initial values of the other states; default: their defaults.
    t_end : float, optional
        How long to integrate; default: the end of ``model.t_span``.
    tolerance : float
        An end state belongs to an equilibrium when every state is within this
        fraction of its soft range of it.
    executor : concurrent.futures.Executor, optional
        Where the chunks of grid points are integrated (in-process by default; a
        process pool, or a ``dask.distributed`` client's ``get_executor()``).
    progress : bool
        Show a progress bar.
    chunk_size : int
        Grid points integrated together (and sent to the executor as one task).
    budget : int
        Evaluations of the rates each chunk may use (see
        :mod:`~intimacy_dynamics.ensemble.integrator`).

    Examples
    --------
    >>> import sympy
    >>> from intimacy_dynamics import Model, State
    >>> u, v = sympy.symbols("u v")
    >>> switch = Model.from_equations({u: u - u**3, v: -v}, t_span=(0, 20),
    ...     states={"u": State(0, bounds=(-2, 2)), "v": State(0, bounds=(-2, 2))})
    >>> found = basins(switch, x="u", y="v", grid=20)
    >>> {k: round(share, 2) for k, share in found.fractions.items()}
    {0: 0.5, 1: 0.5}
    """
    x, y, xs, ys = projection_grid(model, x, y, grid, ranges, "a basin map")
    nx, ny = xs.size, ys.size
    tolerance = as_finite_float(tolerance, "tolerance", (1e-9, 1.0))
    t_end = model.t_span[1] if t_end is None else as_finite_float(t_end, "t_end", (1e-9, np.inf))
    check_t_span((0.0, t_end))
    run = {
        "executor": executor,
        "progress": progress,
        "chunk_size": check_chunk_size(chunk_size),
        "budget": check_count(budget, "budget"),
    }
    final, moving = _end_states(model, params, x, y, xs, ys, hold, t_end, rtol, atol, run)
    attractors = equilibria(model, params).stable
    labels = _classify(model, final, moving, attractors, tolerance)
    shape = (ny, nx)
    return BasinMap(
        model,
        model.params(params),
        x,
        y,
        xs,
        ys,
        labels.reshape(shape),
        attractors,
        final.reshape(len(model.state_names), *shape),
    )


def _end_states(model, params, x, y, xs, ys, hold, t_end, rtol, atol, run):
    X, Y = np.meshgrid(xs, ys)
    base = np.array(model.initial_state(hold))
    y0 = np.repeat(base[:, None], X.size, axis=1)
    y0[model.state_names.index(x)] = X.ravel()
    y0[model.state_names.index(y)] = Y.ravel()
    p = model.params(params).as_list()
    shared = (model, p, t_end, rtol, atol, run["budget"])
    parts = run_chunks(
        _end_state_chunk,
        shared,
        {"y0": y0},
        y0.shape[1],
        chunk_size=run["chunk_size"],
        executor=run["executor"],
        progress=run["progress"],
        description="basins",
    )
    final = np.concatenate([part[0] for part in parts], axis=1)
    moving = np.concatenate([part[1] for part in parts])
    return final, moving


def _end_state_chunk(shared, chunk):
    """Task for one chunk of grid points: end states, and whether each still moves."""
    model, p, t_end, rtol, atol, budget = shared
    compiled = model.compile()
    sol = integrate_ensemble(
        compiled.rhs_vectorized,
        (0.0, t_end),
        chunk["y0"],
        p,
        np.array([t_end]),
        rtol=rtol,
        atol=atol,
        chunk_size=max(chunk["y0"].shape[1], 1),
        budget=budget,
    )
    final = sol.y[:, :, -1]
    with np.errstate(all="ignore"):
        rates = compiled.rhs_vectorized(t_end, final, p)
    widths = np.array([s.soft[1] - s.soft[0] for s in model.state_specs.values()])
    moving = np.max(np.abs(rates) / widths[:, None], axis=0) * t_end > 0.05
    final[:, sol.failed] = np.nan
    return final, moving


def _classify(model, final, moving, attractors, tolerance) -> np.ndarray:
    widths = np.array([s.soft[1] - s.soft[0] for s in model.state_specs.values()])
    labels = np.full(final.shape[1], NOT_SETTLED)
    if attractors:
        centres = np.array([a.vector for a in attractors])  # (k, n)
        distance = np.max(np.abs(final.T[:, None, :] - centres[None]) / widths, axis=2)
        nearest = np.argmin(distance, axis=1)
        close = distance[np.arange(final.shape[1]), nearest] <= tolerance
        labels = np.where(close & ~moving, nearest, NOT_SETTLED)
    labels[~np.all(np.isfinite(final), axis=0)] = DIVERGED
    return labels
