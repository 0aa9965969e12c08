"""Measure the signatures of the phenomena P01–P16 on their named scenarios.

Each ``pNN(model=None)`` function runs the scenarios of one phenomenon and returns the
numbers its signature is about, as a plain dict. :mod:`~intimacy_dynamics.intimacy.
signatures` states each signature as conditions on these numbers; the tests, the
robustness table and the notebooks all use them. "Long-run" is the mean over the last
quarter of a run.

Every function takes the model to measure (the default model when None), so the same
measurement runs on a copy whose defaults were perturbed
(:meth:`~intimacy_dynamics.Model.with_defaults`): each scenario's own settings then sit
on top of the perturbed defaults.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache

import numpy as np

from intimacy_dynamics.errors import BadInputError
from intimacy_dynamics.intimacy import catalog
from intimacy_dynamics.intimacy.endings import classify_ending
from intimacy_dynamics.intimacy.model import IntimacyModel
from intimacy_dynamics.intimacy.traits import NEGATIVE_TRAITS, POSITIVE_TRAITS
from intimacy_dynamics.simulation.simulate import simulate

__all__ = [
    "MEDIATION_REFERENCE",
    "MEDIATOR",
    "RESPONSE_CHAIN",
    "RESPONSE_CHAIN_QUANTITIES",
    "STRESS_COUPLES",
    "Mediation",
    "StressResponse",
    "couple_long_run",
    "holding",
    "mediation",
    "model",
    "response_chain",
    "rise_times",
    "run",
    "stress_response",
]


@cache
def model() -> IntimacyModel:
    """The model every measurement uses by default (compiled once)."""
    return IntimacyModel()


def _on(model_or_none) -> IntimacyModel:
    return model() if model_or_none is None else model_or_none


@lru_cache(maxsize=32)
def holding(*states: str, model: IntimacyModel | None = None) -> IntimacyModel:
    """A copy of ``model`` in which ``states`` stay at their initial values.

    Used to hold a quantity fixed, e.g. perceived responsiveness for the mediation
    analysis of P07, by setting its rate to zero. The copy keeps ``model``'s defaults.
    """
    held = _on(model).copy()
    for state in states:
        held.set_rate(state, 0)
    return held


def run(name: str, on=None, **overrides):
    """Simulate the named scenario (on ``model()`` unless another model is given)."""
    return catalog.load(name).run(_on(on), **overrides)


def long_run(name: str, quantity: str, on=None, **overrides) -> float:
    """The long-run value of ``quantity`` in the named scenario."""
    return run(name, on, **overrides).tail_mean(quantity)


def p01(on=None) -> dict:
    """Long-run intimacy of A with a supportive, disinterested and critical partner."""
    return {
        kind: long_run(f"P01_{kind}_partner", "intimacy_A", on)
        for kind in ("supportive", "disinterested", "critical")
    }


def p02(on=None) -> dict:
    """Intimacy by depth and emotion; trust after a week of disclosing to a critic."""
    result = {
        f"{d}_{k}": long_run(f"P02_{d}_{k}", "intimacy_A", on)
        for d in ("shallow", "deep")
        for k in ("factual", "emotional")
    }
    for depth in ("shallow", "deep"):
        result[f"trust_after_critic_{depth}"] = run(f"P02_{depth}_to_a_critic", on).final()[
            "trust_A"
        ]
    return result


def p03_p04(names, on=None) -> dict:
    """A's perceived responsiveness after 10 days of disclosing (held at 0.8)."""
    held = holding("disclosure_A", model=on)
    return {name: run(name, held).final()["perceived_responsiveness_A"] for name in names}


#: The links from B's response to A's feeling, in order (P03, P04), with their labels.
RESPONSE_CHAIN = {
    "shown": "B's responsiveness (shown)",
    "conveyed": "What B's words and cues convey",
    "read": "What A reads in them",
    "perceived": "A's perceived responsiveness",
}


#: The quantity of the model each link of :data:`RESPONSE_CHAIN` is.
RESPONSE_CHAIN_QUANTITIES = {
    "shown": "responsiveness_B",
    "conveyed": "response_conveyed_A",
    "read": "response_reading_A",
    "perceived": "perceived_responsiveness_A",
}


