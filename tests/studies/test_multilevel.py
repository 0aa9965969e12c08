"""analyse_diary finds the coefficients of a linear multilevel model it is given data from."""

import numpy as np
import pandas as pd
import pytest

from intimacy_dynamics.errors import BadInputError
from intimacy_dynamics.studies.multilevel import analyse_diary
from tests.studies.linear_diary import A_PATH, B_PATH, linear_diary, true_variances, truth

SEEDS = (0, 1, 2)


@pytest.fixture(scope="module")
def analyses():
    return [analyse_diary(linear_diary(50, 14, seed), seed=seed) for seed in SEEDS]


def z_scores(analysis, shift: float = 0.0) -> np.ndarray:
    fixed = analysis.fixed
    known = [truth()[m][t] + shift for m, t in zip(fixed["model"], fixed["term"], strict=True)]
    return ((fixed["estimate"] - known) / fixed["se"]).to_numpy()


def test_every_fixed_effect_lies_within_two_standard_errors_of_the_truth(analyses):
    z = np.concatenate([z_scores(a) for a in analyses])
    assert z.size == len(SEEDS) * 17
    # 95 % of them are expected within 2 SE; 85 % leaves room for chance, not for bias
    assert np.mean(np.abs(z) < 2) >= 0.85, np.round(z, 2)
    assert np.abs(z).max() < 4, np.round(z, 2)


def test_the_check_would_catch_coefficients_off_by_a_tenth(analyses):
    z = np.concatenate([z_scores(a, shift=0.1) for a in analyses])
    assert np.mean(np.abs(z) < 2) < 0.5


def test_the_monte_carlo_interval_of_the_indirect_effect_covers_the_truth(analyses):
    covered = []
    for analysis in analyses:
        for predictor in ("disclosure", "partner_disclosure"):
            row = analysis.indirect(predictor)
            true = A_PATH[f"{predictor}_w"] * B_PATH["perceived_responsiveness_w"]
            covered.append(row.indirect_low < true < row.indirect_high)
            assert row.indirect_low < row.indirect < row.indirect_high
    assert sum(covered) >= len(covered) - 1, covered


def test_variance_components_are_recovered_where_the_model_is_exact(analyses):
    # statsmodels' standard errors of variances are not reliable; a relative margin of
    # a half is about 2.5 sampling SEs for 50 couples (100 persons) over 14 days
    for analysis in analyses:
        rows = analysis.variance[analysis.variance["model"] != "total"]
        for row in rows.itertuples():
            true = true_variances()[row.component]
            assert abs(row.variance - true) < 0.5 * true, (row.model, row.component, row.variance)


def test_random_slopes_are_fitted_when_the_data_have_them(analyses):
    for analysis in analyses:
        assert all(analysis.random_slopes.values()), analysis.notes


def test_a_table_in_the_published_shape(analyses):
    table = analyses[0].table()
    assert list(table.columns) == ["Estimate", "SE", "95% CI low", "95% CI high", "p"]
    assert ("b path", "fixed", "perceived_responsiveness_w") in table.index
    assert ("total", "variance", "residual") in table.index
    fig = analyses[0].figure()
    assert len(fig.data[0].x) == 9


def test_with_too_few_days_to_estimate_a_slope_the_fit_falls_back_and_says_so():
    frame = linear_diary(12, 3, seed=5, missing=0.0)
    analysis = analyse_diary(frame)
    assert not any(analysis.random_slopes.values())
    assert sum("no random slope" in note for note in analysis.notes) == 3, analysis.notes
    assert "enough reports to estimate a slope" in analysis.notes[0]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda f: f.drop(columns="intimacy"), "no column"),
        (lambda f: f.assign(intimacy="high"), "must be numeric"),
        (lambda f: f.assign(intimacy=np.inf), "infinite"),
        (lambda f: f[f["couple"] < 3], "at least 10 persons"),
        (lambda f: f.to_dict(), "must be a pandas DataFrame"),
    ],
)
def test_bad_diaries_are_refused_with_the_reason(change, message):
    frame = linear_diary(12, 6, seed=1)
    with pytest.raises(BadInputError, match=message):
        analyse_diary(change(frame))


def test_missing_reports_are_left_out():
    frame = linear_diary(20, 8, seed=2, missing=0.0)
    frame.loc[::7, "intimacy"] = np.nan
    analysis = analyse_diary(frame, random_slopes=False)
    assert analysis.n_reports == int(frame["intimacy"].notna().sum())
    assert analysis.n_persons == 40
    assert isinstance(analysis.mediation, pd.DataFrame)
