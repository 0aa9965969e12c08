"""Parameter sweeps and variance-based global sensitivity, on any executor.

:func:`sweep` runs a grid of parameter values as one ensemble and returns the long-run
outcomes on the grid. :func:`global_sensitivity` estimates Sobol first-order and total
indices of a long-run outcome: Saltelli's (2010) estimator for the first-order and
Jansen's (1999) for the total index, on a scrambled Sobol' sample
(:class:`scipy.stats.qmc.Sobol`), with bootstrap confidence intervals.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
from scipy.stats import qmc

from intimacy_dynamics.core.limits import MAX_MEMBERS, as_float_array, check_memory
from intimacy_dynamics.core.model import check_model
from intimacy_dynamics.core.validation import (
    as_finite_float,
    check_count,
    check_known_name,
    check_range,
    describe,
    require_mapping,
)
from intimacy_dynamics.ensemble.ensemble import EnsembleResult, simulate_ensemble
from intimacy_dynamics.errors import BadInputError, IntegrationError, ParameterError

__all__ = ["MAX_BOOTSTRAP", "SobolIndices", "Sweep", "global_sensitivity", "sweep"]

#: Most bootstrap resamples of the Sobol indices: fifty times the default of 200.
MAX_BOOTSTRAP = 10_000


@dataclass
class Sweep:
    """Long-run outcomes on a grid of parameter values.

    Attributes
    ----------
    axes : dict of str to ndarray
        The values of each swept parameter, in grid order.
    ensemble : EnsembleResult
        The run (one member per grid point, in C order of the axes).
    """

    axes: dict[str, np.ndarray]
    ensemble: EnsembleResult

    @property
    def shape(self) -> tuple[int, ...]:
        """The grid's shape, one axis per swept parameter."""
        return tuple(v.size for v in self.axes.values())

    def long_run(self, name: str, statistic: str = "mean") -> np.ndarray:
        """Late-window ``statistic`` of ``name`` on the grid."""
        return self.ensemble.long_run(name, statistic).reshape(self.shape)

    def amplitude(self, name: str) -> np.ndarray:
        """Half the late-window range of ``name`` on the grid (0 when it settles)."""
        high, low = self.long_run(name, "max"), self.long_run(name, "min")
        return (high - low) / 2

    def final(self, name: str) -> np.ndarray:
        """Value of ``name`` at the end, on the grid."""
        return self.ensemble.final(name).reshape(self.shape)


def sweep(model, grid: Mapping[str, object], params=None, **options) -> Sweep:
    """Run every combination of the ``grid`` values and return the long-run outcomes.

    Parameters
    ----------
    model : Model
    grid : mapping of str to sequence
        Values of each swept parameter; the run covers their Cartesian product.
    params : mapping, optional
        Values of the other parameters (defaults otherwise); the grid's values replace
        those of the swept parameters, so a full parameter set can be passed.
    **options
        Passed to :func:`simulate_ensemble` (``y0``, ``t_span``, ``executor``,
        ``chunk_size``, ``progress``, ...).

    Examples
    --------
    >>> import sympy, intimacy_dynamics as idyn
    >>> x, a, b = sympy.symbols("x a b")
    >>> relax = idyn.Model.from_equations({x: a + b - x}, t_span=(0, 30),
    ...     params={a: idyn.Param(0, bounds=(0, 1)), b: idyn.Param(0, bounds=(0, 1))})
    >>> found = sweep(relax, {"a": [0, 0.5, 1], "b": [0, 0.25]})
    >>> found.shape, np.round(found.long_run("x"), 3).tolist()
    ((3, 2), [[0.0, 0.25], [0.5, 0.75], [1.0, 1.25]])
    """
    check_model(model)
    if not isinstance(grid, Mapping) or not grid:
        raise BadInputError(
            f"grid = {describe(grid)} must be a non-empty mapping {{parameter: values}}"
        )
    fixed = dict(require_mapping(params or {}, "params", ParameterError))
    axes = {name: _axis(model, name, values) for name, values in grid.items()}
    size = math.prod(axis.size for axis in axes.values())
    if size > MAX_MEMBERS:
        shape = " x ".join(str(axis.size) for axis in axes.values())
        raise BadInputError(
            f"the grid of {shape} = {size:,} points is more than the limit of "
            f"{MAX_MEMBERS:,} members"
        )
    mesh = np.meshgrid(*axes.values(), indexing="ij")
    table = dict(fixed)  # a full parameter set is welcome: the grid overrides its entries
    table.update({name: m.ravel() for name, m in zip(axes, mesh, strict=True)})
    return Sweep(axes, simulate_ensemble(model, table, **options))


