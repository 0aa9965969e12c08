"""``StressBufferingExplorer``: one stress event, two couples, and what intimacy buffers (P15).

The same stress event, a :class:`~intimacy_dynamics.Pulse` on partner A's stress input,
hits partner A in two couples that have had time to settle: an intimate couple and a
distant one (the scenarios of phenomenon P15). Three panels show A's distress (with each
couple's threshold and the stress itself), A's intimacy and A's loneliness. The readout
compares how far distress rose and how long it stayed above the threshold. The
buffering parameter has a control: switch it off and the intimate couple is no longer
protected, so the ordering of P15 reverses (the P15 ablation).

The measurement is :func:`~intimacy_dynamics.intimacy.phenomena.stress_response`, with
the definitions of :func:`~intimacy_dynamics.intimacy.phenomena.p15`.

The figure is drawn by the kernel, not in the page: it holds two couples (each with its
own parameters and starting state) in the same panels, with each couple's threshold,
measured from its own baseline, and output times packed densely around the event,
where the readout measures.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import ipywidgets as w
import numpy as np

from intimacy_dynamics.core.quantities import Setting
from intimacy_dynamics.errors import BadInputError
from intimacy_dynamics.intimacy import catalog, phenomena
from intimacy_dynamics.intimacy.phenomena import (
    BASELINE_DAYS,
    STRESSED,
    StressResponse,
    stress_response,
)
from intimacy_dynamics.plotting import PALETTE, base_layout, partner_style
from intimacy_dynamics.simulation.inputs import Pulse
from intimacy_dynamics.simulation.scenario import Scenario
from intimacy_dynamics.widgets.explorer import Explorer, Settings
from intimacy_dynamics.widgets.figures import named_widget, trace_named

__all__ = ["DEFAULT_COUPLES", "StressBufferingExplorer", "StressRuns"]

#: Days shown after the stress ends, for the recovery.
RECOVERY_DAYS = 30.0
#: The couples compared by default: label -> catalog scenario (P15's two couples).
DEFAULT_COUPLES = phenomena.STRESS_COUPLES
_COARSE_POINTS = 61  # over the whole run (the couples settling)
_WINDOW_POINTS = 161  # around the stress event, where the readout measures
PANELS = ("distress", "intimacy", "loneliness")


@dataclass(frozen=True)
class StressRuns:
    """The stress event, each couple's run and its measured response."""

    pulse: Pulse
    runs: dict[str, object]
    responses: dict[str, StressResponse]

    @property
    def window(self) -> tuple[float, float]:
        """The days shown: the baseline before the stress, the stress, the recovery."""
        return _window(self.pulse)


def _window(pulse: Pulse) -> tuple[float, float]:
    return pulse.start - BASELINE_DAYS, pulse.start + pulse.duration + RECOVERY_DAYS


