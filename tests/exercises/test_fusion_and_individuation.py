"""The self-checks of lesson 05: right answers pass, wrong ones fail, placeholders wait,
and what a student reads off the explorer is accepted."""

import pytest

from intimacy_dynamics.exercises import fusion_and_individuation as ex
from intimacy_dynamics.intimacy import phenomena
from intimacy_dynamics.intimacy.fusion import tipping_point
from intimacy_dynamics.widgets import BifurcationExplorer


def right_order():
    return [f"{v:g}" for v in sorted(ex.SWING_SETTINGS, key=lambda v: ex._cycle(v).amplitude)]


def fragile():
    drops = {label: r["drop"] for label, r in phenomena.p11().items()}
    return max(drops, key=drops.get), min(drops, key=drops.get)


def intimacy_direction():
    result = phenomena.p12()
    change = (
        result["trades_disclosure_for_closeness"]["intimacy"]
        - result["tolerates_separateness"]["intimacy"]
    )
    return ("down", "up") if change < 0 else ("up", "down")


CASES = {
    "tipping_point": (
        ex.check_tipping_point,
        lambda: tipping_point().value,
        lambda: tipping_point().value + 0.2,
    ),
    "cycle_period": (
        ex.check_cycle_period,
        lambda: ex._cycle(ex.PERIOD_SETTING).period,
        lambda: ex._cycle(ex.PERIOD_SETTING).period + 4,
    ),
    "swing_order": (ex.check_swing_order, right_order, lambda: right_order()[::-1]),
    "fragile_couple": (ex.check_fragile_couple, lambda: fragile()[0], lambda: fragile()[1]),
    "closeness_is_not_intimacy": (
        ex.check_closeness_is_not_intimacy,
        lambda: intimacy_direction()[0],
        lambda: intimacy_direction()[1],
    ),
}


@pytest.mark.parametrize("name", CASES)
def test_right_answer_is_correct(name):
    check, right, _ = CASES[name]
    assert check(right()).correct is True


@pytest.mark.parametrize("name", CASES)
def test_wrong_answer_is_not(name):
    check, _, wrong = CASES[name]
    feedback = check(wrong())
    assert feedback.correct is False
    assert feedback.hint


@pytest.mark.parametrize("name", CASES)
def test_placeholder_waits_for_an_answer(name):
    check, _, _ = CASES[name]
    assert check(...).correct is None


@pytest.mark.parametrize("name", CASES)
def test_nonsense_gets_feedback_not_a_traceback(name):
    check, _, _ = CASES[name]
    assert check(float("nan")).correct is False
    assert check({"a": 1}).correct is False


def test_swing_order_accepts_numbers():
    numbers = [float(v) for v in right_order()]
    assert ex.check_swing_order(numbers).correct is True


def test_the_wrong_answers_are_clearly_wrong():
    assert len(set(right_order())) == 3
    amplitudes = sorted(ex._cycle(v).amplitude for v in ex.SWING_SETTINGS)
    assert amplitudes[1] - amplitudes[0] > 0.05
    assert amplitudes[2] - amplitudes[1] > 0.03


@pytest.fixture(scope="module")
def explorer():
    return BifurcationExplorer(ex.PERIOD_SETTING, resolution=3)


def test_what_the_explorer_shows_passes_the_checks(explorer):
    assert ex.check_cycle_period(explorer.outcome.period).correct is True
    assert ex.check_tipping_point(round(explorer.hopf.value, 2)).correct is True
    amplitudes = {}
    for value in ex.SWING_SETTINGS:
        explorer.set(differentiation=value)
        amplitudes[f"{value:g}"] = explorer.outcome.amplitude
    assert ex.check_swing_order(sorted(amplitudes, key=amplitudes.get)).correct is True
