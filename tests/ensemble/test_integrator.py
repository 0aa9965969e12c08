"""The vectorized integrator agrees with simulate member by member and controls errors."""

import numpy as np
import pytest
from scipy.integrate import solve_ivp

from intimacy_dynamics import simulate
from intimacy_dynamics.ensemble.integrator import integrate_ensemble
from tests.conftest import Dyad, random_point


@pytest.fixture
def heterogeneous(rng):
    model = Dyad()
    y0, params = random_point(model, rng, size=300)
    return model, y0, params


def test_members_agree_with_simulate(heterogeneous):
    model, y0, params = heterogeneous
    times = np.linspace(0, 40, 81)
    sol = integrate_ensemble(
        model.compile().rhs_vectorized,
        (0, 40),
        y0,
        params,
        times,
        rtol=1e-8,
        atol=1e-10,
        chunk_size=128,
    )
    assert not sol.failed.any()
    for k in range(0, 300, 37):
        p = {name: float(v[k]) for name, v in zip(model.param_names, params, strict=True)}
        run = simulate(model, (0, 40), p, y0=y0[:, k], t_eval=times, rtol=1e-10, atol=1e-12)
        np.testing.assert_allclose(sol.y[:, k, :], run.y, atol=1e-6)


def test_no_member_is_less_accurate_than_its_own_error_control(heterogeneous):
    model, y0, params = heterogeneous
    compiled = model.compile()
    times = np.linspace(0, 40, 41)
    sol = integrate_ensemble(
        compiled.rhs_vectorized, (0, 40), y0, params, times, rtol=1e-5, atol=1e-8
    )
    worst_ours, worst_single = 0.0, 0.0
    for k in range(0, 300, 10):
        p = [v[k] for v in params]
        reference = solve_ivp(
            compiled.rhs,
            (0, 40),
            y0[:, k],
            "DOP853",
            t_eval=times,
            args=(p,),
            rtol=1e-12,
            atol=1e-14,
        ).y
        single = solve_ivp(
            compiled.rhs, (0, 40), y0[:, k], "RK45", t_eval=times, args=(p,), rtol=1e-5, atol=1e-8
        ).y
        worst_ours = max(worst_ours, np.max(np.abs(sol.y[:, k] - reference)))
        worst_single = max(worst_single, np.max(np.abs(single - reference)))
    assert worst_ours <= 2 * worst_single


def test_a_member_that_blows_up_is_marked_failed_without_spoiling_the_others():
    def rhs(t, y, p):
        return p[0] * y**2  # finite-time blow-up where the rate is positive

    y0 = np.ones((1, 3))
    rates = np.array([-1.0, 2.0, -0.5])
    sol = integrate_ensemble(rhs, (0, 1), y0, [rates], np.array([0.25, 1.0]), chunk_size=3)
    assert sol.failed.tolist() == [False, True, False]
    np.testing.assert_allclose(sol.y[0, [0, 2], -1], [1 / (1 + 1.0), 1 / (1 + 0.5)], rtol=1e-5)
    assert np.isnan(sol.y[0, 1, -1])


def test_outputs_at_the_start_time_are_the_initial_states():
    sol = integrate_ensemble(
        lambda t, y, p: -y, (0, 1), np.full((2, 4), 3.0), [], np.array([0.0, 1.0])
    )
    np.testing.assert_allclose(sol.y[:, :, 0], 3.0)
    np.testing.assert_allclose(sol.y[:, :, 1], 3.0 * np.exp(-1), rtol=1e-5)
