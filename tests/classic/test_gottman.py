"""The Gottman-Murray marriage map: structural facts of the difference equations."""

import numpy as np
import pytest

from intimacy_dynamics import BadInputError, ParameterError
from intimacy_dynamics.classic import GottmanMap, gottman_map

WORKED_EXAMPLE = {"a": 0.2, "b": -0.1, "r1": 0.5, "r2": 0.4, "m_HW": 0.3, "m_WH": 0.2}


def test_without_influence_wife_converges_geometrically_at_rate_r1():
    model = gottman_map(a=0.3, r1=0.7, m_HW=0.0, m_WH=0.0)
    run = model.iterate(40, W0=-2.0, H0=1.0)
    target = 0.3 / (1 - 0.7)
    errors = run.W - target
    np.testing.assert_allclose(errors[1:] / errors[:-1], 0.7, rtol=1e-9)
    assert abs(run.final()["W"] - target) < 1e-5
    assert model.uninfluenced_steady_states()[0] == pytest.approx(target)


def test_worked_example_fixed_point_and_eigenvalues():
    model = gottman_map(**WORKED_EXAMPLE)
    np.testing.assert_allclose(model.fixed_point(), (0.375, -0.04167), atol=5e-6)
    np.testing.assert_allclose(model.uninfluenced_steady_states(), (0.4, -0.1667), atol=5e-5)
    ev = np.sort(np.linalg.eigvals(model.jacobian()).real)[::-1]
    np.testing.assert_allclose(ev, (0.6544, 0.3056), atol=5e-5)
    # iterating the map reaches the same point, whatever the start
    for w0, h0 in [(-3.0, 2.0), (1.0, 1.0)]:
        final = model.iterate(200, W0=w0, H0=h0).final()
        np.testing.assert_allclose([final["W"], final["H"]], model.fixed_point(), atol=1e-12)


def test_fixed_point_solves_the_steady_state_equations(rng_params):
    for values in rng_params:
        model = gottman_map(**values)
        w, h = model.fixed_point()
        assert w == pytest.approx((values["a"] + values["m_HW"] * h) / (1 - values["r1"]))
        assert h == pytest.approx((values["b"] + values["m_WH"] * w) / (1 - values["r2"]))
        assert model.step(w, h) == pytest.approx((w, h))


def test_jacobian_trace_and_determinant(rng_params):
    for values in rng_params:
        jac = gottman_map(**values).jacobian()
        r1, r2, m_hw, m_wh = values["r1"], values["r2"], values["m_HW"], values["m_WH"]
        assert np.trace(jac) == pytest.approx(r1 + r2 + m_wh * m_hw)
        assert np.linalg.det(jac) == pytest.approx(r1 * r2)


def test_jacobian_matches_finite_differences_of_the_map():
    model = gottman_map("bilinear", a=0.1, b=0.2)
    for w, h in [(0.7, -0.4), (-0.5, 0.9), (1.2, 1.3)]:
        step = 1e-6
        columns = []
        for dw, dh in [(step, 0), (0, step)]:
            plus = np.array(model.step(w + dw, h + dh))
            minus = np.array(model.step(w - dw, h - dh))
            columns.append((plus - minus) / (2 * step))
        np.testing.assert_allclose(model.jacobian(w, h), np.column_stack(columns), atol=1e-8)


def test_threshold_influence_gives_several_attractors():
    model = gottman_map("ojive")  # thresholds +-0.5, influence levels +-1
    starts = np.linspace(-3, 3, 13)
    ends = {
        tuple(np.round(list(model.iterate(100, W0=w, H0=w).final().values()), 8)) for w in starts
    }
    assert len(ends) >= 2
    for w, h in ends:  # each is a fixed point of the map (an attractor: slopes are 0)
        assert model.step(w, h) == pytest.approx((w, h), abs=1e-8)
    assert min(w for w, _ in ends) < 0 < max(w for w, _ in ends)  # a negative marriage


def test_bilinear_influence_uses_a_slope_per_sign():
    model = gottman_map("bilinear", m_HW_pos=0.1, m_HW_neg=0.6)
    np.testing.assert_allclose(model.influence_on_wife([2.0, -2.0]), [0.2, -1.2])


def test_bad_input():
    known = r"Known parameters: a, b, r1, r2, m_HW, m_WH"
    with pytest.raises(ParameterError, match=r"unknown parameter 'm_hw'.*" + known):
        gottman_map(m_hw=0.3)
    with pytest.raises(ParameterError, match=r"parameter 'r1' = 1.5 is outside .* \[0, 0.99\]"):
        gottman_map(r1=1.5)
    with pytest.raises(BadInputError, match="influence = 'cubic'"):
        gottman_map("cubic")
    with pytest.raises(BadInputError, match="only for linear influence"):
        gottman_map("ojive").fixed_point()
    with pytest.raises(BadInputError, match="n_turns"):
        GottmanMap().iterate(0)


@pytest.fixture
def rng_params():
    rng = np.random.default_rng(1999)
    draws = []
    for _ in range(20):
        draws.append(
            {
                "a": rng.uniform(-1, 1),
                "b": rng.uniform(-1, 1),
                "r1": rng.uniform(0, 0.9),
                "r2": rng.uniform(0, 0.9),
                "m_HW": rng.uniform(-0.5, 0.5),
                "m_WH": rng.uniform(-0.5, 0.5),
            }
        )
    return draws
