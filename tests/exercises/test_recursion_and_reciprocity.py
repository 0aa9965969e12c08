"""Self-checks of lesson 02: right answers pass, wrong ones fail, placeholders wait."""

import pytest

from intimacy_dynamics.exercises import recursion_and_reciprocity as ex
from intimacy_dynamics.intimacy import catalog, phenomena
from intimacy_dynamics.intimacy.endings import ending_of


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
    truth = ending_of(run.tail_mean("couple_intimacy")).leans
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
    with_it, without = ex._turns_against_blocks(0.5), ex._turns_against_blocks(0.0)
    assert abs(without - with_it) > 0.02  # reciprocity visibly changes the advantage
    if without < -0.005:
        right = "reverses"
    elif abs(without) <= 0.005:
        right = "vanishes"
    else:
        right = "grows" if without > with_it else "shrinks"
    assert ex.check_turns_without_reciprocity(right.upper()).correct is True
    for wrong in set(ex.TURNS_WITHOUT_RECIPROCITY) - {right}:
        assert ex.check_turns_without_reciprocity(wrong).correct is False
    assert ex.check_turns_without_reciprocity("both").correct is False
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
    high = catalog.load("P05_guarded_high_trust").y0
    assert explorer.plot.y0["trust_A"] == high["trust_A"] == 0.8  # the page's slider moved
    assert explorer.current_y0()["trust_B"] == high["trust_B"]
    assert "<b>intimate</b>" in explorer.readout.value


def test_the_other_predictions_follow_the_model():
    difference = ex._turns_against_blocks(0.5)
    assert (ex.predict_turns().answer == "Short alternating turns") == (difference > 0)
    step = ex.predict_strangers()
    assert f"{phenomena.p16()['t90']:.0f} days" in step.explanation


def test_critic_effects_are_the_dyadic_tool_on_the_p01_critic():
    effects = ex.critic_effects()
    assert catalog.load("P01_critical_partner").params["response_valence_B"] == ex.CRITICAL
    supportive = phenomena.run("P01_supportive_partner")
    critical = phenomena.run("P01_critical_partner")
    for partner in "AB":  # B's change, read on each partner, is the P01 pair of runs
        change = critical.tail_mean(f"intimacy_{partner}") - supportive.tail_mean(
            f"intimacy_{partner}"
        )
        assert effects.effects[("B", partner)] == pytest.approx(change, abs=1e-3)


def test_b_loses_through_a_s_withdrawal():
    free, held = ex.critic_effects(), ex.critic_effects(willingness_held=True)
    assert free.actor("B") < -0.05  # T3 of issue 11: the spiral comes back to B
    assert abs(held.actor("B")) < abs(free.actor("B")) / 5  # not when A cannot withdraw
    step = ex.predict_critic_effects()
    assert step.answer == ex._WHOSE_LOSS["partner"]
    assert f"{held.actor('B'):+.3f}" in step.explanation


def test_critic_actor_effect():
    right = ex.critic_effects().actor("B")
    assert ex.check_critic_actor_effect(round(right, 2)).correct is True
    assert ex.check_critic_actor_effect(ex.critic_effects().partner("A")).correct is False
    assert ex.check_critic_actor_effect(-right).correct is False
    assert ex.check_critic_actor_effect(...).correct is None
