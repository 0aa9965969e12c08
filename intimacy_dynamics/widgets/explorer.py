"""``Explorer``: the contract of every lab and explorer, and the plumbing they share.

Every interactive view of the course is an explorer: settings go in, a result is
computed from them through the public API, and the result is drawn and described. The
base class states the contract a subclass fulfils and does everything else once: the
controls, the readout and its errors, all-or-nothing changes, presets, reset, the
settings as JSON, sending new data to figures by trace name, CSV export and display.
"""

from __future__ import annotations

import html
import io
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, ClassVar

import ipywidgets as w
import numpy as np

from intimacy_dynamics.core.params import ParamSet
from intimacy_dynamics.core.quantities import Setting
from intimacy_dynamics.core.validation import check_known_name
from intimacy_dynamics.errors import BadInputError, IntimacyDynamicsError
from intimacy_dynamics.plotting import PALETTE
from intimacy_dynamics.simulation.inputs import Signal
from intimacy_dynamics.simulation.scenario import Scenario
from intimacy_dynamics.simulation.simulate import INTERACTIVE_BUDGET, simulate
from intimacy_dynamics.widgets.common import BatchedRedraws, download_link
from intimacy_dynamics.widgets.controls import Choice, ControlPanel
from intimacy_dynamics.widgets.figures import send

__all__ = ["Explorer", "Settings"]

#: What a refused change raises: the project's errors, and what hostile JSON can cause.
_REFUSALS = (IntimacyDynamicsError, RecursionError, OverflowError)


@dataclass(frozen=True)
class Settings:
    """Everything an explorer's result depends on, validated: one snapshot.

    Attributes
    ----------
    params : ParamSet or None
        The model's parameters (None for an explorer without a model).
    y0 : dict of str to float
        The model's initial state, by name.
    own : dict of str to float
        The explorer's own settings (a grid size, a seed, a choice), by name.
    t_span : (float, float) or None
    inputs : dict of str to Signal
        Parameters driven over time.
    """

    params: ParamSet | None = None
    y0: Mapping[str, float] = field(default_factory=dict)
    own: Mapping[str, float] = field(default_factory=dict)
    t_span: tuple[float, float] | None = None
    inputs: Mapping[str, Signal] = field(default_factory=dict)

    def __getitem__(self, name: str):
        for table in (self.own, self.params or {}, self.y0):
            if name in table:
                return table[name]
        known = [*self.own, *(self.params or {}), *self.y0]
        check_known_name(name, known, "setting", "this explorer", BadInputError)
        raise AssertionError  # pragma: no cover


