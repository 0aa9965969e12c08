"""``ModelLab``: live sliders over any model, with time series, a phase view and a readout.

Everything a student sees is generated from the model's declarations: one control per
parameter (and per chosen initial state), one trace per plotted state and partner. The
figures are plotly ``FigureWidget``s built once; every change re-simulates and updates
the traces' data with a single restyle per figure (one message to the browser).

The lab also offers what users of a good lab expect: Reset, presets (scenarios), export
of the run as CSV, the current settings as scenario JSON to copy and load, a
plain-language readout of where the run is heading, and colour-blind-safe lines that
also differ by style.
"""

from __future__ import annotations

import html
import io
import time
from collections.abc import Mapping, Sequence

import ipywidgets as w
import numpy as np

from intimacy_dynamics.analysis.cycles import measure_oscillation
from intimacy_dynamics.analysis.steady_states import classify
from intimacy_dynamics.errors import IntimacyDynamicsError
from intimacy_dynamics.plotting import PALETTE, apply_config, base_layout, partner_style
from intimacy_dynamics.simulation.scenario import Scenario
from intimacy_dynamics.simulation.simulate import simulate
from intimacy_dynamics.widgets.common import BatchedRedraws, download_link
from intimacy_dynamics.widgets.controls import ControlPanel

__all__ = ["ModelLab", "axis_range", "declared_span", "resolve_panels", "time_series_figure"]


