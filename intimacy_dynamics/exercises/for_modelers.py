"""Self-checks for lesson 07, "For modelers": equilibria, continuation, sensitivity, fits.

Every expected answer is computed from the model with the analysis toolkit (cached), so
the checks stay true if the model changes. The lesson's couple is the guarded couple of
P05 (``P05_guarded_high_trust``); its fit uses :func:`synthetic_diary`, a noisy daily
diary simulated from known parameter values (:data:`DIARY_TRUTH`).

A check returns at once, without computing anything, while the answer is still ``...``.
"""

from __future__ import annotations

from functools import cache

import numpy as np

from intimacy_dynamics.analysis import continuation, equilibria, fit, sensitivity
from intimacy_dynamics.exercises.feedback import (
    Feedback,
    check_choice,
    check_number,
    check_sign,
    unanswered,
)
from intimacy_dynamics.intimacy import catalog
from intimacy_dynamics.intimacy.endings import classify_ending
from intimacy_dynamics.intimacy.phenomena import model
from intimacy_dynamics.simulation.simulate import simulate
from intimacy_dynamics.widgets.common import PredictThenReveal

__all__ = [
    "DIARY_TRUTH",
    "GUARDED",
    "KINDS",
    "PAST_FOLD_MARGIN",
    "PULL",
    "THRESHOLD_OUTCOMES",
    "THRESHOLD_SWEEP",
    "check_differentiation_effect",
    "check_equilibria_past_the_fold",
    "check_fitted_time_scale",
    "check_middle_equilibrium",
    "check_tipping_threshold",
    "guarded_folds",
    "past_the_fold",
    "predict_intimacy_pull",
    "predict_threshold",
    "synthetic_diary",
]

#: How close an answer to exercise 3 (the tipping threshold) must come to the model's.
THRESHOLD_TOLERANCE = 0.02
#: The lesson's couple: guarded (fearful, reluctant), starting with high trust.
GUARDED = "P05_guarded_high_trust"
#: The range of disclosure thresholds continuation sweeps: from a threshold so high that
#: only the distant state exists, downward, so the branch starts on a state that is there.
THRESHOLD_SWEEP = (1.2, -0.3)
#: How far past the upper fold exercise 1 and the threshold prediction set the threshold.
PAST_FOLD_MARGIN = 0.05
#: The kinds of equilibria a student can choose from.
KINDS = ("stable node", "stable focus", "saddle", "unstable node", "unstable focus", "center")
#: The parameter values the synthetic diary is simulated with (the fit should find them).
DIARY_TRUTH = {"partner_disclosure_weight": 2.0, "tau_intimacy": 10.0}
#: The lesson's extension: its new parameter, and the value its prediction tries.
PULL_PARAMETER = "intimacy_pull"
PULL = 0.5


def _guarded_params(**changes: float) -> dict[str, float]:
    return {**catalog.load(GUARDED).params, **changes}


# --------------------------------------------------------------- continuation
@cache
def guarded_folds() -> tuple[float, ...]:
    """The disclosure thresholds at which the guarded couple's states meet and vanish.

    Continuation from a high threshold (only the distant state) downward: the branch
    turns back at one fold and forward again at the other, an S. Between the two folds
    the couple is bistable (P05).

    Examples
    --------
    >>> low, high = guarded_folds()
    >>> default = model().param_specs["disclosure_threshold"].default
    >>> bool(low < default < high)
    True
    """
    branch = continuation(model(), _guarded_params(), "disclosure_threshold", THRESHOLD_SWEEP)
    return tuple(sorted(point.value for point in branch.folds))


def _upper_fold() -> float:
    """The threshold at which the guarded couple's intimate state vanishes."""
    return guarded_folds()[-1]


def _default_threshold() -> float:
    """The guarded couple's disclosure threshold as the catalog runs it."""
    return model().params(_guarded_params())["disclosure_threshold"]


def past_the_fold() -> float:
    """A disclosure threshold just past the upper fold: only the distant state is left.

    Examples
    --------
    >>> bool(past_the_fold() > guarded_folds()[-1])
    True
    """
    return round(_upper_fold() + PAST_FOLD_MARGIN, 2)


# ----------------------------------------------------------------- equilibria
@cache
def _equilibria(threshold: float | None = None):
    changes = {} if threshold is None else {"disclosure_threshold": threshold}
    return equilibria(model(), _guarded_params(**changes))


def check_equilibria_past_the_fold(answer) -> Feedback:
    """Exercise 1: how many equilibria the guarded couple has past the upper fold.

    Parameters
    ----------
    answer : int
        The number of equilibria (stable and unstable) with ``disclosure_threshold``
        at :func:`past_the_fold`.

    Examples
    --------
    >>> check_equilibria_past_the_fold(...)
    No answer yet: Replace the ... with your answer and run the cell again.
    """
    if (empty := unanswered(answer)) is not None:
        return empty
    past = past_the_fold()
    return check_number(
        answer,
        expected=len(_equilibria(past)),
        tolerance=0,
        what="The number of equilibria",
        hint=(
            f"Find {past:g} on the horizontal axis of the continuation diagram and count the "
            "branches above it, dashed ones too; or run equilibria() with "
            f"disclosure_threshold={past:g}."
        ),
    )


