"""Runge–Kutta methods as data: Butcher tableaus with embedded error and dense output.

Following ``scipy.integrate._ivp.rk``, a method is its coefficients; the integrator in
:mod:`intimacy_dynamics.ensemble.integrator` is written once for any tableau here.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction as F

import numpy as np

__all__ = ["DORMAND_PRINCE", "ButcherTableau"]


@dataclass(frozen=True)
class ButcherTableau:
    """An explicit embedded Runge–Kutta pair with the first-same-as-last property.

    Attributes
    ----------
    c : (s,) nodes; a : (s, s) stage coefficients; b : (s,) weights of the solution.
    e : (s + 1,) weights of the error estimate, the last one for the FSAL stage.
    p : (s + 1, k) coefficients of the dense-output polynomial in ``σ = (t - t_n) / h``.
    order, error_order : int
        Order of the solution and of the embedded estimate.
    """

    name: str
    c: np.ndarray
    a: np.ndarray
    b: np.ndarray
    e: np.ndarray
    p: np.ndarray
    order: int
    error_order: int

    @property
    def stages(self) -> int:
        """Number of stages (not counting the FSAL stage)."""
        return self.b.size


def _array(rows) -> np.ndarray:
    return np.array([[float(v) for v in row] for row in rows])


DORMAND_PRINCE = ButcherTableau(
    name="Dormand–Prince 5(4)",
    c=np.array([float(v) for v in (0, F(1, 5), F(3, 10), F(4, 5), F(8, 9), 1)]),
    a=_array(
        [
            [0, 0, 0, 0, 0],
            [F(1, 5), 0, 0, 0, 0],
            [F(3, 40), F(9, 40), 0, 0, 0],
            [F(44, 45), F(-56, 15), F(32, 9), 0, 0],
            [F(19372, 6561), F(-25360, 2187), F(64448, 6561), F(-212, 729), 0],
            [F(9017, 3168), F(-355, 33), F(46732, 5247), F(49, 176), F(-5103, 18656)],
        ]
    ),
    b=np.array(
        [float(v) for v in (F(35, 384), 0, F(500, 1113), F(125, 192), F(-2187, 6784), F(11, 84))]
    ),
    e=np.array(
        [
            float(v)
            for v in (
                F(-71, 57600),
                0,
                F(71, 16695),
                F(-71, 1920),
                F(17253, 339200),
                F(-22, 525),
                F(1, 40),
            )
        ]
    ),
    # Shampine's continuous extension of order 4, as used by scipy's RK45
    p=_array(
        [
            [
                1,
                F(-8048581381, 2820520608),
                F(8663915743, 2820520608),
                F(-12715105075, 11282082432),
            ],
            [0, 0, 0, 0],
            [
                0,
                F(131558114200, 32700410799),
                F(-68118460800, 10900136933),
                F(87487479700, 32700410799),
            ],
            [0, F(-1754552775, 470086768), F(14199869525, 1410260304), F(-10690763975, 1880347072)],
            [
                0,
                F(127303824393, 49829197408),
                F(-318862633887, 49829197408),
                F(701980252875, 199316789632),
            ],
            [0, F(-282668133, 205662961), F(2019193451, 616988883), F(-1453857185, 822651844)],
            [0, F(40617522, 29380423), F(-110615467, 29380423), F(69997945, 29380423)],
        ]
    ),
    order=5,
    error_order=4,
)
