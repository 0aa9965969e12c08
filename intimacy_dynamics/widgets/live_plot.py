"""``LivePlot``: a trajectory plot that integrates and draws in the page while a slider moves.

The model's equations go to the page once, as the JavaScript module that
:meth:`Model.javascript() <intimacy_dynamics.Model.javascript>` prints. From then on a
moved slider never waits for the kernel: the page integrates the model with the
JavaScript runtime of :mod:`intimacy_dynamics.frontend` and redraws with
``Plotly.react``, on every input event. The kernel hears of the values once they have
settled (``settle_ms`` after the last change), so Python keeps what it must own: the
readout, the classification of the ending, CSV export, exercises and analysis.

The widget draws its own controls from the model's declarations: one labelled slider
and number box per quantity, with the hard bounds, soft range and step of its
declaration, and the rules of :class:`~intimacy_dynamics.widgets.controls.ControlPanel`
(a value outside the hard bounds is refused with a message naming the quantity, the
value and the range; no control moves). The same front end, with no kernel behind it,
is what a standalone page runs.

A model that uses a function with no JavaScript form is said so in one line and is
integrated in the kernel instead: every change goes to the kernel, which sends the run
back to be drawn by the same front end.

plotly.js comes from the plotly wheel (nothing from a CDN), in one
:class:`PlotlyLibrary` widget per kernel that the page loads once.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Mapping, Sequence
from importlib import resources

import anywidget
import ipywidgets as w
import numpy as np
import traitlets

from intimacy_dynamics.core.validation import as_finite_float, check_known_name
from intimacy_dynamics.errors import (
    BadInputError,
    IntimacyDynamicsError,
    NoJavaScriptFormError,
    ParameterError,
)
from intimacy_dynamics.frontend import widget_css, widget_module
from intimacy_dynamics.plotting import lab_config, lean_template
from intimacy_dynamics.simulation.inputs import Signal, signal_from_dict
from intimacy_dynamics.simulation.simulate import simulate
from intimacy_dynamics.widgets.common import BatchedRedraws
from intimacy_dynamics.widgets.controls import control_label
from intimacy_dynamics.widgets.figures import declared_span, resolve_panels, time_series_figure

__all__ = ["PAGE_TRAITS", "LivePlot", "PlotlyLibrary", "plotly_library"]

MAX_POINTS = 20_001
"""The most output times a plot asks for (a few per pixel of the widest screen)."""

PAGE_TRAITS = (
    "model_module",
    "figure",
    "controls",
    "note",
    "params",
    "y0",
    "inputs",
    "t_span",
    "n_points",
    "rtol",
    "atol",
    "settle_ms",
)
"""The traits that carry the plot to the page, as data (see :meth:`LivePlot.page_data`)."""


class PlotlyLibrary(anywidget.AnyWidget):
    """plotly.js from the plotly wheel, sent to the page once for every ``LivePlot``.

    It is never displayed: each plot's front end reads ``source`` from it the first
    time the page needs plotly.js (``window.Plotly``, when present, is used instead).
    """

    _esm = "// plotly.js travels in `source`; this widget draws nothing.\nexport default {};\n"
    source = traitlets.Bytes().tag(sync=True)


_LIBRARY: list[PlotlyLibrary] = []


def plotly_library() -> PlotlyLibrary:
    """The kernel's one :class:`PlotlyLibrary` (a new one if it was closed)."""
    if not _LIBRARY or _LIBRARY[0].comm is None:
        path = resources.files("plotly") / "package_data" / "plotly.min.js"
        _LIBRARY[:] = [PlotlyLibrary(source=path.read_bytes())]
    return _LIBRARY[0]


