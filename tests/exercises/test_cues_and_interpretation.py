"""Self-checks of notebook 03: right answers pass, wrong ones fail, ``...`` waits."""

from itertools import pairwise

import pytest

from intimacy_dynamics.exercises import cues_and_interpretation as ex
from intimacy_dynamics.intimacy import catalog, phenomena
from intimacy_dynamics.intimacy.phenomena import RESPONSE_CHAIN as STAGES


def perceived(name, **params):
    """A's perceived responsiveness at the end of a P03/P04 scenario, params changed."""
    run = phenomena.run(
        name,
        on=phenomena.holding("disclosure_A"),
        params={**catalog.load(name).params, **params},
    )
    return run.final()["perceived_responsiveness_A"]


def test_smirk_perceived():
    smirk = perceived("P03_sarcastic_smirk")
    assert ex.check_smirk_perceived(round(smirk, 2)).correct is True
    assert ex.check_smirk_perceived(perceived("P03_congruent_cues")).correct is False
    assert ex.check_smirk_perceived("low").correct is False
    assert ex.check_smirk_perceived(...).correct is None


def test_where_the_smirk_acts():
    assert ex.check_where_the_smirk_acts("conveyed").correct is True
    assert ex.check_where_the_smirk_acts("Conveyed ").correct is True
    for wrong in ("shown", "read", "perceived"):
        assert ex.check_where_the_smirk_acts(wrong).correct is False
    assert ex.check_where_the_smirk_acts("the smirk").correct is False
    assert ex.check_where_the_smirk_acts(...).correct is None
    assert set(STAGES) == {"shown", "conveyed", "read", "perceived"}


def test_care_reaches_a_negative_reader():
    change = perceived("P04_negative_reader", empathic_concern_B=ex.CARING) - perceived(
        "P04_negative_reader"
    )
    assert change > 0.02  # P04: behaviour matters at a fixed bias, with a margin
    assert ex.check_care_reaches_a_negative_reader("up").correct is True
    assert ex.check_care_reaches_a_negative_reader(0.05).correct is True
    assert ex.check_care_reaches_a_negative_reader("down").correct is False
    assert ex.check_care_reaches_a_negative_reader("none").correct is False
    assert ex.check_care_reaches_a_negative_reader(...).correct is None


def test_immediacy_order():
    right = [
        "critical, leaning in",
        "critical, distant",
        "supportive, distant",
        "supportive, leaning in",
    ]
    values = [perceived(ex.IMMEDIACY_CASES[case]) for case in right]
    assert values == sorted(values)  # the order the model gives, with margins:
    assert min(b - a for a, b in pairwise(values)) > 0.05
    assert ex.check_immediacy_order(right).correct is True
    assert ex.check_immediacy_order(right[::-1]).correct is False
    swapped = [right[1], right[0], *right[2:]]  # "leaning in always helps"
    assert ex.check_immediacy_order(swapped).correct is False
    assert ex.check_immediacy_order(right[:3]).correct is False
    assert ex.check_immediacy_order(...).correct is None


def test_benefit_of_the_doubt():
    target = perceived("P03_congruent_cues")
    bias, tolerance = ex._generous_bias()
    assert perceived("P03_sarcastic_smirk", interpretation_bias_A=bias) == pytest.approx(
        target, abs=1e-3
    )
    assert 0.03 < tolerance < 0.2
    assert ex.check_benefit_of_the_doubt(round(bias, 2)).correct is True
    assert ex.check_benefit_of_the_doubt(0.0).correct is False
    assert ex.check_benefit_of_the_doubt(-bias).correct is False
    assert ex.check_benefit_of_the_doubt(float("nan")).correct is False
    assert ex.check_benefit_of_the_doubt(...).correct is None


def test_hints_point_at_the_explorer():
    for feedback in (
        ex.check_smirk_perceived(0.99),
        ex.check_where_the_smirk_acts("shown"),
        ex.check_care_reaches_a_negative_reader("down"),
        ex.check_immediacy_order(["x"]),
        ex.check_benefit_of_the_doubt(-1.0),
    ):
        assert "bar" in feedback.hint or "preset" in feedback.hint.lower()
