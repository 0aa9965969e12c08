"""Vectorized adaptive Runge–Kutta for many independent members at once.

The members of an ensemble (dyads, grid points of initial states, parameter values) are
integrated together in chunks. Within a chunk, every stage is one call of the model's
vectorized right-hand side for all members, and all members share the step size.

Error control is per member: each member's error is measured with its own norm (the RMS
over its own states, as ``solve_ivp`` does for a single run), and a step is accepted
only if **every** member's norm is below one. No member is ever less accurate than its
own error control demands, and one badly resolved member cannot hide behind the
others' average (the trap of integrating a stacked state with one RMS norm). A member
that needs much smaller steps slows only its own chunk.

Outputs at the requested times come from the method's dense output, evaluated for the
whole chunk at once.

Each chunk has a work budget, in (vectorized) evaluations of the rates:
:data:`DEFAULT_ENSEMBLE_BUDGET` unless told otherwise. A chunk that would need more
raises :class:`~intimacy_dynamics.errors.BudgetExceededError` naming ``t_span``, how far
it got and what was asked for, so that a long span cannot keep a kernel busy for hours.
A step of Dormand–Prince costs 7 evaluations; the budget's time grows with the chunk's
size (see ``docs/limits.md``).

The contract
------------
``rhs(t, y, p)`` takes a scalar ``t``, ``y`` of shape ``(n, m)`` and a list of
parameters, each a scalar or an array of shape ``(m,)``, and returns ``(n, m)``: the
``rhs_vectorized`` that :meth:`Model.compile` generates.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from intimacy_dynamics.core.limits import check_memory
from intimacy_dynamics.core.validation import check_count
from intimacy_dynamics.ensemble.runner import check_chunk_size
from intimacy_dynamics.ensemble.tableaus import DORMAND_PRINCE, ButcherTableau
from intimacy_dynamics.errors import BadInputError, BudgetExceededError
from intimacy_dynamics.simulation.times import check_t_span, output_times

__all__ = ["DEFAULT_ENSEMBLE_BUDGET", "EnsembleSolution", "integrate_ensemble"]

_SAFETY, _MIN_FACTOR, _MAX_FACTOR = 0.9, 0.2, 10.0
DEFAULT_CHUNK = 4096
#: Evaluations of the rates one chunk may use: about 7,000 steps; the orbit-diagram
#: example of ``analysis.cycles`` (tolerance 1e-8) needs more than 20,000.
DEFAULT_ENSEMBLE_BUDGET = 50_000


@dataclass
class EnsembleSolution:
    """States of every member at the output times.

    Attributes
    ----------
    t : ndarray, shape (n_times,)
    y : ndarray, shape (n_states, n_members, n_times)
        NaN from the first step at which a member became non-finite.
    failed : ndarray of bool, shape (n_members,)
        Members whose state became non-finite, or whose chunk's step collapsed.
    n_steps : ndarray of int, shape (n_members,)
        Accepted steps of each member's chunk.
    nfev : int
        Right-hand-side calls (each for a whole chunk).
    """

    t: np.ndarray
    y: np.ndarray
    failed: np.ndarray
    n_steps: np.ndarray
    nfev: int


def integrate_ensemble(
    rhs,
    t_span: tuple[float, float],
    y0: np.ndarray,
    params: list,
    t_eval: np.ndarray,
    *,
    rtol: float = 1e-6,
    atol: float = 1e-9,
    budget: int = DEFAULT_ENSEMBLE_BUDGET,
    chunk_size: int = DEFAULT_CHUNK,
    tableau: ButcherTableau = DORMAND_PRINCE,
) -> EnsembleSolution:
    """Integrate ``y' = rhs(t, y, params)`` for every column of ``y0``.

    Parameters
    ----------
    rhs : callable
        Vectorized right-hand side (see the module's contract).
    t_span : (float, float)
        Start and end time, shared by all members.
    y0 : ndarray, shape (n_states, n_members)
    params : list
        One entry per parameter: a scalar or an array of shape ``(n_members,)``.
    t_eval : ndarray
        Increasing output times inside ``t_span``.
    rtol, atol : float
        Tolerances, applied to each member separately.
    budget : int
        Evaluations of ``rhs`` each chunk may use; past it,
        :class:`~intimacy_dynamics.errors.BudgetExceededError`.
    chunk_size : int
        Members integrated together with one step size.
    tableau : ButcherTableau
        The Runge–Kutta pair (Dormand–Prince 5(4) by default).

    Examples
    --------
    Three decay rates at once, ``y' = -k y``:

    >>> rhs = lambda t, y, p: -p[0] * y
    >>> sol = integrate_ensemble(rhs, (0, 1), np.ones((1, 3)), [np.array([0.5, 1, 2])],
    ...                          np.array([1.0]))
    >>> np.round(sol.y[0, :, -1], 5)
    array([0.60653, 0.36788, 0.13534])
    """
    t_span = check_t_span(t_span)
    y0 = np.array(y0, dtype=float)
    if y0.ndim != 2:
        raise BadInputError(f"y0 must have shape (n_states, n_members), not {y0.shape}")
    n, m = y0.shape
    t_eval = output_times(t_eval, t_span, None, numbers_each=n * m)
    budget = check_count(budget, "budget")
    chunk_size = check_chunk_size(chunk_size)
    check_memory(f"{t_eval.size:,} output times of {m:,} members", t_eval.size * n * m)
    params = [np.asarray(p, dtype=float) for p in params]
    out = np.empty((t_eval.size, n, m))  # every entry is written below (NaN if failed)
    failed = np.zeros(m, dtype=bool)
    n_steps = np.zeros(m, dtype=int)
    nfev = 0
    for start in range(0, m, chunk_size):
        part = slice(start, min(start + chunk_size, m))
        p = [v[part] if v.ndim else v for v in params]
        chunk = _Chunk(rhs, t_span, y0[:, part], p, t_eval, rtol, atol, tableau, out[:, :, part])
        try:
            chunk.run(budget)
        except _OutOfBudgetError:
            asked = f"{t_eval.size:,} output times, {part.stop - part.start:,} members together"
            raise BudgetExceededError(budget, chunk.t, t_span, asked) from None
        failed[part], n_steps[part] = chunk.failed, chunk.steps
        nfev += chunk.nfev
    return EnsembleSolution(t_eval, np.moveaxis(out, 0, -1), failed, n_steps, nfev)


class _OutOfBudgetError(Exception):
    """A chunk used its budget of evaluations."""


class _Chunk:
    """Members stepped together: one time, one step size, per-member error norms."""

    def __init__(self, rhs, t_span, y0, params, t_eval, rtol, atol, tableau, out):
        self.rhs, self.params, self.tab = rhs, params, tableau
        self.rtol, self.atol = rtol, atol
        self.t, self.t1 = float(t_span[0]), float(t_span[1])
        self.y = y0.copy()
        self.t_eval = t_eval
        self.out = out  # (n_times, n, m), a view into the caller's array
        self.next_out = int(np.searchsorted(t_eval, self.t, side="right"))
        self.out[: self.next_out] = y0
        self.failed = np.zeros(y0.shape[1], dtype=bool)
        self.steps = 0
        self.nfev = 0
        self.budget = math.inf  # until run() sets it: the start costs two evaluations
        with np.errstate(all="ignore"):
            self.f = self.call(self.t, self.y)
            self.h = self.initial_step()

    def call(self, t, y):
        self.nfev += 1
        if self.nfev > self.budget:
            raise _OutOfBudgetError
        return self.rhs(t, y, self.params)

    def norm(self, error, y, y_new):
        scale = self.atol + self.rtol * np.maximum(np.abs(y), np.abs(y_new))
        return np.sqrt(np.mean((error / scale) ** 2, axis=0))

    def initial_step(self) -> float:
        """Hairer's starting-step heuristic, the most cautious member deciding."""
        y, f = self.y, self.f
        scale = self.atol + self.rtol * np.abs(y)
        d0 = np.sqrt(np.mean((y / scale) ** 2, axis=0))
        d1 = np.sqrt(np.mean((f / scale) ** 2, axis=0))
        h0 = np.where((d0 < 1e-5) | (d1 < 1e-5), 1e-6, 0.01 * d0 / np.maximum(d1, 1e-300))
        h0 = float(np.nanmin(np.minimum(h0, self.t1 - self.t)))
        f1 = self.call(self.t + h0, y + h0 * f)
        d2 = np.sqrt(np.mean(((f1 - f) / scale) ** 2, axis=0)) / h0
        big = np.nanmax(np.maximum(d1, d2))
        h1 = max(1e-6, h0 * 1e-3) if big <= 1e-15 else (0.01 / big) ** (1 / self.tab.order)
        return min(100 * h0, h1)

    def run(self, budget: int) -> None:
        self.budget = budget
        with np.errstate(all="ignore"):
            while self.t < self.t1:
                self.attempt()
                if self.h < 1e-12 * max(1.0, abs(self.t)) and not self.drop_culprits():
                    self.failed[:] = True  # the step collapsed for every member
                    self.out[self.next_out :] = np.nan
                    return

    def drop_culprits(self) -> bool:
        """Fail the members whose error forces the step to collapse; go on without them."""
        culprits = (self.last_norm >= 1.0) & ~self.failed
        if not np.any(culprits) or np.all(culprits | self.failed):
            return False
        self.failed |= culprits
        self.y[:, culprits] = self.f[:, culprits] = np.nan
        self.h = self.initial_step()
        return True

    def attempt(self) -> None:
        tab, t, y = self.tab, self.t, self.y
        h = min(self.h, self.t1 - t)
        stages = np.empty((tab.stages + 1, *y.shape))
        stages[0] = self.f
        for s in range(1, tab.stages):
            stages[s] = self.call(
                t + tab.c[s] * h, y + h * np.tensordot(tab.a[s, :s], stages[:s], 1)
            )
        y_new = y + h * np.tensordot(tab.b, stages[: tab.stages], 1)
        stages[-1] = self.call(t + h, y_new)
        norm = self.norm(h * np.tensordot(tab.e, stages, 1), y, y_new)
        self.last_norm = norm
        broken = ~np.isfinite(norm) & ~self.failed
        if np.any(broken):  # a member blew up: freeze it as NaN, carry on with the rest
            self.failed |= broken
            y_new[:, self.failed] = stages[-1][:, self.failed] = np.nan
        worst = float(np.max(norm[~self.failed], initial=0.0))
        factor = _SAFETY * max(worst, 1e-10) ** (-1.0 / (tab.error_order + 1))
        if worst < 1.0:
            self.emit(t, h, y, stages)
            self.t, self.y, self.f = t + h, y_new, stages[-1]
            self.steps += 1
            self.h = h * min(_MAX_FACTOR, max(_MIN_FACTOR, factor))
        else:
            self.h = h * max(_MIN_FACTOR, min(1.0, factor))

    def emit(self, t, h, y, stages) -> None:
        """Fill every output time inside the accepted step ``(t, t + h]``."""
        end = int(np.searchsorted(self.t_eval, t + h * (1 + 1e-12), side="right"))
        if end <= self.next_out:
            return
        q = np.tensordot(self.tab.p.T, stages, 1)  # (degree, n, m) polynomial coefficients
        for k in range(self.next_out, end):
            sigma = (self.t_eval[k] - t) / h
            poly = np.zeros_like(y)
            for coefficient in q[::-1]:  # Horner: σ (q0 + σ (q1 + σ (q2 + σ q3)))
                poly = (poly + coefficient) * sigma
            self.out[k] = y + h * poly
        self.next_out = end
