"""Ensembles, sweeps and Sobol indices: sizes checked before memory is taken."""

import numpy as np
import pytest

from intimacy_dynamics import BadInputError, BudgetExceededError, ParameterError, StateError
from intimacy_dynamics.ensemble import (
    global_sensitivity,
    integrate_ensemble,
    simulate_ensemble,
    sweep,
)
from tests.bad_input.conftest import refused


@pytest.mark.parametrize(
    ("arguments", "error", "culprits"),
    [
        ({"n_members": 10**9}, BadInputError, ["n_members = 1000000000", "1,000,000"]),
        ({"n_members": 10**400}, BadInputError, ["n_members", "401 digits"]),
        ({"n_members": 0}, BadInputError, ["n_members = 0"]),
        ({"n_members": "4"}, BadInputError, ["n_members = '4'"]),
        ({"n_members": 4, "n_points": 10**8}, BadInputError, ["n_points = 100000000"]),
        ({"n_members": 4, "t_eval": [[0, 1]]}, BadInputError, ["t_eval", "1-D"]),
        ({"n_members": 4, "t_eval": [1.0]}, BadInputError, ["t_eval", "at least 2"]),
        ({"n_members": 4, "t_span": (0, 5e-324)}, BadInputError, ["t_span", "too short"]),
        ({"n_members": 4, "n_bins": 10**7}, BadInputError, ["n_bins = 10000000", "1,000,000"]),
        ({"n_members": 4, "n_bins": 1}, BadInputError, ["n_bins = 1"]),
        ({"n_members": 4, "keep": "everything"}, BadInputError, ["keep = 'everything'"]),
        ({"n_members": 4, "chunk_size": 0}, BadInputError, ["chunk_size = 0"]),
        ({"n_members": 4, "budget": -5}, BadInputError, ["budget = -5"]),
        ({"n_members": 4, "ranges": [0, 1]}, BadInputError, ["ranges", "a list"]),
        ({"n_members": 4, "ranges": {"x": (1, 0)}}, BadInputError, ["band range of 'x'"]),
        ({"n_members": 4, "ranges": {"x": "0-1"}}, BadInputError, ["band range of 'x'", "pair"]),
        ({"n_members": 4, "ranges": {"x": (0, "one")}}, BadInputError, ["band range of 'x'"]),
        ({"n_members": 4, "ranges": {"q": (0, 1)}}, BadInputError, ["unknown state or output"]),
        ({"n_members": 4, "rtol": "tight"}, BadInputError, ["rtol = 'tight'"]),
        ({"y0": {"x": [0.5, 9.0]}}, StateError, ["state 'x' of member 1", "9.0", "[0, 2]"]),
        ({"y0": 5}, BadInputError, ["state table", "int"]),
        ({"n_members": 4, "y0": {"x": [1, 2]}}, BadInputError, ["ambiguous", "n_members: 4"]),
    ],
)
def test_bad_ensemble_arguments_name_the_argument(decay, arguments, error, culprits):
    table = {"k": np.linspace(0.5, 1, 2)} if "y0" in arguments else None
    refused(lambda: simulate_ensemble(decay, table, **arguments), error, *culprits)


@pytest.mark.parametrize(
    ("table", "error", "culprits"),
    [
        ({"k": [0.5, "fast"]}, ParameterError, ["parameter 'k'", "sequence of numbers"]),
        ({"k": [0.5, np.nan]}, ParameterError, ["parameter 'k' of member 1", "nan"]),
        ({"k": [0.5, 10**400]}, ParameterError, ["parameter 'k' of member 1", "401 digits"]),
        ({"k": [[0.5, 1]]}, ParameterError, ["parameter 'k'", "1-D"]),
        ([{"k": 1}, {"q": 2}], ParameterError, ["unknown parameter 'q'"]),
        ("k=1", BadInputError, ["parameter table", "str"]),
    ],
)
def test_bad_member_tables_name_the_member_and_value(decay, table, error, culprits):
    refused(lambda: simulate_ensemble(decay, table), error, *culprits)


def test_keeping_every_trajectory_of_a_huge_ensemble_is_refused_before_running(decay):
    refused(
        lambda: simulate_ensemble(decay, n_members=1_000_000, n_points=1000, keep="all"),
        BadInputError,
        "keep='all' for 1,000,000 members at 1,000 times",
        "GiB",
    )