def response_chain(run) -> dict[str, np.ndarray]:
    """The links of :data:`RESPONSE_CHAIN` over the times of ``run``.

    Parameters
    ----------
    run : Trajectory
        A run of the intimacy model (or of a copy with states held).

    Returns
    -------
    dict of str to ndarray
        ``shown`` (B's responsiveness), ``conveyed`` (what B's words and cues say, read
        without bias), ``read`` (the same through A's interpretation bias) and
        ``perceived`` (A's perceived responsiveness), each in ``[0, 1]``.

    Examples
    --------
    >>> held = holding("disclosure_A")
    >>> chain = response_chain(run("P03_sarcastic_smirk", on=held))
    >>> bool(chain["conveyed"][-1] < 0.5 < chain["shown"][-1])  # B cares; the smirk says not
    True
    """
    return {link: np.asarray(run[name]) for link, name in RESPONSE_CHAIN_QUANTITIES.items()}


def couple_long_run(a, b, on=None) -> dict[str, float]:
    """Long-run intimacy of A and B in the couple of people ``a`` and ``b`` (as in P08).

    Examples
    --------
    >>> from intimacy_dynamics.intimacy.endings import DISTANT
    >>> from intimacy_dynamics.intimacy.traits import profile
    >>> guarded = profile("guarded")
    >>> couple_long_run(guarded, guarded)["A"] < DISTANT      # two guarded people: distant
    True
    """
    params = {**a.parameters("A"), **b.parameters("B")}
    end = run("P08_neutral_person", on, params=params)
    return {p: end.tail_mean(f"intimacy_{p}") for p in "AB"}


#: The two couples P15 compares: label -> catalog scenario.
STRESS_COUPLES = {
    "Intimate couple": "P15_stress_high_intimacy",
    "Distant couple": "P15_stress_low_intimacy",
}


def p05(on=None) -> dict:
    """A guarded couple from high and low initial trust, and where the boundary lies."""
    result = {
        level: long_run(f"P05_guarded_{level}_trust", "intimacy_A", on) for level in ("high", "low")
    }
    scenario = catalog.load("P05_guarded_high_trust")
    lo, hi = 0.2, 0.8
    for _ in range(12):  # bisection on the initial trust of both partners
        middle = 0.5 * (lo + hi)
        end = scenario.run(_on(on), y0={"trust_A": middle, "trust_B": middle})
        lo, hi = (lo, middle) if classify_ending(end).leans == "intimate" else (middle, hi)
    result["boundary"] = 0.5 * (lo + hi)
    return result


def p06(on=None) -> dict:
    """Reciprocity: B's openness and care, and alternating turns against long blocks.

    B's openness is measured by A's willingness over :data:`FOLLOWING_DAYS`, the days
    after the two begin to talk, when what B discloses shapes what A dares next.
    """
    result = {}
    for level in ("shallow", "deep"):
        end = run(f"P06_B_discloses_{level}", on, n_points=601)
        following = (end.t >= FOLLOWING_DAYS[0]) & (end.t <= FOLLOWING_DAYS[1])
        result[f"willingness_A_B_{level}"] = float(end["disclosure_A"][following].mean())
    for level in ("little", "much"):
        end = run(f"P06_B_cares_{level}", on)
        result[f"perceived_A_B_cares_{level}"] = end.tail_mean("perceived_responsiveness_A")
        result[f"responsiveness_A_B_cares_{level}"] = end.tail_mean("responsiveness_A")
    for label in ("alternating_turns", "long_blocks"):
        end = run(f"P06_{label}", on, n_points=801)
        result[f"intimacy_{label}"] = float(end["intimacy_A"][-1] + end["intimacy_B"][-1]) / 2
        if label == "long_blocks":  # at the end of A's block: B listened, A disclosed
            k = np.searchsorted(end.t, catalog.SESSION / 2)
            result["listener_intimacy"] = float(end["intimacy_B"][k])
            result["discloser_intimacy"] = float(end["intimacy_A"][k])
    return result


#: The days over which P06 measures A's willingness after B's disclosures begin.
FOLLOWING_DAYS = (5.0, 15.0)


def p07(on=None) -> dict:
    """Mediation: the effect of deeper disclosure with perceived responsiveness held."""
    test = mediation(catalog.load("P07_deep_disclosure").params, on=on)
    return {key: test.numbers[key] for key in ("total", "direct", "indirect_share")}


