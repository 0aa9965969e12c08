"""Shared plumbing: turn a table of declarations and a rate function into a model.

Every classic model is a small, non-dyadic system of equations, so each is built with
:meth:`intimacy_dynamics.Model.from_equations`. The helpers here validate the values a
user passes to a factory (raising :class:`~intimacy_dynamics.ParameterError` with the
core's messages) and make them the defaults of the returned model.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
from types import SimpleNamespace

import sympy

from intimacy_dynamics.core.model import Model
from intimacy_dynamics.core.params import ParamSet
from intimacy_dynamics.core.quantities import Noise, Param, State

__all__ = ["declare_model", "resolve_params", "validated_params"]


def validated_params(
    specs: Mapping[str, Param], values: Mapping[str, object], owner: str
) -> dict[str, Param]:
    """Declarations whose defaults are ``values``, checked against the hard bounds.

    Examples
    --------
    >>> specs = {"k": Param(1.0, bounds=(0, 5))}
    >>> validated_params(specs, {"k": 2}, "Toy")["k"].default
    2.0
    >>> validated_params(specs, {"k": 9}, "Toy")
    Traceback (most recent call last):
    ...
    intimacy_dynamics.errors.ParameterError: parameter 'k' = 9 is outside its allowed range [0, 5]
    """
    checked = ParamSet(specs, values, owner=owner)
    return {name: replace(spec, default=checked[name]) for name, spec in specs.items()}


def declare_model(
    name: str,
    *,
    rates: Callable[[SimpleNamespace], dict[str, sympy.Expr]],
    states: Mapping[str, State],
    params: Mapping[str, Param],
    values: Mapping[str, object],
    time_unit: str = "time",
    t_span: tuple[float, float] = (0.0, 100.0),
    doc: str | None = None,
    noise: Mapping[str, Noise] | None = None,
) -> Model:
    """Build a model from declarations and a function of named sympy symbols.

    Parameters
    ----------
    name : str
        The model's (class) name.
    rates : callable
        ``rates(s)`` returns ``{state name: rate expression}``; ``s.R``, ``s.a``, ...
        are the sympy symbols of the states and parameters.
    states, params : mapping
        The declarations, in order.
    values : mapping
        Parameter values that replace the declared defaults (validated).
    time_unit, t_span, doc, noise
        Passed to :meth:`Model.from_equations`.

    Examples
    --------
    >>> model = declare_model(
    ...     "Decay", rates=lambda s: {"x": -s.k * s.x},
    ...     states={"x": State(1.0)}, params={"k": Param(1.0, bounds=(0, 5))},
    ...     values={"k": 0.5})
    >>> model.equations(), model.param_specs["k"].default
    ({x: -k*x}, 0.5)
    """
    declared = validated_params(params, values, name)
    symbols = SimpleNamespace(**{n: sympy.Symbol(n, real=True) for n in [*states, *declared]})
    return Model.from_equations(
        rates(symbols),
        params=declared,
        states=dict(states),
        name=name,
        time_unit=time_unit,
        t_span=t_span,
        doc=doc,
        noise=noise,
    )


def resolve_params(params: object, factory: Callable[[], Model]) -> ParamSet:
    """A full, validated parameter set from a model, a ParamSet, a mapping or None.

    Missing names take the defaults of ``factory()``'s model; unknown names and
    out-of-range values raise :class:`~intimacy_dynamics.ParameterError`.

    Examples
    --------
    >>> make = lambda: declare_model("Decay", rates=lambda s: {"x": -s.k * s.x},
    ...                              states={"x": State(1.0)},
    ...                              params={"k": Param(1.0, bounds=(0, 5))}, values={})
    >>> resolve_params({"k": 2}, make)["k"], resolve_params(None, make)["k"]
    (2.0, 1.0)
    """
    if isinstance(params, Model):
        return params.params()
    if isinstance(params, ParamSet):
        return factory().params(dict(params))
    return factory().params(dict(params or {}))
