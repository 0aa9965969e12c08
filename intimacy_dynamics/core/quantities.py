"""Declarations of the quantities a model is made of: states, parameters, outputs, noise.

A declaration carries everything the rest of the package needs to know about a
quantity, written once: its default, hard bounds (validation), a soft range and a step
(widget sliders), a unit, a label, a doc string and a LaTeX symbol. A declaration made
with ``per_partner=True`` expands to one quantity per partner (``trust`` becomes
``trust_A`` and ``trust_B``).

Declarations are immutable. A model class collects them from its class body (see
:class:`intimacy_dynamics.Model`); the attribute name becomes the quantity's name.
"""

from __future__ import annotations

import keyword
import math
from dataclasses import dataclass, field, replace

from intimacy_dynamics.core.validation import as_finite_float, describe, format_range
from intimacy_dynamics.errors import BadInputError, ModelDefinitionError

__all__ = ["Noise", "Output", "Param", "Quantity", "Setting", "State"]

_UNBOUNDED = (-math.inf, math.inf)


def _as_bounds(bounds: tuple[float | None, float | None] | None) -> tuple[float, float]:
    if bounds is None:
        return _UNBOUNDED
    lo, hi = bounds
    lo = -math.inf if lo is None else float(lo)
    hi = math.inf if hi is None else float(hi)
    if not lo <= hi:
        raise ModelDefinitionError(f"bounds {bounds!r} are empty: the lower end exceeds the upper")
    return lo, hi


def _default_soft(default: float, bounds: tuple[float, float]) -> tuple[float, float]:
    """A slider range for a quantity declared without one: the hard bounds if finite."""
    lo, hi = bounds
    scale = max(abs(default), 1.0)
    soft_lo = lo if math.isfinite(lo) else default - 2 * scale
    soft_hi = hi if math.isfinite(hi) else default + 2 * scale
    return soft_lo, soft_hi


def nice_step(width: float, steps: int = 100) -> float:
    """The largest of 1, 2 or 5 times a power of ten that cuts ``width`` in ``steps`` or more.

    A slider's grid then holds round values, as a person would pick them.

    Examples
    --------
    >>> nice_step(1.0), nice_step(6.0), nice_step(30.0)
    (0.01, 0.05, 0.2)
    """
    exponent = math.floor(math.log10(width / steps))
    return max(m * 10.0**exponent for m in (1, 2, 5) if m * 10.0**exponent <= width / steps)


