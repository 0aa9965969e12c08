"""``TrustSpiralExplorer``: recursion and reciprocity, path dependence and turn-taking.

Two modes, one lesson (phenomena P05, P06 and P16):

- ``mode="spiral"`` (the default) shows the plane of initial trust of A against initial
  trust of B, coloured by where a couple starting there ends: intimate or distant (a
  basin map from :func:`~intimacy_dynamics.analysis.basins`). The map is computed when
  the explorer is built, when a preset is loaded and on the *Recompute map* button:
  a 21 × 21 map of the guarded couple takes about 2 s, too slow for a slider. A click on
  the map starts a couple there; its path in the trust plane is drawn over the map and
  its trust and intimacy over time beside it, with the days by which intimacy covered
  10, 50 and 90 % of its rise (P16).
- ``mode="turns"`` compares a conversation in alternating turns with one long block
  per partner, at equal speaking time (P06): choose the length of a turn and see the
  intimacy each partner reaches.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from contextlib import contextmanager

import ipywidgets as w
import numpy as np

from intimacy_dynamics.analysis.basins import basins
from intimacy_dynamics.errors import BadInputError, IntimacyDynamicsError
from intimacy_dynamics.intimacy import catalog, phenomena
from intimacy_dynamics.intimacy.endings import ending_of
from intimacy_dynamics.intimacy.phenomena import rise_times
from intimacy_dynamics.plotting import PALETTE, apply_config, base_layout, partner_style
from intimacy_dynamics.simulation.scenario import Scenario
from intimacy_dynamics.simulation.simulate import simulate
from intimacy_dynamics.widgets.controls import ControlPanel
from intimacy_dynamics.widgets.lab import describe_outcome

__all__ = ["CONTROLLED", "PRESETS", "TrustSpiralExplorer"]

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
_MODES = ("spiral", "turns")
_MAX_EARLIER = 6
_COLOURS = {
    "intimate": PALETTE["sky"],
    "distant": PALETTE["orange"],
    "not settled": PALETTE["grey"],
}
_CODES = {"not settled": 0, "distant": 1, "intimate": 2}


def _leans(state) -> str:
    """Which way a couple in ``state`` leans: "intimate" or "distant" (intimacy.endings)."""
    return ending_of((state["intimacy_A"] + state["intimacy_B"]) / 2).leans


def _error(what: str, exc: Exception) -> str:
    return (
        f'<span style="color:{PALETTE["vermillion"]}"><b>{what}:</b> {html.escape(str(exc))}</span>'
    )


def _map_styles() -> list[dict]:
    """The basin map (a heatmap of category codes), its legend, and the attractors."""
    n = len(_COLOURS)
    colours = [_COLOURS[c] for c in _CODES]
    scale = [[k / n + edge, colour] for k, colour in enumerate(colours) for edge in (0, 1 / n)]
    heatmap = {
        "type": "heatmap",
        "zmin": -0.5,
        "zmax": n - 0.5,
        "colorscale": scale,
        "showscale": False,
        "opacity": 0.45,
        "name": "basin map",
        "hovertemplate": "%{text}<br>click to start a couple here<extra></extra>",
    }
    legend = [
        {
            "type": "scatter",
            "mode": "markers",
            "name": f"starts here, ends {c}" if c != "not settled" else "not settled",
            "marker": {"symbol": "square", "size": 12, "color": _COLOURS[c]},
            "hoverinfo": "skip",
        }
        for c in _CODES
    ]
    stars = {
        "type": "scatter",
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
    return [heatmap, *legend, stars]


def _path_styles() -> list[dict]:
    """Earlier couples' paths, this couple's path, its start and its end."""
    earlier = [
        {
            "type": "scatter",
            "mode": "lines",
            "name": "earlier couples",
            "showlegend": k == 0,
            "legendgroup": "earlier",
            "line": {"color": PALETTE["grey"], "width": 1.3, "dash": "dot"},
            "hoverinfo": "skip",
        }
        for k in range(_MAX_EARLIER)
    ]
    black = PALETTE["black"]
    return [
        *earlier,
        {
            "type": "scatter",
            "mode": "lines",
            "name": "this couple's path",
            "line": {"color": black, "width": 2.5},
        },
        {
            "type": "scatter",
            "mode": "markers",
            "name": "start",
            "marker": {"symbol": "circle-open", "size": 13, "color": black},
        },
        {
            "type": "scatter",
            "mode": "markers",
            "name": "end of the run",
            "marker": {"symbol": "x", "size": 11, "color": black},
        },
    ]


def _series_styles() -> list[tuple[dict, tuple[int, int]]]:
    """Trust and intimacy of both partners over time, and the 10/50/90 % markers."""
    styles = []
    for row, base in ((1, "trust"), (2, "intimacy")):
        for partner in "AB":
            line = {
                "type": "scatter",
                "mode": "lines",
                "name": f"Partner {partner}",
                "legendgroup": partner,
                "showlegend": row == 1,
                "line": partner_style(partner),
                "hovertemplate": f"{base} of {partner}: %{{y:.3f}}<extra></extra>",
            }
            styles.append((line, (row, 2)))
    rise = {
        "type": "scatter",
        "mode": "markers+text",
        "name": "10, 50, 90 % of the rise",
        "textposition": "bottom right",
        "marker": {"symbol": "diamond", "size": 9, "color": PALETTE["green"]},
    }
    return [*styles, (rise, (2, 2))]


class TrustSpiralExplorer:
    """Where couples end, by starting trust; and what taking turns does.

    Parameters
    ----------
    scenario : str or Scenario, optional
        The couple and its start (default: ``"P05_guarded_low_trust"`` in the spiral
        mode, ``"P06_alternating_turns"`` in the turns mode).
    mode : {"spiral", "turns"}
        The basin map with trajectories (P05, P16), or alternating turns against long
        blocks (P06).
    grid : int
        Points per axis of the basin map.
    n_points : int
        Output times per run (default 201 in the spiral mode, 401 in the turns mode).
    rtol, atol : float
        Integration tolerances (plot accuracy by default).

    Notes
    -----
    A scenario's inputs over time are not used: the spiral mode runs without any, and
    the turns mode replaces them with the speaking schedules of
    :func:`~intimacy_dynamics.intimacy.catalog.speaking_turns`.

    Examples
    --------
    >>> explorer = TrustSpiralExplorer(grid=5)
    >>> "distant" in explorer.readout.value
    True
    >>> explorer.set(trust_A=0.8, trust_B=0.8)     # same couple, more trust at the start
    >>> "intimate" in explorer.readout.value
    True
    """

    def __init__(
        self,
        scenario: str | Scenario | None = None,
        *,
        mode: str = "spiral",
        grid: int = 21,
        n_points: int | None = None,
        rtol: float = 1e-4,
        atol: float = 1e-7,
    ):
        if mode not in _MODES:
            raise BadInputError(f"mode {mode!r} is not one of {', '.join(_MODES)}")
        self.mode, self.model = mode, phenomena.model()
        default = "P05_guarded_low_trust" if mode == "spiral" else "P06_alternating_turns"
        scenario = scenario or default
        self.base = catalog.load(scenario) if isinstance(scenario, str) else scenario
        self.base.check_model(self.model)
        self.simulation_options = {
            "n_points": n_points or (201 if mode == "spiral" else 401),
            "rtol": rtol,
            "atol": atol,
        }
        self.readout = w.HTML(layout=w.Layout(min_height="4em"))
        self.readout.add_class("id-readout")
        self._suspended = False
        self._apply_scenario(self.base)
        specs = [self.model.param_specs[name] for name in CONTROLLED]
        self.controls = ControlPanel(specs, self._fixed_params, "The couple")
        view = _SpiralView if mode == "spiral" else _TurnsView
        self.view = view(self, grid)  # its controls first: the runs read them
        self.view.build()
        self.figure = self.view.figure
        self.widget = self.view.layout()
        self.controls.observe(self._on_change)
        self.readout.value = self.view.describe()

    # ------------------------------------------------------------- settings
    def _apply_scenario(self, scenario: Scenario) -> None:
        self._fixed_params = self.model.params(scenario.params)
        self._fixed_y0 = dict(
            zip(self.model.state_names, self.model.initial_state(scenario.y0), strict=True)
        )
        self.t_span = scenario.t_span or self.model.t_span

    def current_params(self):
        """The parameter set the controls describe (validated)."""
        return self._fixed_params.evolve(**self.controls.values())

    def current_y0(self) -> dict[str, float]:
        """The initial state: the scenario's, with the starting-trust controls."""
        return {**self._fixed_y0, **self.view.initial_values()}

    def set(self, **values) -> None:
        """Set parameters, starting trust or ``turn_length`` at once, with one redraw.

        Bad values leave everything as it was and explain the problem in the readout.
        """
        try:
            params, view_values = self._split(values)
            checked = self.current_params().evolve(**params)
            self.view.check(view_values)
        except IntimacyDynamicsError as exc:
            self.readout.value = _error("Cannot use these values", exc)
            return
        with self.held():
            for name in params:
                if name in self.controls:
                    self.controls[name].value = checked[name]
            fixed = {k: checked[k] for k in params if k not in self.controls}
            self._fixed_params = self._fixed_params.evolve(**fixed)
            self.view.apply(view_values)
        self.update()

    def _split(self, values: Mapping[str, float]) -> tuple[dict, dict]:
        params = {k: v for k, v in values.items() if k in self.model.param_specs}
        others = {k: v for k, v in values.items() if k not in params}
        unknown = sorted(set(others) - set(self.view.settable))
        if unknown:
            allowed = ", ".join(["a model parameter", *self.view.settable])
            raise BadInputError(f"cannot set {', '.join(unknown)}: use {allowed}")
        return params, others

    def load(self, scenario: Scenario | str) -> None:
        """Start over from a scenario (or a catalog name): couple, start and time span."""
        scenario = catalog.load(scenario) if isinstance(scenario, str) else scenario
        scenario.check_model(self.model)
        self._apply_scenario(scenario)
        with self.held():
            for name, control in self.controls.controls.items():
                control.value = self._fixed_params[name]
            self.view.start_over()
        self.update()

    def reset(self) -> None:
        """Back to the starting scenario."""
        self.load(self.base)

    @contextmanager
    def held(self):
        """Change several controls without a redraw after each one."""
        self._suspended = True
        try:
            yield
        finally:
            self._suspended = False

    # ---------------------------------------------------------------- update
    def _on_change(self, change=None) -> None:
        if not self._suspended:
            self.update()

    def update(self) -> None:
        """Re-simulate with the current settings and redraw (one message to the figure)."""
        try:
            self.view.update()
        except IntimacyDynamicsError as exc:
            self.readout.value = _error("Cannot simulate these settings", exc)
            return
        self.readout.value = self.view.describe()

    def simulate(self, y0=None, inputs=None):
        """Run the current couple (from ``y0``, default the current start) over ``t_span``."""
        return simulate(
            self.model,
            self.t_span,
            self.current_params(),
            y0=y0 or self.current_y0(),
            inputs=inputs,
            **self.simulation_options,
        )

    def _ipython_display_(self):
        from IPython.display import display

        display(self.widget)


