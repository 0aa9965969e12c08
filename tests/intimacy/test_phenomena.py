"""The model reproduces phenomena P01–P16 (../shared/PHENOMENA.md), with visible margins.

Every signature is stated once, as conditions with margins, in
intimacy_dynamics.intimacy.signatures; these tests assert that each holds on the default
model and print every condition when one fails. The tests after them hold the central
loop to effects a student can see (issue 11: T1–T3), and the ablations at the end take a
mechanism out and show that its effect goes, so the tests above can fail.
"""

from functools import cache

import numpy as np
import pytest

from intimacy_dynamics.errors import BadInputError
from intimacy_dynamics.intimacy import catalog, signatures
from intimacy_dynamics.intimacy import phenomena as ph


def assert_holds(verdict):
    assert verdict.holds, str(verdict)


def test_P01_supportive_responses_grow_intimacy_critical_ones_inhibit_it():
    assert_holds(signatures.p01())


def test_P02_deep_emotional_disclosure_has_more_potential_and_more_risk():
    assert_holds(signatures.p02())


def test_P03_cues_change_the_meaning_of_words_and_immediacy_amplifies():
    assert_holds(signatures.p03())


def test_P04_actual_behaviour_and_idiosyncratic_reading_both_matter():
    assert_holds(signatures.p04())


def test_P05_the_trust_disclosure_loop_has_two_attractors_for_a_guarded_couple():
    assert_holds(signatures.p05())


def test_P06_reciprocity_turn_taking_and_listening():
    assert_holds(signatures.p06())


def test_P07_perceived_responsiveness_partially_mediates_disclosure():
    assert_holds(signatures.p07())


def test_P08_each_trait_moves_intimacy_its_documented_way():
    assert_holds(signatures.p08())


def test_P09_sex_differences_are_learned_and_depend_on_culture():
    assert_holds(signatures.p09())


def test_P09_no_parameter_is_labelled_as_sex():
    names = ph.model().param_names
    assert not any("sex" in n or "gender" in n or "male" in n for n in names)


def test_P10_low_differentiation_crosses_a_hopf_into_sustained_oscillation():
    assert_holds(signatures.p10())


def test_P11_a_fused_dyad_is_hit_harder_and_recovers_slower():
    assert_holds(signatures.p11())


def test_P12_closeness_and_intimacy_are_separate_and_in_tension():
    assert_holds(signatures.p12())


def test_P12_closeness_and_intimacy_are_separate_states():
    assert {"closeness_A", "intimacy_A"} <= set(ph.model().state_names)


def test_P13_instant_intimacy_overshares_fuses_and_ends_lower():
    assert_holds(signatures.p13())


def test_P14_fear_of_intimacy_ends_isolated_after_failed_attempts():
    assert_holds(signatures.p14())


def test_P15_intimacy_buffers_stress():
    assert_holds(signatures.p15())


def test_P16_intimacy_grows_gradually():
    assert_holds(signatures.p16())


# ---------------------------------------------------------------------------------
# The central loop, graded and interdependent: effects a student can see (issue 11).


@cache
def responses(**changes):
    """Long-run quantities of both partners with a supportive, disinterested, critical B."""
    model = ph.model().with_defaults(changes) if changes else ph.model()
    quantities = ("intimacy_A", "intimacy_B", "disclosure_A")
    return {
        kind: {q: ph.long_run(f"P01_{kind}_partner", q, model) for q in quantities}
        for kind in ("supportive", "disinterested", "critical")
    }


def test_T1_a_critic_costs_A_a_visible_share_of_intimacy():
    r = responses()
    supportive, disinterested, critical = (r[k]["intimacy_A"] for k in r)
    assert supportive - critical > 0.15
    assert supportive - disinterested > 0.05
    assert disinterested - critical > 0.05


def test_T2_A_withdraws_from_a_critic():
    r = responses()
    assert r["supportive"]["disclosure_A"] - r["critical"]["disclosure_A"] > 0.10


def test_T3_the_spiral_comes_back_to_the_critic():
    r = responses()
    assert r["supportive"]["intimacy_B"] - r["critical"]["intimacy_B"] > 0.05


# ---------------------------------------------------------------------------------
# Ablations: take a mechanism out and its effect goes.


def test_ablation_withdrawal_and_the_spiral_back_need_felt_responsiveness_in_willingness():
    r = responses(care_in_openness=0.0, responsiveness_in_willingness=0.0)
    assert r["supportive"]["disclosure_A"] - r["critical"]["disclosure_A"] < 0.10
    assert r["supportive"]["intimacy_B"] - r["critical"]["intimacy_B"] < 0.05


def test_ablation_a_critic_costs_little_when_intimacy_ignores_feeling_understood():
    r = responses(validation_weight=0.0, mutual_weight=0.0)
    assert r["supportive"]["intimacy_A"] - r["critical"]["intimacy_A"] < 0.08


def test_ablation_P05_without_a_steep_disclosure_gate_there_is_one_attractor():
    r = ph.p05(ph.model().with_defaults(disclosure_gain=3.0))
    assert abs(r["high"] - r["low"]) < 0.01


def test_ablation_P05_without_reciprocal_invitation_there_is_one_attractor():
    r = ph.p05(ph.model().with_defaults(reciprocity_gain=0.0))
    assert abs(r["high"] - r["low"]) < 0.01


def test_ablation_P06_reciprocated_disclosure_carries_most_of_the_turn_taking_advantage():
    def advantage(model):
        r = ph.p06(model)
        return r["intimacy_alternating_turns"] - r["intimacy_long_blocks"]

    assert advantage(ph.model().with_defaults(mutual_weight=0.0)) < 0.5 * advantage(ph.model())


def test_ablation_P06_the_listener_gains_only_by_being_confided_in():
    r = ph.p06(ph.model().with_defaults(partner_disclosure_weight=0.0))
    assert r["listener_intimacy"] < r["discloser_intimacy"]


def test_ablation_P10_without_fusion_feedback_no_oscillation():
    scenario = catalog.load("P10_poorly_differentiated")
    run = scenario.run(
        ph.model(), params={**scenario.params, "fusion_gain": 0.0, "engulfment_gain": 0.0}
    )
    assert np.ptp(run["closeness_A"][run.t >= 600]) < 1e-3


def test_ablation_P15_without_buffering_the_intimate_couple_is_no_longer_protected():
    rises = {}
    for name in ("P15_stress_high_intimacy", "P15_stress_low_intimacy"):
        run = ph.run(name, params={**_params(name), "buffering": 0.0}, n_points=2001)
        before = (run.t > 140) & (run.t < 150)
        rises[name] = run["distress_A"][run.t >= 150].max() - run["distress_A"][before].mean()
    # the ordering of P15 reverses: buffering, not the couple's other traits, made it
    assert rises["P15_stress_high_intimacy"] > rises["P15_stress_low_intimacy"] + 0.05


def _params(name):
    return dict(catalog.load(name).params)


def test_the_signatures_command_prints_each_condition_and_refuses_unknown_names(capsys):
    assert signatures.main(["P16"]) == 0
    printed = capsys.readouterr().out
    assert printed.count("✓") == len(signatures.p16().conditions)
    with pytest.raises(BadInputError, match="P01 to P16"):
        signatures.main(["P17"])
