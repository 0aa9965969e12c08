"""Self-checks of lesson 09: right answers pass, wrong ones fail, placeholders wait."""

from intimacy_dynamics.exercises import from_model_to_study as ex


def test_indirect_share():
    share = ex.diary_analysis().indirect("disclosure").share
    assert 0.05 < share < 0.95  # a partial mediation, not a knife-edge
    assert ex.check_indirect_share(round(share, 2)).correct is True
    assert ex.check_indirect_share(share + 0.1).correct is False
    assert ex.check_indirect_share("a third").correct is False
    assert ex.check_indirect_share(...).correct is None


def test_stronger_predictor():
    analysis = ex.diary_analysis()
    own = analysis.effect("disclosure_w").estimate
    partner = analysis.effect("partner_disclosure_w").estimate
    right, wrong = ("own", "partner") if own > partner else ("partner", "own")
    assert ex.check_stronger_predictor(right.upper()).correct is True
    assert ex.check_stronger_predictor(wrong).correct is False
    assert ex.check_stronger_predictor(...).correct is None


def test_one_way_liking():
    people = ex.turns().people
    one_way = people[people["condition"] == "one-way"].groupby("role")["liking"].mean()
    right = "listener" if one_way["listener"] > one_way["discloser"] else "discloser"
    assert right == "listener"  # Sprecher et al. (2013)
    assert ex.check_one_way_liking("Listener").correct is True
    assert ex.check_one_way_liking("discloser").correct is False
    assert ex.check_one_way_liking(...).correct is None


def test_fast_friends_d():
    d = ex.friends().contrast("closeness", "fast friends", "small talk").d
    assert d > 0.5
    assert ex.check_fast_friends_d(round(d, 2)).correct is True
    assert ex.check_fast_friends_d(d - 0.2).correct is False
    assert ex.check_fast_friends_d(...).correct is None


def test_the_predictions_match_the_studies():
    mediation = ex.predict_mediation()
    assert mediation.answer.startswith("Partly")
    turning = ex.predict_turn_taking()
    assert turning.answer.startswith("Yes")
    turning.choice.value = turning.answer
    turning.reveal()
    assert turning.correct is True


def test_noisy_days_tip_the_trusting_guarded_couple_on_some_runs():
    ends = ex.noisy_endings()
    assert len(ends) == ex.NOISY_SEEDS
    assert "distant" in ends
    assert "intimate" in ends
    step = ex.predict_noisy_days()
    assert step.answer.startswith("Some runs")


def test_the_noisy_reveal_shows_a_run_that_tips():
    from intimacy_dynamics.intimacy.endings import classify_ending
    from intimacy_dynamics.widgets import IntimacyLab

    lab = IntimacyLab(ex.NOISY_COUPLE)
    step = ex.predict_noisy_days(lab)
    step.choice.value = step.answer
    step.reveal()
    assert lab.current.own["noise"] == ex.NOISE
    assert classify_ending(lab.result).kind == "distant"
