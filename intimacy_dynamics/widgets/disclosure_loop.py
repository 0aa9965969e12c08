"""``DisclosureLoopExplorer``: the reciprocal loop of the interpersonal process model.

In the interpersonal process model (Reis & Shaver 1988) one partner discloses, the
other responds, and the discloser reads the response and comes to feel understood, or
does not. Trust follows what is felt, and trust opens the next disclosure; felt
intimacy grows along the way. Then the roles swap: B discloses and A responds.

The explorer draws the chain as the model computes it, one panel per link (A solid, B
dashed), and a diagram of the loop with the values at the end of the run. A toggle runs
the mediation test of P07: hold A's perceived responsiveness fixed and see how much of
the effect of deeper disclosure is left (Laurenceau, Barrett & Pietromonaco 1998).
"""

from __future__ import annotations

import html
from contextlib import contextmanager

import ipywidgets as w
import numpy as np

from intimacy_dynamics.errors import IntimacyDynamicsError
from intimacy_dynamics.intimacy import catalog, phenomena
from intimacy_dynamics.intimacy.model import IntimacyModel
from intimacy_dynamics.plotting import PALETTE, apply_config, base_layout, partner_style
from intimacy_dynamics.simulation.scenario import Scenario
from intimacy_dynamics.simulation.simulate import simulate
from intimacy_dynamics.widgets.lab import ModelLab

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
#: The state the P07 toggle holds fixed, and the scenario that sets the reference depth.
HELD_STATE = "perceived_responsiveness_A"
REFERENCE_SCENARIO = "P07_shallow_disclosure"
#: One panel per link of the chain: (link, series of A's loop, series of B's loop).
LINKS = (
    ("exposure", "exposure_A", "exposure_B"),
    ("response_reading", "response_reading_A", "response_reading_B"),
    ("perceived_responsiveness", "perceived_responsiveness_A", "perceived_responsiveness_B"),
    ("trust", "trust_A", "trust_B"),
    ("disclosure", "disclosure_A", "disclosure_B"),
    ("intimacy", "intimacy_A", "intimacy_B"),
)
_GHOSTS = ("perceived_responsiveness_A", "trust_A", "intimacy_A")


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


