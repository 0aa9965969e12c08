"""Pseudo-arclength continuation of equilibria in one parameter, with folds and Hopfs.

The branch is followed in scaled coordinates: each state is divided by the width of its
soft range, and the parameter by the width of the continuation range. Each step is an
Euler predictor along the tangent, then a Newton corrector on the bordered system
``[f(y, λ) = 0, v·(u - u_pred) = 0]``, all with the model's exact Jacobians. The step
size adapts to how easily the corrector converges.

Along the branch, three test functions are watched between consecutive points:

* **fold** (saddle-node): the parameter component of the tangent changes sign;
* **Hopf**: a complex-conjugate pair of eigenvalues crosses the imaginary axis;
* **branch point**: ``det J`` changes sign while the tangent does not turn.

Each detected point is located by Brent's method on its test function, re-correcting the
branch at every trial arclength.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import brentq

from intimacy_dynamics.analysis.common import check_param, check_range, check_states
from intimacy_dynamics.analysis.steady_states import equilibria
from intimacy_dynamics.core.model import check_model
from intimacy_dynamics.core.validation import as_finite_float, as_pair, check_count
from intimacy_dynamics.errors import BadInputError

__all__ = ["MAX_BRANCH_POINTS", "MIN_DS", "Branch", "SpecialPoint", "continuation"]

#: Most points on one branch: fifty times the default of 200.
MAX_BRANCH_POINTS = 10_000
#: Smallest arclength step, in units of the scaled range: below it the branch has ended.
MIN_DS = 1e-9


@dataclass(frozen=True)
class SpecialPoint:
    """A bifurcation located on a branch."""

    kind: str
    value: float
    state: dict[str, float]
    eigenvalues: np.ndarray = field(repr=False)

    @property
    def frequency(self) -> float | None:
        """For a Hopf point, the angular frequency of the emerging oscillation."""
        if self.kind != "hopf":
            return None
        imag = np.abs(self.eigenvalues.imag)
        return float(imag[np.argmin(np.abs(self.eigenvalues.real) + (imag == 0) * 1e300)])

    @property
    def period(self) -> float | None:
        """For a Hopf point, the period ``2π/ω`` of the emerging oscillation."""
        omega = self.frequency
        return None if not omega else 2 * np.pi / omega


@dataclass
class Branch:
    """A branch of equilibria followed in parameter ``name``."""

    model: object
    params: object
    name: str
    values: np.ndarray
    states: np.ndarray
    eigenvalues: np.ndarray
    special_points: list[SpecialPoint]
    ended: str

    @property
    def stable(self) -> np.ndarray:
        """Whether each point of the branch is asymptotically stable."""
        return np.all(self.eigenvalues.real < 0, axis=1)

    @property
    def folds(self) -> list[SpecialPoint]:
        """The fold (saddle-node) points."""
        return [p for p in self.special_points if p.kind == "fold"]

    @property
    def hopfs(self) -> list[SpecialPoint]:
        """The Hopf points."""
        return [p for p in self.special_points if p.kind == "hopf"]

    def __getitem__(self, state: str) -> np.ndarray:
        check_states(self.model, [state])
        return self.states[:, self.model.state_names.index(state)]

    def __len__(self) -> int:
        return self.values.size

    def __repr__(self) -> str:
        found = ", ".join(f"{p.kind} at {self.name}={p.value:.6g}" for p in self.special_points)
        return (
            f"<Branch of {self.model.name} in {self.name}: {len(self)} points from "
            f"{self.values[0]:.4g} to {self.values[-1]:.4g} ({self.ended}); "
            f"{found or 'no bifurcations'}>"
        )

    def figure(self, state: str):
        """The bifurcation diagram: ``state`` against the parameter, dashed where unstable."""
        from intimacy_dynamics.plotting import PALETTE, base_layout, figure

        values, level, stable = self.values, self[state], self.stable
        fig = figure(
            base_layout(f"Equilibria of {self.model.name} as {self.name} varies", self.name, state)
        )
        for flag, dash, label in ((True, "solid", "stable"), (False, "dash", "unstable")):
            y = np.where(stable == flag, level, np.nan)
            # join each run to its neighbour so the two styles meet without a gap
            y = np.where(np.isnan(y) & np.roll(stable == flag, 1), level, y)
            fig.add_scatter(
                x=values,
                y=y,
                mode="lines",
                name=label,
                line={"color": PALETTE["black"], "dash": dash, "width": 2.5},
            )
        for kind, symbol, color in (("fold", "diamond", "vermillion"), ("hopf", "star", "blue")):
            points = [p for p in self.special_points if p.kind == kind]
            if points:
                fig.add_scatter(
                    x=[p.value for p in points],
                    y=[p.state[state] for p in points],
                    mode="markers+text",
                    name=kind,
                    text=[kind[0].upper() for p in points],
                    textposition="top center",
                    marker={"symbol": symbol, "size": 13, "color": PALETTE[color]},
                )
        return fig


def continuation(
    model,
    params: Mapping[str, float] | None,
    name: str,
    bounds: tuple[float, float],
    *,
    start: Mapping[str, float] | None = None,
    ds: float = 0.02,
    ds_max: float = 0.05,
    max_points: int = 200,
    tol: float = 1e-10,
) -> Branch:
    """Follow a branch of equilibria as parameter ``name`` goes from ``bounds[0]`` on.

    Parameters
    ----------
    model : Model
        Any model.
    params : mapping, optional
        The other parameters; ``name`` is overridden along the branch.
    name : str
        The parameter to vary.
    bounds : (float, float)
        Where the branch starts and the direction it heads in: ``(1, 5)`` starts at 1
        and moves up, ``(5, 1)`` starts at 5 and moves down. It stops when it leaves the
        range, after ``max_points`` points, or if the step collapses.
    start : mapping, optional
        An approximate equilibrium at ``bounds[0]`` to start from; by default the first
        stable equilibrium found there (or the first at all).
    ds, ds_max : float
        Initial and largest arclength step, in units of the scaled range (about 1/ds
        points cover the range on a flat branch): ``MIN_DS <= ds <= ds_max <= 1``.
    max_points : int
        Largest number of points on the branch, at most :data:`MAX_BRANCH_POINTS`.
    tol : float
        Newton tolerance on the residual.

    Examples
    --------
    The Hopf normal form ``x' = μx - y - x(x²+y²)``, ``y' = x + μy - y(x²+y²)`` loses
    stability at ``μ = 0``:

    >>> import sympy
    >>> from intimacy_dynamics import Model, Param, State
    >>> x, y, mu = sympy.symbols("x y mu")
    >>> r2 = x**2 + y**2
    >>> normal_form = Model.from_equations(
    ...     {x: mu * x - y - x * r2, y: x + mu * y - y * r2},
    ...     params={mu: Param(-1.0, bounds=(-2, 2))},
    ...     states={"x": State(0, bounds=(-3, 3)), "y": State(0, bounds=(-3, 3))})
    >>> branch = continuation(normal_form, None, "mu", (-1, 1))
    >>> [(p.kind, round(p.value, 8), round(p.period, 4)) for p in branch.special_points]
    [('hopf', 0.0, 6.2832)]
    """
    check_model(model)
    name = check_param(model, name)
    first, last = as_pair(bounds, "bounds", "(start, end)")
    pair = (first, last) if _is_ordered(first, last) else (last, first)
    lo, hi = check_range(f"continuation range of {name!r}", pair, model.param_specs[name].bounds)
    upward = pair[0] == first
    max_points = check_count(max_points, "max_points", minimum=2, maximum=MAX_BRANCH_POINTS)
    ds_max = as_finite_float(ds_max, "ds_max", (MIN_DS, 1.0))
    ds = as_finite_float(ds, "ds", (MIN_DS, ds_max))
    tol = as_finite_float(tol, "tol", (1e-15, 1e-2))
    tracer = _Tracer(model, params, name, lo, hi, tol, upward)
    return tracer.run(tracer.first_point(start), ds, ds_max, max_points)


def _is_ordered(first, last) -> bool:
    try:
        return bool(first <= last)
    except TypeError:
        return True  # let check_range explain the bad value


class _Tracer:
    """The branch in scaled coordinates ``u = (y / w, (λ - lo) / (hi - lo))``."""

    def __init__(self, model, params, name, lo, hi, tol, upward):
        self.model, self.name, self.lo, self.hi, self.tol = model, name, lo, hi, tol
        self.start_mu, self.direction = (0.0, 1.0) if upward else (1.0, -1.0)
        self.param_set = model.params(params)
        self.compiled = model.compile()
        self.index = model.param_names.index(name)
        self.base = self.param_set.as_list()
        self.w = np.array([s.soft[1] - s.soft[0] for s in model.state_specs.values()])
        self.span = hi - lo
        self.n = len(self.w)

    # ------------------------------------------------------------- the system
    def unpack(self, u):
        p = list(self.base)
        p[self.index] = self.lo + u[-1] * self.span
        return u[:-1] * self.w, p

    def residual(self, u):
        y, p = self.unpack(u)
        return np.asarray(self.compiled.rhs(0.0, y, p))

    def jacobians(self, u):
        y, p = self.unpack(u)
        jy = self.compiled.jacobian(0.0, y, p) * self.w[None, :]
        jl = self.compiled.jacobian_params(0.0, y, p)[:, self.index] * self.span
        return jy, np.column_stack([jy, jl])

    def tangent(self, u, previous):
        _, full = self.jacobians(u)
        bordered = np.vstack([full, previous])
        rhs = np.zeros(self.n + 1)
        rhs[-1] = 1.0
        t = np.linalg.solve(bordered, rhs)
        t /= np.linalg.norm(t)
        return t if t @ previous > 0 else -t

    def correct(self, u_pred, v, iterations=8):
        u = u_pred.copy()
        for k in range(iterations):
            g = np.append(self.residual(u), v @ (u - u_pred))
            if np.max(np.abs(g)) < self.tol:
                return u, k
            _, full = self.jacobians(u)
            try:
                u = u - np.linalg.solve(np.vstack([full, v]), g)
            except np.linalg.LinAlgError:
                return None, k
            if not np.all(np.isfinite(u)):
                return None, k
        converged = np.max(np.abs(self.residual(u))) < self.tol
        return (u, iterations) if converged else (None, iterations)

    def eigenvalues(self, u):
        y, p = self.unpack(u)
        return np.linalg.eigvals(self.compiled.jacobian(0.0, y, p))

    # ---------------------------------------------------------------- tracing
    def first_point(self, start):
        start_value = self.lo + self.start_mu * self.span
        values = {self.name: start_value}
        if start is None:
            found = equilibria(self.model, self.param_set.evolve(**values), n_starts=32)
            if not found:
                raise BadInputError(
                    f"no equilibrium of {self.model.name} found at {self.name} = {start_value:g}; "
                    "pass start= with an approximate one"
                )
            y0 = (found.stable or found)[0].vector
        else:
            y0 = np.array(self.model.initial_state(start))
        u0 = np.append(y0 / self.w, self.start_mu)
        u, _ = self.correct(u0, self.axis())  # the constraint pins λ at its start
        if u is None:
            raise BadInputError(
                f"start is not close to an equilibrium at {self.name} = {start_value:g}"
            )
        return u

    def axis(self):
        """The unit vector along the parameter, pointing the way the branch heads."""
        axis = np.zeros(self.n + 1)
        axis[-1] = self.direction
        return axis

    def run(self, u, ds, ds_max, max_points) -> Branch:
        v = self.tangent(u, self.axis())
        points, tangents, steps = [u], [v], [0.0]
        ended = "max_points reached"
        while len(points) < max_points:
            u_new, iterations = self.correct(u + ds * v, v)
            if u_new is None or not np.linalg.norm(u_new - u) <= 2.5 * ds:
                ds /= 2
                if ds < MIN_DS:
                    ended = "step became too small"
                    break
                continue
            left = not 0.0 <= u_new[-1] <= 1.0
            if left:
                u_new, ds = self.onto_boundary(u, u_new, ds)
            v_new = self.tangent(u_new, v)
            points.append(u_new)
            tangents.append(v_new)
            steps.append(ds)
            u, v = u_new, v_new
            if left:
                ended = "reached the end of the range"
                break
            ds = min(ds * 1.3, ds_max) if iterations <= 3 else ds * 0.7
        return self.branch(points, tangents, steps, ended)

    def onto_boundary(self, u, u_out, ds):
        """The branch point exactly on the range's end, between ``u`` and ``u_out``."""
        edge = 1.0 if u_out[-1] > 1.0 else 0.0
        fraction = (edge - u[-1]) / (u_out[-1] - u[-1])
        guess = u + fraction * (u_out - u)
        pin = np.zeros(self.n + 1)
        pin[-1] = 1.0
        on_edge, _ = self.correct(guess, pin)
        if on_edge is None:  # pragma: no cover - keep the overshooting point
            return u_out, ds
        return on_edge, ds * fraction

    def branch(self, points, tangents, steps, ended) -> Branch:
        eigenvalues = np.array([self.eigenvalues(u) for u in points])
        specials = []
        for k in range(1, len(points)):
            specials += self.detect(
                points[k - 1],
                tangents[k - 1],
                steps[k],
                tangents[k],
                eigenvalues[k - 1],
                eigenvalues[k],
            )
        values = np.array([self.lo + u[-1] * self.span for u in points])
        states = np.array([u[:-1] * self.w for u in points])
        return Branch(
            self.model, self.param_set, self.name, values, states, eigenvalues, specials, ended
        )

    # ------------------------------------------------------ special points
    def detect(self, u, v, ds, v_next, eig, eig_next) -> list[SpecialPoint]:
        found = []
        if v[-1] * v_next[-1] < 0:
            found.append(self.locate("fold", u, v, ds, lambda w: self.tangent(w, v)[-1]))
        if _complex_unstable(eig) != _complex_unstable(eig_next):
            found.append(self.locate("hopf", u, v, ds, lambda w: _hopf_test(self.eigenvalues(w))))
        if v[-1] * v_next[-1] > 0 and _real_unstable(eig) != _real_unstable(eig_next):
            found.append(self.locate("branch point", u, v, ds, self.det))
        return [p for p in found if p is not None]

    def det(self, u):
        jy, _ = self.jacobians(u)
        return float(np.linalg.det(jy))

    def locate(self, kind, u, v, ds, test) -> SpecialPoint | None:
        def along(s):
            w, _ = self.correct(u + s * v, v)
            if w is None:
                raise _LostBranchError
            try:
                return test(w)
            except np.linalg.LinAlgError:
                raise _LostBranchError from None

        try:
            s = brentq(along, 0.0, ds, xtol=1e-13, rtol=1e-13, maxiter=100)
        except (ValueError, _LostBranchError):  # no sign change after all, or the branch was lost
            return None
        w, _ = self.correct(u + s * v, v)
        y, p = self.unpack(w)
        state = dict(zip(self.model.state_names, map(float, y), strict=True))
        return SpecialPoint(kind, float(p[self.index]), state, self.eigenvalues(w))


class _LostBranchError(Exception):
    """The corrector lost the branch while locating a special point."""


def _complex_unstable(eigenvalues) -> int:
    oscillatory = np.abs(eigenvalues.imag) > 1e-9 * max(1.0, np.max(np.abs(eigenvalues)))
    return int(np.sum(oscillatory & (eigenvalues.real > 0)))


def _real_unstable(eigenvalues) -> int:
    real = np.abs(eigenvalues.imag) <= 1e-9 * max(1.0, np.max(np.abs(eigenvalues)))
    return int(np.sum(real & (eigenvalues.real > 0)))


def _hopf_test(eigenvalues) -> float:
    """Real part of the complex eigenvalue nearest the imaginary axis."""
    oscillatory = np.abs(eigenvalues.imag) > 1e-9 * max(1.0, np.max(np.abs(eigenvalues)))
    if not np.any(oscillatory):
        raise _LostBranchError
    candidates = eigenvalues[oscillatory]
    return float(candidates.real[np.argmin(np.abs(candidates.real))])
