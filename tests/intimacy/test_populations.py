"""Populations of couples drawn around profiles, simulated as ensembles."""

import numpy as np
import pytest

from intimacy_dynamics import BadInputError, IntimacyModel, simulate, simulate_ensemble
from intimacy_dynamics.intimacy.populations import couples, people

MODEL = IntimacyModel()


def test_drawn_people_stay_inside_the_bounds_and_around_their_profile():
    table = people(2000, "fearful_of_intimacy", spread=0.2, seed=4)
    for name, values in table.items():
        low, high = MODEL.param_specs[name].bounds
        assert values.min() >= low
        assert values.max() <= high
    assert table["fear_of_intimacy_A"].mean() == pytest.approx(0.9, abs=0.02)  # fixed by profile
    assert table["depth_A"].std() > 0.01  # traits vary around the profile


def test_population_members_agree_with_simulate():
    table = couples(40, "secure", "guarded", seed=5)
    result = simulate_ensemble(MODEL, table, t_span=(0.0, 100.0), n_points=101, keep="all")
    for k in (0, 17, 39):
        run = simulate(
            MODEL, (0.0, 100.0), {n: float(v[k]) for n, v in table.items()}, n_points=101
        )
        np.testing.assert_allclose(
            result.trajectories("intimacy_A")[k], run["intimacy_A"], atol=1e-5
        )


def test_P09_holds_across_populations_not_just_for_one_couple():
    def mean_intimacy(culture, role):
        table = couples(150, f"{culture}_{role}", f"{culture}_{role}", seed=6)
        result = simulate_ensemble(MODEL, table, n_points=51)
        return 0.5 * (result.long_run("intimacy_A").mean() + result.long_run("intimacy_B").mean())

    western = mean_intimacy("western", "woman") - mean_intimacy("western", "man")
    other = mean_intimacy("non_western", "woman") - mean_intimacy("non_western", "man")
    assert western > 0.05
    assert abs(other) < 0.3 * western


def test_bad_population_requests_are_refused():
    with pytest.raises(BadInputError, match="n = 0 must be a positive integer"):
        people(0)
    with pytest.raises(BadInputError, match=r"spread = 2 is outside its allowed range"):
        people(10, spread=2)
