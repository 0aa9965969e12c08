"""Many heterogeneous dyads at once: :func:`simulate_ensemble` and :class:`EnsembleResult`.

Members are split into chunks; each chunk is integrated by the vectorized
Dormand–Prince integrator (:mod:`intimacy_dynamics.ensemble.integrator`: every member
with its own step size and error control) and summarized where it ran (see
:mod:`intimacy_dynamics.ensemble.summaries`), so memory is bounded by the chunk size,
not by the number of members, unless ``keep="all"`` asks for every trajectory.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from intimacy_dynamics.core.limits import MAX_MEMBERS, check_memory
from intimacy_dynamics.core.model import check_model
from intimacy_dynamics.core.validation import (
    as_finite_float,
    check_count,
    check_known_name,
    check_range,
    describe,
    require_mapping,
)
from intimacy_dynamics.ensemble.integrator import (
    DEFAULT_ENSEMBLE_BUDGET,
    EnsembleSolution,
    integrate_ensemble,
)
from intimacy_dynamics.ensemble.runner import check_chunk_size, run_chunks
from intimacy_dynamics.ensemble.summaries import Bands, ChunkSummary, Moments, merge_summaries
from intimacy_dynamics.ensemble.tables import MemberTable, member_table
from intimacy_dynamics.errors import BadInputError
from intimacy_dynamics.simulation.simulate import Drive
from intimacy_dynamics.simulation.stochastic import (
    NoisePlan,
    check_dt,
    integrate_sde,
    member_stream,
    noise_values,
    seed_sequence,
)
from intimacy_dynamics.simulation.times import check_t_span, output_times

__all__ = ["EnsembleResult", "Outcomes", "simulate_ensemble"]

DEFAULT_QUANTILES = (0.05, 0.25, 0.5, 0.75, 0.95)
FAILED, NOT_SETTLED = "failed", "not settled"
#: Most histogram bins per quantile band: bands exact to a millionth of their range.
MAX_BINS = 1_000_000
_ANY = (-math.inf, math.inf)


def simulate_ensemble(
    model,
    params_table=None,
    *,
    y0=None,
    n_members: int | None = None,
    t_span: tuple[float, float] | None = None,
    t_eval=None,
    n_points: int = 201,
    rtol: float = 1e-6,
    atol: float = 1e-9,
    long_run: float = 0.25,
    keep: str = "summary",
    ranges: Mapping[str, tuple[float, float]] | None = None,
    n_bins: int = 200,
    chunk_size: int = 2048,
    executor=None,
    progress: bool = False,
    budget: int = DEFAULT_ENSEMBLE_BUDGET,
    noise=None,
    seed=None,
    dt: float | None = None,
    inputs=None,
) -> EnsembleResult:
    """Integrate many members (dyads) at once and summarize them.

    Parameters
    ----------
    model : Model
    params_table : mapping, DataFrame or list of mappings, optional
        Per-member parameter values (see :mod:`intimacy_dynamics.ensemble.tables`);
        names not given take their defaults.
    y0 : same forms as ``params_table``, optional
        Per-member initial states; missing states start at their defaults.
    n_members : int, optional
        Needed only when neither table has a per-member column. At most
        :data:`~intimacy_dynamics.core.limits.MAX_MEMBERS`, and the members' summaries
        must fit in :data:`~intimacy_dynamics.core.limits.MAX_ARRAY_BYTES`.
    t_span, t_eval, n_points, rtol, atol
        As for :func:`~intimacy_dynamics.simulate` (``rtol`` and ``atol`` hold for each
        member separately).
    long_run : float
        The late fraction of the output times over which the per-member long-run mean,
        minimum and maximum are taken.
    keep : {"summary", "all"}
        ``"all"`` also keeps every trajectory (memory grows with the members).
    ranges : mapping, optional
        ``{quantity: (low, high)}`` for the quantile-band histograms; default the
        quantity's soft range (or its finite bounds, for outputs).
    n_bins : int
        Histogram bins per range: quantile bands are exact to ``(high - low) / n_bins``.
    chunk_size : int
        Members integrated together (and the unit of work sent to an executor).
    executor : concurrent.futures.Executor, optional
        Where chunks run: in-process by default; a ``ProcessPoolExecutor``, or a
        ``dask.distributed`` client's ``get_executor()``.
    progress : bool
        Show a progress bar.
    budget : int
        Evaluations of the rates each chunk may use (see
        :mod:`~intimacy_dynamics.ensemble.integrator`); a noisy run uses one per step.
    noise, seed, dt
        As for :func:`~intimacy_dynamics.simulate`: with ``noise``, every member is a
        noisy run of the model's declared noise, stepped together with the fixed-step
        scheme of :mod:`~intimacy_dynamics.simulation.stochastic`. Member ``i`` draws from
        child ``i`` of the seed's :class:`~numpy.random.SeedSequence`, so its path depends
        only on ``seed`` and ``i``: the same in-process, on a process pool or on dask, in
        any chunking (and member 0 is ``simulate(..., seed=seed)``'s stream). The default
        ``dt`` is :meth:`~intimacy_dynamics.Model.default_dt` over (up to 1,000 of) the
        members, one step for all.
    inputs : mapping of str to Signal, optional
        Parameters driven over time, the same signal for every member (on each member's
        own baseline). Noisy runs only, for now: the adaptive integrator has no inputs.

    Returns
    -------
    EnsembleResult

    Examples
    --------
    >>> import sympy, intimacy_dynamics as idyn
    >>> x, k = sympy.symbols("x k")
    >>> decay = idyn.Model.from_equations({x: -k * x}, t_span=(0, 2),
    ...     params={k: idyn.Param(1.0, bounds=(0, 5))},
    ...     states={"x": idyn.State(1.0, bounds=(0, 1))})
    >>> result = simulate_ensemble(decay, {"k": np.linspace(0.5, 2, 4)})
    >>> np.round(result.final("x"), 4)    # exp(-2 k)
    array([0.3679, 0.1353, 0.0498, 0.0183])
    >>> float(result.bands("x", [0.5])[0, -1])   # the median at t = 2, to one bin
    0.05
    """
    check_model(model)
    setup = _setup(model, params_table, y0, n_members, t_span, t_eval, n_points)
    params, states, n, times = setup.params, setup.states, setup.n, setup.times
    noisy = _noisy_setup(model, setup, noise, seed, dt, inputs, budget)
    rtol = as_finite_float(rtol, "rtol", (1e-13, 0.1))
    atol = as_finite_float(atol, "atol", (1e-15, 1.0))
    long_run = as_finite_float(long_run, "long_run", (1e-9, 1.0))
    if keep not in ("summary", "all"):
        raise BadInputError(f"keep = {describe(keep)} must be 'summary' or 'all'")
    n_bins = check_count(n_bins, "n_bins", minimum=2, maximum=MAX_BINS)
    chunk_size = check_chunk_size(chunk_size)
    names = model.state_names + model.output_names
    _check_tables(n, min(chunk_size, n), times.size, len(names), n_bins, keep == "all")
    shared = {
        "model": model,
        "times": times,
        "t0": setup.t0,
        "t1": setup.t1,
        "rtol": rtol,
        "atol": atol,
        "late": times >= times[-1] - long_run * (times[-1] - times[0]),
        "ranges": _band_ranges(model, names, ranges),
        "n_bins": n_bins,
        "keep": keep == "all",
        "budget": check_count(budget, "budget"),
        "noisy": noisy,
    }
    parts = run_chunks(
        simulate_chunk,
        shared,
        {"y0": states.as_array(n), "params": params.as_list(), "member": np.arange(n)},
        n,
        chunk_size=chunk_size,
        executor=executor,
        progress=progress,
        description=f"{model.name} ensemble",
    )
    return EnsembleResult(model, times, params, n, names, merge_summaries(parts))


@dataclass
class _Setup:
    """The validated members and times of a run."""

    params: MemberTable
    states: MemberTable
    n: int
    t0: float
    t1: float
    times: np.ndarray


def _setup(model, params_table, y0, n_members, t_span, t_eval, n_points) -> _Setup:
    params = member_table(model, params_table, "parameter")
    states = member_table(model, y0, "state")
    sizes = {k for k in (params.n, states.n) if k is not None}
    if n_members is not None:
        sizes.add(check_count(n_members, "n_members", maximum=MAX_MEMBERS))
    if len(sizes) != 1:
        detail = f"params: {params.n}, y0: {states.n}, n_members: {describe(n_members)}"
        raise BadInputError(
            "the number of members is ambiguous: give one length for every per-member "
            f"column, or n_members ({detail})"
        )
    n = check_count(sizes.pop(), "the number of members", maximum=MAX_MEMBERS)
    t0, t1 = check_t_span(model.t_span if t_span is None else t_span)
    per_time = len(model.state_names) + len(model.output_names)
    times = output_times(t_eval, (t0, t1), n_points, numbers_each=per_time, min_times=2)
    return _Setup(params, states, n, t0, t1, times)


def _noisy_setup(model, setup: _Setup, noise, seed, dt, inputs, budget) -> dict | None:
    """What every chunk of a noisy run shares (validated here, once), or None."""
    noise_set = noise_values(model, noise)
    if noise_set is None:
        if inputs:
            raise BadInputError(
                "inputs= needs a noisy run in simulate_ensemble (noise=...): the adaptive "
                "ensemble integrator has no inputs; use simulate for one run with inputs"
            )
        return None
    span = (setup.t0, setup.t1)
    params, y0 = setup.params.as_list(), setup.states.as_array(setup.n)
    drive = Drive(model, params, inputs)
    plan = NoisePlan(model, noise_set)
    plan.check_start(model, y0)
    if dt is None:
        sample = np.unique(np.linspace(0, setup.n - 1, min(setup.n, 1000)).astype(int))
        sampled = [np.asarray(v)[sample] if np.ndim(v) else v for v in params]
        dt = model.default_dt(sampled, y0[:, sample], span)
    return {
        "noise": noise_set,
        "root": seed_sequence(seed),
        "dt": check_dt(dt, span, check_count(budget, "budget")),
        "inputs": drive.signals,
        "breaks": drive.edges(*span)[1:-1].tolist(),
    }


def _check_tables(n_members, chunk, n_times, n_names, n_bins, keep_all) -> None:
    """Refuse a run whose summaries or chunk arrays would not fit in memory."""
    per_member = 6 * n_names + 2  # long-run values, start values and flags, overestimated
    check_memory(f"the summaries of {n_members:,} members", n_members * per_member)
    check_memory(f"chunks of {chunk:,} members at {n_times:,} times", chunk * n_times * n_names)
    check_memory(f"quantile bands of {n_bins:,} bins at {n_times:,} times", n_bins * n_times)
    if keep_all:
        check_memory(
            f"keep='all' for {n_members:,} members at {n_times:,} times",
            n_members * n_times * n_names,
        )


def _band_ranges(model, names, ranges) -> dict[str, tuple[float, float]]:
    ranges = dict(require_mapping(ranges or {}, "ranges"))
    for name in ranges:
        check_known_name(name, names, "state or output", model.name, BadInputError)
    result = {}
    for name in names:
        if name in ranges:
            result[name] = check_range(f"band range of {name!r}", ranges[name], _ANY)
            continue
        spec = model.spec(name)
        low, high = spec.soft if spec.soft is not None else spec.bounds
        if not (math.isfinite(low) and math.isfinite(high) and high > low):
            low, high = -1.0, 1.0  # an unbounded output without a range: bands are clipped
        result[name] = (float(low), float(high))
    return result


def simulate_chunk(shared: dict, chunk: dict) -> ChunkSummary:
    """The task run for each chunk: integrate its members, return their summaries."""
    model, times = shared["model"], shared["times"]
    compiled = model.compile()
    y0, params = chunk["y0"], chunk["params"]
    if shared["noisy"] is not None:
        sol = _noisy_chunk(model, compiled, shared, chunk)
    else:
        sol = integrate_ensemble(
            compiled.rhs_vectorized,
            (shared["t0"], shared["t1"]),
            y0,
            params,
            times,
            rtol=shared["rtol"],
            atol=shared["atol"],
            chunk_size=max(y0.shape[1], 1),
            budget=shared["budget"],
        )
    values = _quantities(compiled, times, sol.y, params)  # name -> (m, n_times)
    late = shared["late"]
    bands, moments, per_member = {}, {}, {"mean": {}, "min": {}, "max": {}, "final": {}}
    for name, series in values.items():
        bands[name] = Bands.empty(shared["ranges"][name], shared["n_bins"], times.size)
        bands[name].add(series)
        moments[name] = Moments.of(series)
        window = series[:, late]
        per_member["mean"][name] = window.mean(axis=1)
        per_member["min"][name] = window.min(axis=1)
        per_member["max"][name] = window.max(axis=1)
        per_member["final"][name] = series[:, -1].copy()
    keep = values if shared["keep"] else None
    return ChunkSummary(bands, moments, per_member, sol.failed, sol.n_steps, keep)


def _noisy_chunk(model, compiled, shared: dict, chunk: dict) -> EnsembleSolution:
    """The chunk's members as noisy runs, each from its own stream."""
    noisy = shared["noisy"]
    drive = Drive(model, chunk["params"], noisy["inputs"])
    params_at = drive.at if drive.signals else (lambda t, p=chunk["params"]: p)
    streams = [member_stream(noisy["root"], i) for i in chunk["member"]]
    sol = integrate_sde(
        compiled.rhs_vectorized,
        chunk["y0"],
        shared["times"],
        shared["t0"],
        noisy["dt"],
        NoisePlan(model, noisy["noise"]),
        streams,
        params_at,
        noisy["breaks"],
    )
    steps = np.full(chunk["y0"].shape[1], sol.steps)
    return EnsembleSolution(shared["times"], sol.y, sol.failed, steps, sol.steps)


def _quantities(compiled, times, y, params) -> dict[str, np.ndarray]:
    """States and outputs of every member at every time, each ``(m, n_times)``."""
    values = dict(zip(compiled.state_names, y, strict=True))
    if compiled.output_names:
        p = [v[:, None] if np.ndim(v) else v for v in params]
        with np.errstate(all="ignore"):
            outputs = compiled.outputs(times[None, :], y, p)
        values.update(zip(compiled.output_names, outputs, strict=True))
    return values


@dataclass
class Outcomes:
    """Members classified by where they end.

    Attributes
    ----------
    labels : ndarray of str, shape (n_members,)
        ``"attractor 1"``, ``"attractor 2"``, ... (largest first), ``"not settled"``
        (still moving in the late window: a cycle, or slow), or ``"failed"``.
    centres : dict of str to dict
        The final states at the centre of each attractor.
    """

    labels: np.ndarray
    centres: dict[str, dict[str, float]]

    @property
    def fractions(self) -> dict[str, float]:
        """Share of the members in each outcome, largest first."""
        values, counts = np.unique(self.labels, return_counts=True)
        order = np.argsort(-counts, kind="stable")
        return {str(values[k]): float(counts[k]) / self.labels.size for k in order}


class EnsembleResult:
    """Summaries of an ensemble run: quantile bands, means, per-member long-run values.

    Attributes
    ----------
    t : ndarray
        The output times.
    n_members : int
    failed : ndarray of bool
        Members whose integration failed (their values are NaN).
    n_steps : ndarray of int
        Accepted steps of each member.
    """

    def __init__(self, model, t, params: MemberTable, n_members, names, summary: ChunkSummary):
        self.model, self.t, self.n_members = model, t, n_members
        self.names = list(names)
        self._params = params
        self._summary = summary
        self.failed = summary.failed
        self.n_steps = summary.n_steps

    def __repr__(self) -> str:
        return (
            f"<EnsembleResult of {self.model.name}: {self.n_members} members, "
            f"t in [{self.t[0]:g}, {self.t[-1]:g}], {int(self.failed.sum())} failed>"
        )

    def _name(self, name: str) -> str:
        return check_known_name(name, self.names, "state or output", self.model.name, BadInputError)

    def param(self, name: str) -> np.ndarray:
        """The values of parameter ``name`` for every member."""
        check_known_name(name, self._params.names, "parameter", self.model.name, BadInputError)
        return np.array(self._params.column(name, self.n_members))

    def bands(self, name: str, quantiles: Sequence[float] = DEFAULT_QUANTILES) -> np.ndarray:
        """Quantiles of ``name`` across members at each time, shape ``(len(q), n_times)``.

        Exact to one histogram bin (see :func:`simulate_ensemble`'s ``n_bins``).
        """
        try:
            levels = np.asarray(quantiles, dtype=float)
        except (TypeError, ValueError, OverflowError):
            levels = np.array([np.nan])
        if levels.ndim != 1 or not np.all((levels >= 0) & (levels <= 1)):
            raise BadInputError(
                f"quantiles = {describe(quantiles)} must be a list of levels between 0 and 1"
            )
        return self._summary.bands[self._name(name)].quantiles(levels)

    def mean(self, name: str) -> np.ndarray:
        """Mean of ``name`` over the members that did not fail, at each time."""
        return self._summary.moments[self._name(name)].mean()

    def std(self, name: str) -> np.ndarray:
        """Standard deviation of ``name`` across members at each time."""
        return self._summary.moments[self._name(name)].std()

    def long_run(self, name: str, statistic: str = "mean") -> np.ndarray:
        """Per-member ``"mean"``, ``"min"`` or ``"max"`` of ``name`` over the late window."""
        if statistic not in ("mean", "min", "max"):
            raise BadInputError(f"statistic = {statistic!r} must be 'mean', 'min' or 'max'")
        return self._summary.per_member[statistic][self._name(name)]

    def final(self, name: str) -> np.ndarray:
        """Per-member value of ``name`` at the last output time."""
        return self._summary.per_member["final"][self._name(name)]

    def trajectories(self, name: str) -> np.ndarray:
        """Every member's series of ``name``, ``(n_members, n_times)``; needs ``keep="all"``."""
        if self._summary.trajectories is None:
            raise BadInputError("trajectories were not kept: run with keep='all'")
        return self._summary.trajectories[self._name(name)]

    def outcomes(
        self, rule: Callable[[EnsembleResult], Sequence] | None = None, tolerance: float = 0.05
    ) -> Outcomes:
        """Classify members by where they end.

        Parameters
        ----------
        rule : callable, optional
            ``rule(result)`` returning one label per member (e.g. from
            ``result.long_run("trust_A") > 0.5``). Default: members whose states all
            settle (late range under ``tolerance`` of each state's soft range) are grouped
            by their final states (within ``tolerance`` of the soft ranges).
        tolerance : float

        Examples
        --------
        >>> import sympy, intimacy_dynamics as idyn
        >>> u = sympy.Symbol("u")
        >>> switch = idyn.Model.from_equations({u: u - u**3}, t_span=(0, 20),
        ...     states={"u": idyn.State(0, bounds=(-2, 2))})
        >>> result = simulate_ensemble(switch, y0={"u": [-0.5, -0.1, 0.2, 0.3]})
        >>> result.outcomes().fractions
        {'attractor 1': 0.5, 'attractor 2': 0.5}
        >>> result.outcomes().centres["attractor 1"]
        {'u': -1.0}
        """
        tolerance = as_finite_float(tolerance, "tolerance", (1e-9, 1.0))
        if rule is not None:
            labels = np.asarray(rule(self)).astype(str)
            if labels.shape != (self.n_members,):
                raise BadInputError(
                    f"rule returned {labels.shape} labels for {self.n_members} members"
                )
            labels[self.failed] = FAILED
            return Outcomes(labels, {})
        return self._settled_outcomes(tolerance)

    def fractions(self, rule=None, tolerance: float = 0.05) -> dict[str, float]:
        """Share of members in each outcome (see :meth:`outcomes`)."""
        return self.outcomes(rule, tolerance).fractions

    def _settled_outcomes(self, tolerance: float) -> Outcomes:
        states = self.model.state_names
        widths = np.array([s.soft[1] - s.soft[0] for s in self.model.state_specs.values()])
        final = np.array([self.final(n) for n in states]).T / widths  # (N, n) scaled
        swing = np.array([self.long_run(n, "max") - self.long_run(n, "min") for n in states])
        settled = np.all(swing.T / widths <= tolerance, axis=1) & ~self.failed
        cluster = np.full(self.n_members, -1)
        leaders = []
        for member in np.nonzero(settled)[0]:  # leader clustering in member order
            if cluster[member] >= 0:
                continue
            close = settled & (cluster < 0)
            close &= np.max(np.abs(final - final[member]), axis=1) <= tolerance
            cluster[close] = len(leaders)
            leaders.append(member)
        sizes = np.bincount(cluster[cluster >= 0], minlength=len(leaders))
        order = np.argsort(-sizes, kind="stable")
        labels = np.where(self.failed, FAILED, NOT_SETTLED).astype(object)
        centres = {}
        for rank, k in enumerate(order):
            label = f"attractor {rank + 1}"
            labels[cluster == k] = label
            centre = np.mean(final[cluster == k], axis=0) * widths
            centres[label] = {n: round(float(v), 6) for n, v in zip(states, centre, strict=True)}
        return Outcomes(labels.astype(str), centres)

    def figure(self, name: str, quantiles: Sequence[float] = DEFAULT_QUANTILES):
        """Quantile bands of ``name`` over time (outer bands lighter), with the median."""
        from intimacy_dynamics.plotting import PALETTE, base_layout, figure

        levels = sorted(quantiles)
        values = self.bands(name, levels)
        unit = getattr(self.model, "time_unit", "")
        fig = figure(
            base_layout(
                f"{name} across {self.n_members} members of {self.model.name}",
                f"time ({unit})" if unit else "time",
                name,
            )
        )
        for i in range(len(levels) // 2):
            lower, upper = values[i], values[-1 - i]
            fig.add_scatter(x=self.t, y=upper, mode="lines", line={"width": 0}, showlegend=False)
            fig.add_scatter(
                x=self.t,
                y=lower,
                mode="lines",
                line={"width": 0},
                fill="tonexty",
                fillcolor=f"rgba(0, 114, 178, {0.15 + 0.15 * i:.2f})",
                name=f"{levels[i]:.0%}–{levels[-1 - i]:.0%}",
            )
        if len(levels) % 2:
            fig.add_scatter(
                x=self.t,
                y=values[len(levels) // 2],
                mode="lines",
                line={"color": PALETTE["blue"], "width": 2.5},
                name=f"{levels[len(levels) // 2]:.0%} (median)",
            )
        return fig
