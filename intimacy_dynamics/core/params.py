"""Immutable, validated parameter sets with a lossless JSON form."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping

from intimacy_dynamics.core.jsondata import parse_json
from intimacy_dynamics.core.quantities import Param
from intimacy_dynamics.core.validation import (
    as_finite_float,
    check_known_name,
    describe,
    require_mapping,
)
from intimacy_dynamics.errors import ParameterError

__all__ = ["NoiseSet", "ParamSet"]


class ParamSet(Mapping[str, float]):
    """An immutable mapping of every parameter of a model to a validated value.

    Create one with :meth:`Model.params`. Missing names take their defaults; an unknown
    name or a value outside the hard bounds raises :class:`~intimacy_dynamics.errors.
    ParameterError` naming the parameter, the value and the allowed range.

    Parameters
    ----------
    specs : mapping of str to Param
        The model's expanded parameter declarations, in order.
    values : mapping of str to float, optional
        Values that differ from the defaults.
    owner : str
        The model's name, used in messages and in the JSON form.

    Examples
    --------
    >>> from intimacy_dynamics import Param
    >>> specs = {"a": Param(1.0, bounds=(0, 5)).named("a"),
    ...          "b": Param(0.5, bounds=(0, 1)).named("b")}
    >>> ps = ParamSet(specs, {"a": 2.0}, owner="Toy")
    >>> ps
    ParamSet(Toy: a=2, b=0.5)
    >>> ps.evolve(b=0.25)["b"]
    0.25
    >>> ParamSet.from_json(specs, ps.to_json(), owner="Toy") == ps
    True
    >>> ps.evolve(b=3)
    Traceback (most recent call last):
    ...
    intimacy_dynamics.errors.ParameterError: parameter 'b' = 3 is outside its allowed range [0, 1]
    """

    __slots__ = ("_hash", "_owner", "_specs", "_values")
    #: What the set holds, in messages and as the key of its JSON form.
    kind, json_key = "parameter", "params"

    def __init__(
        self,
        specs: Mapping[str, Param],
        values: Mapping[str, object] | None = None,
        owner: str = "model",
    ):
        self._specs = specs
        self._owner = owner
        merged = {name: spec.default for name, spec in specs.items()}
        values = require_mapping({} if values is None else values, "params", ParameterError)
        for name, value in values.items():
            check_known_name(name, specs, self.kind, owner, ParameterError)
            merged[name] = as_finite_float(
                value, f"{self.kind} {name!r}", specs[name].bounds, ParameterError
            )
        self._values = merged
        self._hash = None

    # Mapping protocol -------------------------------------------------------------
    def __contains__(self, name: object) -> bool:
        return name in self._values

    def __getitem__(self, name: str) -> float:
        try:
            return self._values[name]
        except KeyError:
            check_known_name(name, self._specs, self.kind, self._owner, ParameterError)
            raise  # pragma: no cover - check_known_name always raises here

    def __iter__(self) -> Iterator[str]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, ParamSet):
            same_kind = type(self) is type(other)
            return same_kind and self._owner == other._owner and self._values == other._values
        return NotImplemented

    def __hash__(self) -> int:
        if self._hash is None:
            self._hash = hash((self._owner, tuple(self._values.items())))
        return self._hash

    def __repr__(self) -> str:
        changed = [f"{k}={v:g}" for k, v in self._values.items()]
        shown = ", ".join(changed[:8]) + (", ..." if len(changed) > 8 else "")
        return f"{type(self).__name__}({self._owner}: {shown})"

    # Value-object API -------------------------------------------------------------
    @property
    def owner(self) -> str:
        """Name of the model the set belongs to."""
        return self._owner

    @property
    def specs(self) -> Mapping[str, Param]:
        """The parameter declarations the set is validated against."""
        return self._specs

    def evolve(self, **changes: float) -> ParamSet:
        """Return a new set with ``changes`` applied (validated like the original)."""
        return ParamSet(self._specs, {**self._values, **changes}, owner=self._owner)

    def changed(self) -> dict[str, float]:
        """The parameters whose value differs from the default."""
        return {k: v for k, v in self._values.items() if v != self._specs[k].default}

    def as_list(self) -> list[float]:
        """Values in declaration order, as the compiled functions expect them."""
        return list(self._values.values())

    def to_dict(self) -> dict[str, float]:
        """A plain ``{name: value}`` dict of every parameter."""
        return dict(self._values)

    def to_json(self, indent: int | None = 2) -> str:
        """Serialize to JSON; floats are written exactly, so the round trip is lossless."""
        return json.dumps({"model": self._owner, self.json_key: self._values}, indent=indent)

    @classmethod
    def from_json(cls, specs: Mapping[str, Param], text: str, owner: str = "model") -> ParamSet:
        """Parse JSON written by :meth:`to_json` (as data: nothing is evaluated).

        Raises
        ------
        ParameterError
            If the text is not such JSON, names another model, or holds unknown names or
            out-of-range values.
        """
        what, key = f"{cls.kind} set JSON", cls.json_key
        data = require_mapping(
            parse_json(text, what, ParameterError),
            f'{what} {{"model": ..., "{key}": {{...}}}}',
            ParameterError,
        )
        params = require_mapping(data.get(key), f"{what}: {key}", ParameterError)
        model = data.get("model", owner)
        if model != owner:
            raise ParameterError(
                f"{cls.kind} set is for model {describe(model)}, not for {owner!r}"
            )
        return cls(specs, params, owner=owner)


class NoiseSet(ParamSet):
    """The noise intensities of a run: a :class:`ParamSet` of a model's ``Noise`` quantities.

    Create one with :meth:`Model.noise`; messages name noise intensities, not parameters.

    Examples
    --------
    >>> from intimacy_dynamics import Noise
    >>> specs = {"wobble": Noise(0.1, drives="x", bounds=(0, 1)).named("wobble")}
    >>> NoiseSet(specs, {"wobble": 0.3}, owner="Toy")
    NoiseSet(Toy: wobble=0.3)
    >>> NoiseSet(specs, {"wobble": 2}, owner="Toy")
    Traceback (most recent call last):
    ...
    intimacy_dynamics.errors.ParameterError: noise intensity 'wobble' = 2 is outside its ...
    """

    __slots__ = ()
    kind, json_key = "noise intensity", "noise"
