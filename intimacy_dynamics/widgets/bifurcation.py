"""``BifurcationExplorer``: one dial, both partners' differentiation, and where the couple ends.

Lowering differentiation of self in both partners turns a steady, close couple into one
that swings between clinging and pulling away (P10). The explorer shows this three ways:

* an **orbit diagram**, computed once when the explorer is built: for every setting of
  the dial, the late-time lowest and highest closeness found by simulation
  (:func:`~intimacy_dynamics.analysis.orbit_diagram`), over the branch of steady states
  found by :func:`~intimacy_dynamics.analysis.continuation` (solid where stable, dashed
  where unstable, with the Hopf point marked). A vertical line marks the dial;
* the **time series** of closeness and sense of self at the dial's setting;
* a **phase view** of closeness against sense of self: the cycle, drawn around the
  balance point it circles.

Moving the dial re-simulates one run (plot accuracy) and sends one message per figure.
"""

from __future__ import annotations

import html
import io
import time
from functools import cache

import ipywidgets as w
import numpy as np

from intimacy_dynamics.analysis.cycles import orbit_diagram
from intimacy_dynamics.core.validation import as_finite_float
from intimacy_dynamics.errors import BadInputError, IntimacyDynamicsError, ParameterError
from intimacy_dynamics.intimacy.fusion import (
    DIAL,
    both_partners,
    differentiation_branch,
    judge,
)
from intimacy_dynamics.intimacy.model import IntimacyModel
from intimacy_dynamics.plotting import PALETTE, apply_config, base_layout, partner_style
from intimacy_dynamics.simulation.simulate import simulate
from intimacy_dynamics.widgets.common import PredictThenReveal, download_link
from intimacy_dynamics.widgets.controls import ControlPanel

__all__ = ["BifurcationExplorer"]

_WATCHED = ("closeness_A", "closeness_B", "sense_of_self_A", "sense_of_self_B")
_OUTCOMES = {
    "steady": "it settles at a steady level",
    "settling": "it swings, but the swings slowly die out",
    "oscillating": "it keeps swinging up and down",
}


@cache
def _steady_branch(fixed: tuple):
    """The branch of steady states across the dial's slider range (cached)."""
    return differentiation_branch(params=dict(fixed))


@cache
def _orbits(fixed: tuple, resolution: int, days: float):
    """The orbit diagram of closeness across the dial's slider range (cached)."""
    model = both_partners()
    values = np.linspace(*model.param_specs[DIAL].soft, resolution)
    return orbit_diagram(
        model, dict(fixed), DIAL, values, "closeness_A", t_span=(0.0, days), n_points=301
    )


def _fixed(params) -> tuple:
    """The other parameters as a hashable key (validated; the dial itself excluded)."""
    params = dict(params or {})
    if DIAL in params:
        raise ParameterError(f"set the dial with differentiation=..., not in params={params!r}")
    checked = both_partners().params(params)
    return tuple(sorted((k, checked[k]) for k in params))


