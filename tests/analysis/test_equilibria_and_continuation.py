"""Equilibria and continuation against textbook answers."""

import math

import numpy as np
import pytest

from intimacy_dynamics import BadInputError, ParameterError, StateError
from intimacy_dynamics.analysis import classify, continuation, equilibria
from tests.analysis.systems import brusselator, hopf_normal_form, hysteresis, pitchfork
from tests.conftest import linear_model

FOLD = 2 / (3 * math.sqrt(3))


def test_equilibria_of_a_bistable_system_are_found_and_classified():
    found = equilibria(hysteresis(), {"r": 0.1})
    roots = np.sort(np.roots([-1, 0, 1, 0.1]).real)  # r + x - x^3 = 0
    xs = sorted(p.state["x"] for p in found)
    np.testing.assert_allclose(xs, roots, atol=1e-9)
    kinds = {round(p.state["x"], 6): p.kind for p in found}
    assert kinds[round(roots[1], 6)] == "saddle"
    assert [p.stable for p in found].count(True) == 2
    assert found.stable[0].residual < 1e-12


def test_equilibrium_types_of_linear_systems():
    assert equilibria(linear_model([[-1, 3], [-3, -1]]))[0].kind == "stable focus"
    assert equilibria(linear_model([[1, 0], [0, -2]]))[0].kind == "saddle"
    centre = equilibria(linear_model([[0, 2], [-2, 0]]))[0]
    assert centre.kind == "center"
    np.testing.assert_allclose(sorted(centre.eigenvalues.imag), [-2, 2])


def test_classification_in_higher_dimensions_counts_unstable_directions():
    assert classify(np.array([0.5, 0.2 + 1j, 0.2 - 1j, -4])) == ("saddle-focus", 3)
    assert classify(np.array([1e-12, -1.0])) == ("non-hyperbolic", 0)


def test_equilibria_reject_bad_input():
    with pytest.raises(StateError, match="unknown state 'z'"):
        equilibria(hysteresis(), box={"z": (0, 1)})
    with pytest.raises(BadInputError, match="is empty"):
        equilibria(hysteresis(), box={"x": (1, 1)})
    with pytest.raises(BadInputError, match="n_starts = 0 must be a positive integer"):
        equilibria(hysteresis(), n_starts=0)
    with pytest.raises(ParameterError, match="unknown parameter 'q'"):
        equilibria(hysteresis(), {"q": 1})


def test_continuation_finds_the_hopf_of_the_normal_form_at_zero():
    branch = continuation(hopf_normal_form(), None, "mu", (-1, 1))
    assert [p.kind for p in branch.special_points] == ["hopf"]
    hopf = branch.hopfs[0]
    assert abs(hopf.value) < 1e-3
    assert hopf.period == pytest.approx(2 * np.pi, rel=1e-6)
    assert branch.stable[branch.values < -0.01].all()
    assert not branch.stable[branch.values > 0.01].any()


@pytest.mark.parametrize("a0", [0.7, 1.0, 1.5])
def test_continuation_finds_the_brusselator_hopf_at_one_plus_a_squared(a0):
    branch = continuation(brusselator(a0), {"a": a0}, "b", (0.5, 5.0))
    assert len(branch.hopfs) == 1
    assert branch.hopfs[0].value == pytest.approx(1 + a0**2, abs=1e-3)
    np.testing.assert_allclose(branch["x"], a0, atol=1e-9)  # equilibrium x = a all along


def test_continuation_finds_both_folds_of_the_hysteresis_loop():
    branch = continuation(hysteresis(), None, "r", (-1, 1), start={"x": -1.3})
    folds = sorted(p.value for p in branch.folds)
    np.testing.assert_allclose(folds, [-FOLD, FOLD], atol=1e-3)
    assert branch.ended == "reached the end of the range"
    # the middle (unstable) part of the S lies between the folds
    middle = np.abs(branch["x"]) < 1 / math.sqrt(3) - 0.01
    assert not branch.stable[middle].any()


def test_continuation_detects_a_pitchfork_as_a_branch_point():
    branch = continuation(pitchfork(), None, "r", (-1, 1), start={"x": 0.0})
    assert [p.kind for p in branch.special_points] == ["branch point"]
    assert abs(branch.special_points[0].value) < 1e-6


def test_continuation_runs_downwards_when_asked():
    branch = continuation(hysteresis(), None, "r", (1, -1), start={"x": 1.3})
    assert branch.values[0] == pytest.approx(1.0)
    assert sorted(p.value for p in branch.folds) == pytest.approx([-FOLD, FOLD], abs=1e-3)


@pytest.mark.parametrize(
    ("name", "bounds", "error", "message"),
    [
        ("rr", (-1, 1), ParameterError, "unknown parameter 'rr'"),
        ("r", (0.5, 0.5), BadInputError, "is empty"),
        ("r", (-5, 1), BadInputError, r"start = -5 is outside its allowed range \[-2, 2\]"),
        ("r", 3, BadInputError, "must be a pair"),
    ],
)
def test_continuation_rejects_bad_input(name, bounds, error, message):
    with pytest.raises(error, match=message):
        continuation(hysteresis(), None, name, bounds)


def test_branch_figure_marks_special_points():
    branch = continuation(hysteresis(), None, "r", (-1, 1), start={"x": -1.3})
    fig = branch.figure("x")
    assert {t.name for t in fig.data} >= {"stable", "unstable", "fold"}
    with pytest.raises(StateError):
        branch["w"]
