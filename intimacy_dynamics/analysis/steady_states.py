"""Equilibria of any model: multistart Newton with the exact Jacobian, then stability.

:func:`equilibria` starts a damped Newton (Levenberg–Marquardt) iteration from a
scrambled Sobol design of points in the states' box. All starts iterate at once, with
the model's vectorized right-hand side and Jacobian. Converged points are polished,
deduplicated and classified from the eigenvalues of the exact Jacobian.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from scipy.stats import qmc

from intimacy_dynamics.analysis.common import check_states, state_box
from intimacy_dynamics.core.limits import MAX_STARTS, as_float_array, check_size
from intimacy_dynamics.core.model import check_model
from intimacy_dynamics.core.validation import as_finite_float, describe
from intimacy_dynamics.errors import BadInputError

__all__ = [
    "EQUILIBRIUM_KINDS",
    "NEUTRAL_TOLERANCE",
    "Equilibrium",
    "EquilibriumSet",
    "classify",
    "equilibria",
]


#: Real parts within this share of the largest eigenvalue's modulus (or of 1, if larger) of
#: zero count as zero: the equilibrium is not hyperbolic. Imaginary parts likewise.
NEUTRAL_TOLERANCE = 1e-7

#: The kinds of equilibrium, by where the Jacobian's eigenvalues lie: each entry is the
#: name when they do not turn, then when they do (an imaginary part beyond the tolerance;
#: for a neutral point, every neutral eigenvalue one of an imaginary pair and none
#: unstable: a center). The JavaScript twin of :func:`classify` reads this table.
EQUILIBRIUM_KINDS = {
    "neutral": ("non-hyperbolic", "center"),
    "stable": ("stable node", "stable focus"),
    "unstable": ("unstable node", "unstable focus"),
    "saddle": ("saddle", "saddle-focus"),
}


def classify(eigenvalues: np.ndarray, tol: float = NEUTRAL_TOLERANCE) -> tuple[str, int]:
    """Name the equilibrium type from the Jacobian's eigenvalues.

    Returns the kind (from :data:`EQUILIBRIUM_KINDS`) and the number of unstable
    directions (eigenvalues with positive real part). Real parts within ``tol`` (relative
    to the largest eigenvalue) of zero make the point non-hyperbolic: a "center" when they
    come as an imaginary pair.

    Examples
    --------
    >>> classify(np.array([-1.0, -3.0]))
    ('stable node', 0)
    >>> classify(np.array([-0.1 + 2j, -0.1 - 2j]))
    ('stable focus', 0)
    >>> classify(np.array([1.0, -3.0]))
    ('saddle', 1)
    >>> classify(np.array([2j, -2j]))
    ('center', 0)
    """
    eigenvalues = np.asarray(eigenvalues, dtype=complex)
    scale = max(1.0, float(np.max(np.abs(eigenvalues), initial=0.0)))
    real, imag = eigenvalues.real / scale, eigenvalues.imag / scale
    n_unstable = int(np.sum(real > tol))
    neutral = np.abs(real) <= tol
    if np.any(neutral):
        centre = bool(np.all(np.abs(imag[neutral]) > tol)) and n_unstable == 0
        return EQUILIBRIUM_KINDS["neutral"][centre], n_unstable
    if n_unstable == 0:
        side = "stable"
    else:
        side = "unstable" if n_unstable == eigenvalues.size else "saddle"
    return EQUILIBRIUM_KINDS[side][bool(np.any(np.abs(imag) > tol))], n_unstable


@dataclass(frozen=True)
class Equilibrium:
    """One equilibrium: the state, the Jacobian's eigenvalues and their meaning."""

    state: dict[str, float]
    eigenvalues: np.ndarray
    kind: str
    n_unstable: int
    residual: float

    @property
    def stable(self) -> bool:
        """True for an asymptotically stable (hyperbolic, attracting) equilibrium."""
        return self.kind.startswith("stable")

    @property
    def vector(self) -> np.ndarray:
        """The state as an array in the model's state order."""
        return np.array(list(self.state.values()))

    def __repr__(self) -> str:
        shown = ", ".join(f"{k}={v:.4g}" for k, v in list(self.state.items())[:4])
        more = ", ..." if len(self.state) > 4 else ""
        return f"<Equilibrium {self.kind} ({self.n_unstable} unstable): {shown}{more}>"


