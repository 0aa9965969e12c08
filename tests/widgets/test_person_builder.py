"""The person builder without a browser: traits map to parameters, the couple's run follows."""

import html
import re

import numpy as np
import pytest

from intimacy_dynamics import BadInputError, ParameterError, simulate
from intimacy_dynamics.intimacy import phenomena
from intimacy_dynamics.intimacy.traits import (
    DIRECT,
    NEGATIVE_TRAITS,
    POSITIVE_TRAITS,
    TRAITS,
    Person,
    moved_parameters,
    profile,
)
from intimacy_dynamics.widgets import PersonBuilder
from intimacy_dynamics.widgets.figures import trace_named
from tests.widgets.page import count_messages


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


def snapshot(builder):
    """Everything a refused change must leave alone."""
    return (
        builder.current,
        builder.own_controls.values(),
        np.array(builder.drawn("intimacy_A").y),
        np.array(trace_named(builder.figures["mapping"], "A").x),
    )


def assert_unchanged(builder, before):
    after = snapshot(builder)
    assert after[0] is before[0]
    assert after[1] == before[1]
    np.testing.assert_array_equal(after[2], before[2])
    np.testing.assert_array_equal(after[3], before[3])


def test_one_slider_per_trait_and_direct_setting_for_each_partner(builder):
    for partner in "AB":
        for name in (*TRAITS, *DIRECT):
            assert f"{name}_{partner}" in builder.own_controls
    spec = builder.own_controls["fear_of_vulnerability_B"].spec
    assert spec.display_label == "Fear of vulnerability (B)"
    assert "less intimacy" in spec.doc
    assert "fear of intimacy +0.4" in spec.doc
    assert "more intimacy" in builder.own_controls["openness_A"].spec.doc
    direct, declared = (
        builder.own_controls["differentiation_A"].spec,
        builder.model.param_specs["differentiation_A"],
    )
    for field in ("bounds", "soft", "step", "label", "doc", "display_label"):
        assert getattr(direct, field) == getattr(declared, field), field
    assert not builder.controls.controls  # no other parameter has a control here


def test_moving_a_trait_slider_redraws_exactly_the_couple_the_traits_describe(builder):
    builder.own_controls["openness_A"].slider.value = 0.9
    builder.own_controls["social_anxiety_B"].box.value = 0.8
    run = expected_run(
        builder,
        Person("a", {"openness": 0.9}),
        Person("b", {"social_anxiety": 0.8}),
    )
    assert_figure_shows(builder, run)
    assert builder.long_run()["A"] == pytest.approx(run.tail_mean("intimacy_A"))
    assert (
        builder.current_params()["depth_A"]
        == Person("a", {"openness": 0.9}).parameters()["depth_A"]
    )


def test_the_parameter_bars_show_the_mapping_against_the_neutral_person(builder):
    builder.set(trust_A=0.9)
    mapping = builder.figures["mapping"]
    bars_a, bars_b = trace_named(mapping, "A"), trace_named(mapping, "B")
    labels = list(bars_a.y)
    specs = builder.model.param_specs
    moved = Person("a", {"trust": 0.9}).parameters("A")
    for base in moved_parameters():
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
    builder.own_controls["profile_A"].value = "secure"
    assert builder.own_controls["self_esteem_A"].value == 0.8
    assert builder.own_controls["differentiation_A"].value == 0.8
    assert builder.own_controls["direct_differentiation_A"].value is True
    builder.own_controls["profile_B"].value = "guarded"
    assert builder.own_controls["vulnerability_reluctance_B"].value == 0.7
    assert "guarded profile fixes B" in builder.readout.value
    assert_figure_shows(builder, expected_run(builder, profile("secure"), profile("guarded")))


def test_the_combination_matters_two_guarded_partners_end_distant(builder):
    builder.set(profile_A="guarded", profile_B="neutral")
    one_guarded = builder.long_run()["A"]
    builder.set(profile_B="guarded")
    assert builder.long_run()["A"] < one_guarded - 0.3
    assert "distant" in builder.readout.value
    builder.set(profile_B="neutral")
    assert builder.person("B").extra == {}  # leaving a profile drops its fixed values


def test_a_profile_and_traits_in_one_change_apply_the_profile_first(builder):
    builder.set(profile_A="secure", openness_A=0.9)
    expected = Person(
        "a", {**profile("secure").traits, "openness": 0.9}, differentiation=0.8
    ).parameters("A")
    for name, value in expected.items():
        assert builder.current_params()[name] == value, name


@pytest.mark.parametrize(
    ("changes", "error", "words"),
    [
        (
            {"trust_A": 1, "parental_warmth_A": 1, "prior_intimacy_A": 1},
            ParameterError,
            r"'trust_propensity_A' = [\d.]+ is outside its allowed range",
        ),
        ({"charisma_A": 0.9}, BadInputError, "unknown setting 'charisma_A'"),
        (
            {"profile_B": "nobody", "openness_A": 0.8},
            BadInputError,
            "'profile_B' = 'nobody' must be one of neutral, secure",
        ),
        ({"openness_A": float("nan")}, BadInputError, "not a finite number"),
        ({"openness_A": 1.4}, BadInputError, "'openness_A' = 1.4 is outside"),
        ({"direct_differentiation_A": "yes"}, BadInputError, "must be one of False, True"),
    ],
)
def test_bad_settings_are_refused_whole_and_said_in_the_readout(builder, changes, error, words):
    builder.set(openness_B=0.7)
    before = snapshot(builder)
    with pytest.raises(error, match=words):
        builder.set(**changes)
    assert re.search(words, html.unescape(builder.readout.value))
    assert_unchanged(builder, before)


