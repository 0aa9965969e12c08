r"""Laura and Petrarch: Rinaldi's (1998) slow–fast model of a poet's love.

.. math::

    \dot L &= -\alpha_L L + \beta_L \left[P\left(1 - (P/\gamma_L)^2\right) + A_P\right] \\
    \dot P &= -\alpha_P P + \beta_P \left[L + \frac{A_L}{1 + \delta Z}\right] \\
    \dot Z &= -\alpha_Z Z + \beta_Z P

:math:`L` is Laura's love for Petrarch, :math:`P` Petrarch's love for Laura and
:math:`Z` his poetic inspiration, slow (:math:`\alpha_Z` small), which damps his reaction
to her appeal. Petrarch is unattractive to Laura (:math:`A_P < 0`), and Laura is
insecure: her return turns negative when Petrarch's love grows large. Time is in years.

References
----------
.. [1] Rinaldi, S. (1998). Laura and Petrarch: an intriguing case of cyclical love
   dynamics. *SIAM Journal on Applied Mathematics* 58(4), 1205–1221.
"""

from __future__ import annotations

import math

from intimacy_dynamics.classic._declare import declare_model, resolve_params
from intimacy_dynamics.core.model import Model
from intimacy_dynamics.core.quantities import Param, State
from intimacy_dynamics.errors import ParameterError

__all__ = ["laura_petrarch", "laura_petrarch_delta", "mu", "mu_crit"]

_RATE = {"bounds": (0, 50), "step": 0.01, "unit": "1/year"}

_PARAMS = {
    "alpha_L": Param(
        3.6,
        soft=(0, 10),
        label="Laura's oblivion",
        symbol=r"\alpha_L",
        **_RATE,
        doc="Rate at which Laura forgets.",
    ),
    "beta_L": Param(
        1.2,
        soft=(0, 5),
        label="Laura's return",
        symbol=r"\beta_L",
        **_RATE,
        doc="Laura's reaction to Petrarch's love (and appeal).",
    ),
    "gamma_L": Param(
        1.0,
        bounds=(0.01, 10),
        soft=(0.1, 3),
        step=0.01,
        label="Laura's insecurity scale",
        symbol=r"\gamma_L",
        doc="Petrarch's love above which Laura's return turns negative.",
    ),
    "A_P": Param(
        -1.0,
        bounds=(-10, 10),
        soft=(-3, 1),
        step=0.01,
        label="Petrarch's appeal",
        symbol="A_P",
        doc="Petrarch's appeal to Laura (negative: unattractive).",
    ),
    "alpha_P": Param(
        1.2,
        soft=(0, 5),
        label="Petrarch's oblivion",
        symbol=r"\alpha_P",
        **_RATE,
        doc="Rate at which Petrarch forgets.",
    ),
    "beta_P": Param(
        6.0,
        soft=(0, 15),
        label="Petrarch's return",
        symbol=r"\beta_P",
        **_RATE,
        doc="Petrarch's reaction to Laura's love and appeal.",
    ),
    "A_L": Param(
        2.0,
        bounds=(-10, 10),
        soft=(0, 5),
        step=0.01,
        label="Laura's appeal",
        symbol="A_L",
        doc="Laura's appeal to Petrarch.",
    ),
    "delta": Param(
        1.0,
        bounds=(0, 10),
        soft=(0, 3),
        step=0.01,
        label="Inspiration damping",
        symbol=r"\delta",
        doc="How much inspiration weakens his reaction to her.",
    ),
    "alpha_Z": Param(
        0.12,
        soft=(0.01, 1),
        label="Inspiration decay",
        symbol=r"\alpha_Z",
        **_RATE,
        doc="Decay rate of inspiration (the slow time scale).",
    ),
    "beta_Z": Param(
        12.0,
        soft=(0, 30),
        label="Inspiration gain",
        symbol=r"\beta_Z",
        **_RATE,
        doc="How fast Petrarch's love feeds his inspiration.",
    ),
}

