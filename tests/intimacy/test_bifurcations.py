"""The analysis toolkit on our own model: the P10 Hopf and the P05 folds, confirmed.

Continuation locates the bifurcations; brute-force simulation (orbit measurements and
basin maps) confirms them on both sides.
"""

from functools import cache

import pytest

from intimacy_dynamics import IntimacyModel
from intimacy_dynamics.analysis import basins, continuation, limit_cycle
from intimacy_dynamics.intimacy.catalog import load
from intimacy_dynamics.intimacy.fusion import both_partners


@cache
def hopf():
    branch = continuation(both_partners(), None, "differentiation", (0.85, 0.15))
    assert [p.kind for p in branch.special_points] == ["hopf"]
    return branch.hopfs[0]


def test_P10_continuation_locates_the_hopf_in_differentiation():
    point = hopf()
    assert 0.3 < point.value < 0.5
    assert 8 < point.period < 16  # days: a pursue-distance cycle of about two weeks


@pytest.mark.parametrize("offset", [0.03, -0.03])
def test_P10_simulation_confirms_the_hopf_on_both_sides(offset):
    point = hopf()
    cycle = limit_cycle(
        both_partners(),
        {"differentiation": point.value + offset},
        "closeness_A",
        t_span=(0.0, 800.0),
        transient=0.6,
    )
    if offset > 0:
        assert not cycle.oscillating  # steady above the critical value
    else:
        assert cycle.oscillating
        assert cycle.amplitude > 0.1
        assert cycle.period == pytest.approx(point.period, rel=0.2)


@cache
def folds():
    """The folds in the disclosure threshold, from the distant branch at a high threshold."""
    guarded = load("P05_guarded_high_trust").params
    branch = continuation(IntimacyModel(), guarded, "disclosure_threshold", (1.2, -0.3))
    return guarded, sorted(p.value for p in branch.folds)


def attractors_reached(threshold):
    guarded, _ = folds()
    found = basins(
        IntimacyModel(),
        {**guarded, "disclosure_threshold": threshold},
        "trust_A",
        "trust_B",
        grid=10,
        ranges={"trust_A": (0.05, 0.95), "trust_B": (0.05, 0.95)},
        t_end=400.0,
    )
    return {k: v for k, v in found.fractions.items() if k >= 0 and v > 0.02}


def test_P05_continuation_locates_two_folds_around_the_guarded_couple():
    _guarded, (low, high) = folds()
    default = IntimacyModel().param_specs["disclosure_threshold"].default
    assert low < default < high  # bistable by default
    assert high - low > 0.05


def test_P05_basins_confirm_bistability_between_the_folds_and_not_outside():
    _, (low, high) = folds()
    inside = attractors_reached(0.5 * (low + high))
    assert len(inside) == 2
    assert min(inside.values()) > 0.1  # both basins are substantial
    for outside in (low - 0.04, high + 0.04):
        assert len(attractors_reached(outside)) == 1
