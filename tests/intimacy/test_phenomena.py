"""The model reproduces phenomena P01–P16 (../shared/PHENOMENA.md), with margins.

Every number comes from the named scenarios (intimacy_dynamics.scenarios) measured by
intimacy_dynamics.intimacy.phenomena. The margins are far above the integration error
(rtol 1e-6): each asserted difference is at least 0.005 in a quantity of range [0, 1].
The ablation tests at the end remove a mechanism and show the signature disappears.
"""

from functools import cache

import numpy as np
import pytest

from intimacy_dynamics.intimacy import phenomena as ph
from intimacy_dynamics.intimacy.traits import NEGATIVE_TRAITS, POSITIVE_TRAITS
from intimacy_dynamics.scenarios import catalog

MARGIN = 0.005


def test_P01_supportive_responses_grow_intimacy_critical_ones_inhibit_it():
    i = ph.p01()
    assert i["critical"] <= i["disinterested"] - MARGIN
    assert i["disinterested"] < i["supportive"] - MARGIN


def test_P02_deep_emotional_disclosure_has_more_potential_and_more_risk():
    i = ph.p02()
    assert i["deep_emotional"] > i["shallow_factual"] + 0.1
    assert i["deep_factual"] > i["shallow_factual"] + 0.05
    assert i["shallow_emotional"] > i["shallow_factual"] + 0.02  # feelings weigh more
    assert i["deep_emotional"] > i["deep_factual"] + 0.02
    # with a critical partner, deep disclosure costs more trust than shallow disclosure
    assert i["trust_after_critic_deep"] < i["trust_after_critic_shallow"] - 0.03


def test_P03_cues_change_the_meaning_of_words_and_immediacy_amplifies():
    r = ph.p03_p04([s.name for s in catalog.for_phenomenon("P03")])
    assert r["P03_sarcastic_smirk"] < r["P03_congruent_cues"] - 0.2
    supportive = r["P03_supportive_high_immediacy"] - r["P03_supportive_low_immediacy"]
    critical = r["P03_critical_high_immediacy"] - r["P03_critical_low_immediacy"]
    assert supportive > 0.05  # immediacy amplifies a supportive response upward
    assert critical < -0.05  # and a critical one downward


def test_P04_actual_behaviour_and_idiosyncratic_reading_both_matter():
    r = ph.p03_p04([s.name for s in catalog.for_phenomenon("P04")] + ["P03_congruent_cues"])
    behaviour = r["P04_responsive_partner"] - r["P04_unresponsive_partner"]
    reading = r["P03_congruent_cues"] - r["P04_negative_reader"]  # same B, A's bias 0 vs -0.5
    assert behaviour > 0.05
    assert reading > 0.05


def test_P05_the_trust_disclosure_loop_has_two_attractors_for_a_guarded_couple():
    r = ph.p05()
    assert r["high"] > 0.4
    assert r["low"] < 0.1
    assert 0.25 < r["boundary"] < 0.65  # a basin boundary between the two starts


def test_P06_reciprocity_turn_taking_and_listening():
    r = ph.p06()
    assert r["willingness_A_B_deep"] > r["willingness_A_B_shallow"] + 0.02
    assert r["perceived_A_B_cares_much"] > r["perceived_A_B_cares_little"] + 0.05
    assert r["responsiveness_A_B_cares_much"] > r["responsiveness_A_B_cares_little"] + 0.02
    assert r["intimacy_alternating_turns"] > r["intimacy_long_blocks"] + MARGIN
    assert r["listener_intimacy"] > r["discloser_intimacy"] + MARGIN


def test_P07_perceived_responsiveness_partially_mediates_disclosure():
    r = ph.p07()
    assert r["total"] > 0.05
    assert 0.05 < r["indirect_share"] < 0.95


@pytest.mark.parametrize("trait", [*POSITIVE_TRAITS, "differentiation"])
def test_P08_traits_that_raise_intimacy(trait):
    assert _p08()[trait] > MARGIN


