"""Where a couple ends: intimate, distant or in between, by two named cut-offs.

One definition for the whole package: the lab's verdict, the basin maps, the tipping
point of P05 and the lessons' checks all call :func:`classify_ending` (on a run) or
:func:`ending_of` (on a level of the couple's intimacy, the mean of the partners').

The lab words the verdict with the templates :data:`VERDICTS` and :data:`COUPLE_READOUT`
(see :mod:`intimacy_dynamics.analysis.wording`); :func:`ending_rules` gives the
cut-offs and the templates as data, and :func:`ending_rules_module` as the JavaScript
module from which the page with no kernel words the same verdict.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from intimacy_dynamics.analysis.wording import fill
from intimacy_dynamics.core.validation import as_finite_float
from intimacy_dynamics.frontend import constants_module

__all__ = [
    "COUPLE_OUTPUT",
    "COUPLE_READOUT",
    "DISTANT",
    "INTIMATE",
    "LATE",
    "READOUT_WATCHED",
    "TIPPING",
    "VERDICTS",
    "Ending",
    "classify_ending",
    "couple_readout",
    "ending_of",
    "ending_rules",
    "ending_rules_module",
]

#: The couple's long-run intimacy above which it is called intimate ...
INTIMATE = 0.4
#: ... and below which distant; in between it is moderately intimate.
DISTANT = 0.15
#: Which way a couple leans, for basin maps and tipping points: the middle of the two.
TIPPING = (INTIMATE + DISTANT) / 2
#: "Long-run" is the mean over this last share of a run ...
LATE = 0.25
#: ... of this output of the model: the couple's intimacy, the mean of the partners'.
COUPLE_OUTPUT = "couple_intimacy"

#: The verdict on a couple, by the kind of its :class:`Ending`.
VERDICTS = {
    "intimate": "The couple is heading for an <b>intimate</b> relationship ({intimacy:.2f}).",
    "distant": "The couple is heading for a <b>distant</b> relationship ({intimacy:.2f}).",
    "in between": "The couple ends <b>moderately</b> intimate ({intimacy:.2f}).",
}
#: The lab's readout: the verdict, then where the run is heading (the general outcome of
#: :func:`~intimacy_dynamics.analysis.wording.outcome_text`) ...
COUPLE_READOUT = "{verdict} {outcome}"
#: ... reported for these quantities.
READOUT_WATCHED = ("closeness_A", "intimacy_A", "intimacy_B")


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
    return ending_of(float(np.mean(np.asarray(run[COUPLE_OUTPUT])[late])))


def couple_readout(ending: Ending, outcome: str) -> str:
    """The lab's readout: the verdict on ``ending``, then the sentence ``outcome``.

    Examples
    --------
    >>> couple_readout(ending_of(0.125), "<b>Settled</b> ...")
    'The couple is heading for a <b>distant</b> relationship (0.12). <b>Settled</b> ...'
    """
    verdict = fill(VERDICTS[ending.kind], intimacy=ending.intimacy)
    return fill(COUPLE_READOUT, verdict=verdict, outcome=outcome)


def ending_rules() -> dict:
    """The cut-offs and the wording of the couple's verdict, as data for JavaScript.

    Examples
    --------
    >>> rules = ending_rules()
    >>> rules["intimate"], rules["distant"], rules["late"], rules["output"]
    (0.4, 0.15, 0.25, 'couple_intimacy')
    """
    return {
        "output": COUPLE_OUTPUT,
        "intimate": INTIMATE,
        "distant": DISTANT,
        "late": LATE,
        "verdicts": VERDICTS,
        "readout": COUPLE_READOUT,
        "watched": list(READOUT_WATCHED),
    }


def ending_rules_module() -> str:
    """The ES module ``ending_rules.js``: ``ENDING_RULES``, :func:`ending_rules` printed."""
    return constants_module("ENDING_RULES", ending_rules(), "intimacy_dynamics.intimacy.endings")
