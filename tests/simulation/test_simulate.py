"""simulate(): accuracy against closed forms, inputs, failures and bad input."""

import math

import numpy as np
import pytest
import sympy
from scipy.linalg import expm

from intimacy_dynamics import (
    BadInputError,
    IntegrationError,
    Model,
    Param,
    ParameterError,
    Pulse,
    Schedule,
    State,
    StateError,
    simulate,
)
from intimacy_dynamics.simulation import simulate as simulate_module
from tests.conftest import Dyad, linear_model

# a damped rotation coupled to a decaying mode: complex and real eigenvalues
MATRIX = [[-0.1, 1.0, 0.0], [-1.0, -0.1, 0.5], [0.0, 0.0, -0.7]]


@pytest.mark.parametrize("method", ["auto", "LSODA", "RK45", "DOP853", "Radau", "BDF"])
def test_simulate_matches_the_closed_form_of_a_linear_system(method):
    model = linear_model(MATRIX)
    y0 = {"x0": 1.0, "x1": -0.5, "x2": 2.0}
    times = np.linspace(0, 20, 81)
    traj = simulate(model, (0, 20), y0=y0, t_eval=times, method=method, rtol=1e-10, atol=1e-12)
    exact = np.stack([expm(np.array(MATRIX) * t) @ [1.0, -0.5, 2.0] for t in times], axis=1)
    tolerance = 1e-6 if method in ("BDF",) else 1e-7
    np.testing.assert_allclose(traj.y, exact, atol=tolerance)
    assert traj.solver["method"] == method


def test_default_tolerances_are_good_enough_for_plots():
    model = linear_model(MATRIX)
    traj = simulate(model, (0, 20), y0=[1.0, -0.5, 2.0])
    exact = expm(np.array(MATRIX) * 20) @ [1.0, -0.5, 2.0]
    np.testing.assert_allclose(traj.y[:, -1], exact, atol=1e-5)
    assert traj.t.size == 401


def _relaxation(k=0.5):
    x, u, rate = sympy.symbols("x u k")
    return Model.from_equations(
        {x: u - rate * x},
        params={"u": Param(0.0, bounds=(0, 1)), "k": Param(k, bounds=(0, 5))},
        states={"x": State(0.0, bounds=(0, 2))},
    )


def test_a_box_pulse_is_resolved_exactly_at_its_edges():
    model = _relaxation(k=0.5)
    pulse = Pulse(start=2.0, duration=3.0, amplitude=0.8)
    times = np.array([1.0, 2.0, 3.5, 5.0, 9.0])
    traj = simulate(model, (0, 10), t_eval=times, inputs={"u": pulse}, rtol=1e-10, atol=1e-12)

    def inside(t):
        return 0.8 / 0.5 * (1 - np.exp(-0.5 * (t - 2.0)))

    expected = [0.0, 0.0, inside(3.5), inside(5.0), inside(5.0) * np.exp(-0.5 * 4.0)]
    np.testing.assert_allclose(traj["x"], expected, atol=1e-9)
    np.testing.assert_allclose(traj["u"], [0, 0.8, 0.8, 0, 0])


def test_exponential_pulse_and_schedule_and_sum():
    model = _relaxation(k=1.0)
    kick = Pulse(start=1.0, duration=2.0, amplitude=0.6, shape="exponential")
    traj = simulate(model, (0, 6), inputs={"u": kick}, rtol=1e-10, atol=1e-12, n_points=61)
    # closed form of x' = a e^{-(t-1)/tau} - x for t > 1, x(1) = 0
    t = traj.t[traj.t >= 1.0] - 1.0
    a, tau = 0.6, 2.0
    exact = a / (1 - 1 / tau) * (np.exp(-t / tau) - np.exp(-t))
    np.testing.assert_allclose(traj["x"][traj.t >= 1.0], exact, atol=1e-8)

    turns = Schedule(times=(0.0, 2.0, 4.0), values=(1.0, 0.0, 0.5))
    traj = simulate(model, (0, 6), inputs={"u": turns}, t_eval=[2.0, 4.0, 6.0], rtol=1e-10)
    x2 = 1 - np.exp(-2.0)
    x4 = x2 * np.exp(-2.0)
    x6 = 0.5 + (x4 - 0.5) * np.exp(-2.0)
    np.testing.assert_allclose(traj["x"], [x2, x4, x6], atol=1e-8)

    both = Pulse(1, 1, 0.3) + Pulse(1.5, 1, 0.3)
    traj = simulate(model, (0, 4), inputs={"u": both}, t_eval=[1.75])
    assert traj["u"][0] == pytest.approx(0.6)


@pytest.mark.parametrize("method", ["auto", "RK45", "Radau"])
def test_a_piece_ending_where_an_exponential_pulse_starts_never_sees_the_pulse(method):
    # before t = 2 nothing drives x, so x(2) is exactly its start; the solver's last
    # stages of that piece are evaluated at t = 2 itself, where the pulse is already on
    kick = Pulse(start=2.0, duration=1.0, amplitude=0.9, shape="exponential")
    traj = simulate(_relaxation(), (0, 4), inputs={"u": kick}, t_eval=[2.0, 4.0], method=method)
    assert traj["x"][0] == 0.0
    assert traj["x"][1] > 0.1


