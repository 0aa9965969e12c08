"""Fusion and individuation as a dial: differentiation, its tipping point, and after.

The dial is both partners' differentiation of self; the tipping point and what closeness
does on either side of it are P10. Lowering differentiation takes the couple across a
Hopf bifurcation into a
pursue–distance cycle. :func:`tipping_point` finds it by continuation on the model with
both partners' differentiation tied into one parameter (:func:`both_partners`), and
:func:`judge` names what a run of that model does: steady, settling or oscillating.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from intimacy_dynamics.analysis.branches import continuation
from intimacy_dynamics.analysis.cycles import measure_oscillation
from intimacy_dynamics.core.validation import as_finite_float
from intimacy_dynamics.errors import BadInputError, ParameterError
from intimacy_dynamics.intimacy.model import IntimacyModel

__all__ = [
    "DIAL",
    "Balance",
    "Outcome",
    "balance_point",
    "both_partners",
    "differentiation_branch",
    "judge",
    "tipping_point",
]

#: The one parameter of the dial: both partners' differentiation of self, tied together.
DIAL = "differentiation"
_PARTNERS = ("differentiation_A", "differentiation_B")
#: Swings that shrink by more than this share from the third to the last quarter of a
#: run are dying out: the couple is settling, not oscillating.
DYING_OUT = 0.2


@lru_cache(maxsize=16)
def both_partners(model: IntimacyModel | None = None):
    """The model with both partners' differentiation tied into one parameter, ``DIAL``.

    Examples
    --------
    >>> model = both_partners()
    >>> "differentiation" in model.param_names, "differentiation_A" in model.param_names
    (True, False)
    """
    return (model or _default()).tied(DIAL, list(_PARTNERS))


@lru_cache(maxsize=1)
def _default() -> IntimacyModel:
    return IntimacyModel()


def differentiation_branch(on: IntimacyModel | None = None, params=None):
    """The steady states as the dial turns down its slider range (None if none is found).

    ``params`` sets other parameters of :func:`both_partners` (not the dial).
    """
    tied = both_partners(on)
    params = dict(params or {})
    if DIAL in params:
        raise ParameterError(f"turn the dial with {DIAL}=..., not in params={params!r}")
    low, high = tied.param_specs[DIAL].soft
    try:
        return continuation(tied, params, DIAL, (high, low))
    except BadInputError:
        return None


def tipping_point(on: IntimacyModel | None = None, params=None):
    """Where the steady couple starts to oscillate: the Hopf point on the steady branch.

    Returns
    -------
    SpecialPoint or None
        The first Hopf point found (``.value``, ``.period``), or None.

    Examples
    --------
    >>> point = tipping_point()
    >>> 0.3 < point.value < 0.5, 8 < point.period < 16
    (True, True)
    """
    branch = differentiation_branch(on, params)
    return branch.hopfs[0] if branch is not None and branch.hopfs else None


@dataclass(frozen=True)
class Outcome:
    """What closeness does late in a run: its kind, extremes and period."""

    kind: str  # "steady", "settling" or "oscillating"
    minimum: float
    maximum: float
    period: float | None
    self_minimum: float
    self_maximum: float

    @property
    def amplitude(self) -> float:
        """Half the late-time range of closeness."""
        return (self.maximum - self.minimum) / 2


def judge(run) -> Outcome:
    """Classify the late half of a run by partner A's closeness.

    Swings that shrink by more than :data:`DYING_OUT` from the third to the last quarter
    of the run are "settling" (a damped oscillation, typical just above the tipping
    point).
    """
    t, closeness, self_ = run.t, run["closeness_A"], run["sense_of_self_A"]
    start, span = t[0], t[-1] - t[0]
    late = t >= start + 0.5 * span
    threshold = 1e-3 * np.ptp(run.model.state_specs["closeness_A"].soft)
    cycle = measure_oscillation(t[late], closeness[late], threshold, min_crossings=2)
    kind = "steady"
    if cycle.oscillating:
        third = closeness[late & (t < start + 0.75 * span)]
        last = closeness[t >= start + 0.75 * span]
        kind = "oscillating" if np.ptp(last) >= (1 - DYING_OUT) * np.ptp(third) else "settling"
    return Outcome(
        kind,
        cycle.minimum,
        cycle.maximum,
        cycle.period,
        float(self_[late].min()),
        float(self_[late].max()),
    )


@dataclass(frozen=True)
class Balance:
    """The steady state at a setting of the dial (partner A's), and whether it holds."""

    closeness: float
    sense_of_self: float
    stable: bool


def balance_point(branch, value: float) -> Balance | None:
    """The steady state the couple circles at dial ``value``, from :func:`differentiation_branch`.

    The branch is single-valued in the dial (one steady state per setting), so the state
    is interpolated between its points; its stability changes only at the branch's
    special points, so it is that of the branch's points on the same side of them. None
    where the branch does not reach.

    Examples
    --------
    >>> branch = differentiation_branch()
    >>> balance_point(branch, 0.8).stable, balance_point(branch, 0.2).stable
    (True, False)
    """
    value = as_finite_float(value, DIAL)
    if not branch.values.min() <= value <= branch.values.max():
        return None
    order = np.argsort(branch.values)
    values = branch.values[order]
    closeness = float(np.interp(value, values, branch["closeness_A"][order]))
    self_ = float(np.interp(value, values, branch["sense_of_self_A"][order]))
    cuts = sorted(p.value for p in branch.special_points)
    same_side = np.searchsorted(cuts, branch.values) == np.searchsorted(cuts, value)
    if not np.any(same_side):  # a special point between the value and every node
        same_side = np.abs(branch.values - value) == np.min(np.abs(branch.values - value))
    return Balance(closeness, self_, bool(branch.stable[np.flatnonzero(same_side)[0]]))