class EquilibriumSet(Sequence):
    """The equilibria found for one parameter set, stable ones first."""

    def __init__(self, model, params, points: list[Equilibrium]):
        self.model, self.params, self._points = model, params, points

    def __getitem__(self, index):
        return self._points[index]

    def __len__(self) -> int:
        return len(self._points)

    def __repr__(self) -> str:
        lines = [f"{len(self)} equilibria of {self.model.name}:"]
        lines += [f"  {point!r}" for point in self._points]
        return "\n".join(lines)

    @property
    def stable(self) -> list[Equilibrium]:
        """The asymptotically stable equilibria."""
        return [point for point in self._points if point.stable]

    def figure(self, x: str, y: str):
        """The equilibria on the ``(x, y)`` projection: filled if stable, open if not."""
        from intimacy_dynamics.plotting import PALETTE, base_layout, figure

        check_states(self.model, [x, y])
        fig = figure(base_layout(f"Equilibria of {self.model.name}", x, y))
        for stable, symbol, name in (
            (True, "circle", "stable"),
            (False, "circle-open", "unstable"),
        ):
            chosen = [p for p in self._points if p.stable == stable]
            fig.add_scatter(
                x=[p.state[x] for p in chosen],
                y=[p.state[y] for p in chosen],
                mode="markers",
                name=name,
                marker={"symbol": symbol, "size": 12, "color": PALETTE["black"]},
                text=[p.kind for p in chosen],
            )
        return fig


def equilibria(
    model,
    params: Mapping[str, float] | None = None,
    *,
    n_starts: int = 64,
    box: Mapping[str, tuple[float, float]] | None = None,
    starts: np.ndarray | None = None,
    seed: int = 0,
    tol: float = 1e-10,
    inside_bounds: bool = True,
) -> EquilibriumSet:
    """Find the equilibria of ``model`` for one parameter set.

    Parameters
    ----------
    model : Model
        Any model (ours, classic, or extended).
    params : mapping, optional
        Parameter values; missing names take their defaults.
    n_starts : int
        Number of Sobol starting points in ``box``, at most
        :data:`~intimacy_dynamics.core.limits.MAX_STARTS` (with ``starts``).
    box : mapping of state name to (low, high), optional
        Where to start; by default each state's soft (slider) range.
    starts : array, shape (n_states, k), optional
        Extra starting points, e.g. the end of a simulation.
    seed : int
        Seed of the scrambled Sobol design (results are reproducible).
    tol : float
        Residual below which a point counts as an equilibrium.
    inside_bounds : bool
        Keep only equilibria inside every state's hard bounds.

    Examples
    --------
    >>> import sympy
    >>> from intimacy_dynamics import Model, State
    >>> x, y = sympy.symbols("x y")
    >>> toggle = Model.from_equations(  # bistable switch: x' = x - x**3, y' = -y
    ...     {x: x - x**3, y: -y}, states={"x": State(0, bounds=(-2, 2)),
    ...                                  "y": State(0, bounds=(-2, 2))})
    >>> found = equilibria(toggle)
    >>> [(round(p.state["x"], 6), p.kind) for p in found]
    [(-1.0, 'stable node'), (1.0, 'stable node'), (0.0, 'saddle')]
    """
    check_model(model)
    p = model.params(params).as_list()
    lower, upper = state_box(model, box)
    tol = as_finite_float(tol, "tol", (1e-15, 1e-2))
    if not isinstance(inside_bounds, bool | np.bool_):
        raise BadInputError(f"inside_bounds = {describe(inside_bounds)} must be True or False")
    extra = _extra_starts(model, starts)
    per_start = 4 * len(lower) ** 2  # the Newton iteration's Jacobians, stacked
    n_starts = check_size(n_starts, "n_starts", maximum=MAX_STARTS, numbers_each=per_start)
    check_size(n_starts + extra.shape[1], "n_starts + starts", maximum=MAX_STARTS)
    design = np.concatenate([_starting_points(n_starts, lower, upper, seed), extra], axis=1)
    compiled = model.compile()
    found = _newton_all(compiled, design, p, upper - lower)
    points = _unique(model, compiled, found, p, tol, upper - lower, inside_bounds)
    return EquilibriumSet(model, model.params(params), points)


