"""Rinaldi's linear couples and the insecure couple of "Gone with the Wind"."""

import numpy as np
import pytest

import intimacy_dynamics as idyn
from intimacy_dynamics import ParameterError
from intimacy_dynamics.classic import (
    rhett_scarlett,
    rinaldi_linear,
    rinaldi_linear_equilibrium,
    rinaldi_linear_is_stable,
)
from tests.classic.helpers import eigenvalues

STABLE_COUPLES = [
    {},
    {"alpha1": 0.5, "alpha2": 3.0, "beta1": 2.0, "beta2": 0.7, "A1": 0.3, "A2": 2.0},
    {"alpha1": 1.0, "alpha2": 1.0, "beta1": 0.9, "beta2": 1.0, "gamma1": 2.0, "gamma2": 0.5},
]


@pytest.mark.parametrize("params", STABLE_COUPLES)
def test_closed_form_equilibrium_matches_simulated_end_state(params):
    model = rinaldi_linear(**params)
    slowest = min(-eigenvalues(model, [0, 0]).real)
    end = idyn.simulate(model, t_span=(0, 30 / slowest), rtol=1e-10, atol=1e-12).final()
    np.testing.assert_allclose([end["x1"], end["x2"]], rinaldi_linear_equilibrium(model), rtol=1e-6)


@pytest.mark.parametrize(("beta1", "stable"), [(1.9, True), (2.1, False), (8.0, False)])
def test_stable_iff_alpha1_alpha2_exceeds_beta1_beta2(beta1, stable):
    # alpha1 * alpha2 = 2 and beta2 = 1: the boundary is beta1 = 2
    model = rinaldi_linear(alpha1=2, alpha2=1, beta1=beta1, beta2=1)
    assert rinaldi_linear_is_stable(model) is stable
    assert bool(max(eigenvalues(model, [0, 0]).real) < 0) is stable


def test_feelings_diverge_when_the_condition_is_violated():
    model = rinaldi_linear(alpha1=2, alpha2=1, beta1=8, beta2=1)
    traj = idyn.simulate(model, t_span=(0, 30))
    assert traj.final()["x1"] > 1e4
    assert traj.final()["x2"] > 1e4
    assert np.all(np.diff(traj["x1"]) > 0)


@pytest.mark.parametrize("params", STABLE_COUPLES)
def test_rise_from_indifference_is_monotone_and_positive(params):
    traj = idyn.simulate(
        rinaldi_linear(**params), t_span=(0, 30), n_points=3001, rtol=1e-10, atol=1e-12
    )
    for name in ("x1", "x2"):
        # non-decreasing up to the solver's tolerance once the equilibrium is reached
        assert np.all(np.diff(traj[name]) >= -1e-8 * traj[name].max()), name
        assert np.all(traj[name][1:] > 0), name


@pytest.mark.parametrize("appeal", ["A1", "A2"])
def test_equilibrium_increases_with_each_appeal(appeal):
    low = idyn.simulate(rinaldi_linear(), t_span=(0, 60)).final()
    high = idyn.simulate(rinaldi_linear(**{appeal: 1.5}), t_span=(0, 60)).final()
    assert high["x1"] > low["x1"] + 0.1
    assert high["x2"] > low["x2"] + 0.1
    x_low, x_high = rinaldi_linear_equilibrium({}), rinaldi_linear_equilibrium({appeal: 1.5})
    assert all(h > lo for h, lo in zip(x_high, x_low, strict=True))


def _end_states(model, starts):
    ends = []
    for r0, s0 in starts:
        final = idyn.simulate(model, t_span=(0, 60), y0={"R": r0, "S": s0}).final()
        ends.append((final["R"], final["S"]))
    return np.array(ends)


def _assert_stable_equilibrium(model, point):
    rates = model.compile().rhs(0.0, list(point), model.params().as_list())
    np.testing.assert_allclose(rates, 0, atol=1e-6)
    assert max(eigenvalues(model, point).real) < 0


def test_fragile_couple_low_appeals_two_stable_equilibria():
    model = rhett_scarlett(A_S=0.5, A_R=0.5, k=15)
    ends = _end_states(model, [(3.0, 0.5), (0.5, 3.0)])
    assert np.linalg.norm(ends[0] - ends[1]) > 1.0  # two different destinies
    assert ends[0][0] > ends[0][1]
    assert ends[1][1] > ends[1][0]
    for point in ends:
        _assert_stable_equilibrium(model, point)


def test_robust_couple_high_appeals_one_equilibrium():
    model = rhett_scarlett(A_S=4.0, A_R=4.0, k=15)
    grid = [(r, s) for r in (0.0, 1.0, 3.0, 8.0) for s in (0.0, 1.0, 3.0, 8.0)]
    ends = _end_states(model, grid)
    assert np.ptp(ends, axis=0).max() < 1e-5
    _assert_stable_equilibrium(model, ends[0])


def test_bad_input_raises_parameter_error():
    with pytest.raises(ParameterError, match=r"parameter 'alpha1' = -1 is outside"):
        rinaldi_linear(alpha1=-1)
    with pytest.raises(ParameterError, match="unknown parameter 'alpha3'"):
        rinaldi_linear_equilibrium({"alpha3": 1.0})
    with pytest.raises(ParameterError, match="no unique equilibrium"):
        rinaldi_linear_equilibrium({"alpha1": 1, "alpha2": 1, "beta1": 1, "beta2": 1})
    with pytest.raises(ParameterError, match=r"parameter 'A_S' = -1 is outside .* \[0, 10\]"):
        rhett_scarlett(A_S=-1)