def check_middle_equilibrium(answer) -> Feedback:
    """Exercise 2: the kind of the equilibrium between the guarded couple's two states.

    Parameters
    ----------
    answer : str
        One of :data:`KINDS`.

    Examples
    --------
    >>> check_middle_equilibrium(...)
    No answer yet: Replace the ... with your answer and run the cell again.
    """
    if (empty := unanswered(answer)) is not None:
        return empty
    unstable = [point for point in _equilibria() if not point.stable]
    expected = unstable[0].kind if unstable else "none"
    return check_choice(
        answer,
        _kind_of(expected),
        KINDS,
        explanation=(
            f"It is a {expected}, with one unstable direction: it sits on the boundary "
            "between the two basins and sends couples to one side or the other."
        ),
        hint=(
            "Read the printed list of equilibria: the one that is not stable lies between "
            "the distant and the intimate state. How many eigenvalues have positive real part?"
        ),
    )


def _kind_of(kind: str) -> str:
    """The coarse kind a student names: a saddle-focus is a saddle (one way out)."""
    return "saddle" if kind.startswith("saddle") else kind


def check_tipping_threshold(answer) -> Feedback:
    """Exercise 3: the disclosure threshold above which the trusting couple cannot stay intimate.

    Parameters
    ----------
    answer : float
        The value of ``disclosure_threshold`` (within 0.02).

    Examples
    --------
    >>> check_tipping_threshold(...)
    No answer yet: Replace the ... with your answer and run the cell again.
    """
    if (empty := unanswered(answer)) is not None:
        return empty
    return check_number(
        answer,
        expected=_upper_fold(),
        tolerance=THRESHOLD_TOLERANCE,
        what="The tipping threshold",
        hint=(
            "The intimate branch ends at a fold (F) in the continuation diagram: read its "
            "position, or move the disclosure-threshold slider of the lab until the couple "
            "starting at high trust ends distant."
        ),
    )


#: The choices of the prediction on raising the guarded couple's threshold past the fold.
THRESHOLD_OUTCOMES = (
    "intimacy falls a little",
    "intimacy collapses to the distant state",
    "nothing changes",
)


@cache
def _threshold_outcome() -> str:
    """What raising the disclosure threshold past the fold does to the trusting couple."""
    scenario = catalog.load(GUARDED)
    before, after = (
        classify_ending(scenario.run(model(), params={"disclosure_threshold": value}))
        for value in (_default_threshold(), past_the_fold())
    )
    if after.kind == "distant":
        return THRESHOLD_OUTCOMES[1]
    return (
        THRESHOLD_OUTCOMES[0] if before.intimacy - after.intimacy > 0.01 else THRESHOLD_OUTCOMES[2]
    )


def predict_threshold(lab) -> PredictThenReveal:
    """Predict, then reveal: the trusting guarded couple's threshold rises past the fold.

    Revealing moves the lab's disclosure-threshold slider to :func:`past_the_fold`, so
    its plots show the answer. The answer is simulated, and the explanation quotes the
    fold found by continuation.
    """
    past = past_the_fold()
    return PredictThenReveal(
        f"The threshold rises from {_default_threshold():g} to {past:g}. What happens to "
        "this trusting couple?",
        THRESHOLD_OUTCOMES,
        _threshold_outcome(),
        f"The intimate equilibrium ends at the fold F (threshold {_upper_fold():.3f}); past "
        "it the couple can only slide to the state that is left.",
        on_reveal=lambda: lab.set(disclosure_threshold=past),
    )


#: The choices of the prediction on the lesson's extension, by where the couple ends.
PULL_OUTCOMES = (
    "it still ends distant",
    "it ends moderately intimate",
    "it ends intimate",
)


def _verdict(run) -> str:
    """Distant, moderate or intimate: the couple's ending (:func:`classify_ending`)."""
    kind = classify_ending(run).kind
    return PULL_OUTCOMES[("distant", "in between", "intimate").index(kind)]


