"""Smooth building blocks for rate equations, as sympy expressions.

They are smooth everywhere (no ``Max``, ``Abs`` or ``Piecewise``), so Jacobians are exact
and continuous, and they map the real line into ``[0, 1]``-style responses used all over
the intimacy model.
"""

from __future__ import annotations

import sympy

__all__ = ["hill", "sigmoid"]


def sigmoid(x, gain=1, threshold=0):
    """The logistic function ``1 / (1 + exp(-gain * (x - threshold)))``.

    Examples
    --------
    >>> import sympy
    >>> sigmoid(sympy.Symbol("T"), gain=8, threshold=sympy.Rational(1, 2))
    1/(exp(4 - 8*T) + 1)
    >>> float(sigmoid(0.5, gain=8, threshold=0.5))
    0.5
    """
    return 1 / (1 + sympy.exp(-gain * (x - threshold)))


def hill(x, half, n=2):
    """The Hill function ``x**n / (x**n + half**n)`` for ``x >= 0``.

    Examples
    --------
    >>> float(hill(0.5, half=0.5))
    0.5
    """
    return x**n / (x**n + half**n)
