"""JSON from users, parsed as data with limits: one parser for every file and text box.

Scenario files, the lab's settings box and parameter sets all come through
:func:`parse_json` (or :func:`read_json_file` for a file). Beyond what :func:`json.loads`
checks, it refuses

* text longer than :data:`MAX_JSON_CHARS` and nesting deeper than
  :data:`MAX_JSON_DEPTH`, before parsing (deep nesting would otherwise exhaust the
  interpreter's recursion limit);
* number literals longer than :data:`MAX_NUMBER_CHARS` characters, and numbers too large
  for a float (``1e400``);
* ``NaN``, ``Infinity`` and ``-Infinity``, which are not JSON;
* the same key twice in one object (Python's parser would keep the last silently).

Every error is an instance of the caller's error class and names the source (a file
name, "settings", "parameter set JSON"); :func:`require_mapping` and
:func:`require_list` name the field when the parsed data has the wrong shape.

Examples
--------
>>> parse_json('{"t_span": [0, 100]}', "settings")
{'t_span': [0, 100]}
>>> parse_json('{"a": 1, "a": 2}', "settings")
Traceback (most recent call last):
...
intimacy_dynamics.errors.BadInputError: settings: the key 'a' appears twice in one object
>>> parse_json('{"a": NaN}', "settings")
Traceback (most recent call last):
...
intimacy_dynamics.errors.BadInputError: settings: NaN is not allowed (JSON numbers are finite)
"""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

import numpy as np

from intimacy_dynamics.core.validation import describe, require_list, require_mapping, type_name
from intimacy_dynamics.errors import BadInputError

__all__ = [
    "MAX_JSON_CHARS",
    "MAX_JSON_DEPTH",
    "MAX_NUMBER_CHARS",
    "parse_json",
    "read_json_file",
    "require_list",
    "require_mapping",
    "type_name",
]

#: Longest JSON text accepted (characters; bytes for a file): a catalog scenario takes
#: under 10 thousand, a schedule at its segment limit about 400 thousand.
MAX_JSON_CHARS = 1_000_000
#: Deepest nesting of lists and objects: a scenario needs 5 (inputs in a sum of signals).
MAX_JSON_DEPTH = 32
#: Longest number literal: 17 significant digits round-trip any float; this leaves room
#: for zeros and an exponent, not for a 400-digit integer.
MAX_NUMBER_CHARS = 100

_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_BYTES = {ord("["): 1, ord("{"): 1, ord("]"): -1, ord("}"): -1}


def parse_json(text: object, source: str, error: type[BadInputError] = BadInputError) -> object:
    """Parse ``text`` as JSON data under this module's limits.

    Parameters
    ----------
    text : str or bytes
        The JSON text (bytes must be UTF-8).
    source : str
        What the text is, for messages: ``"settings"``, ``"scenario file 'a.json'"``.
    error : type
        The exception class raised (a subclass of :class:`BadInputError`).
    """
    if isinstance(text, bytes | bytearray):
        text = _decode(bytes(text), source, error)
    if not isinstance(text, str):
        raise error(f"{source} must be JSON text, not {describe(text)}")
    if len(text) > MAX_JSON_CHARS:
        raise error(
            f"{source} has {len(text):,} characters, more than the limit of {MAX_JSON_CHARS:,}"
        )
    depth = _nesting_depth(text)
    if depth > MAX_JSON_DEPTH:
        raise error(
            f"{source} is nested {depth} levels deep, more than the limit of {MAX_JSON_DEPTH}"
        )
    hooks = _Hooks(source, error)
    try:
        return json.loads(
            text,
            parse_int=hooks.integer,
            parse_float=hooks.real,
            parse_constant=hooks.constant,
            object_pairs_hook=hooks.mapping,
        )
    except json.JSONDecodeError as exc:
        raise error(
            f"{source} is not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})"
        ) from None
    except RecursionError:  # pragma: no cover - the depth limit comes first
        raise error(f"{source} is nested too deeply") from None


def read_json_file(path, what: str, error: type[BadInputError] = BadInputError) -> object:
    """Read and parse a JSON file; every error names the file.

    The size is checked before the file is read, and the bytes must be UTF-8.

    Parameters
    ----------
    path : str or Path
    what : str
        What the file holds, for messages (``"scenario file"``).
    error : type
        The exception class raised.
    """
    source = f"{what} {str(path)!r}"
    try:
        path = Path(path)
        size = path.stat().st_size
        if size > MAX_JSON_CHARS:
            raise error(f"{source} has {size:,} bytes, more than the limit of {MAX_JSON_CHARS:,}")
        data = path.read_bytes()
    except OSError as exc:
        raise error(f"cannot read {source}: {exc.strerror or exc}") from None
    return parse_json(_decode(data, source, error), source, error)


def _decode(data: bytes, source: str, error) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise error(
            f"{source} is not UTF-8 text (byte 0x{data[exc.start]:02x} at position "
            f"{exc.start}): is it a JSON file?"
        ) from None


def _nesting_depth(text: str) -> int:
    """The deepest nesting of ``[`` and ``{`` outside strings (linear time, no recursion)."""
    outside = _STRING.sub('""', text).encode("utf-8", "replace")
    codes = np.frombuffer(outside, dtype=np.uint8)
    steps = np.zeros(codes.size, dtype=np.int64)
    for code, step in _BYTES.items():
        steps[codes == code] = step
    return int(np.cumsum(steps).max(initial=0))


class _Hooks:
    """The parser's callbacks: every number literal and object goes through them."""

    def __init__(self, source: str, error):
        self.source, self.error = source, error

    def _check_length(self, literal: str) -> None:
        if len(literal) > MAX_NUMBER_CHARS:
            raise self.error(
                f"{self.source}: a number of {len(literal):,} characters "
                f"({literal[:12]}…) is longer than the limit of {MAX_NUMBER_CHARS}"
            )

    def integer(self, literal: str) -> int:
        self._check_length(literal)
        return int(literal)

    def real(self, literal: str) -> float:
        self._check_length(literal)
        value = float(literal)
        if not math.isfinite(value):
            raise self.error(f"{self.source}: the number {literal} is too large for a float")
        return value

    def constant(self, name: str):
        raise self.error(f"{self.source}: {name} is not allowed (JSON numbers are finite)")

    def mapping(self, pairs: list[tuple[str, object]]) -> dict:
        result = {}
        for key, value in pairs:
            if key in result:
                raise self.error(
                    f"{self.source}: the key {describe(key)} appears twice in one object"
                )
            result[key] = value
        return result
