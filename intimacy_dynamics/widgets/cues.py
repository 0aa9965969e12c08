"""``CuesExplorer``: what B shows, what A perceives, and where the two part (P03, P04).

A response travels a chain before it becomes a feeling (Reis & Shaver 1988; Reis &
Patrick 1996):

1. **shown**: the responsiveness B actually brings (empathic concern, matched to how
   responsive B finds A), the model's ``responsiveness_B``;
2. **conveyed**: what B's words and nonverbal cues say, as a reader without bias would
   take them. The words' tone is flipped by incongruent cues (a sarcastic smirk),
   warmed or cooled by the cues' affect, and amplified by immediacy;
3. **read**: the same response through A's interpretation bias;
4. **perceived**: A's perceived responsiveness, learned from the responses to A's own
   disclosures and leaning on A's trust.

The explorer keeps A disclosing at a fixed willingness, as the P03/P04 scenarios of the
catalog do, so that only the reading varies. It plots the chain over time with A's trust
and intimacy, shows the chain at the end of the run as bars, and maps A's perceived
responsiveness over B's cue congruence and A's interpretation bias (a sweep, redrawn on
a button) with the current setting marked.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import ClassVar

import ipywidgets as w
import numpy as np

from intimacy_dynamics.core.quantities import Setting
from intimacy_dynamics.ensemble import sweep
from intimacy_dynamics.errors import IntegrationError
from intimacy_dynamics.intimacy import catalog, phenomena, verdicts
from intimacy_dynamics.intimacy.phenomena import (
    RESPONSE_CHAIN,
    RESPONSE_CHAIN_QUANTITIES,
    response_chain,
)
from intimacy_dynamics.plotting import PALETTE, base_layout
from intimacy_dynamics.simulation.scenario import Scenario
from intimacy_dynamics.widgets.common import PredictThenReveal
from intimacy_dynamics.widgets.explorer import Explorer, Settings
from intimacy_dynamics.widgets.figures import named_widget
from intimacy_dynamics.widgets.site import SiteBox

__all__ = ["CONTROLS", "STAGES", "Cues", "CuesExplorer", "PerceivedMap"]

#: The explorer's controls, grouped as the chain runs: B's words, B's cues, A's reading.
CONTROLS = {
    "B's response (words)": ("response_valence_B", "empathic_concern_B"),
    "B's nonverbal cues": ("cue_affect_B", "cue_congruence_B", "immediacy_B"),
    "How A reads it": ("interpretation_bias_A",),
}
#: How each link of the response chain is drawn: colour (Okabe–Ito) and dash.
_LOOKS = {
    "shown": (PALETTE["vermillion"], "dash"),
    "conveyed": (PALETTE["orange"], "dot"),
    "read": (PALETTE["sky"], "dashdot"),
    "perceived": (PALETTE["blue"], "solid"),
}
#: The links of the chain, in order: label, colour, dash.
STAGES = {name: (label, *_LOOKS[name]) for name, label in RESPONSE_CHAIN.items()}
#: The live panels: the chain in one, A's trust and intimacy in the other.
_CHAIN_PANEL = "Responsiveness: what B shows, what A perceives"
_PANELS = {
    _CHAIN_PANEL: list(RESPONSE_CHAIN_QUANTITIES.values()),
    "A's trust and intimacy": ["trust_A", "intimacy_A"],
}
MAP_AXES = ("cue_congruence_B", "interpretation_bias_A")
_HELD = "disclosure_A"  # A keeps disclosing, as in the P03/P04 scenarios


@cache
def _perceived(name: str, bias: float | None = None) -> float:
    """A's perceived responsiveness at the end of a P03/P04 scenario, A's bias changed."""
    scenario = catalog.load(name)
    changes = {} if bias is None else {"interpretation_bias_A": bias}
    run = phenomena.run(name, on=phenomena.holding(_HELD), params={**scenario.params, **changes})
    return run.final()["perceived_responsiveness_A"]


def _preset_label(scenario: Scenario) -> str:
    return f"{scenario.name[:3]} · {scenario.title.rstrip('.')}"


@dataclass(frozen=True)
class PerceivedMap:
    """A's perceived responsiveness at the end of a run, over the map's grid.

    Rows follow A's interpretation bias, columns B's cue congruence.
    """

    xs: np.ndarray
    ys: np.ndarray
    z: np.ndarray


@dataclass(frozen=True)
class Cues:
    """The explorer's result: the run, its response chain, and the map (as last computed)."""

    params: object
    run: object
    chain: dict
    map: PerceivedMap
    map_is_current: bool

    def at_end(self) -> dict[str, float]:
        """The chain, A's trust and A's intimacy at the end of the run."""
        values = {stage: float(series[-1]) for stage, series in self.chain.items()}
        values["trust"] = float(self.run["trust_A"][-1])
        values["intimacy"] = float(self.run["intimacy_A"][-1])
        return values


