"""simulate and what it takes: the model, parameters, states, times, inputs, budget."""

import numpy as np
import pytest

from intimacy_dynamics import (
    BadInputError,
    BudgetExceededError,
    IntimacyModel,
    ParameterError,
    Pulse,
    Schedule,
    StateError,
    simulate,
)
from intimacy_dynamics.classic import fickle_lover
from intimacy_dynamics.intimacy.catalog import load
from intimacy_dynamics.simulation.simulate import INTERACTIVE_BUDGET
from tests.bad_input.conftest import refused


@pytest.mark.parametrize(
    ("arguments", "error", "culprits"),
    [
        ({"params": [0.5]}, ParameterError, ["params", "a list"]),
        ({"params": "k=0.5"}, ParameterError, ["params", "a string"]),
        ({"params": {"k": 10**400}}, ParameterError, ["'k'", "401 digits", "[0, 5]"]),
        ({"params": {"k": "fast"}}, ParameterError, ["'k'", "'fast'", "not a real number"]),
        ({"params": {"k": float("nan")}}, ParameterError, ["'k'", "nan"]),
        ({"params": {"k": True}}, ParameterError, ["'k'", "True"]),
        ({"params": {"k": 1j}}, ParameterError, ["'k'", "1j"]),
        ({"params": {"kk": 1}}, ParameterError, ["unknown parameter 'kk'", "did you mean 'k'"]),
        ({"y0": 5}, StateError, ["y0 = 5", "one value per state"]),
        ({"y0": "1"}, StateError, ["y0 = '1'"]),
        ({"y0": [1, 2]}, StateError, ["y0 has 2 values", "1 states"]),
        ({"y0": {"x": 3}}, StateError, ["initial state 'x' = 3", "[0, 2]"]),
        ({"y0": {"z": 1}}, StateError, ["unknown state 'z'"]),
        ({"t_span": "0 10"}, BadInputError, ["t_span = '0 10'", "pair"]),
        ({"t_span": (0, 1, 2)}, BadInputError, ["t_span", "pair"]),
        ({"t_span": (5, 1)}, BadInputError, ["t_span end = 1", "[5, inf)"]),
        ({"t_span": (1, 1)}, BadInputError, ["t_span = (1, 1)", "empty"]),
        ({"t_span": (0, 5e-324)}, BadInputError, ["t_span = (0, 4.94066e-324)", "too short"]),
        ({"t_span": (1e15, 1e15 + 1)}, BadInputError, ["t_span", "too short"]),
        ({"t_span": (0, float("inf"))}, BadInputError, ["t_span end = inf"]),
        ({"t_span": (0, 10**400)}, BadInputError, ["t_span end", "401 digits"]),
        ({"t_eval": [[1, 2], [3, 4]]}, BadInputError, ["t_eval", "1-D", "(2, 2)"]),
        ({"t_eval": [3, 2, 1]}, BadInputError, ["t_eval", "strictly increasing"]),
        ({"t_eval": [0, 20]}, BadInputError, ["t_eval runs from 0 to 20", "t_span"]),
        ({"t_eval": ["a", "b"]}, BadInputError, ["t_eval = ['a', 'b']"]),
        ({"t_eval": [0, float("nan")]}, BadInputError, ["t_eval", "finite"]),
        ({"t_eval": 5.0}, BadInputError, ["t_eval", "1-D"]),
        ({"t_eval": np.zeros(10**7, dtype=np.float32)}, BadInputError, ["t_eval", "1,000,000"]),
        ({"n_points": 10**9}, BadInputError, ["n_points = 1000000000", "1,000,000", "GiB"]),
        ({"n_points": 10**400}, BadInputError, ["n_points", "401 digits", "EiB"]),
        ({"n_points": 1}, BadInputError, ["n_points = 1", ">= 2"]),
        ({"n_points": 2.5}, BadInputError, ["n_points = 2.5"]),
        ({"n_points": "401"}, BadInputError, ["n_points = '401'"]),
        ({"check_bounds": "no"}, BadInputError, ["check_bounds = 'no'", "True or False"]),
        ({"check_bounds": 0}, BadInputError, ["check_bounds = 0"]),
        ({"method": "Euler"}, BadInputError, ["method = 'Euler'", "LSODA"]),
        ({"method": ["RK45"]}, BadInputError, ["method = ['RK45']"]),
        ({"rtol": 0}, BadInputError, ["rtol = 0", "allowed range"]),
        ({"atol": -1}, BadInputError, ["atol = -1"]),
        ({"rtol": 10**400}, BadInputError, ["rtol", "401 digits"]),
        ({"budget": 0}, BadInputError, ["budget = 0", "positive integer"]),
        ({"budget": 1e5}, BadInputError, ["budget = 100000.0"]),
        ({"inputs": [Pulse(1, 1, 0.1)]}, BadInputError, ["inputs", "a list"]),
        ({"inputs": {"k": 0.5}}, BadInputError, ["input for parameter 'k'", "0.5"]),
        ({"inputs": {"q": Pulse(1, 1, 1)}}, ParameterError, ["unknown parameter 'q'"]),
        ({"inputs": {"k": Pulse(1, 1, 9)}}, ParameterError, ["'k'", "reaches 10", "[0, 5]"]),
    ],
)
def test_bad_arguments_to_simulate_name_the_argument(decay, arguments, error, culprits):
    refused(lambda: simulate(decay, **arguments), error, *culprits)