def test_an_ensemble_over_a_huge_span_stops_at_its_budget(rotor):
    refused(
        lambda: simulate_ensemble(rotor, {"w": [1.0, 2.0]}, t_span=(0, 1e9), budget=5000),
        BudgetExceededError,
        "budget of 5,000",
        "t_span = (0, 1e+09)",
        "2 members together",
    )


@pytest.mark.parametrize(
    ("arguments", "culprits"),
    [
        ({"t_span": (5, 0)}, ["t_span end"]),
        ({"y0": np.ones(3)}, ["y0 must have shape (n_states, n_members)"]),
        ({"t_eval": np.linspace(0, 1, 2000), "y0": np.ones((100, 10_000))}, ["GiB"]),
        ({"chunk_size": 0.5}, ["chunk_size = 0.5"]),
        ({"budget": 10**400}, []),  # a huge budget is allowed: it is a limit, not a size
    ],
)
def test_the_ensemble_integrator_checks_its_arguments(arguments, culprits):
    call = {"t_span": (0, 1), "y0": np.ones((1, 2)), "params": [], "t_eval": np.array([1.0])}
    call.update(arguments)

    def run():
        return integrate_ensemble(lambda t, y, p: -y, **call)

    if not culprits:
        assert run().failed.sum() == 0
        return
    refused(run, BadInputError, *culprits)


@pytest.mark.parametrize(
    ("grid", "error", "culprits"),
    [
        ([0.5, 1.0], BadInputError, ["grid = [0.5, 1.0]", "mapping"]),
        ({}, BadInputError, ["grid = {}", "non-empty"]),
        ({"q": [1, 2]}, ParameterError, ["unknown parameter 'q'"]),
        ({"k": "fast"}, BadInputError, ["grid values of 'k'", "'fast'"]),
        ({"k": [[1, 2], [3, 4]]}, BadInputError, ["grid values of 'k'", "1-D"]),
        ({"k": []}, BadInputError, ["grid values of 'k'", "non-empty"]),
        ({"k": [1, 9]}, ParameterError, ["grid value 1 of parameter 'k' = 9.0", "[0, 5]"]),
        ({"k": [1, np.nan]}, ParameterError, ["grid value 1 of parameter 'k'", "nan"]),
        ({"k": np.linspace(0, 5, 2_000_000)}, BadInputError, ["grid values of 'k'", "2000000"]),
    ],
)
def test_bad_sweep_axes_are_refused_not_replaced(decay, grid, error, culprits):
    refused(lambda: sweep(decay, grid), error, *culprits)


def test_a_sweep_grid_whose_product_is_too_large_is_refused(rotor):
    import sympy

    from intimacy_dynamics import Model, Param

    x, a, b, c = sympy.symbols("x a b c")
    three = Model.from_equations(
        {x: a + b + c - x}, params={s: Param(0, bounds=(0, 1)) for s in (a, b, c)}
    )
    axis = np.linspace(0, 1, 200)
    refused(
        lambda: sweep(three, {"a": axis, "b": axis, "c": axis}),
        BadInputError,
        "200 x 200 x 200 = 8,000,000 points",
        "1,000,000",
    )


@pytest.mark.parametrize(
    ("arguments", "error", "culprits"),
    [
        ({"ranges": {"k": (0, 9)}}, ParameterError, ["range of parameter 'k' end = 9"]),
        ({"ranges": {"k": "0-1"}}, ParameterError, ["range of parameter 'k'", "pair"]),
        ({"ranges": {}}, BadInputError, ["ranges must be a non-empty mapping"]),
        ({"n": 100}, BadInputError, ["n = 100", "power of two"]),
        ({"n": 2**40}, BadInputError, ["n = 1,099,511,627,776", "1,000,000 members"]),
        ({"n_bootstrap": 10**9}, BadInputError, ["n_bootstrap = 1000000000", "10,000"]),
        ({"confidence": 2}, BadInputError, ["confidence = 2"]),
    ],
)
def test_bad_sobol_arguments_name_the_argument(decay, arguments, error, culprits):
    call = {"ranges": {"k": (0.5, 1.0)}, "outcome": "x", "n": 16, **arguments}
    refused(lambda: global_sensitivity(decay, **call), error, *culprits)


@pytest.mark.parametrize("quantiles", [["a"], [0.5, 2], [np.nan], [[0.5]], "median"])
def test_bad_quantiles_are_named(decay, quantiles):
    result = simulate_ensemble(decay, {"k": [0.5, 1.0]}, n_points=5)
    refused(lambda: result.bands("x", quantiles), BadInputError, "quantiles =")
