"""Exceptions raised by :mod:`intimacy_dynamics`.

Every error a user can trigger with bad input is a :class:`BadInputError` (also a
:class:`ValueError`), and its message names the offending quantity, the value given and
what is allowed. Errors in a model's own definition are :class:`ModelDefinitionError`;
a failed integration is an :class:`IntegrationError`. A model that cannot be written in
JavaScript raises :class:`NoJavaScriptFormError`.
"""

from __future__ import annotations

__all__ = [
    "BadInputError",
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
