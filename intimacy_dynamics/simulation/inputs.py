"""Inputs over time, as data: pulses, holds and piecewise schedules that drive parameters.

Any parameter of a model can be driven by a signal for one simulation, without writing
a new model: ``simulate(model, inputs={"stress": Pulse(start=20, duration=5,
amplitude=0.8)})``. A signal maps time and the parameter's baseline value (from the
parameter set) to the value in force at that time. Signals also report

* their **breakpoints**, where the value jumps, so the simulator restarts the solver
  there instead of stepping blindly across a discontinuity; and
* their **value range** for a baseline, so a signal that would push a parameter outside
  its hard bounds is rejected before integrating.

Signals are immutable and serialize to plain dicts (``to_dict`` / :func:`signal_from_dict`)
for scenario files; nothing in a file is ever evaluated.

Every breakpoint restarts the solver, and a sum's value is the sum of its parts' at every
evaluation of the rates, so signals are bounded: a schedule has at most
:data:`MAX_SEGMENTS` times and a sum of signals at most :data:`MAX_PARTS` parts and
:data:`MAX_SEGMENTS` breakpoints. Past a limit, building the signal raises a clear error
(before any per-value work). At the limits, evaluation stays fast: a schedule finds the
segment of a time by bisection, and the simulator evaluates a piecewise-constant input
once per segment, all segments at once.
"""

from __future__ import annotations

import bisect
import math
from abc import ABC, abstractmethod
from dataclasses import asdict, dataclass, fields
from itertools import pairwise

import numpy as np

from intimacy_dynamics.core.validation import as_finite_float, check_count, describe, type_name
from intimacy_dynamics.errors import BadInputError

__all__ = [
    "MAX_PARTS",
    "MAX_SEGMENTS",
    "Hold",
    "Pulse",
    "Schedule",
    "Signal",
    "SumOfSignals",
    "signal_from_dict",
]

#: Most times in a schedule, and most breakpoints of a sum of signals: a value a day for
#: 27 years. Each breakpoint restarts the solver, so this also bounds a run's restarts.
MAX_SEGMENTS = 10_000
#: Most parts of a sum of signals: a stressor a day for three months. Each part is
#: evaluated at every evaluation of the rates when the input is not piecewise constant.
MAX_PARTS = 100


class Signal(ABC):
    """A parameter's value as a function of time.

    Subclasses implement :meth:`value`, :meth:`breakpoints` and :meth:`value_range`,
    and are frozen dataclasses (so ``to_dict`` and equality come for free).
    """

    @abstractmethod
    def value(self, t, baseline: float):
        """The parameter's value at time(s) ``t`` (float or array) given its baseline."""

    @abstractmethod
    def breakpoints(self) -> tuple[float, ...]:
        """Times at which the value jumps."""

    @abstractmethod
    def value_range(self, baseline: float) -> tuple[float, float]:
        """The smallest and largest value the signal takes for ``baseline``."""

    @property
    def piecewise_constant(self) -> bool:
        """True when the value is constant between breakpoints (evaluated once per piece)."""
        return True

    def __add__(self, other: Signal) -> SumOfSignals:
        if not isinstance(other, Signal):
            return NotImplemented
        return SumOfSignals((self, other))

    def to_dict(self) -> dict:
        """A plain dict with a ``"type"`` key, for JSON."""
        return {"type": type(self).__name__, **asdict(self)}


