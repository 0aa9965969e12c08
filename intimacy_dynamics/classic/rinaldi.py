r"""Rinaldi's oblivion–return–appeal models: linear couples and Rhett and Scarlett.

In Rinaldi's framework each partner's love :math:`x_i` is a balance of three processes:
forgetting (*oblivion*, :math:`-\alpha_i x_i`), the pleasure of being loved (*return*,
a function of the partner's love) and the reaction to the partner's appeal (*instinct*,
:math:`\gamma_i A_j`). The Laura–Petrarch model is in :mod:`.petrarch`.

References
----------
.. [1] Rinaldi, S. (1998). Love dynamics: the case of linear couples. *Applied
   Mathematics and Computation* 95, 181–192.
.. [2] Rinaldi, S., & Gragnani, A. (1998). Love dynamics between secure individuals: a
   modeling approach. *Nonlinear Dynamics, Psychology, and Life Sciences* 2(4), 283.
.. [3] Rinaldi, S., Della Rossa, F., & Landi, P. (2013). A mathematical model of "Gone
   with the Wind". *Physica A* 392, 3231.
.. [4] Rinaldi, S., Della Rossa, F., Dercole, F., Gragnani, A., & Landi, P. (2016).
   *Modeling Love Dynamics*. World Scientific.
"""

from __future__ import annotations

import sympy

from intimacy_dynamics.classic._declare import declare_model, resolve_params
from intimacy_dynamics.core.model import Model
from intimacy_dynamics.core.quantities import Param, State
from intimacy_dynamics.errors import ParameterError

__all__ = [
    "rhett_scarlett",
    "rinaldi_linear",
    "rinaldi_linear_equilibrium",
    "rinaldi_linear_is_stable",
]

_RATE = {"bounds": (0, 10), "soft": (0, 3), "step": 0.01, "unit": "1/time"}
_APPEAL = {"bounds": (-10, 10), "soft": (-2, 4), "step": 0.05}

_LINEAR_PARAMS = {
    "alpha1": Param(
        2.0,
        label="Oblivion of partner 1",
        symbol=r"\alpha_1",
        **_RATE,
        doc="Rate at which partner 1 forgets their love.",
    ),
    "alpha2": Param(
        1.0,
        label="Oblivion of partner 2",
        symbol=r"\alpha_2",
        **_RATE,
        doc="Rate at which partner 2 forgets their love.",
    ),
    "beta1": Param(
        1.0,
        label="Return of partner 1",
        symbol=r"\beta_1",
        **_RATE,
        doc="How much partner 1's love grows with partner 2's love.",
    ),
    "beta2": Param(
        0.5,
        label="Return of partner 2",
        symbol=r"\beta_2",
        **_RATE,
        doc="How much partner 2's love grows with partner 1's love.",
    ),
    "gamma1": Param(
        1.0,
        label="Instinct of partner 1",
        symbol=r"\gamma_1",
        **_RATE,
        doc="How strongly partner 1 reacts to partner 2's appeal.",
    ),
    "gamma2": Param(
        1.0,
        label="Instinct of partner 2",
        symbol=r"\gamma_2",
        **_RATE,
        doc="How strongly partner 2 reacts to partner 1's appeal.",
    ),
    "A1": Param(
        1.0,
        label="Appeal of partner 1",
        symbol="A_1",
        **_APPEAL,
        doc="Partner 1's appeal (positive in Rinaldi 1998).",
    ),
    "A2": Param(
        1.0,
        label="Appeal of partner 2",
        symbol="A_2",
        **_APPEAL,
        doc="Partner 2's appeal (positive in Rinaldi 1998).",
    ),
}

_LINEAR_STATES = {
    "x1": State(
        0.0,
        soft=(-1, 5),
        label="Love of partner 1",
        symbol="x_1",
        doc="Partner 1's love for partner 2; 0 is indifference.",
    ),
    "x2": State(
        0.0,
        soft=(-1, 5),
        label="Love of partner 2",
        symbol="x_2",
        doc="Partner 2's love for partner 1; 0 is indifference.",
    ),
}


