"""The person builder without a browser: traits map to parameters, the couple's run follows."""

import html

import numpy as np
import pytest

from intimacy_dynamics import simulate
from intimacy_dynamics.intimacy import phenomena
from intimacy_dynamics.intimacy.traits import (
    NEGATIVE_TRAITS,
    POSITIVE_TRAITS,
    TRAITS,
    Person,
    profile,
)
from intimacy_dynamics.widgets import PersonBuilder
from intimacy_dynamics.widgets.person_builder import DIRECT, mapped_parameters


@pytest.fixture(scope="module")
def built():
    return PersonBuilder()


@pytest.fixture
def builder(built):
    built.reset()
    return built


def expected_run(builder, a: Person, b: Person):
    params = {**a.parameters("A"), **b.parameters("B")}
    return simulate(phenomena.model(), builder.t_span, params, n_points=201, rtol=1e-4, atol=1e-7)


def assert_figure_shows(builder, run):
    for name in ("trust_A", "trust_B", "intimacy_A", "intimacy_B"):
        np.testing.assert_array_equal(builder.drawn(name).y, run[name])


def test_one_slider_per_trait_and_direct_setting_for_each_partner(builder):
    for partner in "AB":
        for name in (*TRAITS, *DIRECT):
            assert f"{name}_{partner}" in builder.controls
    spec = builder.controls["fear_of_vulnerability_B"].spec
    assert spec.display_label == "Fear of vulnerability (B)"
    assert "less intimacy" in spec.doc
    assert "fear of intimacy +0.4" in spec.doc
    assert "more intimacy" in builder.controls["openness_A"].spec.doc
    assert (
        builder.controls["differentiation_A"].spec is builder.model.param_specs["differentiation_A"]
    )


def test_moving_a_trait_slider_redraws_exactly_the_couple_the_traits_describe(builder):
    builder.controls["openness_A"].slider.value = 0.9
    builder.controls["social_anxiety_B"].box.value = 0.8
    run = expected_run(
        builder,
        Person("a", {"openness": 0.9}),
        Person("b", {"social_anxiety": 0.8}),
    )
    assert_figure_shows(builder, run)
    assert builder.long_run()["A"] == pytest.approx(run.tail_mean("intimacy_A"))


def test_the_parameter_bars_show_the_mapping_against_the_neutral_person(builder):
    builder.set(trust_A=0.9)
    bars_a, bars_b = builder.mapping_figure.data[:2]
    labels = list(bars_a.y)
    specs = builder.model.param_specs
    moved = Person("a", {"trust": 0.9}).parameters("A")
    for base in mapped_parameters():
        name = f"{base}_A"
        change = moved.get(name, specs[name].default) - specs[name].default
        assert bars_a.x[labels.index(specs[name].label)] == pytest.approx(change)
    assert bars_a.x[labels.index("Trust propensity")] == pytest.approx(0.8 * 0.4)
    assert all(x == 0 for x in bars_b.x)


@pytest.mark.parametrize("trait", [POSITIVE_TRAITS[0], NEGATIVE_TRAITS[2]])
def test_a_single_trait_moves_intimacy_its_documented_way_and_modestly(builder, trait):
    builder.set(**{f"{trait}_A": 0.9})
    change = builder.change_from_neutral()["A"]
    sign = 1 if trait in POSITIVE_TRAITS else -1
    assert 0.002 < sign * change < 0.1
    assert f"{100 * change:+.1f} points" in builder.readout.value


def test_a_profile_loads_its_traits_and_its_fixed_values(builder):
    builder.pickers["A"].value = "secure"
    assert builder.controls["self_esteem_A"].value == 0.8
    assert builder.controls["differentiation_A"].value == 0.8
    builder.pickers["B"].value = "guarded"
    assert builder.controls["vulnerability_reluctance_B"].value == 0.7
    assert "guarded profile fixes B" in builder.readout.value
    assert_figure_shows(builder, expected_run(builder, profile("secure"), profile("guarded")))


def test_the_combination_matters_two_guarded_partners_end_distant(builder):
    builder.set(profile_A="guarded", profile_B="neutral")
    one_guarded = builder.long_run()["A"]
    builder.set(profile_B="guarded")
    assert builder.long_run()["A"] < one_guarded - 0.3
    assert "distant" in builder.readout.value
    builder.set(profile_B="neutral")
    assert builder.extra["B"] == {}  # leaving a profile drops its fixed values


def test_bad_settings_show_a_message_and_keep_the_last_run(builder):
    before = builder.drawn("intimacy_A").y
    builder.set(trust_A=1, parental_warmth_A=1, prior_intimacy_A=1, fear_of_exploitation_A=0)
    assert "trust_propensity_A" in builder.readout.value
    assert "outside its allowed range" in builder.readout.value
    np.testing.assert_array_equal(builder.drawn("intimacy_A").y, before)
    builder.set(charisma_A=0.9)
    assert "unknown setting 'charisma_A'" in html.unescape(builder.readout.value)
    builder.set(profile_B="nobody")
    assert "unknown profile 'nobody'" in html.unescape(builder.readout.value)
    builder.set(openness_A=float("nan"))
    assert "not a finite number" in builder.readout.value


def test_differentiation_follows_the_traits_until_it_is_set_directly(builder):
    builder.set(self_esteem_A=0.9, social_anxiety_B=0.9)
    followed = Person("a", {"self_esteem": 0.9}).parameters("A")["differentiation_A"]
    assert builder.controls["differentiation_A"].value == pytest.approx(followed)
    assert builder.controls["differentiation_A"].slider.disabled
    assert builder.controls["vulnerability_reluctance_B"].value == pytest.approx(0.3 + 0.2 * 0.4)
    builder.set(differentiation_A=0.4)
    assert builder.direct["differentiation_A"].value
    assert not builder.controls["differentiation_A"].slider.disabled
    run = expected_run(
        builder,
        Person("a", {"self_esteem": 0.9}, differentiation=0.4),
        Person("b", {"social_anxiety": 0.9}),
    )
    assert_figure_shows(builder, run)
    builder.direct["differentiation_A"].value = False  # back to following the traits
    assert builder.controls["differentiation_A"].value == pytest.approx(followed)


def test_reset_returns_to_the_neutral_couple(builder):
    builder.set(profile_A="fearful_of_intimacy", openness_B=0.2)
    builder.reset_button.click()
    assert builder.pickers["A"].value == "neutral"
    assert builder.change_from_neutral() == {"A": 0.0, "B": 0.0}
    assert_figure_shows(builder, builder.reference)


@pytest.mark.parametrize("step", ["one_trait", "guarded_pair"])
def test_a_prediction_reveals_its_answer_in_the_builder(builder, step):
    question = builder.predict(step)
    assert question.answer in question.choice.options
    question.choice.value = question.answer
    question.reveal()
    assert question.correct is True
    if step == "one_trait":
        assert builder.controls["openness_A"].value == 0.9
        points = 100 * builder.change_from_neutral()["A"]
        assert f"{points:+.1f} points" in question.feedback.value
    else:
        assert builder.pickers["B"].value == "guarded"
        assert "distant" in builder.readout.value
    with pytest.raises(ValueError, match="no prediction step"):
        builder.predict("horoscope")
