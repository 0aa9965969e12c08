"""The scenario catalog and the trait profiles."""

import pytest

from intimacy_dynamics import ParameterError, scenarios
from intimacy_dynamics.intimacy.traits import (
    NEGATIVE_TRAITS,
    POSITIVE_TRAITS,
    PROFILES,
    TRAIT_MAP,
    Person,
    learned_reluctance,
)
from intimacy_dynamics.simulation.scenario import Scenario, ScenarioError


def test_every_phenomenon_has_a_named_scenario():
    for k in range(1, 17):
        assert scenarios.for_phenomenon(f"P{k:02d}")
    assert len(scenarios.names()) == len(set(scenarios.names()))
    with pytest.raises(ScenarioError, match="P17"):
        scenarios.for_phenomenon("P17")
    with pytest.raises(ScenarioError, match="unknown scenario 'P05_guarded'"):
        scenarios.load("P05_guarded")


def test_every_named_scenario_round_trips_through_a_json_file(tmp_path):
    for name in scenarios.names():
        scenario = scenarios.load(name)
        path = scenarios.save(scenario, tmp_path / f"{name}.json")
        assert scenarios.load_file(path) == scenario


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("not json", "not valid JSON"),
        ('{"name": "x", "run": "os.system(1)"}', "unknown scenario field"),
        ('{"name": "x", "inputs": {"stress_A": {"type": "eval"}}}', "unknown signal type"),
        ('{"name": "x", "t_span": [5, 1]}', "end > start"),
        ('{"name": "x", "y0": {"trust_A": true}}', "must be a number"),
        ('{"title": "no name"}', "needs a name"),
    ],
)
def test_malformed_scenario_files_are_refused_as_data(tmp_path, text, message):
    path = tmp_path / "bad.json"
    path.write_text(text)
    with pytest.raises(ScenarioError, match=message):
        scenarios.load_file(path)


def test_a_scenario_with_out_of_range_values_fails_when_run_naming_the_value():
    from intimacy_dynamics import IntimacyModel

    bad = Scenario("bad", model="IntimacyModel", params={"depth_A": 1.5})
    with pytest.raises(ParameterError, match=r"'depth_A' = 1.5 is outside its allowed range"):
        bad.run(IntimacyModel())
    with pytest.raises(ScenarioError, match="missing file"):
        scenarios.load_file("missing file.json")


def test_the_trait_map_is_monotone_in_the_documented_direction():
    assert set(TRAIT_MAP) == set(POSITIVE_TRAITS) | set(NEGATIVE_TRAITS)
    assert len(TRAIT_MAP) == 15
    low, high = Person("low", {"trust": 0.2}), Person("high", {"trust": 0.8})
    assert high.parameters()["trust_propensity_A"] > low.parameters()["trust_propensity_A"]


def test_people_are_validated():
    with pytest.raises(ParameterError, match="unknown trait 'charm'"):
        Person("x", {"charm": 1})
    with pytest.raises(ParameterError, match=r"trait 'openness' = 2 is outside"):
        Person("x", {"openness": 2})
    for person in PROFILES.values():
        assert person.parameters("B")  # every profile is admissible


def test_learned_reluctance_is_cultural_not_biological():
    assert learned_reluctance(1.0, True) > learned_reluctance(1.0, False)
    assert learned_reluctance(0.0, True) == learned_reluctance(0.0, False)


def test_docs_model_md_shows_the_equations_and_tables_the_code_generates():
    from pathlib import Path

    from intimacy_dynamics.intimacy.document import BEGIN, END, reference

    text = (Path(__file__).resolve().parents[2] / "docs" / "model.md").read_text()
    committed = text.split(BEGIN, 1)[1].split(END, 1)[0].strip()
    assert committed == reference().strip(), (
        "docs/model.md is out of date: python -m intimacy_dynamics.intimacy.document docs/model.md"
    )
