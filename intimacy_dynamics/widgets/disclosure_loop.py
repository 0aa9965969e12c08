"""``DisclosureLoopExplorer``: the reciprocal loop of the interpersonal process model.

In the interpersonal process model (Reis & Shaver 1988) one partner discloses, the
other responds, and the discloser reads the response and comes to feel understood, or
does not. Trust follows what is felt, and trust opens the next disclosure; felt
intimacy grows along the way. Then the roles swap: B discloses and A responds.

The explorer draws the chain as the model computes it, one panel per link (A solid, B
dashed), in the page as the sliders move, and a diagram of the loop with the values at
the end of the run. A toggle runs the mediation test of P07: hold A's perceived
responsiveness fixed and see how much of the effect of deeper disclosure is left
(Laurenceau, Barrett & Pietromonaco 1998).
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import ClassVar

import ipywidgets as w
import numpy as np

from intimacy_dynamics.intimacy import catalog, phenomena, verdicts
from intimacy_dynamics.intimacy.model import IntimacyModel
from intimacy_dynamics.plotting import PALETTE, base_layout, partner_style
from intimacy_dynamics.simulation.scenario import Scenario
from intimacy_dynamics.simulation.simulate import INTERACTIVE_BUDGET
from intimacy_dynamics.widgets.controls import Choice
from intimacy_dynamics.widgets.explorer import Explorer, Settings
from intimacy_dynamics.widgets.figures import named_widget

__all__ = ["DisclosureLoopExplorer", "loop_diagram", "response_reading"]

#: The controls: what A discloses, how B responds, and how much each follows the other.
LOOP_PARAMETERS = (
    "depth_A",
    "emotional_content_A",
    "reciprocity_A",
    "empathic_concern_B",
    "response_valence_B",
    "reciprocity_B",
)
#: B's response styles, each the P01 scenario of that name.
RESPONSE_STYLES = ("supportive", "disinterested", "critical")
#: One panel per link of the chain: (link, series of A's loop, series of B's loop).
LINKS = (
    ("exposure", "exposure_A", "exposure_B"),
    ("response_reading", "response_reading_A", "response_reading_B"),
    ("perceived_responsiveness", "perceived_responsiveness_A", "perceived_responsiveness_B"),
    ("trust", "trust_A", "trust_B"),
    ("disclosure", "disclosure_A", "disclosure_B"),
    ("intimacy", "intimacy_A", "intimacy_B"),
)
#: A's lines in the P07 figure: the mediator, and what it carries to.
_MEDIATED = (phenomena.MEDIATOR, "trust_A", "intimacy_A")


# ------------------------------------------------------------ the response as read
def response_reading(run, partner: str = "A") -> np.ndarray:
    """How ``partner`` reads the other's responses over a run: 0 rejecting, 1 caring.

    This is the level the discloser's perceived responsiveness moves toward while the
    discloser is exposed: the partner's tone times the responsiveness shown, turned by
    the nonverbal cues, amplified by immediacy and by the stakes of the disclosure, and
    shifted by the discloser's interpretation bias. It is the model's own output
    ``response_reading_<partner>``, so it follows any change of the model.

    Parameters
    ----------
    run : Trajectory
        A run of the intimacy model (or of a copy of it).
    partner : {"A", "B"}
        The discloser who reads the response.

    Examples
    --------
    >>> from intimacy_dynamics.intimacy import phenomena
    >>> kind = phenomena.run("P01_supportive_partner")
    >>> critic = phenomena.run("P01_critical_partner")
    >>> bool(response_reading(kind)[-1] > 0.5 > response_reading(critic)[-1])
    True
    """
    if partner not in ("A", "B"):
        raise ValueError(f"partner must be 'A' or 'B', not {partner!r}")
    if not isinstance(run.model, IntimacyModel):
        raise TypeError(f"response_reading needs a run of IntimacyModel, not of {run.model.name}")
    return np.asarray(run[f"response_reading_{partner}"])


# ------------------------------------------------------------------ the diagram
_BOX_W, _BOX_H, _GAP = 150, 84, 26
_ROW_A, _ROW_B, _HEIGHT = 60, 210, 340


def _box(x, y, title, lines, value, partner, held=False) -> str:
    colour = PALETTE["blue"] if partner == "A" else PALETTE["vermillion"]
    dash = "" if partner == "A" else ' stroke-dasharray="7 4"'
    fill = "#ececec" if held else "#ffffff"
    texts = [f'<text x="{x + 8}" y="{y + 18}" font-weight="bold">{html.escape(title)}</text>']
    texts += [
        f'<text x="{x + 8}" y="{y + 36 + 15 * k}">{html.escape(line)}</text>'
        for k, line in enumerate(lines)
    ]
    bar = max(0.0, min(1.0, float(value))) * (_BOX_W - 16)
    return (
        f'<rect x="{x}" y="{y}" width="{_BOX_W}" height="{_BOX_H}" rx="6" fill="{fill}" '
        f'stroke="{colour}" stroke-width="2"{dash}/>'
        + "".join(texts)
        + f'<rect x="{x + 8}" y="{y + _BOX_H - 12}" width="{_BOX_W - 16}" height="6" '
        f'fill="#e0e0e0"/><rect x="{x + 8}" y="{y + _BOX_H - 12}" width="{bar:.1f}" '
        f'height="6" fill="{colour}"/>'
    )


def _arrow(x1, y, x2) -> str:
    return (
        f'<line x1="{x1}" y1="{y}" x2="{x2 - 2}" y2="{y}" stroke="#555" stroke-width="1.6" '
        'marker-end="url(#loop-arrow)"/>'
    )


def _row(values: dict, me: str, y: float, held: bool) -> str:
    """One partner's loop: five links in a row, the loop closing, and intimacy."""
    other = "B" if me == "A" else "A"

    def v(name):
        return values[f"{name}_{me}"]

    reading, tone = v("response_reading"), values[f"response_valence_{other}"]
    shown = values[f"responsiveness_{other}"]
    boxes = [
        (f"1 · {me} discloses", [f"exposure {v('exposure'):.2f}"], v("exposure")),
        (
            f"2 · {other} responds",
            [
                f"{me} reads {reading:.2f}: {verdicts.reading_in_words(reading)}",
                f"(shows {shown:.2f}, tone {tone:+.1f})",
            ],
            reading,
        ),
        (
            f"3 · {me} feels understood",
            [f"R {v('perceived_responsiveness'):.2f}" + (", held fixed" if held else "")],
            v("perceived_responsiveness"),
        ),
        (f"4 · {me}'s trust", [f"T {v('trust'):.2f}"], v("trust")),
        (f"5 · {me}'s willingness", [f"D {v('disclosure'):.2f}"], v("disclosure")),
    ]
    parts = []
    for k, (title, lines, value) in enumerate(boxes):
        x = 10 + k * (_BOX_W + _GAP)
        parts.append(_box(x, y, title, lines, value, me, held=held and k == 2))
        if k < len(boxes) - 1:
            parts.append(_arrow(x + _BOX_W, y + _BOX_H / 2, x + _BOX_W + _GAP))
    # trust opens the next disclosure: the loop closes from box 5 back to box 1
    first, last = 10 + _BOX_W / 2, 10 + 4 * (_BOX_W + _GAP) + _BOX_W / 2
    edge, bend, label_y = (
        (y, y - 28, y - 26) if me == "A" else (y + _BOX_H, y + _BOX_H + 28, y + _BOX_H + 36)
    )
    parts.append(
        f'<path d="M {last} {edge} C {last} {bend}, {first} {bend}, {first} {edge}" '
        'fill="none" stroke="#555" stroke-width="1.6" marker-end="url(#loop-arrow)"/>'
        f'<text x="{(first + last) / 2}" y="{label_y}" text-anchor="middle" fill="#555">'
        f"{me}'s willingness opens {me}'s next disclosure</text>"
    )
    x = 10 + 5 * (_BOX_W + _GAP) + 6
    lines = [f"I {v('intimacy'):.2f}", "fed by 1, 3 and", f"by {other}'s disclosure"]
    parts.append(_box(x, y, f"{me}'s intimacy", lines, v("intimacy"), me))
    return "".join(parts)


