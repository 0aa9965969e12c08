"""Self-checks for the notebook ``03_cues_and_interpretation`` (phenomena P03 and P04).

Every expected answer is computed from the model on the catalog's P03/P04 scenarios (A
keeps disclosing, as in :func:`intimacy_dynamics.intimacy.phenomena.p03_p04`), never
typed in. The hints point at the preset, slider or bar of the ``CuesExplorer`` to look at.
"""

from __future__ import annotations

from functools import cache

from scipy.optimize import brentq

from intimacy_dynamics.exercises.feedback import (
    Feedback,
    check_choice,
    check_number,
    check_order,
    check_sign,
)
from intimacy_dynamics.intimacy import catalog, phenomena
from intimacy_dynamics.intimacy.phenomena import RESPONSE_CHAIN, response_chain

__all__ = [
    "IMMEDIACY_CASES",
    "check_benefit_of_the_doubt",
    "check_care_reaches_a_negative_reader",
    "check_immediacy_order",
    "check_smirk_perceived",
    "check_where_the_smirk_acts",
]

#: The four immediacy scenarios of P03, by the names the exercise uses.
IMMEDIACY_CASES = {
    "supportive, distant": "P03_supportive_low_immediacy",
    "critical, leaning in": "P03_critical_high_immediacy",
    "supportive, leaning in": "P03_supportive_high_immediacy",
    "critical, distant": "P03_critical_low_immediacy",
}
HELD = "disclosure_A"  # A keeps disclosing in every P03/P04 scenario
PERCEIVED = "perceived_responsiveness_A"
CARING = 0.9  # B's empathic concern in exercise 3 (0.7 by default)
READ_TOLERANCE = 0.03  # how closely a value can be read off the plot or the bars


@cache
def _perceived(name: str) -> float:
    """A's perceived responsiveness at the end of a P03/P04 scenario (as P03/P04 measure it)."""
    return phenomena.p03_p04((name,))[name]


def _perceived_with_changes(name: str, **changes: float) -> float:
    params = {**catalog.load(name).params, **changes}
    run = phenomena.run(name, on=phenomena.holding(HELD), params=params)
    return run.final()[PERCEIVED]


@cache
def _first_stage_to_drop() -> str:
    """The first link of the chain that the smirk lowers by more than 0.1."""
    held = phenomena.holding(HELD)
    kind, smirk = (
        response_chain(phenomena.run(name, on=held))
        for name in ("P03_congruent_cues", "P03_sarcastic_smirk")
    )
    return next(s for s in RESPONSE_CHAIN if smirk[s][-1] < kind[s][-1] - 0.1)


@cache
def _generous_bias() -> tuple[float, float]:
    """The bias that makes A, facing the smirk, feel as understood as with matching cues.

    Returns the bias and the tolerance: the change of bias that moves A's perceived
    responsiveness by :data:`READ_TOLERANCE` there.
    """
    target = _perceived("P03_congruent_cues")
    bias = brentq(
        lambda b: _perceived_with_changes("P03_sarcastic_smirk", interpretation_bias_A=b) - target,
        0.0,
        1.0,
        xtol=1e-4,
    )
    step = 0.02
    slope = (
        _perceived_with_changes("P03_sarcastic_smirk", interpretation_bias_A=bias + step)
        - _perceived_with_changes("P03_sarcastic_smirk", interpretation_bias_A=bias - step)
    ) / (2 * step)
    return bias, READ_TOLERANCE / slope


def check_smirk_perceived(value) -> Feedback:
    """Exercise 1: A's perceived responsiveness at day 10 with the sarcastic smirk.

    Examples
    --------
    >>> check_smirk_perceived(...)
    No answer yet: Replace the ... with your answer and run the cell again.
    >>> check_smirk_perceived(0.9).correct
    False
    """
    return check_number(
        value,
        _perceived("P03_sarcastic_smirk"),
        READ_TOLERANCE,
        what="A's perceived responsiveness",
        hint="Pick the preset 'P03 · Kind words, a sarcastic smirk' and read the bottom bar "
        "(A's perceived responsiveness) or the solid blue line at day 10.",
    )


def check_where_the_smirk_acts(value) -> Feedback:
    """Exercise 2: the first link of the chain the smirk lowers.

    The links are those of :data:`~intimacy_dynamics.intimacy.phenomena.RESPONSE_CHAIN`.

    Examples
    --------
    >>> check_where_the_smirk_acts("perceived").correct
    False
    """
    return check_choice(
        value,
        _first_stage_to_drop(),
        list(RESPONSE_CHAIN),
        explanation="B cares as much as before; the incongruent cue turns the meaning of "
        "the kind words around, so what the response conveys drops, and everything after "
        "it follows.",
        hint="Switch between the presets 'Words and cues agree' and 'Kind words, a sarcastic "
        "smirk' and watch the four bars from the top: which one is the first to drop?",
    )


def check_care_reaches_a_negative_reader(value) -> Feedback:
    """Exercise 3: the effect of more care from B on a partner who reads rejection (P04).

    Examples
    --------
    >>> check_care_reaches_a_negative_reader("down").correct
    False
    """
    change = _perceived_with_changes("P04_negative_reader", empathic_concern_B=CARING) - _perceived(
        "P04_negative_reader"
    )
    return check_sign(
        value,
        change,
        what="A's perceived responsiveness",
        hint=f"Pick the preset 'P04 · A reads rejection in answers', read the bottom bar, then "
        f"set B's empathic concern to {CARING} and read it again.",
    )


def check_immediacy_order(value) -> Feedback:
    """Exercise 4: the four immediacy cases, from least to most perceived responsiveness.

    Examples
    --------
    >>> check_immediacy_order(["supportive, distant"]).correct
    False
    """
    expected = sorted(IMMEDIACY_CASES, key=lambda case: _perceived(IMMEDIACY_CASES[case]))
    return check_order(
        value,
        expected,
        what="The order",
        hint="Load the four presets 'Supportive, leaning in', 'Supportive, distant', "
        "'Critical, leaning in' and 'Critical, distant' and note the bottom bar each time.",
    )


def check_benefit_of_the_doubt(value) -> Feedback:
    """Exercise 5: the bias at which A, facing the smirk, feels as understood as without it.

    Examples
    --------
    >>> check_benefit_of_the_doubt(-0.5).correct
    False
    """
    bias, tolerance = _generous_bias()
    return check_number(
        value,
        bias,
        tolerance,
        what="A's interpretation bias",
        hint="Read the bottom bar with 'Words and cues agree'. Then load 'Kind words, a "
        "sarcastic smirk' and move A's interpretation bias up until the bottom bar is back "
        "at that value.",
    )
