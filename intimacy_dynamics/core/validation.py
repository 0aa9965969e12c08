"""Checks shared by every public entry point: numbers, ranges, names and counts.

The helpers turn bad input into one clear sentence that names the quantity, the value
given and what is allowed, instead of a traceback from deep inside numpy or scipy. They
cannot be crashed by what they check: a 400-digit integer, a string, a complex number,
NaN or an object whose ``repr`` fails all get the same kind of sentence.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Iterable, Mapping
from numbers import Rational, Real

from intimacy_dynamics.errors import BadInputError

__all__ = [
    "as_finite_float",
    "as_pair",
    "as_real",
    "check_count",
    "check_known_name",
    "check_range",
    "describe",
    "format_range",
    "require_list",
    "require_mapping",
    "type_name",
]

#: Longest text a message shows for a value (longer ones are shortened in the middle).
SHOWN_CHARS = 60


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


def describe(value: object) -> str:
    """A short, safe ``repr`` of ``value`` for a message.

    Huge integers are described by their number of digits, long texts are shortened in
    the middle, and a ``repr`` that fails is replaced by the type's name.

    Examples
    --------
    >>> describe(0.5)
    '0.5'
    >>> describe(10**400)
    'an integer of 401 digits'
    >>> describe("x" * 1000)
    "'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…xxxxxxxxxxxxx' (1002 characters)"
    """
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 64:
        digits = math.floor(math.log10(2) * (value.bit_length() - 1)) + 1
        if value.bit_length() < 10_000:
            digits = len(str(abs(value)))
        sign = "a negative" if value < 0 else "an"
        return f"{sign} integer of {digits} digits"
    try:
        text = " ".join(repr(value).split())
    except Exception:  # a broken __repr__ must not hide the real problem
        return f"a {type(value).__name__} object"
    if len(text) > SHOWN_CHARS:
        text = f"{text[: SHOWN_CHARS - 16]}…{text[-14:]} ({len(text)} characters)"
    return text


def as_real(value: object) -> float | None:
    """``value`` as a float if it is a real number, else None (never raises).

    Booleans, strings, complex numbers and arrays of more than one value are not real
    numbers. A real number too large for a float (``10**400``) becomes ``±inf``.

    Examples
    --------
    >>> as_real(3), as_real("3"), as_real(True), as_real(2 + 0j), as_real(-(10**400))
    (3.0, None, None, None, -inf)
    """
    if hasattr(value, "ndim") and getattr(value, "ndim", None) == 0 and hasattr(value, "item"):
        try:
            value = value.item()  # a 0-d numpy array
        except Exception:
            return None
    if isinstance(value, bool) or not isinstance(value, Real):
        return None
    try:
        return float(value)
    except OverflowError:
        return math.inf if value > 0 else -math.inf
    except (TypeError, ValueError):
        return None


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
        The value to check. Booleans, strings, complex numbers, NaN, infinities and
        integers too large for a float are rejected.
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
    >>> as_finite_float(10**400, "parameter 'depth'", (0, 1))
    Traceback (most recent call last):
    ...
    intimacy_dynamics.errors.BadInputError: parameter 'depth' = an integer of 401 digits is ...
    """
    allowed = format_range(bounds)
    number = as_real(value)
    if number is None:
        raise error(f"{what} = {describe(value)} is not a real number (allowed range {allowed})")
    lo, hi = bounds
    overflowed = math.isinf(number) and isinstance(value, Rational)  # 10**400: no float holds it
    if not math.isfinite(number) and not overflowed:
        raise error(f"{what} = {number!r} is not a finite number (allowed range {allowed})")
    if overflowed and lo <= number <= hi:
        raise error(f"{what} = {describe(value)} is too large for a floating-point number")
    if not lo <= number <= hi:
        shown = describe(value.item() if hasattr(value, "item") else value)  # 9, not np.float64(9)
        raise error(f"{what} = {shown} is outside its allowed range {allowed}")
    return number


def as_pair(
    value: object, what: str, form: str = "(a, b)", error: type[BadInputError] = BadInputError
) -> tuple:
    """``value`` as a 2-tuple if it is a sequence of two items (not text), else an error.

    Examples
    --------
    >>> as_pair([0, 5], "t_span", "(t0, t1)")
    (0, 5)
    >>> as_pair("0 5", "t_span", "(t0, t1)")
    Traceback (most recent call last):
    ...
    intimacy_dynamics.errors.BadInputError: t_span = '0 5' must be a pair (t0, t1)
    """
    if isinstance(value, str | bytes) or not hasattr(value, "__len__") or len(value) != 2:
        raise error(f"{what} = {describe(value)} must be a pair {form}")
    first, second = value
    return first, second


