"""Early-warning indicators: the generic analysis, and the guarded couple's acceptance figures."""

import numpy as np
import pytest

from intimacy_dynamics import BadInputError
from intimacy_dynamics.analysis.early_warning import early_warning, rolling_indicators
from intimacy_dynamics.intimacy import early_warning as couple
from tests.docs.prose import ROOT


def _ar1(memory: np.ndarray, rng) -> np.ndarray:
    """An AR(1) series whose coefficient follows ``memory`` (a slowing or steady process)."""
    series = np.zeros(memory.size)
    for k in range(1, memory.size):
        series[k] = memory[k] * series[k - 1] + rng.standard_normal()
    return series


def test_indicators_rise_in_a_process_that_slows_down_and_not_in_a_steady_one():
    rng = np.random.default_rng(3)
    t = np.arange(600.0)
    slowing = [
        early_warning(t, _ar1(np.linspace(0.2, 0.95, 600), rng), bandwidth=30, window=300)
        for _ in range(30)
    ]
    steady = [
        early_warning(t, _ar1(np.full(600, 0.6), rng), bandwidth=30, window=300) for _ in range(30)
    ]
    assert np.mean([w.tau_variance > 0.5 for w in slowing]) > 0.8
    assert np.mean([w.tau_autocorrelation > 0.5 for w in slowing]) > 0.8
    assert abs(np.median([w.tau_variance for w in steady])) < 0.3
    assert abs(np.median([w.tau_autocorrelation for w in steady])) < 0.3


def test_the_trend_is_removed_before_the_indicators():
    t = np.arange(200.0)
    rng = np.random.default_rng(4)
    noise = rng.standard_normal(200)
    warning = early_warning(t, noise + 0.05 * t, bandwidth=10, window=100)
    plain = early_warning(t, noise, bandwidth=10, window=100)
    assert np.allclose(warning.residuals[40:-40], plain.residuals[40:-40], atol=1e-9)


def test_rolling_indicators_match_numpy_on_each_window():
    rng = np.random.default_rng(5)
    x = rng.standard_normal(50)
    variance, autocorrelation = rolling_indicators(x, 10)
    window = x[30:40]
    assert variance[39] == pytest.approx(np.var(window))
    assert autocorrelation[39] == pytest.approx(
        np.corrcoef(window[:-1], window[1:])[0, 1], rel=0.05
    )
    assert np.isnan(variance[:9]).all()


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"bandwidth": 0}, r"bandwidth = 0 is outside its allowed range \(0, 9\]"),
        ({"bandwidth": 50}, r"bandwidth = 50 is outside"),
        ({"window": 2}, "window = 2"),
        ({"window": 11}, "window = 11"),
    ],
)
def test_bad_settings_are_refused(options, message):
    settings = {"bandwidth": 2.0, "window": 5} | options
    with pytest.raises(BadInputError, match=message):
        early_warning(np.arange(10.0), np.arange(10.0), **settings)


def test_bad_series_are_refused():
    with pytest.raises(BadInputError, match="one per time"):
        early_warning(np.arange(10.0), np.arange(9.0), bandwidth=2, window=5)
    with pytest.raises(BadInputError, match="finite"):
        early_warning(np.arange(3.0), [0.0, np.nan, 1.0], bandwidth=1, window=3)
    with pytest.raises(BadInputError, match="evenly spaced"):
        early_warning(np.array([0.0, 1.0, 3.0]), [0.0, 1.0, 0.0], bandwidth=1, window=3)


@pytest.mark.slow
def test_the_guarded_couple_warns_before_it_collapses_and_the_control_does_not():
    """Issue 15's acceptance: 50 replicates toward the fold, 200 of the control (about 20 s).

    docs/noise.md shows these figures; the test fails when they change.
    """
    counts = couple.REPLICATES.values()
    found = {
        ramp: couple.warnings_of(couple.replicates(n=count, seed=couple.SEED, ramp=ramp))
        for ramp, count in zip(couple.RAMPS, counts, strict=True)
    }
    assert toward_fold_count(found) == 50
    toward_fold, control = found[couple.RAMP], found[couple.CONTROL_RAMP]
    assert np.isfinite(toward_fold.collapse_day).all()  # every replicate collapses
    shares = toward_fold.share_rising(0.5)
    assert shares["variance"] >= 0.8, shares
    assert shares["autocorrelation"] >= 0.8, shares
    assert not np.isfinite(control.collapse_day).any()
    for indicator, median in control.medians().items():
        assert abs(median) <= 0.3, (indicator, median)
    assert couple.shown_in(ROOT / "docs" / "noise.md") == couple.table(found, couple.SEED)


def toward_fold_count(found) -> int:
    return found[couple.RAMP].collapse_day.size
