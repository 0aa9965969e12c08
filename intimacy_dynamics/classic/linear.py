r"""Strogatz's linear Romeo–Juliet model, its romantic styles and named cases.

The general linear love affair (Strogatz 1988; 2015, §5.3) is

.. math::

    \dot R = a R + b J, \qquad \dot J = c R + d J,

where :math:`R` is Romeo's love for Juliet and :math:`J` Juliet's love for Romeo
(negative values are hate). Romeo's style is named from the signs of his own
coefficients :math:`(a, b)` (Sprott 2004, after Strogatz and his students).

References
----------
.. [1] Strogatz, S. H. (1988). Love affairs and differential equations. *Mathematics
   Magazine* 61(1), 35.
.. [2] Strogatz, S. H. (2015). *Nonlinear Dynamics and Chaos*, 2nd ed., §5.3 "Love
   affairs". Westview Press.
.. [3] Sprott, J. C. (2004). Dynamical models of love. *Nonlinear Dynamics, Psychology,
   and Life Sciences* 8(3), 303–314.
"""

from __future__ import annotations

from intimacy_dynamics.classic._declare import declare_model
from intimacy_dynamics.core.model import Model
from intimacy_dynamics.core.quantities import Noise, Param, State
from intimacy_dynamics.core.validation import as_finite_float
from intimacy_dynamics.errors import ParameterError

__all__ = ["cautious_lovers", "fickle_lover", "romantic_style", "strogatz"]

_COEFFICIENT = {"bounds": (-10, 10), "soft": (-3, 3), "step": 0.05, "unit": "1/time"}

_STROGATZ_PARAMS = {
    "a": Param(
        0.0,
        label="Romeo's response to his own love",
        symbol="a",
        **_COEFFICIENT,
        doc="How Romeo's love feeds back on itself: > 0 eager, < 0 cautious.",
    ),
    "b": Param(
        -1.0,
        label="Romeo's response to Juliet",
        symbol="b",
        **_COEFFICIENT,
        doc="How Juliet's love changes Romeo's: > 0 responsive, < 0 contrary.",
    ),
    "c": Param(
        1.0,
        label="Juliet's response to Romeo",
        symbol="c",
        **_COEFFICIENT,
        doc="How Romeo's love changes Juliet's.",
    ),
    "d": Param(
        0.0,
        label="Juliet's response to her own love",
        symbol="d",
        **_COEFFICIENT,
        doc="How Juliet's love feeds back on itself.",
    ),
}

_STROGATZ_STATES = {
    "R": State(
        1.0,
        soft=(-5, 5),
        label="Romeo's love for Juliet",
        symbol="R",
        doc="Love if positive, hate if negative.",
    ),
    "J": State(
        0.0,
        soft=(-5, 5),
        label="Juliet's love for Romeo",
        symbol="J",
        doc="Love if positive, hate if negative.",
    ),
}

#: Day-to-day swings of both lovers' feelings, for noisy runs: one Wiener process each,
#: additive (the feelings are unbounded), so a stable affair is an Ornstein-Uhlenbeck
#: process whose moments are known exactly.
_STROGATZ_NOISE = {
    "mood": Noise(
        0.3,
        drives=("R", "J"),
        bounds=(0, 5),
        soft=(0, 2),
        step=0.01,
        unit="1/sqrt(time)",
        label="Mood swings",
        symbol=r"\sigma",
        doc="How strongly each lover's feelings are jostled from moment to moment.",
    )
}

# The sign patterns of (own, partner) coefficients named by Sprott (2004).
_STYLES = {
    (1, 1): "eager beaver",
    (1, -1): "narcissistic nerd",
    (-1, 1): "cautious lover",
    (-1, -1): "hermit",
}


def strogatz(a: float = 0.0, b: float = -1.0, c: float = 1.0, d: float = 0.0) -> Model:
    r"""The linear love affair :math:`\dot R = aR + bJ`, :math:`\dot J = cR + dJ`.

    The defaults are the fickle Romeo of Strogatz (1988) with unit rates
    (:math:`\dot R = -J`, :math:`\dot J = R`): a never-ending cycle of love and hate.
    Every coefficient is bounded to ``[-10, 10]``.

    Parameters
    ----------
    a, b : float
        Romeo's response to his own love and to Juliet's.
    c, d : float
        Juliet's response to Romeo's love and to her own.

    Returns
    -------
    Model
        States ``R`` and ``J`` (initially 1 and 0), parameters ``a, b, c, d``, and a
        noise intensity ``mood`` (additive noise on both feelings) for noisy runs.

    Raises
    ------
    ParameterError
        If a coefficient is outside ``[-10, 10]``.

    References
    ----------
    Strogatz (1988), *Math. Magazine* 61:35; Strogatz (2015), *Nonlinear Dynamics and
    Chaos*, §5.3.

    Examples
    --------
    >>> import numpy as np, intimacy_dynamics as idyn
    >>> model = strogatz(a=-2, b=1, c=1, d=-2)          # identical cautious lovers
    >>> np.sort(np.linalg.eigvals(model.compile().jacobian(0, [0, 0], model.params().as_list())))
    array([-3., -1.])
    >>> round(idyn.simulate(model, t_span=(0, 20)).final()["R"], 6)   # mutual indifference
    0.0
    """
    return declare_model(
        "Strogatz",
        rates=lambda s: {"R": s.a * s.R + s.b * s.J, "J": s.c * s.R + s.d * s.J},
        states=_STROGATZ_STATES,
        params=_STROGATZ_PARAMS,
        values={"a": a, "b": b, "c": c, "d": d},
        t_span=(0.0, 50.0),
        doc="Strogatz (1988) linear love affair: dR/dt = aR + bJ, dJ/dt = cR + dJ.",
        noise=_STROGATZ_NOISE,
    )