class _SpiralView:
    """The basin map of starting trust, trajectories over it, and the time series."""

    settable = ("trust_A", "trust_B")

    def __init__(self, explorer: TrustSpiralExplorer, grid: int):
        self.explorer, self.grid = explorer, grid
        model = explorer.model
        start = explorer._fixed_y0
        self.initial = ControlPanel(
            [model.state_specs[n] for n in self.settable], start, "Starting trust"
        )
        self.together = w.Checkbox(
            value=False,
            description="Same starting trust for A and B",
            indent=False,
            layout=w.Layout(width="auto"),
        )
        self.earlier: list[tuple[float, float]] = []
        self.map_status = w.HTML()
        self.recompute_button = w.Button(
            description="Recompute map", icon="refresh", tooltip="Redraw the map for these settings"
        )
        self.recompute_button.on_click(lambda _: self.recompute_map())

    def build(self) -> None:
        """Compute the map and the first runs, then build the figure."""
        self._compute_map()
        self._run_all()
        self.figure = self._build()
        self.figure.data[0].on_click(self._on_click)
        self.initial.observe(self._on_initial)
        self._show_map_status()

    # ------------------------------------------------------------ settings
    def initial_values(self) -> dict[str, float]:
        return self.initial.values()

    def check(self, values: Mapping[str, float]) -> None:
        self.explorer.model.initial_state({**self.explorer.current_y0(), **values})

    def apply(self, values: Mapping[str, float]) -> None:
        for name, value in values.items():
            self.initial[name].value = value

    def start_over(self) -> None:
        self.earlier = []
        for name in self.settable:
            self.initial[name].value = self.explorer._fixed_y0[name]
        self._compute_map()

    def _on_initial(self, change) -> None:
        if self.explorer._suspended:
            return
        if self.together.value:
            changed = "trust_A" if change["owner"] is self.initial["trust_A"].box else "trust_B"
            other = "trust_B" if changed == "trust_A" else "trust_A"
            with self.explorer.held():
                self.initial[other].value = change["new"]
        self.explorer.update()

    # ------------------------------------------------------------- actions
    def click(self, x: float, y: float) -> None:
        """Start a couple at initial trust ``(x, y)``; the previous one stays drawn."""
        current = self.initial_values()
        self.earlier = [*self.earlier, (current["trust_A"], current["trust_B"])][-_MAX_EARLIER:]
        self.explorer.set(trust_A=round(float(x), 3), trust_B=round(float(y), 3))

    def _on_click(self, trace, points, state) -> None:
        if points.xs:
            self.click(points.xs[0], points.ys[0])

    def clear(self) -> None:
        """Forget the earlier couples."""
        self.earlier = []
        self.explorer.update()

    def recompute_map(self) -> None:
        """Recompute the basin map for the current settings and redraw."""
        self.map_status.value = "<i>Computing the map (a few seconds)…</i>"
        try:
            self._compute_map()
        except IntimacyDynamicsError as exc:
            self.map_status.value = _error("Cannot compute the map", exc)
            return
        self.explorer.update()

    @property
    def map_is_current(self) -> bool:
        """Whether the map was computed for the current parameters."""
        return self.basin_map.params == self.explorer.current_params()

    # ----------------------------------------------------------- computing
    def map_options(self) -> dict:
        """The arguments of :func:`basins` for the current settings."""
        explorer = self.explorer
        hold = {k: v for k, v in explorer._fixed_y0.items() if k not in self.settable}
        return {
            "model": explorer.model,
            "params": explorer.current_params(),
            "x": "trust_A",
            "y": "trust_B",
            "grid": self.grid,
            "ranges": {"trust_A": (0.0, 1.0), "trust_B": (0.0, 1.0)},
            "hold": hold,
            "t_end": explorer.t_span[1],
            "rtol": explorer.simulation_options["rtol"],
            "atol": explorer.simulation_options["atol"],
        }

    def _compute_map(self) -> None:
        self.basin_map = basins(**self.map_options())
        names = [_leans(a.state) for a in self.basin_map.attractors]
        labels = self.basin_map.labels
        self.categories = np.full(labels.shape, "not settled", dtype=object)
        for k, name in enumerate(names):
            self.categories[labels == k] = name
        self.attractor_names = names

    def _run_all(self) -> None:
        explorer = self.explorer
        self.run = explorer.simulate()
        self.earlier_runs = [
            explorer.simulate({**explorer.current_y0(), "trust_A": a, "trust_B": b})
            for a, b in self.earlier
        ]

    def update(self) -> None:
        self._run_all()
        with self.figure.batch_update():
            self._fill(self.figure)
        self._show_map_status()

    def _show_map_status(self) -> None:
        if self.map_is_current:
            self.map_status.value = "Map: up to date."
            self.recompute_button.button_style = ""
        else:
            self.map_status.value = (
                "<b>Map: shows the settings before your last change.</b> "
                "Predict how it will change, then press <i>Recompute map</i>."
            )
            self.recompute_button.button_style = "warning"

    # ------------------------------------------------------------ drawing
    def traces(self) -> list[dict]:
        """Every trace's data, in the figure's order."""
        bm, run = self.basin_map, self.run
        return [
            self._map_trace(),
            *self._legend_traces(),
            {
                "x": [a.state["trust_A"] for a in bm.attractors],
                "y": [a.state["trust_B"] for a in bm.attractors],
                "text": self.attractor_names,
            },
            *[self._path(k) for k in range(_MAX_EARLIER)],
            {"x": run["trust_A"], "y": run["trust_B"]},
            {"x": run["trust_A"][:1], "y": run["trust_B"][:1]},
            {"x": run["trust_A"][-1:], "y": run["trust_B"][-1:]},
            *({"x": run.t, "y": run[name]} for name in ("trust_A", "trust_B")),
            *({"x": run.t, "y": run[name]} for name in ("intimacy_A", "intimacy_B")),
            self._rise_trace(),
        ]

    def _map_trace(self) -> dict:
        bm = self.basin_map
        codes = np.vectorize(_CODES.get)(self.categories)
        text = [
            [
                f"start: A {x:.2f}, B {y:.2f}<br>ends {self.categories[i, j]}"
                for j, x in enumerate(bm.xs)
            ]
            for i, y in enumerate(bm.ys)
        ]
        return {"x": bm.xs, "y": bm.ys, "z": codes, "text": text}

    @staticmethod
    def _legend_traces() -> list[dict]:
        return [{"x": [None], "y": [None]} for _ in _COLOURS]

    def _path(self, k: int) -> dict:
        if k >= len(self.earlier_runs):
            return {"x": [], "y": []}
        run = self.earlier_runs[k]
        return {"x": run["trust_A"], "y": run["trust_B"]}

    def rise(self) -> dict | None:
        """Days by which the couple's mean intimacy covered 10, 50 and 90 % of its rise."""
        run = self.run
        return rise_times(run.t, 0.5 * (run["intimacy_A"] + run["intimacy_B"]))

    def _rise_trace(self) -> dict:
        times = self.rise()
        if times is None:
            return {"x": [], "y": [], "text": []}
        run = self.run
        mean = 0.5 * (run["intimacy_A"] + run["intimacy_B"])
        xs = list(times.values())
        return {
            "x": xs,
            "y": list(np.interp(xs, run.t, mean)),
            "text": [f"{fraction:.0%}" for fraction in times],
        }

    def _fill(self, fig) -> None:
        for trace, data in zip(fig.data, self.traces(), strict=True):
            for key, value in data.items():
                setattr(trace, key, value)

    def _build(self):
        import plotly.graph_objects as go
        from plotly.subplots import make_subplots

        fig = make_subplots(
            rows=2,
            cols=2,
            specs=[[{"rowspan": 2}, {}], [None, {}]],
            subplot_titles=("Where couples end, by starting trust", "Trust", "Felt intimacy"),
            horizontal_spacing=0.1,
            vertical_spacing=0.14,
        )
        for data, (style, row, col) in zip(self.traces(), self._styles(), strict=True):
            fig.add_trace({**style, **data}, row=row, col=col)
        layout = base_layout("Recursion: the trust spiral", height=600)
        layout["legend"] = {"orientation": "h", "yanchor": "top", "y": -0.12, "x": 0}
        layout["margin"] = {**layout["margin"], "b": 140}
        fig.update_layout(**layout)
        fig.update_xaxes(title_text="trust of A (0–1)", range=[0, 1], row=1, col=1)
        fig.update_yaxes(title_text="trust of B (0–1)", range=[0, 1], row=1, col=1)
        fig.update_xaxes(title_text="time (days)", row=2, col=2)
        fig.update_yaxes(title_text="trust (0–1)", row=1, col=2)
        fig.update_yaxes(title_text="intimacy (0–1)", row=2, col=2)
        return apply_config(go.FigureWidget(fig))

    def _styles(self) -> list[tuple[dict, int, int]]:
        """Type, names and looks of every trace, with its panel, in the figure's order."""
        on_map = [*_map_styles(), *_path_styles()]
        series = _series_styles()
        places = [(1, 1)] * len(on_map) + [place for _, place in series]
        styles = on_map + [style for style, _ in series]
        return [(style, row, col) for style, (row, col) in zip(styles, places, strict=True)]

    # ------------------------------------------------------------- readout
    def describe(self) -> str:
        """Where the couple heads, how intimacy grew, and what the map shows."""
        run, model = self.run, self.explorer.model
        start = self.initial_values()
        end = run.final()
        verdict = _leans(end)
        parts = [
            f"Starting from trust A {start['trust_A']:.2f} and B {start['trust_B']:.2f}, "
            f"this couple heads for the <b>{verdict}</b> attractor: by day {run.t[-1]:.0f}, "
            f"intimacy A {end['intimacy_A']:.2f} and B {end['intimacy_B']:.2f}, trust A "
            f"{end['trust_A']:.2f} and B {end['trust_B']:.2f}.",
            describe_outcome(model, run, ["trust_A", "intimacy_A"]),
        ]
        times = self.rise()
        if times is not None:
            t10, t50, t90 = times.values()
            parts.append(
                f"Intimacy grew gradually: 10 % of its rise by day {t10:.1f}, half by day "
                f"{t50:.1f}, 90 % by day {t90:.1f}."
            )
        parts.append(self._describe_map())
        return "<br>".join(parts)

    def _describe_map(self) -> str:
        if not self.map_is_current:
            return "<i>The map shows earlier settings: press Recompute map.</i>"
        bm = self.basin_map
        found = [
            f"{name} (trust {a.state['trust_A']:.2f}, intimacy {a.state['intimacy_A']:.2f})"
            for name, a in zip(self.attractor_names, bm.attractors, strict=True)
        ]
        if not found:
            return "The map found no stable end state for these settings."
        shares = {c: float(np.mean(self.categories == c)) for c in _CODES}
        share = ", ".join(f"{v:.0%} {c}" for c, v in shares.items() if v > 0)
        count = "one attractor" if len(found) == 1 else f"{len(found)} attractors"
        return f"The map shows {count}: {'; '.join(found)}. Starts ending: {share}."

    # -------------------------------------------------------------- layout
    def layout(self) -> w.VBox:
        clear = w.Button(description="Clear paths", icon="eraser", tooltip="Forget earlier couples")
        clear.on_click(lambda _: self.clear())
        reset = w.Button(description="Reset", icon="undo", tooltip="Back to the start")
        reset.on_click(lambda _: self.explorer.reset())
        self.preset_picker = w.Dropdown(
            options=["(choose a couple)", *PRESETS], description="Couple"
        )
        self.preset_picker.observe(self._pick, names="value")
        hint = w.HTML("<i>Click on the map to start a couple there.</i>")
        bar = w.HBox([self.preset_picker, self.recompute_button, clear, reset])
        explorer = self.explorer
        return w.VBox(
            [
                bar,
                w.HBox([hint, self.map_status]),
                self.figure,
                explorer.readout,
                w.HBox(
                    [self.initial.widget, self.together], layout=w.Layout(align_items="flex-end")
                ),
                explorer.controls.widget,
            ]
        )

    def _pick(self, change) -> None:
        if change["new"] in PRESETS:
            self.map_status.value = "<i>Computing the map (a few seconds)…</i>"
            self.explorer.load(PRESETS[change["new"]])


