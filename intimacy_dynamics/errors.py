"""Exceptions raised by :mod:`intimacy_dynamics`.

Every error a user can trigger with bad input is a :class:`BadInputError` (also a
:class:`ValueError`), and its message names the offending quantity, the value given and
what is allowed. Errors in a model's own definition are :class:`ModelDefinitionError`;
a failed integration is an :class:`IntegrationError`.
"""

from __future__ import annotations

__all__ = [
    "BadInputError",
    "IntegrationError",
    "IntimacyDynamicsError",
    "ModelDefinitionError",
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
