"""Self-checks and predictions for ``06_difficulties_and_wellbeing.ipynb``: P13 to P15.

Instant intimacy (P13), fear of intimacy and loneliness (P14), and stress buffering
(P15). Every expected answer is computed from the model (the phenomena's own
measurements and :func:`~intimacy_dynamics.intimacy.phenomena.stress_response`),
once per session, and a check computes only when a student has answered. The
``predict_...`` functions build the lesson's predict-then-reveal steps, whose right
answers also come from the model.
"""

from __future__ import annotations

from functools import cache

import numpy as np

from intimacy_dynamics.exercises.feedback import (
    Feedback,
    check_choice,
    check_number,
    check_order,
    check_sign,
    unanswered,
)
from intimacy_dynamics.intimacy import catalog, phenomena
from intimacy_dynamics.intimacy.phenomena import stress_response
from intimacy_dynamics.widgets.common import PredictThenReveal

__all__ = [
    "check_buffering_crossover",
    "check_fearful_loneliness",
    "check_instant_or_gradual",
    "check_order_without_buffering",
    "check_stress_and_intimacy",
    "predict_attempts",
    "predict_differentiation",
    "predict_stress",
    "predict_without_buffering",
]

#: A's differentiation in the prediction of P13 (the instant seeker's is much lower).
SOLID_SELF = 0.75
#: The couples of the explorer, by the short names students answer with.
COUPLES = {
    "intimate": phenomena.STRESS_COUPLES["Intimate couple"],
    "distant": phenomena.STRESS_COUPLES["Distant couple"],
}


# ------------------------------------------------------------ model answers (cached)
@cache
def _p13() -> dict:
    return phenomena.p13()


@cache
def _p14() -> dict:
    return phenomena.p14()


@cache
def _rise(couple: str, buffering: float | None = None) -> float:
    """How far the stressed partner's distress rises in a P15 couple."""
    name = COUPLES[couple]
    params = dict(catalog.load(name).params)
    if buffering is not None:
        params["buffering"] = buffering
    run = phenomena.run(name, params=params, n_points=2001)
    return stress_response(run, _stress_start()).rise


#: How long after an attempt ends the prediction on P14 looks at A's willingness again.
AFTER_ATTEMPT_DAYS = 3.0


def _stress_start() -> float:
    return catalog.load(COUPLES["intimate"]).inputs["stress_A"].start


@cache
def _intimacy_change_from_stress() -> float:
    """The stress event's largest effect on the intimate couple's intimacy (0 if none)."""
    name = COUPLES["intimate"]
    stressed = phenomena.run(name, n_points=2001)
    calm = phenomena.run(name, inputs=None, n_points=2001)  # the same couple, no stress
    change = stressed["intimacy_A"] - calm["intimacy_A"]
    largest = float(change[np.argmax(np.abs(change))])
    return largest if abs(largest) > 1e-3 else 0.0


@cache
def _crossover() -> float:
    """The smallest buffering at which the intimate couple's distress rises less."""

    def protected(buffering: float) -> bool:
        return _rise("intimate", buffering) < _rise("distant", buffering)

    low, high = 0.0, 1.0
    if protected(low) or not protected(high):
        return low if protected(low) else high
    for _ in range(10):
        middle = round(0.5 * (low + high), 6)
        low, high = (low, middle) if protected(middle) else (middle, high)
    return high


# ------------------------------------------------------------------------- checks
def check_instant_or_gradual(answer) -> Feedback:
    """Exercise 1: say which seeker, "instant" or "gradual", ends with more intimacy.

    Examples
    --------
    >>> check_instant_or_gradual(...)
    No answer yet: Replace the ... with your answer and run the cell again.
    >>> check_instant_or_gradual("sudden").correct
    False
    """
    if (empty := unanswered(answer)) is not None:
        return empty
    r = _p13()
    expected = "gradual" if r["gradual_intimacy"] > r["instant_intimacy"] else "instant"
    return check_choice(
        answer,
        expected,
        ["instant", "gradual"],
        explanation=(
            f"Long-run intimacy: gradual {r['gradual_intimacy']:.2f}, instant "
            f"{r['instant_intimacy']:.2f}. The instant seeker's sense of self fell to "
            f"{r['instant_min_self']:.2f}; the gradual seeker's never fell "
            f"below {r['gradual_min_self']:.2f}."
        ),
        hint="Read A's intimacy at day 300 in the instant-intimacy run, then choose the "
        "preset 'P13 · gradual escalation' and read it again.",
    )


