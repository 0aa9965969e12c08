"""Exceptions raised by :mod:`intimacy_dynamics`.

Every error a user can trigger with bad input is a :class:`BadInputError` (also a
:class:`ValueError`), and its message names the offending quantity, the value given and
what is allowed. Errors in a model's own definition are :class:`ModelDefinitionError`;
a failed integration is an :class:`IntegrationError`, and a run that used up its work
budget a :class:`BudgetExceededError`. A model that cannot be written in JavaScript
raises :class:`NoJavaScriptFormError`.
"""

from __future__ import annotations

__all__ = [
    "BadInputError",
    "BudgetExceededError",
    "IntegrationError",
    "IntimacyDynamicsError",
    "ModelDefinitionError",
    "NoJavaScriptFormError",
    "ParameterError",
    "StateError",
]


class IntimacyDynamicsError(Exception):
    """Base class of every error raised on purpose by this package."""


class BadInputError(IntimacyDynamicsError, ValueError):
    """An argument is malformed, unknown or out of its allowed range."""


class ParameterError(BadInputError):
    """A parameter name is unknown or a parameter value is outside its hard bounds."""


class StateError(BadInputError):
    """An initial state name is unknown or its value is outside the state's range."""


class ModelDefinitionError(IntimacyDynamicsError):
    """A model declaration is inconsistent (for example, a state without an equation)."""


class NoJavaScriptFormError(IntimacyDynamicsError):
    """A model uses a function that has no JavaScript form, so it cannot run in the page.

    Attributes
    ----------
    function : str
        The function(s) with no JavaScript form, e.g. ``"erf"``.
    quantity : str
        The state (whose rate) or output that uses it.
    """

    def __init__(self, message: str, function: str, quantity: str):
        super().__init__(message)
        self.function = function
        self.quantity = quantity


class IntegrationError(IntimacyDynamicsError, RuntimeError):
    """The ODE solver could not integrate over the requested span.

    Attributes
    ----------
    t_reached : float
        The last time the solver reached successfully.
    """

    def __init__(self, message: str, t_reached: float | None = None):
        super().__init__(message)
        self.t_reached = t_reached


class BudgetExceededError(IntegrationError):
    """A run used up its work budget before the end of its time span.

    The message names the budget, how far the run got in ``t_span``, what was asked for
    and what to change.

    Attributes
    ----------
    budget : int
        The budget, in evaluations of the rates.
    t_reached : float
        How far the run got.

    Examples
    --------
    >>> raise BudgetExceededError(20_000, 512.5, (0, 1e5), "401 output times")
    Traceback (most recent call last):
    ...
    intimacy_dynamics.errors.BudgetExceededError: the run used its budget of 20,000 evaluations
    of the rates by t = 512.5, not reaching the end of t_span = (0, 100000) (asked for: 401
    output times). Ask for a shorter t_span or fewer outputs, or pass a larger budget= if so
    long a run is meant.
    """

    def __init__(self, budget: int, t_reached: float, t_span: tuple[float, float], asked: str):
        t0, t1 = t_span
        super().__init__(
            f"the run used its budget of {budget:,} evaluations of the rates by "
            f"t = {t_reached:g}, not reaching the end of t_span = ({t0:g}, {t1:g}) (asked "
            f"for: {asked}). Ask for a shorter t_span or fewer outputs, or pass a larger "
            "budget= if so long a run is meant.",
            t_reached=t_reached,
        )
        self.budget = budget