def predict_intimacy_pull(lab, value: float = PULL) -> PredictThenReveal:
    """Predict, then reveal: the lab's couple with the extension's pull raised to ``value``.

    The lab shows a model with an :data:`PULL_PARAMETER` (the lesson's subclass); the
    answer is its own scenario simulated with the new value, and revealing moves the
    lab's slider there.
    """
    before = _verdict(lab.trajectory)
    after = _verdict(lab.scenario().run(lab.model, params={PULL_PARAMETER: value}))
    explanation = (
        f"With no pull the couple {before.removeprefix('it ')}; with a pull of {value:g} "
        f"{after}. "
        "The new term is a gain times felt intimacy, and a distant couple has almost "
        "none: a pull on nothing moves nothing, until it is strong enough to tip the loop."
    )
    return PredictThenReveal(
        f"This couple starts with low trust and ends distant. Felt intimacy now invites "
        f"disclosure: {PULL_PARAMETER} rises from 0 to {value:g}. Where does the couple end?",
        PULL_OUTCOMES,
        after,
        explanation,
        on_reveal=lambda: lab.set(**{PULL_PARAMETER: value}),
    )


# ---------------------------------------------------------------- sensitivity
@cache
def _differentiation_effect() -> float:
    """The range-scaled effect of A's differentiation on A's long-run intimacy."""
    scenario = catalog.load(GUARDED)
    result = sensitivity(
        model(),
        scenario.params,
        "intimacy_A",
        names=["differentiation_A"],
        y0=scenario.y0,
        t_span=scenario.t_span,
    )
    return float(result.range_scaled[0])


def check_differentiation_effect(answer) -> Feedback:
    """Exercise 4: the direction in which A's differentiation moves A's long-run intimacy.

    Parameters
    ----------
    answer : str or float
        ``"up"``, ``"down"`` or ``"none"`` (or a signed number).

    Examples
    --------
    >>> check_differentiation_effect(...)
    No answer yet: Replace the ... with your answer and run the cell again.
    """
    if (empty := unanswered(answer)) is not None:
        return empty
    return check_sign(
        answer,
        _differentiation_effect(),
        what="A's long-run intimacy, as A's differentiation rises,",
        hint=(
            "Find differentiation_A in the sensitivity bar chart: bars to the right raise "
            "the outcome, bars to the left lower it."
        ),
    )


# -------------------------------------------------------------------- fitting
def synthetic_diary(days: int = 42, noise: float = 0.03, seed: int = 7) -> dict[str, np.ndarray]:
    """A daily diary of both partners' felt intimacy, simulated and blurred with noise.

    The couple has the default parameters except :data:`DIARY_TRUTH`; each daily rating
    gets independent Gaussian measurement error. This is the kind of data the
    daily-diary studies collect (Laurenceau, Barrett & Rovine 2005: 42 days).

    Parameters
    ----------
    days : int
        Number of daily observations after day 0.
    noise : float
        Standard deviation of the measurement error.
    seed : int
        Seed of the random generator (the same seed gives the same diary).

    Returns
    -------
    dict
        ``{"t": days, "intimacy_A": ..., "intimacy_B": ...}``, ready for
        :func:`~intimacy_dynamics.analysis.fit`.

    Examples
    --------
    >>> diary = synthetic_diary()
    >>> sorted(diary), diary["t"][:3]
    (['intimacy_A', 'intimacy_B', 't'], array([0., 1., 2.]))
    """
    t = np.arange(days + 1, dtype=float)
    run = simulate(model(), (0.0, t[-1]), DIARY_TRUTH, t_eval=t, rtol=1e-9, atol=1e-11)
    rng = np.random.default_rng(seed)
    diary = {"t": t}
    for name in ("intimacy_A", "intimacy_B"):
        diary[name] = run[name] + rng.normal(0.0, noise, t.size)
    return diary


@cache
def _diary_fit():
    """The fit of :data:`DIARY_TRUTH`'s parameters to :func:`synthetic_diary`."""
    return fit(model(), synthetic_diary(), free=list(DIARY_TRUTH))


def check_fitted_time_scale(answer) -> Feedback:
    """Exercise 5: the estimate of ``tau_intimacy``, to within its standard error.

    Parameters
    ----------
    answer : float
        The fitted time scale of intimacy, in days.

    Examples
    --------
    >>> check_fitted_time_scale(...)
    No answer yet: Replace the ... with your answer and run the cell again.
    """
    if (empty := unanswered(answer)) is not None:
        return empty
    result = _diary_fit()
    estimate = result.estimates["tau_intimacy"]
    error = result.standard_errors["tau_intimacy"]
    feedback = check_number(
        answer,
        expected=estimate,
        tolerance=error,
        what="The fitted time scale",
        hint="Read result.estimates['tau_intimacy'] (days); anything within one standard "
        "error of it is as good as the estimate.",
    )
    if not feedback.correct:
        return feedback
    truth = DIARY_TRUTH["tau_intimacy"]
    inside = abs(estimate - truth) <= 2 * error
    verdict = "inside" if inside else "outside"
    return Feedback(
        True,
        f"{feedback.message} The diary was simulated with {truth:g} days, {verdict} the "
        f"estimate ± 2 standard errors ({estimate - 2 * error:.1f} to "
        f"{estimate + 2 * error:.1f}).",
    )
