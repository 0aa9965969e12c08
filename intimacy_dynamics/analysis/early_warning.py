r"""Early-warning indicators of a tipping point: critical slowing down in a noisy series.

As a system is driven slowly toward a fold, its attractor's slowest rate of return goes
to zero: noise pushes it farther and it comes back more slowly, so the fluctuations
around the trend grow (variance) and become more alike from one sample to the next
(lag-1 autocorrelation) (Scheffer et al. 2009, *Nature* 461, 53–59; Dakos et al. 2012,
*PLoS ONE* 7, e41010, whose recipe this follows):

1. **Detrend** the series with a Gaussian kernel smoother (a Nadaraya–Watson average
   with a Gaussian weight of standard deviation ``bandwidth``, normalised at the edges,
   so the ends are not pulled toward zero); the residuals are the fluctuations.
2. Over a **rolling window** (``window`` samples, ending at each time) compute the
   variance and the lag-1 autocorrelation of the residuals.
3. Measure each indicator's trend with **Kendall's** :math:`\tau` against time: near
   +1, it rises steadily.

The indicators are written here (about forty lines, on numpy and
:func:`scipy.stats.kendalltau`) rather than taken from ``ewstools``: that package pulls
in ``lmfit``, ``arch``, ``statsmodels``, ``entropyhub`` and ``pandas`` for the same three
steps, and its results come as pandas frames per series, where here a whole ensemble of
replicates is a few array operations.

Examples
--------
>>> rng = np.random.default_rng(1)
>>> t = np.arange(400.0)
>>> slowing = np.zeros(400)
>>> for k in range(1, 400):  # an AR(1) process whose memory grows from 0.1 to 0.95
...     slowing[k] = (0.1 + 0.85 * k / 400) * slowing[k - 1] + rng.standard_normal()
>>> warning = early_warning(t, slowing, bandwidth=20, window=200)
>>> bool(warning.tau_variance > 0.5), bool(warning.tau_autocorrelation > 0.5)
(True, True)
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view
from scipy.ndimage import convolve1d
from scipy.stats import kendalltau

from intimacy_dynamics.core.limits import MAX_OUTPUT_TIMES, as_float_array
from intimacy_dynamics.core.validation import as_finite_float, check_count
from intimacy_dynamics.errors import BadInputError

__all__ = ["EarlyWarning", "detrend", "early_warning", "kendall_trend", "rolling_indicators"]


@dataclass(frozen=True)
class EarlyWarning:
    """The indicators of one series and their trends.

    Attributes
    ----------
    t, trend, residuals : ndarray
        The times, the smoothed trend and the fluctuations around it.
    variance, autocorrelation : ndarray
        The rolling indicators at each time (NaN before the first full window).
    tau_variance, tau_autocorrelation : float
        Kendall's tau of each indicator against time.
    """

    t: np.ndarray
    trend: np.ndarray
    residuals: np.ndarray
    variance: np.ndarray
    autocorrelation: np.ndarray
    tau_variance: float
    tau_autocorrelation: float


def detrend(t: np.ndarray, series: np.ndarray, bandwidth: float) -> np.ndarray:
    """The Gaussian-kernel trend of ``series`` (last axis over evenly spaced ``t``).

    The kernel is cut at four bandwidths; near the ends its weights are renormalised
    over the samples there are.

    Examples
    --------
    >>> t = np.arange(5.0)
    >>> np.round(detrend(t, 2 * t + 1, bandwidth=1.0), 3)  # a line is bent only at its ends
    array([2.04 , 3.258, 5.   , 6.742, 7.96 ])
    """
    spacing = float(t[1] - t[0]) if t.size > 1 else 1.0
    reach = int(np.ceil(4 * bandwidth / spacing))
    offsets = np.arange(-reach, reach + 1) * spacing
    kernel = np.exp(-0.5 * (offsets / bandwidth) ** 2)
    smooth = convolve1d(series, kernel, axis=-1, mode="constant", cval=0.0)
    return smooth / convolve1d(np.ones(t.size), kernel, mode="constant", cval=0.0)


def rolling_indicators(residuals: np.ndarray, window: int) -> tuple[np.ndarray, np.ndarray]:
    """Rolling variance and lag-1 autocorrelation over ``window`` samples ending at each time.

    ``residuals`` may hold many series (last axis is time); the first ``window - 1``
    values are NaN.

    Examples
    --------
    >>> variance, autocorrelation = rolling_indicators(np.array([1.0, -1, 1, -1, 1]), 4)
    >>> variance.tolist(), autocorrelation.tolist()
    ([nan, nan, nan, 1.0, 1.0], [nan, nan, nan, -1.0, -1.0])
    """
    views = sliding_window_view(residuals, window, axis=-1)
    centred = views - views.mean(axis=-1, keepdims=True)
    variance = (centred**2).mean(axis=-1)
    before, after = centred[..., :-1], centred[..., 1:]
    with np.errstate(invalid="ignore", divide="ignore"):
        autocorrelation = (before * after).sum(axis=-1) / np.sqrt(
            (before**2).sum(axis=-1) * (after**2).sum(axis=-1)
        )
    pad = np.full((*residuals.shape[:-1], window - 1), np.nan)
    return np.concatenate([pad, variance], axis=-1), np.concatenate([pad, autocorrelation], axis=-1)


def kendall_trend(t: np.ndarray, indicator: np.ndarray) -> float:
    """Kendall's tau of ``indicator`` against time, over its finite values.

    Examples
    --------
    >>> kendall_trend(np.arange(4.0), np.array([np.nan, 1.0, 2.0, 3.0]))
    1.0
    """
    finite = np.isfinite(indicator)
    if finite.sum() < 3:
        return float("nan")
    return float(kendalltau(t[finite], indicator[finite]).statistic)


def early_warning(t, series, *, bandwidth: float, window: int) -> EarlyWarning:
    """Detrend ``series``, roll the indicators over ``window`` samples, and their taus.

    Parameters
    ----------
    t : array_like
        Increasing, evenly spaced sample times.
    series : array_like
        The observed quantity at ``t`` (up to the transition, not past it).
    bandwidth : float
        The Gaussian kernel's standard deviation, in units of ``t``.
    window : int
        Samples per rolling window, from 3 to ``len(t)``.
    """
    t = as_float_array(t, "t", maximum=MAX_OUTPUT_TIMES)
    series = as_float_array(series, "series", maximum=MAX_OUTPUT_TIMES)
    if t.ndim != 1 or series.shape != t.shape or not np.all(np.isfinite(series)):
        raise BadInputError(
            f"series must be finite numbers, one per time ({series.shape} for {t.shape} times)"
        )
    steps = np.diff(t)
    if t.size < 3 or np.any(steps <= 0) or np.ptp(steps) > 1e-9 * max(abs(t[-1]), 1.0):
        raise BadInputError("t must be at least 3 increasing, evenly spaced times")
    span = float(t[-1] - t[0]) if t.size else 0.0
    bandwidth = as_finite_float(bandwidth, "bandwidth", (0, max(span, 0.0)))
    window = check_count(window, "window", minimum=3, maximum=max(t.size, 3))
    if bandwidth == 0:
        raise BadInputError(f"bandwidth = 0 is outside its allowed range (0, {span:g}]")
    trend = detrend(t, series, bandwidth)
    residuals = series - trend
    variance, autocorrelation = rolling_indicators(residuals, window)
    return EarlyWarning(
        t,
        trend,
        residuals,
        variance,
        autocorrelation,
        kendall_trend(t, variance),
        kendall_trend(t, autocorrelation),
    )