def loop_diagram(values: dict, *, day: float, held: bool = False) -> str:
    """An SVG diagram of both partners' loops with the values of one moment.

    Parameters
    ----------
    values : dict
        Values by name: for each partner ``exposure``, ``response_reading``,
        ``perceived_responsiveness``, ``trust``, ``disclosure``, ``intimacy``,
        ``responsiveness``, ``response_valence`` and ``reciprocity`` (``"trust_A"``, ...).
    day : float
        The time the values are taken at (shown in the caption).
    held : bool
        Whether A's perceived responsiveness was held fixed (P07).

    Examples
    --------
    >>> names = ["exposure", "response_reading", "perceived_responsiveness", "trust", "disclosure",
    ...          "intimacy", "responsiveness", "response_valence", "reciprocity"]
    >>> svg = loop_diagram({f"{n}_{p}": 0.5 for n in names for p in "AB"}, day=200)
    >>> svg.startswith("<svg") and "A feels understood" in svg and "R 0.50" in svg
    True
    """
    width = 10 + 5 * (_BOX_W + _GAP) + 6 + _BOX_W + 10
    caption = f"The loop on day {day:g}" + (
        ", A's feeling understood held fixed (P07)" if held else ""
    )
    swap = (
        "Roles swap: B discloses and A responds. B's disclosure invites A's "
        f"(A's reciprocity {values['reciprocity_A']:.2f}), and A's invites B's "
        f"(B's reciprocity {values['reciprocity_B']:.2f})."
    )
    middle = (_ROW_A + _BOX_H + _ROW_B) / 2
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {_HEIGHT}" '
        f'width="100%" style="max-width:{width}px;font-family:sans-serif;font-size:12px" '
        f'role="img" aria-label="{html.escape(caption)}">'
        '<defs><marker id="loop-arrow" viewBox="0 0 10 10" refX="9" refY="5" '
        'markerWidth="7" markerHeight="7" orient="auto-start-reverse">'
        '<path d="M 0 0 L 10 5 L 0 10 z" fill="#555"/></marker></defs>'
        f'<text x="10" y="16" font-weight="bold" font-size="13">{html.escape(caption)}</text>'
        + _row(values, "A", _ROW_A, held)
        + f'<text x="{width / 2}" y="{middle + 4}" text-anchor="middle" fill="#333">'
        f"{html.escape(swap)}</text>" + _row(values, "B", _ROW_B, False) + "</svg>"
    )


