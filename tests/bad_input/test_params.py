"""Parameter sets and initial states, built directly rather than through simulate."""

import numpy as np
import pytest

from intimacy_dynamics import ParameterError, ParamSet, StateError
from tests.bad_input.conftest import refused


@pytest.mark.parametrize(
    ("build", "error", "culprits"),
    [
        (lambda m: ParamSet(m.param_specs, [("k", 1)]), ParameterError, ["params", "a list"]),
        (lambda m: m.params().evolve(k=10**400), ParameterError, ["'k'", "401 digits"]),
        (lambda m: m.params().evolve(k="1"), ParameterError, ["'k'", "'1'"]),
        (lambda m: m.params().evolve(k=np.array([1.0, 2.0])), ParameterError, ["'k'", "array"]),
        (lambda m: m.params().evolve(q=1), ParameterError, ["unknown parameter 'q'"]),
        (lambda m: m.params()["q"], ParameterError, ["unknown parameter 'q'"]),
        (lambda m: m.params({"k": 1}, k=10**400), ParameterError, ["'k'", "401 digits"]),
        (lambda m: m.initial_state(object()), StateError, ["y0 = <object object"]),
        (lambda m: m.initial_state({"x": 1j}), StateError, ["initial state 'x'", "1j"]),
        (lambda m: m.initial_state([10**400]), StateError, ["initial state 'x'", "401 digits"]),
    ],
)
def test_parameter_sets_and_states_name_the_culprit(decay, build, error, culprits):
    refused(lambda: build(decay), error, *culprits)