class CuesExplorer(Explorer):
    """Sliders for B's words and cues and A's reading; what B shows against what A feels.

    The chain over time, with A's trust and intimacy, is drawn in the page as the
    sliders move. The kernel draws the chain at the end of the run (bars) and the map of
    A's perceived responsiveness over B's cue congruence and A's interpretation bias,
    with the current setting marked; the map is the explorer's on-demand analysis,
    computed when it is built, loaded or reset, and on its button.

    Parameters
    ----------
    scenario : str or Scenario
        Where to start (and what Reset returns to); a P03/P04 scenario of the catalog.
    map_size : int
        Settings per axis of the map.
    n_points : int
        Output times per run.
    rtol, atol : float
        Integration tolerances (plot accuracy by default).

    Examples
    --------
    >>> explorer = CuesExplorer()
    >>> kind = explorer.at_end()["perceived"]
    >>> explorer.set(cue_congruence_B=0.0)        # the same words with a sarcastic smirk
    >>> bool(explorer.at_end()["perceived"] < kind - 0.2)
    True
    >>> explorer.set(cue_congruence_B=2.0)        # outside [0, 1]: refused, with a message
    Traceback (most recent call last):
    ...
    intimacy_dynamics.errors.ParameterError: parameter 'cue_congruence_B' = 2.0 is outside ...
    >>> "outside its allowed range" in explorer.readout.value
    True
    """

    own_settings: ClassVar[dict[str, Setting]] = {
        "map_size": Setting(
            21,
            bounds=(5, 41),
            step=2,
            integer=True,
            label="Map resolution",
            unit="points per axis",
            doc="Settings per axis of the map: finer maps take longer.",
        ),
    }

    def __init__(
        self,
        scenario: str | Scenario = "P03_congruent_cues",
        *,
        map_size: int = 21,
        n_points: int = 201,
        rtol: float = 1e-4,
        atol: float = 1e-7,
    ):
        if isinstance(scenario, str):
            scenario = catalog.load(scenario)
        presets = {_preset_label(s): s for p in ("P03", "P04") for s in catalog.for_phenomenon(p)}
        self.map_note = w.HTML()
        self.redraw_button = w.Button(
            description="Redraw the map",
            icon="refresh",
            tooltip="Recompute the map for the current settings",
        )
        super().__init__(
            phenomena.holding(_HELD),
            scenario=scenario,
            controls=[name for group in CONTROLS.values() for name in group],
            live=list(_PANELS.items()),
            live_title="What B shows and what A perceives, over time",
            live_styles=_live_styles(),
            presets=presets,
            simulation={"n_points": n_points, "rtol": rtol, "atol": atol},
            map_size=map_size,
        )
        self.redraw_button.on_click(self._guarded(self.redraw_map, "Cannot draw the map"))
        self._note_map(self.result)

    # -------------------------------------------------------------- contract
    def compute(self, settings: Settings) -> Cues:
        """The run, its response chain, and the map (as last computed)."""
        run = self.simulate(settings)
        current = self.analysis_is_current(settings)
        return Cues(settings.params, run, response_chain(run), self.analysis, current)

    def analysis_key(self, settings: Settings) -> tuple:
        """What the map depends on: every setting but its two axes."""
        params = {k: v for k, v in settings.params.to_dict().items() if k not in MAP_AXES}
        return (
            tuple(params.items()),
            tuple(settings.y0.items()),
            tuple(settings.t_span),
            settings["map_size"],
        )

    def analyse(self, settings: Settings) -> PerceivedMap:
        """A's perceived responsiveness at the end of the run on the map's grid."""
        congruence, bias = (
            np.linspace(*self.model.param_specs[n].soft, settings["map_size"]) for n in MAP_AXES
        )
        found = sweep(
            self.model,
            {MAP_AXES[0]: congruence, MAP_AXES[1]: bias},
            params=settings.params.to_dict(),
            y0=dict(settings.y0),
            t_span=settings.t_span,
            n_points=11,
            rtol=self.simulation_options["rtol"],
            atol=self.simulation_options["atol"],
        )
        z = found.final("perceived_responsiveness_A").T
        if not np.all(np.isfinite(z)):
            raise IntegrationError("some runs of the map failed")
        return PerceivedMap(congruence, bias, z)

    def build(self, result: Cues) -> dict:
        """The bars of the chain at the end, and the map with the current setting."""
        data = self.traces(result)
        return {"gap": _gap_figure(data["gap"]), "map": self._map_figure(data["map"])}

    def traces(self, result: Cues) -> dict:
        """The bars' lengths, the map and where the current setting lies on it."""
        ends = [float(series[-1]) for series in result.chain.values()]
        params = result.params
        return {
            "gap": {"bars": {"x": ends, "text": [f"{v:.2f}" for v in ends]}},
            "map": {
                "perceived": {"x": result.map.xs, "y": result.map.ys, "z": result.map.z},
                "current setting": {
                    "x": [float(params[MAP_AXES[0]])],
                    "y": [float(params[MAP_AXES[1]])],
                },
            },
        }

    def describe(self, result: Cues) -> str:
        """What A ends up feeling, and where along the chain it was won or lost."""
        run = result.run
        chain = {stage: float(series[-1]) for stage, series in result.chain.items()}
        lines = [
            f"<b>At day {run.t[-1]:g}</b>: B's responsiveness {chain['shown']:.2f}; "
            f"B's words and cues convey {chain['conveyed']:.2f}; A reads {chain['read']:.2f} "
            f"in them; A's perceived responsiveness is <b>{chain['perceived']:.2f}</b> "
            f"(trust {run['trust_A'][-1]:.2f}, intimacy {run['intimacy_A'][-1]:.2f})."
        ]
        lines += _why(result.params, chain)
        return "<br>".join(lines)

    def draw(self, result: Cues) -> None:
        """Send the figures' new data, then say whether the map is up to date."""
        super().draw(result)
        self._note_map(result)

    # ----------------------------------------------------------------- views
    @property
    def trajectory(self):
        """The current run (the kernel's, equal to what the page draws)."""
        return self.result.run

    def chain(self) -> dict[str, np.ndarray]:
        """:func:`~intimacy_dynamics.intimacy.phenomena.response_chain` of the current run."""
        return self.result.chain

    def at_end(self) -> dict[str, float]:
        """The chain, A's trust and A's intimacy at the end of the current run."""
        return self.result.at_end()

    @property
    def gap_figure(self):
        """The bars: the chain at the end of the run."""
        return self.figures["gap"]

    @property
    def map_figure(self):
        """The map of A's perceived responsiveness."""
        return self.figures["map"]

    # ----------------------------------------------------------------- map
    def redraw_map(self) -> None:
        """Recompute the map for the current settings (the map's button)."""
        self.refresh("Cannot draw the map")

    def _note_map(self, result: Cues) -> None:
        if result.map_is_current:
            note = "The map is drawn for the current settings of everything but its two axes."
        else:
            note = (
                "<b>The map shows earlier settings</b>: B's words or other cues have changed. "
                "Press <i>Redraw the map</i>."
            )
        if self.inputs:
            note += " It ignores inputs over time."
        self.map_note.value = f"<small>{note}</small>"

    def _map_figure(self, data: dict):
        import plotly.graph_objects as go

        specs = [self.model.param_specs[n] for n in MAP_AXES]
        fig = go.Figure(
            layout=base_layout(
                "A's perceived responsiveness at the end",
                specs[0].display_label,
                specs[1].display_label,
                height=360,
                width=440,
            )
        )
        fig.add_contour(
            **data["perceived"],
            zmin=0,
            zmax=1,
            colorscale="Viridis",
            contours={"start": 0.1, "end": 0.9, "size": 0.1, "showlabels": True},
            colorbar={"title": {"text": "perceived"}, "len": 0.8},
            hovertemplate="congruence %{x:.2f}, bias %{y:.2f}: %{z:.2f}<extra></extra>",
            name="perceived",
        )
        fig.add_scatter(
            **data["current setting"],
            mode="markers",
            name="current setting",
            marker={
                "symbol": "star",
                "size": 16,
                "color": PALETTE["yellow"],
                "line": {"color": PALETTE["black"], "width": 2},
            },
        )
        fig.update_layout(showlegend=True, legend={"y": 1.0, "yanchor": "bottom", "x": 0.5})
        fig.update_xaxes(
            range=[-0.04, 1.04], tickvals=[0, 0.5, 1], ticktext=["0 smirk", "0.5", "1 match"]
        )
        fig.update_yaxes(
            range=[-1.06, 1.06],
            tickvals=[-1, -0.5, 0, 0.5, 1],
            ticktext=["rejection -1", "-0.5", "0", "0.5", "care +1"],
        )
        return named_widget(fig, list(data))

    # ---------------------------------------------------------------- layout
    def layout(self) -> w.VBox:
        """The live chain beside the bars and the map; the readout; the settings."""
        map_size = self.own_controls["map_size"].widget
        side = w.VBox(
            [
                self.gap_figure,
                self.map_figure,
                w.HBox([self.redraw_button, self.map_note]),
                map_size,
            ]
        )
        note = w.HTML(
            "<small>A keeps disclosing at a fixed willingness, so only the reading varies.</small>"
        )
        return w.VBox(
            [
                self.toolbar(),
                w.HBox([self.plot, side], layout=w.Layout(flex_flow="row wrap")),
                self.readout,
                note,
                self.settings_panel(),
            ]
        )

    def summary_view(self) -> SiteBox:
        """The bars and the readout alone (the same widgets), to show beside a question."""
        return SiteBox([self.gap_figure, self.readout], note="the bars after a reveal")

    # ------------------------------------------------------------ predictions
    def predict(self, step: str) -> PredictThenReveal:
        """A predict-then-reveal question that loads its scenario into the explorer.

        ``step`` is ``"smirk"`` (same words, a smirk), ``"immediacy"`` (leaning in to a
        critic) or ``"bias"`` (A reads rejection). The answer is computed from the model.
        """
        if step not in _PREDICTIONS:
            choices = ", ".join(repr(k) for k in _PREDICTIONS)
            raise ValueError(f"no prediction step {step!r}; choose one of {choices}")
        question, (before, bias), after = _PREDICTIONS[step]
        low, high = _perceived(before, bias), _perceived(after)
        answer = _ANSWERS[verdicts.direction(high - low, verdicts.CHANGE_A_STUDENT_SEES)]
        explanation = (
            f"A's perceived responsiveness goes from {low:.2f} to {high:.2f} at day 10. "
            + _EXPLANATIONS[step]
        )
        return PredictThenReveal(
            question, list(_ANSWERS.values()), answer, explanation, lambda: self.show(after)
        )

    def show(self, name: str) -> None:
        """Load the named P03/P04 scenario, as picking it from the Preset menu does."""
        scenario = catalog.load(name)
        label = _preset_label(scenario)
        if label not in self.presets:
            raise ValueError(f"{name!r} is not one of the explorer's presets")
        if self.preset_picker.value == label:
            self.load(scenario)  # picked already: load it again (sliders may have moved)
        else:
            self.preset_picker.value = label  # loads it, and the menu shows it


