"""diary_study: daily reports of simulated couples, reproducible, with error and missing days."""

import numpy as np
import pytest

from intimacy_dynamics.errors import BadInputError
from intimacy_dynamics.intimacy.populations import couples
from intimacy_dynamics.studies.diary import SCALE, diary_study
from intimacy_dynamics.studies.multilevel import DIARY_COLUMNS

SHORT = {"burn_in": 30.0}


def test_the_frame_has_one_row_per_person_and_day_with_the_diary_columns():
    frame = diary_study(5, 7, seed=1, **SHORT)
    assert list(frame.columns) == list(DIARY_COLUMNS)
    assert len(frame) == 5 * 2 * 7
    assert frame.groupby(["couple", "partner"]).size().eq(7).all()
    assert frame.attrs["design"]["couples"] == 5


def test_the_same_seed_gives_the_same_diary_and_another_seed_another():
    first = diary_study(4, 5, seed=3, **SHORT)
    again = diary_study(4, 5, seed=3, **SHORT)
    other = diary_study(4, 5, seed=4, **SHORT)
    assert first.equals(again)
    assert not np.allclose(first["intimacy"].fillna(0), other["intimacy"].fillna(0))


def test_a_couples_diary_does_not_depend_on_the_other_couples_in_the_study():
    table = couples(6, seed=2)
    small = {name: values[:3] for name, values in table.items()}
    whole = diary_study(table, 5, seed=9, **SHORT)
    part = diary_study(small, 5, seed=9, **SHORT)
    head = whole[whole["couple"] < 3].reset_index(drop=True)
    assert head[["couple", "partner", "day"]].equals(part[["couple", "partner", "day"]])
    np.testing.assert_allclose(head["intimacy"], part["intimacy"], rtol=1e-6, equal_nan=True)


def test_without_error_a_partner_reports_exactly_what_the_other_disclosed():
    frame = diary_study(4, 6, seed=5, measurement_sd=0.0, missing=0.0, **SHORT)
    a = frame[frame["partner"] == "A"].reset_index(drop=True)
    b = frame[frame["partner"] == "B"].reset_index(drop=True)
    np.testing.assert_allclose(a["partner_disclosure"], b["disclosure"])
    low, high = SCALE
    assert frame[list(DIARY_COLUMNS[3:])].stack().between(low, high).all()


def test_measurement_error_has_the_declared_spread():
    frame = diary_study(20, 10, seed=6, measurement_sd=0.3, missing=0.0, **SHORT)
    a = frame[frame["partner"] == "A"].reset_index(drop=True)
    b = frame[frame["partner"] == "B"].reset_index(drop=True)
    # two independent errors on the same disclosure: SD of the difference 0.3 * sqrt(2)
    spread = (a["partner_disclosure"] - b["disclosure"]).std()
    assert 0.3 * np.sqrt(2) * 0.85 < spread < 0.3 * np.sqrt(2) * 1.15


def test_the_declared_share_of_person_days_is_missing_at_random():
    frame = diary_study(30, 20, seed=7, missing=0.2, **SHORT)
    lost = frame["intimacy"].isna()
    assert lost.equals(frame["disclosure"].isna())  # a missing day loses every rating
    assert 0.16 < lost.mean() < 0.24  # 1200 person-days: SE of the share 0.012
    by_partner = lost.groupby(frame["partner"]).mean()
    assert abs(by_partner["A"] - by_partner["B"]) < 0.06


def test_days_vary_within_a_person():
    frame = diary_study(6, 14, seed=8, measurement_sd=0.0, missing=0.0, **SHORT)
    spread = frame.groupby(["couple", "partner"])["disclosure"].std()
    # scale points: talk and depth change from day to day (less for a closed person)
    assert (spread > 0.01).all()
    assert spread.median() > 0.1


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"days": 0}, "days"),
        ({"days": 2.5}, "days"),
        ({"missing": 0.9}, "missing"),
        ({"measurement_sd": -1.0}, "measurement_sd"),
        ({"depth_spread": float("nan")}, "depth_spread"),
        ({"couples": "ten"}, "couples"),
        ({"couples": {"depth_A": [0.5, 0.5], "depth_B": [0.5]}}, "one length"),
    ],
)
def test_a_bad_design_is_refused_with_the_setting_named(kwargs, message):
    arguments = {"couples": 3, "days": 3, **kwargs}
    with pytest.raises(BadInputError, match=message):
        diary_study(arguments.pop("couples"), arguments.pop("days"), seed=0, **arguments)


def test_a_noisy_diary_is_reproducible_and_differs_from_the_quiet_one():
    quiet = diary_study(4, 4, seed=11, **SHORT)
    noisy = diary_study(4, 4, seed=11, noise=True, **SHORT)
    again = diary_study(4, 4, seed=11, noise=True, **SHORT)
    assert noisy.equals(again)
    assert not np.allclose(quiet["intimacy"].fillna(0), noisy["intimacy"].fillna(0))
    # the days, errors and missing days are the couples' own draws either way
    assert quiet["intimacy"].isna().equals(noisy["intimacy"].isna())