class ModelLab(BatchedRedraws):
    """An interactive lab for one model.

    Parameters
    ----------
    model : Model
        Any model.
    plots : sequence of str, optional
        What to plot over time: per-partner base names (``"trust"``, both partners in one
        panel) or full names. Default: up to four of the first states.
    phase : (str, str), optional
        Two states for a phase view (trajectory of one against the other).
    params : sequence of str, optional
        Parameters with controls (default: all).
    initial : sequence of str, optional
        States whose initial value gets a control (default: none).
    scenario : Scenario, optional
        The starting settings (and what Reset returns to).
    presets : mapping of str to Scenario, optional
        Named settings offered in a dropdown.
    n_points : int
        Output times per run.
    rtol, atol : float
        Integration tolerances. The default, "plot accuracy" (errors around 1e-5 of a
        state's range, far below a pixel), keeps slider moves fast; tighten them for
        figures that are measured rather than looked at.

    Examples
    --------
    >>> import sympy
    >>> from intimacy_dynamics import Model, Param, State
    >>> x, k = sympy.symbols("x k")
    >>> model = Model.from_equations({x: -k * x}, params={k: Param(0.5, bounds=(0, 2))},
    ...                              states={"x": State(1.0, bounds=(0, 2))}, t_span=(0, 10))
    >>> lab = ModelLab(model)
    >>> lab.controls["k"].value = 1.0        # a slider move re-simulates and redraws
    >>> round(float(lab.figure.data[0].y[-1]), 5)  # exp(-10)
    5e-05
    """

    def __init__(
        self,
        model,
        *,
        plots: Sequence[str] | None = None,
        phase: tuple[str, str] | None = None,
        params: Sequence[str] | None = None,
        initial: Sequence[str] = (),
        scenario: Scenario | None = None,
        presets: Mapping[str, Scenario] | None = None,
        n_points: int = 401,
        title: str | None = None,
        rtol: float = 1e-4,
        atol: float = 1e-7,
    ):
        self.model = model
        self.base = scenario or Scenario("default", model=model.name)
        self.base.check_model(model)
        self.presets = dict(presets or {})
        self.simulation_options = {"n_points": n_points, "rtol": rtol, "atol": atol}
        self.n_points = n_points
        self.t_span = self.base.t_span or model.t_span
        self.inputs = dict(self.base.inputs)
        self.last_update_seconds = float("nan")
        defaults = model.params(self.base.params)
        y0 = dict(zip(model.state_names, model.initial_state(self.base.y0), strict=True))
        chosen = params if params is not None else model.param_names
        self.controls = ControlPanel([model.param_specs[n] for n in chosen], defaults, "Parameters")
        self.initial = ControlPanel([model.state_specs[n] for n in initial], y0, "Starting point")
        self._fixed_params, self._fixed_y0 = defaults, y0
        self.panels = self._panels(plots)
        self.phase = phase
        self._ranges: dict[str, dict[str, list[float]]] = {"time": {}, "phase": {}}
        self.trajectory = self._simulate()  # a bad starting scenario fails here, clearly
        self._drawn_t = self.trajectory.t
        self.figure = self._time_figure(
            title or f"{model.name}: what happens over time", self.trajectory
        )
        self.phase_figure = self._phase_figure(self.trajectory) if phase else None
        self.readout = w.HTML(layout=w.Layout(min_height="3em"))
        self.readout.add_class("id-readout")
        self.download = w.HTML()
        self.settings = w.Textarea(
            layout=w.Layout(width="100%", height="8em"),
            description="Settings",
            tooltip="Scenario JSON",
        )
        self.widget = self._layout()
        self._suspended = False
        self.controls.observe(self._on_change)
        self.initial.observe(self._on_change)
        self.readout.value = self.summarize(self.trajectory)

    # ------------------------------------------------------------- settings
    def current_params(self):
        """The parameter set the controls describe (validated)."""
        return self._fixed_params.evolve(**self.controls.values())

    def current_y0(self) -> dict[str, float]:
        """The initial state the controls describe."""
        return {**self._fixed_y0, **self.initial.values()}

    def scenario(self, name: str = "my_settings") -> Scenario:
        """The current settings as a :class:`Scenario` (only what differs from defaults)."""
        params = self.current_params().changed()
        defaults = dict(zip(self.model.state_names, self.model.initial_state(), strict=True))
        y0 = {k: v for k, v in self.current_y0().items() if v != defaults[k]}
        return Scenario(
            name,
            model=self.model.name,
            params=params,
            y0=y0,
            t_span=tuple(self.t_span),
            inputs=self.inputs,
        )

    def load(self, scenario: Scenario | str) -> None:
        """Apply a :class:`Scenario` (or its JSON): every control at once, one redraw."""
        if isinstance(scenario, str):
            scenario = Scenario.from_json(scenario)
        scenario.check_model(self.model)
        params = self.model.params(scenario.params)  # validate before touching any control
        y0 = dict(zip(self.model.state_names, self.model.initial_state(scenario.y0), strict=True))
        self.t_span = scenario.t_span or self.model.t_span
        self.inputs = dict(scenario.inputs)
        self._fixed_params, self._fixed_y0 = params, y0
        with self._held():
            for name, control in self.controls.controls.items():
                control.value = params[name]
            for name, control in self.initial.controls.items():
                control.value = y0[name]
        self.update()

    def set(self, **values: float) -> None:
        """Set several parameters or initial states at once (validated), with one redraw."""
        params = {k: v for k, v in values.items() if k not in self.model.state_names}
        states = {k: v for k, v in values.items() if k in self.model.state_names}
        checked = self.current_params().evolve(**params)
        self.model.initial_state({**self.current_y0(), **states})
        with self._held():
            for name in params:
                if name in self.controls:
                    self.controls[name].value = checked[name]
            self._fixed_params = self._fixed_params.evolve(
                **{k: checked[k] for k in params if k not in self.controls}
            )
            for name, value in states.items():
                if name in self.initial:
                    self.initial[name].value = value
                else:
                    self._fixed_y0[name] = value
        self.update()

    def reset(self) -> None:
        """Back to the starting scenario."""
        self.load(self.base)

    # ---------------------------------------------------------------- update
    def update(self) -> None:
        """Re-simulate with the current settings and redraw (the slider handler)."""
        start = time.perf_counter()
        try:
            run = self._simulate()
        except IntimacyDynamicsError as exc:
            self.readout.value = (
                f'<span style="color:{PALETTE["vermillion"]}"><b>Cannot simulate these '
                f"settings:</b> {html.escape(str(exc))}</span>"
            )
            return
        self.trajectory = run
        self._draw(run)
        self.readout.value = self.summarize(run)
        self.last_update_seconds = time.perf_counter() - start

    def _simulate(self):
        return simulate(
            self.model,
            self.t_span,
            self.current_params(),
            y0=self.current_y0(),
            inputs=self.inputs or None,
            **self.simulation_options,
        )

    def _draw(self, run) -> None:
        """Send the new data: one restyle message per figure, x only if the grid changed.

        ``plotly_restyle`` takes all traces' arrays in one call; assigning ``trace.y``
        inside ``batch_update`` also sends one message but validates each array on the
        way (three times slower here).
        """
        lines = list(range(len(self._trace_names)))
        update = {"y": [run[name] for name in self._trace_names]}
        if not np.array_equal(self._drawn_t, run.t):
            update["x"] = [run.t] * len(lines)
            self._drawn_t = run.t
        _send(self.figure, update, lines, self._axis_changes("time", self._time_ranges(run)))
        if self.phase_figure is not None:
            x, y = run[self.phase[0]], run[self.phase[1]]
            update = {"x": [x, x[:1], x[-1:]], "y": [y, y[:1], y[-1:]]}
            _send(
                self.phase_figure,
                update,
                [0, 1, 2],
                self._axis_changes("phase", self._phase_ranges(run)),
            )

    # Axes have fixed ranges (a state's soft range, widened in half-range steps when a run
    # leaves it), so a slider move does not make the axes jump, and the browser skips the
    # autorange pass on every redraw.
    def _time_ranges(self, run) -> dict[str, list[float]]:
        ranges = {}
        for k, (_, names) in enumerate(self.panels):
            suffix = "" if k == 0 else str(k + 1)
            ranges[f"xaxis{suffix}.range"] = [float(run.t[0]), float(run.t[-1])]
            ranges[f"yaxis{suffix}.range"] = axis_range(self.model, names, run)
        return ranges

    def _phase_ranges(self, run) -> dict[str, list[float]]:
        return {
            "xaxis.range": axis_range(self.model, self.phase[:1], run),
            "yaxis.range": axis_range(self.model, self.phase[1:], run),
        }

    def _axis_changes(self, figure: str, ranges: dict[str, list[float]]) -> dict:
        """The ranges that differ from those ``figure`` ("time" or "phase") shows."""
        shown = self._ranges[figure]
        changed = {k: v for k, v in ranges.items() if shown.get(k) != v}
        shown.update(changed)
        return changed

    def summarize(self, run) -> str:
        """A plain-language sentence on where the run is heading (override per model)."""
        return describe_outcome(self.model, run, [n for _, names in self.panels for n in names])

    # ------------------------------------------------------------ exporting
    def to_csv(self) -> str:
        """The current run as CSV text: time, then every state and output."""
        run = self.trajectory
        names = run.names
        buffer = io.StringIO()
        buffer.write(",".join(["t", *names]) + "\n")
        table = np.column_stack([run.t, *(run[n] for n in names)])
        np.savetxt(buffer, table, delimiter=",", fmt="%.10g")
        return buffer.getvalue()

    def _export(self, _=None) -> None:
        self.download.value = download_link(
            self.to_csv(), f"{self.model.name}_run.csv", "Download the run as CSV"
        )

    def _show_settings(self, _=None) -> None:
        self.settings.value = self.scenario().to_json()

    def _load_settings(self, _=None) -> None:
        self._load_or_explain(self.settings.value, "Could not load the settings")

    def _load_or_explain(self, scenario, failure: str) -> None:
        """Load ``scenario``; if it is refused, say why in the readout (nothing changes)."""
        try:
            self.load(scenario)
        except IntimacyDynamicsError as exc:
            self.readout.value = (
                f'<span style="color:{PALETTE["vermillion"]}"><b>{failure}:'
                f"</b> {html.escape(str(exc))}</span>"
            )

    # --------------------------------------------------------------- layout
    def _panels(self, plots) -> list[tuple[str, list[str]]]:
        return resolve_panels(self.model, plots)

    # Figures are built whole as plain Figures and only then wrapped in a FigureWidget:
    # the widget's state must hold every trace, the layout and the first run's data,
    # because a page that connects later (Voila renders after running the notebook)
    # sees the state, not the update messages sent before it connected.
    def _time_figure(self, title, run):
        import plotly.graph_objects as go

        fig, self._trace_names = time_series_figure(self.model, self.panels, title, run)
        fig.update_layout(self._axis_changes("time", self._time_ranges(run)))
        return apply_config(go.FigureWidget(fig))

    def _phase_figure(self, run):
        import plotly.graph_objects as go

        x, y = self.phase
        sx, sy = self.model.state_specs[x], self.model.state_specs[y]
        fig = go.Figure(
            layout=base_layout("Phase view", sx.display_label, sy.display_label, height=380)
        )
        xs, ys = run[x], run[y]
        fig.add_scatter(
            x=xs, y=ys, mode="lines", name="path", line={"color": PALETTE["black"], "width": 2}
        )
        fig.add_scatter(
            x=xs[:1],
            y=ys[:1],
            mode="markers",
            name="start",
            marker={"symbol": "circle-open", "size": 12, "color": PALETTE["blue"]},
        )
        fig.add_scatter(
            x=xs[-1:],
            y=ys[-1:],
            mode="markers",
            name="end",
            marker={"symbol": "star", "size": 14, "color": PALETTE["vermillion"]},
        )
        fig.update_layout(self._axis_changes("phase", self._phase_ranges(run)))
        return apply_config(go.FigureWidget(fig))

    def _toolbar(self) -> w.HBox:
        reset = w.Button(description="Reset", icon="undo", tooltip="Back to the starting settings")
        reset.on_click(lambda _: self.reset())
        export = w.Button(description="Export CSV", icon="download", tooltip="Download this run")
        export.on_click(self._export)
        items = [reset, export]
        if self.presets:
            picker = w.Dropdown(
                options=["(choose a preset)", *self.presets],
                description="Preset",
                tooltip="Load a named scenario",
            )
            picker.observe(self._pick, names="value")
            items.insert(0, picker)
            self.preset_picker = picker
        return w.HBox([*items, self.download], layout=w.Layout(align_items="center"))

    def _pick(self, change) -> None:
        if change["new"] in self.presets:
            self._load_or_explain(self.presets[change["new"]], "Could not load this preset")

    def _settings_box(self) -> w.Accordion:
        show = w.Button(description="Show my settings", tooltip="Write the settings as JSON")
        show.on_click(self._show_settings)
        load = w.Button(description="Load these settings", tooltip="Apply the JSON above")
        load.on_click(self._load_settings)
        box = w.VBox([self.settings, w.HBox([show, load])])
        accordion = w.Accordion(children=[box], titles=("Copy or load settings (JSON)",))
        accordion.selected_index = None
        return accordion

    def _layout(self) -> w.VBox:
        plots = [self.figure] + ([self.phase_figure] if self.phase_figure is not None else [])
        controls = [self.controls.widget] + ([self.initial.widget] if self.initial.controls else [])
        return w.VBox(
            [
                self._toolbar(),
                w.HBox(plots, layout=w.Layout(flex_flow="row wrap")),
                self.readout,
                *controls,
                self._settings_box(),
            ]
        )

    def _ipython_display_(self):
        from IPython.display import display

        display(self.widget)


