"""``BifurcationExplorer``: one dial, both partners' differentiation, and where the couple ends.

Lowering differentiation of self in both partners turns a steady, close couple into one
that swings between clinging and pulling away (P10). The explorer shows this three ways:

* the **time series** of closeness and sense of self at the dial's setting, integrated
  and drawn in the page as the dial moves
  (:class:`~intimacy_dynamics.widgets.live_plot.LivePlot`);
* an **orbit diagram**, computed in the kernel: for every setting of the dial, the
  late-time lowest and highest closeness found by simulation
  (:func:`~intimacy_dynamics.analysis.orbit_diagram`), over the branch of steady states
  found by :func:`~intimacy_dynamics.analysis.continuation` (solid where stable, dashed
  where unstable, with the Hopf point marked). A vertical line marks the dial;
* a **phase view** of closeness against sense of self, from the kernel: the cycle,
  drawn around the balance point it circles
  (:func:`~intimacy_dynamics.intimacy.fusion.balance_point`).

Once the dial settles, the kernel runs the model at its setting, judges the run
(:func:`~intimacy_dynamics.intimacy.fusion.judge`) and sends one message per kernel
figure. The diagram is computed once for the other parameters and the run's span
(cached); setting another parameter, or loading settings, computes it again.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache

import ipywidgets as w
import numpy as np

from intimacy_dynamics.analysis.cycles import orbit_diagram
from intimacy_dynamics.core.quantities import Setting
from intimacy_dynamics.errors import ParameterError
from intimacy_dynamics.intimacy.fusion import (
    DIAL,
    Outcome,
    balance_point,
    both_partners,
    differentiation_branch,
    judge,
)
from intimacy_dynamics.intimacy.model import IntimacyModel
from intimacy_dynamics.plotting import PALETTE, base_layout, partner_style
from intimacy_dynamics.simulation.scenario import Scenario
from intimacy_dynamics.widgets.common import PredictThenReveal
from intimacy_dynamics.widgets.explorer import Explorer, Settings
from intimacy_dynamics.widgets.figures import named_widget

__all__ = ["DAYS", "RESOLUTION", "BifurcationExplorer", "DialRun"]

#: Dial values in the orbit diagram (spread over the slider's range).
RESOLUTION = Setting(101, bounds=(3, 401), step=1, integer=True, label="Diagram resolution").named(
    "resolution"
)
#: Length of every run, the diagram's and the dial's; the late half is measured.
DAYS = Setting(120.0, bounds=(40.0, 2000.0), unit="day", label="Days per run").named("days")

_BASES = ("closeness", "sense_of_self")
#: What the page draws over time: closeness, then sense of self, of A and B.
WATCHED = ("closeness_A", "closeness_B", "sense_of_self_A", "sense_of_self_B")
_OUTCOMES = {
    "steady": "it settles at a steady level",
    "settling": "it swings, but the swings slowly die out",
    "oscillating": "it keeps swinging up and down",
}
#: The traces of the orbit diagram, and of the phase view.
DIAGRAM_TRACES = (
    "steady (stable)",
    "steady (unstable)",
    "tipping point",
    "highest",
    "lowest",
    "dial",
    "late range",
)
PHASE_TRACES = ("path", "start", "end", "balance (stable)", "balance (unstable)")


@lru_cache(maxsize=8)
def _steady_branch(fixed: tuple):
    """The branch of steady states across the dial's slider range (cached)."""
    return differentiation_branch(params=dict(fixed))


@lru_cache(maxsize=8)
def _orbits(fixed: tuple, resolution: int, t_span: tuple[float, float]):
    """The orbit diagram of closeness across the dial's slider range (cached)."""
    model = both_partners()
    values = np.linspace(*model.param_specs[DIAL].soft, resolution)
    return orbit_diagram(
        model, dict(fixed), DIAL, values, "closeness_A", t_span=t_span, n_points=301
    )