class Explorer(BatchedRedraws):
    """Settings in, a computed result out, drawn and described.

    A subclass, like one of scipy's ``OdeSolver`` methods, fills in four things, and
    this base class does the rest.

    1. **Declare the settings.** The class attribute ``own_settings`` maps names to
       :class:`~intimacy_dynamics.Setting` declarations for what is not a model
       parameter (a grid size, a group size, a seed), or to
       :class:`~intimacy_dynamics.widgets.controls.Choice` declarations for one of a
       few values (a toggle, a turn length, a profile). They may be declared on the
       instance before this class's ``__init__`` when their bounds or options depend
       on the explorer's arguments. The model's parameters and
       initial states that get controls are named when the explorer is built
       (``controls=``, ``initial=``). Every setting is bounded, validated and drawn
       (by :class:`~intimacy_dynamics.widgets.controls.ControlPanel`, or in the page by
       :class:`~intimacy_dynamics.widgets.live_plot.LivePlot`) the same way. Settings
       that follow from others (a profile's traits) are filled in by ``derive``.
    2. **Compute.** ``compute(settings)`` returns the result for one validated
       :class:`Settings` snapshot (a run, a basin map, a group of couples), through the
       public API. It may raise any error of this package.
    3. **Draw.** ``build(result)`` returns the explorer's kernel-drawn figures, built
       whole, by name, each trace named (:func:`~intimacy_dynamics.widgets.figures.
       named_widget`). ``traces(result)`` returns the new data of each, as ``{figure:
       {trace: {"x": ..., "y": ...}}}``, and ``relayout(result)`` any layout changes;
       the base class sends each figure's in one message. Time series can instead be
       drawn in the page as the sliders move: pass ``live=`` panels.
    4. **Describe.** ``describe(result)`` returns the readout, in HTML.

    Optionally, what is too slow for a slider (a basin map) is computed on demand:
    ``analyse(settings)`` returns it, ``analysis_key(settings)`` says what it depends
    on, and ``compute`` reads the latest from :attr:`analysis` (with
    :meth:`analysis_is_current`). The base class computes it when the explorer is built,
    loaded or reset, and on :meth:`refresh` (a button), all or nothing with the rest.

    The base class owns:

    - the readout and its errors (:meth:`show_error`);
    - :meth:`set`: several changes at once, all or nothing: every name and value is
      checked and the result computed before any control moves; if anything fails, the
      explorer stays exactly as it was, the readout says why, and the error is raised;
    - a change made in a control goes through the same path: a value outside its hard
      bounds is refused with a message and the control goes back (never clamped). When
      the compute is slow, ``run_label`` names a button: a control's change is then
      checked and shown, and the button computes (:meth:`run`);
    - :meth:`load` (a scenario, or its JSON), :meth:`reset`, :meth:`scenario` and the
      settings box, presets, CSV export (:meth:`to_csv`), and display;
    - every button's handler shows any exception in the readout, never a traceback.

    Parameters
    ----------
    model : Model, optional
    scenario : Scenario, optional
        The starting settings, and what Reset returns to.
    controls, initial : sequence of str
        Model parameters and initial states that get controls.
    live : sequence, optional
        Panels drawn in the page while the sliders move (names as for
        :class:`~intimacy_dynamics.widgets.ModelLab`, or ``(title, names)`` pairs); the
        model's controls are then drawn there too.
    presets : mapping of str to Scenario, optional
    live_title : str, optional
        The title of the live time-series figure.
    live_styles : mapping, optional
        Lines of the live figure with their own look, by name (see
        :func:`~intimacy_dynamics.widgets.figures.time_series_figure`).
    simulation : mapping, optional
        Options of :func:`~intimacy_dynamics.simulate` for :meth:`simulate` (``n_points``,
        ``rtol``, ``atol``); runs use :data:`~intimacy_dynamics.simulation.simulate.
        INTERACTIVE_BUDGET`, so no slider move can freeze the kernel.
    **own
        Starting values of the explorer's own settings.
    """

    #: The explorer's own settings: name -> declaration.
    own_settings: ClassVar[dict[str, Setting | Choice]] = {}
    #: The heading of the own settings' controls.
    own_title: ClassVar[str] = "Settings"
    #: The label of the button that computes, for an explorer too slow to follow its
    #: controls (None: every change computes at once).
    run_label: ClassVar[str | None] = None

    def __init__(
        self,
        model=None,
        *,
        scenario: Scenario | None = None,
        controls: Sequence[str] = (),
        initial: Sequence[str] = (),
        live: Sequence | None = None,
        presets: Mapping[str, Scenario] | None = None,
        simulation: Mapping[str, Any] | None = None,
        live_title: str | None = None,
        live_styles: Mapping[str, Mapping] | None = None,
        **own: float,
    ):
        self.model = model
        self.presets = dict(presets or {})
        self.simulation_options = {
            "n_points": 401,
            "rtol": 1e-4,
            "atol": 1e-7,
            **(simulation or {}),
        }
        self._specs = {n: _named(spec, n) for n, spec in self.own_settings.items()}
        self.pending: Settings | None = None
        self.last_update_seconds = float("nan")
        self.base = scenario or Scenario("default", model=model.name if model else "")
        for name in own:
            check_known_name(name, self._specs, "setting", type(self).__name__, BadInputError)
        defaults = self._checked_own({}, {n: s.default for n, s in self._specs.items()})
        self.current = self._from_scenario(self.base, defaults)
        self.current = self._changed(own)  # the starting values, checked like set()
        self.base_own = dict(self.current.own)
        controls, initial = self._known(controls, initial)
        self.analysis, self._analysed_for = None, None
        self._analyse(self.current)  # a bad starting setting fails here, clearly
        self.result = self.compute(self.current)
        self.readout = w.HTML(layout=w.Layout(min_height="3em"))
        self.readout.add_class("id-readout")
        self.plot = None
        if live is not None:
            self.plot = self._live_plot(live, controls, initial, live_title, live_styles)
        in_kernel = () if self.plot is not None else controls
        self.controls = ControlPanel(
            [model.param_specs[n] for n in in_kernel], self.current.params, "Parameters"
        )
        self.initial = ControlPanel(
            [model.state_specs[n] for n in (() if self.plot else initial)],
            self.current.y0,
            "Starting point",
        )
        self.own_controls = ControlPanel(self._specs.values(), self.current.own, self.own_title)
        for panel in (self.controls, self.initial, self.own_controls):
            for control in panel.controls.values():
                control.observe(lambda change, c=control: self._from_control(c, change))
        self.run_button = None
        if self.run_label is not None:
            self.run_button = w.Button(
                description=self.run_label,
                button_style="primary",
                icon="play",
                tooltip="Compute with the settings above",
                layout=w.Layout(width="max-content"),
            )
            self.run_button.on_click(self._guarded(self.run, "Cannot compute"))
        self.download = w.HTML()
        self.settings_box = w.Textarea(
            layout=w.Layout(width="100%", height="8em"),
            description="Settings",
            tooltip="The settings as scenario JSON (a link to the standalone page loads too)",
        )
        self.figures = self.build(self.result)
        self.readout.value = self.describe(self.result)
        self.widget = self.layout()

    # ------------------------------------------------------------- contract
    def compute(self, settings: Settings):
        """The result for ``settings`` (override)."""
        raise NotImplementedError

    def build(self, result) -> dict:
        """The kernel-drawn figures, by name, built whole from ``result`` (override)."""
        return {}

    def traces(self, result) -> dict[str, dict[str, dict]]:
        """New data for the figures' named traces: ``{figure: {trace: data}}``."""
        return {}

    def relayout(self, result) -> dict[str, dict]:
        """Layout changes for the figures: ``{figure: {"xaxis.range": ...}}``."""
        return {}

    def describe(self, result) -> str:
        """The readout for ``result``, in HTML (override)."""
        return ""

    def analyse(self, settings: Settings):
        """What is computed only on demand (a map too slow for a slider), or None."""
        return None

    def analysis_key(self, settings: Settings):
        """What :meth:`analyse` depends on (by default, every setting)."""
        return settings

    def analysis_is_current(self, settings: Settings) -> bool:
        """Whether :attr:`analysis` was computed for what ``settings`` give it."""
        return self._analysed_for == self.analysis_key(settings)

    def derive(self, settings: Settings, changed: frozenset[str]) -> Settings:
        """``settings`` with what follows from the others filled in (override if needed).

        Called on every new snapshot, before :meth:`compute`: ``changed`` names the
        settings given in this step (empty for a load, a reset or the page's values);
        their checked values are in ``settings``. A subclass fills in settings that
        follow from others (a picked profile's traits) and may raise to refuse.
        """
        return settings

    def table(self, result) -> dict[str, np.ndarray] | None:
        """Columns to export as CSV (by default, a run's time and every quantity)."""
        if hasattr(result, "t") and hasattr(result, "names"):
            return {"t": result.t, **{n: np.asarray(result[n]) for n in result.names}}
        return None

    # ------------------------------------------------------------- settings
    def current_params(self) -> ParamSet:
        """The model's parameters as the explorer shows them."""
        return self.current.params

    def current_y0(self) -> dict[str, float]:
        """The model's initial state as the explorer shows it."""
        return dict(self.current.y0)

    @property
    def t_span(self) -> tuple[float, float] | None:
        """The simulated span."""
        return self.current.t_span

    @property
    def inputs(self) -> dict[str, Signal]:
        """Parameters driven over time."""
        return dict(self.current.inputs)

    def set(self, **changes: float) -> None:
        """Change several settings at once: all or nothing, with one redraw.

        Names are model parameters, initial states or the explorer's own settings.

        Raises
        ------
        BadInputError, IntegrationError
            Naming the culprit (also shown in the readout); nothing has changed.
        """
        self._attempt(lambda: self._changed(changes), "Cannot use these values")

    def load(self, scenario: Scenario | str) -> None:
        """Apply a :class:`Scenario`, its JSON or a link: all or nothing, with one redraw.

        Text is read by :meth:`Scenario.from_text`: scenario JSON, or a link to a
        standalone page (or its fragment), as :meth:`link` writes one.
        """

        def settings():
            if self.model is None:
                raise BadInputError(f"{type(self).__name__} has no model: a scenario sets nothing")
            parsed = Scenario.from_text(scenario) if isinstance(scenario, str) else scenario
            now = self.pending or self.current
            return self._from_scenario(parsed, now.own)

        self._attempt(settings, "Could not load these settings", fresh=True)

    def reset(self) -> None:
        """Back to the starting scenario and settings."""
        self._attempt(
            lambda: self._from_scenario(self.base, self.base_own), "Cannot reset", fresh=True
        )

    def refresh(self, failure: str = "Cannot recompute") -> None:
        """Compute the on-demand :attr:`analysis` for the current settings, and redraw.

        All or nothing: if it fails, the readout says why (``failure``) and the error is
        raised; the explorer stays as it was.
        """
        self._attempt(lambda: self.current, failure, fresh=True)

    def run(self) -> None:
        """Compute with the settings the controls show (the button of ``run_label``)."""
        settings = self.pending or self.current
        button = self.run_button
        if button is not None:
            button.disabled, button.description = True, "Working..."
        try:
            self._attempt(lambda: settings, "Cannot compute these settings")
        finally:
            if button is not None:
                button.disabled, button.description = False, self.run_label

    def scenario(self, name: str = "my_settings", settings: Settings | None = None) -> Scenario:
        """The current settings (or ``settings``) as a :class:`Scenario`.

        Only what differs from the model's defaults is written. The explorer's own
        numeric settings that differ from their declared defaults go into the scenario's
        ``settings``, so that loading it back gives the same result (a choice among
        words is not written).
        """
        model, now = self.model, settings or self.current
        defaults = dict(zip(model.state_names, model.initial_state(), strict=True))
        return Scenario(
            name,
            model=model.name,
            params=now.params.changed(),
            y0={k: v for k, v in now.y0.items() if v != defaults[k]},
            t_span=tuple(now.t_span) if now.t_span else None,
            inputs=dict(now.inputs),
            settings={
                k: v
                for k, v in now.own.items()
                if isinstance(v, int | float)
                and not isinstance(v, bool)
                and v != self._specs[k].default
            },
        )

    def starting_scenario(self) -> Scenario:
        """What :meth:`reset` returns to, as a :class:`Scenario`.

        The starting scenario with what the explorer's own starting settings derive from
        it (:meth:`derive`), named as the starting scenario.
        """
        return self.scenario(self.base.name, self._from_scenario(self.base, self.base_own))

    def link(self, base_url: str = "") -> str:
        """A link that opens the current settings in a standalone page at ``base_url``.

        The fragment is :meth:`Scenario.to_fragment` of :meth:`scenario` (a span equal to
        the model's is left out), as the page writes it; the page opens exactly this
        run, and :meth:`load` reads the link back.

        Examples
        --------
        >>> from intimacy_dynamics.classic import rinaldi_linear
        >>> from intimacy_dynamics.widgets import ModelLab
        >>> lab = ModelLab(rinaldi_linear())
        >>> lab.set(alpha1=1.5)
        >>> lab.link("lab.html")
        'lab.html#%7B%22name%22%3A%22my_settings%22%2C%22model%22%3A%22RinaldiLinear%22%2C%22params%22%3A%7B%22alpha1%22%3A1.5%7D%7D'
        """
        scenario = self.scenario()
        if scenario.t_span is not None and tuple(scenario.t_span) == tuple(self.model.t_span):
            scenario = scenario.evolve(t_span=None)
        return f"{base_url.partition('#')[0]}#{scenario.to_fragment()}"

    def to_csv(self) -> str:
        """The current result as CSV text (a run: time, then every state and output)."""
        columns = self.table(self.result)
        if columns is None:
            raise BadInputError(f"{type(self).__name__} has nothing to export as a table")
        buffer = io.StringIO()
        buffer.write(",".join(columns) + "\n")
        np.savetxt(buffer, np.column_stack(list(columns.values())), delimiter=",", fmt="%.10g")
        return buffer.getvalue()

    def simulate(self, settings: Settings, **overrides):
        """Run the model with ``settings`` within the slider budget (for :meth:`compute`)."""
        options = {**self.simulation_options, **overrides}
        options.setdefault("inputs", dict(settings.inputs) or None)
        options.setdefault("y0", dict(settings.y0))
        return simulate(
            self.model,
            settings.t_span,
            settings.params,
            budget=INTERACTIVE_BUDGET,
            **options,
        )

    # ----------------------------------------------------------- the readout
    def show_error(self, title: str, error: BaseException) -> None:
        """Say in the readout why something could not be done (the one error display)."""
        self.readout.value = (
            f'<span style="color:{PALETTE["vermillion"]}"><b>{html.escape(title)}:</b> '
            f"{html.escape(str(error))}</span>"
        )

    # ------------------------------------------------------------- internals
    def _attempt(self, make_settings, failure: str, *, fresh: bool = False) -> None:
        """Validate, compute (with a ``fresh`` analysis) and only then apply.

        On failure nothing moves: the analysis computed on the way is dropped.
        """
        start = time.perf_counter()
        before = (self.analysis, self._analysed_for)
        try:
            settings = make_settings()
            if fresh:
                self._analyse(settings)
            result = self.compute(settings)
        except BaseException as exc:
            self.analysis, self._analysed_for = before
            if isinstance(exc, _REFUSALS):
                self.show_error(failure, exc)
            raise
        self._apply(settings, result)
        self.last_update_seconds = time.perf_counter() - start

    def _analyse(self, settings: Settings) -> None:
        self.analysis = self.analyse(settings)
        self._analysed_for = self.analysis_key(settings)

    def _apply(self, settings: Settings, result, *, from_page: bool = False) -> None:
        with self._held():
            if self.plot is not None and not from_page:
                self.plot.set(**settings.params.to_dict(), **settings.y0)
                self.plot.inputs = {k: v.to_dict() for k, v in settings.inputs.items()}
                self.plot.t_span = list(settings.t_span or self.model.t_span)
        self._show_controls(settings)
        self.current, self.result, self.pending = settings, result, None
        self.draw(result)
        self.readout.value = self.describe(result)

    def draw(self, result) -> None:
        """Send the new data of every figure, one message each."""
        layouts = self.relayout(result)
        for name, data in self.traces(result).items():
            send(self.figures[name], data, layouts.get(name))

    def _show_controls(self, settings: Settings) -> None:
        """Every kernel control at the value ``settings`` give it."""
        with self._held():
            for panel, values in (
                (self.controls, settings.params),
                (self.initial, settings.y0),
                (self.own_controls, settings.own),
            ):
                for name, control in panel.controls.items():
                    control.value = values[name]

    def _from_control(self, control, change) -> None:
        if self._suspended:
            return
        try:
            if self.run_label is None:
                self.set(**{control.name: change["new"]})
            else:
                self._wait_for_run({control.name: change["new"]})
        except _REFUSALS:  # said in the readout; the control goes back
            with self._held():
                control.value = change["old"]

    def _wait_for_run(self, changes: Mapping[str, object]) -> None:
        """Check a change and show it in the controls; the run button computes it."""
        try:
            settings = self._changed(changes)
        except _REFUSALS as exc:
            self.show_error("Cannot use this value", exc)
            raise
        self.pending = settings
        self._show_controls(settings)
        self.readout.value = (
            f"<i>Settings changed: press <b>{html.escape(self.run_label)}</b> to see "
            f"them.</i><br>{self.describe(self.result)}"
        )

    def _from_page(self, plot) -> None:
        """The page's values have settled: the kernel computes what it owns."""
        if self._suspended:
            return
        try:
            now = self.current
            settings = replace(now, params=self.model.params(plot.params), y0=dict(plot.y0))
            moved = {k for k, v in plot.params.items() if now.params[k] != v}
            moved |= {k for k, v in plot.y0.items() if now.y0[k] != v}
            settings = self.derive(settings, frozenset(moved))
            result = self.compute(settings)
        except IntimacyDynamicsError as exc:
            self.show_error("Cannot simulate these settings", exc)
            return
        self._apply(settings, result, from_page=True)

    def _changed(self, changes: Mapping[str, object]) -> Settings:
        now = self.pending or self.current
        known = [*self._specs, *(now.params or {}), *now.y0]
        for name in changes:
            check_known_name(name, known, "setting", type(self).__name__, BadInputError)
        own = {k: v for k, v in changes.items() if k in self._specs}
        states = {k: v for k, v in changes.items() if k in now.y0}
        params = {k: v for k, v in changes.items() if k not in own and k not in states}
        y0 = dict(now.y0)
        if states:
            values = self.model.initial_state({**now.y0, **states})
            y0 = dict(zip(self.model.state_names, values, strict=True))
        settings = replace(
            now,
            params=now.params.evolve(**params) if params else now.params,
            y0=y0,
            own=self._checked_own(now.own, own),
        )
        return self.derive(settings, frozenset(changes))

    def _checked_own(self, base: Mapping[str, float], changes: Mapping[str, object]) -> dict:
        checked = dict(base)
        for name, value in changes.items():
            spec = self._specs.get(name)
            if spec is None:
                check_known_name(name, self._specs, "setting", type(self).__name__, BadInputError)
            checked[name] = spec.check(value)
        return checked

    def _from_scenario(self, scenario: Scenario, own: Mapping[str, float]) -> Settings:
        if self.model is None:
            return self.derive(Settings(own=dict(own)), frozenset())
        scenario.check_model(self.model)
        own = self._checked_own(own, scenario.settings)
        params = self.model.params(scenario.params)
        values = self.model.initial_state(scenario.y0)
        y0 = dict(zip(self.model.state_names, values, strict=True))
        span = scenario.t_span or self.model.t_span
        settings = Settings(params, y0, dict(own), tuple(span), dict(scenario.inputs))
        return self.derive(settings, frozenset())

    def _known(self, controls, initial) -> tuple[list[str], list[str]]:
        if self.model is None:
            return [], []
        from intimacy_dynamics.errors import ParameterError, StateError

        model = self.model
        params = [
            check_known_name(n, model.param_names, "parameter", model.name, ParameterError)
            for n in controls
        ]
        states = [
            check_known_name(n, model.state_names, "state", model.name, StateError) for n in initial
        ]
        return params, states

    def _live_plot(self, panels, controls, initial, title, styles):
        from intimacy_dynamics.widgets.live_plot import LivePlot

        now = self.current
        plot = LivePlot(
            self.model,
            panels,
            controls=controls,
            initial=initial,
            params=now.params.to_dict(),
            y0=dict(now.y0),
            inputs={k: v.to_dict() for k, v in now.inputs.items()},
            t_span=now.t_span,
            n_points=self.simulation_options["n_points"],
            rtol=self.simulation_options["rtol"],
            atol=self.simulation_options["atol"],
            title=title,
            styles=styles,
        )
        plot.on_settle(self._from_page)
        return plot

    # --------------------------------------------------------------- layout
    def _guarded(self, action, failure: str):
        """A button handler that shows any exception in the readout."""

        def handler(_=None):
            try:
                action()
            except _REFUSALS:
                pass  # already said in the readout
            except Exception as exc:
                self.show_error(failure, exc)

        return handler

    def toolbar(self) -> w.HBox:
        """The run button (if any), presets, Reset and (when there is a table) CSV export."""
        reset = w.Button(description="Reset", icon="undo", tooltip="Back to the starting settings")
        reset.on_click(self._guarded(self.reset, "Cannot reset"))
        self.reset_button = reset
        items = [reset] if self.run_button is None else [self.run_button, reset]
        if self.table(self.result) is not None:
            export = w.Button(description="Export CSV", icon="download", tooltip="Download")
            export.on_click(self._guarded(self._export, "Cannot export"))
            items.append(export)
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

    def _export(self) -> None:
        name = getattr(self.model, "name", type(self).__name__)
        self.download.value = download_link(self.to_csv(), f"{name}_run.csv", "Download as CSV")

    def _pick(self, change) -> None:
        if change["new"] in self.presets:
            self._guarded(lambda: self.load(self.presets[change["new"]]), "Cannot load")()

    def settings_panel(self) -> w.Accordion:
        """The settings as scenario JSON, to copy, edit and load back (or a page's link)."""
        show = w.Button(description="Show my settings", tooltip="Write the settings as JSON")
        show.on_click(self._guarded(self._show_settings, "Cannot show the settings"))
        load = w.Button(description="Load these settings", tooltip="Apply the JSON above")
        load.on_click(self._guarded(lambda: self.load(self.settings_box.value), "Cannot load"))
        box = w.VBox([self.settings_box, w.HBox([show, load])])
        accordion = w.Accordion(children=[box], titles=("Copy or load settings (JSON)",))
        accordion.selected_index = None
        return accordion

    def _show_settings(self) -> None:
        self.settings_box.value = self.scenario().to_json()

    def layout(self) -> w.VBox:
        """The default arrangement: toolbar, readout, plots, controls, settings.

        The readout sits above the plots, where it stays in view while a slider beside
        or below them moves.
        """
        plots = ([self.plot] if self.plot is not None else []) + list(self.figures.values())
        panels = [p.widget for p in (self.controls, self.initial, self.own_controls) if p.controls]
        extra = [self.settings_panel()] if self.model is not None else []
        return w.VBox(
            [
                self.toolbar(),
                self.readout,
                w.HBox(plots, layout=w.Layout(flex_flow="row wrap")),
                *panels,
                *extra,
            ]
        )

    def static_html(self, plotly_src: str) -> str:
        """The explorer as a page without a kernel shows it (the static course site).

        Its live panels, live in the page (:func:`~intimacy_dynamics.widgets.site.
        live_panels_html`), then its readout and its figures at the current settings, as
        static figures drawn with the plotly.js at the relative URL ``plotly_src``, and
        a note that the rest works in a notebook.
        """
        from intimacy_dynamics.widgets import site

        live = "" if self.plot is None else site.live_panels_html(self, plotly_src)
        fixed = "the figures below" if live else "the sliders, presets and buttons"
        if live and not self.figures:
            fixed = "the rest of this explorer"
        return (
            '<div class="id-static-explorer">'
            + live
            + site.notebook_note(fixed)
            + f'<div class="id-readout">{self.readout.value}</div>'
            + "".join(site.static_html(f) for f in self.figures.values())
            + "</div>"
        )

    def _ipython_display_(self):
        from intimacy_dynamics.widgets.site import show

        show(self.widget, self.static_html)


def _named(spec: Setting, name: str) -> Setting:
    """``spec`` under ``name`` (a declaration already named so, e.g. per partner, is kept)."""
    return spec if spec.name == name else spec.named(name)
