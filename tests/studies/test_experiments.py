"""Virtual experiments: random assignment, effect sizes, and the published orderings."""

import numpy as np
import pytest

from intimacy_dynamics.errors import BadInputError
from intimacy_dynamics.studies.experiments import (
    MIN_PAIRS,
    cohens_d,
    fast_friends,
    turn_taking_experiment,
)

#: Pairs per condition in the acceptance tests: the model's turn-taking advantage on
#: closeness for strangers is small (d about 0.3), so 100 pairs leave its interval
#: near 0 (its lower bound is above 0 for 3 of seeds 0 to 4) and 300 give it a margin
#: (seeds 0 to 4 all pass at 300; the lowest bound of d is 0.04, seed 4).
PAIRS = 300


@pytest.fixture(scope="module")
def turns():
    return turn_taking_experiment(PAIRS, seed=0)


@pytest.fixture(scope="module")
def friends():
    return fast_friends(100, seed=0)


@pytest.mark.parametrize("measure", ["closeness", "liking"])
def test_turn_taking_pairs_end_above_extended_pairs(turns, measure):
    row = turns.contrast(measure, "turn-taking", "extended")
    assert row.ci_low > 0, row
    assert row.d_low > 0, row


def test_in_the_one_way_exchange_the_listener_likes_the_discloser_more(turns):
    row = turns.contrast("liking", "listener", "discloser")
    assert row.ci_low > 0, row
    assert row.design == "within pairs (one-way)"


def test_fast_friends_end_closer_than_small_talk(friends):
    row = friends.contrast("closeness", "fast friends", "small talk")
    assert row.ci_low > 0, row
    assert row.d > 0.5


def test_every_condition_gets_its_own_pairs(turns):
    people = turns.people
    per_condition = people.groupby("condition")["pair"].nunique()
    assert per_condition.eq(PAIRS).all()
    assert people["pair"].nunique() == 3 * PAIRS  # no pair is in two conditions
    assert set(people.loc[people["condition"] == "one-way", "role"]) == {"listener", "discloser"}


def test_the_means_table_and_figure(turns):
    means = turns.means
    assert set(means["measure"]) == {"closeness", "liking"}
    assert (means["ci_low"] < means["mean"]).all()
    assert (means["mean"] < means["ci_high"]).all()
    assert len(turns.figure().data) == 2


def test_the_same_seed_repeats_the_experiment_and_another_seed_does_not():
    first = fast_friends(MIN_PAIRS, seed=4)
    again = fast_friends(MIN_PAIRS, seed=4)
    other = fast_friends(MIN_PAIRS, seed=5)
    assert first.people.equals(again.people)
    assert not np.allclose(first.people["liking"], other.people["liking"])


def test_cohens_d_of_two_samples_a_pooled_sd_apart():
    rng = np.random.default_rng(0)
    x, y = rng.normal(0.5, 1, 4000), rng.normal(0, 1, 4000)
    d, low, high = cohens_d(x, y)
    assert low < d < high
    assert low < 0.5 < high
    assert high - low < 0.1


@pytest.mark.parametrize("n_pairs", [MIN_PAIRS - 1, 0, 2.5, "many"])
def test_too_few_pairs_are_refused(n_pairs):
    with pytest.raises(BadInputError, match="n_pairs"):
        turn_taking_experiment(n_pairs, seed=0)


def test_an_unknown_contrast_is_refused_with_the_known_ones(friends):
    with pytest.raises(BadInputError, match="there are"):
        friends.contrast("closeness", "small talk", "fast friends")
