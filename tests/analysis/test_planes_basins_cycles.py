"""Phase planes, basins, cycles and orbit diagrams against known answers."""

import math

import numpy as np
import pytest
import sympy

from intimacy_dynamics import BadInputError, Model, State, StateError
from intimacy_dynamics.analysis import (
    basins,
    limit_cycle,
    measure_oscillation,
    nullclines,
    orbit_diagram,
)
from intimacy_dynamics.analysis.phase_plane import zero_contour
from tests.analysis.systems import hopf_normal_form, hysteresis


def test_zero_contour_traces_a_circle():
    xs = ys = np.linspace(-2, 2, 201)
    X, Y = np.meshgrid(xs, ys)
    segments = zero_contour(xs, ys, X**2 + Y**2 - 1)
    radii = np.hypot(segments[..., 0], segments[..., 1])
    np.testing.assert_allclose(radii, 1.0, atol=2e-4)
    assert len(segments) > 300  # closed curve, no gaps


def test_nullclines_of_the_normal_form_cross_at_the_equilibrium():
    plane = nullclines(hopf_normal_form(), {"mu": 0.5}, "x", "y", grid=101)
    assert plane.dx.shape == (101, 101)
    for state in ("x", "y"):
        segments = plane.nullcline(state)
        assert len(segments) > 0
        ends = segments.reshape(-1, 2)
        rates = plane.model.compile().rhs_vectorized(0, ends.T, [0.5])
        row = 0 if state == "x" else 1
        assert np.max(np.abs(rates[row])) < 0.05  # on the nullcline, up to the grid
    fig = plane.figure(trajectories=plane.trajectories([[0.1, 0.0]], (0, 20)))
    assert any(t.name == "x nullcline" for t in fig.data)


def test_phase_plane_holds_other_states_and_rejects_bad_projections():
    model = hysteresis()
    plane = nullclines(model, None, "x", "y", hold={"y": 0.5})
    assert plane.held == {}
    with pytest.raises(StateError, match="unknown state 'z'"):
        nullclines(model, None, "x", "z")
    with pytest.raises(BadInputError, match="two different states"):
        nullclines(model, None, "x", "x")
    with pytest.raises(BadInputError, match="grid"):
        nullclines(model, None, "x", "y", grid=2)


def test_basins_of_the_hysteresis_switch_split_at_the_unstable_root():
    r0 = 0.2
    middle = sorted(np.roots([-1, 0, 1, r0]).real)[1]  # the saddle separates the basins
    found = basins(hysteresis(), {"r": r0}, "x", "y", grid=(81, 5), ranges={"x": (-2, 2)})
    assert len(found.attractors) == 2
    high = next(k for k, a in enumerate(found.attractors) if a.state["x"] > 0)
    expected_high = (2 - middle) / 4
    assert found.fractions[high] == pytest.approx(expected_high, abs=2 / 80)
    assert found.label_at(middle + 0.1, 0) == high
    assert found.label_at(middle - 0.1, 0) != high
    assert "attractor" in found.figure().data[0].name


def test_basins_mark_a_limit_cycle_as_not_settled():
    found = basins(hopf_normal_form(0.5), None, "x", "y", grid=6, t_end=50)
    assert found.attractors == []
    assert found.fractions == {-1: 1.0}


def test_limit_cycle_of_the_normal_form():
    for mu in (0.04, 0.25, 0.64):
        cycle = limit_cycle(hopf_normal_form(mu), state="x")
        assert cycle.oscillating
        assert cycle.amplitude == pytest.approx(math.sqrt(mu), rel=1e-3)
        assert cycle.period == pytest.approx(2 * math.pi, rel=1e-3)
    assert not limit_cycle(hopf_normal_form(-0.3), state="x").oscillating


def test_van_der_pol_period_matches_the_known_value():
    u, v, eps = sympy.symbols("u v eps")
    vdp = Model.from_equations(
        {u: v, v: eps * (1 - u**2) * v - u},
        params={eps: 1.0},
        states={"u": State(0.5, bounds=(-5, 5)), "v": State(0, bounds=(-5, 5))},
        t_span=(0, 150),
    )
    cycle = limit_cycle(vdp, state="u")
    assert cycle.period == pytest.approx(6.6633, abs=2e-3)  # Van der Pol, epsilon = 1
    assert cycle.amplitude == pytest.approx(2.0086, abs=2e-3)


def test_orbit_diagram_grows_from_the_hopf():
    values = np.linspace(-0.3, 0.6, 10)
    diagram = orbit_diagram(hopf_normal_form(), None, "mu", values, "x")
    expected = np.sqrt(np.clip(values, 0, None))
    np.testing.assert_allclose(
        diagram.amplitudes[values > 0.05], expected[values > 0.05], rtol=0.02
    )
    assert not diagram.oscillating[values < 0].any()
    assert np.isnan(diagram.periods[values < 0]).all()
    assert diagram.figure(mark=0.0).layout.xaxis.title.text == "mu"


def test_measure_oscillation_needs_three_crossings():
    t = np.linspace(0, 1, 100)
    assert not measure_oscillation(t, np.sin(2 * np.pi * t), 0.01).oscillating
    assert not measure_oscillation(t, np.full(100, 0.3), 0.01).oscillating


def test_cycle_tools_reject_bad_input():
    model = hopf_normal_form()
    with pytest.raises(StateError):
        limit_cycle(model, state="q")
    with pytest.raises(BadInputError, match="transient"):
        limit_cycle(model, state="x", transient=1.5)
    with pytest.raises(BadInputError, match=r"value of 'mu' = 9.0 is outside"):
        orbit_diagram(model, None, "mu", [0.1, 9], "x")
    with pytest.raises(BadInputError, match="at least one"):
        orbit_diagram(model, None, "mu", [], "x")