def rinaldi_linear(
    alpha1: float = 2.0,
    alpha2: float = 1.0,
    beta1: float = 1.0,
    beta2: float = 0.5,
    gamma1: float = 1.0,
    gamma2: float = 1.0,
    A1: float = 1.0,
    A2: float = 1.0,
) -> Model:
    r"""Rinaldi's (1998) linear couple.

    .. math::

        \dot x_1 = -\alpha_1 x_1 + \beta_1 x_2 + \gamma_1 A_2, \qquad
        \dot x_2 = -\alpha_2 x_2 + \beta_2 x_1 + \gamma_2 A_1.

    With positive parameters this is a positive linear system: it is stable if and only
    if :math:`\alpha_1\alpha_2 > \beta_1\beta_2`, and then feelings rise monotonically
    from indifference to the equilibrium of :func:`rinaldi_linear_equilibrium`, which
    grows with either appeal. The paper's analysis is parametric; the defaults are an
    illustrative stable couple.

    Parameters
    ----------
    alpha1, alpha2 : float
        Oblivion (forgetting) rates, in ``[0, 10]``.
    beta1, beta2 : float
        Return: reaction to the partner's love, in ``[0, 10]``.
    gamma1, gamma2 : float
        Instinct: reaction to the partner's appeal, in ``[0, 10]``.
    A1, A2 : float
        Appeals of partners 1 and 2, in ``[-10, 10]``.

    Returns
    -------
    Model
        States ``x1``, ``x2`` starting from indifference ``(0, 0)``.

    References
    ----------
    Rinaldi, S. (1998). Love dynamics: the case of linear couples. *Appl. Math.
    Comput.* 95, 181–192.

    Examples
    --------
    >>> import intimacy_dynamics as idyn
    >>> model = rinaldi_linear()
    >>> rinaldi_linear_equilibrium(model)
    (1.3333333333333333, 1.6666666666666667)
    >>> end = idyn.simulate(model, t_span=(0, 40)).final()
    >>> round(end["x1"], 6), round(end["x2"], 6)
    (1.333333, 1.666667)
    """
    values = dict(
        alpha1=alpha1,
        alpha2=alpha2,
        beta1=beta1,
        beta2=beta2,
        gamma1=gamma1,
        gamma2=gamma2,
        A1=A1,
        A2=A2,
    )
    return declare_model(
        "RinaldiLinear",
        rates=lambda s: {
            "x1": -s.alpha1 * s.x1 + s.beta1 * s.x2 + s.gamma1 * s.A2,
            "x2": -s.alpha2 * s.x2 + s.beta2 * s.x1 + s.gamma2 * s.A1,
        },
        states=_LINEAR_STATES,
        params=_LINEAR_PARAMS,
        values=values,
        t_span=(0.0, 20.0),
        doc="Rinaldi (1998) linear couple: oblivion, return and instinct.",
    )


def rinaldi_linear_equilibrium(params=None) -> tuple[float, float]:
    r"""The closed-form equilibrium :math:`(x_1^*, x_2^*)` of :func:`rinaldi_linear`.

    .. math::

        x_1^* = \frac{\alpha_2\gamma_1 A_2 + \beta_1\gamma_2 A_1}{\alpha_1\alpha_2 -
        \beta_1\beta_2}, \qquad
        x_2^* = \frac{\alpha_1\gamma_2 A_1 + \beta_2\gamma_1 A_2}{\alpha_1\alpha_2 -
        \beta_1\beta_2}.

    It attracts every trajectory only when :func:`rinaldi_linear_is_stable`.

    Parameters
    ----------
    params : Model, ParamSet or mapping, optional
        Parameter values; missing names take the defaults of :func:`rinaldi_linear`.

    Raises
    ------
    ParameterError
        For unknown names, out-of-range values, or when
        :math:`\alpha_1\alpha_2 = \beta_1\beta_2` (no unique equilibrium).

    Examples
    --------
    >>> rinaldi_linear_equilibrium({"A1": 2.0})
    (2.0, 3.0)
    """
    p = resolve_params(params, rinaldi_linear)
    det = p["alpha1"] * p["alpha2"] - p["beta1"] * p["beta2"]
    if det == 0:
        raise ParameterError(
            "alpha1*alpha2 equals beta1*beta2: the linear couple has no unique equilibrium"
        )
    x1 = (p["alpha2"] * p["gamma1"] * p["A2"] + p["beta1"] * p["gamma2"] * p["A1"]) / det
    x2 = (p["alpha1"] * p["gamma2"] * p["A1"] + p["beta2"] * p["gamma1"] * p["A2"]) / det
    return x1, x2


