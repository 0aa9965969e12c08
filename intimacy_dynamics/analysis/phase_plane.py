"""Phase planes of any model on any 2-D projection: vector field and nullclines.

The other states are held at chosen values (by default their initial values). The
rates are evaluated on a grid in one vectorized call, and each nullcline (the zero level
of one rate) is traced by marching squares into line segments.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from intimacy_dynamics.analysis.common import check_states, projection_grid
from intimacy_dynamics.errors import BadInputError

__all__ = ["PhasePlane", "nullclines", "zero_contour"]


@dataclass
class PhasePlane:
    """Rates of two states on a grid, with the other states held fixed.

    Attributes
    ----------
    x, y : str
        The two states of the projection.
    xs, ys : ndarray
        Grid coordinates.
    dx, dy : ndarray, shape (len(ys), len(xs))
        The rates of ``x`` and ``y`` at each grid point.
    held : dict
        The values at which every other state is held.
    """

    model: object
    params: object
    x: str
    y: str
    xs: np.ndarray
    ys: np.ndarray
    dx: np.ndarray
    dy: np.ndarray
    held: dict[str, float]

    def nullcline(self, state: str) -> np.ndarray:
        """Segments of the nullcline of ``state`` (where its rate is zero), shape (k, 2, 2)."""
        check_states(self.model, [state])
        if state not in (self.x, self.y):
            raise BadInputError(
                f"{state!r} is not one of the plane's states {self.x!r}, {self.y!r}"
            )
        return zero_contour(self.xs, self.ys, self.dx if state == self.x else self.dy)

    def nullcline_lines(self, state: str) -> tuple[list, list]:
        """The nullcline of ``state`` as x and y lists, segments separated by None (for plots)."""
        return _segments_to_lines(self.nullcline(state))

    def direction_field(self, count: int = 17) -> dict[str, list]:
        """Short strokes of equal length along the flow on a ``count`` x ``count`` grid.

        Returns ``{"x": [...], "y": [...]}`` with strokes separated by None.
        """
        return _arrow_field(self, count)

    def trajectories(self, starts, t_span=None, **kwargs) -> list:
        """Simulate from each ``(x, y)`` start, other states as held; returns Trajectories."""
        from intimacy_dynamics.simulation.simulate import simulate

        runs = []
        for start in np.atleast_2d(np.asarray(starts, dtype=float)):
            y0 = {**self.held, self.x: start[0], self.y: start[1]}
            runs.append(simulate(self.model, t_span, self.params, y0=y0, **kwargs))
        return runs

    def figure(self, arrows: int = 17, trajectories=()):
        """Nullclines, a normalized direction field and optional trajectories."""
        from intimacy_dynamics.plotting import PALETTE, base_layout, figure

        fig = figure(base_layout(f"Phase plane of {self.model.name}", self.x, self.y))
        fig.add_scatter(
            **self.direction_field(arrows),
            mode="lines",
            name="direction",
            line={"color": PALETTE["grey"], "width": 1},
            hoverinfo="skip",
        )
        styles = ((self.x, PALETTE["blue"], "solid"), (self.y, PALETTE["vermillion"], "dash"))
        for state, color, dash in styles:
            xs, ys = self.nullcline_lines(state)
            fig.add_scatter(
                x=xs,
                y=ys,
                mode="lines",
                name=f"{state} nullcline",
                line={"color": color, "dash": dash, "width": 2.5},
            )
        for k, run in enumerate(trajectories):
            fig.add_scatter(
                x=run[self.x],
                y=run[self.y],
                mode="lines",
                name=f"trajectory {k + 1}",
                line={"color": PALETTE["black"], "width": 1.5},
            )
        fig.update_xaxes(range=[self.xs[0], self.xs[-1]])
        fig.update_yaxes(range=[self.ys[0], self.ys[-1]])
        return fig


def nullclines(
    model,
    params: Mapping[str, float] | None = None,
    x: str | None = None,
    y: str | None = None,
    *,
    grid: int | tuple[int, int] = 200,
    ranges: Mapping[str, tuple[float, float]] | None = None,
    hold: Mapping[str, float] | None = None,
) -> PhasePlane:
    """Evaluate the rates of ``x`` and ``y`` on a grid, holding the other states.

    Parameters
    ----------
    model : Model
    params : mapping, optional
    x, y : str
        The two states of the projection (default: the first two states).
    grid : int or (int, int)
        Grid points along x and y.
    ranges : mapping, optional
        ``{state: (low, high)}`` for the axes; default: the states' soft ranges.
    hold : mapping, optional
        Values for the other states; default: their initial values.

    Examples
    --------
    >>> import sympy
    >>> from intimacy_dynamics import Model, State
    >>> u, v = sympy.symbols("u v")
    >>> model = Model.from_equations({u: v - u, v: 1 - v},
    ...     states={"u": State(0, bounds=(-2, 2)), "v": State(0, bounds=(-2, 2))})
    >>> plane = nullclines(model, x="u", y="v", grid=101)
    >>> segments = plane.nullcline("v")          # the line v = 1
    >>> bool(np.allclose(segments[:, :, 1], 1.0))
    True
    """
    x, y, xs, ys = projection_grid(model, x, y, grid, ranges, "a phase plane", min_points=3)
    held = dict(zip(model.state_names, model.initial_state(hold), strict=True))
    return _evaluate(model, params, x, y, xs, ys, held)


def _evaluate(model, params, x, y, xs, ys, held) -> PhasePlane:
    param_set = model.params(params)
    X, Y = np.meshgrid(xs, ys)
    states = np.empty((len(held), *X.shape))
    for row, name in enumerate(held):
        states[row] = X if name == x else Y if name == y else held[name]
    names = list(held)
    with np.errstate(all="ignore"):
        rates = model.compile().rhs_vectorized(0.0, states, param_set.as_list())
    dx, dy = rates[names.index(x)], rates[names.index(y)]
    del held[x], held[y]
    return PhasePlane(model, param_set, x, y, xs, ys, dx, dy, held)


def zero_contour(xs: np.ndarray, ys: np.ndarray, field: np.ndarray) -> np.ndarray:
    """Line segments where ``field`` (shape ``(len(ys), len(xs))``) crosses zero.

    Marching squares with linear interpolation along cell edges; ambiguous cells (all
    four edges crossed) are resolved by the sign at the cell's centre.

    Examples
    --------
    >>> xs = ys = np.linspace(-1, 1, 5)
    >>> X, Y = np.meshgrid(xs, ys)
    >>> zero_contour(xs, ys, X - 0.1).shape[1:]  # segments of the line x = 0.1
    (2, 2)
    """
    f = np.where(np.isfinite(field), field, np.nan)
    f = np.where(f == 0, 1e-300, f)  # a grid point exactly on zero counts as positive
    # crossing points on horizontal edges (between columns) and vertical edges (rows)
    with np.errstate(all="ignore"):
        th = f[:, :-1] / (f[:, :-1] - f[:, 1:])
        tv = f[:-1, :] / (f[:-1, :] - f[1:, :])
    h_cross = f[:, :-1] * f[:, 1:] < 0
    v_cross = f[:-1, :] * f[1:, :] < 0
    hx = xs[:-1][None, :] + th * np.diff(xs)[None, :]
    hy = np.broadcast_to(ys[:, None], th.shape)
    vx = np.broadcast_to(xs[None, :], tv.shape)
    vy = ys[:-1][:, None] + tv * np.diff(ys)[:, None]
    # the four edges of each cell: bottom, right, top, left
    edges = [
        (h_cross[:-1, :], hx[:-1, :], hy[:-1, :]),
        (v_cross[:, 1:], vx[:, 1:], vy[:, 1:]),
        (h_cross[1:, :], hx[1:, :], hy[1:, :]),
        (v_cross[:, :-1], vx[:, :-1], vy[:, :-1]),
    ]
    crossed = np.stack([e[0] for e in edges])
    px = np.stack([e[1] for e in edges])
    py = np.stack([e[2] for e in edges])
    count = crossed.sum(axis=0)
    segments = []
    two = count == 2
    if np.any(two):
        order = np.argsort(~crossed[:, two], axis=0, kind="stable")[:2]  # the two crossed edges
        cols = np.nonzero(two)
        a, b = order
        segments.append(
            np.stack(
                [
                    np.stack([px[a, *cols], py[a, *cols]], axis=-1),
                    np.stack([px[b, *cols], py[b, *cols]], axis=-1),
                ],
                axis=1,
            )
        )
    four = np.nonzero(count == 4)
    if four[0].size:
        centre = (f[:-1, :-1] + f[:-1, 1:] + f[1:, :-1] + f[1:, 1:])[four] / 4
        low_left = centre * f[:-1, :-1][four] > 0  # centre agrees with the lower-left corner
        pairs = np.where(low_left[None, :], [[0], [1]], [[0], [3]])  # bottom-right or bottom-left
        others = np.where(low_left[None, :], [[2], [3]], [[2], [1]])
        for first, second in (pairs, others):
            segments.append(
                np.stack(
                    [
                        np.stack([px[first, *four], py[first, *four]], axis=-1),
                        np.stack([px[second, *four], py[second, *four]], axis=-1),
                    ],
                    axis=1,
                )
            )
    return np.concatenate(segments) if segments else np.empty((0, 2, 2))


def _segments_to_lines(segments: np.ndarray) -> tuple[list, list]:
    """Segments as x and y lists with gaps (None) between them, for one plotly trace."""
    xs, ys = [], []
    for (x0, y0), (x1, y1) in segments:
        xs += [x0, x1, None]
        ys += [y0, y1, None]
    return xs, ys


def _arrow_field(plane: PhasePlane, count: int) -> dict:
    """Short, normalized direction strokes on a coarse grid, as one line trace."""
    ix = np.linspace(0, plane.xs.size - 1, count).round().astype(int)
    iy = np.linspace(0, plane.ys.size - 1, count).round().astype(int)
    span_x, span_y = np.ptp(plane.xs), np.ptp(plane.ys)
    xs, ys = [], []
    for j in iy:
        for i in ix:
            u, v = plane.dx[j, i] / span_x, plane.dy[j, i] / span_y
            norm = np.hypot(u, v)
            if not np.isfinite(norm) or norm == 0:
                continue
            x0, y0 = plane.xs[i], plane.ys[j]
            length = 0.4 / count
            x1, y1 = x0 + length * span_x * u / norm, y0 + length * span_y * v / norm
            xs += [x0, x1, None]
            ys += [y0, y1, None]
    return {"x": xs, "y": ys}
