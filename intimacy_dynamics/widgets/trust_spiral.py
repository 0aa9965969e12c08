"""``TrustSpiralExplorer``: recursion and reciprocity, path dependence and turn-taking.

Two modes, one lesson (phenomena P05, P06 and P16):

- ``mode="spiral"`` (the default) shows the plane of initial trust of A against initial
  trust of B, coloured by where a couple starting there ends: intimate or distant (a
  basin map from :func:`~intimacy_dynamics.analysis.basins`). The map is the explorer's
  on-demand analysis, computed when it is built, loaded or reset and on the *Recompute
  map* button: a 21 × 21 map of the guarded couple takes about 2 s, too slow for a slider.
  A click on the map starts a couple there; its path in the trust plane is drawn over
  the map, and beside it the couple's intimacy with the days by which it covered 10,
  50 and 90 % of its rise (P16). Trust and intimacy of A and B over time are drawn in
  the page as the sliders move.
- ``mode="turns"`` compares a conversation in alternating turns with one long block
  per partner, at equal speaking time (P06): choose the length of a turn and see the
  intimacy each partner reaches.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import ipywidgets as w
import numpy as np

from intimacy_dynamics.analysis.basins import BasinMap, basins
from intimacy_dynamics.core.quantities import Setting
from intimacy_dynamics.errors import BadInputError
from intimacy_dynamics.intimacy import catalog, phenomena
from intimacy_dynamics.intimacy.endings import TIPPING, ending_of
from intimacy_dynamics.intimacy.phenomena import rise_times
from intimacy_dynamics.plotting import PALETTE, base_layout, partner_style
from intimacy_dynamics.simulation.scenario import Scenario
from intimacy_dynamics.widgets.controls import Choice
from intimacy_dynamics.widgets.explorer import Explorer, Settings
from intimacy_dynamics.widgets.figures import named_widget
from intimacy_dynamics.widgets.lab import describe_outcome

__all__ = ["CONTROLLED", "PRESETS", "SpiralMode", "TrustSpiralExplorer", "TurnsMode"]

#: The parameters with controls: the disclosure gate, trust propensity, reciprocity.
CONTROLLED = (
    "disclosure_threshold",
    "disclosure_gain",
    "trust_propensity_A",
    "trust_propensity_B",
    "reciprocity_A",
    "reciprocity_B",
)
#: Named starting settings of the spiral mode: preset title -> catalog scenario.
PRESETS = {
    "Guarded couple (P05)": "P05_guarded_low_trust",
    "Strangers (P16)": "P16_strangers",
}
#: The starting trust of both partners: the axes of the map.
STARTS = ("trust_A", "trust_B")
MAX_EARLIER = 6
_COLOURS = {
    "intimate": PALETTE["sky"],
    "distant": PALETTE["orange"],
    "not settled": PALETTE["grey"],
}
_CODES = {"not settled": 0, "distant": 1, "intimate": 2}


def _leans(state) -> str:
    """Which way a couple in ``state`` leans: "intimate" or "distant" (intimacy.endings)."""
    return ending_of((state["intimacy_A"] + state["intimacy_B"]) / 2).leans


class TrustSpiralExplorer(Explorer):
    """Where couples end, by starting trust; and what taking turns does.

    ``TrustSpiralExplorer(mode=...)`` builds the explorer of that mode:
    :class:`SpiralMode` or :class:`TurnsMode`.

    Parameters
    ----------
    scenario : str or Scenario, optional
        The couple and its start (default: ``"P05_guarded_low_trust"`` in the spiral
        mode, ``"P06_alternating_turns"`` in the turns mode), and what Reset returns to.
    mode : {"spiral", "turns"}
        The basin map with trajectories (P05, P16), or alternating turns against long
        blocks (P06).
    grid : int
        Points per axis of the basin map (spiral mode).
    n_points : int
        Output times per run (default 201 in the spiral mode, 401 in the turns mode).
    rtol, atol : float
        Integration tolerances (plot accuracy by default).

    Notes
    -----
    The turns mode replaces a scenario's inputs over time with the speaking schedules
    of :func:`~intimacy_dynamics.intimacy.catalog.speaking_turns`. The basin map
    ignores inputs over time (and says so).

    Examples
    --------
    >>> explorer = TrustSpiralExplorer(grid=5)
    >>> "distant" in explorer.readout.value
    True
    >>> explorer.set(trust_A=0.8, trust_B=0.8)     # same couple, more trust at the start
    >>> "intimate" in explorer.readout.value
    True
    >>> turns = TrustSpiralExplorer(mode="turns")
    >>> turns.set(turn_length=7)
    Traceback (most recent call last):
    ...
    intimacy_dynamics.errors.BadInputError: setting 'turn_length' = 7 must be one of 0.25, ...
    """

    mode: ClassVar[str] = ""

    def __new__(cls, *args, mode: str | None = None, **options):
        """The explorer of ``mode``: a :class:`SpiralMode` or a :class:`TurnsMode`."""
        modes = {kind.mode: kind for kind in (SpiralMode, TurnsMode)}
        chosen = mode or cls.mode or "spiral"
        if chosen not in modes or cls not in (TrustSpiralExplorer, modes[chosen]):
            raise BadInputError(f"mode {mode!r} is not one of {', '.join(modes)}")
        return super().__new__(modes[chosen])

    def _start(self, scenario: str | Scenario | None, default: str, **options) -> None:
        """Build the explorer on the intimacy model from ``scenario`` (or ``default``)."""
        scenario = scenario or default
        super().__init__(
            phenomena.model(),
            scenario=catalog.load(scenario) if isinstance(scenario, str) else scenario,
            controls=CONTROLLED,
            **options,
        )

    def table(self, result):
        """The couple's run, to export as CSV."""
        return super().table(result.run)