def _axis(model, name: object, values: object) -> np.ndarray:
    """The values of one swept parameter: a 1-D sequence of numbers inside its bounds."""
    check_known_name(name, model.param_names, "parameter", model.name, ParameterError)
    where = f"the grid values of {name!r}"
    axis = np.atleast_1d(as_float_array(values, where, maximum=MAX_MEMBERS))
    if axis.ndim != 1 or axis.size == 0:
        raise BadInputError(
            f"{where} must be a non-empty 1-D sequence of numbers, not {describe(values)}"
        )
    bounds = model.param_specs[name].bounds
    bad = np.nonzero(~(np.isfinite(axis) & (axis >= bounds[0]) & (axis <= bounds[1])))[0]
    if bad.size:
        k = int(bad[0])
        as_finite_float(axis[k], f"grid value {k} of parameter {name!r}", bounds, ParameterError)
    return axis


@dataclass
class SobolIndices:
    """First-order and total Sobol indices of one outcome, with confidence intervals.

    Attributes
    ----------
    names : list of str
    first, total : ndarray
        The estimates, one per parameter.
    first_ci, total_ci : ndarray, shape (n_params, 2)
        Bootstrap percentile intervals at level :attr:`confidence`.
    variance : float
        The outcome's variance over the sampled box.
    """

    outcome: str
    names: list[str]
    first: np.ndarray
    total: np.ndarray
    first_ci: np.ndarray
    total_ci: np.ndarray
    confidence: float
    variance: float
    n_runs: int

    def table(self) -> list[tuple[str, float, float]]:
        """Rows ``(parameter, first-order, total)``, largest total first."""
        order = np.argsort(-self.total, kind="stable")
        return [(self.names[k], float(self.first[k]), float(self.total[k])) for k in order]

    def figure(self):
        """Grouped bars of the first-order and total indices with their intervals."""
        from intimacy_dynamics.plotting import PALETTE, base_layout, figure

        fig = figure(base_layout(f"What drives the variance of long-run {self.outcome}", "", ""))
        for label, values, ci, colour in (
            ("first-order", self.first, self.first_ci, PALETTE["blue"]),
            ("total", self.total, self.total_ci, PALETTE["orange"]),
        ):
            fig.add_bar(
                x=self.names,
                y=values,
                name=label,
                marker={"color": colour},
                error_y={
                    "type": "data",
                    "symmetric": False,
                    "array": ci[:, 1] - values,
                    "arrayminus": values - ci[:, 0],
                },
            )
        return fig


