"""A scenario: one named, reproducible simulation setting, stored as plain JSON data.

A scenario names a model and holds everything needed to rerun a simulation: the
parameters that differ from the defaults, the initial states that differ, the time
span and any inputs over time. Scenario files are parsed as data: every field is
type-checked, numbers are validated against the model's bounds when the scenario is
used, and nothing in a file is ever evaluated.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from numbers import Real

from intimacy_dynamics.core.jsondata import parse_json
from intimacy_dynamics.core.validation import (
    as_finite_float,
    describe,
    require_list,
    require_mapping,
    type_name,
)
from intimacy_dynamics.errors import BadInputError
from intimacy_dynamics.simulation.inputs import Signal, signal_from_dict
from intimacy_dynamics.simulation.simulate import simulate

__all__ = ["Scenario", "ScenarioError"]

_FIELDS = {
    "name",
    "title",
    "description",
    "model",
    "params",
    "y0",
    "t_span",
    "inputs",
    "phenomena",
    "settings",
}


class ScenarioError(BadInputError):
    """A scenario file or value is malformed."""


@dataclass(frozen=True)
class Scenario:
    """A named simulation setting.

    Attributes
    ----------
    name : str
        Identifier, e.g. ``"P05_guarded_high_trust"``.
    title, description : str
        What the scenario shows, for people.
    model : str
        Name of the model it is for (``model.name``).
    params, y0 : dict of str to float
        Parameters and initial states that differ from the model's defaults.
    t_span : (float, float) or None
        Time span; None means the model's default.
    inputs : dict of str to Signal
        Parameters driven over time.
    phenomena : tuple of str
        Ids of the phenomena (``"P05"``) the scenario demonstrates.
    settings : dict of str to float
        What is not a parameter of the model but decides a lab's run (a noise
        intensity, a seed): the lab's own settings, by name. Written to JSON only when
        there are any.

    Examples
    --------
    >>> s = Scenario("demo", model="Toy", params={"k": 0.5}, t_span=(0, 10))
    >>> Scenario.from_json(s.to_json()) == s
    True
    >>> Scenario.from_json('{"name": "x", "model": "Toy", "params": {"k": "__import__"}}')
    Traceback (most recent call last):
    ...
    intimacy_dynamics.simulation.scenario.ScenarioError: scenario 'x': params['k'] must be a...
    """

    name: str
    title: str = ""
    description: str = ""
    model: str = ""
    params: dict[str, float] = field(default_factory=dict)
    y0: dict[str, float] = field(default_factory=dict)
    t_span: tuple[float, float] | None = None
    inputs: dict[str, Signal] = field(default_factory=dict)
    phenomena: tuple[str, ...] = ()
    settings: dict[str, float] = field(default_factory=dict)

    def __post_init__(self):
        if not isinstance(self.name, str) or not self.name:
            raise ScenarioError(
                f"a scenario needs a non-empty string name, not {describe(self.name)}"
            )
        where = f"scenario {self.name!r}"
        for key in ("title", "description", "model"):
            if not isinstance(getattr(self, key), str):
                raise ScenarioError(
                    f"{where}: {key} must be a string, not {describe(getattr(self, key))}"
                )
        object.__setattr__(self, "params", _numbers(self.params, f"{where}: params"))
        object.__setattr__(self, "y0", _numbers(self.y0, f"{where}: y0"))
        object.__setattr__(self, "settings", _numbers(self.settings, f"{where}: settings"))
        object.__setattr__(self, "t_span", _span(self.t_span, where))
        object.__setattr__(self, "inputs", _signals(self.inputs, where))
        phenomena = require_list(self.phenomena, f"{where}: phenomena", ScenarioError)
        if not all(isinstance(p, str) for p in phenomena):
            raise ScenarioError(f"{where}: phenomena must be strings such as 'P05'")
        object.__setattr__(self, "phenomena", tuple(phenomena))

    def __hash__(self) -> int:
        return hash((self.name, self.model, json.dumps(self.to_dict(), sort_keys=True)))

    # ---------------------------------------------------------------- running
    def check_model(self, model) -> None:
        """Raise unless ``model`` is the model this scenario was written for, or extends it.

        A subclass of the named model (an extension, as lesson 07 builds one) runs the
        scenario too: it has every quantity the scenario sets.
        """
        lineage = {model.name, *(klass.__name__ for klass in type(model).__mro__)}
        if self.model and self.model not in lineage:
            raise ScenarioError(f"scenario {self.name!r} is for {self.model}, not {model.name}")

    def run(self, model, **overrides):
        """Simulate the scenario with ``model``; keyword arguments go to :func:`simulate`.

        ``params``, ``y0`` and ``inputs`` given here as mappings are merged into the
        scenario's own (as in :meth:`evolve`): an override changes what it names and keeps
        the rest. A full state vector as ``y0`` replaces the scenario's.
        """
        self.check_model(model)
        options = {
            "t_span": self.t_span,
            "params": self.params,
            "y0": self.y0,
            "inputs": self.inputs,
        }
        for key, value in overrides.items():
            if key in ("params", "y0", "inputs") and isinstance(value, Mapping):
                value = {**options[key], **value}
            options[key] = value
        options["inputs"] = options["inputs"] or None
        return simulate(model, **options)

    def evolve(self, **changes) -> Scenario:
        """A copy with fields replaced; ``params``/``y0`` changes are merged in."""
        data = {f.name: getattr(self, f.name) for f in fields(self)}
        for key, value in changes.items():
            if key in ("params", "y0", "inputs", "settings"):
                data[key] = {**data[key], **value}
            elif key in data:
                data[key] = value
            else:
                raise ScenarioError(f"Scenario has no field {key!r}")
        return Scenario(**data)

    # ------------------------------------------------------------------- JSON
    def to_dict(self) -> dict:
        """Plain data for JSON."""
        return {
            "name": self.name,
            "title": self.title,
            "description": self.description,
            "model": self.model,
            "params": dict(self.params),
            "y0": dict(self.y0),
            "t_span": list(self.t_span) if self.t_span else None,
            "inputs": {k: v.to_dict() for k, v in self.inputs.items()},
            "phenomena": list(self.phenomena),
            **({"settings": dict(self.settings)} if self.settings else {}),
        }

    def to_json(self, indent: int | None = 2) -> str:
        """Serialize to JSON (floats written exactly)."""
        return json.dumps(self.to_dict(), indent=indent)

    @classmethod
    def from_dict(cls, data: object, source: str = "a scenario") -> Scenario:
        """Build from plain data (parsed JSON), checking every field's type."""
        data = require_mapping(data, source, ScenarioError)
        unknown = set(data) - _FIELDS
        if unknown:
            listing = ", ".join(sorted(map(describe, unknown)))
            raise ScenarioError(f"unknown scenario field(s) in {source}: {listing}")
        values = dict(data)
        if "name" not in values:
            raise ScenarioError(f"{source} needs a name")
        where = f"scenario {describe(values['name'])}"
        if values.get("t_span") is not None:
            values["t_span"] = require_list(values["t_span"], f"{where}: t_span", ScenarioError)
        inputs = values.get("inputs")
        inputs = require_mapping(
            {} if inputs is None else inputs, f"{where}: inputs", ScenarioError
        )
        values["inputs"] = {}
        for key, signal in inputs.items():
            try:
                values["inputs"][key] = signal_from_dict(signal)
            except BadInputError as exc:
                raise ScenarioError(f"{where}: input {describe(key)}: {exc}") from None
        if values.get("phenomena") is None:
            values["phenomena"] = ()
        return cls(**values)

    @classmethod
    def from_json(cls, text: str, source: str = "scenario JSON") -> Scenario:
        """Parse a scenario from JSON text (data only; see :mod:`~intimacy_dynamics.core.jsondata`).

        ``source`` names the text in error messages (``"settings"``, a file name).
        """
        return cls.from_dict(parse_json(text, source, ScenarioError), source)