class StressBufferingExplorer(Explorer):
    """The same stress event in an intimate and a distant couple, side by side.

    Settings: the stress event's ``stress_size``, ``stress_start`` and
    ``stress_duration`` (declared from the couples: the size leaves room under their
    stress baselines, the start leaves the baseline days before it), and the model's
    parameters, which apply to every couple (``params`` get controls).

    Parameters
    ----------
    couples : mapping of str to Scenario or catalog name, optional
        The couples to compare, by label (default :data:`DEFAULT_COUPLES`: the two
        scenarios of P15). The stress event replaces any stress input on partner A.
    params : sequence of str
        Parameters with a control, applied to every couple (default: the buffering and
        the distress of loneliness; they start at the first couple's values).
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

    own_title = f"The stress event (on partner {STRESSED})"

    def __init__(
        self,
        couples: Mapping[str, Scenario | str] | None = None,
        *,
        params: Sequence[str] = ("buffering", "loneliness_distress"),
        model=None,
    ):
        model = model or phenomena.model()
        self.couples = _load_couples(couples or DEFAULT_COUPLES, model)
        self.shared = tuple(params)
        first = next(iter(self.couples.values()))
        spans = [s.t_span or model.t_span for s in self.couples.values()]
        self.span = (min(a for a, _ in spans), max(b for _, b in spans))
        self.own_settings = self._pulse_settings(model, first)
        super().__init__(
            model,
            scenario=first,
            controls=self.shared,
            simulation={"rtol": 1e-4, "atol": 1e-7},
        )

    # ------------------------------------------------------------- settings
    def _pulse_settings(self, model, first: Scenario) -> dict[str, Setting]:
        """Declarations of the stress event's settings, derived from the couples."""
        pulse = first.inputs.get(f"stress_{STRESSED}")
        if not isinstance(pulse, Pulse):
            pulse = Pulse(start=0.75 * self.span[1], duration=3.0, amplitude=1.0)
        stress = model.param_specs[f"stress_{STRESSED}"]
        baselines = [model.params(s.params)[stress.name] for s in self.couples.values()]
        room = stress.bounds[1] - max(baselines)  # the event adds to each couple's baseline
        if room <= 0:
            raise BadInputError(
                f"a couple's stress is already at its most ({stress.bounds[1]:g}): "
                "no room left for a stress event"
            )
        t0, t1 = self.span
        return {
            "stress_size": Setting(
                min(pulse.amplitude, room),
                bounds=(0.0, room),
                step=room / 20,
                label="Stress size",
                doc=f"How much the event adds to partner {STRESSED}'s stress load.",
            ),
            "stress_start": Setting(
                pulse.start,
                bounds=(t0 + BASELINE_DAYS, t1),
                step=1.0,
                unit="day",
                label="Stress starts on",
                doc=f"The day the event begins (the couples have been together since day {t0:g}).",
            ),
            "stress_duration": Setting(
                pulse.duration,
                bounds=(0.25, 60.0),
                soft=(0.5, 14.0),
                step=0.25,
                unit="day",
                label="Stress lasts",
                doc="How many days the event lasts.",
            ),
        }

    def pulse(self, settings: Settings | None = None) -> Pulse:
        """The stress event the settings describe (the current ones by default)."""
        own = (settings or self.current).own
        return Pulse(
            start=own["stress_start"],
            duration=own["stress_duration"],
            amplitude=own["stress_size"],
        )

    def couple_params(self, label: str, settings: Settings | None = None):
        """The parameters of the couple ``label``: its own, with every setting applied.

        The parameters with controls, and any other the explorer has been set to (as
        against the first couple's), apply to every couple.
        """
        settings = settings or self.current
        first = self.model.params(next(iter(self.couples.values())).params)
        applied = {k: v for k, v in settings.params.items() if k in self.shared or v != first[k]}
        return self.model.params({**self.couples[label].params, **applied})

    def load(self, scenario) -> None:
        """Refused: the couples come from their own scenarios (``couples=``), not one.

        The stress event and the parameters are changed with :meth:`set`.
        """
        error = BadInputError(
            "a StressBufferingExplorer compares the couples it was built with; change the "
            "stress event or the parameters with set(...), or build one with couples={...}"
        )
        self.show_error("Could not load these settings", error)
        raise error

    def window(self) -> tuple[float, float]:
        """The days shown: the baseline before the stress, the stress, the recovery."""
        return self.result.window

    # ------------------------------------------------------------ contract
    def compute(self, settings: Settings) -> StressRuns:
        """Every couple's run through the stress event, and its response."""
        pulse = self.pulse(settings)
        times = _times(self.span, pulse)
        runs = {}
        for label, scenario in self.couples.items():
            couple = Settings(
                self.couple_params(label, settings),
                scenario.y0,
                t_span=(self.span[0], float(times[-1])),
                inputs={**scenario.inputs, f"stress_{STRESSED}": pulse},
            )
            runs[label] = self.simulate(couple, t_eval=times)
        responses = {label: stress_response(run, pulse.start) for label, run in runs.items()}
        return StressRuns(pulse, runs, responses)

    def build(self, result: StressRuns) -> dict:
        """The three panels: distress (with the thresholds and the event), intimacy, loneliness."""
        return {"stress": self._figure(result)}

    def traces(self, result: StressRuns) -> dict:
        """The event, and each couple's distress, threshold, intimacy and loneliness."""
        low, high = result.window
        first = next(iter(result.runs.values()))
        data = {"stress": {"x": first.t, "y": first[f"stress_{STRESSED}"]}}
        for label, run in result.runs.items():
            level = result.responses[label].threshold
            data[f"{label} threshold"] = {"x": [low, high], "y": [level, level]}
            for kind in PANELS:
                data[f"{label} {kind}"] = {"x": run.t, "y": run[f"{kind}_{STRESSED}"]}
        return {"stress": data}

    def relayout(self, result: StressRuns) -> dict:
        """Every panel shows the event's window."""
        window = list(result.window)
        return {"stress": {f"xaxis{k if k > 1 else ''}.range": window for k in (1, 2, 3)}}

    def table(self, result: StressRuns) -> None:
        """Two couples' runs on different times: nothing to export as one table."""
        return None

    def describe(self, result: StressRuns) -> str:
        """A table of each couple's response, and the comparison."""
        rows = "".join(
            f"<tr><td><b>{html.escape(label)}</b></td><td>{r.intimacy:.2f}</td>"
            f"<td>{r.baseline:.2f}</td><td>{r.rise:.2f}</td>"
            f"<td>{_days(r)}</td><td>{r.loneliness:.2f}</td></tr>"
            for label, r in result.responses.items()
        )
        header = (
            "<tr><th></th><th>intimacy before</th><th>distress before</th>"
            "<th>rise of distress</th><th>days above threshold</th>"
            "<th>loneliness before</th></tr>"
        )
        table = f'<table style="border-spacing:12px 2px">{header}{rows}</table>'
        return table + f"<p>{self._comparison(result)}</p>"

    def _comparison(self, result: StressRuns) -> str:
        if len(result.responses) < 2:
            return ""
        (first, a), (second, b) = list(result.responses.items())[:2]
        first, second = html.escape(first), html.escape(second)
        if a.rise < b.rise:
            shorter = b.days_above - a.days_above
            longer = "shorter" if shorter >= 0 else "longer"
            return (
                f"<b>{first}</b> is buffered: A's distress rose {b.rise - a.rise:.2f} less "
                f"than in <b>{second}</b>, and stayed above its threshold "
                f"{abs(shorter):.1f} days {longer}."
            )
        level = self.couple_params(next(iter(self.couples)))["buffering"]
        return (
            f"<b>{first}</b> is <b>not</b> protected: A's distress rose {a.rise:.2f}, "
            f"against {b.rise:.2f} in <b>{second}</b> (buffering {level:.2f})."
        )

    # ------------------------------------------------------------- results
    @property
    def runs(self) -> dict:
        """Each couple's run."""
        return self.result.runs

    @property
    def responses(self) -> dict[str, StressResponse]:
        """Each couple's measured response to the stress."""
        return self.result.responses

    @property
    def figure(self):
        """The explorer's figure."""
        return self.figures["stress"]

    def trace(self, kind: str, label: str | None = None):
        """The figure's trace of ``kind`` for the couple ``label``.

        ``kind`` is ``"distress"``, ``"threshold"``, ``"intimacy"``, ``"loneliness"``
        or ``"stress"`` (the event itself, drawn once: ``label`` None).
        """
        return trace_named(self.figure, kind if label is None else f"{label} {kind}")

    # --------------------------------------------------------------- figure
    def _figure(self, result: StressRuns):
        from plotly.subplots import make_subplots

        fig = make_subplots(
            rows=3, cols=1, shared_xaxes=True, vertical_spacing=0.06, row_heights=[0.5, 0.25, 0.25]
        )
        data = self.traces(result)["stress"]
        fig.add_scatter(
            **data["stress"],
            name=f"Stress on {STRESSED} (the event)",
            mode="lines",
            fill="tozeroy",
            line={"color": PALETTE["grey"], "width": 1},
            fillcolor="rgba(127,127,127,0.2)",
            hovertemplate="stress: %{y:.2f}<extra></extra>",
            row=1,
            col=1,
        )
        names = ["stress"]
        for index, label in enumerate(self.couples):
            style = partner_style(None, index)
            for kind in ("distress", "threshold", *PANELS[1:]):
                threshold = kind == "threshold"
                fig.add_scatter(
                    **data[f"{label} {kind}"],
                    mode="lines",
                    name=f"{label}: threshold" if threshold else label,
                    legendgroup=f"{label} threshold" if threshold else label,
                    showlegend=kind in ("distress", "threshold"),
                    line={**style, "dash": "dot", "width": 1.5} if threshold else style,
                    hovertemplate=f"{label} {kind}: %{{y:.3f}}<extra></extra>",
                    row=PANELS.index("distress" if threshold else kind) + 1,
                    col=1,
                )
                names.append(f"{label} {kind}")
        layout = base_layout(
            f"The same stress event on partner {STRESSED}, in each couple", height=680
        )
        layout["legend"] = {"orientation": "v", "x": 1.02, "xanchor": "left", "y": 1.0}
        layout["margin"] = {**layout["margin"], "r": 200}
        fig.update_layout(**layout)
        for row, kind in enumerate(PANELS, start=1):
            spec = self.model.spec(f"{kind}_{STRESSED}")
            fig.update_yaxes(title_text=spec.display_label, range=[0, 1.02], row=row, col=1)
        fig.update_xaxes(range=list(result.window))
        fig.update_xaxes(title_text=f"time ({self.model.time_units})", row=3, col=1)
        return named_widget(fig, names)

    def layout(self) -> w.VBox:
        """The figure, the readout, the stress event's and the shared controls, Reset."""
        return w.VBox(
            [
                self.figure,
                self.readout,
                w.HBox(
                    [self.own_controls.widget, self.controls.widget],
                    layout=w.Layout(flex_flow="row wrap"),
                ),
                self.toolbar(),
            ]
        )


def _times(span: tuple[float, float], pulse: Pulse) -> np.ndarray:
    """Output times: the whole run, and densely around the stress event."""
    low, high = _window(pulse)
    end = max(span[1], high)
    return np.unique(
        np.concatenate(
            [
                np.linspace(span[0], end, _COARSE_POINTS),
                np.linspace(low, high, _WINDOW_POINTS),
                [pulse.start, pulse.start + pulse.duration],  # sharp edges of the event
            ]
        )
    )


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
