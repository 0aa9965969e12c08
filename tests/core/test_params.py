"""Parameter sets: immutable, validated on creation, lossless JSON."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from intimacy_dynamics import ParameterError, ParamSet, StateError
from tests.conftest import Dyad


def test_defaults_and_overrides(dyad):
    ps = dyad.params({"gain_A": 3.0}, learning=1.0)
    assert ps["gain_A"] == 3.0
    assert ps["learning"] == 1.0
    assert ps["gain_B"] == 6.0
    assert ps.changed() == {"gain_A": 3.0, "learning": 1.0}
    assert list(ps) == dyad.param_names


def test_param_sets_are_immutable_values(dyad):
    ps = dyad.params()
    evolved = ps.evolve(threshold_B=0.2)
    assert ps["threshold_B"] == 0.5
    assert evolved["threshold_B"] == 0.2
    assert evolved != ps
    assert evolved == dyad.params(threshold_B=0.2)
    assert hash(evolved) == hash(dyad.params(threshold_B=0.2))
    with pytest.raises(TypeError):
        ps["gain_A"] = 1.0


@given(st.lists(st.floats(0, 20, allow_subnormal=True), min_size=2, max_size=2))
def test_json_round_trip_is_lossless(gains):
    model = Dyad()
    ps = model.params(gain_A=gains[0], gain_B=gains[1], learning=0.1 + 1e-17)
    back = ParamSet.from_json(model.param_specs, ps.to_json(), owner=model.name)
    assert back == ps
    assert all(back[name] == ps[name] for name in ps)  # bit-for-bit


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {"gain_C": 1.0},
            r"unknown parameter 'gain_C' for Dyad \(did you mean 'gain_[AB]'\?\). Known",
        ),
        ({"gain_A": 25.0}, r"parameter 'gain_A' = 25.0 is outside its allowed range \[0, 20\]"),
        ({"threshold_A": -0.1}, r"'threshold_A' = -0.1 is outside its allowed range \[0, 1\]"),
        ({"learning": math.nan}, r"'learning' = nan is not a finite number"),
        ({"learning": "fast"}, r"'learning' = 'fast' is not a real number"),
        ({"learning": True}, r"'learning' = True is not a real number"),
    ],
)
def test_bad_parameters_name_the_parameter_value_and_range(dyad, changes, message):
    with pytest.raises(ParameterError, match=message):
        dyad.params(changes)
    with pytest.raises(ParameterError, match=message):
        dyad.params().evolve(**changes)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{not json", "not valid JSON"),
        ('["gain_A", 1]', "must be an object"),
        ('{"model": "Other", "params": {}}', "is for model 'Other', not for 'Dyad'"),
        ('{"model": "Dyad", "params": {"gain_A": 99}}', r"outside its allowed range \[0, 20\]"),
    ],
)
def test_malformed_json_gets_a_clear_error(dyad, text, message):
    with pytest.raises(ParameterError, match=message):
        ParamSet.from_json(dyad.param_specs, text, owner="Dyad")


def test_initial_state_validation(dyad):
    assert dyad.initial_state({"trust_A": 0.9}) == [0.2, 0.2, 0.9, 0.3]
    with pytest.raises(StateError, match=r"initial state 'trust_B' = 1.5 is outside .* \[0, 1\]"):
        dyad.initial_state({"trust_B": 1.5})
    with pytest.raises(StateError, match="unknown state 'trust'"):
        dyad.initial_state({"trust": 0.5})
    with pytest.raises(StateError, match="y0 has 3 values but Dyad has 4 states"):
        dyad.initial_state([0.1, 0.2, 0.3])