@dataclass(frozen=True)
class Pulse(Signal):
    """Add ``amplitude`` to the baseline from ``start`` for ``duration`` time units.

    With ``shape="exponential"`` the added amount starts at ``amplitude`` and decays with
    time constant ``duration`` instead of stopping.

    Examples
    --------
    >>> pulse = Pulse(start=10, duration=5, amplitude=0.5)
    >>> pulse.value(np.array([9.0, 10.0, 14.9, 15.0]), baseline=0.1)
    array([0.1, 0.6, 0.6, 0.1])
    >>> pulse.breakpoints()
    (10.0, 15.0)
    """

    start: float
    duration: float
    amplitude: float
    shape: str = "box"

    def __post_init__(self):
        object.__setattr__(self, "start", as_finite_float(self.start, "Pulse start"))
        duration = as_finite_float(self.duration, "Pulse duration", (0, math.inf))
        if duration == 0:
            raise BadInputError("Pulse duration = 0 must be positive (allowed range (0, inf))")
        object.__setattr__(self, "duration", duration)
        object.__setattr__(self, "amplitude", as_finite_float(self.amplitude, "Pulse amplitude"))
        if self.shape not in ("box", "exponential"):
            raise BadInputError(f"Pulse shape = {self.shape!r} must be 'box' or 'exponential'")

    def value(self, t, baseline: float):
        if isinstance(t, float | int):  # the solver's path: one time, no arrays
            return baseline + self._added(t)
        t = np.asarray(t, dtype=float)
        after = t >= self.start
        if self.shape == "box":
            on = after & (t < self.start + self.duration)
            added = np.where(on, self.amplitude, 0.0)
        else:
            elapsed = np.where(after, t - self.start, 0.0)
            added = np.where(after, self.amplitude * np.exp(-elapsed / self.duration), 0.0)
        return baseline + (added if added.ndim else float(added))

    def _added(self, t: float) -> float:
        if t < self.start:
            return 0.0
        if self.shape == "box":
            return self.amplitude if t < self.start + self.duration else 0.0
        return self.amplitude * math.exp(-(t - self.start) / self.duration)

    def breakpoints(self) -> tuple[float, ...]:
        if self.shape == "box":
            return (self.start, self.start + self.duration)
        return (self.start,)

    def value_range(self, baseline: float) -> tuple[float, float]:
        ends = (baseline, baseline + self.amplitude)
        return min(ends), max(ends)

    @property
    def piecewise_constant(self) -> bool:
        return self.shape == "box"


@dataclass(frozen=True)
class Hold(Signal):
    """Hold the parameter at ``level`` from ``start`` for ``duration``, then let it go.

    A pulse adds to whatever the baseline is; a hold sets the value, so it means the
    same whatever the baseline: a fear set aside for two days is 0 for those days, however
    afraid the person was before.

    Examples
    --------
    >>> aside = Hold(start=30, duration=2, level=0.0)
    >>> aside.value(np.array([29.0, 30.0, 31.9, 32.0]), baseline=0.9)
    array([0.9, 0. , 0. , 0.9])
    >>> aside.value_range(0.9)
    (0.0, 0.9)
    """

    start: float
    duration: float
    level: float

    def __post_init__(self):
        object.__setattr__(self, "start", as_finite_float(self.start, "Hold start"))
        duration = as_finite_float(self.duration, "Hold duration", (0, math.inf))
        if duration == 0:
            raise BadInputError("Hold duration = 0 must be positive (allowed range (0, inf))")
        object.__setattr__(self, "duration", duration)
        object.__setattr__(self, "level", as_finite_float(self.level, "Hold level"))

    def value(self, t, baseline: float):
        if isinstance(t, float | int):  # the solver's path: one time, no arrays
            return self.level if self.start <= t < self.start + self.duration else baseline
        t = np.asarray(t, dtype=float)
        held = np.where((t >= self.start) & (t < self.start + self.duration), self.level, baseline)
        return held if held.ndim else float(held)

    def breakpoints(self) -> tuple[float, ...]:
        return (self.start, self.start + self.duration)

    def value_range(self, baseline: float) -> tuple[float, float]:
        return min(baseline, self.level), max(baseline, self.level)


