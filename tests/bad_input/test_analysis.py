"""Equilibria, continuation, basins, phase planes, cycles, fits and GLLA."""

import numpy as np
import pytest

from intimacy_dynamics import BadInputError, ParameterError, StateError
from intimacy_dynamics.analysis import (
    basins,
    continuation,
    equilibria,
    estimate_coupled_oscillator,
    fit,
    glla,
    limit_cycle,
    nullclines,
    orbit_diagram,
    sensitivity,
)
from tests.bad_input.conftest import refused


@pytest.mark.parametrize(
    ("arguments", "error", "culprits"),
    [
        ({"n_starts": 10**9}, BadInputError, ["n_starts = 1000000000", "10,000", "GiB"]),
        ({"n_starts": 10**400}, BadInputError, ["n_starts", "401 digits"]),
        ({"n_starts": 0}, BadInputError, ["n_starts = 0", "positive integer"]),
        ({"n_starts": 8.0}, BadInputError, ["n_starts = 8.0"]),
        ({"starts": "origin"}, BadInputError, ["starts", "'origin'"]),
        ({"starts": [[np.nan, 0.0]]}, BadInputError, ["starts", "finite", "(2, k)"]),
        ({"starts": np.zeros((3, 4))}, BadInputError, ["starts", "(2, k)"]),
        ({"starts": np.zeros((2, 20_000))}, BadInputError, ["starts = 20000", "10,000"]),
        ({"box": [(0, 1)]}, StateError, ["box", "a list"]),
        ({"box": {"x": (1, 0)}}, BadInputError, ["range of state 'x'", "empty"]),
        ({"tol": 0}, BadInputError, ["tol = 0"]),
        ({"seed": "lucky"}, BadInputError, ["seed = 'lucky'"]),
        ({"inside_bounds": "yes"}, BadInputError, ["inside_bounds = 'yes'"]),
        ({"params": ["w"]}, ParameterError, ["params", "a list"]),
    ],
)
def test_bad_equilibria_arguments_name_the_argument(rotor, arguments, error, culprits):
    refused(lambda: equilibria(rotor, **arguments), error, *culprits)


@pytest.mark.parametrize(
    ("arguments", "culprits"),
    [
        ({"ds": float("nan")}, ["ds = nan"]),
        ({"ds": 0}, ["ds = 0", "allowed range"]),
        ({"ds": -0.02}, ["ds = -0.02"]),
        ({"ds": 0.5}, ["ds = 0.5", "[1e-09, 0.05]"]),
        ({"ds_max": float("inf")}, ["ds_max = inf"]),
        ({"ds_max": 2}, ["ds_max = 2", "[1e-09, 1]"]),
        ({"max_points": 10**9}, ["max_points = 1000000000", "10,000"]),
        ({"max_points": 1}, ["max_points = 1", ">= 2"]),
        ({"tol": "small"}, ["tol = 'small'"]),
        ({"bounds": "0 to 5"}, ["bounds = '0 to 5'", "pair"]),
        ({"bounds": (0.5, 0.5)}, ["continuation range of 'w'", "empty"]),
        ({"bounds": (0.5, 99)}, ["continuation range of 'w' end = 99"]),
    ],
)
def test_bad_continuation_arguments_name_the_argument(rotor, arguments, culprits):
    call = {"bounds": (0.5, 2.0), **arguments}
    refused(lambda: continuation(rotor, None, "w", **call), BadInputError, *culprits)


@pytest.mark.parametrize(
    ("function", "arguments", "culprits"),
    [
        (basins, {"grid": 10**5}, ["grid = 100000", "10,000,000,000 points", "250,000"]),
        (basins, {"grid": (10, 10**6)}, ["grid = (10, 1000000)", "250,000"]),
        (basins, {"grid": 1}, ["grid = 1", ">= 2"]),
        (basins, {"grid": "fine"}, ["grid = 'fine'"]),
        (basins, {"grid": (10, 2.5)}, ["grid = (10, 2.5)"]),
        (basins, {"t_end": 0}, ["t_end = 0"]),
        (basins, {"budget": 0}, ["budget = 0"]),
        (basins, {"ranges": {"x": (0, 9)}}, ["range of 'x' end = 9", "[-2, 2]"]),
        (basins, {"x": "x", "y": "x"}, ["two different states"]),
        (nullclines, {"grid": 10**5}, ["grid = 100000", "250,000"]),
        (nullclines, {"grid": 2}, ["grid = 2", ">= 3"]),
        (nullclines, {"ranges": [("x", 0, 1)]}, ["ranges", "a list"]),
    ],
)
def test_bad_grids_are_refused_before_allocation(rotor, function, arguments, culprits):
    refused(lambda: function(rotor, **arguments), BadInputError, *culprits)