class LivePlot(BatchedRedraws, anywidget.AnyWidget):
    """Time-series panels and their controls, integrated and drawn in the page.

    Parameters
    ----------
    model : Model
        Any model; one without a JavaScript form is integrated in the kernel.
    panels : sequence of str, optional
        What to plot, as for :class:`~intimacy_dynamics.widgets.ModelLab`: per-partner
        base names (both partners in one panel) or full names of states and outputs.
    controls : sequence of str, optional
        Parameters with a control (default: all).
    initial : sequence of str
        States whose initial value gets a control.
    params, y0 : mapping, optional
        Starting values; missing names take their defaults.
    inputs : mapping of str to Signal, optional
        Parameters driven over time.
    t_span : (float, float), optional
        The simulated span (default: the model's).
    n_points : int
        Output times per run.
    rtol, atol : float
        Tolerances of the integration, in the page as in the kernel.
    title : str, optional
        The figure's title.
    styles : mapping, optional
        Lines with their own look, by name (see
        :func:`~intimacy_dynamics.widgets.figures.time_series_figure`).
    settle_ms : int
        How long after the last change the page sends the values to the kernel.

    Notes
    -----
    The traits are the protocol with the page (``frontend/widget.js`` states it whole):

    1. The kernel sends ``model_module`` (or ``""`` and then ``kernel_run``), ``figure``,
       ``controls`` and ``note`` once, as data.
    2. ``params`` and ``y0`` hold every parameter and state by name, both ways: the
       kernel's :meth:`set` moves the controls and the plot; the page sends them, with
       its ``error`` (``""`` when the run succeeded), ``settle_ms`` after the last change.
    3. ``inputs``, ``t_span``, ``n_points``, ``rtol`` and ``atol`` are the other options
       of ``simulate``, the same in the page and in :meth:`trajectory`.
    4. Each batch of new values runs the :meth:`on_settle` callbacks once.

    Examples
    --------
    >>> from intimacy_dynamics.classic import rinaldi_linear
    >>> plot = LivePlot(rinaldi_linear(), controls=["alpha1", "A1"])
    >>> plot.uses_javascript, [c["label"] for c in plot.controls]
    (True, ['Oblivion of partner 1 (1/time)', 'Appeal of partner 1'])
    >>> plot.set(alpha1=1.0)          # the page redraws; the kernel's copy follows
    >>> [round(float(plot.trajectory()[name][-1]), 2) for name in ("x1", "x2")]
    [3.99, 2.99]
    >>> plot.set(alpha1=12.0)
    Traceback (most recent call last):
    ...
    intimacy_dynamics.errors.ParameterError: parameter 'alpha1' = 12.0 is outside ... [0, 10]
    """

    _esm = widget_module()
    _css = widget_css()

    model_module = traitlets.Unicode("").tag(sync=True)
    figure = traitlets.Dict().tag(sync=True)
    controls = traitlets.List().tag(sync=True)
    note = traitlets.Unicode("").tag(sync=True)
    params = traitlets.Dict().tag(sync=True)
    y0 = traitlets.Dict().tag(sync=True)
    inputs = traitlets.Dict().tag(sync=True)
    t_span = traitlets.List().tag(sync=True)
    n_points = traitlets.Int(401).tag(sync=True)
    rtol = traitlets.Float(1e-6).tag(sync=True)
    atol = traitlets.Float(1e-9).tag(sync=True)
    settle_ms = traitlets.Int(150).tag(sync=True)
    error = traitlets.Unicode("").tag(sync=True)
    kernel_run = traitlets.Dict().tag(sync=True)
    _plotly = traitlets.Instance(PlotlyLibrary).tag(sync=True, **w.widget_serialization)

    def __init__(
        self,
        model,
        panels: Sequence[str] | None = None,
        *,
        controls: Sequence[str] | None = None,
        initial: Sequence[str] = (),
        params: Mapping[str, float] | None = None,
        y0: Mapping[str, float] | None = None,
        inputs: Mapping[str, Signal] | None = None,
        t_span: tuple[float, float] | None = None,
        n_points: int = 401,
        rtol: float = 1e-6,
        atol: float = 1e-9,
        title: str | None = None,
        styles: Mapping[str, Mapping] | None = None,
        settle_ms: int = 150,
    ):
        self.model = model
        self._settle_callbacks: list[Callable[[LivePlot], None]] = []
        self._last_run: tuple[str, object] | None = None
        self.drawn: dict | None = None
        resolved = resolve_panels(model, panels)
        try:
            module, note = model.javascript(), ""
        except NoJavaScriptFormError as exc:
            module = ""
            note = (
                f"{model.name} uses {exc.function}, which has no JavaScript form: it is "
                "integrated in the kernel, so the plot follows the sliders more slowly."
            )
        chosen = model.param_names if controls is None else list(controls)
        specs = [model.param_specs[n] for n in chosen] + [model.state_specs[n] for n in initial]
        super().__init__(
            model_module=module,
            note=note,
            figure=_figure(
                model, resolved, title or f"{model.name}: what happens over time", styles
            ),
            controls=[_control(spec) for spec in specs],
            params=dict(params or {}),
            y0=dict(y0 or {}),
            inputs=dict(inputs or {}),
            t_span=list(t_span or model.t_span),
            n_points=n_points,
            rtol=rtol,
            atol=atol,
            settle_ms=settle_ms,
            _plotly=plotly_library(),
        )
        # the whole width it is given (a row of its own in a box of plots): sized by its
        # contents, the plot and the box would resize each other without end
        self.layout.width = "100%"
        self.on_msg(self._on_message)
        self.observe(self._on_change, names=["params", "y0", *_RUN_OPTIONS])
        self.update()

    # ------------------------------------------------------------ validation
    @traitlets.validate("params")
    def _valid_params(self, proposal) -> dict:
        return self.model.params(proposal.value).to_dict()

    @traitlets.validate("y0")
    def _valid_y0(self, proposal) -> dict:
        values = self.model.initial_state(proposal.value)
        return dict(zip(self.model.state_names, values, strict=True))

    @traitlets.validate("inputs")
    def _valid_inputs(self, proposal) -> dict:
        checked = {}
        for name, signal in proposal.value.items():
            check_known_name(
                name, self.model.param_specs, "parameter", self.model.name, ParameterError
            )
            data = signal.to_dict() if isinstance(signal, Signal) else signal
            checked[name] = signal_from_dict(data).to_dict()
        return checked

    @traitlets.validate("t_span")
    def _valid_t_span(self, proposal) -> list[float]:
        if len(proposal.value) != 2:
            raise BadInputError(f"t_span = {proposal.value!r} must be a pair (start, end)")
        start = as_finite_float(proposal.value[0], "t_span start")
        end = as_finite_float(proposal.value[1], "t_span end", (start, math.inf))
        if end == start:
            raise BadInputError(f"t_span = ({start:g}, {end:g}) is empty: the end must exceed it")
        return [start, end]

    @traitlets.validate("n_points")
    def _valid_n_points(self, proposal) -> int:
        if not 2 <= proposal.value <= MAX_POINTS:
            raise BadInputError(
                f"n_points = {proposal.value} is outside its allowed range [2, {MAX_POINTS}]"
            )
        return proposal.value

    @traitlets.validate("rtol", "atol")
    def _valid_tolerance(self, proposal) -> float:
        bounds = {"rtol": (1e-13, 0.1), "atol": (1e-15, 1.0)}[proposal.trait.name]
        return as_finite_float(proposal.value, proposal.trait.name, bounds)

    # -------------------------------------------------------------- settings
    @property
    def uses_javascript(self) -> bool:
        """Whether the page integrates (otherwise the kernel does)."""
        return bool(self.model_module)

    def current_params(self):
        """The parameter set the plot shows, as a :class:`~intimacy_dynamics.ParamSet`."""
        return self.model.params(self.params)

    def set(self, **values: float) -> None:
        """Set parameters and initial states at once: all are checked before any moves.

        Raises
        ------
        ParameterError, StateError
            Naming the quantity, the value and the allowed range; nothing changes.
        """
        states = {k: v for k, v in values.items() if k in self.model.state_names}
        params = {k: v for k, v in values.items() if k not in states}
        checked = self.model.params({**self.params, **params}).to_dict()
        y0 = self._valid_y0(traitlets.Bunch(value={**self.y0, **states}))
        with self._held(), self.hold_sync():
            self.params, self.y0 = checked, y0
        self.update()

    def on_settle(self, callback: Callable[[LivePlot], None]) -> None:
        """Call ``callback(plot)`` once for each batch of new values.

        A batch is what the page sends when the values have settled (at every change
        when the kernel integrates), or one :meth:`set`.
        """
        self._settle_callbacks.append(callback)

    def set_state(self, sync_data) -> None:
        """Apply a state update from the page, then run the settle callbacks once.

        Values are checked before any is applied (traitlets would keep a value whose
        check failed inside the batch).
        """
        if "params" in sync_data:
            self._valid_params(traitlets.Bunch(value=sync_data["params"]))
        if "y0" in sync_data:
            self._valid_y0(traitlets.Bunch(value=sync_data["y0"]))
        with self._held():
            super().set_state(sync_data)
        if {"params", "y0"} & set(sync_data):
            self.update()

    def page_data(self) -> dict:
        """What the page needs to draw this plot, as JSON data: the :data:`PAGE_TRAITS`.

        The widget sends exactly these to its front end; a standalone page
        (:mod:`intimacy_dynamics.standalone`) inlines them, so both draw the same
        controls, figure and run.

        Examples
        --------
        >>> from intimacy_dynamics.classic import rinaldi_linear
        >>> data = LivePlot(rinaldi_linear(), controls=["A1"]).page_data()
        >>> data["controls"][0]["bounds"], data["t_span"]
        ([-10.0, 10.0], [0.0, 20.0])
        """
        return {name: getattr(self, name) for name in PAGE_TRAITS}

    # ----------------------------------------------------------------- runs
    def trajectory(self):
        """The run the plot shows, simulated in the kernel (kept until a setting changes)."""
        key = json.dumps(
            [self.params, self.y0, self.inputs, self.t_span, self.n_points, self.rtol, self.atol]
        )
        if self._last_run is None or self._last_run[0] != key:
            run = simulate(
                self.model,
                tuple(self.t_span),
                self.params,
                self.y0,
                inputs={n: signal_from_dict(d) for n, d in self.inputs.items()} or None,
                n_points=self.n_points,
                rtol=self.rtol,
                atol=self.atol,
            )
            self._last_run = (key, run)
        return self._last_run[1]

    def update(self) -> None:
        """After new values: integrate in the kernel if the page cannot, run the callbacks."""
        if not self.uses_javascript:
            self._integrate_in_kernel()
        for callback in self._settle_callbacks:
            callback(self)

    def _integrate_in_kernel(self) -> None:
        try:
            run = self.trajectory()
        except IntimacyDynamicsError as exc:
            self.error = str(exc)
            return
        with self.hold_sync():
            self.kernel_run = {
                "t": _float_bytes(run.t),
                "series": {name: _float_bytes(run[name]) for name in self.figure["names"]},
                "params": dict(self.params),  # the values of this run
                "y0": dict(self.y0),
            }
            self.error = ""

    # ------------------------------------------------------ what is drawn
    def request_drawn(self) -> None:
        """Ask the page what it draws; the answer arrives in :attr:`drawn`.

        ``drawn`` becomes ``{"params", "y0", "t", "series"}`` (series by name, as
        arrays) once the page has answered, which is after the current cell has run.
        """
        self.drawn = None
        self.send({"type": "report"})

    def _on_message(self, _widget, content, _buffers) -> None:
        if isinstance(content, dict) and content.get("type") == "drawn":
            self.drawn = {
                "params": content.get("params"),
                "y0": content.get("y0"),
                "t": np.asarray(content.get("t", []), dtype=float),
                "series": {
                    name: np.asarray(values, dtype=float)
                    for name, values in content.get("series", {}).items()
                },
            }


