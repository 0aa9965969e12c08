"""``PhasePlaneExplorer``: nullclines, direction field and equilibria; click to start a run.

Made for two-state models (the classic models of love dynamics), and usable on any
2-D projection of a larger model with the other states held. The background is a light
map of how fast the state moves (log scale), which is also what catches clicks: a
click anywhere starts a trajectory there. Parameter controls redraw the nullclines,
field and equilibria, and re-run the trajectories from their starts.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence

import ipywidgets as w
import numpy as np

from intimacy_dynamics.analysis.phase_plane import nullclines
from intimacy_dynamics.analysis.steady_states import equilibria
from intimacy_dynamics.errors import IntimacyDynamicsError
from intimacy_dynamics.plotting import PALETTE, apply_config, base_layout
from intimacy_dynamics.simulation.simulate import simulate
from intimacy_dynamics.widgets.controls import ControlPanel

__all__ = ["PhasePlaneExplorer"]

_MAX_RUNS = 8


class PhasePlaneExplorer:
    """An interactive phase plane of ``x`` against ``y``.

    Parameters
    ----------
    model : Model
    x, y : str
        The two states (default: the first two).
    params : sequence of str, optional
        Parameters with controls (default: all).
    values : mapping, optional
        Starting parameter values.
    hold : mapping, optional
        Values of the other states (for models with more than two).
    starts : sequence of (x, y), optional
        Trajectories to draw at first.
    grid : int
        Resolution of the nullcline grid.

    Examples
    --------
    >>> from intimacy_dynamics.classic import strogatz
    >>> explorer = PhasePlaneExplorer(strogatz(a=-1.0, b=2.0, c=2.0, d=-1.0))
    >>> explorer.click(0.5, 0.2)             # what a click on the plane does
    >>> len(explorer.runs), explorer.equilibria[0].kind
    (1, 'saddle')
    """

    def __init__(
        self,
        model,
        x: str | None = None,
        y: str | None = None,
        *,
        params: Sequence[str] | None = None,
        values: Mapping[str, float] | None = None,
        hold: Mapping[str, float] | None = None,
        starts: Sequence[tuple[float, float]] = (),
        grid: int = 121,
        t_span: tuple[float, float] | None = None,
    ):
        self.model, self.grid, self.hold = model, grid, dict(hold or {})
        names = model.state_names
        self.x, self.y = x or names[0], y or names[1]
        self.t_span = t_span or model.t_span
        base = model.params(values)
        chosen = model.param_names if params is None else params
        self.controls = ControlPanel([model.param_specs[n] for n in chosen], base, "Parameters")
        self._fixed = base
        self.starts: list[tuple[float, float]] = [tuple(map(float, s)) for s in starts]
        self.message = w.HTML()
        self._compute()
        self.figure = self._build()
        self.figure.data[0].on_click(self._on_click)
        clear = w.Button(
            description="Clear trajectories",
            icon="eraser",
            tooltip="Remove the trajectories started by clicking",
        )
        clear.on_click(lambda _: self.clear())
        hint = w.HTML("<i>Click anywhere on the plane to start a trajectory there.</i>")
        self.widget = w.VBox(
            [w.HBox([clear, hint]), self.figure, self.message, self.controls.widget]
        )
        self.controls.observe(lambda change: self.redraw())
        self.message.value = self.describe()

    # ------------------------------------------------------------------- state
    def current_params(self):
        """The parameter set the controls describe."""
        return self._fixed.evolve(**self.controls.values())

    def _compute(self) -> None:
        params = self.current_params()
        self.plane = nullclines(self.model, params, self.x, self.y, grid=self.grid, hold=self.hold)
        box = {n: self.model.state_specs[n].soft for n in (self.x, self.y)}
        self.equilibria = [
            e
            for e in equilibria(self.model, params, box=box, n_starts=32)
            if all(np.isclose(e.state[k], v) for k, v in self.plane.held.items())
        ]
        self.runs = [self._run(start) for start in self.starts]

    def _run(self, start):
        y0 = {**self.plane.held, self.x: start[0], self.y: start[1]}
        return simulate(
            self.model, self.t_span, self.current_params(), y0=y0, n_points=601, check_bounds=False
        )

    # ----------------------------------------------------------------- actions
    def click(self, x: float, y: float) -> None:
        """Start a trajectory at ``(x, y)`` (what clicking the plane does)."""
        self.starts = [*self.starts, (float(x), float(y))][-_MAX_RUNS:]
        try:
            self.runs = [*self.runs, self._run(self.starts[-1])][-_MAX_RUNS:]
        except IntimacyDynamicsError as exc:
            self.starts.pop()
            self.message.value = f"<b>Cannot start there:</b> {html.escape(str(exc))}"
            return
        self._draw_runs()

    def clear(self) -> None:
        """Remove every trajectory."""
        self.starts, self.runs = [], []
        self._draw_runs()

    def redraw(self) -> None:
        """Recompute everything for the current parameters."""
        try:
            self._compute()
        except IntimacyDynamicsError as exc:
            self.message.value = f"<b>Cannot draw these settings:</b> {html.escape(str(exc))}"
            return
        with self.figure.batch_update():
            self._fill(self.figure)
        self.message.value = self.describe()

    def _on_click(self, trace, points, state) -> None:
        if points.xs:
            self.click(points.xs[0], points.ys[0])

    def describe(self) -> str:
        """The equilibria in words."""
        if not self.equilibria:
            return "No equilibrium in view."
        parts = [
            f"{e.kind} at ({e.state[self.x]:.3g}, {e.state[self.y]:.3g})" for e in self.equilibria
        ]
        return "<b>Equilibria:</b> " + "; ".join(parts) + "."

    # ----------------------------------------------------------------- drawing
    def _traces(self) -> list[dict]:
        plane = self.plane
        with np.errstate(all="ignore"):
            speed = np.log10(
                np.hypot(plane.dx / np.ptp(plane.xs), plane.dy / np.ptp(plane.ys)) + 1e-12
            )
        field = plane.direction_field(21)
        traces = [
            {
                "type": "heatmap",
                "x": plane.xs,
                "y": plane.ys,
                "z": speed,
                "showscale": False,
                "colorscale": [[0, "#ffffff"], [1, "#dfe7ef"]],
                "name": "speed (log)",
                "hovertemplate": "click to start here<extra></extra>",
            },
            {
                "type": "scatter",
                "mode": "lines",
                "name": "direction",
                **field,
                "line": {"color": PALETTE["grey"], "width": 1},
                "hoverinfo": "skip",
            },
        ]
        styles = ((self.x, PALETTE["blue"], "solid"), (self.y, PALETTE["vermillion"], "dash"))
        for state, colour, dash in styles:
            xs, ys = plane.nullcline_lines(state)
            label = self.model.spec(state).display_label
            traces.append(
                {
                    "type": "scatter",
                    "mode": "lines",
                    "x": xs,
                    "y": ys,
                    "name": f"{label} does not change",
                    "line": {"color": colour, "dash": dash, "width": 3},
                }
            )
        for stable, symbol in ((True, "circle"), (False, "circle-open")):
            points = [e for e in self.equilibria if e.stable == stable]
            traces.append(
                {
                    "type": "scatter",
                    "mode": "markers",
                    "name": "stable equilibrium" if stable else "unstable equilibrium",
                    "x": [e.state[self.x] for e in points],
                    "y": [e.state[self.y] for e in points],
                    "text": [e.kind for e in points],
                    "marker": {
                        "symbol": symbol,
                        "size": 13,
                        "color": PALETTE["black"],
                        "line": {"width": 2},
                    },
                }
            )
        return traces

    def _run_trace(self, k: int) -> dict:
        run = self.runs[k] if k < len(self.runs) else None
        return {"x": [] if run is None else run[self.x], "y": [] if run is None else run[self.y]}

    def _build(self):
        import plotly.graph_objects as go

        sx, sy = self.model.state_specs[self.x], self.model.state_specs[self.y]
        fig = go.Figure(
            layout=base_layout(
                f"Phase plane of {self.model.name}", sx.display_label, sy.display_label, height=560
            )
        )
        for trace in self._traces():
            fig.add_trace(trace)
        for k in range(_MAX_RUNS):
            fig.add_scatter(
                **self._run_trace(k),
                mode="lines",
                name="trajectory",
                showlegend=k == 0,
                legendgroup="runs",
                line={"color": PALETTE["black"], "width": 1.8},
            )
        fig.update_xaxes(range=[self.plane.xs[0], self.plane.xs[-1]])
        fig.update_yaxes(range=[self.plane.ys[0], self.plane.ys[-1]])
        return apply_config(go.FigureWidget(fig))

    def _fill(self, fig) -> None:
        for trace, data in zip(fig.data, self._traces(), strict=False):
            for key in ("x", "y", "z", "text"):
                if key in data:
                    setattr(trace, key, data[key])
        self._fill_runs(fig)

    def _fill_runs(self, fig) -> None:
        first = len(fig.data) - _MAX_RUNS
        for k in range(_MAX_RUNS):
            data = self._run_trace(k)
            fig.data[first + k].x, fig.data[first + k].y = data["x"], data["y"]

    def _draw_runs(self) -> None:
        with self.figure.batch_update():
            self._fill_runs(self.figure)

    def _ipython_display_(self):
        from IPython.display import display

        display(self.widget)