def _live_styles() -> dict[str, dict]:
    """The chain's lines in its colours and dashes, and A's trust and intimacy."""
    styles = {
        name: {"name": label, "line": {"color": colour, "dash": dash, "width": 2.5}}
        for name, (label, colour, dash) in zip(_PANELS[_CHAIN_PANEL], STAGES.values(), strict=True)
    }
    styles["trust_A"] = {
        "name": "A's trust",
        "line": {"color": PALETTE["green"], "dash": "longdash", "width": 2.5},
    }
    styles["intimacy_A"] = {
        "name": "A's intimacy",
        "line": {"color": PALETTE["black"], "dash": "solid", "width": 2.5},
    }
    return styles


def _gap_figure(data: dict):
    import plotly.graph_objects as go

    fig = go.Figure(
        layout=base_layout("Shown vs perceived, at the end", "level (0 to 1)", "", height=280)
    )
    fig.add_bar(
        **data["bars"],
        y=[label for label, _, _ in STAGES.values()],
        orientation="h",
        textposition="outside",
        marker={"color": [c for _, c, _ in STAGES.values()], "line": {"width": 1}},
        hovertemplate="%{y}: %{x:.3f}<extra></extra>",
        showlegend=False,
    )
    fig.update_xaxes(range=[0, 1.15])
    fig.update_yaxes(autorange="reversed")
    fig.update_layout(width=440, margin={"l": 210, "r": 20, "t": 50, "b": 50})
    return named_widget(fig, ["bars"])


