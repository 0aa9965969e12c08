r"""Fluctuations around a stable equilibrium, predicted from the model's linearisation.

Near a stable equilibrium :math:`x^*` a noisy run (see
:mod:`intimacy_dynamics.simulation.stochastic`) is, to first order in the noise, the
Ornstein–Uhlenbeck process

.. math:: d\xi = J \xi\,dt + G\,dW,

with :math:`J` the exact Jacobian at :math:`x^*` and :math:`G` the diffusion there (one
column per noise-driven state: its intensity times its shape). Its stationary covariance
:math:`\Sigma` solves the Lyapunov equation :math:`J\Sigma + \Sigma J^T + GG^T = 0`, and
the covariance a lag :math:`\ell` apart is :math:`e^{J\ell}\Sigma` (Gardiner, *Stochastic
Methods*, section 4.5). For an observed quantity :math:`c^T x` this gives what the
early-warning indicators (:mod:`intimacy_dynamics.analysis.early_warning`) measure,
without simulating:

* the **recovery rate**: the slowest rate of return among the modes the observed
  quantity shows (an eigenvector :math:`v` with :math:`c^T v \ne 0`; a mode the
  observation cancels, such as a couple's antisymmetric one in the couple's mean, cannot
  slow what is measured);
* the **variance** :math:`c^T\Sigma c`;
* the lag-:math:`\ell` **autocorrelation** :math:`c^T e^{J\ell}\Sigma c / c^T\Sigma c`.

The recovery rate alone does not fix the indicators: the variance also follows how much
noise reaches the observed quantity, and the autocorrelation the mixture of the modes
it shows.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
from scipy.linalg import expm, solve_continuous_lyapunov

from intimacy_dynamics.analysis.common import check_states
from intimacy_dynamics.core.model import check_model
from intimacy_dynamics.core.validation import as_finite_float
from intimacy_dynamics.errors import BadInputError
from intimacy_dynamics.simulation.stochastic import NoisePlan, noise_values

__all__ = ["SHOWN", "Fluctuations", "fluctuations"]

#: A mode is shown by the observed quantity when :math:`|c^T v|` exceeds this share of
#: :math:`|c|\,|v|` (a mode the observation cancels gives rounding error only).
SHOWN = 1e-8


@dataclass(frozen=True)
class Fluctuations:
    """What the linearisation predicts for an observed quantity at a stable equilibrium.

    Attributes
    ----------
    recovery_rate : float
        The slowest rate of return (per unit of time) among the modes it shows.
    variance : float
        Its stationary variance.
    autocorrelation : float
        Its autocorrelation ``lag`` apart.
    lag : float
        The lag, in the model's time unit.
    """

    recovery_rate: float
    variance: float
    autocorrelation: float
    lag: float


def fluctuations(
    model,
    state,
    observed: Mapping[str, float],
    *,
    params: Mapping[str, float] | None = None,
    noise=True,
    lag: float = 1.0,
) -> Fluctuations:
    r"""The linear-noise prediction of ``observed``'s fluctuations around ``state``.

    Parameters
    ----------
    model : Model
        A model that declares noise intensities.
    state : array_like or mapping
        A stable equilibrium (e.g. ``Equilibrium.state`` from
        :func:`~intimacy_dynamics.analysis.equilibria`).
    observed : mapping of state name to weight
        The observed quantity, a weighted sum of states (``{"x": 1.0}`` for one state).
    params : mapping, optional
        Parameter values; missing names take their defaults.
    noise : True, number or mapping
        The intensities, as :func:`~intimacy_dynamics.simulate` takes them.
    lag : float
        The autocorrelation's lag, in the model's time unit (positive).

    Examples
    --------
    An Ornstein–Uhlenbeck process :math:`dx = -x\,dt + 0.2\,dW`: variance
    :math:`0.2^2/2`, autocorrelation :math:`e^{-1}` a unit apart.

    >>> import sympy, intimacy_dynamics as idyn
    >>> x = sympy.Symbol("x")
    >>> ou = idyn.Model.from_equations({x: -x}, states={"x": idyn.State(0.0)},
    ...                                noise={"wobble": idyn.Noise(0.2, drives="x")})
    >>> found = fluctuations(ou, [0.0], {"x": 1.0})
    >>> found.recovery_rate, round(found.variance, 6), round(found.autocorrelation, 4)
    (1.0, 0.02, 0.3679)
    """
    check_model(model)
    names = model.state_names
    x = _state_vector(model, state)
    weights = np.zeros(len(names))
    for name in check_states(model, list(observed)):
        weights[names.index(name)] = as_finite_float(observed[name], f"weight of {name!r}")
    if not np.any(weights):
        raise BadInputError("observed needs at least one state with a weight other than 0")
    lag = as_finite_float(lag, "lag", (0, np.inf))
    p = model.params(params).as_list()
    jacobian = np.asarray(model.compile().jacobian(0.0, x, p), dtype=float)
    rates, vectors = np.linalg.eig(jacobian)
    if np.max(rates.real) >= 0:
        raise BadInputError(
            f"state is not a stable equilibrium of {model.name} (the Jacobian's largest real "
            f"part is {np.max(rates.real):.3g}, must be below 0): it has no stationary noise"
        )
    shown = np.abs(weights @ vectors) > SHOWN * np.linalg.norm(weights) * np.linalg.norm(
        vectors, axis=0
    )
    diffusion = _diffusion(model, noise, x)
    covariance = solve_continuous_lyapunov(jacobian, -diffusion @ diffusion.T)
    variance = float(weights @ covariance @ weights)
    lagged = float(weights @ expm(jacobian * lag) @ covariance @ weights)
    return Fluctuations(float(-np.max(rates.real[shown])), variance, lagged / variance, lag)


def _state_vector(model, state) -> np.ndarray:
    names = model.state_names
    if isinstance(state, Mapping):
        check_states(model, list(state))
        state = [state[name] for name in names]
    x = np.asarray(state, dtype=float)
    if x.shape != (len(names),) or not np.all(np.isfinite(x)):
        raise BadInputError(
            f"state must be {len(names)} finite numbers, one per state of {model.name}"
        )
    return x


def _diffusion(model, noise, x: np.ndarray) -> np.ndarray:
    """The diffusion matrix at ``x``: one column per noise-driven state."""
    values = noise_values(model, noise)
    if values is None:
        raise BadInputError("noise = None gives no fluctuations: pass True, a factor or a mapping")
    plan = NoisePlan(model, values)
    _, shape, _ = plan.local(plan.to_line(x[plan.rows][:, None]))
    diffusion = np.zeros((x.size, plan.n_driven))
    diffusion[plan.rows, np.arange(plan.n_driven)] = (plan.sigma * shape)[:, 0]
    return diffusion
