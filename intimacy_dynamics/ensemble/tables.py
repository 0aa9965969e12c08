"""Tables of per-member values: normalize and validate parameters or initial states.

A table gives each ensemble member its own values. It can be

* a mapping ``{name: value}``, each value a scalar (shared by every member) or a
  sequence with one value per member;
* a pandas ``DataFrame``, one row per member and one column per name;
* a list of mappings, one per member (names a member omits take their defaults).

Names not in the table take the model's defaults. Every value is checked against the
quantity's hard bounds; an error names the quantity, the offending value, the member
and the allowed range.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from intimacy_dynamics.core.validation import (
    as_finite_float,
    as_real,
    check_known_name,
    format_range,
)
from intimacy_dynamics.errors import BadInputError, ParameterError, StateError

__all__ = ["MemberTable", "member_table"]


@dataclass(frozen=True)
class MemberTable:
    """Validated per-member values of one kind of quantity (parameters or states).

    Attributes
    ----------
    names : list of str
        Every quantity of that kind, in the model's order.
    columns : dict of str to float or ndarray
        A float for a value shared by all members, else an array of shape ``(n,)``.
    n : int or None
        The number of members the table fixes (None when every value is shared).
    """

    names: list[str]
    columns: dict[str, float | np.ndarray]
    n: int | None

    def as_list(self) -> list:
        """Values in the model's order: what ``rhs_vectorized`` takes as ``p``."""
        return [self.columns[name] for name in self.names]

    def as_array(self, n_members: int) -> np.ndarray:
        """Values broadcast to shape ``(len(names), n_members)`` (initial states)."""
        return np.array([np.broadcast_to(v, (n_members,)) for v in self.as_list()], dtype=float)

    def column(self, name: str, n_members: int) -> np.ndarray:
        """The values of ``name`` for every member, shape ``(n_members,)``."""
        return np.broadcast_to(np.asarray(self.columns[name], dtype=float), (n_members,))


def member_table(model, table, kind: str = "parameter") -> MemberTable:
    """Normalize and validate a table of per-member ``kind`` values (see module docstring).

    Parameters
    ----------
    model : Model
    table : mapping, DataFrame, list of mappings or None
    kind : {"parameter", "state"}

    Examples
    --------
    >>> import sympy, intimacy_dynamics as idyn
    >>> x, k = sympy.symbols("x k")
    >>> decay = idyn.Model.from_equations({x: -k * x},
    ...     params={k: idyn.Param(0.5, bounds=(0, 2))}, states={"x": idyn.State(1.0)})
    >>> table = member_table(decay, {"k": [0.1, 0.2, 0.4]})
    >>> table.n, table.as_list()
    (3, [array([0.1, 0.2, 0.4])])
    >>> member_table(decay, [{"k": 0.1}, {"k": 3.0}])
    Traceback (most recent call last):
    ...
    intimacy_dynamics.errors.ParameterError: parameter 'k' of member 1 = 3.0 is outside ... [0, 2]
    """
    if kind not in ("parameter", "state"):
        raise BadInputError(f"kind = {kind!r} must be 'parameter' or 'state'")
    specs = model.param_specs if kind == "parameter" else model.state_specs
    error = ParameterError if kind == "parameter" else StateError
    given = _as_mapping(table, specs, kind, error)
    columns: dict[str, float | np.ndarray] = {}
    lengths: dict[str, int] = {}
    for name, value in given.items():
        check_known_name(name, specs, kind, model.name, error)
        columns[name] = _column(name, value, specs[name].bounds, kind, error)
        if isinstance(columns[name], np.ndarray):
            lengths[name] = columns[name].size
    if len(set(lengths.values())) > 1:
        listing = ", ".join(f"{n}: {k}" for n, k in lengths.items())
        raise BadInputError(f"the {kind} columns have different lengths ({listing})")
    for name, spec in specs.items():
        columns.setdefault(name, float(spec.default))
    n = next(iter(lengths.values()), None)
    return MemberTable(list(specs), {name: columns[name] for name in specs}, n)


def _as_mapping(table, specs, kind, error) -> dict:
    if table is None:
        return {}
    if hasattr(table, "columns") and hasattr(table, "to_numpy"):  # a pandas DataFrame
        return {str(c): table[c].to_numpy(dtype=float) for c in table.columns}
    if isinstance(table, Mapping):
        return dict(table)
    if isinstance(table, Sequence) and not isinstance(table, str):
        rows = list(table)
        if not rows or not all(isinstance(r, Mapping) for r in rows):
            raise BadInputError(f"a list {kind} table must be a non-empty list of mappings")
        names = list(dict.fromkeys(name for row in rows for name in row))
        for name in names:
            if name not in specs:
                check_known_name(name, specs, kind, "the model", error)
        return {n: [row.get(n, specs[n].default) for row in rows] for n in names}
    raise BadInputError(
        f"a {kind} table must be a mapping, a pandas DataFrame or a list of mappings, "
        f"not {type(table).__name__}"
    )


def _column(name, value, bounds, kind, error) -> float | np.ndarray:
    if np.ndim(value) == 0:
        return as_finite_float(value, f"{kind} {name!r}", bounds, error)
    try:
        values = np.asarray(value, dtype=float)
    except OverflowError:  # an integer too large for a float: name the member
        values = np.array([as_real(v) if as_real(v) is not None else np.nan for v in value])
    except (TypeError, ValueError):
        raise error(f"{kind} {name!r} must be a number or a sequence of numbers") from None
    if values.ndim != 1 or values.size == 0:
        raise error(f"{kind} {name!r} must be a scalar or a 1-D sequence, one value per member")
    lo, hi = bounds
    bad = np.nonzero(~(np.isfinite(values) & (values >= lo) & (values <= hi)))[0]
    if bad.size:
        member = int(bad[0])
        raw = value[member] if isinstance(value, Sequence) else values[member]
        as_finite_float(raw, f"{kind} {name!r} of member {member}", bounds, error)
        raise error(  # pragma: no cover - as_finite_float raised already
            f"{kind} {name!r} of member {member} is outside {format_range(bounds)}"
        )
    return values