def _extra_starts(model, starts) -> np.ndarray:
    """``starts`` as a finite ``(n_states, k)`` array (empty when None)."""
    n = len(model.state_names)
    if starts is None:
        return np.empty((n, 0))
    extra = as_float_array(starts, "starts", maximum=MAX_STARTS)
    if extra.ndim == 1 and extra.size == n:
        extra = extra[:, None]  # one starting point
    if extra.ndim != 2 or extra.shape[0] != n or not np.all(np.isfinite(extra)):
        raise BadInputError(
            f"starts must be finite numbers of shape ({n}, k), one row per state of "
            f"{model.name}, not {describe(starts)}"
        )
    check_size(extra.shape[1], "starts", minimum=0, maximum=MAX_STARTS)
    return extra


def _starting_points(n_starts, lower, upper, seed) -> np.ndarray:
    if isinstance(seed, bool) or not (seed is None or hasattr(seed, "__index__")):
        raise BadInputError(f"seed = {describe(seed)} must be an integer")
    sampler = qmc.Sobol(len(lower), scramble=True, seed=seed)
    with np.errstate(all="ignore"):
        unit = sampler.random(n_starts)
    return (lower + unit * (upper - lower)).T


def _newton_all(compiled, Y, p, width, iterations=60) -> np.ndarray:
    """Damped Newton (Levenberg–Marquardt) on every column of ``Y`` at once."""
    Y = Y.copy()
    n, count = Y.shape
    damping = np.full(count, 1e-6)
    eye = np.eye(n)
    with np.errstate(all="ignore"):
        F = compiled.rhs_vectorized(0.0, Y, p)
        cost = np.sum(F**2, axis=0)
        for _ in range(iterations):
            J = np.moveaxis(compiled.jacobian_vectorized(0.0, Y, p), -1, 0)  # (N, n, n)
            JT = np.transpose(J, (0, 2, 1))
            A = JT @ J + damping[:, None, None] * eye
            g = (JT @ F.T[:, :, None])[:, :, 0]
            step = -np.linalg.solve(A, g[:, :, None])[:, :, 0].T
            scale = np.max(np.abs(step) / width[:, None], axis=0)
            step *= np.minimum(1.0, 0.25 / np.maximum(scale, 1e-300))  # at most a quarter box
            trial = Y + step
            F_trial = compiled.rhs_vectorized(0.0, trial, p)
            cost_trial = np.sum(F_trial**2, axis=0)
            better = np.isfinite(cost_trial) & (cost_trial < cost)
            Y[:, better], F[:, better], cost[better] = (
                trial[:, better],
                F_trial[:, better],
                cost_trial[better],
            )
            damping = np.where(better, np.maximum(damping / 10, 1e-12), damping * 10)
            if np.all((cost < 1e-28) | (damping > 1e8)):
                break
    return Y[:, np.isfinite(cost) & (cost < 1e-12)]


def _unique(model, compiled, Y, p, tol, width, inside_bounds) -> list[Equilibrium]:
    names = model.state_names
    bounds = np.array([model.state_specs[n].bounds for n in names])
    points: list[Equilibrium] = []
    kept: list[np.ndarray] = []
    for y in Y.T:
        y = _polish(compiled, y, p)
        residual = float(np.max(np.abs(compiled.rhs(0.0, y, p)), initial=0.0))
        if not np.all(np.isfinite(y)) or residual > tol:
            continue
        slack = 1e-9 * np.maximum(width, 1.0)
        if inside_bounds and np.any((y < bounds[:, 0] - slack) | (y > bounds[:, 1] + slack)):
            continue
        if any(np.all(np.abs(y - other) <= 1e-6 * np.maximum(width, 1e-12)) for other in kept):
            continue
        kept.append(y)
        eigenvalues = np.linalg.eigvals(compiled.jacobian(0.0, y, p))
        kind, n_unstable = classify(eigenvalues)
        state = dict(zip(names, map(float, y), strict=True))
        points.append(Equilibrium(state, eigenvalues, kind, n_unstable, residual))
    points.sort(key=lambda e: (e.n_unstable, not e.stable, tuple(e.vector)))
    return points


def _polish(compiled, y, p, iterations=4) -> np.ndarray:
    """A few plain Newton steps in full precision (keeps ``y`` if a step fails)."""
    for _ in range(iterations):
        try:
            f = np.asarray(compiled.rhs(0.0, y, p))
            step = np.linalg.solve(compiled.jacobian(0.0, y, p), f)
        except (np.linalg.LinAlgError, OverflowError, ZeroDivisionError, ValueError):
            break
        if not np.all(np.isfinite(step)):
            break
        y = y - step
    return y
