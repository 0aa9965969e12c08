"""Integrate a model over time: :func:`simulate`.

Method ``"auto"`` (the default) is built for the slider path: LSODA (``scipy``'s
``odeint``, compiled Fortran) on the generated ``math``-module right-hand side. LSODA
starts with non-stiff Adams steps and switches by itself to BDF, with the model's exact
Jacobian, when the problem turns stiff. If it still fails, the segment is re-integrated
with Radau and the exact Jacobian; if that fails too, :class:`IntegrationError` says
where and why. A run never ends as a silent partial result.

Input signals split the span at their breakpoints, and each piece is integrated from a
fresh start, so jumps in a parameter are resolved exactly.

Every run has a **work budget**: the number of evaluations of the rates (and of the
Jacobian) it may use, over all pieces and both solvers of ``"auto"`` together. A run
that would need more stops with :class:`~intimacy_dynamics.errors.BudgetExceededError`
naming ``t_span``, how far it got and what was asked for, instead of freezing the
kernel: a long span on an oscillating couple, or ``t_span=(0, 1e12)`` on Strogatz's
fickle lovers, fails within about a second. :data:`DEFAULT_BUDGET` is the default;
:data:`INTERACTIVE_BUDGET` is meant for slider moves. ``docs/limits.md`` gives the
reasons for both and what they cost in time.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Mapping

import numpy as np
from scipy.integrate import odeint, solve_ivp

from intimacy_dynamics.core.model import check_model
from intimacy_dynamics.core.params import ParamSet
from intimacy_dynamics.core.validation import (
    as_finite_float,
    check_count,
    check_known_name,
    describe,
    format_range,
    type_name,
)
from intimacy_dynamics.errors import (
    BadInputError,
    BudgetExceededError,
    IntegrationError,
    IntimacyDynamicsError,
    ParameterError,
)
from intimacy_dynamics.simulation.inputs import MAX_SEGMENTS, Signal
from intimacy_dynamics.simulation.stochastic import (
    NoisePlan,
    check_dt,
    integrate_sde,
    member_stream,
    noise_values,
    seed_sequence,
)
from intimacy_dynamics.simulation.times import check_t_span, output_times
from intimacy_dynamics.simulation.trajectory import Trajectory

__all__ = ["DEFAULT_BUDGET", "INTERACTIVE_BUDGET", "METHODS", "Drive", "simulate"]

METHODS = ("auto", "LSODA", "RK45", "RK23", "DOP853", "Radau", "BDF")
#: Evaluations of the rates a run may use unless told otherwise: more than ten times
#: what the most demanding catalog scenario needs (``docs/limits.md`` checks it); LSODA
#: spends it in about 1.5 s on the IntimacyModel.
DEFAULT_BUDGET = 200_000
#: A budget for one slider move: at least twice the most demanding catalog scenario at
#: the lab's plot accuracy; about 0.15 s of LSODA on the IntimacyModel.
INTERACTIVE_BUDGET = 20_000
_STIFF = ("Radau", "BDF", "LSODA")
_ARITHMETIC = (OverflowError, ZeroDivisionError, ValueError)


def simulate(
    model,
    t_span: tuple[float, float] | None = None,
    params=None,
    y0=None,
    t_eval=None,
    *,
    inputs: Mapping[str, Signal] | None = None,
    method: str = "auto",
    rtol: float = 1e-6,
    atol: float = 1e-9,
    n_points: int = 401,
    check_bounds: bool = True,
    budget: int = DEFAULT_BUDGET,
    noise=None,
    seed=None,
    dt: float | None = None,
) -> Trajectory:
    """Simulate ``model`` and return a :class:`Trajectory`.

    Parameters
    ----------
    model : Model
        The model to integrate (compiled on first use, then cached).
    t_span : (float, float), optional
        Start and end time; defaults to ``model.t_span``. Its length must be resolvable
        in floating point (see :mod:`~intimacy_dynamics.simulation.times`).
    params : mapping or ParamSet, optional
        Parameter values by name; missing names take their defaults.
    y0 : mapping or sequence, optional
        Initial state by name (missing names take their defaults) or one value per state.
    t_eval : array_like, optional
        Output times, a 1-D sequence, increasing, inside ``t_span``. Defaults to
        ``n_points`` evenly spaced times.
    inputs : mapping of str to Signal, optional
        Parameters driven over time, e.g. ``{"stress": Pulse(20, 5, 0.8)}``. Their
        breakpoints may split ``t_span`` into at most
        :data:`~intimacy_dynamics.simulation.inputs.MAX_SEGMENTS` pieces.
    method : str
        ``"auto"`` (see the module docstring) or a :func:`scipy.integrate.solve_ivp`
        method name: ``"LSODA"``, ``"RK45"``, ``"RK23"``, ``"DOP853"``, ``"Radau"``,
        ``"BDF"`` (the implicit ones get the exact Jacobian).
    rtol, atol : float
        Relative and absolute tolerances.
    n_points : int
        Number of output times when ``t_eval`` is not given, at most
        :data:`~intimacy_dynamics.core.limits.MAX_OUTPUT_TIMES` (as is ``t_eval``).
    check_bounds : bool
        Raise if a state leaves its declared range by more than the integration
        tolerance (a sign that the model's equations are wrong).
    budget : int
        The most evaluations of the rates and of the Jacobian the run may use, over
        every piece and solver (:data:`DEFAULT_BUDGET`; :data:`INTERACTIVE_BUDGET` for a
        slider move).
    noise : None, bool, float or mapping
        ``None`` or ``False`` (the default): the deterministic model. Otherwise a noisy
        run of the model's declared :class:`~intimacy_dynamics.Noise` (see
        :mod:`~intimacy_dynamics.simulation.stochastic`): ``True`` takes the declared
        intensities, a mapping ``{intensity: value}`` overrides some of them, and a
        number multiplies every declared intensity (``noise=2`` doubles them all). A
        noisy run uses a fixed-step scheme, so ``method``, ``rtol`` and ``atol`` do not
        apply (``method`` must stay ``"auto"``).
    seed : None, int, numpy SeedSequence or Generator
        The random streams of a noisy run; the same seed gives the same run, bit for
        bit. ``None`` draws fresh entropy; ``trajectory.solver["seed"]`` keeps it, so
        the run can be repeated. Ignored without noise.
    dt : float, optional
        The fixed step of a noisy run, shortened where needed so that output times and
        input breakpoints fall on steps; by default
        :meth:`~intimacy_dynamics.Model.default_dt`. Refused when the run would take
        more steps than ``budget``. Ignored without noise.

    Returns
    -------
    Trajectory

    Raises
    ------
    ParameterError, StateError, BadInputError
        For unknown names and out-of-range values, naming the quantity and the range.
    BudgetExceededError
        If the run would need more than ``budget`` evaluations.
    IntegrationError
        If the solver fails, if a state becomes NaN, or if a state leaves its range.

    Examples
    --------
    >>> import sympy, intimacy_dynamics as idyn
    >>> x, v, w = sympy.symbols("x v w")
    >>> oscillator = idyn.Model.from_equations(
    ...     {x: v, v: -w**2 * x}, params={w: 2.0},
    ...     states={"x": idyn.State(1.0), "v": idyn.State(0.0)})
    >>> traj = idyn.simulate(oscillator, t_span=(0, np.pi), n_points=5)
    >>> np.round(traj["x"], 4)  # cos(2t)
    array([ 1.,  0., -1., -0.,  1.])
    >>> idyn.simulate(oscillator, t_span=(0, 1e12), budget=5_000)
    Traceback (most recent call last):
    ...
    intimacy_dynamics.errors.BudgetExceededError: the run used its budget of 5,000 ...
    """
    check_model(model)
    param_set = model.params(params)
    y_start = np.array(model.initial_state(y0), dtype=float)
    t0, t1 = check_t_span(model.t_span if t_span is None else t_span)
    per_time = 1 + len(model.state_names) + len(model.output_names)
    times = output_times(t_eval, (t0, t1), n_points, numbers_each=per_time)
    rtol = as_finite_float(rtol, "rtol", (1e-13, 0.1))
    atol = as_finite_float(atol, "atol", (1e-15, 1.0))
    if not isinstance(method, str) or method not in METHODS:
        raise BadInputError(f"method = {describe(method)} is not one of {', '.join(METHODS)}")
    if not isinstance(check_bounds, bool | np.bool_):
        raise BadInputError(f"check_bounds = {describe(check_bounds)} must be True or False")
    drive = Drive(model, param_set, inputs)
    noise_set = noise_values(model, noise)
    if noise_set is not None:
        if method != "auto":
            raise BadInputError(
                f"method = {method!r} applies to deterministic runs; a noisy run steps with "
                "its fixed-step scheme (leave method='auto')"
            )
        run = _noisy_run(model, drive, y_start, (t0, t1), times, noise_set, seed, dt, budget)
        states, solver = run
        if check_bounds:
            _check_states(model, times, states, 1e-6)
        return Trajectory(model, times, states, param_set, drive.signals, solver)
    run = _Run(model.compile(), drive, _Meter(check_count(budget, "budget")), rtol, atol)
    states, solver = run.integrate(drive.edges(t0, t1), times, y_start, method)
    if check_bounds:
        _check_states(model, times, states, rtol)
    return Trajectory(model, times, states, param_set, drive.signals, solver)


def _noisy_run(model, drive, y_start, t_span, times, noise_set, seed, dt, budget):
    """States and solver record of one noisy run (member 0 of the seed's streams)."""
    budget = check_count(budget, "budget")
    plan = NoisePlan(model, noise_set)
    plan.check_start(model, y_start[:, None])
    if dt is None:
        dt = model.default_dt(drive.baseline, y_start, t_span)
    dt = check_dt(dt, t_span, budget)
    root = seed_sequence(seed)
    compiled = model.compile()

    def rates(t, x, p):
        return np.asarray(compiled.rhs(t, x[:, 0], p), dtype=float)[:, None]

    baseline = drive.baseline
    params_at = drive.at if drive.signals else (lambda t: baseline)
    breaks = drive.edges(*t_span)[1:-1]
    try:
        sol = integrate_sde(
            rates,
            y_start[:, None],
            times,
            t_span[0],
            dt,
            plan,
            [member_stream(root, 0)],
            params_at,
            breaks,
        )
    except _ARITHMETIC as exc:
        if isinstance(exc, IntimacyDynamicsError):
            raise
        raise IntegrationError(
            f"the noisy run failed: the rates could not be evaluated ({type(exc).__name__}: "
            f"{exc}); check the parameters",
        ) from None
    states = np.ascontiguousarray(sol.y[:, 0, :])  # laid out as a deterministic run's
    if sol.failed[0]:
        bad = int(np.argmax(~np.all(np.isfinite(states), axis=0)))
        raise IntegrationError(
            f"the noisy run's state stopped being finite by t = {times[bad]:g} (dt = {dt:g}); "
            "try a smaller dt or weaker noise",
            t_reached=float(times[bad]),
        )
    solver = {
        "method": "Euler-Maruyama (Lamperti)",
        "nfev": sol.steps,
        "fallback": False,
        "evaluations": sol.steps,
        "dt": dt,
        "noise": dict(noise_set),
        "seed": root,
    }
    return states, solver


# ---------------------------------------------------------------------- checks
def _check_states(model, times, states, rtol) -> None:
    for row, (name, spec) in enumerate(model.state_specs.items()):
        lo, hi = spec.bounds
        width = hi - lo if math.isfinite(hi - lo) else max(1.0, abs(lo), abs(hi))
        slack = max(1e-6, 100 * rtol) * width
        worst = int(np.argmax(np.maximum(lo - states[row], states[row] - hi)))
        value = states[row, worst]
        if value < lo - slack or value > hi + slack:
            raise IntegrationError(
                f"state {name!r} left its declared range [{lo:g}, {hi:g}]: it reached "
                f"{value:.6g} at t = {times[worst]:g}. The model's equations do not keep it in "
                "range; pass check_bounds=False to inspect the run.",
                t_reached=float(times[worst]),
            )


# ---------------------------------------------------------------------- inputs
class Drive:
    """The parameter vector over time: baselines from the set, some driven by signals.

    A baseline may be an array over ensemble members; every member's values must then
    stay within the parameter's bounds.
    """

    def __init__(self, model, param_set, signals: Mapping[str, Signal] | None):
        if signals is not None and not isinstance(signals, Mapping):
            raise BadInputError(
                "inputs must map parameter names to signals, e.g. {'stress_A': Pulse(20, 5, "
                f"0.8)}}, not {type_name(signals)}"
            )
        self.names = model.param_names
        self.baseline = param_set.as_list() if isinstance(param_set, ParamSet) else param_set
        self.signals: dict[str, Signal] = {}
        self._driven: list[tuple[int, Signal]] = []
        for name, signal in (signals or {}).items():
            check_known_name(name, self.names, "parameter", model.name, ParameterError)
            if not isinstance(signal, Signal):
                raise BadInputError(
                    f"input for parameter {name!r} must be a Signal (Pulse, Schedule, ...), "
                    f"not {describe(signal)}"
                )
            index = self.names.index(name)
            base = np.asarray(self.baseline[index], dtype=float)
            ranges = [signal.value_range(float(b)) for b in (base.min(), base.max())]
            lo, hi = min(r[0] for r in ranges), max(r[1] for r in ranges)
            low, high = model.param_specs[name].bounds
            if lo < low or hi > high:
                extreme = lo if lo < low else hi
                raise ParameterError(
                    f"input for parameter {name!r} reaches {extreme:g}, outside its allowed "
                    f"range {format_range((low, high))}"
                )
            self.signals[name] = signal
            self._driven.append((index, signal))
        self.piecewise_constant = all(s.piecewise_constant for s in self.signals.values())

    def edges(self, t0: float, t1: float) -> np.ndarray:
        """``[t0, breakpoints inside (t0, t1)..., t1]``: the pieces integrated one by one."""
        cuts = {b for s in self.signals.values() for b in s.breakpoints() if t0 < b < t1}
        if len(cuts) >= MAX_SEGMENTS:
            raise BadInputError(
                f"the inputs split t_span = ({t0:g}, {t1:g}) into {len(cuts) + 1:,} pieces, "
                f"more than the limit of {MAX_SEGMENTS:,}; shorten t_span or the schedules"
            )
        return np.array([t0, *sorted(cuts), t1])

    def parameters_per_piece(self, edges: np.ndarray) -> list:
        """The constant parameter vector of each piece, or None where it varies in time.

        Piecewise-constant inputs are evaluated once, at every piece's midpoint together.
        """
        if not self.piecewise_constant:
            return [None] * (len(edges) - 1)
        table = np.tile(np.asarray(self.baseline, dtype=float), (len(edges) - 1, 1))
        middles = 0.5 * (edges[:-1] + edges[1:])
        for index, signal in self._driven:
            table[:, index] = signal.value(middles, self.baseline[index])
        return table.tolist()

    def at(self, t: float) -> list[float]:
        """Parameter values in force at time ``t``."""
        values = list(self.baseline)
        for index, signal in self._driven:
            values[index] = signal.value(t, self.baseline[index])
        return values


# ------------------------------------------------------------------ integration
class _OutOfBudgetError(Exception):
    """Raised from inside a solver's callback when the budget is spent."""


class _Meter:
    """Counts the evaluations of a run against its budget, and the last time reached."""

    def __init__(self, budget: int):
        self.budget, self.used, self.t = budget, 0, math.nan

    def spend(self, t: float) -> None:
        self.used += 1
        self.t = t
        if self.used > self.budget:
            raise _OutOfBudgetError

    @property
    def left(self) -> int:
        return max(self.budget - self.used, 1)


class _Result:
    def __init__(self, states, end, nfev, fallback=False):
        self.states, self.end, self.nfev, self.fallback = states, end, nfev, fallback


class _Run:
    """What every piece of one run shares: the code, the inputs, the meter, tolerances."""

    def __init__(self, compiled, drive: Drive, meter: _Meter, rtol: float, atol: float):
        self.compiled, self.drive, self.meter = compiled, drive, meter
        self.rtol, self.atol = rtol, atol

    def integrate(self, edges: np.ndarray, times: np.ndarray, y, method: str):
        """States at ``times``, piece by piece between ``edges``, and the solver's record."""
        states = np.empty((len(y), times.size))
        nfev, fallback = 0, False
        starts = np.searchsorted(times, edges, side="left")
        starts[-1] = times.size  # the last piece includes its end
        for k, p in enumerate(self.drive.parameters_per_piece(edges)):
            inside = slice(starts[k], starts[k + 1])
            piece = _Piece(self, edges[k], edges[k + 1], times[inside], y, p)
            try:
                result = piece.integrate(method)
            except _OutOfBudgetError:
                asked = f"{times.size:,} output times, {len(edges) - 1:,} input piece(s)"
                span = (float(edges[0]), float(edges[-1]))
                raise BudgetExceededError(self.meter.budget, self.meter.t, span, asked) from None
            states[:, inside] = result.states
            y, nfev, fallback = result.end, nfev + result.nfev, fallback or result.fallback
        solver = {"method": method, "nfev": nfev, "fallback": fallback}
        return states, {**solver, "evaluations": self.meter.used}


class _Piece:
    """One segment ``[a, b]`` between input breakpoints, integrated from state ``y``.

    ``p`` is the constant parameter vector of the piece, or None when inputs vary inside
    it. Every evaluation of the rates or the Jacobian is charged to the run's meter.
    """

    def __init__(self, run: _Run, a, b, times, y, p):
        self.compiled, self.drive, self.meter = run.compiled, run.drive, run.meter
        self.rtol, self.atol = run.rtol, run.atol
        self.a, self.b, self.times, self.y, self.p = a, b, times, y, p
        # inputs that vary inside the piece are smooth there, and continued to its end b by
        # their value just before b (not by the jump at b)
        self.before_b = float(np.nextafter(b, -np.inf))
        self.t_last = a

    def rhs(self, t, y):
        self.meter.spend(t)
        self.t_last = t
        return self.compiled.rhs(t, y, self.p or self.drive.at(min(t, self.before_b)))

    def jac(self, t, y):
        self.meter.spend(t)
        return self.compiled.jacobian(t, y, self.p or self.drive.at(min(t, self.before_b)))

    def integrate(self, method: str) -> _Result:
        try:
            return self._integrate(method)
        except _ARITHMETIC as exc:
            if isinstance(exc, IntimacyDynamicsError):
                raise
            raise IntegrationError(
                f"integration failed at t = {self.t_last:g}: the rates could not be evaluated "
                f"({type(exc).__name__}: {exc}). A state probably grew without bound; check "
                "the parameters.",
                t_reached=self.t_last,
            ) from None

    def _integrate(self, method: str) -> _Result:
        if method == "auto":
            try:
                return self._lsoda()
            except (IntegrationError, *_ARITHMETIC):
                result = self._solve_ivp("Radau")
                result.fallback = True
                return result
        return self._solve_ivp(method)

    def _lsoda(self) -> _Result:
        grid = np.concatenate(([self.a], self.times, [self.b]))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            solution, info = odeint(
                y0=self.y,
                t=grid,
                func=self.rhs,
                Dfun=self.jac,
                tfirst=True,
                rtol=self.rtol,
                atol=self.atol,
                full_output=True,
                mxstep=min(self.meter.left, 2**31 - 1),  # the budget is the limit
                tcrit=[self.b],
            )
        if info["message"] != "Integration successful." or not np.all(np.isfinite(solution)):
            reached = float(info["tcur"][-1]) if len(info["tcur"]) else self.a
            raise IntegrationError(f"LSODA failed: {info['message']}", t_reached=reached)
        return _Result(solution[1:-1].T, solution[-1], int(info["nfe"][-1]))

    def _solve_ivp(self, method: str) -> _Result:
        options = {"jac": self.jac} if method in _STIFF else {}
        with np.errstate(all="ignore"):
            sol = solve_ivp(
                self.rhs,
                (self.a, self.b),
                self.y,
                method=method,
                dense_output=True,
                rtol=self.rtol,
                atol=self.atol,
                **options,
            )
        if sol.status != 0 or not np.all(np.isfinite(sol.y)):
            reached = float(sol.t[-1])
            why = sol.message if sol.status != 0 else "a state became NaN or infinite"
            raise IntegrationError(
                f"integration with {method} failed at t = {reached:g} (asked for "
                f"[{self.a:g}, {self.b:g}]): {why}. Check the parameters, or try a tighter "
                "tolerance or a stiff method such as 'Radau'.",
                t_reached=reached,
            )
        states = sol.sol(self.times) if self.times.size else np.empty((len(self.y), 0))
        return _Result(states, sol.y[:, -1], sol.nfev)
