"""Issue 15's acceptance: a 100-couple, 42-day diary from the model, analysed as the field does.

Seeds 0 to 4 all pass (seed 0 is tested); the margins below are several standard errors.
"""

import pytest

from intimacy_dynamics.studies import analyse_diary, diary_study


@pytest.fixture(scope="module")
def analysis():
    return analyse_diary(diary_study(100, 42, seed=0), seed=0)


def test_the_diary_has_the_published_size(analysis):
    assert analysis.n_couples == 100
    assert analysis.n_persons == 200
    assert 0.85 * 8400 < analysis.n_reports < 0.95 * 8400  # 10 % of person-days missing


@pytest.mark.parametrize("term", ["disclosure_w", "partner_disclosure_w"])
def test_own_and_partner_disclosure_both_predict_intimacy(analysis, term):
    effect = analysis.effect(term, "total")
    assert effect.estimate > 0
    assert effect.ci_low > 0, effect


def test_responsiveness_partly_mediates_own_disclosure(analysis):
    row = analysis.indirect("disclosure")
    assert row.a > 0
    assert row.b > 0
    assert row.indirect_low > 0
    assert 0 < row.share < 1
    assert row.share_low > 0
    assert row.share_high < 1, row


def test_the_direct_path_remains_after_the_mediator(analysis):
    direct = analysis.effect("disclosure_w", "b path")
    total = analysis.effect("disclosure_w", "total")
    assert direct.ci_low > 0
    assert direct.estimate < total.estimate


def test_what_lesson_09_says_about_the_table(analysis):
    # between-person effects dwarf the within-person ones
    for term in ("disclosure", "partner_disclosure"):
        within, between = analysis.effect(f"{term}_w"), analysis.effect(f"{term}_b")
        assert between.estimate > 10 * within.estimate
    # hearing the partner disclose hardly moves responsiveness (its a path is near 0)
    own, partner = analysis.indirect("disclosure"), analysis.indirect("partner_disclosure")
    assert abs(partner.a) < own.a / 3
