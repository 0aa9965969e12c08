"""Robustness of a model's predictions: how often each claim survives perturbed parameters.

A reviewer's first question about a model of a psychological theory is whether its
predictions hold only at one hand-tuned point. :func:`robustness` answers it for any
model. Each *draw* multiplies every chosen parameter's default by its own random factor,
uniform in ``[1 - spread, 1 + spread]`` (``spread=0.2`` moves each by up to ±20 %), so a
scenario run on the perturbed model
(:meth:`~intimacy_dynamics.Model.with_defaults`) keeps its own settings on top of the
perturbed defaults. Every *check* is then asked whether its claim still holds there.

A check is a module-level function ``check(model)`` (so it pickles for process pools
and clusters) returning a bool, or an object with a ``holds`` attribute and, optionally,
``conditions`` with a ``slack`` each (such as
:class:`intimacy_dynamics.intimacy.signatures.Verdict`); the worst slack is recorded.
A check that raises an error of this package fails, and the message is kept.

Draw ``k`` takes its factors from child ``k`` of ``numpy.random.SeedSequence(seed)``, so
a draw is the same whatever the number of draws and wherever it runs, and the result is
identical in-process, on a process pool and on a ``dask.distributed`` cluster.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy.stats import rankdata

from intimacy_dynamics.core.validation import as_finite_float, check_known_name
from intimacy_dynamics.ensemble.runner import check_chunk_size, run_chunks
from intimacy_dynamics.errors import BadInputError, IntimacyDynamicsError, ParameterError

__all__ = ["Robustness", "draw_factors", "robustness"]

#: Draws per chunk sent to an executor (each draw runs every check).
DEFAULT_CHUNK = 5
#: The largest relative perturbation: factors stay positive.
MAX_SPREAD = 0.95


@dataclass
class Robustness:
    """Which checks held in which draws.

    Attributes
    ----------
    checks, parameters : list of str
        The checks' names, and the parameters that were perturbed.
    factors : ndarray, shape (n_draws, n_parameters)
        The factor each draw multiplied each parameter's default by.
    holds : ndarray of bool, shape (n_draws, n_checks)
    slack : ndarray, shape (n_draws, n_checks)
        The worst condition's slack where a check reports one (NaN otherwise).
    errors : dict
        ``{(draw, check): message}`` for checks that raised.
    seed, spread
        What the draws were made from.
    """

    checks: list[str]
    parameters: list[str]
    factors: np.ndarray
    holds: np.ndarray
    slack: np.ndarray
    errors: dict[tuple[int, str], str] = field(default_factory=dict)
    seed: int = 0
    spread: float = 0.2

    @property
    def n_draws(self) -> int:
        """The number of perturbed parameter sets."""
        return self.holds.shape[0]

    def share(self) -> dict[str, float]:
        """The share of draws in which each check held."""
        return {name: float(self.holds[:, k].mean()) for k, name in enumerate(self.checks)}

    def drivers(self, check: str, top: int = 3) -> list[tuple[str, float]]:
        """The parameters whose factor goes with ``check`` failing, most telling first.

        Each parameter's log factor is correlated (Spearman) with the check's worst
        slack, or with whether it held when no slack is known. A positive correlation
        means raising the parameter helps the check.
        """
        k = self.checks.index(
            check_known_name(check, self.checks, "check", "this result", BadInputError)
        )
        slack = self.slack[:, k]
        outcome = slack if not np.any(np.isnan(slack)) else self.holds[:, k].astype(float)
        if np.ptp(outcome) == 0:
            return []
        target = rankdata(outcome)
        correlation = np.array([_pearson(rankdata(f), target) for f in np.log(self.factors).T])
        order = np.argsort(-np.abs(correlation))[:top]
        return [(self.parameters[i], float(correlation[i])) for i in order]

    def table(self) -> list[tuple[str, float, str]]:
        """Rows ``(check, share held, what goes with failing)``."""
        rows = []
        for name, share in self.share().items():
            hint = ""
            if share < 1:
                drivers = self.drivers(name, top=1)
                if drivers:
                    parameter, rho = drivers[0]
                    hint = f"{parameter} {'low' if rho > 0 else 'high'} (ρ = {rho:+.2f})"
            rows.append((name, share, hint))
        return rows

    def to_markdown(self) -> str:
        """The table as markdown, with how the draws were made."""
        low, high = 1 - self.spread, 1 + self.spread
        lines = [
            f"{self.n_draws} draws (seed {self.seed}); each multiplies every one of the "
            f"{len(self.parameters)} shared parameters by its own factor, uniform in "
            f"[{low:.3g}, {high:.3g}] (±{self.spread:.0%}).",
            "",
            "| check | holds in | most often fails when |",
            "|---|---|---|",
        ]
        for name, share, hint in self.table():
            held = round(share * self.n_draws)
            lines.append(
                f"| {name} | {100 * share:.3g} % ({held}/{self.n_draws}) | {hint or '—'} |"
            )
        return "\n".join(lines) + "\n"

    def figure(self):
        """A horizontal bar chart of the share of draws in which each check held."""
        from intimacy_dynamics.plotting import PALETTE, base_layout, figure

        shares = self.share()
        colours = [PALETTE["blue"] if v >= 0.9 else PALETTE["vermillion"] for v in shares.values()]
        title = f"Claims that survive ±{self.spread:.0%} on every shared parameter"
        fig = figure(base_layout(title, "share of perturbed parameter sets", ""))
        fig.add_bar(
            x=list(shares.values())[::-1],
            y=list(shares)[::-1],
            orientation="h",
            marker={"color": colours[::-1]},
            name="holds",
        )
        fig.update_xaxes(range=[0, 1], tickformat=".0%")
        return fig

    def __repr__(self) -> str:
        shares = ", ".join(f"{k} {v:.0%}" for k, v in self.share().items())
        return f"Robustness({self.n_draws} draws: {shares})"


def robustness(
    model,
    checks: Mapping[str, Callable],
    *,
    n_draws: int = 50,
    spread: float = 0.2,
    parameters: Sequence[str] | None = None,
    seed: int = 0,
    executor=None,
    chunk_size: int = DEFAULT_CHUNK,
    progress: bool = False,
) -> Robustness:
    """Run every check on ``n_draws`` copies of ``model`` with perturbed defaults.

    Parameters
    ----------
    model : Model
    checks : mapping of str to callable
        ``{name: check}``; see the module docstring for what a check returns.
    n_draws : int
        The number of perturbed parameter sets.
    spread : float
        Factors are uniform in ``[1 - spread, 1 + spread]``; 0.2 is ±20 %. In
        ``(0, 0.95]``.
    parameters : sequence of str, optional
        The parameters to perturb; by default every shared (not per-partner) parameter
        whose default is not zero (a factor cannot move zero).
    seed : int
        Root of the draws' random streams.
    executor : concurrent.futures.Executor, optional
        Where to run the chunks of draws (a process pool, or dask's
        ``client.get_executor()``); in-process when None.
    chunk_size : int
        Draws per chunk.
    progress : bool
        Show a progress bar.

    Returns
    -------
    Robustness

    Examples
    --------
    >>> import sympy
    >>> from intimacy_dynamics import Model, Param, State
    >>> x, k = sympy.symbols("x k")
    >>> decay = Model.from_equations({x: -k * x}, params={k: Param(1.0, bounds=(0, 5))},
    ...                              states={"x": State(1.0)}, t_span=(0, 5))
    >>> result = robustness(decay, {"fast": _decays_fast}, n_draws=20, seed=1)
    >>> 0 < result.share()["fast"] < 1, result.drivers("fast", top=1)[0][0]
    (True, 'k')
    """
    names = _perturbed_parameters(model, parameters)
    spread = as_finite_float(spread, "spread", (0.0, MAX_SPREAD))
    if spread == 0.0:
        raise BadInputError("spread = 0 perturbs nothing; it must be > 0 (0.2 is ±20 %)")
    _check_bounds(model, names, spread)
    if isinstance(n_draws, bool) or not isinstance(n_draws, int) or n_draws < 1:
        raise BadInputError(f"n_draws = {n_draws!r} must be a positive integer")
    if not isinstance(checks, Mapping) or not checks or not all(map(callable, checks.values())):
        raise BadInputError("checks must be a non-empty mapping of names to functions")
    factors = draw_factors(len(names), n_draws, spread, seed)
    shared = (model, dict(checks), names)
    results = run_chunks(
        _run_draws,
        shared,
        {"factors": factors.T, "draw": np.arange(n_draws)},
        n_draws,
        chunk_size=check_chunk_size(chunk_size),
        executor=executor,
        progress=progress,
        description="draws",
    )
    holds = np.concatenate([r[0] for r in results])
    slack = np.concatenate([r[1] for r in results])
    errors = {key: message for r in results for key, message in r[2].items()}
    return Robustness(list(checks), names, factors, holds, slack, errors, seed, spread)


def draw_factors(n_parameters: int, n_draws: int, spread: float, seed: int) -> np.ndarray:
    """Factors of shape ``(n_draws, n_parameters)``, uniform in ``[1 - spread, 1 + spread]``.

    Row ``k`` comes from child ``k`` of ``SeedSequence(seed)``: it does not depend on
    ``n_draws``.

    Examples
    --------
    >>> a, b = draw_factors(3, 2, 0.2, seed=0), draw_factors(3, 5, 0.2, seed=0)
    >>> bool(np.all(a == b[:2])), bool(np.all((a >= 0.8) & (a <= 1.2)))
    (True, True)
    """
    children = np.random.SeedSequence(seed).spawn(n_draws)
    rows = [
        np.random.default_rng(child).uniform(-spread, spread, n_parameters) for child in children
    ]
    return 1.0 + np.array(rows).reshape(n_draws, n_parameters)


def _perturbed_parameters(model, parameters) -> list[str]:
    if parameters is None:  # shared parameters; one at zero (an input switched off) stays zero
        return [n for n, s in model.param_specs.items() if s.partner is None and s.default != 0]
    if isinstance(parameters, str):
        raise BadInputError("parameters must be a list of parameter names, not one string")
    for name in parameters:
        check_known_name(name, model.param_specs, "parameter", model.name, ParameterError)
    return list(parameters)


def _check_bounds(model, names, spread) -> None:
    """Every perturbed default must stay inside its hard bounds at either extreme."""
    for name in names:
        spec = model.param_specs[name]
        low, high = spec.bounds
        for value in (spec.default * (1 + spread), spec.default * (1 - spread)):
            if not low <= value <= high:
                raise ParameterError(
                    f"perturbing parameter {name!r} (default {spec.default:g}) by up to "
                    f"±{spread:.0%} reaches {value:g}, outside its hard bounds "
                    f"[{low:g}, {high:g}]; choose a smaller spread or leave it out"
                )


def _run_draws(shared, chunk):
    """Run every check on each draw of the chunk (a module-level task, for executors)."""
    model, checks, names = shared
    factors, draws = chunk["factors"], chunk["draw"]
    holds = np.zeros((draws.size, len(checks)), dtype=bool)
    slack = np.full((draws.size, len(checks)), np.nan)
    errors = {}
    for i, draw in enumerate(draws.tolist()):
        defaults = {n: model.param_specs[n].default * factors[j, i] for j, n in enumerate(names)}
        perturbed = model.with_defaults(defaults)
        for k, (name, check) in enumerate(checks.items()):
            try:
                holds[i, k], slack[i, k] = _outcome(check(perturbed))
            except IntimacyDynamicsError as exc:
                errors[(draw, name)] = f"{type(exc).__name__}: {exc}"
    return holds, slack, errors


def _outcome(result) -> tuple[bool, float]:
    if isinstance(result, bool | np.bool_):
        return bool(result), np.nan
    conditions = getattr(result, "conditions", None)
    worst = min((c.slack for c in conditions), default=np.nan) if conditions else np.nan
    return bool(result.holds), float(worst)


def _pearson(a: np.ndarray, b: np.ndarray) -> float:
    a, b = a - a.mean(), b - b.mean()
    scale = np.sqrt((a @ a) * (b @ b))
    return float(a @ b / scale) if scale > 0 else 0.0


def _decays_fast(model) -> bool:
    """A toy check for the examples: ``x`` falls below 0.3 by ``t = 1.2``."""
    from intimacy_dynamics.simulation.simulate import simulate

    return bool(simulate(model, (0, 1.2), n_points=2)["x"][-1] < 0.3)
