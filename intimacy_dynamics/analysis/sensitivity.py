"""Local sensitivity of a long-run outcome to every parameter, ranked.

Each parameter is nudged up and down by a small fraction of its slider range (one-sided
at a hard bound). All the nudged runs are integrated at once, and the outcome (the mean
of a state or output over the last part of the run) is differentiated by central
differences. Two normalized measures are reported:

* the **elasticity** ``(p / O) dO/dp``, the percentage change of the outcome per
  percent change of the parameter (undefined for a parameter at zero);
* the **range-scaled** effect ``w dO/dp``, the change of the outcome across the
  parameter's whole slider range ``w``, which ranks parameters fairly whatever their
  units. The ranking uses it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from intimacy_dynamics.analysis.common import check_param
from intimacy_dynamics.core.model import check_model
from intimacy_dynamics.core.validation import as_finite_float, check_known_name
from intimacy_dynamics.ensemble.integrator import integrate_ensemble
from intimacy_dynamics.errors import BadInputError, IntegrationError
from intimacy_dynamics.simulation.times import check_t_span

__all__ = ["Sensitivity", "sensitivity"]


@dataclass
class Sensitivity:
    """Sensitivities of one outcome, ranked by the size of the range-scaled effect."""

    outcome: str
    value: float
    names: list[str]
    derivative: np.ndarray
    elasticity: np.ndarray
    range_scaled: np.ndarray

    def table(self) -> list[tuple[str, float, float]]:
        """Rows ``(parameter, range-scaled effect, elasticity)``, largest effect first."""
        return list(
            zip(self.names, self.range_scaled.tolist(), self.elasticity.tolist(), strict=True)
        )

    def figure(self, top: int = 15):
        """A horizontal bar chart of the largest range-scaled effects."""
        from intimacy_dynamics.plotting import PALETTE, base_layout, figure

        rows = self.table()[:top][::-1]
        colours = [PALETTE["blue"] if r[1] >= 0 else PALETTE["vermillion"] for r in rows]
        fig = figure(
            base_layout(
                f"What moves long-run {self.outcome}",
                f"change of {self.outcome} across the slider range",
                "",
            ),
            [],
        )
        fig.add_bar(
            x=[r[1] for r in rows],
            y=[r[0] for r in rows],
            orientation="h",
            marker={"color": colours},
            name="effect",
        )
        return fig


def sensitivity(
    model,
    params: Mapping[str, float] | None = None,
    outcome: str | None = None,
    *,
    names: Sequence[str] | None = None,
    y0: Mapping[str, float] | None = None,
    t_span: tuple[float, float] | None = None,
    fraction: float = 0.25,
    relative_step: float = 0.01,
) -> Sensitivity:
    """Rank the parameters by their local effect on the long-run value of ``outcome``.

    Parameters
    ----------
    outcome : str
        A state or output name (default: the first state).
    names : sequence of str, optional
        The parameters to study (default: all).
    fraction : float
        The outcome is the mean over this last fraction of the run.
    relative_step : float
        The nudge, as a fraction of each parameter's slider range.

    Examples
    --------
    >>> import sympy
    >>> from intimacy_dynamics import Model, Param, State
    >>> x, a, b = sympy.symbols("x a b")
    >>> model = Model.from_equations({x: a - b * x}, t_span=(0, 50),
    ...     params={a: Param(1.0, bounds=(0, 2)), b: Param(2.0, bounds=(0.5, 4))},
    ...     states={"x": State(0, bounds=(0, 10))})
    >>> s = sensitivity(model, outcome="x")   # x* = a / b: elasticities +1 and -1
    >>> [(n, round(effect, 3), round(e, 3)) for n, effect, e in s.table()]
    [('a', 1.0, 1.0), ('b', -0.875, -1.0)]
    """
    check_model(model)
    outcome = _check_outcome(model, outcome or model.state_names[0])
    names = [check_param(model, n) for n in (names or model.param_names)]
    fraction = as_finite_float(fraction, "fraction", (1e-3, 1.0))
    relative_step = as_finite_float(relative_step, "relative_step", (1e-6, 0.2))
    base = model.params(params)
    table, low, high = _nudged_table(model, base, names, relative_step)
    outcomes = _long_run(model, table, outcome, y0, t_span, fraction)
    value = float(outcomes[0])
    derivative = (outcomes[1::2] - outcomes[2::2]) / (high - low)
    values = np.array([base[n] for n in names])
    widths = np.array([model.param_specs[n].soft[1] - model.param_specs[n].soft[0] for n in names])
    with np.errstate(all="ignore"):
        elasticity = np.where((values != 0) & (value != 0), derivative * values / value, np.nan)
    range_scaled = derivative * widths
    order = np.argsort(-np.abs(range_scaled), kind="stable")
    return Sensitivity(
        outcome,
        value,
        [names[k] for k in order],
        derivative[order],
        elasticity[order],
        range_scaled[order],
    )


def _check_outcome(model, outcome: str) -> str:
    known = model.state_names + model.output_names
    return check_known_name(outcome, known, "state or output", model.name, BadInputError)


def _nudged_table(model, base, names, relative_step):
    """Parameter columns: the base, then each parameter nudged up and down."""
    table = np.tile(np.array(base.as_list())[:, None], (1, 1 + 2 * len(names)))
    low, high = np.empty(len(names)), np.empty(len(names))
    for k, name in enumerate(names):
        spec = model.param_specs[name]
        step = relative_step * (spec.soft[1] - spec.soft[0])
        high[k] = min(base[name] + step, spec.bounds[1])
        low[k] = max(base[name] - step, spec.bounds[0])
        row = model.param_names.index(name)
        table[row, 1 + 2 * k], table[row, 2 + 2 * k] = high[k], low[k]
    return table, low, high


def _long_run(model, table, outcome, y0, t_span, fraction) -> np.ndarray:
    compiled = model.compile()
    t0, t1 = check_t_span(model.t_span if t_span is None else t_span)
    times = np.linspace(t1 - fraction * (t1 - t0), t1, 101)
    y_start = np.repeat(np.array(model.initial_state(y0))[:, None], table.shape[1], axis=1)
    sol = integrate_ensemble(
        compiled.rhs_vectorized, (t0, t1), y_start, list(table), times, rtol=1e-9, atol=1e-11
    )
    if np.any(sol.failed):
        raise IntegrationError("integration failed for some nudged parameter sets")
    if outcome in model.state_names:
        series = sol.y[model.state_names.index(outcome)]
    else:
        row = model.output_names.index(outcome)
        series = np.stack(
            [compiled.outputs(t, sol.y[:, :, k], list(table))[row] for k, t in enumerate(times)],
            axis=1,
        )
    return series.mean(axis=1)
