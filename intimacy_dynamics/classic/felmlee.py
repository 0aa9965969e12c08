r"""Felmlee and Greenberg's (1999) ideal-point model of a dyad.

.. math::

    \dot x = a_1 (x^* - x) + a_2 (y - x), \qquad
    \dot y = b_1 (y^* - y) + b_2 (x - y)

Each partner is pulled towards their own ideal level (:math:`x^*`, :math:`y^*`; self
regulation :math:`a_1, b_1`) and towards the partner (:math:`a_2, b_2`; negative values
mean moving away). It is the closest published analogue of the balance between
individuation and togetherness.

References
----------
.. [1] Felmlee, D. H., & Greenberg, D. F. (1999). A dynamic systems model of dyadic
   interaction. *Journal of Mathematical Sociology* 23(3), 155–180.
"""

from __future__ import annotations

from intimacy_dynamics.classic._declare import declare_model, resolve_params
from intimacy_dynamics.core.model import Model
from intimacy_dynamics.core.quantities import Param, State
from intimacy_dynamics.errors import ParameterError

__all__ = ["felmlee_greenberg", "felmlee_greenberg_equilibrium", "felmlee_greenberg_is_stable"]

_COEFFICIENT = {"bounds": (-5, 5), "soft": (-1, 2), "step": 0.01, "unit": "1/time"}
_LEVEL = {"bounds": (-10, 10), "soft": (-3, 3), "step": 0.05}

_PARAMS = {
    "a1": Param(
        0.5,
        label="x's self-regulation",
        symbol="a_1",
        **_COEFFICIENT,
        doc="Pull of partner x towards their own ideal.",
    ),
    "a2": Param(
        0.2,
        label="x's partner influence",
        symbol="a_2",
        **_COEFFICIENT,
        doc="Pull of partner x towards y (negative: moving away).",
    ),
    "b1": Param(
        0.3,
        label="y's self-regulation",
        symbol="b_1",
        **_COEFFICIENT,
        doc="Pull of partner y towards their own ideal.",
    ),
    "b2": Param(
        0.4,
        label="y's partner influence",
        symbol="b_2",
        **_COEFFICIENT,
        doc="Pull of partner y towards x (negative: moving away).",
    ),
    "x_ideal": Param(
        1.0,
        label="x's ideal",
        symbol="x^*",
        **_LEVEL,
        doc="The level partner x settles at when alone.",
    ),
    "y_ideal": Param(
        -0.5,
        label="y's ideal",
        symbol="y^*",
        **_LEVEL,
        doc="The level partner y settles at when alone.",
    ),
}

_STATES = {
    "x": State(0.0, soft=(-3, 3), label="Partner x", symbol="x", doc="Partner x's level."),
    "y": State(0.0, soft=(-3, 3), label="Partner y", symbol="y", doc="Partner y's level."),
}


def felmlee_greenberg(
    a1: float = 0.5,
    a2: float = 0.2,
    b1: float = 0.3,
    b2: float = 0.4,
    x_ideal: float = 1.0,
    y_ideal: float = -0.5,
) -> Model:
    r"""The Felmlee–Greenberg (1999) ideal-point dyad.

    With positive coefficients each partner ends at a weighted compromise between their
    own ideal and the partner's (:func:`felmlee_greenberg_equilibrium`). The defaults are
    illustrative (the paper's estimates were not retrieved).

    Parameters
    ----------
    a1, b1 : float
        Self-regulation of partners x and y, in ``[-5, 5]``.
    a2, b2 : float
        Partner influence on x and on y, in ``[-5, 5]``.
    x_ideal, y_ideal : float
        The ideal (uninfluenced) levels :math:`x^*` and :math:`y^*`.

    Returns
    -------
    Model
        States ``x`` and ``y``.

    References
    ----------
    Felmlee, D. H., & Greenberg, D. F. (1999). *J. Mathematical Sociology* 23(3), 155–180.

    Examples
    --------
    >>> import intimacy_dynamics as idyn
    >>> model = felmlee_greenberg()
    >>> [round(v, 4) for v in felmlee_greenberg_equilibrium(model)]
    [0.7805, 0.2317]
    >>> end = idyn.simulate(model, t_span=(0, 60)).final()
    >>> round(end["x"], 4), round(end["y"], 4)
    (0.7805, 0.2317)
    """
    values = dict(a1=a1, a2=a2, b1=b1, b2=b2, x_ideal=x_ideal, y_ideal=y_ideal)
    return declare_model(
        "FelmleeGreenberg",
        rates=lambda s: {
            "x": s.a1 * (s.x_ideal - s.x) + s.a2 * (s.y - s.x),
            "y": s.b1 * (s.y_ideal - s.y) + s.b2 * (s.x - s.y),
        },
        states=_STATES,
        params=_PARAMS,
        values=values,
        t_span=(0.0, 30.0),
        doc="Felmlee & Greenberg (1999) ideal-point dyad.",
    )


def felmlee_greenberg_equilibrium(params=None) -> tuple[float, float]:
    r"""The closed-form equilibrium of :func:`felmlee_greenberg`.

    .. math::

        x_e = \frac{a_1 x^* (b_1 + b_2) + a_2 b_1 y^*}{D}, \quad
        y_e = \frac{b_1 y^* (a_1 + a_2) + b_2 a_1 x^*}{D}, \quad
        D = a_1 b_1 + a_1 b_2 + a_2 b_1.

    Raises
    ------
    ParameterError
        If :math:`D = 0` (no unique equilibrium).

    Examples
    --------
    >>> felmlee_greenberg_equilibrium({"a2": 0.0, "b2": 0.0})   # no coupling: the ideals
    (1.0, -0.5)
    """
    p = resolve_params(params, felmlee_greenberg)
    a1, a2, b1, b2 = p["a1"], p["a2"], p["b1"], p["b2"]
    det = a1 * b1 + a1 * b2 + a2 * b1
    if det == 0:
        raise ParameterError("a1*b1 + a1*b2 + a2*b1 = 0: the dyad has no unique equilibrium")
    x_e = (a1 * p["x_ideal"] * (b1 + b2) + a2 * b1 * p["y_ideal"]) / det
    y_e = (b1 * p["y_ideal"] * (a1 + a2) + b2 * a1 * p["x_ideal"]) / det
    return x_e, y_e


def felmlee_greenberg_is_stable(params=None) -> bool:
    r"""Stability: trace :math:`-(a_1+a_2+b_1+b_2) < 0` and :math:`D > 0`.

    Examples
    --------
    >>> felmlee_greenberg_is_stable(), felmlee_greenberg_is_stable({"a2": -2.0})
    (True, False)
    """
    p = resolve_params(params, felmlee_greenberg)
    a1, a2, b1, b2 = p["a1"], p["a2"], p["b1"], p["b2"]
    return a1 + a2 + b1 + b2 > 0 and a1 * b1 + a1 * b2 + a2 * b1 > 0
