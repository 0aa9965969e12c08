"""Laura and Petrarch (Rinaldi 1998): the slow-fast cycle and the mu_crit threshold."""

import numpy as np
import pytest

import intimacy_dynamics as idyn
from intimacy_dynamics import ParameterError
from intimacy_dynamics.classic import laura_petrarch, laura_petrarch_delta, mu, mu_crit
from tests.classic.helpers import eigenvalues, local_maxima, upward_crossings

CALIBRATED = {
    "alpha_L": 3.6,
    "beta_L": 1.2,
    "gamma_L": 1.0,
    "A_P": -1.0,
    "alpha_P": 1.2,
    "beta_P": 6.0,
    "A_L": 2.0,
    "delta": 1.0,
    "alpha_Z": 0.12,
    "beta_Z": 12.0,
}


@pytest.fixture(scope="module")
def calibrated_run():
    """From the meeting (1327, all feelings 0) for 120 years, sampled every 0.01 year."""
    t = np.linspace(0, 120, 12_001)
    return idyn.simulate(laura_petrarch(), t_span=(0, 120), t_eval=t, rtol=1e-9, atol=1e-11)


def test_defaults_are_the_calibrated_parameters():
    assert dict(laura_petrarch().params()) == CALIBRATED
    assert laura_petrarch().time_unit == "year"


def test_slow_fast_limit_cycle_exists_at_calibrated_parameters(calibrated_run):
    t, p = calibrated_run.t, calibrated_run["P"]
    late = t > 60  # transients gone: 60 years is > 7 slow time constants 1/alpha_Z
    periods = np.diff(upward_crossings(t[late], p[late], level=p[late].mean()))
    assert len(periods) >= 10
    # a limit cycle: the same period and the same extremes cycle after cycle
    assert np.ptp(periods) / periods.mean() < 1e-3
    peaks = p[late][local_maxima(p[late])]
    assert np.ptp(peaks) / peaks.mean() < 1e-3
    # the paper: a regular cycle lasting a few years (the calibrated model gives ~4)
    assert 2.0 < periods.mean() < 6.0
    # the poet swings between ecstasy (P > 0) and despair (P < 0) every cycle
    assert p[late].max() > 0.2
    assert p[late].min() < -0.2
    # Laura's feelings and the inspiration cycle with the same period
    for name in ("L", "Z"):
        x = calibrated_run[name][late]
        spacing = np.diff(upward_crossings(t[late], x, level=x.mean()))
        np.testing.assert_allclose(spacing, periods.mean(), rtol=1e-2)


def test_about_twenty_years_of_regular_cycles_from_the_meeting(calibrated_run):
    """The paper: ~20 years of a quite regular cycle, from ecstasy to despair.

    The calibrated story spans 21 years. With a period of a few years that is at least 4
    full cycles; "regular" is read as: after the first (transient) swing, each peak of P
    within 15 % of the limit cycle's peak and each period within 5 % of its period.
    """
    t, p = calibrated_run.t, calibrated_run["P"]
    late = t > 60
    cycle_peak = p[late].max()
    cycle_period = np.diff(upward_crossings(t[late], p[late], level=p[late].mean())).mean()
    story = t <= 21
    peaks = local_maxima(p[story])
    assert len(peaks) >= 5  # the first swing plus at least 4 regular cycles
    np.testing.assert_allclose(p[story][peaks[1:]], cycle_peak, rtol=0.15)
    np.testing.assert_allclose(np.diff(t[story][peaks[1:]]), cycle_period, rtol=0.05)
    assert p[story].min() < -0.2  # despair already within the story


def test_mu_crit_conditions_hold_at_calibrated_parameters():
    delta = laura_petrarch_delta()
    assert delta > 0
    assert mu() > 5 * mu_crit()  # calibrated mu = 100: well inside the cycle region


def _settled_swing(epsilon, ratio):
    """P's range over the last 30 % of a long run with alpha_Z = epsilon, mu = ratio*mu_crit."""
    beta_z = ratio * mu_crit() * epsilon
    model = laura_petrarch(alpha_Z=epsilon, beta_Z=beta_z)
    t_end = 60 / epsilon  # 60 slow time constants
    t = np.linspace(0.7 * t_end, t_end, 4001)
    traj = idyn.simulate(model, t_span=(0, t_end), t_eval=t, rtol=1e-8, atol=1e-10)
    return model, traj


# The theorem holds as epsilon = alpha_Z -> 0; epsilon = 0.05 is well below the fast rates
# (alpha_L = 3.6, alpha_P = 1.2), and mu is 20 % below or 25 % above mu_crit so the
# O(epsilon) shift of the true bifurcation cannot cross it.
EPSILON = 0.05


def test_below_mu_crit_the_attractor_is_an_equilibrium():
    model, traj = _settled_swing(EPSILON, 0.8)
    assert np.ptp(traj["P"]) < 1e-6
    assert np.ptp(traj["L"]) < 1e-6
    end = [traj.final()[n] for n in model.state_names]
    assert max(eigenvalues(model, end).real) < 0


def test_above_mu_crit_the_attractor_is_a_cycle():
    _, traj = _settled_swing(EPSILON, 1.25)
    assert np.ptp(traj["P"]) > 0.5
    assert len(upward_crossings(traj.t, traj["P"], level=traj["P"].mean())) >= 3


def test_bad_input_raises_parameter_error():
    with pytest.raises(ParameterError, match=r"parameter 'alpha_Z' = -0.1 is outside"):
        laura_petrarch(alpha_Z=-0.1)
    with pytest.raises(ParameterError, match=r"unknown parameter 'beta_z'.*'beta_Z'"):
        mu_crit({"beta_z": 3.0})
    with pytest.raises(ParameterError, match="Delta"):
        mu_crit({"beta_L": 0.5})
    with pytest.raises(ParameterError, match="bistable only if A_P"):
        mu_crit({"A_P": 0.5})