# ---------------------------------------------------------------- the explorer
@dataclass(frozen=True)
class Loop:
    """The explorer's result: the couple's run and, with the P07 toggle, its test."""

    run: object
    test: phenomena.Mediation | None

    @property
    def shown(self):
        """The run the diagram shows: the held run during the P07 test, else the run."""
        return self.run if self.test is None else self.test.held


class DisclosureLoopExplorer(Explorer):
    """The disclosure–response loop of A and B, link by link, with the P07 toggle.

    The six links over time are drawn in the page as the sliders move. The kernel
    draws the loop's diagram at the end of the run and, with the toggle on, the
    mediation test of P07 in a figure of its own: A's lines with feeling understood
    held next to the same lines left free. That figure is drawn in the kernel because
    its runs start where the couple settled at the reference depth and one runs a
    model with a state held: kernel-only runs, shown side by side.

    Parameters
    ----------
    scenario : str or Scenario
        Where to start (a catalog name); the supportive partner of P01 by default,
        which is also what Reset returns to.
    n_points : int
        Output times per run.
    rtol, atol : float
        Integration tolerances (plot accuracy by default).

    Examples
    --------
    >>> explorer = DisclosureLoopExplorer()
    >>> explorer.response_style.value = "critical"   # B answers critically (P01)
    >>> explorer.current["response_valence_B"]
    -0.7
    >>> "trust went" in explorer.readout.value
    True
    >>> explorer.set(depth_A=0.8, hold_responsiveness=True)   # the P07 test
    >>> explorer.mediation["direct"] != explorer.mediation["total"]
    True
    """

    own_settings: ClassVar[dict[str, Choice]] = {
        "hold_responsiveness": Choice(
            (False, True),
            label="Hold A's perceived responsiveness fixed (P07)",
            doc="Settle at shallow disclosure, then disclose at A's depth with A's feeling "
            "of being understood held where it was",
        ),
    }

    def __init__(
        self,
        scenario: str | Scenario = "P01_supportive_partner",
        *,
        n_points: int = 201,
        rtol: float = 1e-4,
        atol: float = 1e-7,
    ):
        if isinstance(scenario, str):
            scenario = catalog.load(scenario)
        self.styles = {
            kind: catalog.load(f"P01_{kind}_partner").params["response_valence_B"]
            for kind in RESPONSE_STYLES
        }
        self.response_style = w.ToggleButtons(
            options=list(RESPONSE_STYLES),
            value=None,
            description="B responds",
            tooltips=[f"B's response valence {v:+.1f} (P01)" for v in self.styles.values()],
        )
        self.diagram = w.HTML()
        self.mediation_box = w.Box()
        presets = {
            f"{preset.name[:3]} · {preset.title}": preset
            for code in ("P01", "P02", "P07")
            for preset in catalog.for_phenomenon(code)
        }
        super().__init__(
            phenomena.model(),
            scenario=scenario,
            controls=LOOP_PARAMETERS,
            live=_link_panels(),
            live_title="The disclosure loop over time (A solid, B dashed)",
            presets=presets,
            simulation={"n_points": n_points, "rtol": rtol, "atol": atol},
        )
        self.own_controls["hold_responsiveness"].widget.icon = "lock"
        self.mediation_box.children = (self.figures["mediation"],)
        self.response_style.observe(self._on_style, names="value")
        self._show_loop(self.result)

    # -------------------------------------------------------------- contract
    def compute(self, settings: Settings) -> Loop:
        """The couple's run, and with the toggle the P07 test on the same settings."""
        run = self.simulate(settings)
        if not settings["hold_responsiveness"]:
            return Loop(run, None)
        options = {**self.simulation_options, "inputs": dict(settings.inputs) or None}
        test = phenomena.mediation(
            settings.params, settings.y0, budget=INTERACTIVE_BUDGET, **options
        )
        return Loop(run, test)

    def build(self, result: Loop) -> dict:
        """The P07 figure: A's lines, feeling understood held and free."""
        from plotly.subplots import make_subplots

        fig = make_subplots(
            rows=1,
            cols=len(_MEDIATED),
            subplot_titles=[self.model.spec(n).label for n in _MEDIATED],
            horizontal_spacing=0.08,
        )
        data = self.traces(result)["mediation"]
        for k, name in enumerate(_MEDIATED, start=1):
            fig.add_scatter(
                **data[f"held {name}"],
                mode="lines",
                name="A, feeling understood held",
                legendgroup="held",
                showlegend=k == 1,
                line=partner_style("A"),
                hovertemplate="A, R held: %{y:.3f}<extra></extra>",
                row=1,
                col=k,
            )
            fig.add_scatter(
                **data[f"free {name}"],
                mode="lines",
                name="A, feeling understood free",
                legendgroup="free",
                showlegend=k == 1,
                line={"color": PALETTE["grey"], "dash": "dot", "width": 2.5},
                hovertemplate="A, R free: %{y:.3f}<extra></extra>",
                row=1,
                col=k,
            )
            fig.update_yaxes(range=[0, 1.02], row=1, col=k)
            fig.update_xaxes(title_text="days after the change of depth", row=1, col=k)
        fig.update_layout(
            **base_layout("The mediation test (P07): A's feeling understood held", height=330)
        )
        return {"mediation": named_widget(fig, list(data))}

    def traces(self, result: Loop) -> dict:
        """A's held and free lines of the P07 test (empty without it)."""
        data = {}
        for name in _MEDIATED:
            for kind in ("held", "free"):
                run = None if result.test is None else getattr(result.test, kind)
                data[f"{kind} {name}"] = {
                    "x": [] if run is None else run.t,
                    "y": [] if run is None else run[name],
                }
        return {"mediation": data}

    def describe(self, result: Loop) -> str:
        """One sentence on the loop of A at the end of the run (or on the P07 test)."""
        if result.test is not None:
            return _mediation_sentence(result.test.numbers)
        run = result.run
        end = {name: float(values[-1]) for name, values in self.series(run).items()}
        start, trust = float(run["trust_A"][0]), end["trust_A"]
        reading = end["response_reading_A"]
        change = trust - start
        moved = verdicts.direction(
            change, verdicts.TREND_A_STUDENT_SEES, ("down", "about level", "up")
        )
        return (
            f"By day {run.t[-1]:g}, A reveals {end['exposure_A']:.2f} (exposure) and reads "
            f"B's responses as <b>{verdicts.reading_in_words(reading)}</b> ({reading:.2f}), "
            f"so A feels understood at {end['perceived_responsiveness_A']:.2f}. A's "
            f"<b>trust went {moved}</b>, from {start:.2f} to {trust:.2f}, and A's intimacy "
            f"is {end['intimacy_A']:.2f} (B's: {end['intimacy_B']:.2f})."
        )

    def draw(self, result: Loop) -> None:
        """Send the P07 figure's new data, then redraw the diagram and the style buttons."""
        super().draw(result)
        self._show_loop(result)

    # ----------------------------------------------------------------- views
    @property
    def trajectory(self):
        """The couple's run (the kernel's, equal to what the page draws)."""
        return self.result.run

    @property
    def holding(self) -> bool:
        """Whether A's perceived responsiveness is held fixed (the P07 toggle)."""
        return self.current["hold_responsiveness"]

    @property
    def mediation(self) -> dict | None:
        """With the toggle on: the P07 numbers for the current settings.

        See :class:`~intimacy_dynamics.intimacy.phenomena.Mediation`.
        """
        return None if self.result.test is None else self.result.test.numbers

    @property
    def comparison(self):
        """With the toggle on: the run from the settled start, feeling understood free."""
        return None if self.result.test is None else self.result.test.free

    @property
    def mediation_figure(self):
        """The P07 figure (shown while the toggle is on)."""
        return self.figures["mediation"]

    def series(self, run) -> dict[str, np.ndarray]:
        """Every series of the chain in a run, by name."""
        return {name: run[name] for _, a, b in LINKS for name in (a, b)}

    def _show_loop(self, result: Loop) -> None:
        """The diagram at the end of the run shown, the lit style, the P07 figure shown."""
        run, held = result.shown, result.test is not None
        values = {name: float(series[-1]) for name, series in self.series(run).items()}
        for base in ("responsiveness", "response_valence", "reciprocity"):
            for partner in "AB":
                values[f"{base}_{partner}"] = float(run[f"{base}_{partner}"][-1])
        self.diagram.value = loop_diagram(values, day=float(run.t[-1]), held=held)
        self.mediation_box.layout.display = "" if held else "none"
        self._show_style()

    def _show_style(self) -> None:
        valence = self.current["response_valence_B"]
        style = next((k for k, v in self.styles.items() if v == valence), None)
        with self._held():
            self.response_style.value = style

    def _on_style(self, change) -> None:
        if self._suspended or change["new"] not in self.styles:
            return
        valence = self.styles[change["new"]]
        self._guarded(lambda: self.set(response_valence_B=valence), "Cannot use this style")()
        self._show_style()  # lit as the settings are, whatever happened

    # ----------------------------------------------------------------- layout
    def layout(self) -> w.VBox:
        """Toolbar, style and toggle, the live loop, readout, diagram, P07 figure."""
        options = w.HBox(
            [self.response_style, self.own_controls["hold_responsiveness"].widget],
            layout=w.Layout(flex_flow="row wrap", align_items="center"),
        )
        return w.VBox(
            [
                self.toolbar(),
                options,
                self.plot,
                self.readout,
                self.diagram,
                self.mediation_box,
                self.settings_panel(),
            ]
        )


