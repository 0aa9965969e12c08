"""Lesson 07's checks: a right answer passes, a wrong one does not, ``...`` waits.

Each right answer is found here another way than the check finds it (more starting
points, brute-force simulation, a fresh fit), so a check that asked the wrong question
would fail.
"""

import numpy as np
import pytest

from intimacy_dynamics import IntimacyModel, Param
from intimacy_dynamics.analysis import equilibria, fit
from intimacy_dynamics.exercises import for_modelers as ex
from intimacy_dynamics.intimacy import catalog
from intimacy_dynamics.intimacy.phenomena import model

CHECKS = [
    ex.check_equilibria_past_the_fold,
    ex.check_middle_equilibrium,
    ex.check_tipping_threshold,
    ex.check_differentiation_effect,
    ex.check_fitted_time_scale,
]


def guarded(**changes):
    return {**catalog.load(ex.GUARDED).params, **changes}


@pytest.mark.parametrize("check", CHECKS, ids=lambda c: c.__name__)
def test_a_placeholder_gets_no_answer_yet(check):
    assert check(...).correct is None


@pytest.mark.parametrize("check", CHECKS, ids=lambda c: c.__name__)
def test_an_answer_of_the_wrong_kind_is_wrong_not_an_error(check):
    feedback = check(["not", "an", "answer"])
    assert feedback.correct is False
    assert feedback.message


def test_equilibria_past_the_fold():
    past = ex.past_the_fold()
    assert past > max(ex.guarded_folds())
    assert not ends_intimate(past)  # only the distant state is left
    found = equilibria(model(), guarded(disclosure_threshold=past), n_starts=128, seed=3)
    assert ex.check_equilibria_past_the_fold(len(found)).correct is True
    assert ex.check_equilibria_past_the_fold(len(found) + 2).correct is False


def test_middle_equilibrium():
    found = equilibria(model(), guarded(), n_starts=128, seed=3)
    middle = [p for p in found if not p.stable]
    assert len(middle) == 1
    assert int(np.sum(middle[0].eigenvalues.real > 0)) == 1  # one way out: a saddle
    assert ex.check_middle_equilibrium("saddle").correct is True
    assert ex.check_middle_equilibrium("Stable node").correct is False
    assert ex.check_middle_equilibrium("a donut").correct is False


def ends_intimate(threshold):
    run = catalog.load(ex.GUARDED).run(model(), params=guarded(disclosure_threshold=threshold))
    return run.tail_mean("intimacy_A") > 0.25


def default_threshold():
    return model().params(guarded())["disclosure_threshold"]


def test_tipping_threshold_agrees_with_brute_force_simulation():
    spec = model().param_specs["disclosure_threshold"]
    low, high = default_threshold(), spec.soft[1]  # intimate at the default, distant at the top
    assert ends_intimate(low)
    assert not ends_intimate(high)
    for _ in range(8):
        middle = 0.5 * (low + high)
        low, high = (middle, high) if ends_intimate(middle) else (low, middle)
    found = 0.5 * (low + high)
    assert ex.check_tipping_threshold(round(found, 3)).correct is True
    assert ex.check_tipping_threshold(found - 0.1).correct is False
    assert ex.check_tipping_threshold(found + 0.1).correct is False


def test_sign_of_differentiation_agrees_with_two_simulations():
    scenario = catalog.load(ex.GUARDED)
    default = scenario.params.get("differentiation_A", 0.7)
    ends = [
        scenario.run(model(), params={**scenario.params, "differentiation_A": value}).tail_mean(
            "intimacy_A"
        )
        for value in (default - 0.1, default + 0.1)
    ]
    word, opposite = ("up", "down") if ends[1] > ends[0] else ("down", "up")
    assert ex.check_differentiation_effect(word).correct is True
    assert ex.check_differentiation_effect(opposite).correct is False


@pytest.fixture(scope="module")
def refit():
    return fit(model(), ex.synthetic_diary(), free=list(ex.DIARY_TRUTH))


def test_the_fit_recovers_the_truth_within_its_standard_errors(refit):
    for name, truth in ex.DIARY_TRUTH.items():
        assert abs(refit.estimates[name] - truth) < 3 * refit.standard_errors[name]
        assert refit.standard_errors[name] < 0.2 * truth  # a diary that informs the fit


def test_fitted_time_scale(refit):
    estimate = refit.estimates["tau_intimacy"]
    error = refit.standard_errors["tau_intimacy"]
    right = ex.check_fitted_time_scale(estimate + 0.5 * error)
    assert right.correct is True
    assert "simulated with 10 days" in right.message
    assert ex.check_fitted_time_scale(estimate + 3 * error).correct is False
    assert ex.check_fitted_time_scale(ex.DIARY_TRUTH["partner_disclosure_weight"]).correct is False


def test_the_diary_is_reproducible_and_noisy():
    first, second = ex.synthetic_diary(), ex.synthetic_diary()
    np.testing.assert_array_equal(first["intimacy_A"], second["intimacy_A"])
    other = ex.synthetic_diary(seed=8)
    assert not np.array_equal(first["intimacy_A"], other["intimacy_A"])
    assert first["t"].size == 43


def test_the_threshold_prediction_reveals_the_simulated_outcome():
    from intimacy_dynamics.widgets import IntimacyLab

    lab = IntimacyLab(ex.GUARDED, params=["disclosure_threshold"])
    step = ex.predict_threshold(lab)
    assert step.answer == "intimacy collapses to the distant state"
    step.choice.value = "nothing changes"
    step.reveal()
    assert step.correct is False
    assert lab.current_params()["disclosure_threshold"] == ex.past_the_fold()
    assert lab.plot.params["disclosure_threshold"] == ex.past_the_fold()  # the page's slider
    assert lab.trajectory.tail_mean("intimacy_A") < 0.15  # distant: what the answer says, shown


def test_the_folds_bracket_the_default_threshold_as_simulation_finds():
    low, high = ex.guarded_folds()
    assert low < default_threshold() < high
    assert ends_intimate(high - 0.03)  # the trusting couple stays intimate below the fold
    assert not ends_intimate(high + 0.03)


class WithPull(IntimacyModel):
    """Lesson 07's extension: felt intimacy invites disclosure."""

    intimacy_pull = Param(0.0, bounds=(0, 5), soft=(0, 2), doc="How much intimacy invites.")

    def rates(self, me, other, p):
        rates = super().rates(me, other, p)
        rates["disclosure"] += p.intimacy_pull * me.intimacy * (1 - me.disclosure) / p.tau_fast
        return rates


@pytest.mark.parametrize("pull", [ex.PULL, 4 * ex.PULL])
def test_the_pull_prediction_answers_what_the_lab_then_shows(pull):
    from intimacy_dynamics.widgets import ModelLab

    extended = WithPull()
    low = catalog.load("P05_guarded_low_trust").evolve(model=extended.name)
    lab = ModelLab(extended, scenario=low, params=["intimacy_pull"])
    step = ex.predict_intimacy_pull(lab, pull)
    step.choice.value = step.answer
    step.reveal()
    assert step.correct is True
    assert lab.current_params()["intimacy_pull"] == pull
    assert lab.plot.params["intimacy_pull"] == pull  # the page's slider
    intimacy = lab.trajectory.tail_mean("intimacy_A")
    assert (step.answer == "it still ends distant") == (intimacy < 0.15)
    assert (step.answer == "it ends intimate") == (intimacy > 0.4)
