"""Vectorized adaptive Runge–Kutta for many independent members at once.

Every member of the ensemble (a dyad, a grid point of initial states, a parameter
value) has its own time and its own step size. Each step evaluates the model's
vectorized right-hand side once per stage for all members that are still running. Each
member's error is measured with its own norm (the RMS over its own states, as
``solve_ivp`` does for a single run), so one badly resolved member is not hidden behind
the others' average. Outputs at the requested times come from the method's dense
output.

The contract
------------
``rhs(t, y, p)`` takes ``t`` of shape ``(m,)``, ``y`` of shape ``(n, m)`` and a list of
parameters, each a scalar or an array of shape ``(m,)``, and returns ``(n, m)``: the
``rhs_vectorized`` that :meth:`Model.compile` generates.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from intimacy_dynamics.ensemble.tableaus import DORMAND_PRINCE, ButcherTableau

__all__ = ["EnsembleSolution", "integrate_ensemble"]

_SAFETY, _MIN_FACTOR, _MAX_FACTOR = 0.9, 0.2, 10.0


@dataclass
class EnsembleSolution:
    """States of every member at the output times.

    Attributes
    ----------
    t : ndarray, shape (n_times,)
    y : ndarray, shape (n_states, n_members, n_times)
        NaN after a member failed.
    failed : ndarray of bool, shape (n_members,)
        Members whose state became non-finite or whose step collapsed.
    n_steps : ndarray of int, shape (n_members,)
        Accepted steps per member.
    nfev : int
        Right-hand-side calls (each for many members).
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
    max_steps: int = 50_000,
    tableau: ButcherTableau = DORMAND_PRINCE,
) -> EnsembleSolution:
    """Integrate ``y' = rhs(t, y, params)`` for every column of ``y0`` at once.

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
    max_steps : int
        Steps allowed per member before it is marked failed.
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
    run = _Run(
        rhs,
        t_span,
        np.array(y0, dtype=float),
        params,
        np.asarray(t_eval, float),
        rtol,
        atol,
        tableau,
    )
    run.go(max_steps)
    return EnsembleSolution(run.t_eval, run.out, run.failed, run.n_steps, run.nfev)


class _Run:
    def __init__(self, rhs, t_span, y0, params, t_eval, rtol, atol, tableau):
        self.rhs, self.tab, self.rtol, self.atol = rhs, tableau, rtol, atol
        self.t0, self.t1 = float(t_span[0]), float(t_span[1])
        n, m = y0.shape
        self.params = [np.asarray(p, dtype=float) for p in params]
        self.per_member = [p.ndim > 0 for p in self.params]
        self.t_eval = t_eval
        self.out = np.full((n, m, t_eval.size), np.nan)
        self.next_out = np.zeros(m, dtype=int)
        self.t = np.full(m, self.t0)
        self.y = y0
        self.failed = np.zeros(m, dtype=bool)
        self.n_steps = np.zeros(m, dtype=int)
        self.nfev = 0
        at_start = t_eval <= self.t0
        self.out[:, :, at_start] = y0[:, :, None]
        self.next_out[:] = int(np.sum(at_start))
        with np.errstate(all="ignore"):
            self.f = self.call(self.t, self.y, np.arange(m))
            self.h = self.initial_step(np.arange(m))

    def call(self, t, y, index):
        self.nfev += 1
        p = [v[index] if each else v for v, each in zip(self.params, self.per_member, strict=True)]
        return self.rhs(t, y, p)

    def scale(self, *ys):
        return self.atol + self.rtol * np.max(np.abs(np.stack(ys)), axis=0)

    def initial_step(self, index):
        """Hairer's starting-step heuristic, member by member (as scipy does)."""
        y, f, t = self.y[:, index], self.f[:, index], self.t[index]
        scale = self.scale(y)
        d0 = np.sqrt(np.mean((y / scale) ** 2, axis=0))
        d1 = np.sqrt(np.mean((f / scale) ** 2, axis=0))
        h0 = np.where((d0 < 1e-5) | (d1 < 1e-5), 1e-6, 0.01 * d0 / np.maximum(d1, 1e-300))
        h0 = np.minimum(h0, self.t1 - self.t0)
        f1 = self.call(t + h0, y + h0 * f, index)
        d2 = np.sqrt(np.mean(((f1 - f) / scale) ** 2, axis=0)) / h0
        big = np.maximum(d1, d2)
        order = self.tab.error_order + 1
        h1 = np.where(big <= 1e-15, np.maximum(1e-6, h0 * 1e-3), (0.01 / big) ** (1 / order))
        return np.minimum(100 * h0, h1)

    def go(self, max_steps):
        with np.errstate(all="ignore"):
            for _ in range(max_steps * 4):
                running = np.nonzero((self.t < self.t1) & ~self.failed)[0]
                if running.size == 0:
                    return
                self.step(running, max_steps)
        self.fail(np.nonzero((self.t < self.t1) & ~self.failed)[0])

    def step(self, index, max_steps):
        tab = self.tab
        t, y, f = self.t[index], self.y[:, index], self.f[:, index]
        h = np.minimum(self.h[index], self.t1 - t)
        stages = np.empty((tab.stages + 1, *y.shape))
        stages[0] = f
        for s in range(1, tab.stages):
            dy = np.tensordot(tab.a[s, :s], stages[:s], axes=1)
            stages[s] = self.call(t + tab.c[s] * h, y + h * dy, index)
        y_new = y + h * np.tensordot(tab.b, stages[: tab.stages], axes=1)
        t_new = t + h
        stages[-1] = self.call(t_new, y_new, index)
        error = h * np.tensordot(tab.e, stages, axes=1)
        norm = np.sqrt(np.mean((error / self.scale(y, y_new)) ** 2, axis=0))
        finite = np.all(np.isfinite(y_new), axis=0) & np.isfinite(norm)
        accept = finite & (norm < 1)
        exponent = -1.0 / (tab.error_order + 1)
        factor = np.clip(
            _SAFETY * np.where(norm > 0, norm, 1e-10) ** exponent, _MIN_FACTOR, _MAX_FACTOR
        )
        self.h[index] = np.where(
            accept, h * factor, h * np.minimum(factor, 1.0) * finite + h * _MIN_FACTOR * ~finite
        )
        done = index[accept]
        if done.size:
            self.emit(done, t[accept], h[accept], y[:, accept], stages[:, :, accept])
            self.t[done], self.y[:, done], self.f[:, done] = (
                t_new[accept],
                y_new[:, accept],
                stages[-1][:, accept],
            )
            self.n_steps[done] += 1
        tiny = self.h[index] < 1e-12 * np.maximum(1.0, np.abs(t))
        self.fail(index[tiny | (self.n_steps[index] >= max_steps)])

    def emit(self, members, t, h, y, stages):
        """Fill the output times each accepted step crossed, from the dense output."""
        q = np.einsum("sk,snm->knm", self.tab.p, stages)  # polynomial coefficients
        pending = np.arange(members.size)
        while pending.size:
            k = self.next_out[members[pending]]
            has = k < self.t_eval.size
            pending, k = pending[has], k[has]
            t_out = self.t_eval[k]
            crossed = t_out <= t[pending] + h[pending] * (1 + 1e-12)
            pending, k, t_out = pending[crossed], k[crossed], t_out[crossed]
            if not pending.size:
                return
            sigma = (t_out - t[pending]) / h[pending]
            powers = sigma[None, :] ** np.arange(1, q.shape[0] + 1)[:, None]
            value = y[:, pending] + h[pending] * np.einsum("knm,km->nm", q[:, :, pending], powers)
            self.out[:, members[pending], k] = value
            self.next_out[members[pending]] += 1

    def fail(self, members):
        if members.size:
            self.failed[members] = True
