"""Where a run of any model is heading: settled (and how), oscillating, or still moving.

The labs' readouts say this in a sentence; here it is measured, for any model, from the
end of the run: how fast the states still move, the equilibrium's kind from the exact
Jacobian, or the cycle of a quantity that keeps swinging.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from intimacy_dynamics.analysis.cycles import CycleMeasure, measure_oscillation
from intimacy_dynamics.analysis.steady_states import classify

__all__ = ["SETTLED_SPEED", "RunOutcome", "run_outcome"]

#: A run has settled when no state would cross this share of its slider range if it kept
#: its final speed over the whole run.
SETTLED_SPEED = 0.02


@dataclass(frozen=True)
class RunOutcome:
    """What a run does at its end.

    Attributes
    ----------
    kind : str
        ``"settled"``, ``"oscillating"`` or ``"moving"``.
    equilibrium : str or None
        For a settled run, the kind of its steady state (``"stable node"``, ...).
    swinging : str or None
        For an oscillating run, the quantity that swings, and ``cycle`` how.
    final : dict of str to float
        The watched quantities at the end of the run.
    """

    kind: str
    final: dict[str, float]
    equilibrium: str | None = None
    swinging: str | None = None
    cycle: CycleMeasure | None = None


def run_outcome(model, run, watched: Sequence[str]) -> RunOutcome:
    """Measure where ``run`` of ``model`` is heading; ``watched`` names what to report.

    Examples
    --------
    >>> from intimacy_dynamics import IntimacyModel, simulate
    >>> model = IntimacyModel()
    >>> outcome = run_outcome(model, simulate(model), ["intimacy_A"])
    >>> outcome.kind, outcome.equilibrium
    ('settled', 'stable focus')
    """
    compiled = model.compile()
    p_end = [float(np.asarray(v)[-1]) if np.ndim(v) else v for v in run.parameter_values()]
    y_end = run.y[:, -1]
    widths = np.array([s.soft[1] - s.soft[0] for s in model.state_specs.values()])
    span = run.t[-1] - run.t[0]
    final = {name: float(run[name][-1]) for name in watched}
    speed = np.max(np.abs(compiled.rhs(run.t[-1], y_end, p_end)) / widths) * span
    if speed < SETTLED_SPEED:
        kind, _ = classify(np.linalg.eigvals(compiled.jacobian(run.t[-1], y_end, p_end)))
        return RunOutcome("settled", final, equilibrium=kind)
    late = run.t >= run.t[0] + 0.5 * span
    for name in watched:
        spec = model.spec(name)
        threshold = 1e-3 * (spec.soft[1] - spec.soft[0])
        cycle = measure_oscillation(run.t[late], run[name][late], threshold, min_crossings=2)
        if cycle.oscillating:
            return RunOutcome("oscillating", final, swinging=name, cycle=cycle)
    return RunOutcome("moving", final)
