"""Checks shared by every public entry point: numbers, ranges and names.

The helpers turn bad input into one clear sentence that names the quantity, the value
given and what is allowed, instead of a traceback from deep inside numpy or scipy.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Iterable
from numbers import Real

from intimacy_dynamics.errors import BadInputError

__all__ = ["as_finite_float", "check_known_name", "format_range"]


def format_range(bounds: tuple[float, float]) -> str:
    """Write a closed interval for an error message.

    Examples
    --------
    >>> format_range((0.0, 1.0))
    '[0, 1]'
    >>> format_range((0.0, math.inf))
    '[0, inf)'
    """
    lo, hi = bounds
    left = "(-inf" if lo == -math.inf else f"[{lo:g}"
    right = "inf)" if hi == math.inf else f"{hi:g}]"
    return f"{left}, {right}"


def as_finite_float(
    value: object,
    what: str,
    bounds: tuple[float, float] = (-math.inf, math.inf),
    error: type[BadInputError] = BadInputError,
) -> float:
    """Return ``value`` as a float, or raise ``error`` naming ``what`` and the range.

    Parameters
    ----------
    value
        The value to check. Booleans, strings, NaN and infinities are rejected.
    what
        How the message names the quantity, e.g. ``"parameter 'trust_gain_A'"``.
    bounds
        The closed interval the value must lie in.
    error
        The exception class to raise.

    Examples
    --------
    >>> as_finite_float(0.5, "parameter 'depth'", (0, 1))
    0.5
    >>> as_finite_float(2, "parameter 'depth'", (0, 1))
    Traceback (most recent call last):
    ...
    intimacy_dynamics.errors.BadInputError: parameter 'depth' = 2 is outside ... [0, 1]
    """
    allowed = format_range(bounds)
    if isinstance(value, bool) or not isinstance(value, Real):
        try:
            import numpy as np

            if isinstance(value, np.ndarray) and value.ndim == 0:
                return as_finite_float(value.item(), what, bounds, error)
        except ImportError:  # pragma: no cover - numpy is a dependency
            pass
        raise error(f"{what} = {value!r} is not a real number (allowed range {allowed})")
    number = float(value)
    if not math.isfinite(number):
        raise error(f"{what} = {number!r} is not a finite number (allowed range {allowed})")
    lo, hi = bounds
    if not lo <= number <= hi:
        shown = value.item() if hasattr(value, "item") else value  # 9, not np.float64(9.0)
        raise error(f"{what} = {shown!r} is outside its allowed range {allowed}")
    return number


def check_known_name(
    name: object, known: Iterable[str], kind: str, owner: str, error: type[BadInputError]
) -> str:
    """Return ``name`` if it is one of ``known``; otherwise raise with a suggestion.

    Examples
    --------
    >>> check_known_name("trust_A", ["trust_A", "trust_B"], "state", "Dyad", BadInputError)
    'trust_A'
    >>> check_known_name("trst_A", ["trust_A", "trust_B"], "state", "Dyad", BadInputError)
    Traceback (most recent call last):
    ...
    intimacy_dynamics.errors.BadInputError: unknown state 'trst_A' ...(did you mean 'trust_A'?)...
    """
    known = list(known)
    if isinstance(name, str) and name in known:
        return name
    hint = ""
    if isinstance(name, str):
        lowered = {k.lower(): k for k in known}
        close = difflib.get_close_matches(name.lower(), list(lowered), n=1)
        if close:
            hint = f" (did you mean {lowered[close[0]]!r}?)"
    listing = ", ".join(known) if len(known) <= 12 else ", ".join(known[:12]) + ", ..."
    raise error(f"unknown {kind} {name!r} for {owner}{hint}. Known {kind}s: {listing}")