@dataclass(frozen=True)
class Quantity:
    r"""Metadata shared by states, parameters and outputs.

    Parameters
    ----------
    default : float or None
        Default value (initial value of a state, value of a parameter). Outputs have none.
    bounds : (float or None, float or None)
        Hard bounds, a closed interval; ``None`` means unbounded on that side. Values
        outside are rejected with an error naming the quantity, value and range.
    soft : (float, float), optional
        The slider range. Defaults to the hard bounds when they are finite, else to a
        range around the default.
    step : float, optional
        The slider step. Defaults to a round step, at most a hundredth of the soft range
        (:func:`nice_step`).
    unit : str
        Unit of the quantity (``"1"`` for dimensionless, ``"1/day"`` for a rate).
    label : str
        Short human-readable name for sliders, legends and tables.
    doc : str
        One or two sentences on what the quantity means.
    symbol : str, optional
        LaTeX symbol (``"T"``, ``r"\rho"``); the partner becomes a subscript.
    per_partner : bool
        Expand to one quantity per partner of the model.
    name, base, partner : str
        Filled in when the declaration is collected by a model: ``name`` is the full name
        (``trust_A``), ``base`` the declared name (``trust``), ``partner`` ``"A"`` or None.
    """

    default: float | None = None
    bounds: tuple[float, float] = _UNBOUNDED
    soft: tuple[float, float] | None = None
    step: float | None = None
    unit: str = "1"
    label: str = ""
    doc: str = ""
    symbol: str | None = None
    per_partner: bool = False
    name: str | None = field(default=None, compare=False)
    base: str | None = field(default=None, compare=False)
    partner: str | None = field(default=None, compare=False)

    kind = "quantity"

    def __post_init__(self):
        bounds = _as_bounds(self.bounds)
        object.__setattr__(self, "bounds", bounds)
        if self.default is not None:
            try:
                default = as_finite_float(self.default, f"default of a {self.kind}", bounds)
            except BadInputError as exc:
                raise ModelDefinitionError(str(exc)) from None
            object.__setattr__(self, "default", default)
            soft = self.soft if self.soft is not None else _default_soft(default, bounds)
            soft = tuple(float(v) for v in soft)
            if not (bounds[0] <= soft[0] < soft[1] <= bounds[1]):
                raise ModelDefinitionError(
                    f"soft range {soft!r} of a {self.kind} must be a non-empty part of its "
                    f"hard bounds {format_range(bounds)}"
                )
            object.__setattr__(self, "soft", soft)
            step = self.step if self.step is not None else nice_step(soft[1] - soft[0])
            if not step > 0:
                raise ModelDefinitionError(f"step {step!r} of a {self.kind} must be positive")
            object.__setattr__(self, "step", float(step))

    def named(self, base: str, partner: str | None = None) -> Quantity:
        """Return a copy named ``base`` (suffixed with ``_partner`` when given)."""
        if not base.isidentifier() or keyword.iskeyword(base) or base.startswith("_"):
            raise ModelDefinitionError(
                f"{base!r} cannot name a {self.kind}: use a Python identifier that does not "
                "start with an underscore"
            )
        full = f"{base}_{partner}" if partner else base
        return replace(self, name=full, base=base, partner=partner)

    def expand(self, base: str, partners: tuple[str, ...]) -> list[Quantity]:
        """Expand the declaration under ``base`` to one quantity per partner, or one."""
        if self.per_partner:
            return [self.named(base, partner) for partner in partners]
        return [self.named(base)]

    @property
    def display_label(self) -> str:
        """The label with the partner appended, e.g. ``"Trust (A)"``."""
        label = self.label or (self.base or "").replace("_", " ")
        return f"{label} ({self.partner})" if self.partner else label

    @property
    def label_with_unit(self) -> str:
        """The label a control shows (its accessible name): label and unit.

        Examples
        --------
        >>> Param(0.03, bounds=(0, 1), label="Relaxation", unit="1/day").label_with_unit
        'Relaxation (1/day)'
        """
        unit = "" if self.unit in ("1", "") else f" ({self.unit})"
        return self.display_label + unit

    @property
    def latex_symbol(self) -> str:
        r"""LaTeX for the quantity, e.g. ``T_{A}`` or ``\mathrm{depth}``."""
        base = self.symbol or r"\mathrm{" + (self.base or "").replace("_", r"\_") + "}"
        return f"{base}_{{{self.partner}}}" if self.partner else base


@dataclass(frozen=True)
class State(Quantity):
    """A state variable: a quantity with a rate of change.

    Examples
    --------
    >>> trust = State(0.2, bounds=(0, 1), label="Trust", doc="Trust in the partner.",
    ...               symbol="T", per_partner=True)
    >>> [q.name for q in trust.expand("trust", ("A", "B"))]
    ['trust_A', 'trust_B']
    """

    kind = "state"

    def __post_init__(self):
        if self.default is None:
            object.__setattr__(self, "default", 0.0)
        super().__post_init__()


@dataclass(frozen=True)
class Param(Quantity):
    """A parameter: a constant of the model (or an input driven by a time signal).

    Examples
    --------
    >>> depth = Param(0.5, bounds=(0, 1), step=0.05, label="Disclosure depth")
    >>> depth.soft, depth.step
    ((0.0, 1.0), 0.05)
    """

    kind = "parameter"

    def __post_init__(self):
        if self.default is None:
            raise ModelDefinitionError("a parameter needs a default value")
        super().__post_init__()