# ----------------------------------------------------------------- spiral mode
@dataclass(frozen=True)
class TrustMap:
    """A basin map of starting trust, each start named by where it ends."""

    found: BasinMap
    categories: np.ndarray
    names: list[str]

    @property
    def codes(self) -> np.ndarray:
        """The categories as the heatmap's numbers."""
        return np.vectorize(_CODES.get)(self.categories)


@dataclass(frozen=True)
class Spiral:
    """The spiral mode's result: the couple's run, earlier couples' runs and the map."""

    run: object
    earlier: list
    map: TrustMap
    map_is_current: bool

    def rise(self) -> dict | None:
        """Days by which the couple's intimacy covered 10, 50 and 90 % of its rise."""
        return rise_times(self.run.t, self.run["couple_intimacy"])


class SpiralMode(TrustSpiralExplorer):
    """The spiral mode of :class:`TrustSpiralExplorer`: the basin map, clicks, paths."""

    mode = "spiral"
    own_settings: ClassVar[dict[str, Setting]] = {
        "grid": Setting(
            21,
            bounds=(5, 41),
            step=2,
            integer=True,
            label="Map resolution",
            unit="points per axis",
            doc="Starting points per axis of the basin map: finer maps take longer.",
        ),
    }

    def __init__(
        self,
        scenario: str | Scenario | None = None,
        *,
        mode: str | None = None,
        grid: int = 21,
        n_points: int = 201,
        rtol: float = 1e-4,
        atol: float = 1e-7,
    ):
        self.earlier: list[tuple[float, float]] = []
        self.map_status = w.HTML()
        self.recompute_button = w.Button(
            description="Recompute map", icon="refresh", tooltip="Redraw the map for these settings"
        )
        self._start(
            scenario,
            "P05_guarded_low_trust",
            initial=STARTS,
            live=["trust", "intimacy"],
            live_title="Trust and felt intimacy of A and B over time",
            presets={title: catalog.load(name) for title, name in PRESETS.items()},
            simulation={"n_points": n_points, "rtol": rtol, "atol": atol},
            grid=grid,
        )
        self.recompute_button.on_click(self._guarded(self.recompute_map, "Cannot compute the map"))
        basin = next(trace for trace in self.figure.data if trace.meta == "basin map")
        basin.on_click(self._on_click)
        self._show_map_status(self.result)

    # -------------------------------------------------------------- contract
    def compute(self, settings: Settings) -> Spiral:
        """The couple's run, the earlier couples' runs and the map (as last computed)."""
        run = self.simulate(settings)
        earlier = [
            self.simulate(settings, y0={**settings.y0, "trust_A": a, "trust_B": b})
            for a, b in self.earlier
        ]
        return Spiral(run, earlier, self.analysis, self.analysis_is_current(settings))

    def analysis_key(self, settings: Settings) -> tuple:
        """What the map depends on: all but the starting trust it spans."""
        hold = {k: v for k, v in settings.y0.items() if k not in STARTS}
        return (
            tuple(settings.params.to_dict().items()),
            tuple(hold.items()),
            settings.t_span[1],
            settings["grid"],
        )

    def analyse(self, settings: Settings) -> TrustMap:
        """The basin map of starting trust for ``settings`` (computed on demand)."""
        found = basins(
            self.model,
            settings.params,
            *STARTS,
            grid=settings["grid"],
            ranges={name: (0.0, 1.0) for name in STARTS},
            hold={k: v for k, v in settings.y0.items() if k not in STARTS},
            t_end=settings.t_span[1],
            rtol=self.simulation_options["rtol"],
            atol=self.simulation_options["atol"],
        )
        names = [_leans(a.state) for a in found.attractors]
        categories = np.full(found.labels.shape, "not settled", dtype=object)
        for k, name in enumerate(names):
            categories[found.labels == k] = name
        return TrustMap(found, categories, names)

    def build(self, result: Spiral) -> dict:
        """The map with the couples' paths, and the couple's intimacy with its rise."""
        from plotly.subplots import make_subplots

        fig = make_subplots(
            rows=1,
            cols=2,
            column_widths=[0.55, 0.45],
            subplot_titles=(
                "Where couples end, by starting trust",
                "The couple's intimacy over time",
            ),
            horizontal_spacing=0.1,
        )
        data = self.traces(result)["spiral"]
        names = []
        for col, styles in ((1, {**_map_styles(), **_path_styles()}), (2, _rise_styles())):
            for name, style in styles.items():
                fig.add_trace({"type": "scatter", **style, **data.get(name, {})}, row=1, col=col)
                names.append(name)
        fig.add_hline(
            y=TIPPING,
            line={"color": PALETTE["grey"], "dash": "dash", "width": 1},
            annotation_text="tipping point",
            annotation_position="top left",
            row=1,
            col=2,
        )
        layout = base_layout("Recursion: the trust spiral", height=520, width=960)
        layout["legend"] = {"orientation": "h", "yanchor": "top", "y": -0.15, "x": 0}
        layout["margin"] = {**layout["margin"], "b": 140}
        fig.update_layout(**layout)
        fig.update_xaxes(title_text="starting trust of A (0–1)", range=[0, 1], row=1, col=1)
        fig.update_yaxes(title_text="starting trust of B (0–1)", range=[0, 1], row=1, col=1)
        fig.update_xaxes(title_text=f"time ({self.model.time_units})", row=1, col=2)
        fig.update_yaxes(title_text="the couple's intimacy (0–1)", range=[0, 1], row=1, col=2)
        return {"spiral": named_widget(fig, names)}

    def traces(self, result: Spiral) -> dict:
        """The map, the paths, the couple's intimacy and its rise, by trace name."""
        found, run = result.map.found, result.run
        text = [
            [
                f"start: A {x:.2f}, B {y:.2f}<br>ends {result.map.categories[i, j]}"
                for j, x in enumerate(found.xs)
            ]
            for i, y in enumerate(found.ys)
        ]
        data = {
            "basin map": {"x": found.xs, "y": found.ys, "z": result.map.codes, "text": text},
            "attractors": {
                "x": [a.state["trust_A"] for a in found.attractors],
                "y": [a.state["trust_B"] for a in found.attractors],
                "text": result.map.names,
            },
        }
        for k in range(MAX_EARLIER):
            path = result.earlier[k] if k < len(result.earlier) else None
            data[f"earlier {k + 1}"] = {
                "x": [] if path is None else path["trust_A"],
                "y": [] if path is None else path["trust_B"],
            }
        data["path"] = {"x": run["trust_A"], "y": run["trust_B"]}
        data["start"] = {"x": run["trust_A"][:1], "y": run["trust_B"][:1]}
        data["end"] = {"x": run["trust_A"][-1:], "y": run["trust_B"][-1:]}
        data["couple intimacy"] = {"x": run.t, "y": run["couple_intimacy"]}
        times = result.rise() or {}
        data["rise"] = {
            "x": list(times.values()),
            "y": list(np.interp(list(times.values()), run.t, run["couple_intimacy"])),
            "text": [f"{fraction:.0%}" for fraction in times],
        }
        return {"spiral": data}

    def describe(self, result: Spiral) -> str:
        """Where the couple heads, how intimacy grew, and what the map shows."""
        run, end = result.run, result.run.final()
        start = {name: float(run[name][0]) for name in STARTS}
        parts = [
            f"Starting from trust A {start['trust_A']:.2f} and B {start['trust_B']:.2f}, "
            f"this couple heads for the <b>{_leans(end)}</b> attractor: by day "
            f"{run.t[-1]:.0f}, intimacy A {end['intimacy_A']:.2f} and B "
            f"{end['intimacy_B']:.2f}, trust A {end['trust_A']:.2f} and B {end['trust_B']:.2f}.",
            describe_outcome(self.model, run, ["trust_A", "intimacy_A"]),
        ]
        times = result.rise()
        if times is not None:
            t10, t50, t90 = times.values()
            parts.append(
                f"Intimacy grew gradually: 10 % of its rise by day {t10:.1f}, half by day "
                f"{t50:.1f}, 90 % by day {t90:.1f}."
            )
        parts.append(_describe_map(result))
        return "<br>".join(parts)

    def draw(self, result: Spiral) -> None:
        """Send the figure's new data, then say whether the map is up to date."""
        super().draw(result)
        self._show_map_status(result)

    # ----------------------------------------------------------------- views
    @property
    def figure(self):
        """The map and the couple's intimacy (kernel-drawn)."""
        return self.figures["spiral"]

    @property
    def run(self):
        """The couple's run."""
        return self.result.run

    @property
    def map_is_current(self) -> bool:
        """Whether the map was computed for the current settings."""
        return self.result.map_is_current

    # --------------------------------------------------------------- actions
    def click(self, x: float, y: float) -> None:
        """Start a couple at initial trust ``(x, y)``; the previous one stays drawn."""
        now = self.current
        earlier = [*self.earlier, (now["trust_A"], now["trust_B"])][-MAX_EARLIER:]
        start = {"trust_A": round(float(x), 3), "trust_B": round(float(y), 3)}
        self._with_earlier(earlier, lambda: self.set(**start))

    def clear(self) -> None:
        """Forget the earlier couples."""
        self._with_earlier([], self.set)

    def _with_earlier(self, earlier: list, change) -> None:
        """Make ``change`` with these earlier couples drawn; if it fails, keep the old ones."""
        before, self.earlier = self.earlier, earlier
        try:
            change()
        except Exception:
            self.earlier = before
            raise

    def recompute_map(self) -> None:
        """Compute the map for the current settings and redraw (the map's button)."""
        self.map_status.value = "<i>Computing the map (a few seconds)…</i>"
        try:
            self.refresh("Cannot compute the map")
        finally:
            self._show_map_status(self.result)

    def load(self, scenario: Scenario | str) -> None:
        """Start over from a scenario (or its JSON) with its map: all or nothing."""
        load = super().load
        self._with_earlier([], lambda: load(scenario))

    def reset(self) -> None:
        """Back to the starting scenario (no earlier couples), with its map."""
        self._with_earlier([], super().reset)

    def _on_click(self, trace, points, state) -> None:
        if points.xs:
            x, y = points.xs[0], points.ys[0]
            self._guarded(lambda: self.click(x, y), "Cannot start there")()

    def _show_map_status(self, result: Spiral) -> None:
        if result.map_is_current:
            self.map_status.value = "Map: up to date."
            self.recompute_button.button_style = ""
        else:
            self.map_status.value = (
                "<b>Map: shows the settings before your last change.</b> "
                "Predict how it will change, then press <i>Recompute map</i>."
            )
            self.recompute_button.button_style = "warning"

    def layout(self) -> w.VBox:
        """Toolbar and map buttons, the map, the readout, the live plot and settings."""
        clear = w.Button(description="Clear paths", icon="eraser", tooltip="Forget earlier couples")
        clear.on_click(self._guarded(self.clear, "Cannot clear"))
        hint = w.HTML("<i>Click on the map to start a couple there.</i>")
        grid = self.own_controls["grid"].widget
        return w.VBox(
            [
                w.HBox(
                    [self.toolbar(), self.recompute_button, clear],
                    layout=w.Layout(flex_flow="row wrap", align_items="center"),
                ),
                w.HBox([hint, self.map_status, grid], layout=w.Layout(align_items="center")),
                self.figure,
                self.readout,
                self.plot,
                self.settings_panel(),
            ]
        )