def check_fearful_loneliness(answer) -> Feedback:
    """Exercise 2: the fearful person's loneliness after the four attempts (a number).

    Examples
    --------
    >>> check_fearful_loneliness(...).correct is None
    True
    >>> check_fearful_loneliness(0.0).correct
    False
    """
    if (empty := unanswered(answer)) is not None:
        return empty
    r = _p14()
    feedback = check_number(
        answer,
        r["loneliness"],
        0.05,
        what="A's loneliness",
        hint="In the fear-of-intimacy lab, read A's loneliness over the last 50 days "
        "(days 150 to 200), after the last attempt.",
    )
    if feedback.correct:
        return Feedback(
            True,
            f"{feedback.message} A reference person with the same partner ends at "
            f"{r['reference_loneliness']:.2f}: the fearful person is "
            f"{r['loneliness'] / r['reference_loneliness']:.1f} times as lonely.",
        )
    return feedback


def check_stress_and_intimacy(answer) -> Feedback:
    """Exercise 3: say whether the stress event changes the intimate couple's intimacy.

    Answer "up", "down" or "none".

    Examples
    --------
    >>> check_stress_and_intimacy("sideways").correct
    False
    """
    if (empty := unanswered(answer)) is not None:
        return empty
    effect = _intimacy_change_from_stress()
    feedback = check_sign(
        answer,
        effect,
        what="Intimacy",
        hint="Look at the middle panel of the explorer while the grey stress block is on.",
    )
    if feedback.correct and effect == 0:
        return Feedback(
            True,
            "Intimacy does not change. In this model distress acts on nothing else: it "
            "raises loneliness, but it never lowers trust, disclosure or intimacy.",
        )
    return feedback


def check_order_without_buffering(answer) -> Feedback:
    """Exercise 4: with buffering off, order the couples by the rise of distress.

    Give a list, smallest rise first, e.g. ``["intimate", "distant"]``.

    Examples
    --------
    >>> check_order_without_buffering(["intimate"]).correct
    False
    """
    if (empty := unanswered(answer)) is not None:
        return empty
    expected = sorted(COUPLES, key=lambda couple: _rise(couple, 0.0))
    return check_order(
        answer,
        expected,
        what="The order of the rises",
        hint="Set Stress buffering to 0 in the explorer and compare the 'rise of "
        "distress' column of the readout.",
    )


def check_buffering_crossover(answer) -> Feedback:
    """Exercise 5: the smallest buffering at which the intimate couple is protected.

    Examples
    --------
    >>> check_buffering_crossover(...).correct is None
    True
    >>> check_buffering_crossover("half").correct
    False
    """
    if (empty := unanswered(answer)) is not None:
        return empty
    return check_number(
        answer,
        _crossover(),
        0.05,
        what="The buffering",
        hint="Move Stress buffering down from 0.8 in small steps and watch the sentence "
        "under the table: where does 'is buffered' turn into 'not protected'?",
    )


# ---------------------------------------------------------------- predictions
SELF_OPTIONS = (
    "It falls just as far as before",
    "It falls, but less far",
    "It hardly falls at all",
)
ATTEMPT_OPTIONS = (
    "It stays open: each attempt builds on the last",
    "It falls part of the way back",
    "It falls back to almost nothing",
)
COUPLE_OPTIONS = ("The intimate couple's", "The distant couple's", "About the same")


@cache
def _lowest_self(differentiation: float | None = None) -> float:
    name = "P13_instant_intimacy"
    params = dict(catalog.load(name).params)
    if differentiation is not None:
        params["differentiation_A"] = differentiation
    return float(phenomena.run(name, params=params, n_points=1201)["sense_of_self_A"].min())


