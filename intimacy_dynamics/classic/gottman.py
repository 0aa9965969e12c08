r"""The Gottman–Murray model of marital interaction: a map over speaking turns.

Each partner's affect at the next turn is their uninfluenced dynamics (a constant and
*emotional inertia* times their own last score) plus the *influence* of the partner:

.. math::

    W_{t+1} = a + r_1 W_t + I_{HW}(H_t), \qquad
    H_{t+1} = b + r_2 H_t + I_{WH}(W_{t+1}).

The wife speaks first, so the husband responds to her new score :math:`W_{t+1}`. The
*uninfluenced steady states* are :math:`a/(1-r_1)` and :math:`b/(1-r_2)`. Influence
functions are linear, bilinear (one slope for positive and one for negative partner
affect, Cook et al. 1995) or an *ojive* (threshold) function: a negative level below a
negative threshold, a positive level above a positive threshold and no influence in
between (Gottman, Swanson & Murray 1999).

This is a discrete map, not an ODE, so it is not a :class:`~intimacy_dynamics.Model`;
it still declares its parameters with :class:`~intimacy_dynamics.Param` and validates
them with :class:`~intimacy_dynamics.ParamSet`.

References
----------
.. [1] Cook, J., Tyson, R., White, J., Rushe, R., Gottman, J., & Murray, J. (1995).
   Mathematics of marital conflict: qualitative dynamic mathematical modeling of marital
   interaction. *Journal of Family Psychology* 9(2), 110–130.
.. [2] Gottman, J., Swanson, C., & Murray, J. (1999). The mathematics of marital
   conflict: dynamic mathematical nonlinear modeling of newlywed marital interaction.
   *Journal of Family Psychology* 13(1), 3–19.
.. [3] Gottman, J. M., Murray, J. D., Swanson, C. C., Tyson, R., & Swanson, K. R. (2002).
   *The Mathematics of Marriage: Dynamic Nonlinear Models*. MIT Press.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from intimacy_dynamics.core.params import ParamSet
from intimacy_dynamics.core.quantities import Param
from intimacy_dynamics.core.validation import as_finite_float
from intimacy_dynamics.errors import BadInputError, StateError

__all__ = ["INFLUENCES", "GottmanMap", "GottmanRun", "gottman_map"]

INFLUENCES = ("linear", "bilinear", "ojive")

_SLOPE = {"bounds": (-5, 5), "soft": (-1, 1), "step": 0.01}
_DIRECTIONS = {"HW": "the husband on the wife", "WH": "the wife on the husband"}

_BASE_PARAMS = {
    "a": Param(
        0.2,
        bounds=(-10, 10),
        soft=(-2, 2),
        step=0.01,
        symbol="a",
        label="Wife's constant",
        doc="Sets her uninfluenced steady state a/(1-r1).",
    ),
    "b": Param(
        -0.1,
        bounds=(-10, 10),
        soft=(-2, 2),
        step=0.01,
        symbol="b",
        label="Husband's constant",
        doc="Sets his uninfluenced steady state b/(1-r2).",
    ),
    "r1": Param(
        0.5,
        bounds=(0, 0.99),
        step=0.01,
        symbol="r_1",
        label="Wife's inertia",
        doc="Emotional inertia: how much her last score carries over.",
    ),
    "r2": Param(
        0.4,
        bounds=(0, 0.99),
        step=0.01,
        symbol="r_2",
        label="Husband's inertia",
        doc="Emotional inertia: how much his last score carries over.",
    ),
}


def _linear_params() -> dict[str, Param]:
    return {
        f"m_{d}": Param(
            slope,
            symbol=f"m_{{{d}}}",
            label=f"Influence of {who}",
            doc=f"Slope of the influence of {who}.",
            **_SLOPE,
        )
        for d, who, slope in (("HW", _DIRECTIONS["HW"], 0.3), ("WH", _DIRECTIONS["WH"], 0.2))
    }


def _bilinear_params() -> dict[str, Param]:
    params = {}
    for d, who in _DIRECTIONS.items():
        for sign, slope, when in (("pos", 0.2, "positive"), ("neg", 0.4, "negative")):
            params[f"m_{d}_{sign}"] = Param(
                slope,
                symbol=f"m_{{{d}}}^{{{sign}}}",
                label=f"Influence of {who} ({sign})",
                doc=f"Slope of the influence of {who} when the speaker's affect is {when}.",
                **_SLOPE,
            )
    return params


def _ojive_params() -> dict[str, Param]:
    params = {}
    for d, who in _DIRECTIONS.items():
        params[f"threshold_neg_{d}"] = Param(
            -0.5,
            bounds=(-10, 0),
            soft=(-3, 0),
            step=0.01,
            symbol=f"T^-_{{{d}}}",
            label=f"Negative threshold ({d})",
            doc=f"Affect below which {who} has a negative influence.",
        )
        params[f"threshold_pos_{d}"] = Param(
            0.5,
            bounds=(0, 10),
            soft=(0, 3),
            step=0.01,
            symbol=f"T^+_{{{d}}}",
            label=f"Positive threshold ({d})",
            doc=f"Affect above which {who} has a positive influence.",
        )
        params[f"level_neg_{d}"] = Param(
            -1.0,
            bounds=(-10, 0),
            soft=(-3, 0),
            step=0.01,
            symbol=f"I^-_{{{d}}}",
            label=f"Negative influence ({d})",
            doc=f"The influence of {who} below the negative threshold.",
        )
        params[f"level_pos_{d}"] = Param(
            1.0,
            bounds=(0, 10),
            soft=(0, 3),
            step=0.01,
            symbol=f"I^+_{{{d}}}",
            label=f"Positive influence ({d})",
            doc=f"The influence of {who} above the positive threshold.",
        )
    return params


_INFLUENCE_PARAMS = {"linear": _linear_params, "bilinear": _bilinear_params, "ojive": _ojive_params}


@dataclass(frozen=True)
class GottmanRun:
    """The scores of both partners over speaking turns, from :meth:`GottmanMap.iterate`.

    Attributes
    ----------
    turns : ndarray of int
        ``0, 1, ..., n_turns``; turn 0 is the initial state.
    W, H : ndarray
        The wife's and the husband's scores at each turn.
    """

    turns: np.ndarray
    W: np.ndarray
    H: np.ndarray
    params: ParamSet = field(repr=False)

    def __getitem__(self, name: str) -> np.ndarray:
        if name not in ("W", "H"):
            raise BadInputError(f"unknown score {name!r}: a Gottman run has 'W' and 'H'")
        return self.W if name == "W" else self.H

    def final(self) -> dict[str, float]:
        """The last scores, ``{"W": ..., "H": ...}``."""
        return {"W": float(self.W[-1]), "H": float(self.H[-1])}


class GottmanMap:
    r"""The Gottman–Murray difference equations with a chosen influence function.

    Parameters
    ----------
    influence : {"linear", "bilinear", "ojive"}
        The shape of both influence functions.
    **values : float
        Parameter values (see :attr:`param_names`); missing ones take their defaults.
        Always: ``a``, ``b`` (constants), ``r1``, ``r2`` (inertias). Linear: ``m_HW``,
        ``m_WH``. Bilinear: ``m_HW_pos``, ``m_HW_neg``, ``m_WH_pos``, ``m_WH_neg``.
        Ojive: ``threshold_neg_HW``, ``threshold_pos_HW``, ``level_neg_HW``,
        ``level_pos_HW`` and the same for ``WH``. ``HW`` is the husband's influence on
        the wife, ``WH`` the wife's on the husband.

    Raises
    ------
    ParameterError
        For an unknown name or a value outside its bounds.

    Examples
    --------
    >>> model = GottmanMap(a=0.2, b=-0.1, r1=0.5, r2=0.4, m_HW=0.3, m_WH=0.2)
    >>> model
    GottmanMap(linear influence: a=0.2, b=-0.1, r1=0.5, r2=0.4, m_HW=0.3, m_WH=0.2)
    >>> [round(v, 5) for v in model.fixed_point()]
    [0.375, -0.04167]
    >>> model.iterate(60).final()["W"]
    0.375...
    """

    name = "GottmanMap"

    def __init__(self, influence: str = "linear", **values: float):
        if influence not in INFLUENCES:
            raise BadInputError(
                f"influence = {influence!r} is not one of {', '.join(map(repr, INFLUENCES))}"
            )
        self.influence = influence
        declared = {**_BASE_PARAMS, **_INFLUENCE_PARAMS[influence]()}
        self.param_specs: dict[str, Param] = {n: q.named(n) for n, q in declared.items()}
        self.params = ParamSet(self.param_specs, values, owner=f"{self.name} ({influence})")

    def __repr__(self) -> str:
        shown = ", ".join(f"{k}={v:g}" for k, v in self.params.items())
        return f"{self.name}({self.influence} influence: {shown})"

    @property
    def param_names(self) -> list[str]:
        """The names of the parameters, in declaration order."""
        return list(self.param_specs)

    def evolve(self, **changes: float) -> GottmanMap:
        """A copy with some parameters changed (validated)."""
        return GottmanMap(self.influence, **{**self.params, **changes})

    # ------------------------------------------------------------- influence
    def influence_on_wife(self, H):
        """:math:`I_{HW}(H)`, the husband's influence on the wife's next score."""
        return self._influence("HW", np.asarray(H, dtype=float))

    def influence_on_husband(self, W):
        """:math:`I_{WH}(W)`, the wife's influence on the husband's next score."""
        return self._influence("WH", np.asarray(W, dtype=float))

    def _influence(self, direction: str, x: np.ndarray) -> np.ndarray:
        p = self.params
        if self.influence == "linear":
            return p[f"m_{direction}"] * x
        if self.influence == "bilinear":
            return np.where(x > 0, p[f"m_{direction}_pos"], p[f"m_{direction}_neg"]) * x
        low = np.where(x < p[f"threshold_neg_{direction}"], p[f"level_neg_{direction}"], 0.0)
        return np.where(x > p[f"threshold_pos_{direction}"], p[f"level_pos_{direction}"], low)

    def _slope(self, direction: str, x: float) -> float:
        """The derivative of an influence function at ``x`` (0 for the ojive)."""
        p = self.params
        if self.influence == "linear":
            return p[f"m_{direction}"]
        if self.influence == "bilinear":
            return p[f"m_{direction}_pos"] if x > 0 else p[f"m_{direction}_neg"]
        return 0.0

    # ------------------------------------------------------------------ map
    def step(self, W: float, H: float) -> tuple[float, float]:
        """One exchange: the wife speaks, then the husband answers her new score."""
        p = self.params
        w_next = p["a"] + p["r1"] * W + float(self.influence_on_wife(H))
        h_next = p["b"] + p["r2"] * H + float(self.influence_on_husband(w_next))
        return w_next, h_next

    def iterate(self, n_turns: int, W0: float = 0.0, H0: float = 0.0) -> GottmanRun:
        """Iterate the map for ``n_turns`` exchanges from ``(W0, H0)``.

        Examples
        --------
        >>> run = GottmanMap(m_HW=0, m_WH=0).iterate(3, W0=0.0)
        >>> run.W        # a + r1 W: 0, 0.2, 0.3, 0.35 on the way to a/(1-r1) = 0.4
        array([0.  , 0.2 , 0.3 , 0.35])
        """
        if isinstance(n_turns, bool) or not isinstance(n_turns, int | np.integer) or n_turns < 1:
            raise BadInputError(f"n_turns = {n_turns!r} must be a positive integer")
        w = np.empty(n_turns + 1)
        h = np.empty(n_turns + 1)
        w[0] = as_finite_float(W0, "initial score 'W0'", error=StateError)
        h[0] = as_finite_float(H0, "initial score 'H0'", error=StateError)
        for turn in range(n_turns):
            w[turn + 1], h[turn + 1] = self.step(w[turn], h[turn])
        return GottmanRun(np.arange(n_turns + 1), w, h, self.params)

    # --------------------------------------------------------------- analysis
    def uninfluenced_steady_states(self) -> tuple[float, float]:
        """The set points without influence: ``(a/(1-r1), b/(1-r2))``.

        Examples
        --------
        >>> [round(v, 4) for v in GottmanMap().uninfluenced_steady_states()]
        [0.4, -0.1667]
        """
        p = self.params
        return p["a"] / (1 - p["r1"]), p["b"] / (1 - p["r2"])

    def fixed_point(self) -> tuple[float, float]:
        r"""The influenced steady state of the linear-influence map.

        It solves :math:`W^* = (a + m_{HW} H^*)/(1 - r_1)` and
        :math:`H^* = (b + m_{WH} W^*)/(1 - r_2)`; the order of speaking does not change it.

        Raises
        ------
        BadInputError
            If the influence is not linear, or the two lines are parallel.
        """
        if self.influence != "linear":
            raise BadInputError(
                f"fixed_point() is closed-form only for linear influence, not {self.influence!r};"
                " iterate the map to find the attractors"
            )
        p = self.params
        matrix = np.array([[1 - p["r1"], -p["m_HW"]], [-p["m_WH"], 1 - p["r2"]]])
        if abs(np.linalg.det(matrix)) < 1e-12:
            raise BadInputError("(1-r1)(1-r2) = m_HW*m_WH: the map has no unique fixed point")
        w, h = np.linalg.solve(matrix, [p["a"], p["b"]])
        return float(w), float(h)

    def jacobian(self, W: float | None = None, H: float | None = None) -> np.ndarray:
        r"""The Jacobian of the sequential map at ``(W, H)`` (default: the fixed point).

        With slopes :math:`m_{HW} = I_{HW}'(H)` and :math:`m_{WH} = I_{WH}'(W_{t+1})`,

        .. math::

            J = \begin{pmatrix} r_1 & m_{HW} \\ m_{WH} r_1 & r_2 + m_{WH} m_{HW}
            \end{pmatrix},

        so :math:`\operatorname{tr} J = r_1 + r_2 + m_{WH} m_{HW}` and
        :math:`\det J = r_1 r_2`. Away from its thresholds an ojive has slope 0.

        Examples
        --------
        >>> GottmanMap().jacobian()
        array([[0.5 , 0.3 ],
               [0.1 , 0.46]])
        """
        if W is None or H is None:
            W, H = self.fixed_point()
        p = self.params
        w_next, _ = self.step(W, H)
        m_hw = self._slope("HW", H)
        m_wh = self._slope("WH", w_next)
        return np.array([[p["r1"], m_hw], [m_wh * p["r1"], p["r2"] + m_wh * m_hw]])


def gottman_map(influence: str = "linear", **values: float) -> GottmanMap:
    r"""The Gottman–Murray marriage model as a :class:`GottmanMap`.

    The linear defaults are an illustrative couple (``a = 0.2``, ``b = -0.1``,
    ``r = (0.5, 0.4)``, ``m_HW = 0.3``, ``m_WH = 0.2``): the published per-couple
    estimates were not retrieved. The ojive defaults (thresholds ±0.5, levels ±1) give
    three attractors: a positive, a neutral and a negative marriage.

    Parameters
    ----------
    influence : {"linear", "bilinear", "ojive"}
        Shape of the influence functions.
    **values : float
        Parameter values; see :class:`GottmanMap`.

    Returns
    -------
    GottmanMap

    References
    ----------
    Cook et al. (1995), *J. Family Psychology* 9(2):110; Gottman, Swanson & Murray (1999),
    *J. Family Psychology* 13(1):3; Gottman et al. (2002), *The Mathematics of Marriage*.

    Examples
    --------
    >>> model = gottman_map("ojive")
    >>> sorted(round(model.iterate(50, W0=w, H0=w).final()["W"], 3) for w in (-3, 0, 3))
    [-1.6, 0.4, 2.4]
    """
    return GottmanMap(influence, **values)