def _describe_map(result: Spiral) -> str:
    if not result.map_is_current:
        return "<i>The map shows earlier settings: press Recompute map.</i>"
    trust_map = result.map
    found = [
        f"{name} (trust {a.state['trust_A']:.2f}, intimacy {a.state['intimacy_A']:.2f})"
        for name, a in zip(trust_map.names, trust_map.found.attractors, strict=True)
    ]
    if not found:
        return "The map found no stable end state for these settings."
    shares = {c: float(np.mean(trust_map.categories == c)) for c in _CODES}
    share = ", ".join(f"{v:.0%} {c}" for c, v in shares.items() if v > 0)
    count = "one attractor" if len(found) == 1 else f"{len(found)} attractors"
    return f"The map shows {count}: {'; '.join(found)}. Starts ending: {share}."


def _map_styles() -> dict[str, dict]:
    """The basin map (a heatmap of category codes), its legend, and the attractors."""
    n = len(_COLOURS)
    colours = [_COLOURS[c] for c in _CODES]
    scale = [[k / n + edge, colour] for k, colour in enumerate(colours) for edge in (0, 1 / n)]
    styles = {
        "basin map": {
            "type": "heatmap",
            "zmin": -0.5,
            "zmax": n - 0.5,
            "colorscale": scale,
            "showscale": False,
            "opacity": 0.45,
            "name": "basin map",
            "hovertemplate": "%{text}<br>click to start a couple here<extra></extra>",
        }
    }
    for c in _CODES:
        styles[f"legend {c}"] = {
            "x": [None],
            "y": [None],
            "mode": "markers",
            "name": f"starts here, ends {c}" if c != "not settled" else "not settled",
            "marker": {"symbol": "square", "size": 12, "color": _COLOURS[c]},
            "hoverinfo": "skip",
        }
    styles["attractors"] = {
        "mode": "markers+text",
        "name": "where couples settle (attractors)",
        "textposition": "top right",
        "marker": {
            "symbol": "star",
            "size": 17,
            "color": PALETTE["yellow"],
            "line": {"width": 1.5, "color": PALETTE["black"]},
        },
    }
    return styles


