"""Integrate a model over time: :func:`simulate`.

Method ``"auto"`` (the default) is built for the slider path: LSODA (``scipy``'s
``odeint``, compiled Fortran) on the generated ``math``-module right-hand side. LSODA
starts with non-stiff Adams steps and switches by itself to BDF, with the model's exact
Jacobian, when the problem turns stiff. If it still fails, the segment is re-integrated
with Radau and the exact Jacobian; if that fails too, :class:`IntegrationError` says
where and why. A run never ends as a silent partial result.

Input signals split the span at their breakpoints, and each piece is integrated from a
fresh start, so jumps in a parameter are resolved exactly.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Mapping

import numpy as np
from scipy.integrate import odeint, solve_ivp

from intimacy_dynamics.core.validation import as_finite_float, check_known_name, format_range
from intimacy_dynamics.errors import (
    BadInputError,
    IntegrationError,
    IntimacyDynamicsError,
    ParameterError,
)
from intimacy_dynamics.simulation.inputs import Pulse, Schedule, Signal, SumOfSignals
from intimacy_dynamics.simulation.trajectory import Trajectory

__all__ = ["METHODS", "simulate"]

METHODS = ("auto", "LSODA", "RK45", "RK23", "DOP853", "Radau", "BDF")
_STIFF = ("Radau", "BDF", "LSODA")
_MAX_STEPS = 20_000
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
) -> Trajectory:
    """Simulate ``model`` and return a :class:`Trajectory`.

    Parameters
    ----------
    model : Model
        The model to integrate (compiled on first use, then cached).
    t_span : (float, float), optional
        Start and end time; defaults to ``model.t_span``.
    params : mapping or ParamSet, optional
        Parameter values by name; missing names take their defaults.
    y0 : mapping or sequence, optional
        Initial state by name (missing names take their defaults) or one value per state.
    t_eval : array_like, optional
        Output times, increasing, inside ``t_span``. Defaults to ``n_points`` evenly
        spaced times.
    inputs : mapping of str to Signal, optional
        Parameters driven over time, e.g. ``{"stress": Pulse(20, 5, 0.8)}``.
    method : str
        ``"auto"`` (see the module docstring) or a :func:`scipy.integrate.solve_ivp`
        method name: ``"LSODA"``, ``"RK45"``, ``"RK23"``, ``"DOP853"``, ``"Radau"``,
        ``"BDF"`` (the implicit ones get the exact Jacobian).
    rtol, atol : float
        Relative and absolute tolerances.
    n_points : int
        Number of output times when ``t_eval`` is not given.
    check_bounds : bool
        Raise if a state leaves its declared range by more than the integration
        tolerance (a sign that the model's equations are wrong).

    Returns
    -------
    Trajectory

    Raises
    ------
    ParameterError, StateError, BadInputError
        For unknown names and out-of-range values, naming the quantity and the range.
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
    """
    compiled = model.compile()
    param_set = model.params(params)
    y_start = np.array(model.initial_state(y0), dtype=float)
    t0, t1 = _check_span(model.t_span if t_span is None else t_span)
    times = _check_t_eval(t_eval, t0, t1, n_points)
    rtol = as_finite_float(rtol, "rtol", (1e-13, 0.1))
    atol = as_finite_float(atol, "atol", (1e-15, 1.0))
    if method not in METHODS:
        raise BadInputError(f"method = {method!r} is not one of {', '.join(METHODS)}")
    drive = _Drive(model, param_set, inputs or {})

    states = np.empty((len(y_start), times.size))
    y = y_start
    nfev, fallback = 0, False
    for a, b, last in drive.segments(t0, t1):
        inside = (times >= a) & ((times <= b) if last else (times < b))
        piece = _Piece(compiled, drive, a, b, times[inside], y, rtol, atol)
        result = piece.integrate(method)
        states[:, inside] = result.states
        y, nfev, fallback = result.end, nfev + result.nfev, fallback or result.fallback

    if check_bounds:
        _check_states(model, times, states, rtol)
    solver = {"method": method, "nfev": nfev, "fallback": fallback}
    return Trajectory(model, times, states, param_set, drive.signals, solver)


# ---------------------------------------------------------------------- checks
def _check_span(t_span) -> tuple[float, float]:
    try:
        t0, t1 = t_span
    except (TypeError, ValueError):
        raise BadInputError(f"t_span = {t_span!r} must be a pair (t0, t1)") from None
    t0 = as_finite_float(t0, "t_span start")
    t1 = as_finite_float(t1, "t_span end", (t0, math.inf))
    if t1 == t0:
        raise BadInputError(f"t_span = ({t0:g}, {t1:g}) is empty: the end must exceed the start")
    return t0, t1


def _check_t_eval(t_eval, t0: float, t1: float, n_points) -> np.ndarray:
    if t_eval is None:
        if isinstance(n_points, bool) or not isinstance(n_points, int) or n_points < 2:
            raise BadInputError(f"n_points = {n_points!r} must be an integer >= 2")
        return np.linspace(t0, t1, n_points)
    try:
        times = np.asarray(t_eval, dtype=float).ravel()
    except (TypeError, ValueError):
        raise BadInputError("t_eval must be a sequence of numbers") from None
    if times.size == 0 or not np.all(np.isfinite(times)):
        raise BadInputError("t_eval must be a non-empty sequence of finite times")
    if np.any(np.diff(times) <= 0):
        raise BadInputError("t_eval must be strictly increasing")
    if times[0] < t0 or times[-1] > t1:
        raise BadInputError(
            f"t_eval runs from {times[0]:g} to {times[-1]:g}, outside t_span [{t0:g}, {t1:g}]"
        )
    return times


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
class _Drive:
    """The parameter vector over time: baselines from the set, some driven by signals."""

    def __init__(self, model, param_set, signals: Mapping[str, Signal]):
        self.names = model.param_names
        self.baseline = param_set.as_list()
        self.signals: dict[str, Signal] = {}
        self._driven: list[tuple[int, Signal]] = []
        for name, signal in signals.items():
            check_known_name(name, self.names, "parameter", model.name, ParameterError)
            if not isinstance(signal, Signal):
                raise BadInputError(
                    f"input for parameter {name!r} must be a Signal (Pulse, Schedule, ...), "
                    f"not {type(signal).__name__}"
                )
            index = self.names.index(name)
            lo, hi = signal.value_range(self.baseline[index])
            low, high = model.param_specs[name].bounds
            if lo < low or hi > high:
                extreme = lo if lo < low else hi
                raise ParameterError(
                    f"input for parameter {name!r} reaches {extreme:g}, outside its allowed "
                    f"range {format_range((low, high))}"
                )
            self.signals[name] = signal
            self._driven.append((index, signal))
        self.piecewise_constant = all(_is_piecewise_constant(s) for s in self.signals.values())

    def segments(self, t0: float, t1: float):
        """Yield ``(a, b, is_last)`` pieces of ``[t0, t1]`` split at the breakpoints."""
        cuts = sorted({b for s in self.signals.values() for b in s.breakpoints() if t0 < b < t1})
        edges = [t0, *cuts, t1]
        for k in range(len(edges) - 1):
            yield edges[k], edges[k + 1], k == len(edges) - 2

    def at(self, t: float) -> list[float]:
        """Parameter values in force at time ``t``."""
        values = list(self.baseline)
        for index, signal in self._driven:
            values[index] = signal.value(t, self.baseline[index])
        return values


def _is_piecewise_constant(signal: Signal) -> bool:
    if isinstance(signal, SumOfSignals):
        return all(_is_piecewise_constant(part) for part in signal.parts)
    return isinstance(signal, Schedule) or (isinstance(signal, Pulse) and signal.shape == "box")


# ------------------------------------------------------------------ integration
class _Result:
    def __init__(self, states, end, nfev, fallback=False):
        self.states, self.end, self.nfev, self.fallback = states, end, nfev, fallback


class _Piece:
    """One segment ``[a, b]`` between input breakpoints, integrated from state ``y``."""

    def __init__(self, compiled, drive: _Drive, a, b, times, y, rtol, atol):
        self.compiled, self.drive = compiled, drive
        self.a, self.b, self.times, self.y = a, b, times, y
        self.rtol, self.atol = rtol, atol
        # inside the open segment a piecewise-constant drive is constant; another is smooth
        # there and continued to the end b by its value just before b (not the jump at b)
        self.p = drive.at(0.5 * (a + b)) if drive.piecewise_constant else None
        self.before_b = float(np.nextafter(b, -np.inf))
        self.t_last = a

    def rhs(self, t, y):
        self.t_last = t
        return self.compiled.rhs(t, y, self.p or self.drive.at(min(t, self.before_b)))

    def jac(self, t, y):
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
        if self.p is not None:  # constant parameters: call the generated code directly
            functions = {
                "func": self.compiled.rhs,
                "Dfun": self.compiled.jacobian,
                "args": (self.p,),
            }
        else:
            functions = {"func": self.rhs, "Dfun": self.jac}
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            solution, info = odeint(
                y0=self.y,
                t=grid,
                tfirst=True,
                **functions,
                rtol=self.rtol,
                atol=self.atol,
                full_output=True,
                mxstep=_MAX_STEPS,
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
