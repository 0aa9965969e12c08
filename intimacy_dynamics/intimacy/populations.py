"""Populations of couples: trait profiles drawn from distributions, as parameter tables.

A population draws each partner's 15 traits, differentiation and learned vulnerability
reluctance around a named profile (a normal spread, truncated to ``[0, 1]``), and maps
them to parameters with the same linear, monotone map as :class:`Person`. A drawn
person whose parameters would leave a hard bound is drawn again, not clipped. The
result is a table for :func:`intimacy_dynamics.simulate_ensemble`.
"""

from __future__ import annotations

import numpy as np

from intimacy_dynamics.core.validation import as_finite_float
from intimacy_dynamics.errors import BadInputError
from intimacy_dynamics.intimacy.model import IntimacyModel
from intimacy_dynamics.intimacy.traits import TRAIT_MAP, TRAITS, profile

__all__ = ["couples", "people"]


def people(
    n: int,
    name: str = "neutral",
    partner: str = "A",
    *,
    spread: float = 0.1,
    seed: int | np.random.Generator | None = 0,
    model: IntimacyModel | None = None,
) -> dict[str, np.ndarray]:
    """Parameters of ``n`` people drawn around profile ``name``, as partner ``partner``.

    Examples
    --------
    >>> table = people(500, "guarded", spread=0.1, seed=1)
    >>> table["vulnerability_reluctance_A"].shape
    (500,)
    >>> bool(0.6 < table["vulnerability_reluctance_A"].mean() < 0.8)
    True
    """
    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        raise BadInputError(f"n = {n!r} must be a positive integer")
    spread = as_finite_float(spread, "spread", (0.0, 0.5))
    model = model or IntimacyModel()
    rng = np.random.default_rng(seed)
    person = profile(name)
    centre = person.parameters(partner, model)  # the profile's own parameters
    table = {key: np.empty(n) for key in centre}
    filled = 0
    for _ in range(50):  # redraw people who would leave a hard bound
        drawn = _draw(person, centre, partner, n - filled, spread, rng)
        inside = np.ones(n - filled, dtype=bool)
        for key, values in drawn.items():
            low, high = model.param_specs[key].bounds
            inside &= (values >= low) & (values <= high)
        count = int(inside.sum())
        for key, values in drawn.items():
            table[key][filled : filled + count] = values[inside]
        filled += count
        if filled == n:
            return table
    raise BadInputError(f"profile {name!r} with spread {spread} keeps leaving the bounds")


def _draw(person, centre, partner, n, spread, rng) -> dict[str, np.ndarray]:
    """Traits around the profile's, mapped like Person.parameters (no bounds check yet)."""
    values = {key: np.full(n, value) for key, value in centre.items()}
    for trait in TRAITS:
        level = person.traits.get(trait, 0.5)
        noise = np.clip(level + spread * rng.standard_normal(n), 0.0, 1.0) - level
        for base, weight in TRAIT_MAP[trait].items():
            key = f"{base}_{partner}"
            if base not in person.extra:  # a profile's fixed values stay as given
                values[key] = values[key] + weight * noise
    for base in ("differentiation", "vulnerability_reluctance"):
        key = f"{base}_{partner}"
        values[key] = np.clip(values[key] + spread * rng.standard_normal(n), 0.0, 1.0)
    return values


def couples(
    n: int,
    a: str = "neutral",
    b: str = "neutral",
    *,
    spread: float = 0.1,
    seed: int = 0,
    model: IntimacyModel | None = None,
) -> dict[str, np.ndarray]:
    """A table of ``n`` couples: partner A drawn around profile ``a``, B around ``b``.

    Examples
    --------
    >>> from intimacy_dynamics import simulate_ensemble
    >>> table = couples(64, "western_man", "western_man", seed=2)
    >>> result = simulate_ensemble(IntimacyModel(), table, n_points=51)
    >>> result.long_run("intimacy_A").shape
    (64,)
    """
    rng = np.random.default_rng(seed)
    model = model or IntimacyModel()
    return {
        **people(n, a, "A", spread=spread, seed=rng, model=model),
        **people(n, b, "B", spread=spread, seed=rng, model=model),
    }