@dataclass(frozen=True)
class Schedule(Signal):
    """A piecewise-constant value: ``values[i]`` from ``times[i]`` until ``times[i+1]``.

    Before ``times[0]`` the parameter keeps its baseline; the last value lasts forever.

    Examples
    --------
    >>> turns = Schedule(times=(0, 5, 10), values=(1.0, 0.0, 1.0))
    >>> turns.value(np.array([-1.0, 0.0, 7.0, 12.0]), baseline=0.5)
    array([0.5, 1. , 0. , 1. ])
    >>> Schedule.alternating(period=2.0, n_turns=2, first=1.0, second=0.0)
    Schedule(times=(0.0, 2.0, 4.0, 6.0), values=(1.0, 0.0, 1.0, 0.0))
    """

    times: tuple[float, ...]
    values: tuple[float, ...]

    def __post_init__(self):
        times = _sequence(self.times, "Schedule times")
        values = _sequence(self.values, "Schedule values")
        if not times or len(times) != len(values):
            raise BadInputError(
                f"Schedule needs as many values as times, and at least one "
                f"(got {len(times)} times, {len(values)} values)"
            )
        times = tuple(as_finite_float(t, f"Schedule time {k}") for k, t in enumerate(times))
        values = tuple(as_finite_float(v, f"Schedule value {k}") for k, v in enumerate(values))
        if any(b <= a for a, b in pairwise(times)):
            raise BadInputError(f"Schedule times {describe(times)} must be strictly increasing")
        object.__setattr__(self, "times", times)
        object.__setattr__(self, "values", values)

    @classmethod
    def alternating(
        cls, period: float, n_turns: int, first: float = 1.0, second: float = 0.0, start=0.0
    ) -> Schedule:
        """Alternate between ``first`` and ``second`` every ``period``, for ``n_turns`` each.

        The last switch returns to ``second`` for good.
        """
        period = as_finite_float(period, "Schedule period", (0, math.inf))
        if period == 0:
            raise BadInputError("Schedule.alternating needs period > 0 (got period=0)")
        n_turns = check_count(n_turns, "Schedule.alternating n_turns", 1, MAX_SEGMENTS // 2)
        start = as_finite_float(start, "Schedule start")
        times = tuple(start + period * k for k in range(2 * n_turns))
        values = tuple(first if k % 2 == 0 else second for k in range(2 * n_turns))
        return cls(times=times, values=values)

    def value(self, t, baseline: float):
        if isinstance(t, float | int):  # the solver's path: bisection, no arrays
            index = bisect.bisect_right(self.times, t)
            return baseline if index == 0 else self.values[index - 1]
        t = np.asarray(t, dtype=float)
        index = np.searchsorted(np.asarray(self.times), t, side="right") - 1
        table = np.asarray((baseline, *self.values))
        result = table[index + 1]
        return result if result.ndim else float(result)

    def breakpoints(self) -> tuple[float, ...]:
        return self.times

    def value_range(self, baseline: float) -> tuple[float, float]:
        return min(baseline, *self.values), max(baseline, *self.values)


@dataclass(frozen=True)
class SumOfSignals(Signal):
    """Several signals at once: their departures from the baseline add up.

    Examples
    --------
    >>> both = Pulse(1, 1, 0.2) + Pulse(3, 1, 0.3)
    >>> both.value(np.array([1.5, 3.5]), baseline=0.0)
    array([0.2, 0.3])
    """

    parts: tuple[Signal, ...]

    def __post_init__(self):
        parts = _sequence(self.parts, "SumOfSignals parts", MAX_PARTS)
        flat = []
        for part in parts:
            if not isinstance(part, Signal):
                raise BadInputError(f"SumOfSignals parts must be signals, not {describe(part)}")
            flat.extend(part.parts if isinstance(part, SumOfSignals) else (part,))
        if not flat or len(flat) > MAX_PARTS:
            raise BadInputError(
                f"SumOfSignals needs 1 to {MAX_PARTS} parts, not {len(flat)}; write many "
                "steps as one Schedule"
            )
        object.__setattr__(self, "parts", tuple(flat))
        count = len(self.breakpoints())
        if count > MAX_SEGMENTS:
            raise BadInputError(
                f"SumOfSignals has {count:,} breakpoints, more than the limit of {MAX_SEGMENTS:,}"
            )

    def value(self, t, baseline: float):
        return baseline + sum(part.value(t, baseline) - baseline for part in self.parts)

    @property
    def piecewise_constant(self) -> bool:
        return all(part.piecewise_constant for part in self.parts)

    def breakpoints(self) -> tuple[float, ...]:
        return tuple(sorted({b for part in self.parts for b in part.breakpoints()}))

    def value_range(self, baseline: float) -> tuple[float, float]:
        # Every part is constant or decaying between its breakpoints, so the sum takes its
        # extremes at a breakpoint, just before one, or far from all of them (baseline).
        points = np.asarray(self.breakpoints())
        if points.size == 0:
            return baseline, baseline
        gaps = np.diff(points)
        before = points - np.concatenate(([1.0], gaps)) * 1e-9
        values = self.value(np.concatenate((points, before)), baseline)
        return float(min(values.min(), baseline)), float(max(values.max(), baseline))

    def __add__(self, other: Signal) -> SumOfSignals:
        if not isinstance(other, Signal):
            return NotImplemented
        return SumOfSignals((*self.parts, other))

    def to_dict(self) -> dict:
        return {"type": "SumOfSignals", "parts": [part.to_dict() for part in self.parts]}


_SIGNAL_TYPES = {cls.__name__: cls for cls in (Pulse, Hold, Schedule)}


def signal_from_dict(data: object) -> Signal:
    """Rebuild a signal from :meth:`Signal.to_dict` output (data only, never evaluated).

    Examples
    --------
    >>> signal_from_dict(Pulse(2, 1, 0.5).to_dict())
    Pulse(start=2.0, duration=1.0, amplitude=0.5, shape='box')
    >>> signal_from_dict({"type": "Explode"})
    Traceback (most recent call last):
    ...
    intimacy_dynamics.errors.BadInputError: unknown signal type 'Explode'; known: ...
    """
    if not isinstance(data, dict):
        raise BadInputError(f"a signal must be a JSON object, not {type(data).__name__}")
    kind = data.get("type")
    if kind == "SumOfSignals":
        parts = data.get("parts")
        if not isinstance(parts, list) or not parts:
            raise BadInputError("SumOfSignals needs a non-empty list 'parts'")
        _sequence(parts, "SumOfSignals parts", MAX_PARTS)
        return SumOfSignals(tuple(signal_from_dict(part) for part in parts))
    if not isinstance(kind, str) or kind not in _SIGNAL_TYPES:
        known = ", ".join([*_SIGNAL_TYPES, "SumOfSignals"])
        raise BadInputError(f"unknown signal type {describe(kind)}; known: {known}")
    cls = _SIGNAL_TYPES[kind]
    allowed = {f.name for f in fields(cls)}
    arguments = {k: v for k, v in data.items() if k != "type"}
    if set(arguments) - allowed:
        unknown = ", ".join(sorted(map(describe, set(arguments) - allowed)))
        raise BadInputError(f"{kind} takes the fields {sorted(allowed)}, not {unknown}")
    if kind == "Schedule":
        for key in ("times", "values"):
            if key in arguments and not isinstance(arguments[key], list | tuple):
                raise BadInputError(
                    f"Schedule {key} must be a list [...], not {type_name(arguments[key])}"
                )
    try:
        return cls(**arguments)
    except TypeError as exc:
        raise BadInputError(f"{kind} fields are incomplete: {exc}") from None


def _sequence(values: object, what: str, limit: int = MAX_SEGMENTS) -> tuple:
    """``values`` as a tuple, refused unless a sequence of at most ``limit`` items."""
    if isinstance(values, str | bytes) or not hasattr(values, "__len__"):
        raise BadInputError(f"{what} must be a sequence of numbers, not {describe(values)}")
    if len(values) > limit:
        raise BadInputError(f"{what} has {len(values):,} items, more than the limit of {limit:,}")
    return tuple(values)
