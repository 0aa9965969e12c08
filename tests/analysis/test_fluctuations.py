"""The linear-noise prediction of fluctuations around a stable equilibrium."""

import numpy as np
import pytest
import sympy

import intimacy_dynamics as idyn
from intimacy_dynamics import BadInputError
from intimacy_dynamics.analysis import fluctuations

x, y = sympy.symbols("x y")


def _pair(k: float = 1.0):
    """x' = -k x + y, y' = -2 y with noise on y only: x is a filtered (smooth) signal."""
    return idyn.Model.from_equations(
        {x: -k * x + y, y: -2 * y},
        states={"x": idyn.State(0.0), "y": idyn.State(0.0)},
        noise={"kick": idyn.Noise(0.5, drives="y")},
    )


def test_a_filtered_ornstein_uhlenbeck_process_matches_its_closed_form():
    # y is OU with rate 2 and intensity 0.5; x integrates it with rate k = 1:
    # var x = s^2 / (2 k a (k + a)) with a = 2, and the slowest rate x shows is k.
    found = fluctuations(_pair(), [0.0, 0.0], {"x": 1.0})
    assert found.variance == pytest.approx(0.25 / (2 * 1 * 2 * 3))
    assert found.recovery_rate == pytest.approx(1.0)
    exact = (2 * np.exp(-1.0) - np.exp(-2.0)) / (2 - 1)  # (a e^{-k} - k e^{-a}) / (a - k)
    assert found.autocorrelation == pytest.approx(exact)


def test_a_mode_the_observation_cancels_does_not_count_as_its_recovery_rate():
    # y relaxes at 2, x at 0.5: y alone does not show x's slow mode.
    found = fluctuations(_pair(k=0.5), [0.0, 0.0], {"y": 1.0})
    assert found.recovery_rate == pytest.approx(2.0)


@pytest.mark.parametrize(
    ("state", "observed", "options", "message"),
    [
        ([0.0, 0.0], {"z": 1.0}, {}, "z"),
        ([0.0, 0.0], {"x": 0.0}, {}, "at least one state"),
        ([0.0, np.nan], {"x": 1.0}, {}, "finite"),
        ([0.0, 0.0], {"x": 1.0}, {"noise": None}, "no fluctuations"),
        ([0.0, 0.0], {"x": 1.0}, {"lag": -1}, "lag"),
    ],
)
def test_bad_input_is_refused_by_name(state, observed, options, message):
    with pytest.raises(BadInputError, match=message):
        fluctuations(_pair(), state, observed, **options)


def test_an_unstable_state_has_no_stationary_noise():
    with pytest.raises(BadInputError, match="not a stable equilibrium"):
        fluctuations(_pair(k=-1.0), [0.0, 0.0], {"x": 1.0})