@dataclass(frozen=True)
class Setting(Param):
    """A setting of a lab or an explorer that is not a model parameter.

    A grid size, a group size, a seed: declared and validated like a parameter, so its
    controls and its errors read the same.

    Examples
    --------
    >>> grid = Setting(21, bounds=(5, 61), step=2, integer=True, label="Map resolution")
    >>> grid.named("grid").check(20)
    Traceback (most recent call last):
    ...
    intimacy_dynamics.errors.BadInputError: setting 'grid' = 20 must be one of 5, 7, ..., 61
    >>> grid.named("grid").check(23.0)
    23
    """

    integer: bool = False
    kind = "setting"

    def __post_init__(self):
        super().__post_init__()
        if self.integer and not all(float(v).is_integer() for v in (self.default, self.step)):
            raise ModelDefinitionError("an integer setting needs a whole default and step")

    def check(self, value: object) -> float | int:
        """``value`` if it is allowed (a whole number on the grid, for an integer setting)."""
        what = f"setting {self.name or self.base or ''!r}"
        number = as_finite_float(value, what, self.bounds)
        if not self.integer:
            return number
        low, high = self.bounds
        steps = (number - low) / self.step
        if not float(number).is_integer() or abs(steps - round(steps)) > 1e-9:
            first, second = int(low), int(low + self.step)
            raise BadInputError(
                f"{what} = {describe(value)} must be one of {first}, {second}, ..., {int(high)}"
            )
        return int(number)


@dataclass(frozen=True)
class Output(Quantity):
    """A derived quantity: an algebraic function of states and parameters.

    Outputs have no default; their ``bounds`` document their range.

    Examples
    --------
    >>> Output(bounds=(0, 1), label="Loneliness", per_partner=True).kind
    'output'
    """

    kind = "output"


@dataclass(frozen=True)
class Noise(Quantity):
    r"""The intensity of the noise that drives one or more states (a stochastic model).

    A model that declares noise intensities is a stochastic differential equation when
    it is run with ``simulate(..., noise=True)``: each state a ``Noise`` drives gets a
    Wiener process of its own, scaled by a diffusion that vanishes at the state's
    finite bounds (:meth:`~intimacy_dynamics.Model.diffusion`), so the state stays in
    its range. Without ``noise=`` the model is the deterministic one.

    Parameters
    ----------
    default : float
        The intensity ``noise=True`` uses, within ``bounds``.
    drives : str or tuple of str
        The states it drives, by declared (base) name. A per-partner ``Noise`` drives
        its own partner's states; a shared one drives every partner's, each with its
        own Wiener process.
    bounds, soft, step, unit, label, doc, symbol, per_partner
        As for every :class:`Quantity`; ``bounds`` default to ``(0, inf)`` and may not
        go below 0. The unit of an intensity is that of the state
        per square root of time (``"1/sqrt(day)"`` for a state in ``[0, 1]``).

    Examples
    --------
    >>> wobble = Noise(0.1, drives="trust", bounds=(0, 1), unit="1/sqrt(day)",
    ...                symbol=r"\sigma_T")
    >>> wobble.drives, wobble.named("trust_noise").name
    (('trust',), 'trust_noise')
    >>> Noise(-0.1, drives="trust", bounds=(0, 1))
    Traceback (most recent call last):
    ...
    intimacy_dynamics.errors.ModelDefinitionError: default of a noise intensity = -0.1 is ...
    """

    bounds: tuple[float, float] = (0.0, math.inf)
    drives: tuple[str, ...] | str = ()
    kind = "noise intensity"

    def __post_init__(self):
        if self.default is None:
            raise ModelDefinitionError("a noise intensity needs a default value")
        drives = (self.drives,) if isinstance(self.drives, str) else tuple(self.drives)
        if not drives or not all(isinstance(d, str) and d for d in drives):
            raise ModelDefinitionError(
                f"a noise intensity must name the states it drives (drives=...), not "
                f"{describe(self.drives)}"
            )
        object.__setattr__(self, "drives", drives)
        super().__post_init__()
        if self.bounds[0] < 0:
            raise ModelDefinitionError(
                f"a noise intensity cannot be negative: bounds {format_range(self.bounds)}"
            )
