"""A scenario: one named, reproducible simulation setting, stored as plain JSON data.

A scenario names a model and holds everything needed to rerun a simulation: the
parameters that differ from the defaults, the initial states that differ, the time
span and any inputs over time. Scenario files are parsed as data: every field is
type-checked, numbers are validated against the model's bounds when the scenario is
used, and nothing in a file is ever evaluated.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from numbers import Real
from urllib.parse import quote, unquote

from intimacy_dynamics.core.jsondata import MAX_JSON_CHARS, parse_json
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

__all__ = ["LINK_SAFE", "Scenario", "ScenarioError", "model_lineage"]

_FIELDS = {"name", "title", "description", "model", "params", "y0", "t_span", "inputs", "phenomena"}

#: The characters a link's fragment keeps as they are: JavaScript's encodeURIComponent
#: leaves these (and letters, digits, ``-_.``) unescaped, so Python and the page write
#: the same fragment for the same JSON text.
LINK_SAFE = "!~*'()"
#: A ``%`` that is not followed by two hex digits (bad percent-encoding).
_BAD_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")
_LINK_SOURCE = "the link's text"


def model_lineage(model) -> list[str]:
    """The model names a scenario may be written for to run ``model``.

    Its own name and the names of its classes: a subclass of the named model (an
    extension, as lesson 07 builds one) runs the scenario too.

    Examples
    --------
    >>> from intimacy_dynamics import IntimacyModel
    >>> model_lineage(IntimacyModel())[:2]
    ['IntimacyModel', 'IntimacyModel']
    """
    return [model.name, *(klass.__name__ for klass in type(model).__mro__)]


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
        if self.model and self.model not in model_lineage(model):
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
            if key in ("params", "y0", "inputs"):
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
        }

    def to_json(self, indent: int | None = 2) -> str:
        """Serialize to JSON (floats written exactly)."""
        return json.dumps(self.to_dict(), indent=indent)

    def compact_json(self) -> str:
        """The JSON a link carries: no spaces, only the fields that hold something.

        ``name`` and ``model`` are always written; empty texts, tables and lists and a
        missing ``t_span`` are left out (they load as their defaults).

        Examples
        --------
        >>> Scenario("mine", model="Toy", params={"k": 0.5}).compact_json()
        '{"name":"mine","model":"Toy","params":{"k":0.5}}'
        """
        full = self.to_dict()
        data = {key: full[key] for key in ("name", "model")}
        data.update({key: value for key, value in full.items() if key not in data and value})
        return json.dumps(data, separators=(",", ":"), ensure_ascii=False)

    def to_fragment(self) -> str:
        """The fragment of a link to these settings (without ``#``).

        That is :meth:`compact_json`, percent-encoded as the page's
        ``encodeURIComponent`` encodes it.

        Examples
        --------
        >>> Scenario("mine", model="Toy", params={"k": 0.5}).to_fragment()
        '%7B%22name%22%3A%22mine%22%2C%22model%22%3A%22Toy%22%2C%22params%22%3A%7B%22k%22%3A0.5%7D%7D'
        """
        return quote(self.compact_json(), safe=LINK_SAFE)

    @classmethod
    def from_text(cls, text: str, source: str = "scenario JSON") -> Scenario:
        """Read the text of a settings box: scenario JSON, or a link to a standalone page.

        Text that starts with ``{`` is JSON. Anything else is a link (or its fragment):
        the part after ``#``, percent-decoded, must be scenario JSON. Both are parsed as
        data (:meth:`from_json`).

        Examples
        --------
        >>> link = "lab.html#" + Scenario("mine", model="Toy", params={"k": 0.5}).to_fragment()
        >>> Scenario.from_text(link).params
        {'k': 0.5}
        >>> Scenario.from_text("lab.html#%7B%zz")
        Traceback (most recent call last):
        ...
        intimacy_dynamics.simulation.scenario.ScenarioError: the link's text is not valid...
        """
        if not isinstance(text, str):
            raise ScenarioError(f"{source} must be text, not {describe(text)}")
        stripped = text.strip()
        if stripped.startswith("{"):
            return cls.from_json(stripped, source)
        fragment = stripped.partition("#")[2] if "#" in stripped else stripped
        if len(fragment) > 3 * MAX_JSON_CHARS:
            raise ScenarioError(
                f"{_LINK_SOURCE} has {len(fragment):,} characters, more than the limit of "
                f"{3 * MAX_JSON_CHARS:,}"
            )
        try:
            if _BAD_PERCENT.search(fragment):
                raise UnicodeDecodeError("utf-8", b"", 0, 1, "a lone %")
            decoded = unquote(fragment, errors="strict")
        except UnicodeDecodeError:
            raise ScenarioError(
                f"{_LINK_SOURCE} is not valid percent-encoding (a % must be followed by two "
                "hex digits of UTF-8)"
            ) from None
        return cls.from_json(decoded, _LINK_SOURCE)

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