_STATES = {
    "L": State(
        0.0,
        soft=(-2, 2),
        label="Laura's love for Petrarch",
        symbol="L",
        doc="Positive is love, negative antagonism.",
    ),
    "P": State(
        0.0,
        soft=(-2, 2),
        label="Petrarch's love for Laura",
        symbol="P",
        doc="Positive is ecstasy, negative despair.",
    ),
    "Z": State(
        0.0,
        soft=(0, 10),
        label="Petrarch's inspiration",
        symbol="Z",
        doc="Poetic inspiration; slow.",
    ),
}


def laura_petrarch(
    *,
    alpha_L: float = 3.6,
    beta_L: float = 1.2,
    gamma_L: float = 1.0,
    A_P: float = -1.0,
    alpha_P: float = 1.2,
    beta_P: float = 6.0,
    A_L: float = 2.0,
    delta: float = 1.0,
    alpha_Z: float = 0.12,
    beta_Z: float = 12.0,
) -> Model:
    r"""Rinaldi's (1998) Laura–Petrarch model, with its calibrated parameters.

    The defaults are the calibrated set used in public re-implementations of the paper
    (time in years; Laura and Petrarch meet in 1327 with ``(L, P, Z) = (0, 0, 0)``).
    With them, :math:`\mu = \beta_Z/\alpha_Z = 100` is far above :func:`mu_crit`, and
    the attractor is a slow–fast limit cycle: a regular cycle of a few years, Petrarch
    swinging between ecstasy and despair.

    Parameters
    ----------
    alpha_L, beta_L, gamma_L : float
        Laura's oblivion, return and insecurity scale.
    A_P : float
        Petrarch's appeal to Laura (negative).
    alpha_P, beta_P : float
        Petrarch's oblivion and return.
    A_L : float
        Laura's appeal to Petrarch.
    delta : float
        How much inspiration damps Petrarch's reaction to Laura's appeal.
    alpha_Z, beta_Z : float
        Decay and gain of inspiration; :math:`\varepsilon = \alpha_Z` sets the slow time.

    Returns
    -------
    Model
        States ``L``, ``P``, ``Z``; time unit years; default span 21 years.

    References
    ----------
    Rinaldi, S. (1998). Laura and Petrarch: an intriguing case of cyclical love dynamics.
    *SIAM J. Appl. Math.* 58(4), 1205–1221.

    Examples
    --------
    >>> import intimacy_dynamics as idyn
    >>> traj = idyn.simulate(laura_petrarch())
    >>> traj
    <Trajectory of LauraPetrarch: t in [0, 21] years, 401 times, 3 states>
    >>> bool(traj["P"].max() > 0 > traj["P"].min())     # ecstasy and despair
    True
    """
    values = dict(
        alpha_L=alpha_L,
        beta_L=beta_L,
        gamma_L=gamma_L,
        A_P=A_P,
        alpha_P=alpha_P,
        beta_P=beta_P,
        A_L=A_L,
        delta=delta,
        alpha_Z=alpha_Z,
        beta_Z=beta_Z,
    )
    return declare_model(
        "LauraPetrarch",
        rates=lambda s: {
            "L": -s.alpha_L * s.L + s.beta_L * (s.P * (1 - (s.P / s.gamma_L) ** 2) + s.A_P),
            "P": -s.alpha_P * s.P + s.beta_P * (s.L + s.A_L / (1 + s.delta * s.Z)),
            "Z": -s.alpha_Z * s.Z + s.beta_Z * s.P,
        },
        states=_STATES,
        params=_PARAMS,
        values=values,
        time_unit="year",
        t_span=(0.0, 21.0),
        doc="Rinaldi (1998) Laura and Petrarch: love, love and inspiration.",
    )