def global_sensitivity(
    model,
    ranges: Mapping[str, tuple[float, float]],
    outcome: str,
    *,
    n: int = 1024,
    params=None,
    statistic: str = "mean",
    seed: int = 0,
    n_bootstrap: int = 200,
    confidence: float = 0.95,
    **options,
) -> SobolIndices:
    """Sobol indices of the long-run ``outcome`` over a box of parameters.

    Parameters
    ----------
    model : Model
    ranges : mapping of str to (float, float)
        The parameters varied, each uniformly over its ``(low, high)``.
    outcome : str
        A state or output; its late-window ``statistic`` (``"mean"``, ``"min"``,
        ``"max"``) per run is the outcome.
    n : int
        Base sample size, a power of two; the run costs ``n * (k + 2)`` members.
    params : mapping, optional
        Values of the parameters not varied.
    seed : int
        Seeds the scrambled Sobol' sequence and the bootstrap.
    n_bootstrap, confidence
        Bootstrap resamples and the level of the percentile intervals.
    **options
        Passed to :func:`simulate_ensemble` (``executor``, ``chunk_size``, ...).

    Examples
    --------
    >>> import sympy, intimacy_dynamics as idyn
    >>> x, a, b = sympy.symbols("x a b")
    >>> additive = idyn.Model.from_equations({x: a + 2 * b - x}, t_span=(0, 30),
    ...     params={a: idyn.Param(0, bounds=(0, 1)), b: idyn.Param(0, bounds=(0, 1))})
    >>> found = global_sensitivity(additive, {"a": (0, 1), "b": (0, 1)}, "x", n=256)
    >>> np.round(found.first, 1), np.round(found.total, 1)   # variances 1 : 4
    (array([0.2, 0.8]), array([0.2, 0.8]))
    """
    check_model(model)
    names, low, high = _box(model, ranges)
    n = _power_of_two(n)
    k = len(names)
    if n * (k + 2) > MAX_MEMBERS:
        raise BadInputError(
            f"n = {n:,} with {k} parameters needs {n * (k + 2):,} runs, more than the limit "
            f"of {MAX_MEMBERS:,} members; use a smaller n"
        )
    confidence = as_finite_float(confidence, "confidence", (0.5, 0.999))
    n_bootstrap = check_count(n_bootstrap, "n_bootstrap", minimum=10, maximum=MAX_BOOTSTRAP)
    check_memory(f"n_bootstrap = {n_bootstrap} resamples of {n} runs", n_bootstrap * n * (k + 2))
    unit = qmc.Sobol(d=2 * k, scramble=True, seed=seed).random(n)
    A = low + (high - low) * unit[:, :k]
    B = low + (high - low) * unit[:, k:]
    blocks = [A, B]
    for i in range(k):
        mixed = A.copy()
        mixed[:, i] = B[:, i]
        blocks.append(mixed)
    samples = np.concatenate(blocks)  # (n (k + 2), k)
    table = dict(params or {})
    table.update({name: samples[:, i] for i, name in enumerate(names)})
    result = simulate_ensemble(model, table, **options)
    values = result.long_run(outcome, statistic)
    if np.any(result.failed) or not np.all(np.isfinite(values)):
        raise IntegrationError(
            f"{int(np.sum(~np.isfinite(values)))} of {values.size} runs failed; "
            "narrow the ranges or loosen the tolerances"
        )
    f = values.reshape(k + 2, n)
    first, total, variance = _sobol(f[0], f[1], f[2:])
    rng = np.random.default_rng(seed)
    picks = rng.integers(0, n, size=(n_bootstrap, n))
    boot_first, boot_total, _ = _sobol(f[0][picks], f[1][picks], f[2:][:, picks])
    tail = 100 * (1 - confidence) / 2
    first_ci = np.percentile(boot_first, [tail, 100 - tail], axis=-1).T
    total_ci = np.percentile(boot_total, [tail, 100 - tail], axis=-1).T
    return SobolIndices(
        outcome, names, first, total, first_ci, total_ci, confidence, variance, values.size
    )


def _sobol(f_a, f_b, f_ab):
    """Saltelli (2010) first-order and Jansen (1999) total indices.

    ``f_a``, ``f_b`` have shape ``(..., n)``; ``f_ab`` ``(k, ..., n)``.
    """
    variance = np.var(np.concatenate([f_a, f_b], axis=-1), axis=-1)
    with np.errstate(invalid="ignore", divide="ignore"):
        first = np.mean(f_b * (f_ab - f_a), axis=-1) / variance
        total = 0.5 * np.mean((f_a - f_ab) ** 2, axis=-1) / variance
    return first, total, variance


def _box(model, ranges):
    if not isinstance(ranges, Mapping) or not ranges:
        raise BadInputError("ranges must be a non-empty mapping {parameter: (low, high)}")
    names, low, high = [], [], []
    for name, bounds in ranges.items():
        check_known_name(name, model.param_names, "parameter", model.name, ParameterError)
        allowed = model.param_specs[name].bounds
        lo, hi = check_range(f"range of parameter {name!r}", bounds, allowed, ParameterError)
        names.append(name)
        low.append(lo)
        high.append(hi)
    return names, np.array(low), np.array(high)


def _power_of_two(n) -> int:
    if isinstance(n, bool) or not isinstance(n, int) or n < 16 or n & (n - 1):
        raise BadInputError(
            f"n = {describe(n)} must be a power of two, at least 16 (Sobol' balance)"
        )
    return n