_RUN_OPTIONS = ("inputs", "t_span", "n_points", "rtol", "atol")


def _float_bytes(values) -> bytes:
    return np.ascontiguousarray(values, dtype="<f8").tobytes()


def _finite_or_none(value: float) -> float | None:
    return value if math.isfinite(value) else None


def _control(spec) -> dict:
    """What the page needs to draw and check one control (JSON: an infinite end is None)."""
    if spec.kind == "state":
        what, group = f"initial state {spec.name!r}", "Starting point"
    else:
        what = f"parameter {spec.name!r}"
        group = f"Partner {spec.partner}" if spec.partner else "Shared"
    return {
        "name": spec.name,
        "what": what,
        "label": control_label(spec),
        "doc": spec.doc,
        "group": group,
        "bounds": [_finite_or_none(b) for b in spec.bounds],
        "soft": list(spec.soft),
        "step": spec.step,
    }


def _figure(model, panels, title: str, styles=None) -> dict:
    """The figure without data: layout, config, traces and what each trace and panel draws."""
    fig, names = time_series_figure(model, panels, title, styles=styles)
    plotly_json = json.loads(fig.to_json())
    layout = {**plotly_json["layout"], "template": lean_template()}
    traces = [
        {k: v for k, v in trace.items() if k not in ("x", "y")} for trace in plotly_json["data"]
    ]
    return {
        "layout": layout,
        "config": lab_config(),
        "traces": traces,
        "names": names,
        "panels": [
            {
                "x": f"xaxis{'' if k == 0 else k + 1}",
                "y": f"yaxis{'' if k == 0 else k + 1}",
                "names": panel_names,
                "span": list(declared_span(model, panel_names) or []) or None,
            }
            for k, (_, panel_names) in enumerate(panels)
        ],
    }
