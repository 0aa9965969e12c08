r"""Boker and Laurenceau's coupled damped linear oscillators of two partners.

.. math::

    \ddot x = \eta_x x + \zeta_x \dot x + \eta_{xy} y + \zeta_{xy} \dot y, \qquad
    \ddot y = \eta_y y + \zeta_y \dot y + \eta_{yx} x + \zeta_{yx} \dot x

:math:`x` and :math:`y` are the two partners' deviations from their set points (daily
intimacy, in the original application). :math:`\eta < 0` sets the frequency (period
:math:`2\pi/\sqrt{-\eta}` without damping or coupling); :math:`\zeta < 0` damps the
oscillation and :math:`\zeta > 0` amplifies it. The coupling coefficients carry the
partner's level (:math:`\eta_{xy}`: the effect of :math:`y` on :math:`x`'s acceleration)
and rate of change (:math:`\zeta_{xy}`). The model is written as a first-order system with
states ``x``, ``x_rate``, ``y``, ``y_rate``.

References
----------
.. [1] Boker, S. M., & Laurenceau, J.-P. (2006). Dynamical systems modeling: an
   application to the regulation of intimacy and disclosure in marriage. In T. A. Walls
   & J. L. Schafer (Eds.), *Models for Intensive Longitudinal Data* (pp. 195–218).
   Oxford University Press.
.. [2] Boker, S. M., & Nesselroade, J. R. (2002). A method for modeling the intrinsic
   dynamics of intraindividual variability. *Multivariate Behavioral Research* 37(1).
"""

from __future__ import annotations

import math

from intimacy_dynamics.classic._declare import declare_model
from intimacy_dynamics.core.model import Model
from intimacy_dynamics.core.quantities import Param, State
from intimacy_dynamics.core.validation import as_finite_float
from intimacy_dynamics.errors import ParameterError

__all__ = ["coupled_oscillator", "oscillator_period"]

_ETA = {"bounds": (-10, 10), "soft": (-2, 0.5), "step": 0.01, "unit": "1/day^2"}
_ZETA = {"bounds": (-5, 5), "soft": (-1, 1), "step": 0.01, "unit": "1/day"}
_COUPLING = {"bounds": (-10, 10), "soft": (-1, 1), "step": 0.01}

_PARAMS = {
    "eta_x": Param(
        -0.5,
        symbol=r"\eta_x",
        label="x's frequency",
        **_ETA,
        doc="Negative: pull of x back to its set point (sets the frequency).",
    ),
    "zeta_x": Param(
        -0.1,
        symbol=r"\zeta_x",
        label="x's damping",
        **_ZETA,
        doc="Negative damps x's oscillation, positive amplifies it.",
    ),
    "eta_xy": Param(
        0.05,
        symbol=r"\eta_{xy}",
        label="y's level on x",
        **_COUPLING,
        doc="Effect of partner y's level on x's acceleration.",
    ),
    "zeta_xy": Param(
        0.0,
        symbol=r"\zeta_{xy}",
        label="y's change on x",
        **_COUPLING,
        doc="Effect of partner y's rate of change on x's acceleration.",
    ),
    "eta_y": Param(
        -0.5,
        symbol=r"\eta_y",
        label="y's frequency",
        **_ETA,
        doc="Negative: pull of y back to its set point (sets the frequency).",
    ),
    "zeta_y": Param(
        -0.1,
        symbol=r"\zeta_y",
        label="y's damping",
        **_ZETA,
        doc="Negative damps y's oscillation, positive amplifies it.",
    ),
    "eta_yx": Param(
        0.05,
        symbol=r"\eta_{yx}",
        label="x's level on y",
        **_COUPLING,
        doc="Effect of partner x's level on y's acceleration.",
    ),
    "zeta_yx": Param(
        0.0,
        symbol=r"\zeta_{yx}",
        label="x's change on y",
        **_COUPLING,
        doc="Effect of partner x's rate of change on y's acceleration.",
    ),
}