def resolve_panels(model, plots: Sequence[str] | None = None) -> list[tuple[str, list[str]]]:
    """(panel title, full names drawn in it) for each time-series panel.

    ``plots`` holds per-partner base names (``"trust"``: both partners in one panel) or
    full names of states and outputs; by default, up to four of the first states.

    Examples
    --------
    >>> from intimacy_dynamics import IntimacyModel
    >>> resolve_panels(IntimacyModel(), ["trust"])
    [('Trust', ['trust_A', 'trust_B'])]
    """
    if plots is None:
        bases = []
        for spec in model.state_specs.values():
            key = spec.base if spec.partner else spec.name
            if key not in bases:
                bases.append(key)
        plots = bases[:4]
    panels = []
    for key in plots:
        names = [s.name for s in model.state_specs.values() if s.base == key and s.partner]
        names += [s.name for s in model.output_specs.values() if s.base == key and s.partner]
        if not names:
            model.spec(key)  # raises a clear error for an unknown name
            names = [key]
        spec = model.spec(names[0])
        title = spec.label or key.replace("_", " ")
        panels.append((title, names))
    return panels


def time_series_figure(model, panels, title: str, run=None):
    """The time-series panels as a plotly ``Figure``, and the name each trace draws.

    One subplot per panel (two columns), one line per name, partners in their styles
    (one legend entry each). With ``run`` (a trajectory) the lines hold its data;
    without, they are empty, to be filled in the browser.
    """
    from plotly.subplots import make_subplots

    cols = 1 if len(panels) == 1 else 2
    rows = -(-len(panels) // cols)
    fig = make_subplots(
        rows=rows,
        cols=cols,
        subplot_titles=[t for t, _ in panels],
        shared_xaxes=True,
        vertical_spacing=0.12,
    )
    names_drawn = []
    legend_shown = set()
    for k, (_, names) in enumerate(panels):
        row, col = k // cols + 1, k % cols + 1
        for name in names:
            spec = model.spec(name)
            # partners share a style everywhere (one legend entry each); a panel of one
            # quantity gets its own colour and dash, and its title names it
            key = f"Partner {spec.partner}" if spec.partner else None
            fig.add_scatter(
                x=run.t if run is not None else [],
                y=run[name] if run is not None else [],
                mode="lines",
                name=key or spec.display_label,
                line=partner_style(spec.partner, k),
                row=row,
                col=col,
                legendgroup=key,
                showlegend=key is not None and key not in legend_shown,
                hovertemplate=f"{spec.display_label}: %{{y:.3f}}<extra></extra>",
            )
            legend_shown.add(key)
            names_drawn.append(name)
    layout = base_layout(title, height=260 * rows + 110)
    layout["legend"] = {
        "orientation": "h",
        "yanchor": "bottom",
        "y": 1.0 + 60 / (260 * rows),
        "x": 1,
        "xanchor": "right",
    }
    layout["margin"] = {**layout["margin"], "t": 110}
    fig.update_layout(**layout)
    fig.update_xaxes(title_text=f"time ({model.time_units})", row=rows)
    return fig, names_drawn


def _send(figure, restyle: dict, traces: list[int], relayout: dict) -> None:
    """One message to the browser: new data, and new axis ranges if any changed."""
    if relayout:
        figure.plotly_update(restyle_data=restyle, relayout_data=relayout, trace_indexes=traces)
    else:
        figure.plotly_restyle(restyle, trace_indexes=traces)


def axis_range(model, names: Sequence[str], run, pad: float = 0.04) -> list[float]:
    """A steady axis range for ``names``: their soft range, widened to fit ``run``.

    The range grows in steps of half the soft range, so small changes do not move it.

    Examples
    --------
    >>> from intimacy_dynamics import IntimacyModel, simulate
    >>> model = IntimacyModel()
    >>> axis_range(model, ["trust_A"], simulate(model))   # trust lives in [0, 1]
    [-0.04, 1.04]
    """
    data = np.concatenate([np.asarray(run[n], dtype=float) for n in names])
    low, high = declared_span(model, names) or (data.min(), max(data.max(), data.min() + 1))
    step = (high - low) / 2
    if data.min() < low:
        low -= step * np.ceil((low - data.min()) / step)
    if data.max() > high:
        high += step * np.ceil((data.max() - high) / step)
    margin = pad * (high - low)
    return [float(low - margin), float(high + margin)]


def declared_span(model, names: Sequence[str]) -> tuple[float, float] | None:
    """The range ``names`` are declared to live in, or None when none declares one.

    A quantity's span is its soft range, or its bounds when they are finite (outputs
    have no soft range); the result covers every declared span.

    Examples
    --------
    >>> from intimacy_dynamics import IntimacyModel
    >>> declared_span(IntimacyModel(), ["trust_A", "trust_B"])
    (0.0, 1.0)
    """
    spans = [_declared_span(model.spec(n)) for n in names]
    spans = [s for s in spans if s is not None]
    if not spans:
        return None
    return min(s[0] for s in spans), max(s[1] for s in spans)


def _declared_span(spec) -> tuple[float, float] | None:
    """A quantity's soft range, or its bounds when finite (outputs have no soft range)."""
    span = getattr(spec, "soft", None) or spec.bounds
    return span if np.all(np.isfinite(span)) and span[1] > span[0] else None


def describe_outcome(model, run, watched: Sequence[str]) -> str:
    """Where a run is heading, in words: settled (and how stable) or still moving."""
    compiled = model.compile()
    p = run.parameter_values()
    p_end = [float(np.asarray(v)[-1]) if np.ndim(v) else v for v in p]
    y_end = run.y[:, -1]
    widths = np.array([s.soft[1] - s.soft[0] for s in model.state_specs.values()])
    span = run.t[-1] - run.t[0]
    speed = np.max(np.abs(compiled.rhs(run.t[-1], y_end, p_end)) / widths) * span
    shown = ", ".join(f"{model.spec(n).display_label} {run[n][-1]:.2f}" for n in watched[:4])
    if speed < 0.02:
        kind, _ = classify(np.linalg.eigvals(compiled.jacobian(run.t[-1], y_end, p_end)))
        return f"<b>Settled</b> at a steady state ({kind}): {shown}."
    late = run.t >= run.t[0] + 0.5 * span
    for name in watched:
        spec = model.spec(name)
        threshold = 1e-3 * (spec.soft[1] - spec.soft[0])
        cycle = measure_oscillation(run.t[late], run[name][late], threshold, min_crossings=2)
        if cycle.oscillating:
            return (
                f"<b>Oscillating</b>: {spec.display_label} swings between {cycle.minimum:.2f} "
                f"and {cycle.maximum:.2f}, one cycle every {cycle.period:.1f} "
                f"{model.time_units}."
            )
    return f"<b>Still changing</b> at the end of the run: {shown}."
