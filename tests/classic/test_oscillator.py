"""Boker and Laurenceau's coupled damped oscillators: period and damping."""

import numpy as np
import pytest

import intimacy_dynamics as idyn
from intimacy_dynamics import ParameterError
from intimacy_dynamics.classic import coupled_oscillator, oscillator_period
from tests.classic.helpers import local_maxima, upward_crossings

UNCOUPLED = {"eta_xy": 0.0, "zeta_xy": 0.0, "eta_yx": 0.0, "zeta_yx": 0.0}


def test_eta_minus_half_gives_period_8_886_measured_from_simulation():
    model = coupled_oscillator(eta_x=-0.5, zeta_x=0.0, eta_y=-0.5, zeta_y=0.0, **UNCOUPLED)
    t = np.linspace(0, 100, 20_001)
    traj = idyn.simulate(
        model, t_span=(0, 100), t_eval=t, y0={"x": 1.0, "y_rate": 0.3}, rtol=1e-10, atol=1e-12
    )
    for name in ("x", "y"):
        periods = np.diff(upward_crossings(t, traj[name]))
        assert len(periods) >= 10
        np.testing.assert_allclose(periods, 8.886, atol=1e-3)
    assert oscillator_period(-0.5) == pytest.approx(8.886, abs=5e-4)


@pytest.mark.parametrize(("zeta", "grows"), [(-0.2, False), (0.1, True)])
def test_negative_zeta_damps_positive_zeta_amplifies(zeta, grows):
    model = coupled_oscillator(zeta_x=zeta, zeta_y=zeta, **UNCOUPLED)
    t = np.linspace(0, 60, 6001)
    x = idyn.simulate(model, t_span=(0, 60), t_eval=t)["x"]
    peaks = x[local_maxima(x)]
    assert len(peaks) >= 5
    ratios = peaks[1:] / peaks[:-1]
    assert np.all(ratios > 1) if grows else np.all(ratios < 1)


def test_coupling_transmits_one_partner_to_the_other():
    quiet = idyn.simulate(coupled_oscillator(**UNCOUPLED), t_span=(0, 30))
    coupled = idyn.simulate(coupled_oscillator(eta_yx=0.3), t_span=(0, 30))
    assert np.abs(quiet["y"]).max() == 0.0
    assert np.abs(coupled["y"]).max() > 0.1


def test_bad_input_raises_parameter_error():
    with pytest.raises(ParameterError, match=r"parameter 'zeta_x' = 9 is outside .* \[-5, 5\]"):
        coupled_oscillator(zeta_x=9)
    with pytest.raises(ParameterError, match="unknown parameter 'eta_xx'"):
        idyn.simulate(coupled_oscillator(), params={"eta_xx": -1.0})
    with pytest.raises(ParameterError, match="must be negative"):
        oscillator_period(0.2)
