"""Felmlee and Greenberg's ideal-point dyad: closed-form equilibrium and stability."""

import numpy as np
import pytest

import intimacy_dynamics as idyn
from intimacy_dynamics import ParameterError
from intimacy_dynamics.classic import (
    felmlee_greenberg,
    felmlee_greenberg_equilibrium,
    felmlee_greenberg_is_stable,
)
from tests.classic.helpers import eigenvalues

COUPLES = [
    {},
    {"a1": 1.0, "a2": 0.0, "b1": 0.2, "b2": 1.5, "x_ideal": 2.0, "y_ideal": 2.0},
    {"a1": 0.4, "a2": -0.1, "b1": 0.6, "b2": 0.3, "x_ideal": -1.0, "y_ideal": 3.0},
]


@pytest.mark.parametrize("params", COUPLES)
def test_closed_form_equilibrium_matches_simulation(params):
    model = felmlee_greenberg(**params)
    assert felmlee_greenberg_is_stable(model)
    slowest = min(-eigenvalues(model, [0, 0]).real)
    end = idyn.simulate(model, t_span=(0, 30 / slowest), rtol=1e-10, atol=1e-12).final()
    np.testing.assert_allclose(
        [end["x"], end["y"]], felmlee_greenberg_equilibrium(model), rtol=1e-6, atol=1e-9
    )


def test_positive_coefficients_give_a_compromise_between_ideals():
    x_e, y_e = felmlee_greenberg_equilibrium({"x_ideal": 2.0, "y_ideal": -1.0})
    assert -1.0 < y_e < x_e < 2.0


def test_stability_condition_agrees_with_eigenvalues():
    rng = np.random.default_rng(1999)
    model = felmlee_greenberg()
    checked = {True: 0, False: 0}
    for _ in range(300):
        values = dict(zip(["a1", "a2", "b1", "b2"], rng.uniform(-1, 1.5, 4), strict=True))
        spectrum = eigenvalues(model, [0, 0], values).real
        if np.min(np.abs(spectrum)) < 1e-3:
            continue  # too close to the boundary for a sign test
        stable = felmlee_greenberg_is_stable(values)
        assert stable == bool(spectrum.max() < 0), values
        checked[stable] += 1
    assert min(checked.values()) > 20  # both sides of the condition were exercised


def test_unstable_dyad_diverges():
    model = felmlee_greenberg(a1=0.2, a2=-0.6, b1=0.2, b2=-0.6)  # both move away
    assert not felmlee_greenberg_is_stable(model)
    final = idyn.simulate(model, t_span=(0, 40), y0={"x": 0.5, "y": 0.0}).final()
    assert abs(final["x"] - final["y"]) > 100


def test_bad_input_raises_parameter_error():
    with pytest.raises(ParameterError, match=r"parameter 'a1' = 6 is outside .* \[-5, 5\]"):
        felmlee_greenberg(a1=6)
    with pytest.raises(ParameterError, match="unknown parameter 'x_star'"):
        felmlee_greenberg_equilibrium({"x_star": 1.0})