_STATES = {
    "x": State(
        1.0,
        soft=(-3, 3),
        symbol="x",
        label="Partner x",
        doc="Partner x's deviation from their set point.",
    ),
    "x_rate": State(
        0.0, soft=(-3, 3), symbol=r"\dot{x}", label="Partner x's rate", doc="Rate of change of x."
    ),
    "y": State(
        0.0,
        soft=(-3, 3),
        symbol="y",
        label="Partner y",
        doc="Partner y's deviation from their set point.",
    ),
    "y_rate": State(
        0.0, soft=(-3, 3), symbol=r"\dot{y}", label="Partner y's rate", doc="Rate of change of y."
    ),
}


def coupled_oscillator(
    eta_x: float = -0.5,
    zeta_x: float = -0.1,
    eta_xy: float = 0.05,
    zeta_xy: float = 0.0,
    eta_y: float = -0.5,
    zeta_y: float = -0.1,
    eta_yx: float = 0.05,
    zeta_yx: float = 0.0,
) -> Model:
    r"""Boker & Laurenceau's coupled damped linear oscillator of a couple.

    The published per-couple estimates were not retrieved, so the defaults are
    illustrative: two identical, lightly damped partners (period about 8.9 days) with a
    weak positive coupling. Time is in days (daily diaries).

    Parameters
    ----------
    eta_x, eta_y : float
        Each partner's frequency parameter (negative for oscillation).
    zeta_x, zeta_y : float
        Each partner's damping (negative) or amplification (positive).
    eta_xy, zeta_xy : float
        Coupling of x's acceleration to y's level and to y's rate of change.
    eta_yx, zeta_yx : float
        Coupling of y's acceleration to x's level and to x's rate of change.

    Returns
    -------
    Model
        States ``x``, ``x_rate``, ``y``, ``y_rate`` (``x`` starts at 1, the rest at 0).

    References
    ----------
    Boker & Laurenceau (2006), in *Models for Intensive Longitudinal Data*, 195–218.

    Examples
    --------
    >>> import intimacy_dynamics as idyn
    >>> model = coupled_oscillator(zeta_x=0, zeta_y=0, eta_xy=0, eta_yx=0)
    >>> period = oscillator_period(model.params()["eta_x"])
    >>> round(period, 3)
    8.886
    >>> round(idyn.simulate(model, t_span=(0, period)).final()["x"], 4)   # one full cycle
    1.0
    """
    values = dict(
        eta_x=eta_x,
        zeta_x=zeta_x,
        eta_xy=eta_xy,
        zeta_xy=zeta_xy,
        eta_y=eta_y,
        zeta_y=zeta_y,
        eta_yx=eta_yx,
        zeta_yx=zeta_yx,
    )
    return declare_model(
        "CoupledOscillator",
        rates=lambda s: {
            "x": s.x_rate,
            "x_rate": s.eta_x * s.x + s.zeta_x * s.x_rate + s.eta_xy * s.y + s.zeta_xy * s.y_rate,
            "y": s.y_rate,
            "y_rate": s.eta_y * s.y + s.zeta_y * s.y_rate + s.eta_yx * s.x + s.zeta_yx * s.x_rate,
        },
        states=_STATES,
        params=_PARAMS,
        values=values,
        time_unit="day",
        t_span=(0.0, 42.0),
        doc="Boker & Laurenceau (2006) coupled damped linear oscillators.",
    )


def oscillator_period(eta: float) -> float:
    r"""The period :math:`2\pi/\sqrt{-\eta}` of an undamped, uncoupled oscillator.

    Raises
    ------
    ParameterError
        If ``eta`` is not negative (no oscillation).

    Examples
    --------
    >>> round(oscillator_period(-0.5), 3)
    8.886
    """
    eta = as_finite_float(eta, "eta", error=ParameterError)
    if eta >= 0:
        raise ParameterError(f"eta = {eta:g} must be negative for the partner to oscillate")
    return 2 * math.pi / math.sqrt(-eta)
