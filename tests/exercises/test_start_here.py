import numpy as np
import pytest

from intimacy_dynamics import simulate
from intimacy_dynamics.exercises import start_here
from intimacy_dynamics.exercises.start_here import (
    CRITICAL,
    DEEPER,
    DISINTERESTED,
    PLOTS,
    SLIDERS,
    WHO_OPTIONS,
    check_effect_of_deeper_disclosure,
    check_trust_with_disinterested_partner,
    first_prediction,
)
from intimacy_dynamics.intimacy.phenomena import model


def final(quantity, **params):
    """Computed here independently of the module under test."""
    return float(simulate(model(), params=params)[quantity][-1])


@pytest.fixture(scope="module")
def lab():
    from intimacy_dynamics.widgets import IntimacyLab

    return IntimacyLab(model=model(), params=SLIDERS, plots=PLOTS, phase=None, initial=[])


def test_trust_with_disinterested_partner():
    truth = final("trust_A", response_valence_B=DISINTERESTED)
    assert check_trust_with_disinterested_partner(round(truth, 2)).correct is True
    assert check_trust_with_disinterested_partner(truth + 0.1).correct is False
    assert check_trust_with_disinterested_partner(final("trust_A")).correct is False
    assert check_trust_with_disinterested_partner("high").correct is False
    assert check_trust_with_disinterested_partner(...).correct is None


def test_effect_of_deeper_disclosure():
    change = final("intimacy_A", depth_A=DEEPER) - final("intimacy_A")
    right, wrong = ("up", "down") if change > 0 else ("down", "up")
    assert check_effect_of_deeper_disclosure(right).correct is True
    assert check_effect_of_deeper_disclosure(wrong).correct is False
    assert check_effect_of_deeper_disclosure("sideways").correct is False
    assert check_effect_of_deeper_disclosure(...).correct is None


def test_wrong_answers_get_a_hint_naming_the_control_to_use():
    feedback = check_trust_with_disinterested_partner(2.0)
    assert "Response valence (B)" in feedback.hint
    assert "Disclosure depth (A)" in check_effect_of_deeper_disclosure("none").hint


def test_first_prediction_answer_is_the_model_s():
    noticeable = start_here.NOTICEABLE
    a_loses = final("intimacy_A", response_valence_B=CRITICAL) < final("intimacy_A") - noticeable
    b_loses = final("intimacy_B", response_valence_B=CRITICAL) < final("intimacy_B") - noticeable
    step = first_prediction()
    assert step.answer == WHO_OPTIONS[a_loses, b_loses]
    step.choice.value = step.answer
    step.reveal()
    assert step.correct is True
    for quantity in ("trust_A", "disclosure_A", "intimacy_A", "intimacy_B"):
        for params in ({}, {"response_valence_B": CRITICAL}):
            assert f"{final(quantity, **params):.2f}" in step.feedback.value, (quantity, params)


def test_the_first_prediction_teaches_the_spiral():
    """T1-T3 of issue 11 as a student sees them: A withdraws, and B's own line moves."""
    step = first_prediction()
    assert step.answer == WHO_OPTIONS[True, True]
    assert "withdraws" in step.explanation


def test_revealing_the_prediction_moves_the_lab_to_a_critical_partner(lab):
    lab.reset()
    step = first_prediction(lab)
    step.choice.value = WHO_OPTIONS[True, False]
    step.reveal()
    assert lab.plot.params["response_valence_B"] == CRITICAL  # the page's slider moved
    np.testing.assert_allclose(
        lab.trajectory["trust_A"][-1], final("trust_A", response_valence_B=CRITICAL), atol=5e-3
    )
    np.testing.assert_array_equal(lab.plot.trajectory()["trust_A"], lab.trajectory["trust_A"])
    lab.reset()
    default = model().spec("response_valence_B").default
    assert lab.plot.params["response_valence_B"] == default


def test_the_small_lab_shows_only_the_chosen_sliders_and_panels(lab):
    assert [control["name"] for control in lab.plot.controls] == list(SLIDERS)
    assert lab.phase_figure is None
    assert [names for _, names in lab.panels] == [[f"{p}_A", f"{p}_B"] for p in PLOTS]
    assert lab.plot.figure["names"] == [f"{p}_{x}" for p in PLOTS for x in "AB"]
