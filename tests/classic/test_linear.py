"""Strogatz's linear love affairs: published facts measured on our implementation."""

import numpy as np
import pytest

import intimacy_dynamics as idyn
from intimacy_dynamics import ParameterError
from intimacy_dynamics.classic import cautious_lovers, fickle_lover, romantic_style, strogatz
from tests.classic.helpers import eigenvalues, upward_crossings

# a != b on purpose: the facts hold for every a, b > 0, not only for symmetric lovers
A, B = 3.0, 0.75
PERIOD = 2 * np.pi / np.sqrt(A * B)  # Strogatz (1988): T = 2*pi/sqrt(ab)


@pytest.fixture(scope="module")
def fickle_orbit():
    model = fickle_lover(a=A, b=B)
    t = np.linspace(0, 40 * PERIOD, 40_001)
    return idyn.simulate(model, t_span=(0, t[-1]), t_eval=t, rtol=1e-10, atol=1e-12)


def test_fickle_lover_is_a_center():
    ev = eigenvalues(fickle_lover(a=A, b=B), [0, 0])
    np.testing.assert_allclose(ev.real, 0, atol=1e-12)
    np.testing.assert_allclose(sorted(np.abs(ev.imag)), [np.sqrt(A * B)] * 2, rtol=1e-12)


def test_fickle_lover_period_measured_from_zero_crossings(fickle_orbit):
    crossings = upward_crossings(fickle_orbit.t, fickle_orbit["R"])
    measured = np.diff(crossings)
    assert len(measured) >= 35
    np.testing.assert_allclose(measured, PERIOD, rtol=1e-4)


def test_fickle_lover_conserves_b_r2_plus_a_j2(fickle_orbit):
    invariant = B * fickle_orbit["R"] ** 2 + A * fickle_orbit["J"] ** 2
    assert np.ptp(invariant) / invariant[0] < 1e-6
    # the orbit is not trivially constant: R and J each swing through both signs
    assert fickle_orbit["R"].min() < -0.9 < 0.9 < fickle_orbit["R"].max()


def test_simultaneous_love_a_quarter_of_the_time(fickle_orbit):
    # uniform time samples over 40 periods: the fraction of samples is the time fraction
    both_in_love = (fickle_orbit["R"] > 0) & (fickle_orbit["J"] > 0)
    assert abs(both_in_love.mean() - 0.25) < 0.01


@pytest.mark.parametrize(
    ("a", "b", "expected", "kind"),
    [(-2.0, 1.0, [-3.0, -1.0], "stable node"), (-1.0, 2.0, [-3.0, 1.0], "saddle")],
)
def test_identical_cautious_lovers_have_eigenvalues_a_plus_minus_b(a, b, expected, kind):
    model = cautious_lovers(a=a, b=b)
    ev = np.sort(eigenvalues(model, [0, 0]).real)
    np.testing.assert_allclose(ev, sorted([a + b, a - b]), atol=1e-12)
    np.testing.assert_allclose(ev, expected, atol=1e-12)
    assert (kind == "saddle") == (ev[0] < 0 < ev[1])


def test_cautious_lovers_fizzle_when_caution_dominates():
    end = idyn.simulate(cautious_lovers(a=-2, b=1), t_span=(0, 30), y0={"R": 1, "J": -0.5})
    assert abs(end.final()["R"]) < 1e-6
    assert abs(end.final()["J"]) < 1e-6


@pytest.mark.parametrize(("start", "sign"), [((1.0, 0.5), 1), ((-1.0, -0.5), -1)])
def test_responsive_cautious_lovers_end_in_love_fest_or_war(start, sign):
    # saddle: R + J grows like e^{(a+b)t}, R - J decays like e^{(a-b)t}
    y0 = dict(zip("RJ", start, strict=True))
    traj = idyn.simulate(cautious_lovers(a=-1, b=2), t_span=(0, 10), y0=y0)
    r, j = traj.final()["R"], traj.final()["J"]
    assert sign * r > 1e3
    assert sign * j > 1e3
    assert abs(r - j) / abs(r + j) < 1e-6  # feelings become mutual along R = J


@pytest.mark.parametrize(
    ("a", "b", "style"),
    [
        (1.0, 1.0, "eager beaver"),
        (1.0, -1.0, "narcissistic nerd"),
        (-1.0, 1.0, "cautious lover"),
        (-1.0, -1.0, "hermit"),
    ],
)
def test_four_romantic_styles_from_the_signs(a, b, style):
    assert romantic_style(a, b) == style
    assert romantic_style(10 * a, 0.1 * b) == style  # only the signs matter


def test_general_model_equations():
    s = strogatz().symbols
    assert strogatz().equations() == {s.R: s.a * s.R + s.b * s.J, s.J: s.c * s.R + s.d * s.J}


def test_bad_input_raises_parameter_error():
    with pytest.raises(ParameterError, match=r"parameter 'a' = 11 is outside .* \[-10, 10\]"):
        strogatz(a=11)
    with pytest.raises(ParameterError, match="unknown parameter 'e'"):
        idyn.simulate(strogatz(), params={"e": 1.0})
    with pytest.raises(ParameterError, match="fickleness"):
        fickle_lover(a=-1)
    with pytest.raises(ParameterError, match="caution"):
        cautious_lovers(a=1)