_ANSWERS = {  # keyed by the words of verdicts.direction
    "up": "A feels more understood",
    "same": "A feels about as understood as before",
    "down": "A feels less understood",
}
_PREDICTIONS = {
    "smirk": (
        "B says the same kind words, but with a sarcastic smirk. What does A feel?",
        ("P03_congruent_cues", None),
        "P03_sarcastic_smirk",
    ),
    "immediacy": (
        "B is critical. B now leans in and holds A's gaze (immediacy 0.9) instead of "
        "sitting back (0.1). What does A feel?",
        ("P03_critical_low_immediacy", None),
        "P03_critical_high_immediacy",
    ),
    "bias": (
        "B stays exactly the same, but A tends to read rejection into answers "
        "(interpretation bias -0.5). What does A feel?",
        ("P04_negative_reader", 0.0),  # the same couple, A without the bias
        "P04_negative_reader",
    ),
}
_EXPLANATIONS = {
    "smirk": "The words are the same; only the cue that goes with them changed. Watch the "
    "four bars: which of them moved, and which stayed where they were?",
    "immediacy": "Immediacy amplifies whatever the response says: leaning in makes support "
    "warmer and criticism sharper.",
    "bias": "Nothing B does changes; the drop happens between what is conveyed and what A "
    "reads in it.",
}


def _why(p, chain: dict[str, float]) -> list[str]:
    """Plain-language reasons for the gaps along the chain (the verdicts are the model's)."""
    lines = []
    reasons = verdicts.what_comes_across(p)
    if reasons:
        lines.append("What comes across: " + "; ".join(reasons) + ".")
    bias = verdicts.reading_bias_in_words(
        chain["read"], chain["conveyed"], p["interpretation_bias_A"]
    )
    return lines + ([bias] if bias else [])