def test_a_slider_move_the_traits_cannot_take_goes_back(builder):
    builder.set(trust_A=1, parental_warmth_A=1)
    before = snapshot(builder)
    builder.own_controls["prior_intimacy_A"].slider.value = 1.0  # trust propensity too high
    assert builder.own_controls["prior_intimacy_A"].value == 0.5
    assert builder.own_controls["prior_intimacy_A"].slider.value == 0.5
    assert "trust_propensity_A" in builder.readout.value
    assert_unchanged(builder, before)
    builder.own_controls["openness_B"].box.value = 7.0  # typed: refused, never clamped
    assert builder.own_controls["openness_B"].value == 0.5
    assert "outside its allowed range" in builder.readout.value


def test_differentiation_follows_the_traits_until_it_is_set_directly(builder):
    builder.set(self_esteem_A=0.9, social_anxiety_B=0.9)
    followed = Person("a", {"self_esteem": 0.9}).parameters("A")["differentiation_A"]
    assert builder.own_controls["differentiation_A"].value == pytest.approx(followed)
    assert builder.own_controls["differentiation_A"].slider.disabled
    assert builder.own_controls["vulnerability_reluctance_B"].value == pytest.approx(
        0.3 + 0.2 * 0.4
    )
    builder.set(differentiation_A=0.4)
    assert builder.own_controls["direct_differentiation_A"].value is True
    assert not builder.own_controls["differentiation_A"].slider.disabled
    run = expected_run(
        builder,
        Person("a", {"self_esteem": 0.9}, differentiation=0.4),
        Person("b", {"social_anxiety": 0.9}),
    )
    assert_figure_shows(builder, run)
    builder.own_controls["direct_differentiation_A"].value = False  # follow the traits again
    assert builder.own_controls["differentiation_A"].value == pytest.approx(followed)
    assert builder.own_controls["differentiation_A"].slider.disabled


def test_reset_returns_to_the_neutral_couple(builder):
    builder.set(profile_A="fearful_of_intimacy", openness_B=0.2)
    builder.reset_button.click()
    assert builder.own_controls["profile_A"].value == "neutral"
    assert builder.change_from_neutral() == {"A": 0.0, "B": 0.0}
    assert_figure_shows(builder, builder.reference)


def test_a_builder_can_start_from_two_profiles():
    builder = PersonBuilder("secure", "guarded")
    assert_figure_shows(builder, expected_run(builder, profile("secure"), profile("guarded")))
    neutral = expected_run(builder, Person("a"), Person("b"))
    np.testing.assert_array_equal(builder.reference["intimacy_A"], neutral["intimacy_A"])
    builder.reset()
    assert builder.current["profile_B"] == "guarded"  # reset returns to the start


def test_one_change_sends_one_message_per_figure(builder, monkeypatch):
    sent = count_messages(monkeypatch, builder.figures)
    builder.set(profile_A="secure", openness_B=0.8, differentiation_B=0.6)
    assert sorted(sent) == ["mapping", "time"]


def test_random_trait_moves_draw_the_couple_the_traits_describe(builder, rng):
    for _ in range(6):
        partner = rng.choice(["A", "B"])
        traits = {t: float(round(rng.uniform(0.2, 0.8), 2)) for t in rng.choice(TRAITS, 3)}
        builder.set(**{f"{t}_{partner}": v for t, v in traits.items()})
        people = {p: Person(p, {t: builder.current.own[f"{t}_{p}"] for t in TRAITS}) for p in "AB"}
        assert_figure_shows(builder, expected_run(builder, people["A"], people["B"]))
        assert "nan" not in builder.readout.value.lower()


@pytest.mark.parametrize("step", ["one_trait", "guarded_pair"])
def test_a_prediction_reveals_its_answer_in_the_builder(builder, step):
    question = builder.predict(step)
    assert question.answer in question.choice.options
    question.choice.value = question.answer
    question.reveal()
    assert question.correct is True
    if step == "one_trait":
        assert builder.own_controls["openness_A"].value == 0.9
        points = 100 * builder.change_from_neutral()["A"]
        assert f"{points:+.1f} points" in question.feedback.value
    else:
        assert builder.own_controls["profile_B"].value == "guarded"
        assert "distant" in builder.readout.value
    with pytest.raises(ValueError, match="no prediction step"):
        builder.predict("horoscope")


def test_csv_export_is_the_couple_shown(builder):
    builder.set(openness_A=0.8)
    rows = builder.to_csv().splitlines()
    header = rows[0].split(",")
    table = np.loadtxt(rows[1:], delimiter=",")
    np.testing.assert_allclose(
        table[:, header.index("intimacy_A")], builder.trajectory["intimacy_A"], rtol=1e-9
    )


def test_the_built_couple_is_a_scenario_and_a_scenario_cannot_set_the_traits(builder):
    builder.set(profile_A="secure", openness_B=0.8)
    scenario = builder.scenario("built")
    run = scenario.run(phenomena.model(), n_points=201, rtol=1e-4, atol=1e-7)
    np.testing.assert_array_equal(run["intimacy_B"], builder.trajectory["intimacy_B"])
    before = snapshot(builder)
    with pytest.raises(BadInputError, match="set by traits and profiles"):
        builder.load(scenario)
    assert_unchanged(builder, before)
