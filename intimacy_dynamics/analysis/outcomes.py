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

__all__ = [
    "CYCLE_CROSSINGS",
    "CYCLE_SEARCH",
    "SETTLED_SPEED",
    "SWING",
    "RunOutcome",
    "run_outcome",
]

#: A run has settled when no state would cross this share of its slider range if it kept
#: its final speed over the whole run.
SETTLED_SPEED = 0.02
#: Otherwise a cycle is looked for in this last share of the run ...
CYCLE_SEARCH = 0.5
#: ... in a watched quantity that swings by more than twice this share of its slider
#: range, crossing its mid-level upwards at least this many times:
SWING = 1e-3
CYCLE_CROSSINGS = 2


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
    speed : float
        How far the fastest state would move, in slider ranges, at its final speed over
        the whole run (settled below :data:`SETTLED_SPEED`).
    eigenvalues : ndarray or None
        For a settled run, the eigenvalues of the Jacobian at its end.
    """

    kind: str
    final: dict[str, float]
    speed: float
    equilibrium: str | None = None
    swinging: str | None = None
    cycle: CycleMeasure | None = None
    eigenvalues: np.ndarray | None = None


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
    p_end = run.final_parameter_values()
    y_end = run.y[:, -1]
    widths = np.array([s.soft[1] - s.soft[0] for s in model.state_specs.values()])
    span = run.t[-1] - run.t[0]
    final = {name: float(run[name][-1]) for name in watched}
    speed = np.max(np.abs(compiled.rhs(run.t[-1], y_end, p_end)) / widths) * span
    if speed < SETTLED_SPEED:
        eigenvalues = np.linalg.eigvals(compiled.jacobian(run.t[-1], y_end, p_end))
        kind, _ = classify(eigenvalues)
        return RunOutcome("settled", final, speed, equilibrium=kind, eigenvalues=eigenvalues)
    late = run.t >= run.t[0] + (1 - CYCLE_SEARCH) * span
    for name in watched:
        threshold = SWING * _scale(model.spec(name))
        cycle = measure_oscillation(run.t[late], run[name][late], threshold, CYCLE_CROSSINGS)
        if cycle.oscillating:
            return RunOutcome("oscillating", final, speed, swinging=name, cycle=cycle)
    return RunOutcome("moving", final, speed)


def _scale(spec) -> float:
    """The width a quantity swings against: its slider range, else its finite bounds, else 1.

    Outputs have no slider range; an output bounded to ``[0, 1]`` swings against 1.
    """
    span = spec.soft if getattr(spec, "soft", None) is not None else spec.bounds
    width = span[1] - span[0]
    return float(width) if np.isfinite(width) and width > 0 else 1.0
