"""Populations of couples: trait profiles drawn from distributions, as parameter tables.

A population draws each partner's 15 traits, differentiation and learned vulnerability
reluctance around a named profile (a normal spread, truncated to ``[0, 1]``), and maps
them to parameters with the same linear, monotone map as :class:`Person`. A drawn
person whose parameters would leave a hard bound is drawn again, not clipped. The
result is a table for :func:`intimacy_dynamics.simulate_ensemble`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from intimacy_dynamics.core.validation import as_finite_float
from intimacy_dynamics.ensemble import simulate_ensemble
from intimacy_dynamics.errors import BadInputError
from intimacy_dynamics.intimacy import catalog
from intimacy_dynamics.intimacy.endings import DISTANT
from intimacy_dynamics.intimacy.model import IntimacyModel
from intimacy_dynamics.intimacy.traits import TRAIT_MAP, TRAITS, profile

__all__ = [
    "DEFAULT_SPREAD",
    "MAX_SPREAD",
    "GroupRun",
    "couples",
    "group_label",
    "people",
    "simulate_groups",
]

#: How widely people are drawn around a profile (a normal spread of each trait), and the
#: widest spread a population allows.
DEFAULT_SPREAD = 0.1
MAX_SPREAD = 0.5
#: A group's couples are run as long as the P09 scenarios, at plot accuracy.
GROUP_POINTS = 101
GROUP_ACCURACY = {"rtol": 1e-4, "atol": 1e-7}


def people(
    n: int,
    name: str = "neutral",
    partner: str = "A",
    *,
    spread: float = DEFAULT_SPREAD,
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
    spread = as_finite_float(spread, "spread", (0.0, MAX_SPREAD))
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
    spread: float = DEFAULT_SPREAD,
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


def group_label(group: tuple[str, str]) -> str:
    """A group's name for people: ``"western woman & western man"``."""
    return " & ".join(name.replace("_", " ") for name in group)


@dataclass(frozen=True)
class GroupRun:
    """One simulated group of couples.

    Attributes
    ----------
    group : (str, str)
        The profiles of partner A and partner B.
    long_run : ndarray
        Each couple's long-run intimacy (mean of A and B over the last quarter).
    inside_gap : ndarray
        Each couple's long-run intimacy of A minus that of B.
    bands : ndarray, shape (3, n_times)
        The 25 %, 50 % and 75 % quantiles of the couples' intimacy (mean of A and B).
    reluctance : (float, float)
        Mean learned vulnerability reluctance of A and of B.
    failed : int
        Couples whose integration failed (left out of the figures).
    """

    group: tuple[str, str]
    long_run: np.ndarray
    inside_gap: np.ndarray
    bands: np.ndarray
    reluctance: tuple[float, float]
    failed: int

    @property
    def label(self) -> str:
        """The group's name for people."""
        return group_label(self.group)

    @property
    def distant_share(self) -> float:
        """The share of couples that end distant."""
        return float(np.mean(self.long_run < DISTANT))


def simulate_groups(groups, size: int, spread: float = DEFAULT_SPREAD, seed: int = 0, model=None):
    """Draw ``size`` couples per group around its profiles and simulate them all at once.

    Parameters
    ----------
    groups : sequence of (str, str)
        For each group, the profile of partner A and of partner B.
    size : int
        Couples per group.
    spread, seed
        As for :func:`~intimacy_dynamics.intimacy.populations.couples`; every group uses
        the same seed, so the groups share their random draws.
    model : IntimacyModel, optional

    Returns
    -------
    t : ndarray
        The output times.
    runs : list of GroupRun

    Examples
    --------
    >>> t, (women, men) = simulate_groups(
    ...     [("western_woman", "western_woman"), ("western_man", "western_man")],
    ...     size=40, spread=0.05, seed=1)
    >>> women.long_run.shape, women.bands.shape == (3, t.size)
    ((40,), True)
    >>> bool(np.median(women.long_run) > np.median(men.long_run))
    True
    """
    model = model or IntimacyModel()
    tables = [couples(size, a, b, spread=spread, seed=seed, model=model) for a, b in groups]
    table = {key: np.concatenate([t[key] for t in tables]) for key in tables[0]}
    span = catalog.load("P09_western_women").t_span
    result = simulate_ensemble(
        model, table, t_span=span, n_points=GROUP_POINTS, keep="all", **GROUP_ACCURACY
    )
    couple_mean = (result.trajectories("intimacy_A") + result.trajectories("intimacy_B")) / 2
    long_a, long_b = result.long_run("intimacy_A"), result.long_run("intimacy_B")
    runs = []
    for k, group in enumerate(groups):
        part = slice(k * size, (k + 1) * size)
        ok = ~result.failed[part]
        runs.append(
            GroupRun(
                group=tuple(group),
                long_run=((long_a[part] + long_b[part]) / 2)[ok],
                inside_gap=(long_a[part] - long_b[part])[ok],
                bands=np.quantile(couple_mean[part][ok], [0.25, 0.5, 0.75], axis=0)
                if ok.any()
                else np.full((3, result.t.size), np.nan),
                reluctance=tuple(
                    float(np.mean(result.param(f"vulnerability_reluctance_{p}")[part]))
                    for p in "AB"
                ),
                failed=int((~ok).sum()),
            )
        )
    return result.t, runs
