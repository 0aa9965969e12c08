r"""Noisy runs: the model's declared noise, integrated with a fixed-step scheme.

The stochastic differential equation
------------------------------------
A model that declares :class:`~intimacy_dynamics.Noise` intensities runs, with
``simulate(..., noise=True)``, as the Itô SDE

.. math:: dx_i = f_i(t, x)\,dt + \sigma_{k(i)}\, s_i(x_i)\, dW_i

for every state :math:`x_i` that a noise intensity :math:`\sigma_{k(i)}` drives, with one
Wiener process :math:`W_i` per driven state (diagonal noise); the other states follow
their rates. The shape :math:`s_i` (:func:`~intimacy_dynamics.core.model.bounded_shape`)
vanishes at the state's finite bounds: :math:`(x-l)(h-x)/(h-l)` in :math:`[l, h]`,
:math:`x-l` above :math:`l`, :math:`h-x` below :math:`h`, and 1 (additive noise) without
bounds.

The scheme: Lamperti transform, then Euler–Maruyama
---------------------------------------------------
Each driven state is mapped onto the whole real line by :math:`z = \varphi(x)` with
:math:`\varphi' = 1/s` (a :class:`RangeMap`: the logit for a bounded range, a logarithm
for a half-line, the identity without bounds). By Itô's formula

.. math:: dz = \Big(\frac{f(t, x)}{s(x)} - \frac{\sigma^2}{2}\, s'(x)\Big)\,dt + \sigma\,dW,

an SDE with **additive** noise, which is stepped with Euler–Maruyama; undriven states
take explicit Euler steps. For additive noise Euler–Maruyama has strong order 1 and
weak order 1 (Kloeden & Platen 1992, *Numerical Solution of Stochastic Differential
Equations*, sections 10.2 and 14.1; the strong order 1 holds because the scheme then
coincides with Milstein's); :math:`x = \varphi^{-1}(z)` is smooth, so the same orders
hold for the states themselves. ``tests/noise`` measures both.

Near a bound the transformed drift grows without limit (a rate that pushes a state off
its bound, divided by a shape that vanishes there), which an explicit step can
overshoot. The drift :math:`b` of the transformed states is therefore *tamed*
(Hutzenthaler, Jentzen & Kloeden 2012, *Ann. Appl. Probab.* 22, 1611–1641): a step adds
:math:`h\,b/(1 + h|b|)`, which differs from :math:`h\,b` by :math:`O(h^2 b^2)`, so
the order is kept where the drift is moderate, and a step can never jump by more than
one unit of :math:`z` through its drift.

Bounds are kept with no clipping and no rejected steps: every finite :math:`z` maps to a
point strictly inside the range (a state that comes within rounding of a bound shows the
bound itself). A noisy run therefore cannot start a driven state exactly on a bound; it
is refused with a message naming the state. An undriven state is as safe as explicit
Euler on the model's rates; ``simulate`` checks every state against its range.

Steps and streams
-----------------
The step is fixed: ``dt``, shortened so that every output time (and every breakpoint of
an input) falls on a step; by default :meth:`~intimacy_dynamics.Model.default_dt`.
One step costs one evaluation of the rates, so a ``dt`` that would need more steps than
the run's budget is refused before any work. Each ensemble member ``i`` draws its normal
increments from its own generator, spawned from one :class:`numpy.random.SeedSequence`
as child ``i`` (:func:`member_stream`), so a member's path depends only on the seed and
``i``: not on the chunk it runs in nor on the executor. A single run is member 0.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from scipy.special import expit

from intimacy_dynamics.core.params import NoiseSet
from intimacy_dynamics.core.validation import as_finite_float, describe
from intimacy_dynamics.errors import BadInputError, ParameterError, StateError

__all__ = [
    "RANGE_MAPS",
    "NoisePlan",
    "RangeMap",
    "check_dt",
    "integrate_sde",
    "member_stream",
    "noise_values",
    "seed_sequence",
]

#: Most normal increments held in memory at once, per chunk of members.
_DRAW_NUMBERS = 1 << 20


# ------------------------------------------------------------------ the transforms
@dataclass(frozen=True)
class RangeMap:
    r"""The Lamperti transform of one kind of range, written once as data.

    ``z = to_line(x, lo, hi)`` maps the range onto the real line with
    :math:`dz/dx = 1/s(x)`; ``local(z, lo, hi)`` returns, for the transformed values, the
    state :math:`x`, the shape :math:`s(x)` and its slope :math:`s'(x)`, computed from
    ``z`` (so the shape never rounds to zero at a bound). Both act elementwise on arrays.

    Examples
    --------
    >>> unit = RANGE_MAPS["interval"]
    >>> z = unit.to_line(np.array([0.25]), 0.0, 1.0)
    >>> [float(v[0]) for v in unit.local(z, 0.0, 1.0)]
    [0.25, 0.1875, 0.5]
    """

    name: str
    to_line: Callable
    local: Callable


def _interval_local(z, lo, hi):
    up = expit(z)  # (x - lo) / (hi - lo)
    down = expit(-z)  # (hi - x) / (hi - lo), exact where up rounds to 1
    return lo + (hi - lo) * up, (hi - lo) * up * down, down - up


def _above_local(z, lo, hi):
    gap = np.exp(z)
    return lo + gap, gap, np.ones_like(z)


def _below_local(z, lo, hi):
    gap = np.exp(-z)
    return hi - gap, gap, -np.ones_like(z)


def _line_local(z, lo, hi):
    return z.copy(), np.ones_like(z), np.zeros_like(z)


#: The transform of each kind of range: logit, logarithm of the distance to the one
#: bound, identity.
RANGE_MAPS = {
    "interval": RangeMap(
        "interval", lambda x, lo, hi: np.log(x - lo) - np.log(hi - x), _interval_local
    ),
    "above": RangeMap("above", lambda x, lo, hi: np.log(x - lo), _above_local),
    "below": RangeMap("below", lambda x, lo, hi: -np.log(hi - x), _below_local),
    "line": RangeMap("line", lambda x, lo, hi: np.array(x, dtype=float), _line_local),
}


def _range_kind(bounds: tuple[float, float]) -> str:
    lo, hi = (math.isfinite(b) for b in bounds)
    return {(True, True): "interval", (True, False): "above", (False, True): "below"}.get(
        (lo, hi), "line"
    )


class NoisePlan:
    """Which states the noise drives, with what intensity, through which transform.

    Built from a model and its noise intensities (a :class:`NoiseSet`, or per-member
    arrays of them); groups the driven rows by kind of range so every step is a few
    array operations.

    Examples
    --------
    >>> import sympy, intimacy_dynamics as idyn
    >>> x = sympy.Symbol("x")
    >>> model = idyn.Model.from_equations({x: -x}, states={"x": idyn.State(0.5, bounds=(0, 1))},
    ...                                   noise={"wobble": idyn.Noise(0.2, drives="x")})
    >>> plan = NoisePlan(model, model.noise())
    >>> plan.rows.tolist(), plan.sigma.ravel().tolist()
    ([0], [0.2])
    """

    def __init__(self, model, noise: Mapping[str, object]):
        names = model.state_names
        targets = model.noise_targets()
        self.rows = np.array([names.index(s) for s in targets], dtype=int)
        self.sigma = np.array(
            [np.broadcast_to(noise[n], np.shape(noise[n])) for n in targets.values()], dtype=float
        )
        if self.sigma.ndim == 1:
            self.sigma = self.sigma[:, None]
        self.groups: list[tuple[RangeMap, np.ndarray, np.ndarray, np.ndarray]] = []
        kinds = [_range_kind(model.state_specs[s].bounds) for s in targets]
        for kind, range_map in RANGE_MAPS.items():
            where = np.array([k for k, found in enumerate(kinds) if found == kind], dtype=int)
            if where.size:
                bounds = np.array([model.state_specs[list(targets)[k]].bounds for k in where])
                lo, hi = bounds[:, :1], bounds[:, 1:]
                if where.size == len(kinds):  # one kind for all: no indexing per step
                    where, lo, hi = None, float(lo[0, 0]), float(hi[0, 0])
                    if not np.all(bounds == bounds[0]):
                        where, lo, hi = np.arange(len(kinds)), bounds[:, :1], bounds[:, 1:]
                self.groups.append((range_map, where, lo, hi))
        self.driven_names = list(targets)

    @property
    def n_driven(self) -> int:
        """How many states the noise drives."""
        return len(self.rows)

    def to_line(self, x: np.ndarray) -> np.ndarray:
        """Driven states ``(n_driven, m)`` -> their transformed values ``z``."""
        z = np.empty_like(x)
        for range_map, where, lo, hi in self.groups:
            part = slice(None) if where is None else where
            z[part] = range_map.to_line(x[part], lo, hi)
        return z

    def local(self, z: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """For transformed values ``z``: the states, the shapes and their slopes."""
        if len(self.groups) == 1:
            range_map, _, lo, hi = self.groups[0]
            return range_map.local(z, lo, hi)
        x, s, ds = np.empty_like(z), np.empty_like(z), np.empty_like(z)
        for range_map, where, lo, hi in self.groups:
            x[where], s[where], ds[where] = range_map.local(z[where], lo, hi)
        return x, s, ds

    def check_start(self, model, y0: np.ndarray) -> None:
        """Refuse a driven state that starts on a bound (the transform sends it to infinity)."""
        for k, row in enumerate(self.rows):
            lo, hi = model.state_specs[self.driven_names[k]].bounds
            values = y0[row]
            on_bound = (values <= lo) | (values >= hi)
            if np.any(on_bound):
                value = float(values[np.argmax(on_bound)])
                raise StateError(
                    f"state {self.driven_names[k]!r} = {value:g} starts on a bound of its range "
                    f"[{lo:g}, {hi:g}]; a noisy run needs every noise-driven state strictly "
                    "inside its range (the noise vanishes on the bound)"
                )


# ------------------------------------------------------------------ choices of a run
def noise_values(model, noise) -> NoiseSet | None:
    """The noise intensities ``noise=`` asks for, validated; None for a deterministic run.

    ``None`` or ``False``: deterministic. ``True``: the declared defaults. A mapping:
    ``{intensity: value}``, the others at their defaults. A number: every default
    multiplied by it (``noise=0.5`` halves them all, ``noise=0`` is the deterministic
    model stepped with the fixed-step scheme).

    Examples
    --------
    >>> import sympy, intimacy_dynamics as idyn
    >>> x = sympy.Symbol("x")
    >>> model = idyn.Model.from_equations({x: -x}, states={"x": idyn.State(0.5, bounds=(0, 1))},
    ...     noise={"wobble": idyn.Noise(0.2, bounds=(0, 1), drives="x")})
    >>> noise_values(model, 2.0)["wobble"], noise_values(model, None)
    (0.4, None)
    >>> noise_values(model, {"wobbel": 0.1})
    Traceback (most recent call last):
    ...
    intimacy_dynamics.errors.ParameterError: unknown noise intensity 'wobbel' ...
    """
    if noise is None or noise is False:
        return None
    if not model.noise_names:
        raise BadInputError(
            f"noise = {describe(noise)}: {model.name} declares no noise intensities, so it has "
            "no noisy runs (declare Noise(...) quantities to give it some)"
        )
    if noise is True:
        return model.noise()
    if isinstance(noise, Mapping):
        return model.noise(noise)
    if isinstance(noise, bool | np.bool_) or not isinstance(noise, int | float | np.number):
        raise BadInputError(
            f"noise = {describe(noise)} must be None, True, False, a number (a factor on every "
            f"declared intensity) or a mapping {{intensity: value}} of {model.noise_names}"
        )
    factor = as_finite_float(noise, "noise (a factor on every declared intensity)", (0, math.inf))
    scaled = {name: factor * spec.default for name, spec in model.noise_specs.items()}
    try:
        return model.noise(scaled)
    except ParameterError as exc:
        raise ParameterError(f"noise = {factor:g} scales the defaults too far: {exc}") from None


def seed_sequence(seed) -> np.random.SeedSequence:
    """The root of a run's random streams, from ``seed=``.

    ``None`` draws fresh entropy (kept in the result, so the run can still be
    repeated); an ``int`` >= 0 or a :class:`~numpy.random.SeedSequence` is used as is; a
    :class:`~numpy.random.Generator` spawns a child (so successive runs given one
    generator differ, and a generator in the same state gives the same run).

    Examples
    --------
    >>> seed_sequence(42).entropy
    42
    >>> seed_sequence("42")
    Traceback (most recent call last):
    ...
    intimacy_dynamics.errors.BadInputError: seed = '42' must be None, an integer >= 0, ...
    """
    if seed is None:
        return np.random.SeedSequence()
    if isinstance(seed, np.random.SeedSequence):
        return seed
    if isinstance(seed, np.random.Generator):
        return seed.spawn(1)[0].bit_generator.seed_seq
    if isinstance(seed, int | np.integer) and not isinstance(seed, bool | np.bool_) and seed >= 0:
        return np.random.SeedSequence(int(seed))
    raise BadInputError(
        f"seed = {describe(seed)} must be None, an integer >= 0, a numpy SeedSequence or a "
        "numpy Generator"
    )


def member_stream(root: np.random.SeedSequence, member: int) -> np.random.Generator:
    """Member ``member``'s generator: child ``member`` of ``root``, as ``root.spawn`` makes it.

    Examples
    --------
    >>> root = np.random.SeedSequence(7)
    >>> a = member_stream(root, 3).standard_normal(2)
    >>> b = np.random.default_rng(np.random.SeedSequence(7).spawn(4)[3]).standard_normal(2)
    >>> bool(np.all(a == b))
    True
    """
    child = np.random.SeedSequence(
        root.entropy, spawn_key=(*root.spawn_key, int(member)), pool_size=root.pool_size
    )
    return np.random.Generator(np.random.PCG64(child))


def check_dt(dt, t_span: tuple[float, float], budget: int) -> float:
    """A fixed step inside ``(0, span]`` whose steps fit in ``budget`` evaluations.

    Examples
    --------
    >>> check_dt(0.01, (0, 100), 200_000)
    0.01
    >>> check_dt(1e-6, (0, 100), 200_000)
    Traceback (most recent call last):
    ...
    intimacy_dynamics.errors.BadInputError: dt = 1e-06 would take 100,000,000 steps over ...
    """
    span = float(t_span[1]) - float(t_span[0])
    dt = as_finite_float(dt, "dt", (0, span))
    if dt == 0:
        raise BadInputError(f"dt = 0 is outside its allowed range (0, {span:g}]")
    steps = math.ceil(span / dt)
    if steps > budget:
        raise BadInputError(
            f"dt = {dt:g} would take {steps:,} steps over t_span = ({t_span[0]:g}, "
            f"{t_span[1]:g}), more than the budget of {budget:,} evaluations of the rates: "
            f"use dt >= {span / budget:.3g}, or pass a larger budget="
        )
    return dt


# ------------------------------------------------------------------ the stepper
def step_grid(knots: np.ndarray, dt: float) -> np.ndarray:
    """Steps in each interval between ``knots``, each at most ``dt`` long.

    Examples
    --------
    >>> step_grid(np.array([0.0, 1.0, 1.25]), 0.1).tolist()
    [10, 3]
    """
    widths = np.diff(knots)
    return np.maximum(1, np.ceil(widths / dt * (1 - 1e-12))).astype(int)


@dataclass
class SDESolution:
    """States at the output times, and what the scheme did.

    ``y`` has shape ``(n_states, n_members, n_times)``, NaN for a member from the step at
    which its state stopped being finite (``failed``).
    """

    y: np.ndarray
    failed: np.ndarray
    steps: int


def integrate_sde(
    rates: Callable,
    y0: np.ndarray,
    times: np.ndarray,
    t0: float,
    dt: float,
    plan: NoisePlan,
    streams: Sequence[np.random.Generator],
    params_at: Callable[[float], list],
    breaks: Sequence[float] = (),
) -> SDESolution:
    """Step the SDE (see the module docstring) for every column of ``y0``.

    Parameters
    ----------
    rates : callable
        ``rates(t, x, p)`` -> ``(n_states, m)``, with ``x`` of shape ``(n_states, m)``.
    y0 : ndarray, shape (n_states, m)
    times : ndarray
        Increasing output times, each >= ``t0``.
    t0, dt : float
        Start, and the longest step.
    plan : NoisePlan
    streams : sequence of numpy Generators
        One per member (column of ``y0``).
    params_at : callable
        ``params_at(t)``: the parameter list in force from ``t`` (held over each step).
    breaks : sequence of float
        Times where inputs jump; steps end there.
    """
    n, m = y0.shape
    knots = np.unique(np.concatenate(([t0], times, [b for b in breaks if t0 < b < times[-1]])))
    counts = step_grid(knots, dt)
    out = np.empty((times.size, n, m))
    wanted = set(np.searchsorted(knots, times).tolist())
    z = y0.astype(float)
    rows = plan.rows
    z[rows] = plan.to_line(y0[rows])
    draws = _Draws(streams, plan.n_driven, int(counts.sum()))
    failed = np.zeros(m, dtype=bool)
    next_out = 0
    with np.errstate(all="ignore"):
        if 0 in wanted:
            out[next_out], next_out = y0, next_out + 1
        for k, count in enumerate(counts):
            a, h = knots[k], (knots[k + 1] - knots[k]) / count
            for i in range(count):
                z = _step(rates, z, a + i * h, h, plan, params_at, draws.next())
            x = _states(z, plan)
            broken = ~np.all(np.isfinite(x), axis=0) & ~failed
            if np.any(broken):
                failed |= broken
                z[:, failed] = np.nan
            if k + 1 in wanted:
                out[next_out], next_out = x, next_out + 1
    return SDESolution(np.moveaxis(out, 0, -1), failed, int(counts.sum()))


def _states(z: np.ndarray, plan: NoisePlan) -> np.ndarray:
    x = z.copy()
    x[plan.rows] = plan.local(z[plan.rows])[0]
    return x


def _step(rates, z, t, h, plan: NoisePlan, params_at, normals) -> np.ndarray:
    """One (tamed) Euler–Maruyama step of the transformed SDE."""
    rows, sigma = plan.rows, plan.sigma
    zd = z[rows]
    xd, s, ds = plan.local(zd)
    x = z.copy()
    x[rows] = xd
    f = rates(t, x, params_at(t))
    new = z + h * f  # explicit Euler for the undriven rows; the driven ones are replaced
    drift = f[rows] / s - 0.5 * sigma**2 * ds
    tamed = drift / (1 + h * np.abs(drift))  # the drift itself where h |drift| is small
    new[rows] = zd + h * tamed + sigma * math.sqrt(h) * normals
    return new


class _Draws:
    """Standard normals for every step, each member from its own stream, drawn in blocks.

    A member's numbers are the same whatever the block size (numpy's ``Generator``
    draws normals one after another with no carry-over between calls).
    """

    def __init__(self, streams, n_driven: int, n_steps: int):
        self.streams, self.n_driven, self.left = list(streams), n_driven, n_steps
        per_step = max(1, n_driven * len(self.streams))
        self.block = max(1, min(n_steps, _DRAW_NUMBERS // per_step))
        self.buffer = np.empty((0, n_driven, len(self.streams)))
        self.used = 0

    def next(self) -> np.ndarray:
        if self.used == len(self.buffer):
            size = min(self.block, self.left)
            self.buffer = np.empty((size, self.n_driven, len(self.streams)))
            if self.n_driven:
                for j, stream in enumerate(self.streams):
                    self.buffer[:, :, j] = stream.standard_normal((size, self.n_driven))
            self.used = 0
        self.left -= 1
        self.used += 1
        return self.buffer[self.used - 1]