def _path_styles() -> dict[str, dict]:
    """Earlier couples' paths, this couple's path, its start and its end."""
    styles = {
        f"earlier {k + 1}": {
            "mode": "lines",
            "name": "earlier couples",
            "showlegend": k == 0,
            "legendgroup": "earlier",
            "line": {"color": PALETTE["grey"], "width": 1.3, "dash": "dot"},
            "hoverinfo": "skip",
        }
        for k in range(MAX_EARLIER)
    }
    black = PALETTE["black"]
    styles["path"] = {
        "mode": "lines",
        "name": "this couple's path",
        "line": {"color": black, "width": 2.5},
    }
    styles["start"] = {
        "mode": "markers",
        "name": "start",
        "marker": {"symbol": "circle-open", "size": 13, "color": black},
    }
    styles["end"] = {
        "mode": "markers",
        "name": "end of the run",
        "marker": {"symbol": "x", "size": 11, "color": black},
    }
    return styles


def _rise_styles() -> dict[str, dict]:
    """The couple's intimacy over time and the 10/50/90 % markers of its rise."""
    return {
        "couple intimacy": {
            "mode": "lines",
            "name": "the couple's intimacy (mean of A and B)",
            "line": {"color": PALETTE["black"], "width": 2.5},
            "hovertemplate": "intimacy: %{y:.3f}<extra></extra>",
        },
        "rise": {
            "mode": "markers+text",
            "name": "10, 50, 90 % of the rise",
            "textposition": "bottom right",
            "marker": {"symbol": "diamond", "size": 9, "color": PALETTE["green"]},
        },
    }