@dataclass(frozen=True)
class DialRun:
    """What the kernel computed at one setting of the dial."""

    value: float
    run: object
    outcome: Outcome
    branch: object
    diagram: object

    @property
    def hopf(self):
        """The tipping point (the branch's first Hopf point), or None."""
        return self.branch.hopfs[0] if self.branch is not None and self.branch.hopfs else None


class BifurcationExplorer(Explorer):
    """A differentiation dial for both partners, with time series, orbit diagram and cycle.

    The dial is a control of the page; every other parameter of the model can be set
    with :meth:`set` (the diagram is then computed for it).

    Parameters
    ----------
    differentiation : float, optional
        Where the dial starts (the model's default otherwise).
    params : mapping, optional
        Other parameters of the model (e.g. ``{"tau_self": 8.0}``).
    resolution : int
        Dial values in the orbit diagram (:data:`RESOLUTION`).
    days : float
        Length of every run, the diagram's and the dial's (:data:`DAYS`).
    n_points : int
        Output times of the run at the dial's setting.

    Examples
    --------
    >>> explorer = BifurcationExplorer(0.7, resolution=5, days=60)
    >>> explorer.outcome.kind
    'steady'
    >>> explorer.set(differentiation=0.25)     # what a settled dial does
    >>> explorer.outcome.kind, explorer.value
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
        model = both_partners()
        self.resolution = RESOLUTION.check(resolution)
        DAYS.check(days)
        params = dict(params or {})
        if DIAL in params:
            raise ParameterError(f"set the dial with differentiation=..., not in params={params!r}")
        if differentiation is not None:
            params[DIAL] = differentiation
        start = Scenario("differentiation_dial", model=model.name, params=params, t_span=(0, days))
        super().__init__(
            model,
            scenario=start,
            controls=[DIAL],
            live=_panels(),
            live_styles=_partner_styles(),
            simulation={"n_points": n_points},
            live_title="Over time, at the dial's setting",
        )

    # ------------------------------------------------------------ contract
    def compute(self, settings: Settings) -> DialRun:
        """The run at the dial, its outcome, and the branch and diagram it sits on."""
        t0, t1 = settings.t_span
        DAYS.check(t1 - t0)
        fixed = tuple(sorted((k, v) for k, v in settings.params.changed().items() if k != DIAL))
        run = self.simulate(settings)
        return DialRun(
            settings.params[DIAL],
            run,
            judge(run),
            _steady_branch(fixed),
            _orbits(fixed, self.resolution, (float(t0), float(t1))),
        )

    def build(self, result: DialRun) -> dict:
        """The orbit diagram and the phase view."""
        return {"diagram": self._diagram_figure(result), "phase": self._phase_figure(result)}

    def traces(self, result: DialRun) -> dict:
        """The diagram (branch, tipping point, orbits, the dial) and the cycle."""
        return {"diagram": _diagram_data(result), "phase": _phase_data(result)}

    def table(self, result: DialRun):
        """The run at the dial, for CSV export."""
        return super().table(result.run)

    def describe(self, result: DialRun) -> str:
        """The outcome at the dial's setting, in words, placed against the tipping point."""
        o, value, hopf = result.outcome, result.value, result.hopf
        where = f"Differentiation {value:.2f} (both partners)"
        if hopf is not None:
            side = "above" if value > hopf.value else "below"
            where += f", {side} the tipping point at {hopf.value:.3f}"
        if o.kind == "steady":
            run = result.run
            what = (
                f"<b>Steady</b>: A's closeness settles at {run['closeness_A'][-1]:.2f} and "
                f"sense of self at {run['sense_of_self_A'][-1]:.2f}."
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

    # ------------------------------------------------------------- results
    @property
    def value(self) -> float:
        """The dial's setting."""
        return self.result.value

    @property
    def trajectory(self):
        """The run at the dial's setting (the kernel's, equal to what the page draws)."""
        return self.result.run

    @property
    def outcome(self) -> Outcome:
        """What closeness does late in the run at the dial."""
        return self.result.outcome

    @property
    def branch(self):
        """The branch of steady states the diagram shows."""
        return self.result.branch

    @property
    def hopf(self):
        """The tipping point, or None."""
        return self.result.hopf

    @property
    def diagram_figure(self):
        """The orbit diagram's figure."""
        return self.figures["diagram"]

    @property
    def phase_figure(self):
        """The phase view's figure."""
        return self.figures["phase"]

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
        settings = replace(self.current, params=self.current.params.evolve(**{DIAL: value}))
        value = settings.params[DIAL]
        outcome = judge(self.simulate(settings))
        return PredictThenReveal(
            f"Turn the dial (both partners' differentiation) to {value:g}. What will "
            "partner A's closeness do in the long run?",
            list(_OUTCOMES.values()),
            _OUTCOMES[outcome.kind],
            explanation or "Look at the time series and the readout below the plots.",
            on_reveal=lambda: self.set(**{DIAL: value}),
        )

    def layout(self) -> w.VBox:
        """Toolbar; the dial and the time series; the readout; the diagram and the cycle."""
        figures = w.HBox(list(self.figures.values()), layout=w.Layout(flex_flow="row wrap"))
        return w.VBox([self.toolbar(), self.plot, self.readout, figures, self.settings_panel()])

    # --------------------------------------------------------------- figures
    def _diagram_figure(self, result: DialRun):
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
        data = _diagram_data(result)
        styles = {
            "steady (stable)": {
                "mode": "lines",
                "line": {"color": PALETTE["black"], "dash": "solid", "width": 2.5},
                "hovertemplate": "steady closeness %{y:.2f}<extra></extra>",
            },
            "steady (unstable)": {
                "mode": "lines",
                "line": {"color": PALETTE["black"], "dash": "dash", "width": 2.5},
                "hovertemplate": "steady closeness %{y:.2f}<extra></extra>",
            },
            "tipping point": {
                "mode": "markers",
                "name": "tipping point (Hopf)",
                "marker": {"symbol": "star", "size": 15, "color": PALETTE["orange"]},
                "hovertemplate": "Hopf at %{x:.3f}<extra></extra>",
            },
            "highest": {
                "mode": "markers",
                "name": "highest closeness late in a run",
                "marker": {"symbol": "triangle-up", "size": 6, "color": PALETTE["blue"]},
                "hovertemplate": "highest %{y:.2f} at %{x:.2f}<extra></extra>",
            },
            "lowest": {
                "mode": "markers",
                "name": "lowest closeness late in a run",
                "marker": {"symbol": "triangle-down", "size": 6, "color": PALETTE["sky"]},
                "hovertemplate": "lowest %{y:.2f} at %{x:.2f}<extra></extra>",
            },
            "dial": {
                "mode": "lines",
                "name": "the dial",
                "line": {"color": PALETTE["vermillion"], "dash": "dot", "width": 2},
                "hoverinfo": "skip",
            },
            "late range": {
                "mode": "markers",
                "name": "your run's late range",
                "marker": {"symbol": "diamond", "size": 11, "color": PALETTE["vermillion"]},
                "hovertemplate": "%{y:.2f}<extra></extra>",
            },
        }
        for name in DIAGRAM_TRACES:
            fig.add_scatter(**{"name": name, **styles[name]}, **data[name])
        fig.update_layout(
            legend={"orientation": "v", "x": 1.02, "xanchor": "left", "y": 1, "yanchor": "top"},
            margin={"r": 20},
        )
        fig.update_xaxes(range=list(spec.soft))
        fig.update_yaxes(range=[-0.02, 1.02])
        return named_widget(fig, DIAGRAM_TRACES)

    def _phase_figure(self, result: DialRun):
        import plotly.graph_objects as go

        fig = go.Figure(
            layout=base_layout(
                "The cycle: closeness against sense of self (A)",
                "Closeness of A (0–1)",
                "Sense of self of A (0–1)",
                height=520,
            )
        )
        styles = {
            "path": {"mode": "lines", "line": {"color": PALETTE["black"], "width": 1.5}},
            "start": {
                "mode": "markers",
                "marker": {"symbol": "circle-open", "size": 12, "color": PALETTE["blue"]},
            },
            "end": {
                "mode": "markers",
                "marker": {"symbol": "star", "size": 14, "color": PALETTE["vermillion"]},
            },
            "balance (stable)": {
                "mode": "markers",
                "name": "balance point (stable)",
                "marker": {"symbol": "x", "size": 12, "color": PALETTE["green"]},
            },
            "balance (unstable)": {
                "mode": "markers",
                "name": "balance point (unstable)",
                "marker": {"symbol": "x-open", "size": 12, "color": PALETTE["purple"]},
            },
        }
        data = _phase_data(result)
        for name in PHASE_TRACES:
            fig.add_scatter(**{"name": name, **styles[name]}, **data[name])
        fig.update_layout(
            legend={"orientation": "h", "x": 0, "y": -0.18, "yanchor": "top"},
            margin={"b": 120},
        )
        fig.update_xaxes(range=[-0.02, 1.02])
        fig.update_yaxes(range=[-0.02, 1.02])
        return named_widget(fig, PHASE_TRACES)


def _panels() -> list[tuple[str, list[str]]]:
    """Both partners' closeness in one panel, their sense of self in another.

    The tied model keeps each quantity's label with its partner ("Closeness (A)"), but
    not the partner itself, so the panels are named here, from the intimacy model.
    """
    labels = IntimacyModel().state_specs
    return [(labels[f"{base}_A"].label, [f"{base}_A", f"{base}_B"]) for base in _BASES]


def _partner_styles() -> dict[str, dict]:
    """Each partner's look, one legend entry each."""
    return {
        f"{base}_{partner}": {
            "name": f"Partner {partner}",
            "line": partner_style(partner),
            "legendgroup": partner,
            "showlegend": base == _BASES[0],
        }
        for base in _BASES
        for partner in "AB"
    }


def _diagram_data(result: DialRun) -> dict[str, dict]:
    """Every trace of the orbit diagram: the branch by stability, the orbits, the dial."""
    data = {}
    branch = result.branch
    for flag, name in ((True, "steady (stable)"), (False, "steady (unstable)")):
        if branch is None:
            data[name] = {"x": [], "y": []}
            continue
        level, stable = branch["closeness_A"], branch.stable
        y = np.where(stable == flag, level, np.nan)
        y = np.where(np.isnan(y) & np.roll(stable == flag, 1), level, y)  # no gap
        data[name] = {"x": branch.values, "y": y}  # NaN breaks the line where it is not
    hopf = [result.hopf] if result.hopf is not None else []
    data["tipping point"] = {
        "x": [p.value for p in hopf],
        "y": [p.state["closeness_A"] for p in hopf],
    }
    diagram = result.diagram
    data["highest"] = {"x": diagram.values, "y": diagram.maxima}
    data["lowest"] = {"x": diagram.values, "y": diagram.minima}
    value, outcome = result.value, result.outcome
    data["dial"] = {"x": [value, value], "y": [0.0, 1.0]}
    data["late range"] = {"x": [value, value], "y": [outcome.minimum, outcome.maximum]}
    return data


def _phase_data(result: DialRun) -> dict[str, dict]:
    """The cycle, its two ends, and the balance point at the dial by its stability."""
    x, y = result.run["closeness_A"], result.run["sense_of_self_A"]
    balance = balance_point(result.branch, result.value) if result.branch is not None else None
    stable = [balance] if balance is not None and balance.stable else []
    unstable = [balance] if balance is not None and not balance.stable else []
    return {
        "path": {"x": x, "y": y},
        "start": {"x": x[:1], "y": y[:1]},
        "end": {"x": x[-1:], "y": y[-1:]},
        "balance (stable)": {
            "x": [b.closeness for b in stable],
            "y": [b.sense_of_self for b in stable],
        },
        "balance (unstable)": {
            "x": [b.closeness for b in unstable],
            "y": [b.sense_of_self for b in unstable],
        },
    }