def laura_petrarch_delta(params=None) -> float:
    r"""Rinaldi's :math:`\Delta = \gamma_L^2(\beta_L\beta_P - \alpha_L\alpha_P)/(3\beta_L\beta_P)`.

    :math:`\Delta > 0` is the first condition for the fast subsystem :math:`(L, P)` to be
    bistable over an interval of inspiration :math:`Z`.

    Parameters
    ----------
    params : Model, ParamSet or mapping, optional
        Values; missing names take the defaults of :func:`laura_petrarch`.

    Examples
    --------
    >>> round(laura_petrarch_delta(), 6)
    0.133333
    """
    p = resolve_params(params, laura_petrarch)
    product = p["beta_L"] * p["beta_P"]
    return p["gamma_L"] ** 2 * (product - p["alpha_L"] * p["alpha_P"]) / (3 * product)


def mu(params=None) -> float:
    r"""The inspiration ratio :math:`\mu = \beta_Z/\alpha_Z` compared with :func:`mu_crit`.

    Examples
    --------
    >>> mu()
    100.0
    """
    p = resolve_params(params, laura_petrarch)
    return p["beta_Z"] / p["alpha_Z"]


def mu_crit(params=None) -> float:
    r"""Rinaldi's (1998) threshold on :math:`\mu = \beta_Z/\alpha_Z` for the slow–fast cycle.

    With :math:`\Delta` from :func:`laura_petrarch_delta` and
    :math:`q = 2\Delta\sqrt{\Delta}/\gamma_L^2`,

    .. math::

        \mu_{crit} = \frac{1}{\delta\sqrt{\Delta}}\,
        \frac{(\alpha_L/\beta_L) A_L + A_P + q}{-(A_P + q)}.

    For small :math:`\varepsilon = \alpha_Z` the attractor is an equilibrium when
    :math:`\mu < \mu_{crit}` and a limit cycle when :math:`\mu > \mu_{crit}`, provided the
    fast subsystem is bistable: :math:`\Delta > 0`, :math:`A_P < -q` and
    :math:`A_L > (\beta_L/\alpha_L)(q - A_P)`.

    Parameters
    ----------
    params : Model, ParamSet or mapping, optional
        Values; missing names take the defaults of :func:`laura_petrarch`.

    Raises
    ------
    ParameterError
        If the bistability conditions fail (the threshold is then undefined).

    References
    ----------
    Rinaldi (1998), *SIAM J. Appl. Math.* 58(4), §3–4 (singular perturbation analysis).

    Examples
    --------
    >>> round(mu_crit(), 3)
    15.466
    >>> mu_crit({"beta_L": 0.5})
    Traceback (most recent call last):
    ...
    intimacy_dynamics.errors.ParameterError: mu_crit is undefined: ... (Delta = -0.147 ...)
    """
    p = resolve_params(params, laura_petrarch)
    delta_ = laura_petrarch_delta(p)
    if delta_ <= 0:
        raise ParameterError(
            f"mu_crit is undefined: the fast subsystem needs beta_L*beta_P > alpha_L*alpha_P "
            f"(Delta = {delta_:.3g} must be positive)"
        )
    q = 2 * delta_ * math.sqrt(delta_) / p["gamma_L"] ** 2
    low_appeal = p["A_P"] < -q
    high_appeal = p["A_L"] > p["beta_L"] / p["alpha_L"] * (q - p["A_P"])
    if not (low_appeal and high_appeal and p["delta"] > 0):
        raise ParameterError(
            f"mu_crit is undefined: the fast subsystem is bistable only if A_P < {-q:.4g}, "
            f"A_L > {p['beta_L'] / p['alpha_L'] * (q - p['A_P']):.4g} and delta > 0 "
            f"(got A_P = {p['A_P']:g}, A_L = {p['A_L']:g}, delta = {p['delta']:g})"
        )
    numerator = p["alpha_L"] / p["beta_L"] * p["A_L"] + p["A_P"] + q
    return numerator / (-(p["A_P"] + q)) / (p["delta"] * math.sqrt(delta_))
