"""Estimating parameters from observed time series, and derivatives by GLLA.

:func:`fit` is least squares over chosen parameters (and optionally initial states),
simulating the model at the observation times, which may be irregular, with missing
values skipped. Standard errors come from the Jacobian at the optimum. When the data
cannot tell two parameters apart (a near-singular Jacobian, or a correlation of
estimates near ±1), or pushes an estimate onto a hard bound, a
:class:`IdentifiabilityWarning` names them.

:func:`glla` estimates derivatives of a noisy, equally spaced series by generalized
local linear approximation (Boker, Deboeck, Edler & Keel 2010). That is how the
daily-diary literature fits coupled oscillators (Boker & Laurenceau 2006):
:func:`estimate_coupled_oscillator` regresses each partner's second derivative on the
levels and first derivatives of both partners.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import least_squares

from intimacy_dynamics.analysis.common import check_param, check_states
from intimacy_dynamics.core.limits import MAX_OUTPUT_TIMES, as_float_array
from intimacy_dynamics.core.model import check_model
from intimacy_dynamics.core.validation import (
    as_finite_float,
    check_count,
    check_known_name,
    require_list,
)
from intimacy_dynamics.errors import BadInputError, IntimacyDynamicsError
from intimacy_dynamics.simulation.simulate import simulate

__all__ = ["FitResult", "IdentifiabilityWarning", "estimate_coupled_oscillator", "fit", "glla"]

#: Highest derivative GLLA estimates: beyond the fourth, the estimates are noise.
MAX_GLLA_ORDER = 4


class IdentifiabilityWarning(UserWarning):
    """The data do not pin down some parameters separately."""


@dataclass
class FitResult:
    """Estimates, standard errors and diagnostics of a least-squares fit."""

    model: object
    params: object
    estimates: dict[str, float]
    standard_errors: dict[str, float]
    correlations: np.ndarray
    residual_sd: float
    n_observations: int
    success: bool
    message: str
    unidentifiable: list[tuple[str, str]] = field(default_factory=list)
    y0: dict[str, float] = field(default_factory=dict)
    data: dict = field(default_factory=dict, repr=False)

    @property
    def identifiable(self) -> bool:
        """False when some pair of estimates cannot be told apart by the data."""
        return not self.unidentifiable

    def figure(self):
        """Observed points and the fitted trajectories."""
        from intimacy_dynamics.plotting import base_layout, figure, partner_style

        times = self.data["t"]
        run = simulate(self.model, (min(times[0], 0.0), times[-1]), self.params, y0=self.y0)
        fig = figure(base_layout(f"Fit of {self.model.name}", f"time ({self.model.time_unit})", ""))
        for k, name in enumerate(n for n in self.data if n != "t"):
            style = partner_style(None, k)
            fig.add_scatter(
                x=times,
                y=self.data[name],
                mode="markers",
                name=f"{name} observed",
                marker={"color": style["color"], "size": 6},
            )
            fig.add_scatter(x=run.t, y=run[name], mode="lines", name=f"{name} fitted", line=style)
        return fig


def fit(
    model,
    data,
    free: Sequence[str],
    *,
    params: Mapping[str, float] | None = None,
    y0: Mapping[str, float] | None = None,
    free_initial: Sequence[str] = (),
    t0: float | None = None,
) -> FitResult:
    """Estimate the ``free`` parameters of ``model`` from observed time series.

    Parameters
    ----------
    data : mapping or pandas.DataFrame
        ``{"t": times, name: values, ...}`` (or a DataFrame with a ``t`` column or a
        time index). Names are states or outputs; NaN marks a missing value.
    free : sequence of str
        Parameters to estimate; their current values (``params``) are the start.
    params, y0 : mapping, optional
        Values of the fixed parameters and of the initial state.
    free_initial : sequence of str
        States whose initial value is estimated too.
    t0 : float, optional
        When the system starts (default: the first observation time).

    Examples
    --------
    >>> import sympy
    >>> from intimacy_dynamics import Model, Param, State
    >>> x, k = sympy.symbols("x k")
    >>> decay = Model.from_equations({x: -k * x}, params={k: Param(0.5, bounds=(0, 5))},
    ...                              states={"x": State(2.0, bounds=(0, 10))})
    >>> times = np.array([0.0, 0.7, 1.1, 2.5, 4.0])
    >>> observed = 2.0 * np.exp(-1.3 * times)
    >>> result = fit(decay, {"t": times, "x": observed}, free=["k"])
    >>> round(result.estimates["k"], 6)
    1.3
    """
    check_model(model)
    table = _as_table(model, data)
    free = [check_param(model, n) for n in require_list(free, "free")]
    free_initial = check_states(model, require_list(free_initial, "free_initial"))
    if not free and not free_initial:
        raise BadInputError("nothing to fit: name at least one parameter in free=")
    start = model.params(params)
    state0 = dict(zip(model.state_names, model.initial_state(y0), strict=True))
    problem = _Problem(model, table, free, free_initial, start, state0, t0)
    solution = least_squares(
        problem.residuals, problem.x0, bounds=problem.bounds, x_scale=problem.scale, method="trf"
    )
    return problem.result(solution)


def _as_table(model, data) -> dict[str, np.ndarray]:
    if hasattr(data, "to_dict") and hasattr(data, "columns"):  # a pandas DataFrame
        frame = (
            data
            if "t" in data.columns
            else data.reset_index().rename(columns={data.index.name or "index": "t"})
        )
        data = {c: frame[c].to_numpy(dtype=float) for c in frame.columns}
    if not isinstance(data, Mapping) or "t" not in data:
        raise BadInputError("data must be a mapping (or DataFrame) with a 't' column of times")
    times = _series(data["t"], "data['t']", complete=True)
    if times.size < 2:
        raise BadInputError("data['t'] must hold at least two finite times")
    if np.any(np.diff(times) <= 0):
        raise BadInputError("data['t'] must be strictly increasing")
    table = {"t": times}
    for name, values in data.items():
        if name == "t":
            continue
        check_known_name(
            name,
            model.state_names + model.output_names,
            "state or output",
            model.name,
            BadInputError,
        )
        column = _series(values, f"data[{name!r}]", complete=False)
        if column.shape != times.shape:
            raise BadInputError(f"data[{name!r}] has {column.size} values for {times.size} times")
        table[name] = column
    if len(table) == 1:
        raise BadInputError("data holds no observed state or output besides 't'")
    return table


class _Problem:
    """The residual function and the bookkeeping around it."""

    def __init__(self, model, table, free, free_initial, start, state0, t0):
        self.model, self.table, self.free, self.free_initial = model, table, free, free_initial
        self.start, self.state0 = start, state0
        self.t0 = table["t"][0] if t0 is None else float(t0)
        specs = [model.param_specs[n] for n in free] + [model.state_specs[n] for n in free_initial]
        self.x0 = np.array([start[n] for n in free] + [state0[n] for n in free_initial])
        self.bounds = ([s.bounds[0] for s in specs], [s.bounds[1] for s in specs])
        self.scale = np.array([s.soft[1] - s.soft[0] for s in specs])
        self.observed = {n: v for n, v in table.items() if n != "t"}
        self.mask = {n: np.isfinite(v) for n, v in self.observed.items()}
        self.n_obs = int(sum(m.sum() for m in self.mask.values()))
        if self.n_obs <= len(self.x0):
            raise BadInputError(
                f"{self.n_obs} observations cannot determine {len(self.x0)} unknowns"
            )

    def unpack(self, x):
        params = self.start.evolve(**dict(zip(self.free, x[: len(self.free)], strict=True)))
        y0 = {**self.state0, **dict(zip(self.free_initial, x[len(self.free) :], strict=True))}
        return params, y0

    def residuals(self, x):
        params, y0 = self.unpack(x)
        times = self.table["t"]
        try:
            run = simulate(
                self.model, (self.t0, times[-1]), params, y0=y0, t_eval=times, rtol=1e-9, atol=1e-11
            )
        except IntimacyDynamicsError:
            return np.full(self.n_obs, 1e6)  # steer the optimizer away
        return np.concatenate([(run[n] - v)[self.mask[n]] for n, v in self.observed.items()])

    def result(self, solution) -> FitResult:
        names = self.free + [f"initial {n}" for n in self.free_initial]
        dof = max(self.n_obs - len(names), 1)
        sigma2 = float(2 * solution.cost / dof)
        jac = solution.jac
        with np.errstate(all="ignore"):
            covariance = np.linalg.pinv(jac.T @ jac) * sigma2
            errors = np.sqrt(np.clip(np.diag(covariance), 0, None))
            correlations = covariance / np.outer(errors, errors)
        pairs = _unidentifiable(names, jac, correlations)
        if pairs:
            listing = "; ".join(f"{a} and {b}" for a, b in pairs)
            warnings.warn(
                f"the data cannot tell these apart (estimates nearly collinear): {listing}. "
                "Fix one of each pair, or add observations that separate them.",
                IdentifiabilityWarning,
                stacklevel=3,
            )
        _warn_at_bounds(names, solution)
        params, y0 = self.unpack(solution.x)
        return FitResult(
            self.model,
            params,
            dict(zip(names, solution.x.tolist(), strict=True)),
            dict(zip(names, errors.tolist(), strict=True)),
            correlations,
            math.sqrt(sigma2),
            self.n_obs,
            bool(solution.success),
            solution.message,
            pairs,
            y0,
            self.table,
        )


def _warn_at_bounds(names, solution) -> None:
    """Say so when the optimum sits on a hard bound: the data push past what is allowed."""
    pinned = [n for n, active in zip(names, solution.active_mask, strict=True) if active]
    if pinned:
        warnings.warn(
            f"the best fit puts {', '.join(pinned)} on a hard bound: the data push beyond "
            "what the model allows, and the standard errors there are not meaningful. "
            "Check the model, or add observations.",
            IdentifiabilityWarning,
            stacklevel=4,
        )


def _unidentifiable(names, jac, correlations, limit=0.995) -> list[tuple[str, str]]:
    singular = np.linalg.svd(jac * (np.linalg.norm(jac, axis=0) + 1e-300) ** -1, compute_uv=False)
    rank_poor = singular.size and singular[-1] < 1e-6 * singular[0]
    pairs = []
    for i in range(len(names)):
        for j in range(i + 1, len(names)):
            r = correlations[i, j]
            if not np.isfinite(r) or abs(r) > limit:
                pairs.append((names[i], names[j]))
    if rank_poor and not pairs and len(names) > 1:
        pairs.append((names[-2], names[-1]))
    return pairs


def glla(x: np.ndarray, dt: float, embedding: int = 5, order: int = 2) -> np.ndarray:
    """Derivatives of an equally spaced series by generalized local linear approximation.

    Returns an array of shape ``(len(x) - embedding + 1, order + 1)``: the smoothed
    level and its first ``order`` derivatives at the centre of each window of
    ``embedding`` successive observations (Boker, Deboeck, Edler & Keel 2010).

    Examples
    --------
    >>> t = np.arange(0, 10, 0.1)
    >>> d = glla(np.sin(t), dt=0.1, embedding=5)
    >>> bool(np.allclose(d[:, 1], np.cos(t[2:-2]), atol=1e-2))  # bias grows with window width²
    True
    """
    x = _series(x, "x")
    dt = as_finite_float(dt, "dt", (0.0, math.inf))
    if dt == 0:
        raise BadInputError("dt = 0 must be positive: it is the time between observations")
    order = check_count(order, "order", minimum=0, maximum=MAX_GLLA_ORDER)
    embedding = check_count(embedding, "embedding", minimum=order + 1)
    if embedding > x.size:
        raise BadInputError(
            f"embedding = {embedding} is longer than the series ({x.size} observations)"
        )
    offsets = (np.arange(embedding) - (embedding - 1) / 2) * dt
    L = np.column_stack([offsets**k / math.factorial(k) for k in range(order + 1)])
    W = L @ np.linalg.inv(L.T @ L)
    windows = np.lib.stride_tricks.sliding_window_view(x, embedding)
    return windows @ W


def _series(values, what: str, complete: bool = True) -> np.ndarray:
    """A 1-D sequence of numbers; of finite ones if ``complete`` (else NaN marks a gap)."""
    series = as_float_array(values, what, maximum=MAX_OUTPUT_TIMES)
    if series.ndim != 1:
        raise BadInputError(f"{what} must be a 1-D series, not an array of shape {series.shape}")
    missing = np.nonzero(~np.isfinite(series))[0]
    if complete and missing.size:
        raise BadInputError(
            f"{what} holds {missing.size} missing or infinite value(s), the first at index "
            f"{missing[0]}: it must be complete (fill or cut the gaps)"
        )
    return series


def estimate_coupled_oscillator(x, y, dt: float, embedding: int = 5) -> dict[str, float]:
    """Estimate the coupled damped oscillator of two partners' series by GLLA regression.

    Each partner's second derivative is regressed on the levels and first derivatives of
    both (Boker & Laurenceau 2006): ``x'' = η_x x + ζ_x x' + η_xy y + ζ_xy y'`` and the
    same for ``y``. Returns the eight coefficients by name.

    Like every derivative filter, GLLA attenuates fast cycles: when the window
    (``embedding * dt``) is a sizeable fraction of the period, ``|η|`` is
    underestimated, so keep the window well under half a period.
    """
    dx, dy = glla(x, dt, embedding), glla(y, dt, embedding)
    if dx.shape != dy.shape:
        raise BadInputError(f"x and y must be series of the same length ({len(x)} and {len(y)})")
    design = np.column_stack([dx[:, 0], dx[:, 1], dy[:, 0], dy[:, 1]])
    coef_x = np.linalg.lstsq(design, dx[:, 2], rcond=None)[0]
    design_y = np.column_stack([dy[:, 0], dy[:, 1], dx[:, 0], dx[:, 1]])
    coef_y = np.linalg.lstsq(design_y, dy[:, 2], rcond=None)[0]
    names_x = ("eta_x", "zeta_x", "eta_xy", "zeta_xy")
    names_y = ("eta_y", "zeta_y", "eta_yx", "zeta_yx")
    return {
        **dict(zip(names_x, coef_x.tolist(), strict=True)),
        **dict(zip(names_y, coef_y.tolist(), strict=True)),
    }
