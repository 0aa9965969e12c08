"""Self-checks for ``05_fusion_and_individuation.ipynb``: differentiation, the cycle, fusion.

Every expected answer is computed from the model the first time it is needed (and then
cached): the tipping point by continuation, periods and swings by simulation, the
disagreement and closeness results by the phenomena measurements P11 and P12.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from numbers import Real

from intimacy_dynamics.analysis.cycles import limit_cycle
from intimacy_dynamics.exercises.feedback import (
    Feedback,
    check_choice,
    check_number,
    check_order,
    check_sign,
)
from intimacy_dynamics.intimacy import phenomena
from intimacy_dynamics.intimacy.fusion import both_partners, tipping_point

__all__ = [
    "PERIOD_SETTING",
    "SWING_SETTINGS",
    "TIPPING_TOLERANCE",
    "check_closeness_is_not_intimacy",
    "check_cycle_period",
    "check_fragile_couple",
    "check_swing_order",
    "check_tipping_point",
]

#: The dial setting (both partners' differentiation) whose cycle period is asked for.
PERIOD_SETTING = 0.25
#: The three dial settings to order by how widely closeness swings.
SWING_SETTINGS = (0.2, 0.33, 0.6)
#: How close to the Hopf point an answer to exercise 1 must be.
TIPPING_TOLERANCE = 0.03


@cache
def _cycle(differentiation: float):
    """Partner A's late-time closeness at a dial setting, measured at high accuracy."""
    return limit_cycle(
        both_partners(),
        {"differentiation": differentiation},
        "closeness_A",
        t_span=(0.0, 300.0),
        transient=0.5,
        n_points=3001,
    )


def check_tipping_point(answer) -> Feedback:
    """Exercise 1: the differentiation below which the couple starts to oscillate.

    Correct within :data:`TIPPING_TOLERANCE` of the Hopf point that continuation finds on
    the steady branch.

    Examples
    --------
    >>> check_tipping_point(...)
    No answer yet: Replace the ... with your answer and run the cell again.
    >>> check_tipping_point(0.9).correct
    False
    """
    if answer is Ellipsis or answer is None:
        return check_number(answer, 0.0, 0.0)
    return check_number(
        answer,
        tipping_point().value,
        TIPPING_TOLERANCE,
        what="The tipping point",
        hint="Lower the dial from 0.7 in steps of 0.01 and watch the readout: where does "
        "'Steady' turn into swings? The orange star on the diagram marks the same place.",
    )


def check_cycle_period(answer) -> Feedback:
    """Exercise 2: the period of the cycle, in days, with the dial at ``PERIOD_SETTING``.

    Correct within one day of the period measured by a long, accurate simulation.

    Examples
    --------
    >>> check_cycle_period(...).correct is None
    True
    >>> check_cycle_period(40).correct
    False
    """
    if answer is Ellipsis or answer is None:
        return check_number(answer, 0.0, 0.0)
    return check_number(
        answer,
        _cycle(PERIOD_SETTING).period,
        1.0,
        what="The period",
        hint=f"Set the dial to {PERIOD_SETTING} and read 'one full cycle every ... days' in "
        "the readout, or measure the time from one peak of closeness to the next.",
    )


def check_swing_order(answer: Sequence) -> Feedback:
    """Exercise 3: the settings in ``SWING_SETTINGS``, from the smallest swing to the widest.

    The expected order sorts the settings by the amplitude of closeness measured by
    simulation. Numbers or strings are accepted (``[0.6, 0.33, 0.2]``).

    Examples
    --------
    >>> check_swing_order(["0.2", "0.33", "0.6"]).correct
    False
    """
    if isinstance(answer, Sequence) and not isinstance(answer, str):
        answer = [
            f"{a:g}" if isinstance(a, Real) and not isinstance(a, bool) else a for a in answer
        ]
    expected = [f"{v:g}" for v in sorted(SWING_SETTINGS, key=lambda v: _cycle(v).amplitude)]
    return check_order(
        answer,
        expected,
        what="The order from smallest to widest swing",
        hint="Set the dial to each value in turn and compare where the red diamonds sit on "
        "the diagram: the farther apart, the wider the swing.",
    )


def check_fragile_couple(answer) -> Feedback:
    """Exercise 4: whose intimacy drops further after the same disagreement (P11).

    Answer ``"fused"`` or ``"differentiated"``.

    Examples
    --------
    >>> check_fragile_couple("both").correct
    False
    """
    options = ("fused", "differentiated")
    if not isinstance(answer, str) or answer.strip().lower() not in options:
        return check_choice(answer, options[0], options)
    drops = {label: result["drop"] for label, result in phenomena.p11().items()}
    deeper = max(drops, key=drops.get)
    return check_choice(
        answer,
        deeper,
        options,
        explanation=f"The same disagreement costs the {deeper} couple "
        f"{drops[deeper]:.2f} of intimacy, the other {min(drops.values()):.2f}: a self that "
        "is defined by the partner cannot take much disagreement.",
        hint="In the lab, load the two P11 presets and compare how far intimacy falls "
        "after the disagreement on day 150.",
    )


def check_closeness_is_not_intimacy(answer) -> Feedback:
    """Exercise 5: whether trading self-disclosure for closeness raises intimacy (P12).

    Answer ``"up"``, ``"down"`` or ``"none"``: the change in partner A's long-run
    intimacy from the partner who tolerates separateness to the one who trades
    disclosure for closeness.

    Examples
    --------
    >>> check_closeness_is_not_intimacy("sideways").correct
    False
    """
    if answer is Ellipsis or answer is None:
        return check_sign(answer, 0.0)
    result = phenomena.p12()
    keeps, trades = result["tolerates_separateness"], result["trades_disclosure_for_closeness"]
    feedback = check_sign(
        answer,
        trades["intimacy"] - keeps["intimacy"],
        what="Long-run intimacy",
        hint="Load the two P12 presets in the lab and compare partner A's intimacy (and "
        "sense of self) at the end of the run.",
    )
    if feedback.correct:
        extra = (
            f" The sense of self pays most: {keeps['sense_of_self']:.2f} against "
            f"{trades['sense_of_self']:.2f}."
        )
        return Feedback(True, feedback.message + extra)
    return feedback