def _numbers(table: object, where: str) -> dict[str, float]:
    table = require_mapping(table, where, ScenarioError)
    checked = {}
    for key, value in table.items():
        if not isinstance(key, str):
            raise ScenarioError(f"{where}: every name must be a string, not {describe(key)}")
        if isinstance(value, bool) or not isinstance(value, Real):
            raise ScenarioError(f"{where}[{key!r}] must be a number, not {type_name(value)}")
        checked[key] = as_finite_float(value, f"{where}[{key!r}]", error=ScenarioError)
    return checked


def _span(span: object, where: str) -> tuple[float, float] | None:
    if span is None:
        return None
    start, end = require_list(span, f"{where}: t_span [start, end]", ScenarioError, length=2)
    start = as_finite_float(start, f"{where}: t_span start", error=ScenarioError)
    end = as_finite_float(end, f"{where}: t_span end", error=ScenarioError)
    if not end > start:
        raise ScenarioError(f"{where}: t_span {[start, end]!r} must have end > start")
    return start, end


def _signals(table: object, where: str) -> dict[str, Signal]:
    table = require_mapping(table, f"{where}: inputs", ScenarioError)
    for key, value in table.items():
        if not isinstance(value, Signal):
            raise ScenarioError(
                f"{where}: input {describe(key)} must be a Signal, not {describe(value)}"
            )
    return dict(table)