def test_stiff_problems_are_solved_by_auto():
    y1, y2, y3 = sympy.symbols("y1 y2 y3")
    robertson = Model.from_equations(
        {
            y1: -0.04 * y1 + 1e4 * y2 * y3,
            y2: 0.04 * y1 - 1e4 * y2 * y3 - 3e7 * y2**2,
            y3: 3e7 * y2**2,
        },
        states={"y1": State(1.0)},
    )
    traj = simulate(robertson, (0, 1e5), t_eval=[1e5], rtol=1e-8, atol=1e-12)
    reference = simulate(robertson, (0, 1e5), t_eval=[1e5], method="Radau", rtol=1e-8, atol=1e-12)
    np.testing.assert_allclose(traj.y, reference.y, rtol=1e-4, atol=1e-9)
    assert sum(traj.final().values()) == pytest.approx(1.0, abs=1e-8)  # mass is conserved


def test_auto_falls_back_to_radau_when_lsoda_fails(monkeypatch):
    def failing_lsoda(self):
        raise IntegrationError("LSODA failed: pretend", t_reached=self.a)

    monkeypatch.setattr(simulate_module._Piece, "_lsoda", failing_lsoda)
    model = linear_model(MATRIX)
    traj = simulate(model, (0, 5), y0=[1.0, 0.0, 0.0], rtol=1e-10, atol=1e-12)
    assert traj.solver["fallback"] is True
    np.testing.assert_allclose(traj.y[:, -1], expm(np.array(MATRIX) * 5) @ [1, 0, 0], atol=1e-7)


def test_a_blow_up_is_a_clear_error_not_a_partial_result():
    x = sympy.Symbol("x")
    explosive = Model.from_equations({x: x**2}, states={"x": State(1.0)}, name="Explosive")
    with pytest.raises(IntegrationError, match="failed at t = ") as caught:
        simulate(explosive, (0, 2))
    assert caught.value.t_reached == pytest.approx(1.0, abs=0.05)  # x = 1/(1 - t)


def test_a_state_leaving_its_declared_range_is_reported():
    x = sympy.Symbol("x")
    leaky = Model.from_equations({x: 1 - x}, states={"x": State(0.0, bounds=(0, 0.5))})
    with pytest.raises(IntegrationError, match=r"state 'x' left its declared range \[0, 0.5\]"):
        simulate(leaky, (0, 5))
    assert simulate(leaky, (0, 5), check_bounds=False).final()["x"] > 0.99


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        (
            {"t_span": (5, 1)},
            BadInputError,
            r"t_span end = 1 is outside its allowed range \[5, inf",
        ),
        ({"t_span": (0, 0)}, BadInputError, "is empty"),
        ({"t_span": (0, math.inf)}, BadInputError, "t_span end = inf is not a finite number"),
        ({"t_span": 10}, BadInputError, "must be a pair"),
        ({"t_eval": [0, 70]}, BadInputError, "outside t_span"),
        ({"t_eval": [3, 1]}, BadInputError, "strictly increasing"),
        ({"n_points": 1}, BadInputError, "n_points = 1 must be an integer >= 2"),
        ({"method": "Euler"}, BadInputError, "method = 'Euler' is not one of auto"),
        ({"rtol": 0}, BadInputError, r"rtol = 0 is outside its allowed range"),
        ({"params": {"gain_Z": 1}}, ParameterError, "unknown parameter 'gain_Z'"),
        ({"params": {"gain_A": -1}}, ParameterError, r"'gain_A' = -1 is outside .* \[0, 20\]"),
        ({"y0": {"trust_A": 2}}, StateError, r"'trust_A' = 2 is outside .* \[0, 1\]"),
        ({"inputs": {"speed": Pulse(1, 1, 1)}}, ParameterError, "unknown parameter 'speed'"),
        ({"inputs": {"learning": 0.4}}, BadInputError, "must be a Signal"),
        (
            {"inputs": {"threshold_A": Pulse(1, 1, 0.8)}},
            ParameterError,
            r"input for parameter 'threshold_A' reaches 1.3, outside its allowed range \[0, 1\]",
        ),
    ],
)
def test_bad_input_is_named_with_its_value_and_allowed_range(kwargs, error, message):
    with pytest.raises(error, match=message):
        simulate(Dyad(), **kwargs)


def test_trajectory_access_and_export(dyad):
    traj = simulate(dyad, (0, 30), params={"learning": 0.5}, n_points=31)
    assert traj["trust_A"].shape == (31,)
    assert traj.final()["trust_B"] == traj["trust_B"][-1]
    assert traj["learning"][0] == 0.5
    late = traj["disclosure_A"][traj.t >= 22.5].mean()
    assert traj.tail_mean("disclosure_A") == pytest.approx(late)
    frame = traj.to_dataframe()
    assert list(frame.columns) == dyad.state_names
    assert frame.index.name == "t"
    with pytest.raises(BadInputError, match="unknown quantity 'trust'"):
        traj["trust"]


def test_outputs_are_computed_with_the_inputs_in_force():
    x, u = sympy.symbols("x u")
    model = Model.from_equations(
        {x: -x}, params={"u": Param(0.0, bounds=(0, 1))}, outputs={"signal_seen": u + x}
    )
    traj = simulate(model, (0, 4), inputs={"u": Pulse(1, 1, 1.0)}, t_eval=[0.5, 1.5, 3.0])
    np.testing.assert_allclose(traj["signal_seen"] - traj["x"], [0, 1, 0])
