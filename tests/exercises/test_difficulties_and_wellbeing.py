"""Self-checks of lesson 06: right answers pass, wrong ones do not, placeholders wait."""

from functools import cache

import numpy as np
import pytest

from intimacy_dynamics.exercises import difficulties_and_wellbeing as ex
from intimacy_dynamics.intimacy import catalog, phenomena
from intimacy_dynamics.intimacy.phenomena import stress_response

CHECKS = [
    ex.check_instant_or_gradual,
    ex.check_fearful_loneliness,
    ex.check_stress_and_intimacy,
    ex.check_order_without_buffering,
    ex.check_buffering_crossover,
]


@pytest.mark.parametrize("check", CHECKS, ids=lambda c: c.__name__)
def test_a_placeholder_is_not_an_answer_yet(check):
    assert check(...).correct is None
    assert check(None).correct is None


@pytest.mark.parametrize("check", CHECKS, ids=lambda c: c.__name__)
def test_nonsense_gets_feedback_not_a_traceback(check):
    for nonsense in ("banana", float("nan"), [1, 2], {"a": 1}):
        feedback = check(nonsense)
        assert feedback.correct is False
        assert feedback.message


def test_exercise_1_instant_or_gradual():
    r = phenomena.p13()
    right, wrong = ("gradual", "instant")
    if r["instant_intimacy"] > r["gradual_intimacy"]:
        right, wrong = wrong, right
    assert ex.check_instant_or_gradual(right).correct is True
    assert ex.check_instant_or_gradual(f"  {right.upper()} ").correct is True
    feedback = ex.check_instant_or_gradual(wrong)
    assert feedback.correct is False
    assert "gradual escalation" in feedback.hint


def test_exercise_2_fearful_loneliness():
    loneliness = phenomena.p14()["loneliness"]
    assert ex.check_fearful_loneliness(round(loneliness, 2)).correct is True
    feedback = ex.check_fearful_loneliness(phenomena.p14()["reference_loneliness"])
    assert feedback.correct is False
    assert "last 50 days" in feedback.hint
    assert ex.check_fearful_loneliness(loneliness + 0.15).correct is False


def _rise(name, **params):
    run = phenomena.run(name, params={**catalog.load(name).params, **params}, n_points=2001)
    return stress_response(run, 150.0).rise


def test_exercise_3_stress_leaves_intimacy_alone():
    name = "P15_stress_high_intimacy"
    stressed = phenomena.run(name, n_points=2001)
    calm = phenomena.run(name, inputs=None, n_points=2001)
    assert np.max(np.abs(stressed["distress_A"] - calm["distress_A"])) > 0.3  # stress acts...
    untouched = np.max(np.abs(stressed["intimacy_A"] - calm["intimacy_A"])) < 1e-3
    right = "none" if untouched else "down"
    assert ex.check_stress_and_intimacy(right).correct is True
    assert ex.check_stress_and_intimacy("up").correct is False
    assert ex.check_stress_and_intimacy("down" if right == "none" else "none").correct is False


def test_exercise_4_order_without_buffering():
    rises = {
        "intimate": _rise("P15_stress_high_intimacy", buffering=0.0),
        "distant": _rise("P15_stress_low_intimacy", buffering=0.0),
    }
    right = sorted(rises, key=rises.get)
    assert ex.check_order_without_buffering(right).correct is True
    assert ex.check_order_without_buffering(right[::-1]).correct is False
    assert ex.check_order_without_buffering(["intimate"]).correct is False


@cache
def _scanned_crossover(step=0.05):
    """The crossover found on a grid, independently of the check's bisection."""
    for buffering in np.arange(0.0, 1.0 + step / 2, step):
        intimate = _rise("P15_stress_high_intimacy", buffering=buffering)
        if intimate < _rise("P15_stress_low_intimacy", buffering=buffering):
            return float(buffering)
    pytest.fail("the intimate couple is never protected")


def test_exercise_5_buffering_crossover():
    crossover = _scanned_crossover()
    assert 0.05 < crossover < 0.95  # a search worth doing: neither end of the slider
    assert ex.check_buffering_crossover(round(crossover - 0.025, 3)).correct is True
    assert ex.check_buffering_crossover(crossover + 0.2).correct is False
    assert ex.check_buffering_crossover(0.8).correct is False  # the default is not the answer


# ------------------------------------------------------------------ predictions
def test_the_predictions_answer_what_the_model_does():
    p15 = phenomena.p15()
    step = ex.predict_stress()
    buffered = p15["high"]["rise"] < p15["low"]["rise"] - 0.02
    assert (step.answer == "The distant couple's") == buffered
    step = ex.predict_without_buffering()
    reversed_ = _rise("P15_stress_high_intimacy", buffering=0.0) > _rise(
        "P15_stress_low_intimacy", buffering=0.0
    )
    assert (step.answer == "The intimate couple's") == reversed_
    assert ("less room to rise" in step.explanation) == reversed_
    p14 = phenomena.p14()
    assert (ex.predict_attempts().answer == ex.ATTEMPT_OPTIONS[2]) == (p14["disclosure"] < 0.05)
    p13 = phenomena.p13()
    assert ex.predict_differentiation().answer != ex.SELF_OPTIONS[0]
    assert f"{p13['instant_min_self']:.2f}" in ex.predict_differentiation().explanation


def test_revealing_a_prediction_moves_the_widget():
    from intimacy_dynamics.widgets import IntimacyLab, StressBufferingExplorer

    lab = IntimacyLab("P13_instant_intimacy")
    step = ex.predict_differentiation(lab)
    step.choice.value = step.answer
    step.reveal()
    assert lab.current_params()["differentiation_A"] == ex.SOLID_SELF
    assert step.correct is True
    explorer = StressBufferingExplorer()
    step = ex.predict_without_buffering(explorer)
    step.choice.value = ex.COUPLE_OPTIONS[2]
    step.reveal()
    assert explorer.controls["buffering"].value == 0.0
    assert "not</b> protected" in explorer.readout.value