class BifurcationExplorer:
    """A differentiation dial for both partners, with orbit diagram, time series and cycle.

    Parameters
    ----------
    differentiation : float, optional
        Where the dial starts (the model's default otherwise).
    params : mapping, optional
        Other parameters of the model (e.g. ``{"tau_self": 8.0}``), fixed for the whole
        explorer: the diagram is computed for them.
    resolution : int
        Dial values in the orbit diagram (spread over the slider's range).
    days : float
        Length of every run, the diagram's and the dial's; the late half is measured.
    n_points : int
        Output times of the run at the dial's setting.

    Examples
    --------
    >>> explorer = BifurcationExplorer(0.7, resolution=5, days=60)
    >>> explorer.outcome.kind
    'steady'
    >>> explorer.set(differentiation=0.25)     # what a slider move does
    >>> explorer.outcome.kind, float(explorer.diagram_figure.data[5].x[0])
    ('oscillating', 0.25)
    """

    def __init__(
        self,
        differentiation: float | None = None,
        *,
        params=None,
        resolution: int = 101,
        days: float = 120.0,
        n_points: int = 241,
    ):
        self.model = model = both_partners()
        if isinstance(resolution, bool) or not isinstance(resolution, int):
            raise BadInputError(f"resolution = {resolution!r} must be an integer")
        if not 3 <= resolution <= 401:
            raise BadInputError(f"resolution = {resolution} must lie in [3, 401]")
        days = as_finite_float(days, "days", (40.0, 2000.0))
        fixed = _fixed(params)
        start = model.params(dict(fixed))
        if differentiation is not None:
            start = start.evolve(**{DIAL: differentiation})
        self._fixed = start
        self.t_span = (0.0, days)
        self.simulation_options = {"n_points": n_points, "rtol": 1e-4, "atol": 1e-7}
        self.branch = _steady_branch(fixed)
        self.diagram = _orbits(fixed, resolution, days)
        self.hopf = self.branch.hopfs[0] if self.branch.hopfs else None
        self.controls = ControlPanel(
            [model.param_specs[DIAL]], start, "Both partners' differentiation of self"
        )
        self.last_update_seconds = float("nan")
        self.trajectory = self._simulate()
        self.outcome = judge(self.trajectory)
        self.diagram_figure = self._diagram_figure()
        self.time_figure = self._time_figure()
        self.phase_figure = self._phase_figure()
        self.readout = w.HTML(layout=w.Layout(min_height="3em"))
        self.readout.add_class("id-readout")
        self.readout.value = self.describe()
        self.download = w.HTML()
        self.widget = self._layout()
        self.controls.observe(lambda change: self.update())

    # ------------------------------------------------------------- settings
    @property
    def value(self) -> float:
        """The dial's setting."""
        return self.controls[DIAL].value

    def current_params(self):
        """The full parameter set: the fixed ones and the dial."""
        return self._fixed.evolve(**{DIAL: self.value})

    def set(self, **values: float) -> None:
        """Move the dial (``differentiation=...``) with one redraw; bad values get a message."""
        unknown = sorted(set(values) - {DIAL})
        try:
            if unknown:
                raise ParameterError(
                    f"only {DIAL!r} can be set here, not {', '.join(map(repr, unknown))}; "
                    "build a new explorer with params={...} to change the others"
                )
            if DIAL in values:
                value = self._fixed.evolve(**{DIAL: values[DIAL]})[DIAL]
        except IntimacyDynamicsError as exc:
            self._show_error("Cannot use this value", exc)
            return
        if DIAL not in values:
            return
        if value == self.value:
            self.update()  # redraw anyway: the caller asked for it
        else:
            self.controls[DIAL].value = value  # the observer redraws

    def reset(self) -> None:
        """Back to the starting setting."""
        self.set(**{DIAL: self._fixed[DIAL]})

    # ---------------------------------------------------------------- update
    def _simulate(self, value: float | None = None):
        params = self.current_params()
        if value is not None:
            params = params.evolve(**{DIAL: value})
        return simulate(self.model, self.t_span, params, **self.simulation_options)

    def update(self) -> None:
        """Re-simulate at the dial's setting and redraw (the slider handler)."""
        begin = time.perf_counter()
        try:
            run = self._simulate()
        except IntimacyDynamicsError as exc:
            self._show_error("Cannot simulate this setting", exc)
            return
        self.trajectory, self.outcome = run, judge(run)
        self._draw()
        self.readout.value = self.describe()
        self.last_update_seconds = time.perf_counter() - begin

    def _show_error(self, what: str, exc: Exception) -> None:
        self.readout.value = (
            f'<span style="color:{PALETTE["vermillion"]}"><b>{what}:</b> '
            f"{html.escape(str(exc))}</span>"
        )

    def _draw(self) -> None:
        """Send the new data: one restyle message per figure."""
        run = self.trajectory
        self.time_figure.plotly_restyle(
            {"y": [run[name] for name in _WATCHED]}, trace_indexes=[0, 1, 2, 3]
        )
        self.diagram_figure.plotly_restyle(self._marker_data(), trace_indexes=[5, 6])
        self.phase_figure.plotly_restyle(self._phase_data(), trace_indexes=[0, 1, 2, 3, 4])

    # --------------------------------------------------------------- readout
    def describe(self) -> str:
        """The outcome at the dial's setting, in words, placed against the tipping point."""
        o, value = self.outcome, self.value
        where = f"Differentiation {value:.2f} (both partners)"
        if self.hopf is not None:
            side = "above" if value > self.hopf.value else "below"
            where += f", {side} the tipping point at {self.hopf.value:.3f}"
        if o.kind == "steady":
            tail = self.trajectory
            what = (
                f"<b>Steady</b>: A's closeness settles at {tail['closeness_A'][-1]:.2f} and "
                f"sense of self at {tail['sense_of_self_A'][-1]:.2f}."
            )
        elif o.kind == "settling":
            what = (
                f"<b>Settling slowly</b>: closeness still swings (between {o.minimum:.2f} and "
                f"{o.maximum:.2f}, one swing every {o.period:.1f} days), but the swings are "
                "dying out."
            )
        else:
            what = (
                f"<b>Oscillating</b>: A's closeness swings between {o.minimum:.2f} and "
                f"{o.maximum:.2f} (amplitude {o.amplitude:.2f}) and sense of self between "
                f"{o.self_minimum:.2f} and {o.self_maximum:.2f}, one full cycle every "
                f"{o.period:.1f} days: clinging, then pulling away."
            )
        return f"{where}. {what}"

    def predict(self, value: float, explanation: str = "") -> PredictThenReveal:
        """A predict-then-reveal step: what will closeness do with the dial at ``value``.

        The answer is computed from the model now; revealing it moves the dial there.

        Examples
        --------
        >>> explorer = BifurcationExplorer(0.7, resolution=5, days=60)
        >>> step = explorer.predict(0.25)
        >>> step.answer
        'it keeps swinging up and down'
        >>> step.choice.value = step.answer
        >>> step.reveal()
        >>> explorer.value
        0.25
        """
        value = self._fixed.evolve(**{DIAL: value})[DIAL]
        outcome = judge(self._simulate(value))
        return PredictThenReveal(
            f"Turn the dial (both partners' differentiation) to {value:g}. What will "
            "partner A's closeness do in the long run?",
            list(_OUTCOMES.values()),
            _OUTCOMES[outcome.kind],
            explanation or "Look at the time series and the readout below the plots.",
            on_reveal=lambda: self.set(**{DIAL: value}),
        )

    # ------------------------------------------------------------ exporting
    def to_csv(self) -> str:
        """The current run as CSV text: time, then every state and output."""
        run = self.trajectory
        buffer = io.StringIO()
        buffer.write(",".join(["t", *run.names]) + "\n")
        np.savetxt(buffer, np.column_stack([run.t, *(run[n] for n in run.names)]), delimiter=",")
        return buffer.getvalue()

    def _export(self, _=None) -> None:
        self.download.value = download_link(
            self.to_csv(), f"differentiation_{self.value:g}_run.csv", "Download the run as CSV"
        )

    # --------------------------------------------------------------- drawing
    def _marker_data(self) -> dict:
        """The dial's vertical line and the current run's late extremes, on the diagram."""
        value, o = self.value, self.outcome
        return {"x": [[value, value], [value, value]], "y": [[0.0, 1.0], [o.minimum, o.maximum]]}

    def _balance_point(self) -> tuple[float, float, bool]:
        """The steady state at the dial (interpolated on the branch) and its stability."""
        branch, value = self.branch, self.value
        order = np.argsort(branch.values)
        xs = branch.values[order]
        closeness = float(np.interp(value, xs, branch["closeness_A"][order]))
        self_ = float(np.interp(value, xs, branch["sense_of_self_A"][order]))
        return closeness, self_, _stable_at(branch, value)

    def _phase_data(self) -> dict:
        run = self.trajectory
        x, y = run["closeness_A"], run["sense_of_self_A"]
        cx, cy, stable = self._balance_point()
        return {
            "x": [x, x[:1], x[-1:], [cx] if stable else [], [] if stable else [cx]],
            "y": [y, y[:1], y[-1:], [cy] if stable else [], [] if stable else [cy]],
        }

    def _diagram_figure(self):
        import plotly.graph_objects as go

        spec = self.model.param_specs[DIAL]
        fig = go.Figure(
            layout=base_layout(
                "Where the couple ends up, for every setting of the dial",
                "Differentiation of self, both partners (0–1)",
                "Closeness of A (0–1)",
                height=420,
            )
        )
        branch, values = self.branch, self.branch.values
        level, stable = branch["closeness_A"], branch.stable
        for flag, dash, label in ((True, "solid", "stable"), (False, "dash", "unstable")):
            y = np.where(stable == flag, level, np.nan)
            y = np.where(np.isnan(y) & np.roll(stable == flag, 1), level, y)  # no gap
            fig.add_scatter(
                x=values,
                y=y,
                mode="lines",
                name=f"steady state ({label})",
                line={"color": PALETTE["black"], "dash": dash, "width": 2.5},
                hovertemplate="steady closeness %{y:.2f}<extra></extra>",
            )
        hopf = [self.hopf] if self.hopf is not None else []
        fig.add_scatter(
            x=[p.value for p in hopf],
            y=[p.state["closeness_A"] for p in hopf],
            mode="markers",
            name="tipping point (Hopf)",
            marker={"symbol": "star", "size": 15, "color": PALETTE["orange"]},
            hovertemplate="Hopf at %{x:.3f}<extra></extra>",
        )
        diagram = self.diagram
        for data, symbol, label, colour in (
            (diagram.maxima, "triangle-up", "highest", PALETTE["blue"]),
            (diagram.minima, "triangle-down", "lowest", PALETTE["sky"]),
        ):
            fig.add_scatter(
                x=diagram.values,
                y=data,
                mode="markers",
                name=f"{label} closeness late in a run",
                marker={"symbol": symbol, "size": 6, "color": colour},
                hovertemplate=f"{label} %{{y:.2f}} at %{{x:.2f}}<extra></extra>",
            )
        marker = self._marker_data()
        fig.add_scatter(
            x=marker["x"][0],
            y=marker["y"][0],
            mode="lines",
            name="the dial",
            line={"color": PALETTE["vermillion"], "dash": "dot", "width": 2},
            hoverinfo="skip",
        )
        fig.add_scatter(
            x=marker["x"][1],
            y=marker["y"][1],
            mode="markers",
            name="your run's late range",
            marker={"symbol": "diamond", "size": 11, "color": PALETTE["vermillion"]},
            hovertemplate="%{y:.2f}<extra></extra>",
        )
        fig.update_layout(
            legend={"orientation": "v", "x": 1.02, "xanchor": "left", "y": 1, "yanchor": "top"},
            margin={"r": 20},
        )
        fig.update_xaxes(range=list(spec.soft))
        fig.update_yaxes(range=[-0.02, 1.02])
        return apply_config(go.FigureWidget(fig))

    def _time_figure(self):
        import plotly.graph_objects as go
        from plotly.subplots import make_subplots

        run, specs = self.trajectory, IntimacyModel().state_specs
        fig = make_subplots(
            rows=2,
            cols=1,
            shared_xaxes=True,
            vertical_spacing=0.14,
            subplot_titles=[specs[f"{name}_A"].label for name in ("closeness", "sense_of_self")],
        )
        for k, name in enumerate(_WATCHED):
            partner = name[-1]
            fig.add_scatter(
                x=run.t,
                y=run[name],
                mode="lines",
                name=f"Partner {partner}",
                line=partner_style(partner),
                row=k // 2 + 1,
                col=1,
                legendgroup=partner,
                showlegend=k < 2,
                hovertemplate="%{y:.3f}<extra></extra>",
            )
        layout = base_layout("Over time, at the dial's setting", height=520)
        layout["legend"] = {
            "orientation": "h",
            "yanchor": "bottom",
            "y": 1.1,
            "x": 1,
            "xanchor": "right",
        }
        layout["margin"] = {**layout["margin"], "t": 100}
        fig.update_layout(**layout)
        fig.update_yaxes(range=[-0.02, 1.02])
        fig.update_xaxes(title_text="time (days)", row=2)
        return apply_config(go.FigureWidget(fig))

    def _phase_figure(self):
        import plotly.graph_objects as go

        fig = go.Figure(
            layout=base_layout(
                "The cycle: closeness against sense of self (A)",
                "Closeness of A (0–1)",
                "Sense of self of A (0–1)",
                height=520,
            )
        )
        data = self._phase_data()
        styles = (
            ("path", "lines", {"line": {"color": PALETTE["black"], "width": 1.5}}),
            (
                "start",
                "markers",
                {"marker": {"symbol": "circle-open", "size": 12, "color": PALETTE["blue"]}},
            ),
            (
                "end",
                "markers",
                {"marker": {"symbol": "star", "size": 14, "color": PALETTE["vermillion"]}},
            ),
            (
                "balance point (stable)",
                "markers",
                {"marker": {"symbol": "x", "size": 12, "color": PALETTE["green"]}},
            ),
            (
                "balance point (unstable)",
                "markers",
                {"marker": {"symbol": "x-open", "size": 12, "color": PALETTE["purple"]}},
            ),
        )
        for (name, mode, style), x, y in zip(styles, data["x"], data["y"], strict=True):
            fig.add_scatter(x=x, y=y, mode=mode, name=name, **style)
        fig.update_layout(
            legend={"orientation": "h", "x": 0, "y": -0.18, "yanchor": "top"},
            margin={"b": 120},
        )
        fig.update_xaxes(range=[-0.02, 1.02])
        fig.update_yaxes(range=[-0.02, 1.02])
        return apply_config(go.FigureWidget(fig))

    def _layout(self) -> w.VBox:
        reset = w.Button(description="Reset", icon="undo", tooltip="Back to the starting setting")
        reset.on_click(lambda _: self.reset())
        export = w.Button(description="Export CSV", icon="download", tooltip="Download this run")
        export.on_click(self._export)
        self.buttons = {"reset": reset, "export": export}
        return w.VBox(
            [
                self.controls.widget,
                self.readout,
                self.diagram_figure,
                w.HBox(
                    [self.time_figure, self.phase_figure], layout=w.Layout(flex_flow="row wrap")
                ),
                w.HBox([reset, export, self.download], layout=w.Layout(align_items="center")),
            ]
        )

    def _ipython_display_(self):
        from IPython.display import display

        display(self.widget)


def _stable_at(branch, value: float) -> bool:
    """Whether the branch is stable at ``value``: stability only changes at special points."""
    cuts = sorted(p.value for p in branch.special_points)
    side = np.searchsorted(cuts, value)
    nodes = np.searchsorted(cuts, branch.values)
    same = nodes == side
    if not np.any(same):
        same = np.abs(branch.values - value) == np.min(np.abs(branch.values - value))
    return bool(branch.stable[np.flatnonzero(same)[0]])
