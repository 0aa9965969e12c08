"""How a document's number is backed: computed from the model, a setting, or not about it.

Each document has a module here with ``CLAIMS = {literal: claim}`` (or a list of claims
when one literal means two things). A computed claim holds when the model's value,
rounded to the literal's decimals, equals the literal (or lies within ``tol`` of it for
an "about" number).
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass

from intimacy_dynamics.intimacy.phenomena import rise_times


@dataclass(frozen=True)
class Claim:
    kind: str  # "computed", "setting" or "not about the model"
    value: Callable[[], float] | None = None
    tol: float | None = None
    why: str = ""


def computed(value: Callable[[], float], tol: float | None = None) -> Claim:
    """A number the model produces: checked against ``value()``."""
    return Claim("computed", value, tol)


def setting(value: Callable[[], float]) -> Claim:
    """A setting the text names (a scenario's parameter, a default): checked too."""
    return Claim("setting", value, None)


def not_model(why: str) -> Claim:
    """A number that is not about the model (a version, a duration of class time)."""
    return Claim("not about the model", None, None, why)


def rise_percent(k: int) -> Claim:
    """The ``k``-th share of the rise that P16's rise times mark (10, 50, 90 %)."""
    fractions = inspect.signature(rise_times).parameters["fractions"].default
    return setting(lambda: 100 * fractions[k])