class _TurnsView:
    """One conversation in turns of a chosen length, against one long block each."""

    settable = ("turn_length",)

    def __init__(self, explorer: TrustSpiralExplorer, grid: int):
        self.explorer = explorer
        self.turn_length = w.SelectionSlider(
            options=[(f"{x:g}", x) for x in catalog.TURN_LENGTHS],
            value=catalog.TURN_LENGTHS[0],
            description="Turn length (days)",
            style={"description_width": "140px"},
            layout=w.Layout(width="420px"),
            continuous_update=False,
        )
        self.turn_length.observe(explorer._on_change, names="value")

    def build(self) -> None:
        """Run the first conversations, then build the figure."""
        self._run_all()
        self.figure = self._build()

    # ------------------------------------------------------------ settings
    def initial_values(self) -> dict[str, float]:
        return {}

    def check(self, values: Mapping[str, float]) -> None:
        if "turn_length" in values:
            catalog.speaking_turns(values["turn_length"])

    def apply(self, values: Mapping[str, float]) -> None:
        if "turn_length" in values:
            self.turn_length.value = values["turn_length"]

    def start_over(self) -> None:
        self.turn_length.value = catalog.TURN_LENGTHS[0]

    # ----------------------------------------------------------- computing
    def _run_all(self) -> None:
        explorer = self.explorer
        self.schedules = catalog.speaking_turns(self.turn_length.value)
        self.run = explorer.simulate(inputs=self.schedules)
        self.blocks = explorer.simulate(inputs=catalog.speaking_turns(catalog.TURN_LENGTHS[-1]))

    def update(self) -> None:
        self._run_all()
        with self.figure.batch_update():
            for trace, data in zip(self.figure.data, self.traces(), strict=True):
                trace.x, trace.y = data["x"], data["y"]

    def end_intimacy(self, run) -> float:
        """Mean intimacy of A and B at the end of the conversation."""
        return 0.5 * float(run["intimacy_A"][-1] + run["intimacy_B"][-1])

    # ------------------------------------------------------------ drawing
    def _steps(self, name: str) -> dict:
        schedule = self.schedules[name]
        end = self.explorer.t_span[1]
        return {"x": [*schedule.times, end], "y": [*schedule.values, schedule.values[-1]]}

    def traces(self) -> list[dict]:
        """Every trace's data, in the figure's order."""
        run, blocks = self.run, self.blocks
        return [
            self._steps("speaking_A"),
            self._steps("speaking_B"),
            {"x": run.t, "y": run["intimacy_A"]},
            {"x": run.t, "y": run["intimacy_B"]},
            {"x": blocks.t, "y": 0.5 * (blocks["intimacy_A"] + blocks["intimacy_B"])},
        ]

    def _build(self):
        import plotly.graph_objects as go
        from plotly.subplots import make_subplots

        fig = make_subplots(
            rows=2,
            cols=1,
            shared_xaxes=True,
            subplot_titles=("Who holds the floor", "Felt intimacy"),
            vertical_spacing=0.14,
            row_heights=[0.3, 0.7],
        )
        data = self.traces()
        for k, partner in enumerate("AB"):
            fig.add_scatter(
                **data[k],
                mode="lines",
                name=f"Partner {partner}",
                legendgroup=partner,
                line={**partner_style(partner), "shape": "hv"},
                hovertemplate=f"{partner} speaking: %{{y:.0f}}<extra></extra>",
                row=1,
                col=1,
            )
        for k, partner in enumerate("AB"):
            fig.add_scatter(
                **data[k + 2],
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
            **data[4],
            mode="lines",
            name="one long block each (mean of A and B)",
            line={"color": PALETTE["grey"], "dash": "dot", "width": 2},
            row=2,
            col=1,
        )
        fig.update_layout(**base_layout("Reciprocity: taking turns", height=480))
        fig.update_xaxes(title_text="time (days)", row=2, col=1)
        fig.update_yaxes(title_text="speaking (0 or 1)", range=[-0.1, 1.1], row=1, col=1)
        fig.update_yaxes(title_text="intimacy (0–1)", row=2, col=1)
        fig.update_layout(
            legend={"orientation": "h", "yanchor": "top", "y": -0.15, "x": 0},
            margin={"l": 60, "r": 20, "t": 70, "b": 110},
        )
        return apply_config(go.FigureWidget(fig))

    # ------------------------------------------------------------- readout
    def describe(self) -> str:
        """Intimacy at the end in turns and in blocks; listener and discloser."""
        length = self.turn_length.value
        turns, blocks = self.end_intimacy(self.run), self.end_intimacy(self.blocks)
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
        run = self.run
        listener = float(np.interp(length, run.t, run["intimacy_B"]))
        discloser = float(np.interp(length, run.t, run["intimacy_A"]))
        return (
            f"In turns of {length:g} days ({n} each), the conversation ends with intimacy "
            f"<b>{turns:.3f}</b> (mean of A and B). {compare}<br>At the end of A's first "
            f"turn (day {length:g}), B, who listened, feels {listener:.3f}; A, who "
            f"disclosed, feels {discloser:.3f}."
        )

    # -------------------------------------------------------------- layout
    def layout(self) -> w.VBox:
        reset = w.Button(description="Reset", icon="undo", tooltip="Back to the start")
        reset.on_click(lambda _: self.explorer.reset())
        explorer = self.explorer
        return w.VBox(
            [
                w.HBox([self.turn_length, reset], layout=w.Layout(align_items="center")),
                self.figure,
                explorer.readout,
                explorer.controls.widget,
            ]
        )