#: The state the mediation test of P07 holds fixed, and the scenario of its reference depth.
MEDIATOR = "perceived_responsiveness_A"
MEDIATION_REFERENCE = "P07_shallow_disclosure"


@dataclass(frozen=True)
class Mediation:
    """The mediation test of P07 on one couple (see :func:`mediation`).

    Attributes
    ----------
    numbers : dict
        ``reference_depth`` and ``depth`` (A's depth before and after the change),
        ``held_at`` (where A's perceived responsiveness is held), ``before`` (A's
        intimacy when the change comes), the ``total`` and ``direct`` change of A's
        intimacy (feeling understood free and held), and ``indirect_share``, the share
        of the total that runs through feeling understood (NaN when there is no change).
    free, held : Trajectory
        The runs from the change on, A's perceived responsiveness free and held.
    """

    numbers: dict
    free: object
    held: object


def mediation(params, y0=None, *, on=None, **options) -> Mediation:
    """P07 on any couple: how much of the effect of A's depth runs through feeling understood.

    The couple first settles with A disclosing at the depth of P07's shallow scenario
    (the other parameters as given); from then on A discloses at the depth of
    ``params``, once with A's perceived responsiveness free and once held where it was.

    Parameters
    ----------
    params : mapping
        The couple, with A's new depth.
    y0 : mapping, optional
        Where the settling run starts.
    on : IntimacyModel, optional
    **options
        Passed to :func:`~intimacy_dynamics.simulate` (``inputs``, ``rtol``, ...);
        ``t_span`` is the reference scenario's.

    Examples
    --------
    >>> deep = catalog.load("P07_deep_disclosure").params
    >>> share = mediation(deep).numbers["indirect_share"]
    >>> bool(abs(share - p07()["indirect_share"]) < 0.01)
    True
    """
    model = _on(on)
    reference = catalog.load(MEDIATION_REFERENCE)
    span = reference.t_span or model.t_span
    params = model.params(params)
    settled = simulate(model, span, params.evolve(**reference.params), y0=y0, **options)
    start = {
        name: float(np.clip(value, *model.state_specs[name].bounds))
        for name, value in zip(model.state_names, settled.y[:, -1], strict=True)
    }
    free = simulate(model, span, params, y0=start, **options)
    held = simulate(holding(MEDIATOR, model=on), span, params, y0=start, **options)
    before = start["intimacy_A"]
    total = float(free["intimacy_A"][-1] - before)
    direct = float(held["intimacy_A"][-1] - before)
    numbers = {
        "reference_depth": float(reference.params["depth_A"]),
        "depth": float(params["depth_A"]),
        "held_at": start[MEDIATOR],
        "before": before,
        "total": total,
        "direct": direct,
        "indirect_share": 1 - direct / total if abs(total) > 1e-9 else float("nan"),
    }
    return Mediation(numbers, free, held)


def p08(on=None) -> dict:
    """Change of A's long-run intimacy when each trait alone is raised to 0.9."""
    neutral = long_run("P08_neutral_person", "intimacy_A", on)
    effects = {"neutral": neutral}
    for trait in (
        *POSITIVE_TRAITS,
        *NEGATIVE_TRAITS,
        "differentiation",
        "vulnerability_reluctance",
    ):
        effects[trait] = long_run(f"P08_high_{trait}", "intimacy_A", on) - neutral
    return effects


def p09(on=None) -> dict:
    """Intimacy gaps between women's, men's and mixed pairs, in two cultures."""
    result = {}
    for culture in ("western", "non_western"):
        pairs = {}
        for pair in ("women", "men", "mixed"):
            end = run(f"P09_{culture}_{pair}", on)
            pairs[pair] = (end.tail_mean("intimacy_A"), end.tail_mean("intimacy_B"))
        result[f"{culture}_same_sex_gap"] = float(np.mean(pairs["women"]) - np.mean(pairs["men"]))
        result[f"{culture}_mixed_gap"] = pairs["mixed"][0] - pairs["mixed"][1]
    return result


def p10(levels=(0.85, 0.45, 0.36, 0.29, 0.19), on=None) -> dict:
    """Late-time closeness amplitude (and state) as differentiation of both falls."""
    scenario = catalog.load("P10_well_differentiated")
    result = {}
    for level in levels:
        end = scenario.run(
            _on(on), params={"differentiation_A": level, "differentiation_B": level}, n_points=3201
        )
        late = end.t >= 600
        closeness = end["closeness_A"][late]
        result[level] = {
            "amplitude": float(np.ptp(closeness)),
            "intimacy": float(end["intimacy_A"][late].mean()),
            "sense_of_self": float(end["sense_of_self_A"][late].mean()),
        }
    return result