def _word(reading: float) -> str:
    """A reading of a response in words."""
    if reading >= 0.6:
        return "caring"
    if reading <= 0.4:
        return "rejecting"
    return "lukewarm"


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
                f"{me} reads {reading:.2f}: {_word(reading)}",
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
class DisclosureLoopExplorer(ModelLab):
    """The disclosure–response loop of A and B, link by link, with the P07 toggle.

    Parameters
    ----------
    scenario : str or Scenario
        Where to start (a catalog name); the supportive partner of P01 by default,
        which is also what Reset returns to.
    n_points : int
        Output times per run.

    Attributes
    ----------
    mediation : dict or None
        With the toggle on: the P07 numbers for the current settings (``total`` and
        ``direct`` change of A's intimacy, ``indirect_share``, ``held_at``, ...).
    comparison : Trajectory or None
        With the toggle on: the same run with A's perceived responsiveness free.

    Examples
    --------
    >>> explorer = DisclosureLoopExplorer()
    >>> explorer.response_style.value = "critical"   # B answers critically (P01)
    >>> explorer.controls["response_valence_B"].value
    -0.7
    >>> "trust went" in explorer.readout.value
    True
    >>> explorer.set(depth_A=0.8, hold_responsiveness=True)   # the P07 test
    >>> explorer.mediation["direct"] != explorer.mediation["total"]
    True
    """

    def __init__(self, scenario: str | Scenario = "P01_supportive_partner", *, n_points=201):
        if isinstance(scenario, str):
            scenario = catalog.load(scenario)
        self._holding, self._quiet = False, False
        self.comparison, self.mediation, self._extra = None, None, (None, None)
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
        self.hold_toggle = w.ToggleButton(
            value=False,
            description="Hold A's perceived responsiveness fixed (P07)",
            icon="lock",
            tooltip="Settle at shallow disclosure, then disclose at A's depth with A's "
            "feeling of being understood held where it was",
            layout=w.Layout(width="auto"),
        )
        self.diagram = w.HTML()
        presets = {
            f"{preset.name[:3]} · {preset.title}": preset
            for code in ("P01", "P02", "P07")
            for preset in catalog.for_phenomenon(code)
        }
        super().__init__(
            phenomena.model(),
            params=LOOP_PARAMETERS,
            scenario=scenario,
            presets=presets,
            n_points=n_points,
            title="The disclosure loop over time (A solid, B dashed)",
        )
        self.response_style.observe(self._on_style, names="value")
        self.hold_toggle.observe(self._on_hold, names="value")
        self._show_loop(self.trajectory)

    # ------------------------------------------------------------- settings
    @property
    def holding(self) -> bool:
        """Whether A's perceived responsiveness is held fixed (the P07 toggle)."""
        return self._holding

    def set(self, hold_responsiveness: bool | None = None, **values: float) -> None:
        """Set parameters, initial states and the P07 toggle at once, with one redraw.

        Bad values are refused with a message in the readout, and nothing changes.
        """
        before = self._holding
        if hold_responsiveness is not None:
            self._set_hold(bool(hold_responsiveness))
        try:
            super().set(**values)
        except IntimacyDynamicsError as exc:
            self._set_hold(before)
            self.readout.value = _error("Cannot use these values", exc)

    def _set_hold(self, value: bool) -> None:
        self._holding = value
        with self._quietly():
            self.hold_toggle.value = value

    @contextmanager
    def _quietly(self):
        self._quiet = True
        try:
            yield
        finally:
            self._quiet = False

    def _on_style(self, change) -> None:
        if not self._quiet and change["new"] in self.styles:
            self.set(response_valence_B=self.styles[change["new"]])

    def _on_hold(self, change) -> None:
        if not self._quiet:
            self._holding = bool(change["new"])
            self.update()

    # ------------------------------------------------------------ simulation
    def _simulate(self):
        if not self._holding:
            self._extra = (None, None)
            return super()._simulate()
        held, free, mediation = self._mediation_runs()
        self._extra = (free, mediation)
        return held

    def _mediation_runs(self):
        """P07 on the current settings: settle at the reference depth, then disclose."""
        reference = catalog.load(REFERENCE_SCENARIO)
        params = self.current_params()
        options = {"inputs": self.inputs or None, **self.simulation_options}
        span = reference.t_span or self.model.t_span
        settled = simulate(
            self.model,
            span,
            params.evolve(**reference.params),
            y0=self.current_y0(),
            **options,
        )
        start = {
            name: float(np.clip(value, *self.model.state_specs[name].bounds))
            for name, value in zip(self.model.state_names, settled.y[:, -1], strict=True)
        }
        free = simulate(self.model, span, params, y0=start, **options)
        held = simulate(phenomena.holding(HELD_STATE), span, params, y0=start, **options)
        before = start["intimacy_A"]
        total = free["intimacy_A"][-1] - before
        direct = held["intimacy_A"][-1] - before
        mediation = {
            "reference_depth": float(reference.params["depth_A"]),
            "depth": float(params["depth_A"]),
            "held_at": start[HELD_STATE],
            "before": before,
            "total": float(total),
            "direct": float(direct),
            "indirect_share": float(1 - direct / total) if abs(total) > 1e-9 else float("nan"),
        }
        return held, free, mediation

    def series(self, run) -> dict[str, np.ndarray]:
        """Every drawn series of a run by name."""
        return {name: run[name] for _, a, b in LINKS for name in (a, b)}

    # ----------------------------------------------------------------- drawing
    def _panels(self, plots):
        panels = []
        for k, (_, a, b) in enumerate(LINKS, start=1):
            label = self.model.spec(a).label
            panels.append((f"{k} · {label}", [a, b]))
        return panels

    def _ghosts(self, run) -> list[np.ndarray]:
        free = self._extra[0]
        source = free if free is not None else run
        return [source[name] for name in _GHOSTS]

    def _y_title(self, name: str) -> str:
        return f"{self.model.spec(name).symbol} (0 to 1)"

    def _time_figure(self, title, run):
        import plotly.graph_objects as go
        from plotly.subplots import make_subplots

        rows = -(-len(self.panels) // 2)
        fig = make_subplots(
            rows=rows,
            cols=2,
            subplot_titles=[t for t, _ in self.panels],
            shared_xaxes=True,
            vertical_spacing=0.1,
        )
        series = self.series(run)
        self._trace_names = []
        for k, (_, names) in enumerate(self.panels):
            for name, partner in zip(names, "AB", strict=True):
                fig.add_scatter(
                    x=run.t,
                    y=series[name],
                    mode="lines",
                    name=f"Partner {partner}",
                    legendgroup=partner,
                    showlegend=k == 0,
                    line=partner_style(partner),
                    row=k // 2 + 1,
                    col=k % 2 + 1,
                    hovertemplate=f"{partner}: %{{y:.3f}}<extra></extra>",
                )
                self._trace_names.append(name)
        self._add_ghosts(fig, run)
        height = 230 * rows + 130
        layout = base_layout(title, height=height)
        layout["title"] = {**layout["title"], "y": 0.99, "yref": "container", "yanchor": "top"}
        plot_height = height - 130 - layout["margin"]["b"]
        layout["legend"] = {"orientation": "h", "yanchor": "bottom", "y": 1 + 42 / plot_height}
        layout["margin"] = {**layout["margin"], "t": 130}
        fig.update_layout(**layout)
        for k, (_, names) in enumerate(self.panels):
            fig.update_yaxes(
                range=[0, 1.02],
                title_text=self._y_title(names[0]),
                row=k // 2 + 1,
                col=k % 2 + 1,
            )
        fig.update_xaxes(title_text=f"time ({self.model.time_units})", row=rows)
        return apply_config(go.FigureWidget(fig))

    def _add_ghosts(self, fig, run) -> None:
        """Grey dotted lines of A with perceived responsiveness free (shown in P07 mode)."""
        for name, values in zip(_GHOSTS, self._ghosts(run), strict=True):
            k = next(i for i, (_, names) in enumerate(self.panels) if name in names)
            fig.add_scatter(
                x=run.t,
                y=values,
                mode="lines",
                name="A, feeling understood free (P07)",
                legendgroup="free",
                showlegend=name == _GHOSTS[0],
                visible=self._holding,
                line={"color": PALETTE["grey"], "dash": "dot", "width": 2.5},
                row=k // 2 + 1,
                col=k % 2 + 1,
                hovertemplate="A with R free: %{y:.3f}<extra></extra>",
            )

    def _draw(self, run) -> None:
        """All traces in one restyle message, then the diagram."""
        series = self.series(run)
        lines = len(self._trace_names)
        update = {
            "y": [series[n] for n in self._trace_names] + self._ghosts(run),
            "visible": [True] * lines + [self._holding] * len(_GHOSTS),
        }
        if not np.array_equal(self._drawn_t, run.t):
            update["x"] = [run.t] * (lines + len(_GHOSTS))
            self._drawn_t = run.t
        self.figure.plotly_restyle(update, trace_indexes=list(range(lines + len(_GHOSTS))))
        self._show_loop(run)

    def _show_loop(self, run) -> None:
        self.comparison, self.mediation = self._extra
        series = self.series(run)
        values = {name: float(values[-1]) for name, values in series.items()}
        for base in ("responsiveness", "response_valence", "reciprocity"):
            for partner in "AB":
                values[f"{base}_{partner}"] = float(run[f"{base}_{partner}"][-1])
        self.diagram.value = loop_diagram(values, day=float(run.t[-1]), held=self._holding)
        style = next(
            (k for k, v in self.styles.items() if v == self.current_params()["response_valence_B"]),
            None,
        )
        with self._quietly():
            self.response_style.value = style

    # ------------------------------------------------------------------ words
    def summarize(self, run) -> str:
        """One sentence on the loop of A at the end of the run (or on the P07 test)."""
        mediation = self._extra[1]
        if mediation is not None:
            return _mediation_sentence(mediation)
        end = {name: float(values[-1]) for name, values in self.series(run).items()}
        start, trust = float(run["trust_A"][0]), end["trust_A"]
        reading = end["response_reading_A"]
        change = trust - start
        moved = "up" if change > 0.02 else "down" if change < -0.02 else "about level"
        return (
            f"By day {run.t[-1]:g}, A reveals {end['exposure_A']:.2f} (exposure) and reads "
            f"B's responses as <b>{_word(reading)}</b> ({reading:.2f}), "
            f"so A feels understood at {end['perceived_responsiveness_A']:.2f}. A's "
            f"<b>trust went {moved}</b>, from {start:.2f} to {trust:.2f}, and A's intimacy "
            f"is {end['intimacy_A']:.2f} (B's: {end['intimacy_B']:.2f})."
        )

    # ----------------------------------------------------------------- layout
    def _layout(self) -> w.VBox:
        options = w.HBox(
            [self.response_style, self.hold_toggle],
            layout=w.Layout(flex_flow="row wrap", align_items="center"),
        )
        return w.VBox(
            [
                self._toolbar(),
                self.controls.widget,
                options,
                self.readout,
                self.diagram,
                self.figure,
                self._settings_box(),
            ]
        )


def _mediation_sentence(m: dict) -> str:
    head = (
        f"<b>Mediation test (P07).</b> The couple first settled with A disclosing at depth "
        f"{m['reference_depth']:.2f}; from day 0 A discloses at depth {m['depth']:.2f}, "
        f"with A's feeling understood held at {m['held_at']:.2f}."
    )
    total, direct, share = m["total"], m["direct"], m["indirect_share"]
    if abs(total) < 0.005:
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


def _error(what: str, exc: Exception) -> str:
    return (
        f'<span style="color:{PALETTE["vermillion"]}"><b>{what}:</b> {html.escape(str(exc))}</span>'
    )
