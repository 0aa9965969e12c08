"""Size limits, checked before any memory is taken.

A count given by a user (output times, grid points, starting points, ensemble members)
becomes arrays of that size. Each count has a limit, and every array built from user
sizes is checked against :data:`MAX_ARRAY_BYTES` before it is allocated, so a typo such
as ``n_points=10**9`` is an error naming the argument, the value, the limit and the
memory it would need, not a kernel killed by the operating system. ``docs/limits.md``
gives the reasons for each value.

Examples
--------
>>> check_size(401, "n_points", minimum=2, maximum=MAX_OUTPUT_TIMES, numbers_each=15)
401
>>> check_size(10**9, "n_points", minimum=2, maximum=MAX_OUTPUT_TIMES, numbers_each=15)
Traceback (most recent call last):
...
intimacy_dynamics.errors.BadInputError: n_points = 1000000000 is above its limit of 1,000,000: ...
"""

from __future__ import annotations

import numpy as np

from intimacy_dynamics.core.validation import check_count, describe
from intimacy_dynamics.errors import BadInputError

__all__ = [
    "MAX_ARRAY_BYTES",
    "MAX_GRID_POINTS",
    "MAX_MEMBERS",
    "MAX_OUTPUT_TIMES",
    "MAX_STARTS",
    "as_float_array",
    "check_memory",
    "check_size",
    "format_bytes",
]

#: The most memory one array sized by a user's arguments may take: 1 GiB, a quarter of a
#: small Binder or JupyterHub pod's memory.
MAX_ARRAY_BYTES = 2**30
#: Output times of one run (``n_points``, ``t_eval``): a thousand times more than a plot
#: has pixels, 8 MB per state.
MAX_OUTPUT_TIMES = 1_000_000
#: Points of a 2-D grid (basins, phase planes): 500 x 500, finer than any plot shows.
MAX_GRID_POINTS = 250_000
#: Starting points of a multistart search for equilibria: 150 times the default of 64.
MAX_STARTS = 10_000
#: Members of one ensemble (dyads, sweep points, Sobol samples).
MAX_MEMBERS = 1_000_000

_FLOAT_BYTES = 8


def format_bytes(n_bytes: float) -> str:
    """A memory size for a message.

    Examples
    --------
    >>> format_bytes(512), format_bytes(3 * 2**20), format_bytes(75 * 2**30)
    ('512 bytes', '3 MiB', '75 GiB')
    """
    if n_bytes >= 2**60:
        return "more than 1 EiB"
    for power, unit in ((5, "PiB"), (4, "TiB"), (3, "GiB"), (2, "MiB"), (1, "KiB")):
        if n_bytes >= 1024**power:
            return f"{n_bytes / 1024**power:.3g} {unit}"
    return f"{n_bytes:.0f} bytes"


def check_memory(what: str, n_numbers: int, error: type[BadInputError] = BadInputError) -> None:
    """Refuse an array of ``n_numbers`` floats larger than :data:`MAX_ARRAY_BYTES`.

    ``what`` says what asked for it (``"grid = (500, 800) for 14 states"``).

    Examples
    --------
    >>> check_memory("t_eval of 10 times for 3 states", 30)
    >>> check_memory("grid = 100000 for 14 states", 14 * 10**10)
    Traceback (most recent call last):
    ...
    intimacy_dynamics.errors.BadInputError: grid = 100000 for 14 states would need 1.02 TiB; ...
    """
    needed = n_numbers * _FLOAT_BYTES
    if needed > MAX_ARRAY_BYTES:
        raise error(
            f"{what} would need {format_bytes(needed)}; the limit is "
            f"{format_bytes(MAX_ARRAY_BYTES)} per array. Ask for fewer points."
        )


def check_size(
    value: object,
    what: str,
    *,
    minimum: int = 1,
    maximum: int,
    numbers_each: int = 1,
    error: type[BadInputError] = BadInputError,
) -> int:
    """A count from ``minimum`` to ``maximum`` whose arrays fit in memory.

    Parameters
    ----------
    value
        The count given (``n_points``, ``n_starts``, ...).
    what
        Its name in messages.
    minimum, maximum : int
        The allowed counts.
    numbers_each : int
        How many floats each counted item takes (states and outputs per output time);
        the message states the memory the count would need.

    Examples
    --------
    >>> check_size(64, "n_starts", maximum=MAX_STARTS)
    64
    """
    if not isinstance(value, bool) and hasattr(value, "__index__") and value > maximum:
        needed = format_bytes(value.__index__() * numbers_each * _FLOAT_BYTES)
        raise error(
            f"{what} = {describe(value)} is above its limit of {maximum:,}: it would need "
            f"{needed} ({numbers_each} numbers of 8 bytes each)"
        )
    count = check_count(value, what, minimum, maximum, error)
    check_memory(f"{what} = {count} with {numbers_each} numbers each", count * numbers_each, error)
    return count


def as_float_array(
    values: object,
    what: str,
    *,
    maximum: int,
    numbers_each: int = 1,
    error: type[BadInputError] = BadInputError,
) -> np.ndarray:
    """``values`` as a float array, its length checked before any conversion.

    Text is refused even where numpy would read it (``"0.5"``); so is anything numpy
    cannot make floats of (a 400-digit integer, a mix of numbers and words). The shape
    is the caller's to check.

    Examples
    --------
    >>> as_float_array([0, 1.5], "t_eval", maximum=10)
    array([0. , 1.5])
    >>> as_float_array("0.5", "t_eval", maximum=10)
    Traceback (most recent call last):
    ...
    intimacy_dynamics.errors.BadInputError: t_eval = '0.5' must be numbers, not text
    """
    if isinstance(values, str | bytes):
        raise error(f"{what} = {describe(values)} must be numbers, not text")
    if hasattr(values, "__len__"):
        limits = {"minimum": 0, "maximum": maximum, "numbers_each": numbers_each, "error": error}
        check_size(len(values), f"the length of {what}", **limits)
    try:
        return np.asarray(values, dtype=float)
    except (TypeError, ValueError, OverflowError):
        raise error(f"{what} = {describe(values)} must be numbers") from None
