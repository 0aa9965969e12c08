"""Symbolic models: declared once, traced with sympy, compiled to fast numeric code.

A model is a class whose body declares :class:`State`, :class:`Param` and
:class:`Output` quantities and whose methods return the rates of change as sympy
expressions. The package traces those methods once with sympy symbols; everything
numeric (right-hand sides, Jacobians, outputs), the LaTeX and the widget sliders are
generated from the traced equations.

The contract
------------
A subclass of :class:`Model` provides:

1. Declarations in the class body. ``per_partner=True`` declarations expand to one
   quantity per entry of ``partners`` (``("A", "B")`` by default).
2. ``rates(self, me, other, p)``: the rates of the per-partner states of one partner,
   written once. ``me.trust`` and ``other.disclosure`` are the symbols of the two
   partners' per-partner states and parameters; ``p.name`` is any parameter by its full
   name (shared parameters such as ``p.depth``) and ``p.t`` is time. It returns a dict
   keyed by base name (``"trust"``) or by symbol (``me.trust``). The package calls it
   with ``(A, B)`` and with ``(B, A)``.
3. ``shared_rates(self, x, p)``: the rates of states that are not per-partner, keyed by
   full name; ``x.name`` is any state by full name. A model without partners writes all
   its equations here, or is built with :meth:`Model.from_equations`.
4. Optionally ``outputs(self, me, other, p)`` and ``shared_outputs(self, x, p)``, the
   same for :class:`Output` quantities (algebraic functions of states and parameters).
5. Optionally :class:`Noise` declarations: the intensities of Wiener processes that
   drive some states, so the model can also run as a stochastic differential equation
   (``simulate(..., noise=True)``). A driven state's diffusion is the intensity times
   :func:`bounded_shape`, which vanishes at the state's finite bounds (see
   :mod:`intimacy_dynamics.simulation.stochastic` for why this one shape).

To extend a model, subclass it: add declarations, call ``super().rates(...)`` and add
or replace terms. A model instance can also be edited in place (:meth:`add_param`,
:meth:`add_state`, :meth:`add_term`, :meth:`set_rate`); every edit invalidates the cached
equations and compiled code, as in ``sympy.physics.mechanics``.
"""

from __future__ import annotations

import difflib
import functools
import math
from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import Any, ClassVar

import numpy as np
import sympy

from intimacy_dynamics.core.params import NoiseSet, ParamSet
from intimacy_dynamics.core.quantities import Noise, Output, Param, Quantity, State, nice_step
from intimacy_dynamics.core.validation import (
    as_finite_float,
    check_known_name,
    describe,
    require_mapping,
)
from intimacy_dynamics.errors import (
    BadInputError,
    ModelDefinitionError,
    ParameterError,
    StateError,
)

__all__ = ["Latex", "Model", "Symbols", "bounded_shape", "check_model"]

TIME = sympy.Symbol("t", real=True)
_RESERVED = {"t", "math", "numpy"}
_NOISE = Noise.kind
#: The default fixed step of a noisy run, as a share of the model's fastest time scale
#: (:meth:`Model.default_dt`).
STEP_SHARE = 0.1

Term = sympy.Expr | Callable[..., sympy.Expr]


class Latex(str):
    """LaTeX source that renders as maths in a notebook and prints as text elsewhere."""

    def _repr_latex_(self) -> str:
        return f"$$\n{self}\n$$"


