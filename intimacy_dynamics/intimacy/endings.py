"""Where a couple ends: intimate, distant or in between, by two named cut-offs.

One definition for the whole package: the lab's verdict, the basin maps, the tipping
point of P05 and the lessons' checks all call :func:`classify_ending` (on a run) or
:func:`ending_of` (on a level of the couple's intimacy, the mean of the partners').
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from intimacy_dynamics.core.validation import as_finite_float

__all__ = ["DISTANT", "INTIMATE", "LATE", "TIPPING", "Ending", "classify_ending", "ending_of"]

#: The couple's long-run intimacy above which it is called intimate ...
INTIMATE = 0.4
#: ... and below which distant; in between it is moderately intimate.
DISTANT = 0.15
#: Which way a couple leans, for basin maps and tipping points: the middle of the two.
TIPPING = (INTIMATE + DISTANT) / 2
#: "Long-run" is the mean over this last share of a run.
LATE = 0.25


@dataclass(frozen=True)
class Ending:
    """A couple's ending: ``kind`` is ``"intimate"``, ``"distant"`` or ``"in between"``.

    ``leans`` is ``"intimate"`` or ``"distant"``: the side of :data:`TIPPING` the
    couple is on, which decides basins and tipping points.
    """

    kind: str
    intimacy: float

    @property
    def leans(self) -> str:
        """``"intimate"`` at or above :data:`TIPPING`, else ``"distant"``."""
        return "intimate" if self.intimacy >= TIPPING else "distant"


def ending_of(intimacy: float) -> Ending:
    """The ending of a couple whose long-run intimacy (mean of the partners') is given.

    Examples
    --------
    >>> ending_of(0.47).kind, ending_of(0.3).kind, ending_of(0.3).leans, ending_of(0.01).kind
    ('intimate', 'in between', 'intimate', 'distant')
    """
    intimacy = as_finite_float(intimacy, "the couple's intimacy", (0.0, 1.0))
    kind = "intimate" if intimacy > INTIMATE else "distant" if intimacy < DISTANT else "in between"
    return Ending(kind, intimacy)


def classify_ending(run, fraction: float = LATE) -> Ending:
    """Where the couple of a run of the intimacy model ends.

    Parameters
    ----------
    run : Trajectory
        A run of :class:`~intimacy_dynamics.IntimacyModel` (or of an extension of it).
    fraction : float
        The last share of the run averaged for the long run.

    Examples
    --------
    >>> from intimacy_dynamics.intimacy import phenomena
    >>> classify_ending(phenomena.run("P05_guarded_low_trust")).kind
    'distant'
    """
    fraction = as_finite_float(fraction, "fraction", (0.01, 1.0))
    t = np.asarray(run.t)
    late = t >= t[0] + (1 - fraction) * (t[-1] - t[0])
    return ending_of(float(np.mean(np.asarray(run["couple_intimacy"])[late])))
