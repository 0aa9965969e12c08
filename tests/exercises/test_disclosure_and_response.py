"""Lesson 01 self-checks: right answers pass, wrong ones fail, placeholders wait."""

import pytest

from intimacy_dynamics.exercises import disclosure_and_response as ex
from intimacy_dynamics.intimacy import catalog, phenomena
from intimacy_dynamics.widgets import DisclosureLoopExplorer


def test_critical_trust():
    right = phenomena.run("P01_critical_partner").final()["trust_A"]
    assert ex.check_critical_trust(round(right, 2)).correct is True
    assert ex.check_critical_trust(right + 0.1).correct is False
    assert ex.check_critical_trust("high").correct is False
    assert ex.check_critical_trust(...).correct is None


def test_response_order():
    intimacy = phenomena.p01()
    right = sorted(intimacy, key=intimacy.get)
    assert ex.check_response_order(right).correct is True
    assert ex.check_response_order(right[::-1]).correct is False
    assert ex.check_response_order(...).correct is None


def test_critic_trust_cost():
    p02 = phenomena.p02()
    right = (
        "deep" if p02["trust_after_critic_deep"] < p02["trust_after_critic_shallow"] else "shallow"
    )
    wrong = "shallow" if right == "deep" else "deep"
    assert ex.check_critic_trust_cost(right.upper()).correct is True
    assert ex.check_critic_trust_cost(wrong).correct is False
    assert ex.check_critic_trust_cost("the same").correct is False
    assert ex.check_critic_trust_cost(...).correct is None


def test_indirect_share_as_fraction_or_percentage():
    share = phenomena.p07()["indirect_share"]
    assert ex.check_indirect_share(round(share, 2)).correct is True
    assert ex.check_indirect_share(round(100 * share)).correct is True
    assert ex.check_indirect_share(share + 0.2).correct is False
    assert ex.check_indirect_share(0.0).correct is False
    assert ex.check_indirect_share(...).correct is None


def test_neutral_valence_leaves_a_feeling_understood_at_one_half():
    valence = ex._neutral_valence()
    end = phenomena.run("P01_supportive_partner", params={"response_valence_B": valence})
    assert end.final()["perceived_responsiveness_A"] == pytest.approx(0.5, abs=0.005)
    assert ex.check_neutral_valence(round(valence, 2)).correct is True
    assert ex.check_neutral_valence(valence + 0.3).correct is False
    assert ex.check_neutral_valence(0.0).correct is False  # disinterested is not neutral
    assert ex.check_neutral_valence(...).correct is None


def test_predict_steps_are_computed_and_act_on_the_explorer():
    explorer = DisclosureLoopExplorer()
    critical = ex.predict_critical_partner(explorer)
    critical.choice.value = critical.answer
    critical.reveal()
    assert critical.correct
    critical_valence = catalog.load("P01_critical_partner").params["response_valence_B"]
    assert explorer.plot.params["response_valence_B"] == critical_valence  # the page's slider
    p01_trust = {
        kind: phenomena.run(f"P01_{kind}_partner").final()["trust_A"]
        for kind in ("supportive", "critical")
    }
    assert ("lower than with a supportive" in critical.answer) == (
        p01_trust["critical"] < p01_trust["supportive"]
    )

    feelings = ex.predict_facts_or_feelings(explorer)
    feelings.choice.value = feelings.answer
    feelings.reveal()
    assert explorer.current["emotional_content_A"] == 0.9
    assert explorer.plot.params["emotional_content_A"] == 0.9
    p02 = phenomena.p02()
    assert (feelings.answer == "higher") == (p02["deep_emotional"] > p02["deep_factual"] + 0.01)

    held = ex.predict_held_responsiveness(explorer)
    held.choice.value = held.answer
    held.reveal()
    assert explorer.holding
    assert explorer.own_controls["hold_responsiveness"].value  # the toggle is pressed
    assert explorer.plot.params["depth_A"] == 0.8
    assert explorer.mediation is not None
    p07 = phenomena.p07()
    assert (held.answer == "more than half, but not all") == (
        0.5 < p07["direct"] / p07["total"] < 0.97
    )
