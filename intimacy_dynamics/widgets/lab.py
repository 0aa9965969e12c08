"""``ModelLab``: live sliders over any model, with time series, a phase view and a readout.

Everything a student sees is generated from the model's declarations: one control per
parameter (and per chosen initial state), one line per plotted state and partner. The
time series are integrated and drawn in the page as a slider moves
(:class:`~intimacy_dynamics.widgets.live_plot.LivePlot`); once the values settle, the
kernel runs the model too and writes what Python owns: the readout, the phase view and
the run to export.

The lab also offers what users of a good lab expect (from :class:`Explorer`): Reset,
presets (scenarios), export of the run as CSV, the current settings as scenario JSON to
copy and load, a plain-language readout of where the run is heading, and
colour-blind-safe lines that also differ by style.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from intimacy_dynamics.analysis.outcomes import run_outcome
from intimacy_dynamics.analysis.wording import outcome_text
from intimacy_dynamics.plotting import PALETTE, base_layout
from intimacy_dynamics.simulation.scenario import Scenario
from intimacy_dynamics.widgets.explorer import Explorer, Settings
from intimacy_dynamics.widgets.figures import (
    SteadyAxes,
    axis_range,
    named_widget,
    resolve_panels,
)

__all__ = ["ModelLab", "describe_outcome"]

#: The traces of the phase view.
PHASE_TRACES = ("phase path", "phase start", "phase end")


class ModelLab(Explorer):
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
    title : str, optional
        The time-series figure's title.
    rtol, atol : float
        Integration tolerances, in the page and in the kernel. The default, "plot
        accuracy" (errors around 1e-5 of a state's range, far below a pixel), keeps
        slider moves fast; tighten them for figures that are measured.

    Examples
    --------
    >>> import sympy
    >>> from intimacy_dynamics import Model, Param, State
    >>> x, k = sympy.symbols("x k")
    >>> model = Model.from_equations({x: -k * x}, params={k: Param(0.5, bounds=(0, 2))},
    ...                              states={"x": State(1.0, bounds=(0, 2))}, t_span=(0, 10))
    >>> lab = ModelLab(model)
    >>> lab.set(k=1.0)                       # one change: the page redraws, the kernel reruns
    >>> round(float(lab.trajectory["x"][-1]), 5)  # exp(-10)
    5e-05
    >>> lab.set(k=7)
    Traceback (most recent call last):
    ...
    intimacy_dynamics.errors.ParameterError: parameter 'k' = 7 is outside its allowed range [0, 2]
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
        self.panels = resolve_panels(model, plots)
        self.phase = tuple(phase) if phase else None
        if self.phase:
            model.spec(self.phase[0]), model.spec(self.phase[1])  # clear errors for typos
        self._phase_axes = SteadyAxes()
        super().__init__(
            model,
            scenario=scenario,
            controls=model.param_names if params is None else params,
            initial=initial,
            live=[_panel_key(model, names) for _, names in self.panels],
            presets=presets,
            simulation={"n_points": n_points, "rtol": rtol, "atol": atol},
            live_title=title,
        )

    # -------------------------------------------------------------- contract
    def compute(self, settings: Settings):
        """The run of the model with these settings."""
        return self.simulate(settings)

    @property
    def trajectory(self):
        """The current run (the kernel's, equal to what the page draws)."""
        return self.result

    def build(self, result) -> dict:
        """The phase view, if one was asked for."""
        if not self.phase:
            return {}
        x, y = self.phase
        sx, sy = self.model.spec(x), self.model.spec(y)
        import plotly.graph_objects as go

        fig = go.Figure(
            layout=base_layout("Phase view", sx.display_label, sy.display_label, height=380)
        )
        xs, ys = result[x], result[y]
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
        fig.update_layout(self.relayout(result)["phase"])
        return {"phase": named_widget(fig, PHASE_TRACES)}

    def traces(self, result) -> dict:
        """The phase path and its two ends."""
        if not self.phase:
            return {}
        x, y = (result[name] for name in self.phase)
        path, start, end = PHASE_TRACES
        return {
            "phase": {
                path: {"x": x, "y": y},
                start: {"x": x[:1], "y": y[:1]},
                end: {"x": x[-1:], "y": y[-1:]},
            }
        }

    def relayout(self, result) -> dict:
        """The phase view's axes: steady ranges, widened when a run leaves them."""
        if not self.phase:
            return {}
        x, y = self.phase
        ranges = {
            "xaxis.range": axis_range(self.model, [x], result),
            "yaxis.range": axis_range(self.model, [y], result),
        }
        return {"phase": self._phase_axes.changes(ranges)}

    def describe(self, result) -> str:
        """Where the run is heading (see :meth:`summarize`)."""
        return self.summarize(result)

    def summarize(self, run) -> str:
        """A plain-language sentence on where the run is heading (override per model)."""
        return describe_outcome(self.model, run, self.readout_rules()["watched"])

    def readout_rules(self) -> dict:
        """The readout as data, for a page with no kernel (``frontend/readout.js``).

        ``watched``: the quantities :meth:`summarize` describes (every plotted one);
        ``couple``: the rules of a couple's verdict, or None (a subclass that writes its
        own readout gives them, with the same words in the page as in :meth:`summarize`).
        """
        return {"watched": [n for _, names in self.panels for n in names], "couple": None}

    @property
    def phase_figure(self):
        """The phase view's figure (None without one)."""
        return self.figures.get("phase")


def _panel_key(model, names: Sequence[str]) -> str:
    """The key :func:`resolve_panels` reads back as the panel of ``names``.

    A partner pair's base name (both partners in one panel), or the one full name.
    """
    return model.spec(names[0]).base if len(names) > 1 else names[0]


def describe_outcome(model, run, watched: Sequence[str]) -> str:
    """Where a run is heading, in words: settled (and how stable), swinging, or moving.

    The sentences are the templates of :mod:`intimacy_dynamics.analysis.wording`, which
    the page with no kernel fills too.
    """
    return outcome_text(model, run_outcome(model, run, watched))