class Symbols:
    """Attribute and item access to a set of sympy symbols, with helpful errors.

    Examples
    --------
    >>> import sympy
    >>> ns = Symbols({"trust": sympy.Symbol("trust_A")}, "partner A")
    >>> ns.trust
    trust_A
    >>> ns.trst
    Traceback (most recent call last):
    ...
    intimacy_dynamics.errors.ModelDefinitionError: partner A has no quantity 'trst'; did you ...
    """

    def __init__(self, symbols: Mapping[str, sympy.Symbol], where: str, label: str = ""):
        object.__setattr__(self, "_symbols", dict(symbols))
        object.__setattr__(self, "_where", where)
        object.__setattr__(self, "_label", label)

    def __getattr__(self, name: str) -> sympy.Symbol:
        symbols = object.__getattribute__(self, "_symbols")
        if name in symbols:
            return symbols[name]
        if name.startswith("__"):
            raise AttributeError(name)
        close = difflib.get_close_matches(name, symbols, n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        raise ModelDefinitionError(f"{self._where} has no quantity {name!r}{hint}")

    __getitem__ = __getattr__

    def __setattr__(self, name, value):
        raise AttributeError("symbols are read-only")

    def __dir__(self):
        return list(self._symbols)

    def __iter__(self):
        return iter(self._symbols)

    def __str__(self) -> str:
        return self._label

    def __repr__(self) -> str:
        return f"<symbols of {self._where}: {', '.join(self._symbols)}>"


def _as_expression(value: object, where: str) -> sympy.Expr:
    if isinstance(value, str):
        raise ModelDefinitionError(
            f"{where} is the string {value!r}; write a sympy expression (strings are not "
            "parsed, so that model files can never run code)"
        )
    try:
        return sympy.sympify(value, strict=True)
    except sympy.SympifyError:
        raise ModelDefinitionError(f"{where} is {value!r}, not a sympy expression") from None


def _flat(table: Mapping[str, Quantity]) -> dict[str, Quantity]:
    """Declarations as plain (not per-partner) ones that keep their label and symbol."""
    return {
        n: replace(q, per_partner=False, label=q.display_label, symbol=q.latex_symbol)
        for n, q in table.items()
    }


def _flat_noise(model: Model) -> dict[str, Noise]:
    """The noise declarations as plain ones that name the full states they drive."""
    targets = model.noise_targets()
    return {
        n: replace(q, drives=tuple(s for s, by in targets.items() if by == n))
        for n, q in _flat(model.noise_specs).items()
    }


def _rebuild(name, equations, outputs, specs, time_unit, t_span, doc, noise=None) -> Model:
    """Rebuild a pickled model from its equations (see :meth:`Model.__reduce__`).

    Every quantity keeps its full name, label (with the partner) and LaTeX symbol; only
    the grouping of controls by partner is not carried over. ``noise`` holds the noise
    declarations, each naming the full states it drives.
    """
    states, params, output_specs = map(_flat, specs)
    model = Model.from_equations(
        equations,
        params=params,
        states=states,
        outputs=outputs,
        name=name,
        time_unit=time_unit,
        t_span=t_span,
        doc=doc,
        noise=noise,
    )
    for name_, spec in output_specs.items():  # from_equations declares bare outputs
        model._decls[name_] = spec
    model._invalidate()
    return model


class Model:
    r"""Base class of every model; see the module docstring for the contract.

    Attributes
    ----------
    partners : tuple of str
        Partner labels that ``per_partner`` declarations expand over.
    time_unit : str
        The unit of time (rates are "per ``time_unit``").
    t_span : (float, float)
        The default simulation span, long enough for the model to settle.

    Examples
    --------
    A two-partner model whose rates are written once, for ``me`` and ``other``:

    >>> from intimacy_dynamics import Model, State, Param
    >>> class Echo(Model):
    ...     feeling = State(0.1, bounds=(-10, 10), per_partner=True, symbol="x")
    ...     decay = Param(1.0, bounds=(0, 5), symbol=r"\alpha")
    ...     echo = Param(0.5, bounds=(-5, 5), per_partner=True, symbol=r"\beta")
    ...     def rates(self, me, other, p):
    ...         return {"feeling": -p.decay * me.feeling + me.echo * other.feeling}
    >>> model = Echo()
    >>> model.state_names, model.param_names
    (['feeling_A', 'feeling_B'], ['decay', 'echo_A', 'echo_B'])
    >>> model.equations()
    {feeling_A: -decay*feeling_A + echo_A*feeling_B, feeling_B: -decay*feeling_B + echo_B*feeling_A}
    >>> print(model.latex())
    \begin{aligned}\frac{d x_{A}}{dt} &= - \alpha x_{A} + \beta_{A} x_{B} \\ ...
    """

    partners: tuple[str, ...] = ("A", "B")
    time_unit: str = "time"
    t_span: tuple[float, float] = (0.0, 100.0)
    _declarations: ClassVar[dict[str, Quantity]] = {}

    def __init_subclass__(cls, **kwargs: Any):
        super().__init_subclass__(**kwargs)
        declarations: dict[str, Quantity] = {}
        for klass in reversed(cls.__mro__):
            for attr, value in vars(klass).items():
                if isinstance(value, Quantity):
                    _check_not_hiding(cls.__name__, attr, value)
                    declarations[attr] = value
        cls._declarations = declarations

    def __init__(self) -> None:
        self._decls: dict[str, Quantity] = dict(type(self)._declarations)
        self._edits: list[tuple[str, str, Term]] = []
        self._defaults: dict[str, float] = {}
        self._name = type(self).__name__
        self._invalidate()

    # ------------------------------------------------------------------ hooks
    def rates(self, me: Symbols, other: Symbols, p: Symbols) -> dict:
        """Rates of ``me``'s per-partner states (override in a two-partner model)."""
        return {}

    def shared_rates(self, x: Symbols, p: Symbols) -> dict:
        """Rates of states that are not per-partner (override when there are any)."""
        return {}

    def outputs(self, me: Symbols, other: Symbols, p: Symbols) -> dict:
        """Per-partner outputs of ``me`` as expressions (override to declare outputs)."""
        return {}

    def shared_outputs(self, x: Symbols, p: Symbols) -> dict:
        """Outputs that are not per-partner, keyed by full name."""
        return {}

    # -------------------------------------------------------------- structure
    @property
    def name(self) -> str:
        """The model's name (its class name unless given)."""
        return self._name

    @property
    def time_units(self) -> str:
        """The unit of time in the plural, for labels ("days"; "time units" if unnamed).

        Examples
        --------
        >>> from intimacy_dynamics import IntimacyModel
        >>> IntimacyModel().time_units
        'days'
        """
        return "time units" if self.time_unit == "time" else f"{self.time_unit}s"

    def __repr__(self) -> str:
        noise = f", {len(self.noise_names)} noise intensities" if self.noise_names else ""
        return (
            f"{self.name}({len(self.state_names)} states, {len(self.param_names)} parameters, "
            f"{len(self.output_names)} outputs{noise})"
        )

    def __reduce__(self):
        """Pickle as the traced equations and declarations (for process pools and clusters).

        Compiled code cannot be pickled, and a model class may have been made on the fly;
        the equations can. The copy rebuilt from them is numerically the same model
        (same names, declarations, equations and outputs) and compiles on first use.
        """
        equations = {n: e for n, e in self._equation_table().items()}
        outputs = {n: e for n, e in self._output_table().items()}
        specs = (dict(self.state_specs), dict(self.param_specs), dict(self.output_specs))
        noise = _flat_noise(self) if self.noise_names else None
        return _rebuild, (
            self.name,
            equations,
            outputs,
            specs,
            self.time_unit,
            tuple(self.t_span),
            self.__doc__,
            noise,
        )

    def _invalidate(self) -> None:
        """Forget everything derived from the declarations and equations."""
        self._specs: dict[str, dict[str, Quantity]] | None = None
        self._symbols: dict[str, sympy.Symbol] | None = None
        self._equations: dict[str, sympy.Expr] | None = None
        self._output_equations: dict[str, sympy.Expr] | None = None
        self._diffusions: dict[str, sympy.Expr] | None = None
        self._compiled = None
        self._javascript: str | None = None

    def _expanded(self) -> dict[str, dict[str, Quantity]]:
        if self._specs is None:
            specs: dict[str, dict[str, Quantity]] = {
                "state": {},
                "parameter": {},
                "output": {},
                _NOISE: {},
            }
            seen: set[str] = set(_RESERVED)
            for base, decl in self._decls.items():
                _check_not_hiding(self.name, base, decl)
                for quantity in decl.expand(base, self.partners):
                    if quantity.name in seen:
                        raise ModelDefinitionError(
                            f"{self.name}: the name {quantity.name!r} is used twice or is "
                            f"reserved ({', '.join(sorted(_RESERVED))} are)"
                        )
                    seen.add(quantity.name)
                    if quantity.name in self._defaults:
                        quantity = replace(quantity, default=self._defaults[quantity.name])
                    specs[quantity.kind][quantity.name] = quantity
            self._specs = specs
        return self._specs

    @property
    def state_specs(self) -> dict[str, State]:
        """Expanded state declarations by full name, in order."""
        return self._expanded()["state"]

    @property
    def param_specs(self) -> dict[str, Param]:
        """Expanded parameter declarations by full name, in order."""
        return self._expanded()["parameter"]

    @property
    def output_specs(self) -> dict[str, Output]:
        """Expanded output declarations by full name, in order."""
        return self._expanded()["output"]

    @property
    def state_names(self) -> list[str]:
        """Full names of the states, in the order of the state vector."""
        return list(self.state_specs)

    @property
    def param_names(self) -> list[str]:
        """Full names of the parameters, in the order compiled functions expect."""
        return list(self.param_specs)

    @property
    def output_names(self) -> list[str]:
        """Full names of the outputs."""
        return list(self.output_specs)

    @property
    def noise_specs(self) -> dict[str, Noise]:
        """Expanded noise declarations by full name, in order (empty: a deterministic model)."""
        return self._expanded()[_NOISE]

    @property
    def noise_names(self) -> list[str]:
        """Full names of the noise intensities, in the order compiled functions expect."""
        return list(self.noise_specs)

    def noise_targets(self) -> dict[str, str]:
        """``{state: noise intensity}``: the states that noise drives, in state order.

        A per-partner intensity drives its own partner's states; a shared one drives
        every partner's (each with its own Wiener process).

        Examples
        --------
        >>> import sympy
        >>> from intimacy_dynamics import Noise
        >>> x, y = sympy.symbols("x y")
        >>> model = Model.from_equations({x: -x, y: -y}, noise={"wobble": Noise(0.1, drives="y")})
        >>> model.noise_targets()
        {'y': 'wobble'}
        """
        states = self.state_specs
        driven: dict[str, str] = {}
        for name, spec in self.noise_specs.items():
            for base in spec.drives:
                for state in self._driven_states(spec, base):
                    if state in driven:
                        raise ModelDefinitionError(
                            f"{self.name}: state {state!r} is driven by two noise intensities, "
                            f"{driven[state]!r} and {name!r}; one state takes one"
                        )
                    driven[state] = name
        return {s: driven[s] for s in states if s in driven}

    def _driven_states(self, spec: Noise, base: str) -> list[str]:
        states = self.state_specs
        if spec.partner and f"{base}_{spec.partner}" in states:
            return [f"{base}_{spec.partner}"]
        if base in states:
            return [base]
        found = [n for n, q in states.items() if q.base == base and (q.partner or not spec.partner)]
        if not found:
            check_known_name(
                base,
                [*states, *{q.base for q in states.values()}],
                "state",
                f"{self.name} (noise intensity {spec.name!r} drives=...)",
                ModelDefinitionError,
            )
        return found

    def spec(self, name: str) -> Quantity:
        """The declaration of any state, parameter or output by full name."""
        specs = self._expanded()
        for group in specs.values():
            if name in group:
                return group[name]
        known = [n for group in specs.values() for n in group]
        check_known_name(name, known, "quantity", self.name, StateError)
        raise AssertionError  # pragma: no cover

    @property
    def symbols(self) -> Symbols:
        """Every symbol of the model by full name, and ``t`` for time."""
        return Symbols(self._symbol_table(), self.name)

    def _symbol_table(self) -> dict[str, sympy.Symbol]:
        if self._symbols is None:
            names = [n for group in self._expanded().values() for n in group]
            self._symbols = {n: sympy.Symbol(n, real=True) for n in names}
            self._symbols["t"] = TIME
        return self._symbols

    # ---------------------------------------------------------------- tracing
    def _partner_views(self, include: tuple[str, ...]) -> dict[str, Symbols]:
        symbols = self._symbol_table()
        views = {}
        for partner in self.partners:
            table = {}
            for kind in include:
                for q in self._expanded()[kind].values():
                    if q.partner == partner:
                        table[q.base] = symbols[q.name]
            views[partner] = Symbols(table, f"partner {partner}", partner)
        return views

    def _pairs(self) -> list[tuple[str, str]]:
        if len(self.partners) != 2:
            raise ModelDefinitionError(
                f"{self.name}: per-partner rates need exactly two partners, not {self.partners}"
            )
        a, b = self.partners
        return [(a, b), (b, a)]

    def _param_namespace(self) -> Symbols:
        symbols = self._symbol_table()
        table = {n: symbols[n] for n in self.param_names}
        table["t"] = TIME
        return Symbols(table, f"the parameters of {self.name}")

    def _trace(self, kind: str, per_partner: Callable, shared: Callable) -> dict[str, sympy.Expr]:
        """Call the hooks with symbols and collect one expression per quantity of ``kind``."""
        specs = self._expanded()[kind]
        symbols = self._symbol_table()
        p = self._param_namespace()
        result: dict[str, sympy.Expr] = {}

        def put(full: str, expr: object) -> None:
            if full not in specs:
                check_known_name(full, specs, kind, self.name, ModelDefinitionError)
            if full in result:
                raise ModelDefinitionError(f"{self.name}: {kind} {full!r} is defined twice")
            result[full] = _as_expression(expr, f"the {kind} expression of {full!r}")

        if any(q.partner for q in specs.values()):
            views = self._partner_views(("state", "parameter"))
            for me, other in self._pairs():
                for key, expr in (per_partner(views[me], views[other], p) or {}).items():
                    name = key.name if isinstance(key, sympy.Symbol) else f"{key}_{me}"
                    put(name, expr)
        states = Symbols({n: symbols[n] for n in self.state_names}, f"the states of {self.name}")
        for key, expr in (shared(states, p) or {}).items():
            put(key.name if isinstance(key, sympy.Symbol) else key, expr)
        return result

    def _apply_edits(self, equations: dict[str, sympy.Expr]) -> None:
        views = self._partner_views(("state", "parameter"))
        for action, target, term in self._edits:
            for full, expr in self._resolve_term(target, term, views):
                where = f"the term for {full!r}"
                value = _as_expression(expr, where)
                equations[full] = value if action == "set" else equations.get(full, 0) + value

    def _resolve_term(self, target: str, term: Term, views) -> list[tuple[str, object]]:
        if target in self.state_specs:
            return [(target, term(self.symbols) if callable(term) else term)]
        bases = {q.base for q in self.state_specs.values() if q.partner}
        if target not in bases or not callable(term):
            raise ModelDefinitionError(
                f"{self.name}: {target!r} must be a state's full name with an expression, or "
                "a per-partner state's base name with a function (me, other, p) -> expression"
            )
        p = self._param_namespace()
        return [(f"{target}_{me}", term(views[me], views[o], p)) for me, o in self._pairs()]

    def _check_complete(self, kind: str, table: dict[str, sympy.Expr]) -> None:
        names = self.state_names if kind == "state" else self.output_names
        missing = [n for n in names if n not in table]
        if missing:
            raise ModelDefinitionError(
                f"{self.name}: no expression for {kind}(s) {', '.join(missing)}; return them "
                f"from {'rates()/shared_rates()' if kind == 'state' else 'outputs()'}"
            )
        allowed = set(self.state_names) | set(self.param_names) | {"t"}
        for name, expr in table.items():
            strangers = sorted(s.name for s in expr.free_symbols if s.name not in allowed)
            if strangers:
                raise ModelDefinitionError(
                    f"{self.name}: the {kind} expression of {name!r} uses {', '.join(strangers)}, "
                    "which the model does not declare"
                )
        table_order = {n: table[n] for n in names}
        table.clear()
        table.update(table_order)

    def _equation_table(self) -> dict[str, sympy.Expr]:
        if self._equations is None:
            equations = self._trace("state", self.rates, self.shared_rates)
            self._apply_edits(equations)
            self._check_complete("state", equations)
            self._equations = equations
        return self._equations

    def _output_table(self) -> dict[str, sympy.Expr]:
        if self._output_equations is None:
            outputs = self._trace("output", self.outputs, self.shared_outputs)
            self._check_complete("output", outputs)
            self._output_equations = outputs
        return self._output_equations

    def _diffusion_table(self) -> dict[str, sympy.Expr]:
        """``{state: diffusion}``: the intensity times :func:`bounded_shape`, per driven state."""
        if self._diffusions is None:
            symbols = self._symbol_table()
            self._diffusions = {
                state: symbols[noise]
                * bounded_shape(symbols[state], self.state_specs[state].bounds)
                for state, noise in self.noise_targets().items()
            }
        return self._diffusions

    # ------------------------------------------------------------ public API
    def equations(self) -> dict[sympy.Symbol, sympy.Expr]:
        """The rate of change of every state, as ``{state symbol: sympy expression}``."""
        symbols = self._symbol_table()
        return {symbols[n]: e for n, e in self._equation_table().items()}

    def output_equations(self) -> dict[sympy.Symbol, sympy.Expr]:
        """Every output as ``{output symbol: expression of states and parameters}``."""
        symbols = self._symbol_table()
        return {symbols[n]: e for n, e in self._output_table().items()}

    def jacobian(self, wrt: str = "states") -> sympy.Matrix:
        """The exact Jacobian of the rates with respect to the states or the parameters.

        Parameters
        ----------
        wrt : {"states", "params"}
            Differentiate with respect to the state vector (an n-by-n matrix) or the
            parameter vector (n by number of parameters).
        """
        symbols = self._symbol_table()
        names = {"states": self.state_names, "params": self.param_names}.get(wrt)
        if names is None:
            raise ValueError(f"wrt must be 'states' or 'params', not {wrt!r}")
        rates = sympy.Matrix(list(self._equation_table().values()))
        return rates.jacobian([symbols[n] for n in names])

    def diffusion_equations(self) -> dict[sympy.Symbol, sympy.Expr]:
        """The diffusion of every state that noise drives, ``{state symbol: expression}``.

        A noisy run integrates ``dx = rate dt + diffusion dW_x`` (Itô), one Wiener
        process ``W_x`` per driven state.
        """
        symbols = self._symbol_table()
        return {symbols[n]: e for n, e in self._diffusion_table().items()}

    def latex(self, stochastic: bool = False) -> Latex:
        r"""The equations as LaTeX (renders as maths in a notebook).

        Parameters
        ----------
        stochastic : bool
            Write the stochastic form of a noisy run, ``dx = f\,dt + g\,dW_x``, with the
            diffusion of every state that noise drives (the default is the deterministic
            system, which ``simulate`` runs without ``noise=``).
        """
        names = {self._symbol_table()[n]: self.spec(n).latex_symbol for n in self._all_names()}
        diffusions = self._diffusion_table() if stochastic else {}
        lines = []
        for state, expr in self._equation_table().items():
            symbol = self.spec(state).latex_symbol
            if not stochastic:
                lines.append(
                    rf"\frac{{d {symbol}}}{{dt}} &= {sympy.latex(expr, symbol_names=names)}"
                )
                continue
            rhs = rf"\left({sympy.latex(expr, symbol_names=names)}\right) dt"
            if state in diffusions:
                g = sympy.latex(diffusions[state], symbol_names=names)
                rhs += rf" + {g}\, dW_{{{symbol}}}"
            lines.append(f"d {symbol} &= {rhs}")
        for output, expr in self._output_table().items():
            lines.append(
                f"{self.spec(output).latex_symbol} &= {sympy.latex(expr, symbol_names=names)}"
            )
        return Latex(r"\begin{aligned}" + r" \\ ".join(lines) + r"\end{aligned}")

    def _all_names(self) -> list[str]:
        return [n for group in self._expanded().values() for n in group]

    def default_dt(self, params: ParamSet, y0, t_span: tuple[float, float]) -> float:
        """The fixed step of a noisy run when ``simulate`` is given no ``dt``.

        :data:`STEP_SHARE` of the model's fastest time scale, the inverse of the
        largest eigenvalue (in size) of the Jacobian at the start, rounded down to 1, 2
        or 5 times a power of ten, and at most a hundredth of ``t_span``. A model may
        declare its own rule (the intimacy model takes its time-scale parameters).

        Parameters
        ----------
        params : ParamSet or list
            The parameter values, each a float or an array over ensemble members.
        y0 : array_like, shape (n_states,) or (n_states, n_members)
        t_span : (float, float)

        Examples
        --------
        >>> import sympy
        >>> x, k = sympy.symbols("x k")
        >>> model = Model.from_equations({x: -k * x}, params={k: 4.0})
        >>> model.default_dt(model.params(), [1.0], (0, 100))  # 0.1 / 4, rounded down
        0.02
        """
        values = params.as_list() if isinstance(params, ParamSet) else list(params)
        y = np.asarray(y0, dtype=float)
        y = y.reshape(len(self.state_names), -1)
        p = [np.asarray(v, dtype=float) for v in values]
        with np.errstate(all="ignore"):
            J = self.compile().jacobian_vectorized(float(t_span[0]), y, p)
            radius = np.max(np.abs(np.linalg.eigvals(np.moveaxis(J, -1, 0))), initial=0.0)
        span = float(t_span[1]) - float(t_span[0])
        step = STEP_SHARE / radius if np.isfinite(radius) and radius > 0 else span
        return _round_step(min(step, span / 100))

    def compile(self):
        """Generate (or fetch from cache) the numeric functions of the model.

        Returns
        -------
        CompiledModel
            Scalar and vectorized right-hand sides, Jacobians, outputs and their
            readable generated source. See :mod:`intimacy_dynamics.core.codegen`.
        """
        if self._compiled is None:
            from intimacy_dynamics.core.codegen import compile_model

            self._compiled = compile_model(self)
        return self._compiled

    def javascript(self) -> str:
        """The right-hand side and outputs as a readable JavaScript ES module (cached).

        Returns
        -------
        str
            The module's source, for the runtime in :mod:`intimacy_dynamics.frontend`.
            See :mod:`intimacy_dynamics.core.jscode`.

        Raises
        ------
        NoJavaScriptFormError
            If an equation uses a function with no JavaScript form (``erf``, ...).
        """
        if self._javascript is None:
            from intimacy_dynamics.core.jscode import javascript_module

            self._javascript = javascript_module(self)
        return self._javascript

    def params(self, values: Mapping[str, object] | None = None, **changes: object) -> ParamSet:
        """A validated :class:`ParamSet`: the defaults, overridden by ``values`` and ``changes``."""
        if values is not None:
            require_mapping(values, "params", ParameterError)
        if isinstance(values, ParamSet):
            if values.owner != self.name or list(values) != self.param_names:
                raise ValueError(f"that ParamSet belongs to {values.owner}, not to {self.name}")
            return values.evolve(**changes) if changes else values
        return ParamSet(self.param_specs, {**(values or {}), **changes}, owner=self.name)

    def noise(self, values: Mapping[str, object] | None = None, **changes: object) -> NoiseSet:
        """The noise intensities: the declared defaults, overridden by ``values``, validated.

        Examples
        --------
        >>> import sympy
        >>> from intimacy_dynamics import Noise
        >>> x = sympy.Symbol("x")
        >>> model = Model.from_equations(
        ...     {x: -x}, noise={"wobble": Noise(0.1, drives="x", bounds=(0, 1))})
        >>> model.noise(wobble=0.5)["wobble"]
        0.5
        >>> model.noise(wobble=-1)
        Traceback (most recent call last):
        ...
        intimacy_dynamics.errors.ParameterError: noise intensity 'wobble' = -1 is outside ...
        """
        if values is not None:
            require_mapping(values, "noise", ParameterError)
        if isinstance(values, NoiseSet):
            if values.owner != self.name or list(values) != self.noise_names:
                raise ValueError(f"that NoiseSet belongs to {values.owner}, not to {self.name}")
            return values.evolve(**changes) if changes else values
        return NoiseSet(self.noise_specs, {**(values or {}), **changes}, owner=self.name)

    def initial_state(self, y0: Mapping[str, object] | object = None) -> list[float]:
        """The initial state vector: defaults overridden by ``y0``, validated.

        ``y0`` is a mapping of state names to values (missing names take their defaults)
        or a sequence with one value per state.
        """
        specs = self.state_specs
        values = {n: s.default for n, s in specs.items()}
        if y0 is None:
            pass
        elif isinstance(y0, Mapping):
            for name, value in y0.items():
                check_known_name(name, specs, "state", self.name, StateError)
                values[name] = value
        else:
            if isinstance(y0, str | bytes) or not hasattr(y0, "__len__"):
                raise StateError(
                    f"y0 = {describe(y0)} must be a mapping {{state: value}} or one value per "
                    f"state of {self.name} ({', '.join(specs)})"
                )
            sequence = list(y0)
            if len(sequence) != len(specs):
                raise StateError(
                    f"y0 has {len(sequence)} values but {self.name} has {len(specs)} states "
                    f"({', '.join(specs)})"
                )
            values = dict(zip(specs, sequence, strict=True))
        return [
            as_finite_float(v, f"initial state {n!r}", specs[n].bounds, StateError)
            for n, v in values.items()
        ]

    # ---------------------------------------------------------------- editing
    def add_param(self, name: str, param: Param) -> Model:
        """Declare a new parameter on this instance (returns the model, for chaining)."""
        return self._declare(name, param, Param)

    def add_state(self, name: str, state: State, rate: Term) -> Model:
        """Declare a new state with its rate (an expression, or ``(me, other, p) -> expr``)."""
        self._declare(name, state, State)
        self._edits.append(("set", name, rate))
        self._invalidate()
        return self

    def add_term(self, state: str, term: Term) -> Model:
        """Add ``term`` to a state's rate.

        ``state`` is a full name with a sympy expression (use :attr:`symbols`), or a
        per-partner base name with a function ``(me, other, p) -> expression`` applied to
        both partners.
        """
        self._edits.append(("add", state, term))
        self._invalidate()
        return self

    def set_rate(self, state: str, rate: Term) -> Model:
        """Replace a state's rate; arguments as for :meth:`add_term`."""
        self._edits.append(("set", state, rate))
        self._invalidate()
        return self

    def _declare(self, name: str, quantity: Quantity, kind: type) -> Model:
        if not isinstance(quantity, kind):
            raise ModelDefinitionError(f"{name!r} must be declared with {kind.__name__}(...)")
        if name in self._decls:
            raise ModelDefinitionError(f"{self.name} already declares {name!r}")
        self._decls[name] = quantity
        self._invalidate()
        return self

    def with_defaults(self, values: Mapping[str, object] | None = None, **changes: object) -> Model:
        """A copy whose parameter defaults are replaced by ``values`` (validated).

        The equations and the compiled code are shared with this model, so the copy costs
        nothing to build; scenarios run on it sit on top of the new defaults. Used to
        perturb a model's shared parameters underneath every scenario
        (:func:`intimacy_dynamics.analysis.robustness`).

        Examples
        --------
        >>> from intimacy_dynamics import IntimacyModel
        >>> model = IntimacyModel()
        >>> slower = model.with_defaults(tau_trust=6.0)
        >>> slower.param_specs["tau_trust"].default, model.param_specs["tau_trust"].default
        (6.0, 3.0)
        >>> model.with_defaults(tau_trust=-1)
        Traceback (most recent call last):
        ...
        intimacy_dynamics.errors.ParameterError: parameter 'tau_trust' = -1 is outside ...
        """
        changed = {**(values or {}), **changes}
        checked = self.params(changed)  # names and bounds, with the usual errors
        new = self.copy()
        new._defaults.update({name: checked[name] for name in changed})
        new._specs = None  # the declarations change; equations and compiled code do not
        return new

    def copy(self) -> Model:
        """An independent copy: edits to it leave this model alone; compiled code is shared.

        Examples
        --------
        >>> from intimacy_dynamics import IntimacyModel
        >>> model = IntimacyModel()
        >>> held = model.copy().set_rate("trust_A", 0)
        >>> model.equations()[model.symbols.trust_A] == 0, held.equations()[held.symbols.trust_A]
        (False, 0)
        """
        new = object.__new__(type(self))  # not copy.copy, which would pickle via __reduce__
        new.__dict__.update(self.__dict__)
        new._decls, new._edits = dict(self._decls), list(self._edits)
        new._defaults = dict(self._defaults)
        return new

    def tied(self, name: str, parameters: list[str], param: Param | None = None) -> Model:
        """A copy in which several parameters are one, ``name`` (e.g. both partners').

        Used to vary, say, both partners' differentiation together in a continuation.
        The new parameter takes the first one's declaration unless ``param`` is given.

        Examples
        --------
        >>> from intimacy_dynamics import IntimacyModel
        >>> both = IntimacyModel().tied("differentiation",
        ...                             ["differentiation_A", "differentiation_B"])
        >>> "differentiation" in both.param_names, "differentiation_A" in both.param_names
        (True, False)
        """
        for p in parameters:
            check_known_name(p, self.param_names, "parameter", self.name, ParameterError)
        symbols = self._symbol_table()
        new = sympy.Symbol(name, real=True)
        swap = {symbols[p]: new for p in parameters}
        first = self.param_specs[parameters[0]]
        declared = param or replace(
            first, per_partner=False, label=first.label or name, symbol=first.symbol
        )
        params = _flat({n: s for n, s in self.param_specs.items() if n not in parameters})
        params[name] = declared
        states = _flat(self.state_specs)
        return Model.from_equations(
            {n: e.xreplace(swap) for n, e in self._equation_table().items()},
            params=params,
            states=states,
            outputs={n: e.xreplace(swap) for n, e in self._output_table().items()},
            name=f"{self.name}_tied",
            time_unit=self.time_unit,
            t_span=tuple(self.t_span),
            noise=_flat_noise(self),
        )

    # ----------------------------------------------------------- construction
    @classmethod
    def from_equations(
        cls,
        equations: Mapping[sympy.Symbol | str, object],
        params: Mapping[sympy.Symbol | str, float | Param] | None = None,
        states: Mapping[str, State] | None = None,
        outputs: Mapping[sympy.Symbol | str, object] | None = None,
        *,
        name: str = "CustomModel",
        time_unit: str = "time",
        t_span: tuple[float, float] = (0.0, 100.0),
        doc: str | None = None,
        noise: Mapping[str, Noise] | None = None,
    ) -> Model:
        """Build a model from a dict of sympy expressions, ``{state: rate}``.

        Parameters
        ----------
        equations : mapping
            ``{state symbol or name: rate expression}``; the keys are the states.
        params : mapping, optional
            A default value (or a :class:`Param`) for every other symbol in the
            equations; those symbols are the parameters.
        states : mapping, optional
            :class:`State` declarations for some or all states (default value 0,
            unbounded, when omitted).
        outputs : mapping, optional
            ``{output name: expression}`` for derived quantities.
        name, time_unit, t_span, doc
            The model's name, unit of time, default simulation span and docstring.
        noise : mapping, optional
            ``{name: Noise(..., drives="x")}``: noise intensities and the states they
            drive, for noisy runs (see :class:`Noise`).

        Examples
        --------
        >>> import sympy
        >>> x, y, a = sympy.symbols("x y a")
        >>> model = Model.from_equations({x: -a * y, y: a * x}, params={a: 2.0}, name="Rotor")
        >>> model
        Rotor(2 states, 1 parameters, 0 outputs)
        >>> model.jacobian()
        Matrix([
        [0, -a],
        [a,  0]])
        """
        if not isinstance(name, str) or not name or not name.isprintable():
            raise ModelDefinitionError(
                f"name = {describe(name)} must be a non-empty string of printable characters"
            )
        key = lambda k: k.name if isinstance(k, sympy.Symbol) else str(k)  # noqa: E731
        state_decls = dict(states or {})
        namespace: dict[str, Any] = {"partners": (), "time_unit": time_unit, "t_span": t_span}
        for state in map(key, equations):
            namespace[state] = state_decls.pop(state, State(0.0))
        if state_decls:
            raise ModelDefinitionError(f"states {sorted(state_decls)} have no equation")
        for pname, value in (params or {}).items():
            namespace[key(pname)] = value if isinstance(value, Param) else Param(value)
        for oname in map(key, outputs or {}):
            namespace[oname] = Output()
        for nname, declaration in (noise or {}).items():
            if not isinstance(declaration, Noise):
                raise ModelDefinitionError(
                    f"noise {nname!r} must be declared with Noise(...), not {describe(declaration)}"
                )
            namespace[key(nname)] = declaration
        rate_table = {key(k): v for k, v in equations.items()}
        output_table = {key(k): v for k, v in (outputs or {}).items()}

        def by_name(table):
            def hook(self, x, p):
                lookup = self._symbol_table()
                traced = {}
                for k, v in table.items():
                    expr = _as_expression(v, f"the expression of {k!r}")
                    traced[k] = expr.xreplace({s: lookup.get(s.name, s) for s in expr.free_symbols})
                return traced

            return hook

        namespace["shared_rates"] = by_name(rate_table)
        namespace["shared_outputs"] = by_name(output_table)
        namespace["__doc__"] = doc or f"{name}, built with Model.from_equations."
        return type(name, (cls,), namespace)()


def check_model(model: object) -> Model:
    """``model`` if it is a :class:`Model`, else a clear error (not an AttributeError later).

    Examples
    --------
    >>> check_model(None)
    Traceback (most recent call last):
    ...
    intimacy_dynamics.errors.BadInputError: model = None is not a Model; ...
    """
    if not isinstance(model, Model):
        name = getattr(model, "__name__", None)
        hint = f" (did you mean {name}()?)" if callable(model) and name else ""
        raise BadInputError(
            f"model = {describe(model)} is not a Model; build one with Model.from_equations "
            f"or a subclass of Model{hint}"
        )
    return model


@functools.cache
def _model_api() -> frozenset[str]:
    """The public attributes of :class:`Model`, which no declaration may hide."""
    return frozenset(name for name in dir(Model) if not name.startswith("_"))


def _check_not_hiding(model_name: str, base: str, declaration: Quantity) -> None:
    """Refuse a quantity named like a method of :class:`Model` (``params``, ``rates``)."""
    if base in _model_api():
        raise ModelDefinitionError(
            f"{model_name}: {base!r} cannot name a {declaration.kind}: it would hide "
            f"Model.{base}, which the package calls; choose another name"
        )


def bounded_shape(x: sympy.Symbol, bounds: tuple[float, float]) -> sympy.Expr:
    """The shape of a diffusion: zero at the finite bounds of ``x``'s range.

    ``(x - lo)(hi - x)/(hi - lo)`` in ``[lo, hi]``, ``x - lo`` in ``[lo, inf)``,
    ``hi - x`` in ``(-inf, hi]``, and 1 (additive noise) without bounds. In ``[0, 1]``
    the noise is ``sigma x (1 - x)``; above 0 it is geometric, ``sigma x``.

    Examples
    --------
    >>> x, inf = sympy.Symbol("x"), math.inf
    >>> bounded_shape(x, (0, 1)), bounded_shape(x, (0, inf)), bounded_shape(x, (-inf, inf))
    (x*(1 - x), x, 1)
    """
    lo, hi = (sympy.nsimplify(b) if math.isfinite(b) else None for b in bounds)
    if lo is not None and hi is not None:
        return (x - lo) * (hi - x) / (hi - lo)
    if lo is not None:
        return x - lo
    if hi is not None:
        return hi - x
    return sympy.Integer(1)


def _round_step(step: float) -> float:
    """``step`` rounded down to 1, 2 or 5 times a power of ten (a step a person would pick)."""
    return nice_step(step, 1)
