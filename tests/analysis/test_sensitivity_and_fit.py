"""Sensitivity ranking, parameter recovery, identifiability and GLLA."""

import warnings

import numpy as np
import pytest
import sympy

from intimacy_dynamics import BadInputError, Model, Param, ParameterError, State, simulate
from intimacy_dynamics.analysis import (
    IdentifiabilityWarning,
    estimate_coupled_oscillator,
    fit,
    glla,
    sensitivity,
)

x, y, a, b, c, d, k1, k2 = sympy.symbols("x y a b c d k1 k2")


def predator_prey():
    return Model.from_equations(
        {x: a * x - b * x * y, y: c * x * y - d * y},
        params={
            a: Param(1.0, bounds=(0, 5)),
            b: Param(0.5, bounds=(0, 5)),
            c: Param(0.2, bounds=(0, 5)),
            d: Param(0.6, bounds=(0, 5)),
        },
        states={"x": State(2.0, bounds=(0, 100)), "y": State(1.0, bounds=(0, 100))},
        name="PredatorPrey",
    )


def test_sensitivity_of_an_equilibrium_matches_calculus():
    # x' = a - b x - c x y, y' = d (x - y): the long-run x solves a = b x + c x^2
    model = Model.from_equations(
        {x: a - b * x - c * x * y, y: d * (x - y)},
        params={
            a: Param(2.0, bounds=(0, 5)),
            b: Param(1.0, bounds=(0.1, 5)),
            c: Param(0.5, bounds=(0, 5)),
            d: Param(1.0, bounds=(0.1, 5)),
        },
        states={"x": State(0, bounds=(0, 10)), "y": State(0, bounds=(0, 10))},
        t_span=(0, 60),
    )
    result = sensitivity(model, outcome="x", relative_step=1e-3)
    xs = (-1 + np.sqrt(1 + 4 * 0.5 * 2)) / (2 * 0.5)
    slope = 1 / (1 + 2 * 0.5 * xs)  # dx/da from a = b x + c x^2
    expected = {"a": slope, "b": -xs * slope, "c": -(xs**2) * slope, "d": 0.0}
    for name, derivative in zip(result.names, result.derivative, strict=True):
        assert derivative == pytest.approx(expected[name], rel=1e-3, abs=1e-6)
    assert result.value == pytest.approx(xs, abs=1e-6)
    assert result.names[-1] == "d"  # no long-run effect: ranked last
    assert result.figure().data[0].orientation == "h"


def test_sensitivity_rejects_unknown_outcomes_and_parameters():
    with pytest.raises(BadInputError, match="unknown state or output 'z'"):
        sensitivity(predator_prey(), outcome="z")
    with pytest.raises(ParameterError, match="unknown parameter 'e'"):
        sensitivity(predator_prey(), outcome="x", names=["e"])


def test_fit_recovers_parameters_from_noisy_irregular_data_with_missing_values():
    model = predator_prey()
    truth = {"a": 1.1, "b": 0.45, "c": 0.25, "d": 0.7}
    rng = np.random.default_rng(7)
    times = np.sort(rng.uniform(0, 30, 80))
    run = simulate(model, (0, 30), truth, t_eval=times)
    noise = 0.05
    data = {
        "t": times,
        "x": run["x"] + rng.normal(0, noise, times.size),
        "y": run["y"] + rng.normal(0, noise, times.size),
    }
    data["x"][rng.choice(times.size, 10, replace=False)] = np.nan
    result = fit(model, data, free=list(truth), t0=0.0)
    assert result.success
    assert result.identifiable
    for name, value in truth.items():
        estimate, error = result.estimates[name], result.standard_errors[name]
        assert abs(estimate - value) < 4 * error  # within 4 standard errors
        assert abs(estimate - value) < 0.05 * value  # and within 5 %
    assert result.residual_sd == pytest.approx(noise, rel=0.3)
    assert result.n_observations == 150


def test_fit_estimates_an_initial_state_too():
    model = predator_prey()
    run = simulate(model, (0, 10), y0={"x": 3.0}, n_points=40)
    result = fit(
        model,
        {"t": run.t, "x": run["x"], "y": run["y"]},
        free=["a"],
        free_initial=["x"],
        params={"a": 0.8},
    )
    assert result.estimates["initial x"] == pytest.approx(3.0, abs=1e-4)
    assert result.estimates["a"] == pytest.approx(1.0, abs=1e-4)


