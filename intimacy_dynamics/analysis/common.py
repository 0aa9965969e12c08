"""Checks and helpers shared by the analysis functions."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np

from intimacy_dynamics.core.limits import MAX_GRID_POINTS, format_bytes
from intimacy_dynamics.core.model import check_model
from intimacy_dynamics.core.validation import (
    check_count,
    check_known_name,
    check_range,
    describe,
    require_mapping,
)
from intimacy_dynamics.errors import BadInputError, ParameterError, StateError

__all__ = ["check_param", "check_range", "check_states", "projection_grid", "state_box"]


def check_states(model, names: Sequence[str]) -> list[str]:
    """Each name must be a state of ``model`` (a projection onto a missing state fails)."""
    return [check_known_name(n, model.state_names, "state", model.name, StateError) for n in names]


def check_param(model, name: str) -> str:
    """``name`` must be a parameter of ``model``."""
    return check_known_name(name, model.param_names, "parameter", model.name, ParameterError)


def projection_grid(model, x, y, grid, ranges, what: str, min_points: int = 2):
    """Two different states and the grid axes over them (soft ranges unless given).

    Returns ``x, y, xs, ys``. ``what`` names the result in errors ("a phase plane"). The
    grid has at most :data:`~intimacy_dynamics.core.limits.MAX_GRID_POINTS` points.
    """
    check_model(model)
    names = model.state_names
    x = x or names[0]
    y = y or (names[1] if len(names) > 1 else None)
    if y is None or x == y:
        raise BadInputError(f"{what} needs two different states")
    check_states(model, [x, y])
    pair = isinstance(grid, tuple | list) and len(grid) == 2
    nx, ny = grid if pair else (grid, grid)
    counts = [check_count(n, f"grid = {describe(grid)}: points", min_points) for n in (nx, ny)]
    points = counts[0] * counts[1]
    if points > MAX_GRID_POINTS:
        memory = format_bytes(points * len(names) * 8)
        raise BadInputError(
            f"grid = {describe(grid)} has {points:,} points, more than the limit of "
            f"{MAX_GRID_POINTS:,}: it would need {memory} for the {len(names)} states"
        )
    ranges = dict(require_mapping(ranges or {}, "ranges", StateError))
    check_states(model, list(ranges))
    axes = []
    for name, count in zip((x, y), counts, strict=True):
        spec = model.state_specs[name]
        low, high = check_range(f"range of {name!r}", ranges.get(name, spec.soft), spec.bounds)
        axes.append(np.linspace(low, high, count))
    return x, y, axes[0], axes[1]


def state_box(model, box: Mapping[str, tuple[float, float]] | None) -> tuple[np.ndarray, ...]:
    """Lower and upper corners of a box of states: each state's soft range unless given."""
    box = dict(require_mapping(box or {}, "box", StateError))
    check_states(model, list(box))
    lower, upper = [], []
    for name, spec in model.state_specs.items():
        low, high = check_range(f"range of state {name!r}", box.get(name, spec.soft), spec.bounds)
        if not (math.isfinite(low) and math.isfinite(high)):  # pragma: no cover
            raise BadInputError(f"range of state {name!r} must be finite")
        lower.append(low)
        upper.append(high)
    return np.array(lower), np.array(upper)