def fickle_lover(a: float = 1.0, b: float = 1.0) -> Model:
    r"""Strogatz's (1988) fickle Romeo: :math:`\dot R = -aJ`, :math:`\dot J = bR`.

    The more Juliet loves him, the more Romeo withdraws; Juliet echoes him. The origin is
    a center: feelings cycle for ever with period :math:`2\pi/\sqrt{ab}`, the quantity
    :math:`bR^2 + aJ^2` is conserved, and the two love each other at the same time a
    quarter of the time.

    Parameters
    ----------
    a : float
        How strongly Romeo turns away from Juliet's love, in ``[0, 10]``.
    b : float
        How strongly Juliet echoes Romeo, in ``[0, 10]``.

    Returns
    -------
    Model
        :func:`strogatz` with coefficients ``(0, -a, b, 0)``.

    Examples
    --------
    >>> import numpy as np, intimacy_dynamics as idyn
    >>> traj = idyn.simulate(fickle_lover(a=4, b=1), t_span=(0, np.pi), n_points=3)
    >>> np.round(traj["R"], 4)    # period 2*pi/sqrt(4): back to the start after pi
    array([ 1., -1.,  1.])
    """
    a = as_finite_float(a, "parameter 'a' (Romeo's fickleness)", (0, 10), ParameterError)
    b = as_finite_float(b, "parameter 'b' (Juliet's echo)", (0, 10), ParameterError)
    return strogatz(a=0.0, b=-a, c=b, d=0.0)


def cautious_lovers(a: float = -2.0, b: float = 1.0) -> Model:
    r"""Two identical cautious lovers: :math:`\dot R = aR + bJ`, :math:`\dot J = bR + aJ`.

    The textbook example of Strogatz (2015, §5.3), with :math:`a < 0 < b`. The
    eigenvalues are :math:`a \pm b` (eigenvectors :math:`(1, 1)` and :math:`(1, -1)`):
    when caution outweighs responsiveness (:math:`a^2 > b^2`) the origin is a stable node
    and the affair fizzles out; otherwise it is a saddle, and the couple ends in a love
    fest or a war along :math:`R = J`, depending on where it starts.

    Parameters
    ----------
    a : float
        Caution, in ``[-10, 0]``.
    b : float
        Responsiveness to the partner, in ``[0, 10]``.

    Returns
    -------
    Model
        :func:`strogatz` with coefficients ``(a, b, b, a)``.

    Examples
    --------
    >>> model = cautious_lovers(a=-1, b=2)
    >>> model.jacobian()
    Matrix([
    [a, b],
    [c, d]])
    >>> dict(model.params())
    {'a': -1.0, 'b': 2.0, 'c': 2.0, 'd': -1.0}
    """
    a = as_finite_float(a, "parameter 'a' (caution)", (-10, 0), ParameterError)
    b = as_finite_float(b, "parameter 'b' (responsiveness)", (0, 10), ParameterError)
    return strogatz(a=a, b=b, c=b, d=a)


def romantic_style(own: float, partner: float) -> str:
    """Name a lover's romantic style from the signs of their two coefficients.

    For Romeo pass ``(a, b)``; for Juliet ``(d, c)``. The four sign patterns are named
    by Sprott (2004) after Strogatz and his students; a zero coefficient gives the
    special cases of Strogatz's exercises.

    Parameters
    ----------
    own : float
        Response to one's own love (``a`` for Romeo).
    partner : float
        Response to the partner's love (``b`` for Romeo).

    Returns
    -------
    str
        ``"eager beaver"`` (+, +), ``"narcissistic nerd"`` (+, -), ``"cautious lover"``
        (-, +), ``"hermit"`` (-, -); ``"out of touch with own feelings"`` if ``own`` is
        0, ``"oblivious to the partner's feelings"`` if ``partner`` is 0, and
        ``"robot"`` if both are.

    Examples
    --------
    >>> romantic_style(0.5, 1.0), romantic_style(-1.0, 2.0), romantic_style(-1, -1)
    ('eager beaver', 'cautious lover', 'hermit')
    >>> romantic_style(0, 1)
    'out of touch with own feelings'
    """
    own = as_finite_float(own, "own-feeling coefficient")
    partner = as_finite_float(partner, "partner-feeling coefficient")
    if own == 0 and partner == 0:
        return "robot"
    if own == 0:
        return "out of touch with own feelings"
    if partner == 0:
        return "oblivious to the partner's feelings"
    return _STYLES[(1 if own > 0 else -1, 1 if partner > 0 else -1)]
