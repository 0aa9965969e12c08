"""Lesson 04's checks: a right answer passes, a wrong one does not, ``...`` waits.

Each right answer is found here by simulating the couples the exercises describe
(people built with ``Person``, cultures with ``learned_reluctance``), not from the
functions the checks use.
"""

from functools import cache

import pytest

from intimacy_dynamics import simulate
from intimacy_dynamics.exercises import individual_differences as ex
from intimacy_dynamics.intimacy import phenomena
from intimacy_dynamics.intimacy.traits import TRAITS, Person, learned_reluctance

CHECKS = [
    ex.check_openness_effect,
    ex.check_strongest_trait,
    ex.check_partner_reluctance,
    ex.check_western_order,
    ex.check_two_traits,
]
T_SPAN = (0.0, 200.0)


def intimacy(a: Person | None = None, b: Person | None = None) -> tuple[float, float]:
    """Long-run intimacy of A and of B in the couple (a, b); neutral people by default."""
    if a is None and b is None:
        return neutral_couple()
    a, b = a or Person("a"), b or Person("b")
    params = {**a.parameters("A"), **b.parameters("B")}
    run = simulate(phenomena.model(), T_SPAN, params)
    return run.tail_mean("intimacy_A"), run.tail_mean("intimacy_B")


@cache
def neutral_couple() -> tuple[float, float]:
    return intimacy(Person("a", {"openness": 0.5}))


def raised_alone(trait: str, value: float = 0.9) -> float:
    return intimacy(Person("a", {trait: value}))[0] - intimacy()[0]


@pytest.mark.parametrize("check", CHECKS, ids=lambda c: c.__name__)
def test_a_placeholder_gets_no_answer_yet(check):
    assert check(...).correct is None


@pytest.mark.parametrize("check", CHECKS, ids=lambda c: c.__name__)
def test_an_answer_of_the_wrong_kind_is_wrong_not_an_error(check):
    feedback = check({"answer": 1})
    assert feedback.correct is False
    assert feedback.message


def test_openness_effect_in_points():
    points = 100 * raised_alone("openness")
    assert 1 < points < 10  # a modest, positive effect
    assert ex.check_openness_effect(round(points, 1)).correct is True
    assert ex.check_openness_effect(round(points, 1) + 1.5).correct is False
    assert ex.check_openness_effect(points / 100).correct is False  # a fraction, not points


def test_strongest_trait_is_the_largest_effect_in_size():
    effects = {trait: raised_alone(trait) for trait in TRAITS}
    strongest = max(effects, key=lambda t: abs(effects[t]))
    largest_rise = max(effects, key=effects.get)
    assert ex.check_strongest_trait(strongest.replace("_", " ")).correct is True
    if largest_rise != strongest:
        assert ex.check_strongest_trait(largest_rise).correct is False
    assert ex.check_strongest_trait("extraversion").correct is (strongest == "extraversion")


def test_partner_reluctance_lowers_a_intimacy():
    change = (
        intimacy(b=Person("b", vulnerability_reluctance=ex.PARTNER_RELUCTANCE))[0] - intimacy()[0]
    )
    right, wrong = ("down", "up") if change < 0 else ("up", "down")
    assert abs(change) > 0.005  # a clear effect, not a knife-edge
    assert ex.check_partner_reluctance(right).correct is True
    assert ex.check_partner_reluctance(wrong).correct is False
    assert ex.check_partner_reluctance("none").correct is False


def test_western_order_from_learned_reluctance():
    def person(as_man: bool) -> Person:
        return Person("p", vulnerability_reluctance=learned_reluctance(1.0, as_man))

    pairs = {
        "women": intimacy(person(False), person(False)),
        "men": intimacy(person(True), person(True)),
        "mixed": intimacy(person(False), person(True)),
    }
    means = {pair: sum(values) / 2 for pair, values in pairs.items()}
    order = sorted(means, key=means.get)
    assert ex.check_western_order(order).correct is True
    assert ex.check_western_order(order[::-1]).correct is False
    assert ex.check_western_order(order[:2]).correct is False


def test_two_traits_must_beat_the_strongest_single_trait():
    assert ex.check_two_traits({"openness": 1.0, "fear_of_vulnerability": 0.0}).correct is True
    assert ex.check_two_traits({"Openness": 1.0, "fear of vulnerability": 0}).correct is True
    assert ex.check_two_traits({"openness": 0.9}).correct is False
    too_many = ex.check_two_traits({"openness": 1.0, "trust": 1.0, "self_esteem": 1.0})
    assert too_many.correct is False
    assert "at most 2" in too_many.message
    out = ex.check_two_traits({"comfort_with_closeness": 1.0, "fear_of_dependence": 0.0})
    assert out.correct is False
    assert "range" in out.message
    assert ex.check_two_traits({"openness": 1.5}).correct is False
    assert ex.check_two_traits({"openness": True}).correct is False