def check_range(
    what: str,
    bounds: object,
    allowed: tuple[float, float],
    error: type[BadInputError] = BadInputError,
) -> tuple[float, float]:
    """A non-empty ``(low, high)`` inside ``allowed``.

    Examples
    --------
    >>> check_range("range of 'depth'", (0.2, 0.8), (0, 1))
    (0.2, 0.8)
    >>> check_range("range of 'depth'", (0.5, 0.5), (0, 1))
    Traceback (most recent call last):
    ...
    intimacy_dynamics.errors.BadInputError: range of 'depth' (0.5, 0.5) is empty: ...
    """
    low, high = as_pair(bounds, what, "(low, high)", error)
    low = as_finite_float(low, f"{what} start", allowed, error)
    high = as_finite_float(high, f"{what} end", allowed, error)
    if not high > low:
        raise error(f"{what} ({low:g}, {high:g}) is empty: the end must exceed the start")
    return low, high


def check_count(
    value: object,
    what: str,
    minimum: int = 1,
    maximum: int | None = None,
    error: type[BadInputError] = BadInputError,
) -> int:
    """An integer from ``minimum`` to ``maximum`` (a count, a size, a number of points).

    Python and numpy integers are accepted; booleans, floats and strings are not.

    Examples
    --------
    >>> check_count(401, "n_points", minimum=2)
    401
    >>> check_count(2.5, "n_points", minimum=2)
    Traceback (most recent call last):
    ...
    intimacy_dynamics.errors.BadInputError: n_points = 2.5 must be an integer >= 2
    """
    wanted = "a positive integer" if minimum == 1 else f"an integer >= {minimum}"
    if isinstance(value, bool) or not hasattr(value, "__index__"):
        raise error(f"{what} = {describe(value)} must be {wanted}")
    count = value.__index__()
    if count < minimum:
        raise error(f"{what} = {describe(count)} must be {wanted}")
    if maximum is not None and count > maximum:
        raise error(f"{what} = {describe(count)} is above its limit of {maximum:,}")
    return count


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
    if isinstance(name, str) and len(name) <= 100:
        lowered = {k.lower(): k for k in known}
        close = difflib.get_close_matches(name.lower(), list(lowered), n=1)
        if close:
            hint = f" (did you mean {lowered[close[0]]!r}?)"
    listing = ", ".join(known) if len(known) <= 12 else ", ".join(known[:12]) + ", ..."
    raise error(f"unknown {kind} {describe(name)} for {owner}{hint}. Known {kind}s: {listing}")


def type_name(value: object) -> str:
    """What kind of value ``value`` is, for messages (JSON's words for JSON's types).

    Examples
    --------
    >>> type_name("P05"), type_name([1]), type_name(None), type_name(True), type_name(2j)
    ('a string', 'a list', 'null (None)', 'a boolean', 'a complex')
    """
    if value is None:
        return "null (None)"
    if isinstance(value, bool):
        return "a boolean"
    kinds = ((str, "a string"), (Mapping, "an object"), (list | tuple, "a list"))
    for kind, name in kinds:
        if isinstance(value, kind):
            return name
    if isinstance(value, int | float):
        return "a number"
    return f"a {type(value).__name__}"


def require_mapping(
    value: object, where: str, error: type[BadInputError] = BadInputError
) -> Mapping:
    """``value`` if it is a mapping (a JSON object), else an error naming ``where``.

    Examples
    --------
    >>> require_mapping([], "scenario 'x': params")
    Traceback (most recent call last):
    ...
    intimacy_dynamics.errors.BadInputError: scenario 'x': params must be an object ... not a list
    """
    if not isinstance(value, Mapping):
        raise error(
            f"{where} must be an object (a mapping {{name: value}}), not {type_name(value)}"
        )
    return value


def require_list(
    value: object,
    where: str,
    error: type[BadInputError] = BadInputError,
    *,
    length: int | None = None,
) -> list:
    """``value`` as a list if it is a list or tuple, else an error naming ``where``.

    A string is not a list: ``"P05"`` is refused where ``["P05"]`` is meant.

    Examples
    --------
    >>> require_list("P05", "scenario 'x': phenomena")
    Traceback (most recent call last):
    ...
    intimacy_dynamics.errors.BadInputError: scenario 'x': phenomena must be a list [...], not ...
    """
    if not isinstance(value, list | tuple):
        raise error(f"{where} must be a list [...], not {type_name(value)}")
    if length is not None and len(value) != length:
        raise error(f"{where} must be a list of {length} items, not {len(value)}")
    return list(value)