def p11(on=None) -> dict:
    """Drop and 90 % recovery time of intimacy after the same disagreement."""
    result = {}
    for label in ("fused", "differentiated"):
        end = run(f"P11_{label}_disagreement", on, n_points=2601)
        t, intimacy = end.t, end["intimacy_A"]
        base = intimacy[(t > 140) & (t < 150)].mean()
        after = t >= 150
        drop = base - intimacy[after].min()
        lowest = t[after][np.argmin(intimacy[after])]
        back = t[(t > lowest) & (intimacy >= base - 0.1 * drop)]
        result[label] = {
            "drop": float(drop),
            "recovery": float(back[0] - 150) if back.size else np.inf,
        }
    return result


def p12(on=None) -> dict:
    """Intimacy, closeness and self of a differentiated and a fused partner A."""
    result = {}
    for label in ("tolerates_separateness", "trades_disclosure_for_closeness"):
        end = run(f"P12_{label}", on)
        result[label] = {
            q: end.tail_mean(f"{q}_A") for q in ("intimacy", "closeness", "sense_of_self")
        }
    return result


def p13(on=None) -> dict:
    """Instant intimacy against gradual escalation."""
    instant, gradual = (
        run("P13_instant_intimacy", on, n_points=1201),
        run("P13_gradual_escalation", on, n_points=1201),
    )
    day2 = np.searchsorted(instant.t, 2.0)
    return {
        "instant_disclosure_day2": float(instant["disclosure_A"][day2]),
        "instant_trust_day2": float(instant["trust_A"][day2]),
        "instant_min_self": float(instant["sense_of_self_A"].min()),
        "gradual_min_self": float(gradual["sense_of_self_A"].min()),
        "instant_intimacy": instant.tail_mean("intimacy_A"),
        "gradual_intimacy": gradual.tail_mean("intimacy_A"),
    }


def p14(on=None) -> dict:
    """A fearful person's attempts to open up, and where they end."""
    end = run("P14_fear_of_intimacy", on, n_points=2001)
    peaks = [
        float(end["disclosure_A"][(end.t > s) & (end.t < s + catalog.ATTEMPT_DAYS + 1)].max())
        for s in catalog.ATTEMPTS
    ]
    return {
        "attempt_peaks": peaks,
        "intimacy": end.tail_mean("intimacy_A"),
        "disclosure": end.tail_mean("disclosure_A"),
        "loneliness": end.tail_mean("loneliness_A"),
        "reference_loneliness": long_run("P14_reference_person", "loneliness_A", on),
    }


def p15(on=None) -> dict:
    """Distress after the same stress pulse in an intimate and a distant couple."""
    result = {}
    for label in ("high", "low"):
        response = stress_response(run(f"P15_stress_{label}_intimacy", on, n_points=2001), 150.0)
        result[label] = {
            "intimacy": response.intimacy,
            "rise": response.rise,
            "duration": response.days_above,
            "loneliness": response.loneliness,
        }
    return result


#: Days before the stress over which the baseline distress is averaged.
BASELINE_DAYS = 10.0
#: How far above its baseline distress must be to count as "above the threshold".
MARGIN = 0.1
#: The partner the P15 stress hits.
STRESSED = "A"


@dataclass(frozen=True)
class StressResponse:
    """How one partner's distress answered a stress event.

    Attributes
    ----------
    baseline : float
        Mean distress over the days before the stress.
    threshold : float
        ``baseline + margin``: distress above it counts as raised.
    rise : float
        Peak distress after the stress began, minus the baseline.
    days_above : float
        Days from the first crossing above the threshold to the last crossing back
        below it (0 if distress never crossed).
    recovered : bool
        False if distress was still above the threshold at the end of the run.
    intimacy, loneliness : float
        The partner's mean intimacy and loneliness over the days before the stress.
    """

    baseline: float
    threshold: float
    rise: float
    days_above: float
    recovered: bool
    intimacy: float
    loneliness: float


