"""Self-checks for ``09_from_model_to_study.ipynb``: a virtual diary and two experiments.

The lesson runs the field's studies on the model: a daily diary of :data:`DIARY_COUPLES`
couples over :data:`DIARY_DAYS` days, analysed with multilevel models, and the
turn-taking and fast-friends experiments with :data:`PAIRS` pairs per condition. Every
expected answer is computed from the same studies (same seeds) the first time a check
runs, and cached, so the answers are the numbers the notebook's tables show.
"""

from __future__ import annotations

from functools import cache

from intimacy_dynamics.exercises.feedback import Feedback, check_choice, check_number
from intimacy_dynamics.intimacy import catalog, phenomena
from intimacy_dynamics.intimacy.endings import classify_ending
from intimacy_dynamics.studies import (
    analyse_diary,
    diary_study,
    fast_friends,
    turn_taking_experiment,
)
from intimacy_dynamics.widgets.common import PredictThenReveal

__all__ = [
    "DIARY_COUPLES",
    "DIARY_DAYS",
    "PAIRS",
    "SEED",
    "check_fast_friends_d",
    "check_indirect_share",
    "check_one_way_liking",
    "check_stronger_predictor",
    "diary",
    "diary_analysis",
    "friends",
    "predict_mediation",
    "predict_noisy_days",
    "predict_turn_taking",
    "turns",
]

#: The lesson's diary: as many couples and days as Laurenceau, Barrett & Rovine (2005).
DIARY_COUPLES, DIARY_DAYS = 100, 42
#: Pairs per condition in the lesson's experiments.
PAIRS = 300
#: One seed for every study of the lesson.
SEED = 0
#: The noisy days of the lesson's lab: the guarded couple that starts trusting, at this
#: noise intensity (1/sqrt(day)), on the days of seeds 0 to ``NOISY_SEEDS - 1``.
NOISY_COUPLE, NOISE, NOISY_SEEDS = "P05_guarded_high_trust", 0.6, 8


@cache
def noisy_endings() -> tuple[str, ...]:
    """How the lesson's couple ends on each of its noisy seeds (``"intimate"``...)."""
    model = phenomena.model()
    scenario = catalog.load(NOISY_COUPLE)
    noise = dict.fromkeys(model.noise_names, NOISE)
    return tuple(
        classify_ending(scenario.run(model, noise=noise, seed=seed, n_points=201)).kind
        for seed in range(NOISY_SEEDS)
    )


_NOISY = {
    "always": "It stays intimate on every run",
    "sometimes": "Some runs tip it out, to a distant end",
    "never": "It always ends distant",
}


def predict_noisy_days(lab=None) -> PredictThenReveal:
    """Predict whether day-to-day noise can tip the trusting guarded couple out of intimacy.

    On reveal, ``lab`` (an :class:`~intimacy_dynamics.widgets.IntimacyLab` of the
    couple) turns the noise on, at the first seed whose run tips, if any.

    Examples
    --------
    >>> step = predict_noisy_days()
    >>> step.answer in step.choice.options
    True
    """
    ends = noisy_endings()
    distant = [seed for seed, end in enumerate(ends) if end == "distant"]
    if not distant:
        answer = _NOISY["always"]
    else:
        answer = _NOISY["never" if len(distant) == len(ends) else "sometimes"]

    def reveal():
        if lab is not None:
            lab.set(noise=NOISE, seed=distant[0] if distant else 0)

    return PredictThenReveal(
        f"The guarded couple that starts trusting ends intimate without noise. Now its "
        f"days waver (noise {NOISE:g}). On {NOISY_SEEDS} runs with different days, where "
        "does it end?",
        list(_NOISY.values()),
        answer,
        f"{len(distant)} of the {NOISY_SEEDS} runs tip to the distant end. The couple has "
        "two attractors, and a run of bad days can carry it across the boundary between "
        "them; without noise it never crosses. Press New days in the lab to see others.",
        on_reveal=reveal,
    )


@cache
def diary():
    """The lesson's diary (:func:`~intimacy_dynamics.studies.diary_study`)."""
    return diary_study(DIARY_COUPLES, DIARY_DAYS, seed=SEED)


@cache
def diary_analysis():
    """The lesson's diary, analysed (:func:`~intimacy_dynamics.studies.analyse_diary`)."""
    return analyse_diary(diary(), seed=SEED)


@cache
def turns():
    """The lesson's turn-taking experiment."""
    return turn_taking_experiment(PAIRS, seed=SEED)


@cache
def friends():
    """The lesson's fast-friends experiment."""
    return fast_friends(PAIRS, seed=SEED)


_MEDIATION = {
    "none": "No: the indirect effect is zero",
    "partial": "Partly: an indirect effect, and a direct effect remains",
    "full": "Fully: no direct effect remains",
}


def _mediation_kind(analysis) -> str:
    row = analysis.indirect("disclosure")
    direct = analysis.effect("disclosure_w", "b path")
    if row.indirect_low <= 0 <= row.indirect_high:
        return "none"
    return "full" if direct.ci_low <= 0 <= direct.ci_high else "partial"


