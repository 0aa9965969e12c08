"""A virtual daily-diary study: simulated couples report on their days, as in the field.

:func:`diary_study` follows couples through ``days`` days after a burn-in, and each
partner reports on each day, as in Laurenceau, Barrett & Rovine (2005):

**Days differ.** How much a couple talks and how deep the talk goes change from day to
day: each partner's speaking share for the day is drawn from a Beta distribution with
mean :data:`TALK_MEAN` and the day's depth from a Beta distribution around the person's
own depth (``depth_spread`` its standard deviation). The model is integrated through
the days (one vectorized ensemble run per day for all couples).

**The daily report** is read from the model on a 1–7 rating scale (1 not at all,
7 very much: ``1 + 6 x`` for a model quantity ``x`` in ``[0, 1]``):

- ``disclosure``: what the person disclosed that day, the day's mean of ``exposure``
  (speaking x willingness x the weight of the material x authenticity);
- ``partner_disclosure``: the partner's ``exposure``, the day's mean, as the person
  reports it (with the person's own measurement error);
- ``perceived_responsiveness``: the day's mean of perceived responsiveness;
- ``intimacy``: felt intimacy at the end of the day (the report is written in the
  evening, after the day's exchanges: the state after them, not their average).

**Measurement error** with standard deviation ``measurement_sd`` (in scale points) is
added to every rating, and a share ``missing`` of the person-days is missing at random
(all four ratings NaN).

**Noise in the dynamics** (``noise=``) is optional. At the model's declared
intensities the day-to-day wavering of felt intimacy is several times the part that
the day's disclosure explains, and a 100-couple, 42-day diary no longer detects the
within-person effects (their intervals include 0); at a quarter of the declared
intensities (``noise=0.25``) it still does.

**Reproducible.** Every couple draws its days, errors and missing days from its own
stream, spawned from ``numpy.random.SeedSequence(seed)``: a couple's diary does not
depend on how many couples are in the study.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from intimacy_dynamics.core.validation import as_finite_float, check_count
from intimacy_dynamics.errors import BadInputError
from intimacy_dynamics.intimacy.model import IntimacyModel
from intimacy_dynamics.intimacy.populations import couples as draw_couples
from intimacy_dynamics.studies.multilevel import DIARY_COLUMNS
from intimacy_dynamics.studies.segments import Segment, run_segments

__all__ = ["DIARY_DEFAULTS", "SCALE", "TALK_MEAN", "diary_study", "rating"]

#: The rating scale of the reports: 1 (not at all) to 7 (very much).
SCALE = (1.0, 7.0)
#: A day's speaking share: Beta(4, 3), mean 4/7, standard deviation about 0.17.
TALK_SHAPE = (4.0, 3.0)
TALK_MEAN = TALK_SHAPE[0] / sum(TALK_SHAPE)
#: The design's declared settings: ``{name: (default, bounds, meaning)}``.
DIARY_DEFAULTS = {
    "depth_spread": (0.15, (0.0, 0.3), "day-to-day standard deviation of disclosure depth"),
    "measurement_sd": (0.15, (0.0, 2.0), "measurement error of a rating (scale points)"),
    "missing": (0.1, (0.0, 0.5), "share of person-days missing at random"),
    "burn_in": (200.0, (0.0, 1000.0), "days the couples live before the diary starts"),
}
#: Readings per day from which the day's means are taken (trapezoidal rule).
READINGS_PER_DAY = 9
MAX_DAYS = 365


def rating(value):
    """A model quantity in ``[0, 1]`` on the 1–7 rating scale.

    Examples
    --------
    >>> rating(np.array([0.0, 0.5, 1.0])).tolist()
    [1.0, 4.0, 7.0]
    """
    low, high = SCALE
    return low + (high - low) * value


def diary_study(
    couples: Mapping[str, np.ndarray] | int,
    days: int = 42,
    *,
    seed: int,
    depth_spread: float = DIARY_DEFAULTS["depth_spread"][0],
    measurement_sd: float = DIARY_DEFAULTS["measurement_sd"][0],
    missing: float = DIARY_DEFAULTS["missing"][0],
    burn_in: float = DIARY_DEFAULTS["burn_in"][0],
    noise=None,
    model: IntimacyModel | None = None,
) -> pd.DataFrame:
    """Daily reports of simulated couples (see the module docs for the design).

    Parameters
    ----------
    couples : mapping or int
        A table of couples' parameters from
        :func:`~intimacy_dynamics.intimacy.populations.couples`, or a number of neutral
        couples to draw with ``seed``.
    days : int
        Days of the diary (1 to 365).
    seed : int
        Seed of the days, the errors and the missing reports.
    depth_spread, measurement_sd, missing, burn_in : float
        The design (:data:`DIARY_DEFAULTS` gives each one's meaning and bounds).
    noise : optional
        ``None`` (the default): the days differ only by what is disclosed. Otherwise
        the diary's days are noisy runs of the model, as ``noise=`` of
        :func:`~intimacy_dynamics.simulate_ensemble` (``True``: the declared
        intensities); each day has its own streams, one per couple.
    model : IntimacyModel, optional

    Returns
    -------
    DataFrame
        One row per person and day: ``couple``, ``partner``, ``day`` and the four
        ratings of :data:`~intimacy_dynamics.studies.multilevel.DIARY_COLUMNS`
        (NaN on missing days). ``frame.attrs["design"]`` records the settings.

    Examples
    --------
    >>> frame = diary_study(6, days=5, seed=1)
    >>> frame.shape, sorted(frame["partner"].unique())
    ((60, 7), ['A', 'B'])
    >>> bool(frame["intimacy"].dropna().between(*SCALE).all())
    True
    """
    model = model or IntimacyModel()
    design = _design(
        days=days,
        depth_spread=depth_spread,
        measurement_sd=measurement_sd,
        missing=missing,
        burn_in=burn_in,
    )
    table = _couples(couples, seed, model)
    n = len(next(iter(table.values())))
    streams = [np.random.default_rng(s) for s in np.random.SeedSequence(seed).spawn(n)]
    talk, depth = _days(streams, table, design)
    truth = _simulate(model, table, talk, depth, design, noise, seed)
    frame = _reports(truth, streams, design)
    frame.attrs["design"] = {**design, "seed": seed, "couples": n}
    return frame


def _design(**settings) -> dict:
    design = {"days": check_count(settings.pop("days"), "days", 1, MAX_DAYS)}
    for name, value in settings.items():
        design[name] = as_finite_float(value, name, DIARY_DEFAULTS[name][1])
    return design


def _couples(couples, seed, model) -> dict[str, np.ndarray]:
    if isinstance(couples, int) and not isinstance(couples, bool):
        return draw_couples(check_count(couples, "couples", 1), seed=seed, model=model)
    if not isinstance(couples, Mapping) or not couples:
        raise BadInputError(
            f"couples must be a table from populations.couples() or a number, not {couples!r}"
        )
    lengths = {np.size(values) for values in couples.values()}
    if len(lengths) != 1:
        raise BadInputError(f"couples' columns must have one length, not {sorted(lengths)}")
    return {name: np.atleast_1d(np.asarray(values, float)) for name, values in couples.items()}


def _days(streams, table, design):
    """Each couple's speaking shares and depths, ``(couples, days, 2)``, from its stream."""
    days, spread = design["days"], design["depth_spread"]
    own = np.stack([table.get(f"depth_{p}", np.full(len(streams), 0.5)) for p in "AB"], axis=-1)
    talk = np.stack([rng.beta(*TALK_SHAPE, size=(days, 2)) for rng in streams])
    depth = np.stack([_beta_around(rng, own[k], spread, days) for k, rng in enumerate(streams)])
    return talk, depth


def _beta_around(rng, mean, spread, days) -> np.ndarray:
    """``(days, 2)`` draws with the given means and standard deviation ``spread``."""
    if spread == 0:
        return np.broadcast_to(mean, (days, 2)).copy()
    mean = np.clip(mean, 0.01, 0.99)  # a Beta's mean lies strictly inside (0, 1)
    concentration = np.maximum(mean * (1 - mean) / spread**2 - 1, 1.0)
    return rng.beta(mean * concentration, (1 - mean) * concentration, size=(days, 2))


def _simulate(model, table, talk, depth, design, noise, seed) -> dict[str, np.ndarray]:
    """The model's daily quantities, each ``(couples, days, 2)``."""
    settle = Segment(design["burn_in"], {f"speaking_{p}": TALK_MEAN for p in "AB"})
    start = run_segments(model, table, [settle]) if design["burn_in"] > 0 else None
    daily = [_day(talk[:, d], depth[:, d]) for d in range(design["days"])]
    readings = {"exposure": [], "perceived_responsiveness": [], "intimacy": []}

    def read(_, result):
        for name in ("exposure", "perceived_responsiveness"):
            readings[name].append([_day_mean(result.trajectories(f"{name}_{p}")) for p in "AB"])
        readings["intimacy"].append([result.final(f"intimacy_{p}") for p in "AB"])

    run_segments(
        model,
        table,
        daily,
        y0=start,
        n_points=READINGS_PER_DAY,
        keep="all",
        on_segment=read,
        noise=noise,
        seed=None if noise is None else lambda day: _day_seed(seed, day),
    )
    # (days, 2, couples) -> (couples, days, 2)
    return {name: np.moveaxis(np.asarray(values), -1, 0) for name, values in readings.items()}


#: The spawn key of the dynamics' streams, apart from the couples' own (0, 1, ...).
DYNAMICS_KEY = 2**32


def _day_seed(seed: int, day: int) -> np.random.SeedSequence:
    """The root of day ``day``'s noise: couple ``i`` draws from its child ``i``."""
    return np.random.SeedSequence(seed, spawn_key=(DYNAMICS_KEY, day))


def _day(talk, depth) -> Segment:
    """One day: each partner's speaking share and depth, one value per couple."""
    changes = {}
    for k, p in enumerate("AB"):
        changes[f"speaking_{p}"], changes[f"depth_{p}"] = talk[:, k], depth[:, k]
    return Segment(1.0, changes)


def _day_mean(series: np.ndarray) -> np.ndarray:
    """Each member's mean over the day, by the trapezoidal rule on equally spaced readings."""
    return (series.sum(axis=1) - (series[:, 0] + series[:, -1]) / 2) / (series.shape[1] - 1)


def _reports(truth, streams, design) -> pd.DataFrame:
    """The ratings with measurement error and missing days, one row per person and day."""
    n, days = truth["exposure"].shape[:2]
    values = {
        "disclosure": truth["exposure"],
        "partner_disclosure": truth["exposure"][..., ::-1],
        "perceived_responsiveness": truth["perceived_responsiveness"],
        "intimacy": truth["intimacy"],
    }
    sd, missing = design["measurement_sd"], design["missing"]
    errors = np.stack([rng.normal(0.0, sd, size=(days, 2, len(values))) for rng in streams])
    lost = np.stack([rng.random((days, 2)) < missing for rng in streams])
    columns = {}
    for k, (name, value) in enumerate(values.items()):
        report = rating(value) + errors[..., k]
        columns[name] = np.where(lost, np.nan, report).transpose(0, 2, 1).reshape(-1)
    index = {
        "couple": np.repeat(np.arange(n), 2 * days),
        "partner": np.tile(np.repeat(["A", "B"], days), n),
        "day": np.tile(np.arange(1, days + 1), 2 * n),
    }
    return pd.DataFrame({**index, **columns})[list(DIARY_COLUMNS)]