def test_fit_flags_a_non_identifiable_pair():
    model = Model.from_equations(
        {x: -(k1 + k2) * x},
        params={k1: Param(0.2, bounds=(0, 5)), k2: Param(0.3, bounds=(0, 5))},
        states={"x": State(1.0, bounds=(0, 2))},
    )
    times = np.linspace(0, 5, 30)
    data = {"t": times, "x": np.exp(-0.9 * times)}
    with pytest.warns(IdentifiabilityWarning, match="k1 and k2"):
        result = fit(model, data, free=["k1", "k2"])
    assert not result.identifiable
    assert result.estimates["k1"] + result.estimates["k2"] == pytest.approx(0.9, abs=1e-5)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # one rate alone is identifiable
        assert fit(model, data, free=["k1"]).estimates["k1"] == pytest.approx(0.6, abs=1e-5)


def test_fit_says_when_the_data_push_an_estimate_onto_a_bound():
    model = Model.from_equations(
        {x: -k1 * x},
        params={k1: Param(0.2, bounds=(0, 5))},
        states={"x": State(1.0, bounds=(0, 10))},
    )
    times = np.linspace(0, 5, 30)
    growing = {"t": times, "x": np.exp(0.1 * times)}  # a decay rate would have to be < 0
    with pytest.warns(IdentifiabilityWarning, match="k1 on a hard bound"):
        result = fit(model, growing, free=["k1"])
    assert result.estimates["k1"] == pytest.approx(0.0, abs=1e-9)


@pytest.mark.parametrize(
    ("data", "free", "message"),
    [
        ({"x": [1, 2]}, ["a"], "'t' column"),
        ({"t": [0, 0], "x": [1, 2]}, ["a"], "strictly increasing"),
        ({"t": [0, 1], "w": [1, 2]}, ["a"], "unknown state or output 'w'"),
        ({"t": [0, 1], "x": [1, 2, 3]}, ["a"], "3 values for 2 times"),
        ({"t": [0, 1, 2], "x": [1, 2, 3]}, [], "nothing to fit"),
        ({"t": [0, 1], "x": [1, np.nan]}, ["a", "b"], "cannot determine 2 unknowns"),
    ],
)
def test_fit_rejects_bad_data(data, free, message):
    with pytest.raises(BadInputError, match=message):
        fit(predator_prey(), data, free=free)


def test_fit_accepts_a_dataframe():
    pd = pytest.importorskip("pandas")
    model = predator_prey()
    run = simulate(model, (0, 10), {"a": 1.2}, n_points=30)
    frame = run.to_dataframe()[["x", "y"]]
    assert fit(model, frame, free=["a"]).estimates["a"] == pytest.approx(1.2, abs=1e-5)
    assert isinstance(frame, pd.DataFrame)


def test_glla_recovers_a_coupled_oscillator_from_noisy_daily_data():
    # x'' = eta_x x + zeta_x x' + eta_xy y ; y'' = eta_y y + zeta_y y' + eta_yx x
    # periods of about 16 and 20 days, observed once a day: the diary setting GLLA is for
    truth = {
        "eta_x": -0.15,
        "zeta_x": -0.05,
        "eta_xy": 0.03,
        "zeta_xy": 0.0,
        "eta_y": -0.1,
        "zeta_y": -0.1,
        "eta_yx": 0.045,
        "zeta_yx": 0.0,
    }
    x1, v1, x2, v2 = sympy.symbols("x1 v1 x2 v2")
    model = Model.from_equations(
        {
            x1: v1,
            v1: truth["eta_x"] * x1 + truth["zeta_x"] * v1 + truth["eta_xy"] * x2,
            x2: v2,
            v2: truth["eta_y"] * x2 + truth["zeta_y"] * v2 + truth["eta_yx"] * x1,
        },
        states={"x1": State(2.0), "x2": State(-1.5)},
    )
    days = np.arange(0, 300.0, 1.0)
    run = simulate(model, (0, 299), t_eval=days, rtol=1e-10, atol=1e-12)
    rng = np.random.default_rng(3)
    noisy = {n: run[n] + rng.normal(0, 0.01, days.size) for n in ("x1", "x2")}
    estimate = estimate_coupled_oscillator(noisy["x1"], noisy["x2"], dt=1.0, embedding=5)
    for name, value in truth.items():
        assert estimate[name] == pytest.approx(value, abs=0.015), name
    with pytest.raises(BadInputError, match="embedding"):
        glla(noisy["x1"], 1.0, embedding=2)