def rinaldi_linear_is_stable(params=None) -> bool:
    r"""Whether the linear couple is stable: :math:`\alpha_1\alpha_2 > \beta_1\beta_2`.

    Examples
    --------
    >>> rinaldi_linear_is_stable(), rinaldi_linear_is_stable({"beta1": 5.0})
    (True, False)
    """
    p = resolve_params(params, rinaldi_linear)
    return p["alpha1"] * p["alpha2"] > p["beta1"] * p["beta2"]


_RHETT_SCARLETT_PARAMS = {
    "A_S": Param(
        1.0,
        bounds=(0, 10),
        soft=(0, 6),
        step=0.05,
        label="Scarlett's appeal",
        symbol="A_S",
        doc="Scarlett's appeal to Rhett.",
    ),
    "A_R": Param(
        0.5,
        bounds=(0, 10),
        soft=(0, 6),
        step=0.05,
        label="Rhett's appeal",
        symbol="A_R",
        doc="Rhett's appeal to Scarlett.",
    ),
    "k": Param(
        15.0,
        bounds=(0, 50),
        soft=(0, 30),
        step=0.1,
        label="Reaction to love",
        symbol="k",
        doc="Strength of the insecure reaction to the partner's love.",
    ),
}

_RHETT_SCARLETT_STATES = {
    "R": State(
        0.0,
        bounds=(0, None),
        soft=(0, 10),
        label="Rhett's love for Scarlett",
        symbol="R",
        doc="Nonnegative in the normalised model.",
    ),
    "S": State(
        0.0,
        bounds=(0, None),
        soft=(0, 10),
        label="Scarlett's love for Rhett",
        symbol="S",
        doc="Nonnegative in the normalised model.",
    ),
}


def rhett_scarlett(A_S: float = 1.0, A_R: float = 0.5, k: float = 15.0) -> Model:
    r"""The insecure couple of "Gone with the Wind" (Rinaldi, Della Rossa & Landi 2013).

    In normalised form (unit oblivion and instinct),

    .. math::

        \dot R = -R + A_S + k S e^{-S}, \qquad \dot S = -S + A_R + k R e^{-R}.

    Both partners are *insecure*: the return :math:`k x e^{-x}` reacts strongly to a
    small involvement of the partner but fades when the partner's love grows large. For
    low appeals the couple is *fragile*, with two stable equilibria (one partner much
    more involved than the other) reached from different initial states; for high
    appeals it is *robust*, with a single one. The nonnegative quadrant is invariant for
    nonnegative appeals, and the normalised return is only meaningful there, so the
    states are bounded below by 0. The defaults (a fragile couple) are illustrative: the
    paper's calibrated values were not checked.

    Parameters
    ----------
    A_S : float
        Scarlett's appeal (to Rhett), in ``[0, 10]``.
    A_R : float
        Rhett's appeal (to Scarlett), in ``[0, 10]``.
    k : float
        Strength of the reaction to the partner's love, in ``[0, 50]``.

    Returns
    -------
    Model
        States ``R``, ``S`` starting from indifference.

    References
    ----------
    Rinaldi, S., Della Rossa, F., & Landi, P. (2013). A mathematical model of "Gone with
    the Wind". *Physica A* 392, 3231; normalised form as in the 2016 book *Modeling
    Love Dynamics*.

    Examples
    --------
    >>> import intimacy_dynamics as idyn
    >>> model = rhett_scarlett()
    >>> a = idyn.simulate(model, t_span=(0, 30), y0={"R": 3.0, "S": 0.5}).final()
    >>> b = idyn.simulate(model, t_span=(0, 30), y0={"R": 0.5, "S": 3.0}).final()
    >>> a["R"] > a["S"] and b["S"] > b["R"]      # two alternative stable regimes
    True
    """
    return declare_model(
        "RhettScarlett",
        rates=lambda s: {
            "R": -s.R + s.A_S + s.k * s.S * sympy.exp(-s.S),
            "S": -s.S + s.A_R + s.k * s.R * sympy.exp(-s.R),
        },
        states=_RHETT_SCARLETT_STATES,
        params=_RHETT_SCARLETT_PARAMS,
        values={"A_S": A_S, "A_R": A_R, "k": k},
        t_span=(0.0, 30.0),
        doc="Rinaldi et al. (2013) insecure couple, normalised.",
    )