@pytest.mark.parametrize(
    ("arguments", "culprits"),
    [
        ({"dt": 0}, ["dt = 0", "positive"]),
        ({"dt": -1}, ["dt = -1"]),
        ({"dt": float("nan")}, ["dt = nan"]),
        ({"dt": "daily"}, ["dt = 'daily'"]),
        ({"x": np.full(20, np.nan)}, ["x holds 20 missing", "index 0"]),
        ({"x": np.r_[np.ones(5), np.inf, np.ones(5)]}, ["x holds 1 missing", "index 5"]),
        ({"x": np.ones((4, 5))}, ["x must be a 1-D series", "(4, 5)"]),
        ({"x": "0.1 0.2"}, ["x = '0.1 0.2'"]),
        ({"embedding": 50}, ["embedding = 50", "longer than the series (20"]),
        ({"embedding": 2}, ["embedding = 2", ">= 3"]),
        ({"embedding": 5.0}, ["embedding = 5.0"]),
        ({"order": 9}, ["order = 9", "limit of 4"]),
    ],
)
def test_glla_refuses_what_it_cannot_differentiate(arguments, culprits):
    call = {"x": np.sin(np.arange(20) * 0.1), "dt": 0.1, **arguments}
    refused(lambda: glla(**call), BadInputError, *culprits)


def test_the_oscillator_estimate_needs_series_of_one_length():
    x = np.sin(np.arange(40) * 0.1)
    refused(
        lambda: estimate_coupled_oscillator(x, x[:30], dt=0.1),
        BadInputError,
        "same length",
        "40 and 30",
    )


@pytest.mark.parametrize(
    ("data", "arguments", "culprits"),
    [
        ([1, 2, 3], {}, ["data must be a mapping", "'t'"]),
        ({"t": ["a", "b"], "x": [1, 2]}, {}, ["data['t'] = ['a', 'b']"]),
        ({"t": [0, np.nan, 2], "x": [1, 1, 1]}, {}, ["data['t'] holds 1 missing"]),
        ({"t": [0, 1, 2], "x": ["a", 1, 1]}, {}, ["data['x']", "'a'"]),
        ({"t": [0, 1, 2], "x": [1, 1]}, {}, ["data['x'] has 2 values for 3 times"]),
        ({"t": [0, 1, 2], "x": [1, 0.5, 0.2]}, {"free": "k"}, ["free", "a string"]),
    ],
)
def test_bad_fits_name_the_data_column_or_argument(decay, data, arguments, culprits):
    call = {"free": ["k"], **arguments}
    refused(lambda: fit(decay, data, **call), BadInputError, *culprits)


@pytest.mark.parametrize(
    ("arguments", "culprits"),
    [
        ({"values": "0.5"}, ["values = '0.5'"]),
        ({"values": []}, ["at least one parameter value"]),
        ({"values": [1, 99]}, ["value of 'w' = 99.0"]),
        ({"values": [1], "n_points": 10**9}, ["n_points = 1000000000"]),
        ({"values": [1], "t_span": (0, 0)}, ["t_span = (0, 0)", "empty"]),
        ({"values": [1], "transient": 1.5}, ["transient = 1.5"]),
    ],
)
def test_bad_orbit_diagrams_name_the_argument(rotor, arguments, culprits):
    refused(lambda: orbit_diagram(rotor, None, "w", **arguments), BadInputError, *culprits)


def test_the_other_analyses_check_model_and_span(rotor):
    refused(lambda: limit_cycle(None), BadInputError, "model = None")
    refused(lambda: sensitivity(rotor, t_span=(0, -1)), BadInputError, "t_span end = -1")
    refused(lambda: equilibria("Rotor"), BadInputError, "model = 'Rotor'")
