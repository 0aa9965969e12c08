"""``StressBufferingExplorer``: one stress event, two couples, and what intimacy buffers (P15).

The same stress event, a :class:`~intimacy_dynamics.Pulse` on partner A's stress input,
hits partner A in two couples that have had time to settle: an intimate couple and a
distant one (the scenarios of phenomenon P15). Three panels show A's distress (with each
couple's threshold and the stress itself), A's intimacy and A's loneliness. The readout
compares how far distress rose and how long it stayed above the threshold. The
buffering parameter has a control: switch it off and the intimate couple is no longer
protected, so the ordering of P15 reverses (the P15 ablation).

:func:`stress_response` is the measurement. It uses the definitions of
:func:`intimacy_dynamics.intimacy.phenomena.p15`: the baseline is the mean distress over
the 10 days before the stress, the threshold lies 0.1 above it, the rise is the peak
after onset minus the baseline, and the time above the threshold runs from the first
crossing up to the last crossing down (here interpolated between output times).
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence

import ipywidgets as w
import numpy as np

from intimacy_dynamics.core.quantities import Param
from intimacy_dynamics.core.validation import as_finite_float, check_known_name
from intimacy_dynamics.errors import BadInputError, IntimacyDynamicsError, ParameterError
from intimacy_dynamics.intimacy import catalog, phenomena
from intimacy_dynamics.intimacy.phenomena import (
    BASELINE_DAYS,
    STRESSED,
    StressResponse,
    stress_response,
)
from intimacy_dynamics.plotting import PALETTE, apply_config, base_layout, partner_style
from intimacy_dynamics.simulation.inputs import Pulse
from intimacy_dynamics.simulation.scenario import Scenario
from intimacy_dynamics.simulation.simulate import simulate
from intimacy_dynamics.widgets.common import BatchedRedraws
from intimacy_dynamics.widgets.controls import ControlPanel

__all__ = ["DEFAULT_COUPLES", "StressBufferingExplorer"]

#: Days shown after the stress ends, for the recovery.
RECOVERY_DAYS = 30.0
#: The couples compared by default: label -> catalog scenario (P15's two couples).
DEFAULT_COUPLES = phenomena.STRESS_COUPLES
_COARSE_POINTS = 61  # over the whole run (the couples settling)
_WINDOW_POINTS = 161  # around the stress event, where the readout measures


class StressBufferingExplorer(BatchedRedraws):
    """The same stress event in an intimate and a distant couple, side by side.

    Parameters
    ----------
    couples : mapping of str to Scenario or catalog name, optional
        The couples to compare, by label (default :data:`DEFAULT_COUPLES`: the two
        scenarios of P15). The stress event replaces any stress input on partner A.
    params : sequence of str
        Shared parameters with a control, applied to every couple (default: the
        buffering and the distress of loneliness).
    model : IntimacyModel, optional
        The model (default: the one the phenomena are measured on).

    Examples
    --------
    >>> explorer = StressBufferingExplorer()
    >>> intimate, distant = explorer.responses.values()
    >>> intimate.rise < distant.rise                   # intimacy buffers the stress
    True
    >>> explorer.set(buffering=0.0)                   # switch buffering off
    >>> intimate, distant = explorer.responses.values()
    >>> intimate.rise > distant.rise                   # the ordering reverses
    True
    """

    def __init__(
        self,
        couples: Mapping[str, Scenario | str] | None = None,
        *,
        params: Sequence[str] = ("buffering", "loneliness_distress"),
        model=None,
    ):
        self.model = model or phenomena.model()
        self.couples = _load_couples(couples or DEFAULT_COUPLES, self.model)
        first = next(iter(self.couples.values()))
        spans = [s.t_span or self.model.t_span for s in self.couples.values()]
        self.t_span = (min(a for a, _ in spans), max(b for _, b in spans))
        pulse = first.inputs.get(f"stress_{STRESSED}")
        if not isinstance(pulse, Pulse):
            pulse = Pulse(start=0.75 * self.t_span[1], duration=3.0, amplitude=1.0)
        self.pulse_controls = ControlPanel(
            self._pulse_specs(pulse), title=f"The stress event (on partner {STRESSED})"
        )
        for name in params:
            check_known_name(name, self.model.param_names, "parameter", "the model", ParameterError)
        self.controls = ControlPanel(
            [self.model.param_specs[n] for n in params],
            self.model.params(first.params),
            "Shared by every couple",
        )
        self.runs = self._simulate()  # bad couples fail here, with a clear message
        self.responses = self._measure(self.runs)
        self.figure = self._build_figure()
        self.readout = w.HTML(layout=w.Layout(min_height="4em"))
        self.readout.add_class("id-readout")
        self.readout.value = self.summarize()
        self._suspended = False
        self.pulse_controls.observe(self._on_change)
        self.controls.observe(self._on_change)
        self.widget = w.VBox(
            [
                self.figure,
                self.readout,
                w.HBox(
                    [self.pulse_controls.widget, self.controls.widget],
                    layout=w.Layout(flex_flow="row wrap"),
                ),
            ]
        )

    # ------------------------------------------------------------- settings
    def _pulse_specs(self, pulse: Pulse) -> list:
        """Declarations of the stress event's controls, derived from the stress input."""
        stress = self.model.param_specs[f"stress_{STRESSED}"]
        baselines = [
            self.model.params(s.params)[stress.name] for s in self.couples.values()
        ]  # the event adds to each couple's own stress baseline
        room = stress.bounds[1] - max(baselines)
        if room <= 0:
            raise BadInputError(
                f"a couple's stress is already at its most ({stress.bounds[1]:g}): "
                "no room left for a stress event"
            )
        t0, t1 = self.t_span
        return [
            Param(
                min(pulse.amplitude, room),
                bounds=(0.0, room),
                step=room / 20,
                label="Stress size",
                doc=f"How much the event adds to partner {STRESSED}'s stress load.",
            ).named("stress_size"),
            Param(
                pulse.start,
                bounds=(t0 + BASELINE_DAYS, t1),
                step=1.0,
                unit="day",
                label="Stress starts on",
                doc=f"The day the event begins (the couples have been together since day {t0:g}).",
            ).named("stress_start"),
            Param(
                pulse.duration,
                bounds=(0.25, 60.0),
                soft=(0.5, 14.0),
                step=0.25,
                unit="day",
                label="Stress lasts",
                doc="How many days the event lasts.",
            ).named("stress_duration"),
        ]

    def pulse(self) -> Pulse:
        """The stress event the controls describe."""
        values = self.pulse_controls.values()
        return Pulse(
            start=values["stress_start"],
            duration=values["stress_duration"],
            amplitude=values["stress_size"],
        )

    def current_params(self, label: str):
        """The parameters of the couple ``label`` with the shared controls applied."""
        return self.model.params({**self.couples[label].params, **self.controls.values()})

    def times(self) -> np.ndarray:
        """Output times: the whole run, and densely around the stress event."""
        pulse = self.pulse()
        low, high = self.window()
        end = max(self.t_span[1], high)
        return np.unique(
            np.concatenate(
                [
                    np.linspace(self.t_span[0], end, _COARSE_POINTS),
                    np.linspace(low, high, _WINDOW_POINTS),
                    [pulse.start, pulse.start + pulse.duration],  # sharp edges of the event
                ]
            )
        )

    def window(self) -> tuple[float, float]:
        """The days shown: the baseline before the stress, the stress, the recovery."""
        pulse = self.pulse()
        return pulse.start - BASELINE_DAYS, pulse.start + pulse.duration + RECOVERY_DAYS

    def set(self, **values: float) -> None:
        """Set the stress event and shared parameters at once, with one redraw.

        The stress event's settings are ``stress_size``, ``stress_start`` and
        ``stress_duration``; the shared parameters are named as in the model
        (``buffering``, ...).

        A bad name or value is shown in the readout and raised; nothing changes.
        """
        panels = {**self.pulse_controls.controls, **self.controls.controls}
        checked = {}
        try:
            for name, value in values.items():
                check_known_name(name, panels, "setting", "the explorer", ParameterError)
                spec = panels[name].spec
                checked[name] = as_finite_float(value, repr(name), spec.bounds, ParameterError)
        except ParameterError as exc:
            self._show_error("Cannot use these settings", exc)
            raise
        with self._held():
            for name, value in checked.items():
                panels[name].value = value
        self.update()

    # ---------------------------------------------------------------- update
    def update(self) -> None:
        """Re-simulate every couple, redraw in one message and rewrite the readout."""
        try:
            runs = self._simulate()
            responses = self._measure(runs)
        except IntimacyDynamicsError as exc:
            self._show_error("Cannot simulate these settings", exc)
            return
        self.runs, self.responses = runs, responses
        self._draw()
        self.readout.value = self.summarize()

    def _simulate(self) -> dict:
        pulse, times = self.pulse(), self.times()
        runs = {}
        for label, scenario in self.couples.items():
            runs[label] = simulate(
                self.model,
                (self.t_span[0], times[-1]),
                self.current_params(label),
                y0=scenario.y0,
                t_eval=times,
                inputs={**scenario.inputs, f"stress_{STRESSED}": pulse},
                rtol=1e-4,
                atol=1e-7,
            )
        return runs

    def _measure(self, runs) -> dict[str, StressResponse]:
        start = self.pulse().start
        return {label: stress_response(run, start) for label, run in runs.items()}

    def _show_error(self, what: str, exc: Exception) -> None:
        self.readout.value = (
            f'<span style="color:{PALETTE["vermillion"]}"><b>{what}:</b> '
            f"{html.escape(str(exc))}</span>"
        )

    # --------------------------------------------------------------- figure
    def _series(self) -> list[tuple[np.ndarray, np.ndarray]]:
        """(x, y) of every trace, in the order of ``trace_keys``."""
        low, high = self.window()
        data = []
        for kind, label in self.trace_keys:
            if kind == "stress":
                run = next(iter(self.runs.values()))
                data.append((run.t, run[f"stress_{STRESSED}"]))
            elif kind == "threshold":
                level = self.responses[label].threshold
                data.append((np.array([low, high]), np.array([level, level])))
            else:
                run = self.runs[label]
                data.append((run.t, run[f"{kind}_{STRESSED}"]))
        return data

    def _build_figure(self):
        import plotly.graph_objects as go
        from plotly.subplots import make_subplots

        panels = ("distress", "intimacy", "loneliness")
        fig = make_subplots(
            rows=3, cols=1, shared_xaxes=True, vertical_spacing=0.06, row_heights=[0.5, 0.25, 0.25]
        )
        self.trace_keys = [("stress", None)]
        self.trace_keys += [(k, c) for c in self.couples for k in ("distress", "threshold")]
        self.trace_keys += [(k, c) for k in panels[1:] for c in self.couples]
        couple_index = {label: k for k, label in enumerate(self.couples)}
        for (kind, label), (x, y) in zip(self.trace_keys, self._series(), strict=True):
            if kind == "stress":
                fig.add_scatter(
                    x=x,
                    y=y,
                    name=f"Stress on {STRESSED} (the event)",
                    mode="lines",
                    fill="tozeroy",
                    line={"color": PALETTE["grey"], "width": 1},
                    fillcolor="rgba(127,127,127,0.2)",
                    hovertemplate="stress: %{y:.2f}<extra></extra>",
                    row=1,
                    col=1,
                )
                continue
            style = partner_style(None, couple_index[label])
            threshold = kind == "threshold"
            fig.add_scatter(
                x=x,
                y=y,
                mode="lines",
                name=f"{label}: threshold" if threshold else label,
                legendgroup=label if not threshold else f"{label} threshold",
                showlegend=kind in ("distress", "threshold"),
                line={**style, "dash": "dot", "width": 1.5} if threshold else style,
                hovertemplate=f"{label} {kind}: %{{y:.3f}}<extra></extra>",
                row=panels.index("distress" if threshold else kind) + 1,
                col=1,
            )
        layout = base_layout(
            f"The same stress event on partner {STRESSED}, in each couple",
            height=680,
        )
        layout["legend"] = {"orientation": "v", "x": 1.02, "xanchor": "left", "y": 1.0}
        layout["margin"] = {**layout["margin"], "r": 200}
        fig.update_layout(**layout)
        for row, kind in enumerate(panels, start=1):
            spec = self.model.spec(f"{kind}_{STRESSED}")
            fig.update_yaxes(title_text=spec.display_label, range=[0, 1.02], row=row, col=1)
        fig.update_xaxes(range=list(self.window()))
        fig.update_xaxes(title_text=f"time ({self.model.time_units})", row=3, col=1)
        return apply_config(go.FigureWidget(fig))

    def _draw(self) -> None:
        """Send every trace's new data and the new time window in one message."""
        xs, ys = zip(*self._series(), strict=True)
        window = list(self.window())
        relayout = {f"xaxis{k if k > 1 else ''}.range": window for k in (1, 2, 3)}
        self.figure.plotly_update(
            restyle_data={"x": list(xs), "y": list(ys)},
            relayout_data=relayout,
            trace_indexes=list(range(len(self.trace_keys))),
        )

    def trace(self, kind: str, label: str | None = None):
        """The figure's trace of ``kind`` for the couple ``label``.

        ``kind`` is ``"distress"``, ``"threshold"``, ``"intimacy"``, ``"loneliness"``
        or ``"stress"`` (the event itself, drawn once: ``label`` None).
        """
        return self.figure.data[self.trace_keys.index((kind, label))]

    # --------------------------------------------------------------- readout
    def summarize(self) -> str:
        """The readout: a table of each couple's response, and the comparison."""
        rows = "".join(
            f"<tr><td><b>{html.escape(label)}</b></td><td>{r.intimacy:.2f}</td>"
            f"<td>{r.baseline:.2f}</td><td>{r.rise:.2f}</td>"
            f"<td>{_days(r)}</td><td>{r.loneliness:.2f}</td></tr>"
            for label, r in self.responses.items()
        )
        header = (
            "<tr><th></th><th>intimacy before</th><th>distress before</th>"
            "<th>rise of distress</th><th>days above threshold</th>"
            "<th>loneliness before</th></tr>"
        )
        table = f'<table style="border-spacing:12px 2px">{header}{rows}</table>'
        return table + f"<p>{self._comparison()}</p>"

    def _comparison(self) -> str:
        if len(self.responses) < 2:
            return ""
        (first, a), (second, b) = list(self.responses.items())[:2]
        first, second = html.escape(first), html.escape(second)
        if a.rise < b.rise:
            shorter = b.days_above - a.days_above
            longer = "shorter" if shorter >= 0 else "longer"
            return (
                f"<b>{first}</b> is buffered: A's distress rose {b.rise - a.rise:.2f} less "
                f"than in <b>{second}</b>, and stayed above its threshold "
                f"{abs(shorter):.1f} days {longer}."
            )
        buffering = self.current_params(next(iter(self.couples)))["buffering"]
        return (
            f"<b>{first}</b> is <b>not</b> protected: A's distress rose {a.rise:.2f}, "
            f"against {b.rise:.2f} in <b>{second}</b> (buffering {buffering:.2f})."
        )

    def _ipython_display_(self):
        from IPython.display import display

        display(self.widget)


def _days(response: StressResponse) -> str:
    days = f"{response.days_above:.1f}"
    return days if response.recovered else f"{days}+ (still above at the end)"


def _load_couples(couples: Mapping[str, Scenario | str], model) -> dict[str, Scenario]:
    if not isinstance(couples, Mapping) or not couples:
        raise BadInputError("couples must map at least one label to a scenario or its name")
    loaded = {}
    for label, scenario in couples.items():
        if isinstance(scenario, str):
            scenario = catalog.load(scenario)
        if not isinstance(scenario, Scenario):
            raise BadInputError(f"couple {label!r} must be a Scenario or a catalog name")
        scenario.check_model(model)
        loaded[str(label)] = scenario
    return loaded
