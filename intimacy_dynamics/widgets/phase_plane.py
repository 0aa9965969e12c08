"""``PhasePlaneExplorer``: nullclines, direction field and equilibria; click to start a run.

Made for two-state models (the classic models of love dynamics), and usable on any
2-D projection of a larger model with the other states held. The background is a light
map of how fast the state moves (log scale), which is also what catches clicks: a
click anywhere starts a trajectory there. Parameter controls redraw the nullclines,
field and equilibria, and re-run the trajectories from their starts.

Everything here is analysis computed in the kernel (nullclines on a grid, equilibria
found from many starts), so the plane is a kernel figure, redrawn once a control moves.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import ClassVar

import ipywidgets as w
import numpy as np

from intimacy_dynamics.analysis.phase_plane import PhasePlane, nullclines
from intimacy_dynamics.analysis.steady_states import equilibria
from intimacy_dynamics.core.quantities import Setting
from intimacy_dynamics.core.validation import check_known_name
from intimacy_dynamics.errors import StateError
from intimacy_dynamics.plotting import PALETTE, base_layout
from intimacy_dynamics.simulation.scenario import Scenario
from intimacy_dynamics.widgets.explorer import Explorer, Settings
from intimacy_dynamics.widgets.figures import named_widget

__all__ = ["PhasePlaneExplorer", "PhasePortrait"]

#: The most trajectories drawn at once (the oldest goes first).
MAX_RUNS = 8
_SPEED, _FIELD, _STABLE, _UNSTABLE = "speed", "direction", "stable", "unstable"


@dataclass(frozen=True)
class PhasePortrait:
    """What the plane shows for one setting: the rates, the equilibria in view, the runs."""

    plane: PhasePlane
    equilibria: list
    runs: list


class PhasePlaneExplorer(Explorer):
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
        Points per axis of the grid the nullclines are traced on.
    t_span : (float, float), optional
        How long each trajectory runs (default: the model's span).

    Examples
    --------
    >>> from intimacy_dynamics.classic import strogatz
    >>> explorer = PhasePlaneExplorer(strogatz(a=-1.0, b=2.0, c=2.0, d=-1.0))
    >>> explorer.click(0.5, 0.2)             # what a click on the plane does
    >>> len(explorer.runs), explorer.equilibria[0].kind
    (1, 'saddle')
    """

    own_settings: ClassVar[dict[str, Setting]] = {
        "grid": Setting(
            121,
            bounds=(21, 401),
            step=1,
            integer=True,
            label="Nullcline grid",
            unit="points per axis",
            doc="How finely the plane is sampled to trace where each state stands still.",
        ),
    }

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
        names = model.state_names
        self.x, self.y = (
            check_known_name(name, names, "state", model.name, StateError)
            for name in (x or names[0], y or names[1])
        )
        self.starts: list[tuple[float, float]] = [tuple(map(float, s)) for s in starts]
        self._analysis: tuple | None = None
        scenario = Scenario(
            "phase plane",
            model=model.name,
            params=dict(values or {}),
            y0=dict(hold or {}),
            t_span=t_span,
        )
        super().__init__(
            model,
            scenario=scenario,
            controls=model.param_names if params is None else params,
            simulation={"n_points": 601, "rtol": 1e-6, "atol": 1e-9, "check_bounds": False},
            grid=grid,
        )
        speed = next(trace for trace in self.figure.data if trace.meta == _SPEED)
        speed.on_click(self._on_click)

    # -------------------------------------------------------------- contract
    def compute(self, settings: Settings) -> PhasePortrait:
        """The plane, its equilibria and a run from every start, for ``settings``."""
        plane, found = self._plane(settings)
        runs = [
            self.simulate(settings, y0={**plane.held, self.x: sx, self.y: sy})
            for sx, sy in self.starts
        ]
        return PhasePortrait(plane, found, runs)

    def _plane(self, settings: Settings) -> tuple[PhasePlane, list]:
        """Nullclines and equilibria (kept while the parameters and grid stay the same)."""
        hold = {n: v for n, v in settings.y0.items() if n not in (self.x, self.y)}
        key = (tuple(settings.params.to_dict().items()), settings["grid"], tuple(hold.items()))
        if self._analysis is None or self._analysis[0] != key:
            model, params = self.model, settings.params
            plane = nullclines(model, params, self.x, self.y, grid=settings["grid"], hold=hold)
            box = {n: model.state_specs[n].soft for n in (self.x, self.y)}
            found = [
                e
                for e in equilibria(model, params, box=box, n_starts=32)
                if all(np.isclose(e.state[k], v) for k, v in plane.held.items())
            ]
            self._analysis = (key, plane, found)
        return self._analysis[1], self._analysis[2]

    def build(self, result: PhasePortrait) -> dict:
        """The plane: speed map, direction field, nullclines, equilibria, trajectories."""
        import plotly.graph_objects as go

        sx, sy = self.model.state_specs[self.x], self.model.state_specs[self.y]
        fig = go.Figure(
            layout=base_layout(
                f"Phase plane of {self.model.name}", sx.display_label, sy.display_label, height=560
            )
        )
        data = self.traces(result)["plane"]
        fig.add_heatmap(
            **data[_SPEED],
            showscale=False,
            colorscale=[[0, "#ffffff"], [1, "#dfe7ef"]],
            name="speed (log)",
            hovertemplate="click to start here<extra></extra>",
        )
        fig.add_scatter(
            **data[_FIELD],
            mode="lines",
            name="direction",
            line={"color": PALETTE["grey"], "width": 1},
            hoverinfo="skip",
        )
        styles = ((self.x, PALETTE["blue"], "solid"), (self.y, PALETTE["vermillion"], "dash"))
        for state, colour, dash in styles:
            fig.add_scatter(
                **data[state],
                mode="lines",
                name=f"{self.model.spec(state).display_label} does not change",
                line={"color": colour, "dash": dash, "width": 3},
            )
        for kind, symbol in ((_STABLE, "circle"), (_UNSTABLE, "circle-open")):
            fig.add_scatter(
                **data[kind],
                mode="markers",
                name=f"{kind} equilibrium",
                marker={
                    "symbol": symbol,
                    "size": 13,
                    "color": PALETTE["black"],
                    "line": {"width": 2},
                },
            )
        for k in range(MAX_RUNS):
            fig.add_scatter(
                **data[_run_name(k)],
                mode="lines",
                name="trajectory",
                showlegend=k == 0,
                legendgroup="runs",
                line={"color": PALETTE["black"], "width": 1.8},
            )
        plane = result.plane
        fig.update_xaxes(range=[plane.xs[0], plane.xs[-1]])
        fig.update_yaxes(range=[plane.ys[0], plane.ys[-1]])
        return {"plane": named_widget(fig, list(data))}

    def traces(self, result: PhasePortrait) -> dict:
        """Every trace of the plane, by name."""
        plane = result.plane
        with np.errstate(all="ignore"):
            speed = np.log10(
                np.hypot(plane.dx / np.ptp(plane.xs), plane.dy / np.ptp(plane.ys)) + 1e-12
            )
        data = {
            _SPEED: {"x": plane.xs, "y": plane.ys, "z": speed},
            _FIELD: plane.direction_field(21),
        }
        for state in (self.x, self.y):
            xs, ys = plane.nullcline_lines(state)
            data[state] = {"x": xs, "y": ys}
        for kind, stable in ((_STABLE, True), (_UNSTABLE, False)):
            points = [e for e in result.equilibria if e.stable == stable]
            data[kind] = {
                "x": [e.state[self.x] for e in points],
                "y": [e.state[self.y] for e in points],
                "text": [e.kind for e in points],
            }
        for k in range(MAX_RUNS):
            run = result.runs[k] if k < len(result.runs) else None
            data[_run_name(k)] = {
                "x": [] if run is None else run[self.x],
                "y": [] if run is None else run[self.y],
            }
        return {"plane": data}

    def describe(self, result: PhasePortrait) -> str:
        """The equilibria in words."""
        if not result.equilibria:
            return "No equilibrium in view."
        parts = [
            f"{e.kind} at ({e.state[self.x]:.3g}, {e.state[self.y]:.3g})" for e in result.equilibria
        ]
        return "<b>Equilibria:</b> " + "; ".join(parts) + "."

    def table(self, result):
        """Nothing to export: the plane is analysis, not one run."""
        return None

    # ------------------------------------------------------------------ views
    @property
    def figure(self):
        """The phase plane's figure."""
        return self.figures["plane"]

    @property
    def plane(self) -> PhasePlane:
        """The rates on the grid, for the current settings."""
        return self.result.plane

    @property
    def equilibria(self) -> list:
        """The equilibria in view, classified."""
        return self.result.equilibria

    @property
    def runs(self) -> list:
        """The trajectories drawn, one per start."""
        return self.result.runs

    # ----------------------------------------------------------------- actions
    def click(self, x: float, y: float) -> None:
        """Start a trajectory at ``(x, y)`` (what clicking the plane does)."""
        self._with_starts([*self.starts, (float(x), float(y))][-MAX_RUNS:], "Cannot start there")

    def clear(self) -> None:
        """Remove every trajectory."""
        self._with_starts([], "Cannot clear")

    def _with_starts(self, starts, failure: str) -> None:
        """Run from ``starts`` instead, all or nothing."""
        before, self.starts = self.starts, starts
        try:
            self._attempt(lambda: self.current, failure)
        except Exception:
            self.starts = before
            raise

    def _on_click(self, trace, points, state) -> None:
        if points.xs:
            x, y = points.xs[0], points.ys[0]
            self._guarded(lambda: self.click(x, y), "Cannot start there")()

    def layout(self) -> w.VBox:
        """Clear button and hint, the plane, the readout, the controls.

        The nullcline grid has no control here (``set(grid=...)`` changes it): a
        student has no need of it.
        """
        clear = w.Button(
            description="Clear trajectories",
            icon="eraser",
            tooltip="Remove the trajectories started by clicking",
        )
        clear.on_click(self._guarded(self.clear, "Cannot clear"))
        hint = w.HTML("<i>Click anywhere on the plane to start a trajectory there.</i>")
        return w.VBox(
            [
                w.HBox([self.toolbar(), clear, hint], layout=w.Layout(align_items="center")),
                self.figure,
                self.readout,
                self.controls.widget,
                self.settings_panel(),
            ]
        )


def _run_name(k: int) -> str:
    return f"trajectory {k + 1}"
