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

import html
from functools import cache

import ipywidgets as w
import numpy as np

from intimacy_dynamics.ensemble import sweep
from intimacy_dynamics.errors import IntimacyDynamicsError
from intimacy_dynamics.intimacy import catalog, phenomena
from intimacy_dynamics.intimacy.phenomena import RESPONSE_CHAIN, response_chain
from intimacy_dynamics.plotting import PALETTE, apply_config, base_layout
from intimacy_dynamics.simulation.scenario import Scenario
from intimacy_dynamics.widgets.common import PredictThenReveal
from intimacy_dynamics.widgets.lab import ModelLab

__all__ = ["CONTROLS", "STAGES", "CuesExplorer"]

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
MAP_AXES = ("cue_congruence_B", "interpretation_bias_A")
MAP_SIZE = 21
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


class CuesExplorer(ModelLab):
    """Sliders for B's words and cues and A's reading; what B shows against what A feels.

    Parameters
    ----------
    scenario : str or Scenario
        Where to start (and what Reset returns to); a P03/P04 scenario of the catalog.
    **options
        Passed to :class:`ModelLab` (``n_points``, ``rtol``, ``atol``).

    Examples
    --------
    >>> explorer = CuesExplorer()
    >>> kind = explorer.at_end()["perceived"]
    >>> explorer.set(cue_congruence_B=0.0)        # the same words with a sarcastic smirk
    >>> bool(explorer.at_end()["perceived"] < kind - 0.2)
    True
    >>> explorer.set(cue_congruence_B=2.0)        # outside [0, 1]: refused, with a message
    >>> "outside its allowed range" in explorer.readout.value
    True
    """

    def __init__(self, scenario: str | Scenario = "P03_congruent_cues", **options):
        if isinstance(scenario, str):
            scenario = catalog.load(scenario)
        presets = {_preset_label(s): s for p in ("P03", "P04") for s in catalog.for_phenomenon(p)}
        self._chain_of = (None, None)
        self.map_note = w.HTML()
        options.setdefault("n_points", 201)
        super().__init__(
            phenomena.holding(_HELD),
            plots=["perceived_responsiveness"],
            params=[name for group in CONTROLS.values() for name in group],
            scenario=scenario,
            presets=presets,
            title="What B shows and what A perceives, over time",
            **options,
        )
        self._note_map()

    # ------------------------------------------------------------- reading
    def chain(self, run=None) -> dict[str, np.ndarray]:
        """:func:`response_chain` of ``run`` (default: the current run), computed once."""
        run = self.trajectory if run is None else run
        if self._chain_of[0] is not run:
            self._chain_of = (run, response_chain(run))
        return self._chain_of[1]

    def at_end(self) -> dict[str, float]:
        """The chain, A's trust and A's intimacy at the end of the current run."""
        values = {stage: float(series[-1]) for stage, series in self.chain().items()}
        values["trust"] = float(self.trajectory["trust_A"][-1])
        values["intimacy"] = float(self.trajectory["intimacy_A"][-1])
        return values

    # ------------------------------------------------------------- settings
    def set(self, **values: float) -> None:
        """Set several parameters at once, with one redraw; bad values show a message."""
        try:
            super().set(**values)
        except IntimacyDynamicsError as exc:
            self.readout.value = _error("Cannot use these settings", exc)

    def load(self, scenario: Scenario | str) -> None:
        """Apply a scenario (or its JSON) and redraw the map for it."""
        super().load(scenario)
        self.redraw_map()

    # ----------------------------------------------------------------- map
    def _map_settings(self) -> tuple:
        params = {k: v for k, v in self.current_params().items() if k not in MAP_AXES}
        y0 = self.current_y0()
        return tuple(sorted(params.items())), tuple(sorted(y0.items())), tuple(self.t_span)

    def perceived_map(self) -> np.ndarray:
        """A's perceived responsiveness at the end of the run on the map's grid.

        Rows follow A's interpretation bias, columns B's cue congruence; every other
        setting is the current one.
        """
        congruence, bias = (
            np.linspace(*self.model.param_specs[n].soft, MAP_SIZE) for n in MAP_AXES
        )
        found = sweep(
            self.model,
            {MAP_AXES[0]: congruence, MAP_AXES[1]: bias},
            params=dict(self.current_params()),
            y0=self.current_y0(),
            t_span=self.t_span,
            n_points=11,
            rtol=self.simulation_options["rtol"],
            atol=self.simulation_options["atol"],
        )
        return found.final("perceived_responsiveness_A").T

    def redraw_map(self, _=None) -> None:
        """Recompute the map for the current settings (the map's button)."""
        try:
            z = self.perceived_map()
        except IntimacyDynamicsError as exc:
            self.map_note.value = _error("Cannot draw the map", exc)
            return
        if not np.all(np.isfinite(z)):
            self.map_note.value = _error("Cannot draw the map", "some runs failed")
            return
        self.map_figure.plotly_restyle({"z": [z]}, trace_indexes=[0])
        self._mapped = self._map_settings()
        self._note_map()

    def _note_map(self) -> None:
        if self._map_settings() == self._mapped:
            note = "The map is drawn for the current settings of everything but its two axes."
        else:
            note = (
                "<b>The map shows earlier settings</b>: B's words or other cues have changed. "
                "Press <i>Redraw the map</i>."
            )
        if self.inputs:
            note += " It ignores inputs over time."
        self.map_note.value = f"<small>{note}</small>"

    # --------------------------------------------------------------- drawing
    def _draw(self, run) -> None:
        chain = self.chain(run)
        update = {"y": [*chain.values(), run["trust_A"], run["intimacy_A"]]}
        if not np.array_equal(self._drawn_t, run.t):
            update["x"] = [run.t] * len(update["y"])
            self._drawn_t = run.t
        self.figure.plotly_restyle(update, trace_indexes=list(range(len(update["y"]))))
        ends = [float(series[-1]) for series in chain.values()]
        self.gap_figure.plotly_restyle(
            {"x": [ends], "text": [[f"{v:.2f}" for v in ends]]}, trace_indexes=[0]
        )
        params = self.current_params()
        self.map_figure.plotly_restyle(
            {"x": [[params[MAP_AXES[0]]]], "y": [[params[MAP_AXES[1]]]]}, trace_indexes=[1]
        )
        self._note_map()

    # Built whole before wrapping (see ModelLab): ModelLab's constructor calls this once,
    # and the gap bars and the map are built here too, from the same first run.
    def _time_figure(self, title, run):
        import plotly.graph_objects as go
        from plotly.subplots import make_subplots

        chain = self.chain(run)
        fig = make_subplots(
            rows=2,
            cols=1,
            shared_xaxes=True,
            vertical_spacing=0.14,
            subplot_titles=[
                "Responsiveness: what B shows, what A perceives",
                "A's trust and intimacy",
            ],
        )
        for stage, (label, colour, dash) in STAGES.items():
            fig.add_scatter(
                x=run.t, y=chain[stage], name=label, row=1, col=1, **_line(colour, dash)
            )
        for name, label, colour, dash in (
            ("trust_A", "A's trust", PALETTE["green"], "longdash"),
            ("intimacy_A", "A's intimacy", PALETTE["black"], "solid"),
        ):
            fig.add_scatter(x=run.t, y=run[name], name=label, row=2, col=1, **_line(colour, dash))
        layout = base_layout(title, height=620, width=640)
        layout["legend"] = {"orientation": "h", "yanchor": "top", "y": -0.1, "x": 0}
        layout["margin"] = {**layout["margin"], "b": 130}
        fig.update_layout(**layout)
        fig.update_yaxes(range=[0, 1.02], title_text="level (0 to 1)")
        fig.update_xaxes(title_text=f"time ({self.model.time_units})", row=2, col=1)
        self._trace_names = [*STAGES, "trust_A", "intimacy_A"]
        self.gap_figure = self._gap_figure(chain)
        self.map_figure = self._map_figure()
        return apply_config(go.FigureWidget(fig))

    def _gap_figure(self, chain):
        import plotly.graph_objects as go

        ends = [float(series[-1]) for series in chain.values()]
        fig = go.Figure(
            layout=base_layout("Shown vs perceived, at the end", "level (0 to 1)", "", height=280)
        )
        fig.add_bar(
            x=ends,
            y=[label for label, _, _ in STAGES.values()],
            orientation="h",
            text=[f"{v:.2f}" for v in ends],
            textposition="outside",
            marker={"color": [c for _, c, _ in STAGES.values()], "line": {"width": 1}},
            hovertemplate="%{y}: %{x:.3f}<extra></extra>",
            showlegend=False,
        )
        fig.update_xaxes(range=[0, 1.15])
        fig.update_yaxes(autorange="reversed")
        fig.update_layout(width=440, margin={"l": 210, "r": 20, "t": 50, "b": 50})
        return apply_config(go.FigureWidget(fig))

    def _map_figure(self):
        import plotly.graph_objects as go

        specs = [self.model.param_specs[n] for n in MAP_AXES]
        xs, ys = (np.linspace(*s.soft, MAP_SIZE) for s in specs)
        z = self.perceived_map()
        self._mapped = self._map_settings()
        params = self.current_params()
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
            x=xs,
            y=ys,
            z=z,
            zmin=0,
            zmax=1,
            colorscale="Viridis",
            contours={"start": 0.1, "end": 0.9, "size": 0.1, "showlabels": True},
            colorbar={"title": {"text": "perceived"}, "len": 0.8},
            hovertemplate="congruence %{x:.2f}, bias %{y:.2f}: %{z:.2f}<extra></extra>",
            name="perceived",
        )
        fig.add_scatter(
            x=[params[MAP_AXES[0]]],
            y=[params[MAP_AXES[1]]],
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
        return apply_config(go.FigureWidget(fig))

    def summarize(self, run) -> str:
        """What A ends up feeling, and where along the chain it was won or lost."""
        chain = {stage: float(series[-1]) for stage, series in self.chain(run).items()}
        p = self.current_params()
        lines = [
            f"<b>At day {run.t[-1]:g}</b>: B's responsiveness {chain['shown']:.2f}; "
            f"B's words and cues convey {chain['conveyed']:.2f}; A reads {chain['read']:.2f} "
            f"in them; A's perceived responsiveness is <b>{chain['perceived']:.2f}</b> "
            f"(trust {run['trust_A'][-1]:.2f}, intimacy {run['intimacy_A'][-1]:.2f})."
        ]
        lines += _why(p, chain)
        return "<br>".join(lines)

    # ---------------------------------------------------------------- layout
    def _layout(self) -> w.VBox:
        redraw = w.Button(
            description="Redraw the map",
            icon="refresh",
            tooltip="Recompute the map for the current settings",
        )
        redraw.on_click(self.redraw_map)
        self.redraw_button = redraw
        side = w.VBox([self.gap_figure, self.map_figure, w.HBox([redraw, self.map_note])])
        groups = [
            w.VBox(
                [w.HTML(f"<b>{title}</b>"), *(self.controls[n].widget for n in names)],
                layout=w.Layout(margin="0 12px 6px 0"),
            )
            for title, names in CONTROLS.items()
        ]
        note = w.HTML(
            "<small>A keeps disclosing at a fixed willingness, so only the reading varies.</small>"
        )
        return w.VBox(
            [
                self._toolbar(),
                w.HBox([self.figure, side], layout=w.Layout(flex_flow="row wrap")),
                self.readout,
                w.HBox(groups, layout=w.Layout(flex_flow="row wrap")),
                note,
                self._settings_box(),
            ]
        )

    def summary_view(self) -> w.VBox:
        """The bars and the readout alone (the same widgets), to show beside a question."""
        return w.VBox([self.gap_figure, self.readout])

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
        answer = _compare(high - low)
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


_ANSWERS = {
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


def _compare(change: float) -> str:
    key = "up" if change > 0.05 else "down" if change < -0.05 else "same"
    return _ANSWERS[key]


def _why(p, chain: dict[str, float]) -> list[str]:
    """Plain-language reasons for the gaps along the chain."""
    reasons = []
    valence, congruence = p["response_valence_B"], p["cue_congruence_B"]
    if valence < -0.1:
        reasons.append("B's words are critical")
    elif valence < 0.1:
        reasons.append("B's words are disinterested")
    if congruence < 0.5:
        reasons.append(
            "B's cues contradict the words (like a sarcastic smirk), turning them around"
        )
    if p["cue_affect_B"] < -0.1:
        reasons.append("B's nonverbal cues are cold")
    if p["immediacy_B"] > 0.7:
        reasons.append("B leans in (high immediacy), which amplifies the message")
    elif p["immediacy_B"] < 0.3:
        reasons.append("B keeps a distance (low immediacy), which mutes the message")
    lines = []
    if reasons:
        lines.append("What comes across: " + "; ".join(reasons) + ".")
    bias = p["interpretation_bias_A"]
    if chain["read"] < chain["conveyed"] - 0.05:
        lines.append(
            f"A reads rejection into responses (bias {bias:+.2f}): the same response feels "
            "colder to A than it is meant."
        )
    elif chain["read"] > chain["conveyed"] + 0.05:
        lines.append(
            f"A gives B the benefit of the doubt (bias {bias:+.2f}): the response feels warmer "
            "to A than it is meant."
        )
    return lines


def _line(colour: str, dash: str) -> dict:
    return {
        "mode": "lines",
        "line": {"color": colour, "dash": dash, "width": 2.5},
        "hovertemplate": "%{y:.3f}<extra></extra>",
    }


def _error(what: str, problem) -> str:
    return (
        f'<span style="color:{PALETTE["vermillion"]}"><b>{what}:</b> '
        f"{html.escape(str(problem))}</span>"
    )
