"""Time spans and output times, checked the same way for every integrator.

:func:`check_t_span` and :func:`output_times` are used by :func:`simulate`, the ensemble
and the analyses that integrate, so a span or a grid of output times means the same
everywhere and is refused with the same message.

A span must be long enough for floating-point numbers to resolve it: at least
:data:`MIN_SPAN_ULPS` representable times between its ends, and at least
:data:`MIN_SPAN`. Shorter spans are a limit of floating point, not of the model, and the
message says so (a solver would otherwise fail in a way that blames the parameters).
"""

from __future__ import annotations

import math

import numpy as np

from intimacy_dynamics.core.limits import (
    MAX_OUTPUT_TIMES,
    as_float_array,
    check_memory,
    check_size,
)
from intimacy_dynamics.core.validation import as_finite_float, as_pair, describe
from intimacy_dynamics.errors import BadInputError

__all__ = ["MIN_SPAN", "MIN_SPAN_ULPS", "check_t_span", "output_times"]

#: Fewest representable floats between a span's ends (2**20, about a million): room for
#: the solver's steps and a plot's output times to be distinct numbers.
MIN_SPAN_ULPS = 2**20
#: Shortest span in absolute terms, far above the subnormal floats (below about 1e-308)
#: where products of step sizes lose their precision.
MIN_SPAN = 1e-300


def check_t_span(t_span: object) -> tuple[float, float]:
    """A ``(start, end)`` pair of finite times with ``end > start``, long enough to resolve.

    Examples
    --------
    >>> check_t_span((0, 100))
    (0.0, 100.0)
    >>> check_t_span((0, 5e-324))
    Traceback (most recent call last):
    ...
    intimacy_dynamics.errors.BadInputError: t_span = (0, 4.94066e-324) is too short ...
    """
    t0, t1 = as_pair(t_span, "t_span", "(t0, t1)")
    t0 = as_finite_float(t0, "t_span start")
    t1 = as_finite_float(t1, "t_span end", (t0, math.inf))
    if t1 == t0:
        raise BadInputError(f"t_span = ({t0:g}, {t1:g}) is empty: the end must exceed the start")
    shortest = max(MIN_SPAN, MIN_SPAN_ULPS * float(np.spacing(max(abs(t0), abs(t1)))))
    if t1 - t0 < shortest:
        raise BadInputError(
            f"t_span = ({t0:g}, {t1:g}) is too short to integrate: its length must be at "
            f"least {shortest:.3g} at these times, for floating-point numbers to resolve it "
            "(a limit of floating point, not of the model's parameters)"
        )
    return t0, t1


def output_times(
    t_eval: object,
    t_span: tuple[float, float],
    n_points: object,
    *,
    numbers_each: int,
    min_times: int = 1,
) -> np.ndarray:
    """The output times: ``t_eval`` checked, or ``n_points`` evenly spaced over ``t_span``.

    Parameters
    ----------
    t_eval : array_like or None
        Strictly increasing finite times inside ``t_span``, a 1-D sequence.
    t_span : (float, float)
        A span checked by :func:`check_t_span`.
    n_points : int
        Number of times when ``t_eval`` is None (at least 2).
    numbers_each : int
        Floats stored per output time (states and outputs): sizes the memory check.
    min_times : int
        Fewest times ``t_eval`` may hold.

    Examples
    --------
    >>> output_times(None, (0.0, 1.0), 5, numbers_each=3)
    array([0.  , 0.25, 0.5 , 0.75, 1.  ])
    >>> output_times([[0, 1], [2, 3]], (0.0, 5.0), 5, numbers_each=3)
    Traceback (most recent call last):
    ...
    intimacy_dynamics.errors.BadInputError: t_eval must be a 1-D sequence of times, not ...
    """
    t0, t1 = t_span
    limits = {"maximum": MAX_OUTPUT_TIMES, "numbers_each": numbers_each}
    if t_eval is None:
        count = check_size(n_points, "n_points", minimum=2, **limits)
        times = np.linspace(t0, t1, count)
        if np.any(np.diff(times) <= 0):  # pragma: no cover - check_t_span leaves room
            raise BadInputError(f"n_points = {count} times do not fit in t_span ({t0:g}, {t1:g})")
        return times
    times = as_float_array(t_eval, "t_eval", **limits)
    if times.ndim != 1:
        raise BadInputError(
            f"t_eval must be a 1-D sequence of times, not an array of shape {times.shape}"
        )
    check_memory(f"t_eval of {times.size:,} times", times.size * numbers_each)
    if times.size < min_times or not np.all(np.isfinite(times)):
        raise BadInputError(
            f"t_eval must hold at least {min_times} finite times (got {describe(t_eval)})"
        )
    if np.any(np.diff(times) <= 0):
        raise BadInputError("t_eval must be strictly increasing")
    if times[0] < t0 or times[-1] > t1:
        raise BadInputError(
            f"t_eval runs from {times[0]:g} to {times[-1]:g}, outside t_span [{t0:g}, {t1:g}]"
        )
    return times