# ------------------------------------------------------------------ turns mode
@dataclass(frozen=True)
class Turns:
    """The turns mode's result: the conversation in turns, and in one block each."""

    turn_length: float
    schedules: dict
    run: object
    blocks: object

    @staticmethod
    def end_intimacy(run) -> float:
        """The couple's intimacy at the end of a conversation."""
        return float(run["couple_intimacy"][-1])


class TurnsMode(TrustSpiralExplorer):
    """The turns mode of :class:`TrustSpiralExplorer`: turns against long blocks (P06).

    The figure is drawn in the kernel: the floor is held by inputs over time, not by a
    quantity of the model, and the comparison with long blocks is a second run.
    """

    mode = "turns"
    own_settings: ClassVar[dict[str, Choice]] = {
        "turn_length": Choice(
            catalog.TURN_LENGTHS,
            label="Turn length",
            unit="days",
            doc=f"How long each partner holds the floor before the other speaks; each "
            f"speaks for half of the {catalog.SESSION:g}-day conversation.",
        ),
    }

    def __init__(
        self,
        scenario: str | Scenario | None = None,
        *,
        mode: str | None = None,
        n_points: int = 401,
        rtol: float = 1e-4,
        atol: float = 1e-7,
    ):
        self._start(
            scenario,
            "P06_alternating_turns",
            simulation={"n_points": n_points, "rtol": rtol, "atol": atol},
        )

    # -------------------------------------------------------------- contract
    def compute(self, settings: Settings) -> Turns:
        """The conversation in turns of the chosen length, and in one long block each."""
        length = settings["turn_length"]
        schedules = catalog.speaking_turns(length)
        blocks = catalog.speaking_turns(catalog.TURN_LENGTHS[-1])
        return Turns(
            length,
            schedules,
            self.simulate(settings, inputs=schedules),
            self.simulate(settings, inputs=blocks),
        )

    def build(self, result: Turns) -> dict:
        """Who holds the floor, and the intimacy of A and B against long blocks."""
        from plotly.subplots import make_subplots

        fig = make_subplots(
            rows=2,
            cols=1,
            shared_xaxes=True,
            subplot_titles=("Who holds the floor", "Felt intimacy"),
            vertical_spacing=0.14,
            row_heights=[0.3, 0.7],
        )
        data = self.traces(result)["turns"]
        for partner in "AB":
            fig.add_scatter(
                **data[f"speaking_{partner}"],
                mode="lines",
                name=f"Partner {partner}",
                legendgroup=partner,
                line={**partner_style(partner), "shape": "hv"},
                hovertemplate=f"{partner} speaking: %{{y:.0f}}<extra></extra>",
                row=1,
                col=1,
            )
        for partner in "AB":
            fig.add_scatter(
                **data[f"intimacy_{partner}"],
                mode="lines",
                name=f"Partner {partner}",
                legendgroup=partner,
                showlegend=False,
                line=partner_style(partner),
                hovertemplate=f"intimacy of {partner}: %{{y:.3f}}<extra></extra>",
                row=2,
                col=1,
            )
        fig.add_scatter(
            **data["blocks"],
            mode="lines",
            name="one long block each (mean of A and B)",
            line={"color": PALETTE["grey"], "dash": "dot", "width": 2},
            row=2,
            col=1,
        )
        fig.update_layout(**base_layout("Reciprocity: taking turns", height=480))
        fig.update_xaxes(title_text=f"time ({self.model.time_units})", row=2, col=1)
        fig.update_yaxes(title_text="speaking (0 or 1)", range=[-0.1, 1.1], row=1, col=1)
        fig.update_yaxes(title_text="intimacy (0–1)", row=2, col=1)
        fig.update_layout(
            legend={"orientation": "h", "yanchor": "top", "y": -0.15, "x": 0},
            margin={"l": 60, "r": 20, "t": 70, "b": 110},
        )
        return {"turns": named_widget(fig, list(data))}

    def traces(self, result: Turns) -> dict:
        """The speaking schedules as steps, the intimacy of A and B, and the blocks' mean."""
        end = result.run.t[-1]
        data = {}
        for partner in "AB":
            schedule = result.schedules[f"speaking_{partner}"]
            data[f"speaking_{partner}"] = {
                "x": [*schedule.times, end],
                "y": [*schedule.values, schedule.values[-1]],
            }
        run, blocks = result.run, result.blocks
        for partner in "AB":
            data[f"intimacy_{partner}"] = {"x": run.t, "y": run[f"intimacy_{partner}"]}
        data["blocks"] = {"x": blocks.t, "y": blocks["couple_intimacy"]}
        return {"turns": data}

    def describe(self, result: Turns) -> str:
        """Intimacy at the end in turns and in blocks; listener and discloser."""
        length, run = result.turn_length, result.run
        turns, blocks = result.end_intimacy(run), result.end_intimacy(result.blocks)
        n = round(catalog.SESSION / (2 * length))
        difference = turns - blocks
        if length == catalog.TURN_LENGTHS[-1]:
            compare = "This <i>is</i> one long block each."
        else:
            better = "more" if difference > 0 else "less"
            compare = (
                f"One long block each ends at {blocks:.3f}: these turns give "
                f"<b>{better}</b> intimacy ({difference:+.3f})."
            )
        listener = float(np.interp(length, run.t, run["intimacy_B"]))
        discloser = float(np.interp(length, run.t, run["intimacy_A"]))
        return (
            f"In turns of {length:g} days ({n} each), the conversation ends with intimacy "
            f"<b>{turns:.3f}</b> (mean of A and B). {compare}<br>At the end of A's first "
            f"turn (day {length:g}), B, who listened, feels {listener:.3f}; A, who "
            f"disclosed, feels {discloser:.3f}."
        )

    def scenario(self, name: str = "my_settings") -> Scenario:
        """The current settings as a scenario, with the speaking schedules of the turns."""
        schedules = catalog.speaking_turns(self.current["turn_length"])
        return super().scenario(name).evolve(inputs=schedules)

    # ----------------------------------------------------------------- views
    @property
    def figure(self):
        """The floor and the intimacy (kernel-drawn)."""
        return self.figures["turns"]

    @property
    def run(self):
        """The conversation in turns."""
        return self.result.run

    def layout(self) -> w.VBox:
        """Turn length and toolbar, the figure, the readout, the couple's controls."""
        return w.VBox(
            [
                w.HBox(
                    [self.own_controls["turn_length"].widget, self.toolbar()],
                    layout=w.Layout(flex_flow="row wrap", align_items="center"),
                ),
                self.figure,
                self.readout,
                self.controls.widget,
                self.settings_panel(),
            ]
        )