def _link_panels() -> list[tuple[str, list[str]]]:
    """One live panel per link of the chain, numbered as in the diagram."""
    model = phenomena.model()
    return [(f"{k} · {model.spec(a).label}", [a, b]) for k, (_, a, b) in enumerate(LINKS, start=1)]


def _mediation_sentence(m: dict) -> str:
    head = (
        f"<b>Mediation test (P07).</b> The couple first settled with A disclosing at depth "
        f"{m['reference_depth']:.2f}; from day 0 A discloses at depth {m['depth']:.2f}, "
        f"with A's feeling understood held at {m['held_at']:.2f}."
    )
    total, direct, share = m["total"], m["direct"], m["indirect_share"]
    if abs(total) < verdicts.NO_EFFECT_BELOW:
        return (
            f"{head} A's intimacy hardly changes ({total:+.3f}): there is no effect of the "
            "change of depth to split. Move A's disclosure depth away from "
            f"{m['reference_depth']:.2f}."
        )
    numbers = (
        f"A's intimacy changes by {total:+.3f} when feeling understood can follow, and by "
        f"{direct:+.3f} when it is held"
    )
    if 0 <= share <= 1:
        return (
            f"{head} {numbers}: about <b>{share:.0%}</b> of the effect of the change of "
            "depth runs through feeling understood."
        )
    if (total - direct) * direct < 0:  # the path through feeling understood opposes the rest
        outcome = (
            "so holding it fixed makes the effect larger"
            if total * direct > 0
            else "so much that it turns the effect around: held fixed, the change of depth "
            "would move A's intimacy the other way"
        )
        return (
            f"{head} {numbers}. Here feeling understood works <b>against</b> the change "
            f"(A feels less understood by this partner the more A reveals), {outcome}."
        )
    return f"{head} {numbers} (indirect share {share:.0%})."
