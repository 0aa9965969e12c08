"""Self-checks of lesson 02: right answers pass, wrong ones fail, placeholders wait."""

import pytest

from intimacy_dynamics.exercises import recursion_and_reciprocity as ex
from intimacy_dynamics.intimacy import phenomena
from intimacy_dynamics.scenarios import catalog
from intimacy_dynamics.widgets.trust_spiral import ending


def flip(word, pair):
    return pair[1] if word == pair[0] else pair[0]


def test_tipping_trust():
    boundary = phenomena.p05()["boundary"]
    assert ex.check_tipping_trust(round(boundary, 2)).correct is True
    assert ex.check_tipping_trust(boundary + 0.15).correct is False
    assert ex.check_tipping_trust("0.4").correct is False
    assert ex.check_tipping_trust(...).correct is None


def test_the_two_bisections_agree():
    default = phenomena.model().param_specs["disclosure_threshold"].default
    assert ex._tipping_trust(default) == pytest.approx(phenomena.p05()["boundary"], abs=0.01)


def test_trusting_meets_wary():
    run = catalog.load("P05_guarded_high_trust").run(phenomena.model(), y0=ex.UNEVEN_START)
    truth = ending(run.tail_mean("intimacy_A"), run.tail_mean("intimacy_B"))
    assert ex.check_trusting_meets_wary(truth.upper()).correct is True
    assert ex.check_trusting_meets_wary(flip(truth, ("intimate", "distant"))).correct is False
    assert ex.check_trusting_meets_wary(...).correct is None


def test_threshold_shift():
    default = phenomena.model().param_specs["disclosure_threshold"].default
    moved = ex._tipping_trust(ex.RAISED_THRESHOLD) - ex._tipping_trust(default)
    assert abs(moved) > 0.03  # a clear shift, not a knife-edge
    right, wrong = ("up", "down") if moved > 0 else ("down", "up")
    assert ex.check_threshold_shift(right).correct is True
    assert ex.check_threshold_shift(wrong).correct is False
    assert ex.check_threshold_shift("none").correct is False
    assert ex.check_threshold_shift(...).correct is None


def test_turns_without_reciprocity():
    difference = ex._turns_against_blocks(0.0)
    right = "turns" if difference > 0 else "blocks"
    assert ex.check_turns_without_reciprocity(right).correct is True
    assert ex.check_turns_without_reciprocity(flip(right, ("turns", "blocks"))).correct is False
    assert ex.check_turns_without_reciprocity(...).correct is None


def test_turns_win_with_the_default_reciprocity_as_in_P06():  # noqa: N802
    measured = phenomena.p06()
    expected = measured["intimacy_alternating_turns"] - measured["intimacy_long_blocks"]
    reciprocity = phenomena.model().param_specs["reciprocity_A"].default
    assert ex._turns_against_blocks(reciprocity) == pytest.approx(expected, abs=1e-4)


def test_half_way_day():
    t50 = phenomena.p16()["t50"]
    assert ex.check_half_way_day(round(t50)).correct is True
    assert ex.check_half_way_day(t50 + 5).correct is False
    assert ex.check_half_way_day(...).correct is None


def test_the_first_prediction_moves_the_explorer_to_the_answer():
    from intimacy_dynamics.widgets import TrustSpiralExplorer

    explorer = TrustSpiralExplorer(grid=5)
    step = ex.predict_two_starts(explorer)
    assert step.answer == "The low start ends distant, the high start intimate"  # P05
    step.choice.value = step.answer
    step.reveal()
    assert step.correct is True
    assert explorer.view.initial["trust_A"].value == 0.8
    assert "<b>intimate</b>" in explorer.readout.value


def test_the_other_predictions_follow_the_model():
    difference = ex._turns_against_blocks(0.5)
    assert (ex.predict_turns().answer == "Short alternating turns") == (difference > 0)
    step = ex.predict_strangers()
    assert f"{phenomena.p16()['t90']:.0f} days" in step.explanation
