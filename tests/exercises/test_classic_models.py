"""Lesson 08's checks: a right answer passes, a wrong one does not, ``...`` waits.

Each right answer is found here from the published closed forms (Strogatz's period and
eigenvalues, Rinaldi's threshold, the ojive's fixed points, a long simulation of the
Felmlee–Greenberg dyad), not from the functions the checks use.
"""

import itertools
import math

import numpy as np
import pytest

from intimacy_dynamics import simulate
from intimacy_dynamics.analysis import classify
from intimacy_dynamics.classic import felmlee_greenberg, gottman_map, laura_petrarch
from intimacy_dynamics.exercises import classic_models as ex

CHECKS = [
    ex.check_fickle_period,
    ex.check_cautious_equilibrium,
    ex.check_inspiration_threshold,
    ex.check_ojive_attractors,
    ex.check_partner_influence,
]


@pytest.mark.parametrize("check", CHECKS, ids=lambda c: c.__name__)
def test_a_placeholder_gets_no_answer_yet(check):
    assert check(...).correct is None


@pytest.mark.parametrize("check", CHECKS, ids=lambda c: c.__name__)
def test_an_answer_of_the_wrong_kind_is_wrong_not_an_error(check):
    feedback = check({"answer": 1})
    assert feedback.correct is False
    assert feedback.message


def test_fickle_period_is_strogatz_closed_form():
    period = 2 * math.pi / math.sqrt(ex.FICKLE["a"] * ex.FICKLE["b"])
    assert ex.check_fickle_period(period).correct is True
    assert ex.check_fickle_period(2 * math.pi).correct is False  # the unit-rate period
    assert ex.check_fickle_period(period / 2).correct is False


def test_cautious_equilibrium_from_the_eigenvalues_a_plus_minus_b():
    a, b = ex.CAUTIOUS["a"], ex.CAUTIOUS["b"]
    kind, _ = classify(np.array([a + b, a - b]))
    assert ex.check_cautious_equilibrium(kind).correct is True
    others = [k for k in ex.KINDS if k != kind]
    assert all(ex.check_cautious_equilibrium(k).correct is False for k in others)


def test_inspiration_threshold_from_rinaldis_formula():
    p = laura_petrarch().params()
    product = p["beta_L"] * p["beta_P"]
    delta = p["gamma_L"] ** 2 * (product - p["alpha_L"] * p["alpha_P"]) / (3 * product)
    q = 2 * delta**1.5 / p["gamma_L"] ** 2
    mu_crit = (
        (p["alpha_L"] / p["beta_L"] * p["A_L"] + p["A_P"] + q)
        / (-(p["A_P"] + q))
        / (p["delta"] * math.sqrt(delta))
    )
    beta_z = mu_crit * p["alpha_Z"]
    assert ex.check_inspiration_threshold(beta_z).correct is True
    assert ex.check_inspiration_threshold(mu_crit).correct is False  # mu, not beta_Z
    assert ex.check_inspiration_threshold(p["beta_Z"]).correct is False  # the calibrated one


def ojive_fixed_points():
    """Fixed points of the ojive map: constant influences consistent with the scores."""
    couple = gottman_map("ojive")
    p = couple.params
    points = []
    for on_wife, on_husband in itertools.product((-1.0, 0.0, 1.0), repeat=2):
        levels_w = {-1.0: p["level_neg_HW"], 0.0: 0.0, 1.0: p["level_pos_HW"]}
        levels_h = {-1.0: p["level_neg_WH"], 0.0: 0.0, 1.0: p["level_pos_WH"]}
        w = (p["a"] + levels_w[on_wife]) / (1 - p["r1"])
        h = (p["b"] + levels_h[on_husband]) / (1 - p["r2"])
        consistent = (
            float(couple.influence_on_wife(h)) == levels_w[on_wife]
            and float(couple.influence_on_husband(w)) == levels_h[on_husband]
        )
        if consistent:
            points.append((w, h))
    return points


def test_ojive_attractors_are_its_consistent_fixed_points():
    count = len(ojive_fixed_points())
    assert ex.check_ojive_attractors(count).correct is True
    assert ex.check_ojive_attractors(count - 1).correct is False
    assert ex.check_ojive_attractors(1).correct is False


def test_partner_influence_sign_from_a_long_simulation():
    ends = [
        simulate(felmlee_greenberg(a2=a2), (0, 200)).final()["x"]
        for a2 in (0.2, 0.4)  # 0.2 is the default
    ]
    word, opposite = ("up", "down") if ends[1] > ends[0] else ("down", "up")
    assert ex.check_partner_influence(word).correct is True
    assert ex.check_partner_influence(opposite).correct is False
    assert ex.check_partner_influence("none").correct is False


def test_the_fickle_prediction_follows_the_kind_of_equilibrium():
    from intimacy_dynamics.classic import strogatz
    from intimacy_dynamics.widgets import PhasePlaneExplorer

    plane = PhasePlaneExplorer(strogatz())
    step = ex.predict_fickle(plane)
    assert step.answer == ex.FICKLE_OUTCOMES["center"]
    step.choice.value = step.answer
    step.reveal()
    assert step.correct is True
    assert len(plane.runs) == 1
    damped = PhasePlaneExplorer(strogatz(a=-0.5, b=1.0, c=-1.0, d=-0.5))
    assert ex.predict_fickle(damped).answer != ex.FICKLE_OUTCOMES["center"]


@pytest.mark.parametrize("beta_z", [ex.SLOW_INSPIRATION, 3.0])
def test_the_inspiration_prediction_answers_what_a_long_run_shows(beta_z):
    from intimacy_dynamics.widgets import ModelLab

    lab = ModelLab(laura_petrarch(), params=["beta_Z"])
    step = ex.predict_inspiration(lab, beta_z)
    run = simulate(laura_petrarch(beta_Z=beta_z), (0.0, 600.0), n_points=6001)
    late = run.t > 300.0
    swing = float(np.ptp(run["P"][late]))
    assert (step.answer == "the cycle goes on") == (swing > 0.05)
    step.choice.value = step.answer
    step.reveal()
    assert lab.plot.params["beta_Z"] == beta_z  # the slider in the page has moved
    assert lab.current_params()["beta_Z"] == beta_z


def test_the_slow_inspiration_lies_below_the_theorems_threshold():
    assert ex.inspiration_threshold() > ex.SLOW_INSPIRATION