def stress_response(
    run, start: float, partner: str = STRESSED, *, margin=MARGIN, baseline_days=BASELINE_DAYS
) -> StressResponse:
    """Measure a partner's distress around a stress event that begins at ``start``.

    P15 is measured with it; the threshold crossings are interpolated between output
    times.

    Parameters
    ----------
    run : Trajectory
        A run of the intimacy model that covers ``baseline_days`` before ``start``.
    start : float
        The day the stress begins.
    partner : str
        ``"A"`` or ``"B"``.
    margin, baseline_days : float
        Threshold above the baseline, and the days the baseline is averaged over.

    Examples
    --------
    >>> from intimacy_dynamics.intimacy import phenomena
    >>> run = phenomena.run("P15_stress_high_intimacy", n_points=2001)
    >>> response = stress_response(run, start=150.0)
    >>> round(response.threshold - response.baseline, 2), response.recovered
    (0.1, True)
    >>> 0 < response.rise < 1 and 0 < response.days_above < 30
    True
    """
    t = np.asarray(run.t)
    before = (t > start - baseline_days) & (t < start)
    after = t >= start
    if not before.any() or not after.any():
        raise BadInputError(
            f"the run (days {t[0]:g} to {t[-1]:g}) must cover the {baseline_days:g} days "
            f"before the stress starts (day {start:g}) and the time after it"
        )
    distress = np.asarray(run[f"distress_{partner}"])
    baseline = float(distress[before].mean())
    threshold = baseline + margin
    days, recovered = _time_above(t[after], distress[after], threshold)
    return StressResponse(
        baseline=baseline,
        threshold=threshold,
        rise=float(distress[after].max() - baseline),
        days_above=days,
        recovered=recovered,
        intimacy=float(np.asarray(run[f"intimacy_{partner}"])[before].mean()),
        loneliness=float(np.asarray(run[f"loneliness_{partner}"])[before].mean()),
    )


def _time_above(t: np.ndarray, x: np.ndarray, level: float) -> tuple[float, bool]:
    """Time from the first crossing above ``level`` to the last one back below.

    Also says whether the series came back below ``level`` before its end.
    """
    above = np.flatnonzero(x > level)
    if above.size == 0:
        return 0.0, True
    first, last = above[0], above[-1]
    up = t[0] if first == 0 else _crossing(t, x, first - 1, level)
    if last == len(t) - 1:
        return float(t[-1] - up), False
    return float(_crossing(t, x, last, level) - up), True


def _crossing(t: np.ndarray, x: np.ndarray, i: int, level: float) -> float:
    """Where the straight line between samples ``i`` and ``i + 1`` meets ``level``."""
    return float(t[i] + (level - x[i]) / (x[i + 1] - x[i]) * (t[i + 1] - t[i]))


def p16(on=None) -> dict:
    """How intimacy rises between strangers: times to 10, 50, 90 % and the largest step."""
    end = run("P16_strangers", on, n_points=1201)
    intimacy = 0.5 * (end["intimacy_A"] + end["intimacy_B"])
    times = rise_times(end.t, intimacy)
    return {
        "t10": times[0.1],
        "t50": times[0.5],
        "t90": times[0.9],
        "final": float(intimacy[-1]),
        "largest_step": float(np.max(np.abs(np.diff(intimacy)))),
        "step": float(end.t[1] - end.t[0]),
    }


def rise_times(t, values, fractions=(0.1, 0.5, 0.9), min_rise: float = 0.05) -> dict | None:
    """Days by which ``values`` first covered each fraction of its rise (start to end).

    Returns None when the values do not rise by at least ``min_rise``. Crossing times
    are interpolated between output times.

    Examples
    --------
    >>> t = np.linspace(0, 10, 11)
    >>> rise_times(t, t / 10)
    {0.1: 1.0, 0.5: 5.0, 0.9: 9.0}
    >>> rise_times(t, 1 - t / 10) is None
    True
    """
    t, values = np.asarray(t, dtype=float), np.asarray(values, dtype=float)
    start, end = values[0], values[-1]
    if not end - start >= min_rise:
        return None
    times = {}
    for fraction in fractions:
        level = start + fraction * (end - start)
        k = int(np.argmax(values >= level))
        if k == 0:
            times[fraction] = float(t[0])
            continue
        share = (level - values[k - 1]) / (values[k] - values[k - 1])
        times[fraction] = float(t[k - 1] + share * (t[k] - t[k - 1]))
    return times