def predict_differentiation(lab=None) -> PredictThenReveal:
    """Predict the instant seeker's sense of self with a solid self; reveal it in ``lab``.

    Parameters
    ----------
    lab : IntimacyLab, optional
        The lab showing ``P13_instant_intimacy``: locking the prediction in raises A's
        differentiation there.

    Examples
    --------
    >>> predict_differentiation().answer in SELF_OPTIONS
    True
    """
    scenario, model = catalog.load("P13_instant_intimacy"), phenomena.model()
    start = dict(zip(model.state_names, model.initial_state(scenario.y0), strict=True))
    own = scenario.params["differentiation_A"]
    before = start["sense_of_self_A"] - _lowest_self()
    after = start["sense_of_self_A"] - _lowest_self(SOLID_SELF)
    share = after / before if before > 0 else 1.0
    answer = SELF_OPTIONS[0 if share > 0.75 else 1 if share > 0.25 else 2]
    explanation = (
        f"With differentiation {own:g}, A's sense of self falls to {_lowest_self():.2f}; with "
        f"{SOLID_SELF}, only to {_lowest_self(SOLID_SELF):.2f}. Closeness erodes the self in "
        "proportion to (1 - differentiation) squared: a solid self can be close without "
        "dissolving."
    )
    return PredictThenReveal(
        f"A overshares exactly as before, but A's differentiation is {SOLID_SELF} instead "
        f"of {own:g}. How far does A's sense of self fall now?",
        SELF_OPTIONS,
        answer,
        explanation,
        on_reveal=None if lab is None else lambda: lab.set(differentiation_A=SOLID_SELF),
    )


def predict_attempts() -> PredictThenReveal:
    """Predict what a fearful person's disclosure does after each attempt to open up.

    Examples
    --------
    >>> predict_attempts().answer in ATTEMPT_OPTIONS
    True
    """
    r = _p14()
    run = phenomena.run("P14_fear_of_intimacy", n_points=2001)
    later = catalog.ATTEMPT_DAYS + AFTER_ATTEMPT_DAYS
    after = [
        float(run["disclosure_A"][np.searchsorted(run.t, s + later)]) for s in catalog.ATTEMPTS
    ]
    kept = max(after) / min(r["attempt_peaks"])
    answer = ATTEMPT_OPTIONS[0 if kept > 0.8 else 1 if kept > 0.1 else 2]
    trust = float(run["trust_A"][run.t > catalog.ATTEMPTS[0]].max())
    explanation = (
        f"Each attempt opens A up to about {min(r['attempt_peaks']):.1f} for "
        f"{catalog.ATTEMPT_DAYS:g} days; {AFTER_ATTEMPT_DAYS:g} days later it is down to "
        f"{max(after):.3f} at most. A's trust never rises "
        f"above {trust:.2f}, far below what A's fears demand, so the door shuts again as "
        "soon as the fear returns."
    )
    return PredictThenReveal(
        f"A tries to open up {len(catalog.ATTEMPTS)} times, for {catalog.ATTEMPT_DAYS:g} days "
        "each time. What does A's willingness to disclose do after each attempt?",
        ATTEMPT_OPTIONS,
        answer,
        explanation,
    )


def _couple_answer(buffering: float | None) -> str:
    difference = _rise("intimate", buffering) - _rise("distant", buffering)
    return COUPLE_OPTIONS[2 if abs(difference) < 0.02 else 0 if difference > 0 else 1]


def predict_stress() -> PredictThenReveal:
    """Predict whose distress rises more when the same stress hits both couples.

    Examples
    --------
    >>> predict_stress().answer in COUPLE_OPTIONS
    True
    """
    return PredictThenReveal(
        "The same three-day stress hits partner A in an intimate couple and in a distant "
        "couple. Whose distress rises more above its usual level?",
        COUPLE_OPTIONS,
        _couple_answer(None),
        f"In the model, A's distress rises by {_rise('intimate'):.2f} in the intimate "
        f"couple and by {_rise('distant'):.2f} in the distant one: felt intimacy softens "
        "the blow and speeds the recovery.",
    )


def predict_without_buffering(explorer=None) -> PredictThenReveal:
    """Predict the rises with buffering switched off; reveal it in ``explorer``.

    Examples
    --------
    >>> predict_without_buffering().answer in COUPLE_OPTIONS
    True
    """
    answer = _couple_answer(0.0)
    explanation = (
        f"Without buffering, A's distress rises by {_rise('intimate', 0.0):.2f} in the "
        f"intimate couple and by {_rise('distant', 0.0):.2f} in the distant one."
    )
    if answer == COUPLE_OPTIONS[0]:
        explanation += (
            " The distant couple is not protected: it starts more distressed (the distress "
            "of loneliness), so it has less room to rise. Compare the peaks, not only the "
            "rises."
        )
    return PredictThenReveal(
        "Now switch Stress buffering off (0). Whose distress rises more above its usual level?",
        COUPLE_OPTIONS,
        answer,
        explanation,
        on_reveal=None if explorer is None else lambda: explorer.set(buffering=0.0),
    )