@pytest.mark.parametrize(
    ("model", "culprits"),
    [
        (None, ["model = None", "not a Model"]),
        ("IntimacyModel", ["model = 'IntimacyModel'"]),
        (IntimacyModel, ["did you mean IntimacyModel()?"]),
        (fickle_lover, ["did you mean fickle_lover()?"]),
        (load("P05_guarded_high_trust"), ["model = Scenario(", "not a Model"]),
    ],
)
def test_something_else_than_a_model_is_named(model, culprits):
    refused(lambda: simulate(model), BadInputError, *culprits)


def test_a_long_span_on_the_fickle_lovers_stops_at_the_budget():
    message = refused(
        lambda: simulate(fickle_lover(), (0, 1e12)),
        BudgetExceededError,
        "budget of 200,000 evaluations",
        "t_span = (0, 1e+12)",
        "401 output times",
        "shorter t_span",
    )
    assert "scipy" not in message


def test_the_radau_fallback_obeys_the_same_budget(monkeypatch):
    from intimacy_dynamics.errors import IntegrationError
    from intimacy_dynamics.simulation import simulate as simulate_module

    def failing_lsoda(self):
        raise IntegrationError("LSODA failed: pretend")

    monkeypatch.setattr(simulate_module._Piece, "_lsoda", failing_lsoda)
    error = refused(
        lambda: simulate(fickle_lover(), (0, 1e12), budget=3000),
        BudgetExceededError,
        "budget of 3,000",
        "t_span = (0, 1e+12)",
    )
    assert "Radau" not in error  # the message is ours, not the solver's


def test_an_oscillating_couple_over_a_long_span_stops_at_a_slider_budget():
    scenario = load("P10_poorly_differentiated")
    refused(
        lambda: scenario.run(IntimacyModel(), t_span=(0, 1e5), budget=INTERACTIVE_BUDGET),
        BudgetExceededError,
        "budget of 20,000",
        "t_span = (0, 100000)",
    )


def test_an_explicit_method_obeys_the_budget_too(rotor):
    refused(
        lambda: simulate(rotor, (0, 1e9), method="RK45", budget=2000),
        BudgetExceededError,
        "budget of 2,000",
        "t_span = (0, 1e+09)",
    )


def test_inputs_with_more_pieces_than_the_limit_are_refused(decay):
    first = Schedule(tuple(range(0, 9000)), (0.5,) * 9000)
    second = Schedule(tuple(k + 0.5 for k in range(0, 9000)), (0.5,) * 9000)
    refused(
        lambda: simulate(decay, (0, 9000), inputs={"k": first + second}),
        BadInputError,
        "18,000 breakpoints",
        "10,000",
    )


def test_a_schedule_at_its_limit_runs_or_stops_at_the_budget(decay):
    times = tuple(float(k) for k in range(10_000))
    schedule = Schedule(times, tuple(0.5 + 0.4 * (k % 2) for k in range(10_000)))
    refused(
        lambda: simulate(decay, (0, 10_000), inputs={"k": schedule}, budget=INTERACTIVE_BUDGET),
        BudgetExceededError,
        "10,000 input piece(s)",
    )


def test_inputs_splitting_the_span_into_too_many_pieces_are_refused():
    turns = {
        name: Schedule(tuple(k + shift for k in range(6000)), (0.5,) * 6000)
        for name, shift in (("depth_A", 0.0), ("depth_B", 0.5))
    }
    refused(
        lambda: simulate(IntimacyModel(), (0, 6000), inputs=turns),
        BadInputError,
        "12,000 pieces",
        "10,000",
        "t_span = (0, 6000)",
    )
