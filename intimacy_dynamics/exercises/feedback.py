"""Feedback for a student's answer: right or not, why, and a hint to go on.

A check never raises on a student's answer, whatever it is (a placeholder ``...``, a
string where a number was asked, NaN, a 400-digit integer, a complex number): a notebook
must run top to bottom, and a traceback teaches nothing. It returns a :class:`Feedback`,
which shows itself as a coloured box in Jupyter and as plain text elsewhere (on the
static course site, as a note that the self-checks run in a notebook).
"""

from __future__ import annotations

import html
import math
from collections.abc import Sequence
from dataclasses import dataclass

from intimacy_dynamics.core.validation import as_real, describe
from intimacy_dynamics.plotting import notebook_note, site_plotly_src

__all__ = [
    "Feedback",
    "check_choice",
    "check_number",
    "check_order",
    "check_sign",
    "unanswered",
]

_STYLE = {
    True: ("#009E73", "#e6f5f0", "Correct"),
    False: ("#D55E00", "#fbeee6", "Not yet"),
    None: ("#7F7F7F", "#f2f2f2", "No answer yet"),
}


@dataclass(frozen=True)
class Feedback:
    """The result of a check.

    Attributes
    ----------
    correct : bool or None
        ``True`` right, ``False`` wrong, ``None`` not answered yet (still ``...``).
    message : str
        What was right or wrong about the answer.
    hint : str
        Where to look next (shown only when the answer is not right).

    Examples
    --------
    >>> Feedback(True, "Trust settles high.")
    Correct: Trust settles high.
    >>> bool(Feedback(False, "Too low.", "Look at the end of the run."))
    False
    """

    correct: bool | None
    message: str
    hint: str = ""

    def __bool__(self) -> bool:
        return self.correct is True

    def __repr__(self) -> str:
        text = f"{_STYLE[self.correct][2]}: {self.message}"
        if self.hint and not self.correct:
            text += f" Hint: {self.hint}"
        return text

    def _repr_html_(self) -> str:
        if site_plotly_src() is not None:  # the static course site: no kernel to check
            return notebook_note("the self-checks")
        border, fill, title = _STYLE[self.correct]
        hint = (
            f"<br><i>Hint:</i> {html.escape(self.hint)}" if self.hint and not self.correct else ""
        )
        return (
            f'<div role="status" style="border-left:5px solid {border};background:{fill};'
            f'padding:0.5em 0.8em;margin:0.3em 0"><b>{title}.</b> '
            f"{html.escape(self.message)}{hint}</div>"
        )


def unanswered(value) -> Feedback | None:
    """The "no answer yet" feedback for the placeholder ``...`` (or ``None``), else ``None``.

    Checks call it first, so a placeholder costs no simulation.

    Examples
    --------
    >>> unanswered(...)
    No answer yet: Replace the ... with your answer and run the cell again.
    >>> unanswered(0.5) is None
    True
    """
    if value is Ellipsis or value is None:
        return Feedback(None, "Replace the ... with your answer and run the cell again.")
    return None


def check_number(
    value, expected: float, tolerance: float, *, what: str = "Your answer", hint: str = ""
) -> Feedback:
    """Check that ``value`` is within ``tolerance`` of ``expected``.

    Examples
    --------
    >>> check_number(0.62, expected=0.624, tolerance=0.02).correct
    True
    >>> check_number(0.3, expected=0.624, tolerance=0.02, hint="Read the end of the run.")
    Not yet: Your answer 0.3 is too low. Hint: Read the end of the run.
    >>> check_number("high", expected=0.624, tolerance=0.02).correct
    False
    """
    if (empty := unanswered(value)) is not None:
        return empty
    number = as_real(value)
    if number is None or math.isnan(number):
        return Feedback(False, f"{what} should be a number, not {describe(value)}.", hint)
    if math.isinf(number):
        return Feedback(False, f"{what} should be a finite number, not {describe(value)}.", hint)
    if abs(number - expected) <= tolerance:
        return Feedback(True, f"{what} {number:g} matches the model ({expected:.3g}).")
    direction = "too high" if number > expected else "too low"
    return Feedback(False, f"{what} {number:g} is {direction}.", hint)


def check_choice(
    value, answer: str, options: Sequence[str], *, explanation: str = "", hint: str = ""
) -> Feedback:
    """Check that ``value`` is the right one of ``options`` (case and spaces ignored).

    Examples
    --------
    >>> check_choice("Spiral", "spiral", ["spiral", "node"], explanation="Complex pair.")
    Correct: 'Spiral' is right. Complex pair.
    >>> check_choice("saddle", "spiral", ["spiral", "node"]).correct
    False
    """
    if (empty := unanswered(value)) is not None:
        return empty
    normal = {_normal(o): o for o in options}
    chosen = normal.get(_normal(value)) if isinstance(value, str) else None
    if chosen is None:
        choices = ", ".join(repr(o) for o in options)
        return Feedback(False, f"{describe(value)} is not one of the choices: {choices}.", hint)
    if chosen == answer:
        return Feedback(True, f"{value!r} is right. {explanation}".strip())
    return Feedback(False, f"{value!r} is not right.", hint)


def check_sign(value, expected: float, *, what: str = "The effect", hint: str = "") -> Feedback:
    """Check that ``value`` ("up", "down", "none" or a number) has the sign of ``expected``.

    Examples
    --------
    >>> check_sign("up", expected=0.04).correct
    True
    >>> check_sign(-1, expected=0.04).correct
    False
    """
    if (empty := unanswered(value)) is not None:
        return empty
    words = {
        "up": 1,
        "increase": 1,
        "higher": 1,
        "down": -1,
        "decrease": -1,
        "lower": -1,
        "none": 0,
        "same": 0,
    }
    number = as_real(value)
    if isinstance(value, str):
        sign = words.get(_normal(value))
    elif number is not None and not math.isnan(number):
        sign = (number > 0) - (number < 0)
    else:
        sign = None
    if sign is None:
        return Feedback(
            False,
            f"Answer 'up', 'down' or 'none' (or a signed number), not {describe(value)}.",
            hint,
        )
    truth = (expected > 0) - (expected < 0)
    said = {1: "up", -1: "down", 0: "no change"}
    if sign == truth:
        return Feedback(True, f"{what} goes {said[truth]} ({expected:+.3g} in the model).")
    return Feedback(False, f"{what} does not go {said[sign]}.", hint)


def check_order(
    value: Sequence[str], expected: Sequence[str], *, what: str = "The order", hint: str = ""
) -> Feedback:
    """Check that ``value`` lists the items of ``expected`` in the same order.

    Examples
    --------
    >>> check_order(["critical", "supportive"], ["critical", "supportive"]).correct
    True
    >>> check_order(["supportive", "critical"], ["critical", "supportive"]).correct
    False
    """
    if (empty := unanswered(value)) is not None:
        return empty
    if isinstance(value, str) or not isinstance(value, Sequence) or len(value) > len(expected):
        return Feedback(False, f"{what} should be a list such as {list(expected)!r}.", hint)
    given = [_normal(v) if isinstance(v, str) else describe(v) for v in value]
    if sorted(given) != sorted(_normal(e) for e in expected):
        items = ", ".join(repr(e) for e in expected)
        return Feedback(False, f"{what} should use each of {items} once.", hint)
    if given == [_normal(e) for e in expected]:
        return Feedback(True, f"{what} is right: {' < '.join(expected)}.")
    return Feedback(False, f"{what} is not right yet.", hint)


def _normal(text: str) -> str:
    return " ".join(str(text).lower().replace("_", " ").split())