def predict_mediation() -> PredictThenReveal:
    """Predict whether perceived responsiveness carries disclosure's effect on intimacy.

    Examples
    --------
    >>> step = predict_mediation()
    >>> step.answer in step.choice.options
    True
    """
    analysis = diary_analysis()
    row = analysis.indirect("disclosure")
    return PredictThenReveal(
        "In the model, one's own disclosure builds intimacy directly, and also through "
        "feeling understood (perceived responsiveness). Does the diary's analysis find that "
        "responsiveness carries the effect of a day's disclosure on that day's intimacy?",
        list(_MEDIATION.values()),
        _MEDIATION[_mediation_kind(analysis)],
        f"The indirect effect a·b is {row.indirect:.4f} (95 % interval {row.indirect_low:.4f} "
        f"to {row.indirect_high:.4f}); it is {row.share:.0%} of the total, and the direct "
        f"effect {row.direct:.4f} remains. Laurenceau et al. (1998) found the same partial "
        "mediation in people's diaries.",
    )


def check_indirect_share(answer) -> Feedback:
    """Exercise 1: the share of own disclosure's effect that goes through responsiveness.

    Examples
    --------
    >>> check_indirect_share(0.9).correct
    False
    """
    return check_number(
        answer,
        diary_analysis().indirect("disclosure").share,
        tolerance=0.01,
        what="The indirect share",
        hint="In the mediation table, read the column 'share' in the row of 'disclosure'.",
    )


def check_stronger_predictor(answer) -> Feedback:
    """Exercise 2: which predicts a day's intimacy more, own or partner disclosure.

    Examples
    --------
    >>> check_stronger_predictor("both").correct
    False
    """
    analysis = diary_analysis()
    own = analysis.effect("disclosure_w").estimate
    partner = analysis.effect("partner_disclosure_w").estimate
    return check_choice(
        answer,
        "own" if own > partner else "partner",
        ["own", "partner"],
        explanation=f"On a day one discloses a point more than usual, intimacy is {own:.3f} "
        f"higher; on a day the partner does, {partner:.3f} higher.",
        hint="In the table, model 'total', compare the estimates of 'disclosure_w' and "
        "'partner_disclosure_w' (the within-person effects).",
    )


def _turn_taking_kind(result) -> str:
    found = [
        measure
        for measure in ("closeness", "liking")
        if result.contrast(measure, "turn-taking", "extended").ci_low > 0
    ]
    return {2: "both", 0: "neither"}.get(len(found), found[0] if found else "neither")


_TURNS = {
    "both": "Yes, on closeness and on liking",
    "liking": "Only on liking",
    "closeness": "Only on closeness",
    "neither": "No: the differences are within chance",
}


def predict_turn_taking() -> PredictThenReveal:
    """Predict whether the virtual experiment reproduces the turn-taking advantage.

    Examples
    --------
    >>> step = predict_turn_taking()
    >>> step.answer in step.choice.options
    True
    """
    result = turns()
    closeness = result.contrast("closeness", "turn-taking", "extended")
    liking = result.contrast("liking", "turn-taking", "extended")
    return PredictThenReveal(
        f"{PAIRS} pairs of strangers per condition. Do pairs who take turns end closer, "
        "and liking each other more, than pairs who disclose in one long turn each, with "
        "95 % intervals that exclude no difference?",
        list(_TURNS.values()),
        _TURNS[_turn_taking_kind(result)],
        f"Cohen's d is {closeness.d:.2f} on closeness (interval {closeness.d_low:.2f} to "
        f"{closeness.d_high:.2f}) and {liking.d:.2f} on liking ({liking.d_low:.2f} to "
        f"{liking.d_high:.2f}), as Sprecher et al. (2013) found. The effect on closeness "
        "is small: with fewer pairs its interval can reach 0.",
    )


def check_one_way_liking(answer) -> Feedback:
    """Exercise 3: in the one-way exchange, who likes the other more.

    Examples
    --------
    >>> check_one_way_liking("nobody").correct
    False
    """
    row = turns().contrast("liking", "listener", "discloser")
    return check_choice(
        answer,
        "listener" if row.difference > 0 else "discloser",
        ["listener", "discloser"],
        explanation="Being confided in builds one's intimacy with the one who confides "
        f"(d = {row.d:.2f} within pairs), as Sprecher et al. (2013) found.",
        hint="In the means table, compare the liking of 'one-way: listener' and "
        "'one-way: discloser'.",
    )


def check_fast_friends_d(answer) -> Feedback:
    """Exercise 4: Cohen's d of fast friends against small talk on closeness.

    Examples
    --------
    >>> check_fast_friends_d(0.0).correct
    False
    """
    return check_number(
        answer,
        friends().contrast("closeness", "fast friends", "small talk").d,
        tolerance=0.02,
        what="Cohen's d",
        hint="In the fast-friends contrasts, read column 'd' in the row of 'closeness'.",
    )
