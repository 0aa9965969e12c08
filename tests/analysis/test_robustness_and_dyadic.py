"""Robustness tables and actor-partner effects, on models whose answers are known exactly."""

from concurrent.futures import ProcessPoolExecutor

import numpy as np
import pytest
import sympy

from intimacy_dynamics import Model, Param, State, simulate
from intimacy_dynamics.analysis import actor_partner_effects, robustness
from intimacy_dynamics.analysis.robustness import draw_factors
from intimacy_dynamics.errors import BadInputError, IntegrationError, ParameterError

K_DEFAULT = 1.0
HORIZON = 1.2
LEVEL = 0.3


def decay():
    x, k, unused = sympy.symbols("x k unused")
    return Model.from_equations(
        {x: -k * x + 0 * unused},
        params={k: Param(K_DEFAULT, bounds=(0, 5)), unused: Param(2.0, bounds=(0, 3))},
        states={"x": State(1.0)},
        t_span=(0, HORIZON),
    )


def decays_fast(model):
    """x(HORIZON) = exp(-k HORIZON) < LEVEL, i.e. k > ln(1/LEVEL) / HORIZON."""
    return bool(simulate(model, n_points=2)["x"][-1] < LEVEL)


class Verdict:
    def __init__(self, slack):
        self.holds = slack >= 0
        self.conditions = [type("C", (), {"slack": slack})()]


def k_margin(model):
    return Verdict(model.param_specs["k"].default - np.log(1 / LEVEL) / HORIZON)


def always_fails(model):
    raise IntegrationError("no way")


def test_each_draw_holds_exactly_when_its_factor_says_it_should():
    result = robustness(decay(), {"fast": decays_fast}, n_draws=40, seed=3)
    names = result.parameters
    assert names == ["k", "unused"]
    k = K_DEFAULT * draw_factors(2, 40, 1.2, 3)[:, 0]
    expected = k > np.log(1 / LEVEL) / HORIZON
    np.testing.assert_array_equal(result.holds[:, 0], expected)
    assert 0 < result.share()["fast"] < 1
    assert result.drivers("fast", top=1)[0][0] == "k"
    assert result.drivers("fast", top=1)[0][1] > 0  # raising k helps


def test_slack_of_a_verdict_is_recorded_and_drives_the_ranking():
    result = robustness(decay(), {"margin": k_margin}, n_draws=30, seed=1)
    k = K_DEFAULT * result.factors[:, 0]
    np.testing.assert_allclose(result.slack[:, 0], k - np.log(1 / LEVEL) / HORIZON)
    (name, rho), _ = result.drivers("margin", top=2)
    assert name == "k"
    assert rho == pytest.approx(1.0)


def test_a_check_that_raises_fails_and_keeps_its_message():
    result = robustness(decay(), {"broken": always_fails}, n_draws=3)
    assert not result.holds.any()
    assert result.errors[(0, "broken")] == "IntegrationError: no way"


def test_the_table_states_how_it_was_made():
    result = robustness(decay(), {"fast": decays_fast}, n_draws=10, seed=2)
    text = result.to_markdown()
    assert "10 draws (seed 2)" in text
    assert "[0.8, 1.2] (±20%)" in text
    held = int(result.holds.sum())
    assert f"({held}/10)" in text
    assert len(result.figure().data) == 1


def test_a_process_pool_gives_identical_results():
    here = robustness(decay(), {"fast": decays_fast, "margin": k_margin}, n_draws=12, seed=5)
    with ProcessPoolExecutor(2) as pool:
        there = robustness(
            decay(),
            {"fast": decays_fast, "margin": k_margin},
            n_draws=12,
            seed=5,
            executor=pool,
            chunk_size=4,
        )
    np.testing.assert_array_equal(here.holds, there.holds)
    np.testing.assert_array_equal(here.slack, there.slack)


def test_a_dask_cluster_gives_identical_results(dask_executor):
    here = robustness(decay(), {"margin": k_margin}, n_draws=6, seed=5)
    there = robustness(
        decay(), {"margin": k_margin}, n_draws=6, seed=5, executor=dask_executor, chunk_size=2
    )
    np.testing.assert_array_equal(here.slack, there.slack)


@pytest.mark.parametrize(
    ("options", "culprit"),
    [
        ({"spread": 0.0}, "spread"),
        ({"spread": 1.5}, "spread"),  # factors would reach zero and below
        ({"spread": 0.6}, "'unused'"),  # 2.0 * 1.6 leaves its bounds [0, 3]
        ({"n_draws": 0}, "n_draws"),
        ({"parameters": ["nope"]}, "'nope'"),
        ({"parameters": "k"}, "parameters"),
    ],
)
def test_bad_settings_are_refused_by_name(options, culprit):
    with pytest.raises(BadInputError, match=culprit):
        robustness(decay(), {"fast": decays_fast}, **options)


def test_checks_must_be_named_functions():
    with pytest.raises(BadInputError, match="checks"):
        robustness(decay(), [decays_fast])


# ------------------------------------------------------------------ actor-partner
class Coupled(Model):
    """x_me' = a_me - x_me + c x_other: steady x_A = (a_A + c a_B) / (1 - c^2)."""

    t_span = (0.0, 60.0)
    x = State(0.0, bounds=(-10, 10), per_partner=True)
    a = Param(1.0, bounds=(-5, 5), per_partner=True)
    c = Param(0.5, bounds=(0, 0.9))

    def rates(self, me, other, p):
        return {"x": me.a - me.x + p.c * other.x}


def test_actor_and_partner_effects_match_the_steady_state_by_hand():
    c, change = 0.5, 0.3
    effects = actor_partner_effects(Coupled(), "a", "x", by=change, rtol=1e-10, atol=1e-12)
    assert effects.actor("A") == pytest.approx(change / (1 - c**2), abs=1e-6)
    assert effects.partner("B") == pytest.approx(c * change / (1 - c**2), abs=1e-6)
    assert effects.values["A"] == (1.0, 1.3)
    assert "actor effect +0.400" in str(effects)
    assert len(effects.figure().data) == 2


def test_without_coupling_there_is_no_partner_effect():
    effects = actor_partner_effects(Coupled(), "a", "x", to=2.0, params={"c": 0.0})
    assert effects.partner("A") == pytest.approx(0.0, abs=1e-9)
    assert effects.actor("A") == pytest.approx(1.0, abs=1e-4)


@pytest.mark.parametrize(
    ("args", "options", "error", "culprit"),
    [
        (("nope", "x"), {"by": 1}, ParameterError, "nope_A"),
        (("a", "nope"), {"by": 1}, BadInputError, "nope_A"),
        (("a", "x"), {}, BadInputError, "exactly one"),
        (("a", "x"), {"by": 1, "to": 2}, BadInputError, "exactly one"),
        (("a", "x"), {"to": 9}, ParameterError, "a_A"),
    ],
)
def test_bad_requests_are_refused_by_name(args, options, error, culprit):
    with pytest.raises(error, match=culprit):
        actor_partner_effects(Coupled(), *args, **options)


def test_a_model_without_two_partners_is_refused():
    with pytest.raises(BadInputError, match="two"):
        actor_partner_effects(decay(), "k", "x", by=1)
