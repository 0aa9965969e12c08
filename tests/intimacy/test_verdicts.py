"""The readouts' verdicts in words: named cut-offs, and the words the model's runs earn."""

import pytest

from intimacy_dynamics.intimacy import phenomena, verdicts


@pytest.mark.parametrize(
    ("scenario", "word"),
    [
        ("P01_supportive_partner", "caring"),
        ("P01_disinterested_partner", "lukewarm"),
        ("P01_critical_partner", "rejecting"),
        ("P03_congruent_cues", "caring"),
        ("P03_sarcastic_smirk", "rejecting"),
    ],
)
def test_each_partner_is_read_as_a_student_would_name_it(scenario, word):
    reading = float(phenomena.run(scenario)["response_reading_A"][-1])
    assert verdicts.reading_in_words(reading) == word
    # and not by a hair: the reading sits clear of both cut-offs
    cutoffs = (verdicts.READS_AS_REJECTING, verdicts.READS_AS_CARING)
    assert min(abs(reading - c) for c in cutoffs) > 0.05


def test_the_cut_offs_are_ordered_and_inclusive():
    assert 0 < verdicts.READS_AS_REJECTING < verdicts.READS_AS_CARING < 1
    assert verdicts.reading_in_words(verdicts.READS_AS_CARING) == "caring"
    assert verdicts.reading_in_words(verdicts.READS_AS_REJECTING) == "rejecting"


@pytest.mark.parametrize(("change", "word"), [(0.1, "up"), (-0.1, "down"), (0.03, "same")])
def test_direction_ignores_changes_a_student_would_not_see(change, word):
    assert verdicts.direction(change, verdicts.CHANGE_A_STUDENT_SEES) == word


def test_what_comes_across_names_every_cue_that_stands_out():
    smirk = {
        "response_valence_B": 0.6,
        "cue_congruence_B": 0.0,
        "cue_affect_B": -0.5,
        "immediacy_B": 0.9,
    }
    reasons = " ".join(verdicts.what_comes_across(smirk))
    for words in ("contradict", "cold", "leans in"):
        assert words in reasons
    plain = dict(smirk, cue_congruence_B=1.0, cue_affect_B=0.0, immediacy_B=0.5)
    assert verdicts.what_comes_across(plain) == []


def test_a_bias_is_named_only_when_it_bends_the_reading():
    assert "colder" in verdicts.reading_bias_in_words(0.3, 0.6, -0.5)
    assert "warmer" in verdicts.reading_bias_in_words(0.9, 0.6, 0.5)
    assert verdicts.reading_bias_in_words(0.61, 0.6, 0.0) is None


@pytest.mark.parametrize(("ratio", "left"), [(1.2, 0), (-0.5, 1), (0.1, 2)])
def test_gap_left(ratio, left):
    assert verdicts.gap_left(ratio) == left