@pytest.mark.parametrize("trait", [*NEGATIVE_TRAITS, "vulnerability_reluctance"])
def test_P08_traits_that_lower_intimacy(trait):
    assert _p08()[trait] < -MARGIN


@cache
def _p08():
    return ph.p08()  # measured once for all the parametrized P08 tests


def test_P09_sex_differences_are_learned_and_depend_on_culture():
    r = ph.p09()
    assert r["western_same_sex_gap"] > abs(r["western_mixed_gap"]) + 0.05
    assert abs(r["non_western_same_sex_gap"]) < 0.2 * r["western_same_sex_gap"]
    parameter_names = ph.model().param_names
    assert not any("sex" in n or "gender" in n or "male" in n for n in parameter_names)


def test_P10_low_differentiation_crosses_into_sustained_oscillation():
    r = ph.p10()
    assert r[0.85]["amplitude"] < 1e-3  # steady
    assert r[0.85]["intimacy"] > 0.6
    assert r[0.85]["sense_of_self"] > 0.9
    assert r[0.45]["amplitude"] < 1e-3  # still steady above the Hopf
    amplitudes = [r[d]["amplitude"] for d in (0.36, 0.29, 0.19)]
    assert amplitudes[0] > 0.2  # sustained oscillation of closeness below it
    assert amplitudes[0] < amplitudes[1] < amplitudes[2]  # growing as differentiation falls


def test_P11_a_fused_dyad_is_hit_harder_and_recovers_slower():
    r = ph.p11()
    assert r["fused"]["drop"] > r["differentiated"]["drop"] + 0.1
    assert r["fused"]["recovery"] > r["differentiated"]["recovery"] + 1.0  # days


def test_P12_closeness_and_intimacy_are_separate_and_in_tension():
    r = ph.p12()
    model = ph.model()
    assert "closeness_A" in model.state_names
    assert "intimacy_A" in model.state_names
    keeps, trades = r["tolerates_separateness"], r["trades_disclosure_for_closeness"]
    assert keeps["intimacy"] > trades["intimacy"] + 0.02
    assert keeps["sense_of_self"] > trades["sense_of_self"] + 0.2


def test_P13_instant_intimacy_overshares_fuses_and_ends_lower():
    r = ph.p13()
    assert r["instant_disclosure_day2"] > 0.6
    assert r["instant_trust_day2"] < 0.45
    assert r["instant_min_self"] < r["gradual_min_self"] - 0.2  # boundaries surrendered
    assert r["instant_intimacy"] < r["gradual_intimacy"] - 0.02


def test_P14_fear_of_intimacy_ends_isolated_after_failed_attempts():
    r = ph.p14()
    assert min(r["attempt_peaks"]) > 0.3  # each attempt opens up for a while
    assert r["disclosure"] < 0.05
    assert r["intimacy"] < 0.2
    assert r["loneliness"] > 0.6
    assert r["loneliness"] > 2 * r["reference_loneliness"]


def test_P15_intimacy_buffers_stress():
    r = ph.p15()
    high, low = r["high"], r["low"]
    assert high["intimacy"] > low["intimacy"] + 0.3
    assert high["rise"] < low["rise"] - 0.05
    assert high["duration"] < low["duration"] - 0.3  # days
    assert low["loneliness"] > high["loneliness"] + 0.3


def test_P16_intimacy_grows_gradually():
    r = ph.p16()
    assert r["t90"] - r["t10"] > 10  # days: not one step
    assert r["largest_step"] < 0.02  # per output step of 0.1 day: smooth, no jump
    assert 5 < r["t50"] < 30


# ---------------------------------------------------------------------------------
# Ablations: take a mechanism out and the signature goes, so the tests above can fail.


def test_ablation_P05_without_a_steep_disclosure_gate_there_is_one_attractor():
    flat = {"disclosure_gain": 3.0}
    high = ph.run("P05_guarded_high_trust", params={**_params("P05_guarded_high_trust"), **flat})
    low = ph.run("P05_guarded_low_trust", params={**_params("P05_guarded_low_trust"), **flat})
    assert abs(high.tail_mean("intimacy_A") - low.tail_mean("intimacy_A")) < 0.01


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
