"""The shared number validator and count checks: nothing crashes them."""

import decimal
import fractions
import math

import numpy as np
import pytest

from intimacy_dynamics import BadInputError, ParameterError
from intimacy_dynamics.core.limits import MAX_OUTPUT_TIMES, check_size
from intimacy_dynamics.core.validation import (
    as_finite_float,
    as_real,
    check_count,
    check_range,
    describe,
)
from tests.bad_input.conftest import refused


class BrokenRepr:
    def __repr__(self):
        raise RuntimeError("no repr")


@pytest.mark.parametrize(
    ("value", "shown", "why"),
    [
        (10**400, "an integer of 401 digits", "outside its allowed range"),
        (-(10**400), "a negative integer of 401 digits", "outside its allowed range"),
        (10**5000, "an integer of 5000 digits", "outside its allowed range"),
        (fractions.Fraction(10**400, 3), "Fraction(", "outside its allowed range"),
        ("0.5", "'0.5'", "not a real number"),
        ("", "''", "not a real number"),
        (True, "True", "not a real number"),
        (np.True_, "True", "not a real number"),
        (1 + 2j, "(1+2j)", "not a real number"),
        (np.complex128(0.5), "0.5", "not a real number"),
        (decimal.Decimal("0.5"), "Decimal('0.5')", "not a real number"),
        (None, "None", "not a real number"),
        ([0.5], "[0.5]", "not a real number"),
        (np.array([0.5, 0.6]), "array([0.5, 0.6])", "not a real number"),
        (float("nan"), "nan", "not a finite number"),
        (np.float32("nan"), "nan", "not a finite number"),
        (math.inf, "inf", "not a finite number"),
        (-math.inf, "-inf", "not a finite number"),
        (1.5, "1.5", "outside its allowed range [0, 1]"),
        (np.float64(-0.25), "-0.25", "outside its allowed range [0, 1]"),
        (BrokenRepr(), "a BrokenRepr object", "not a real number"),
        ("x" * 100_000, "(100002 characters)", "not a real number"),
    ],
    ids=lambda item: describe(item)[:20] if not isinstance(item, str) else None,
)
def test_the_validator_names_the_quantity_and_the_value(value, shown, why):
    message = refused(
        lambda: as_finite_float(value, "parameter 'depth'", (0, 1), ParameterError),
        ParameterError,
        "parameter 'depth'",
        shown,
        why,
    )
    assert len(message) < 300  # a huge value is described, not printed


def test_a_huge_integer_in_an_unbounded_quantity_is_too_large_for_a_float():
    refused(
        lambda: as_finite_float(10**400, "t_span end"),
        BadInputError,
        "t_span end",
        "too large for a floating-point number",
    )


@pytest.mark.parametrize(
    "value", [10**400, "3", 2.0, True, None, -1, 0, np.float64(3)], ids=describe
)
def test_counts_are_integers_in_range(value):
    refused(lambda: check_count(value, "n_starts", maximum=10), BadInputError, "n_starts")


@pytest.mark.parametrize(
    ("bounds", "culprit"),
    [
        ("0,1", "must be a pair"),
        ((0,), "must be a pair"),
        ((0, 1, 2), "must be a pair"),
        ((1, 0), "is empty"),
        ((0, "a"), "range of 'x' end"),
        ((math.nan, 1), "range of 'x' start"),
        ((0, 10**400), "an integer of 401 digits"),
    ],
)
def test_ranges_are_pairs_of_numbers_in_order(bounds, culprit):
    refused(lambda: check_range("range of 'x'", bounds, (-5, 5)), BadInputError, culprit)


def test_a_count_far_above_its_limit_names_the_memory_it_would_need():
    refused(
        lambda: check_size(10**9, "n_points", maximum=MAX_OUTPUT_TIMES, numbers_each=25),
        BadInputError,
        "n_points = 1000000000",
        "1,000,000",
        "186 GiB",
    )


def test_describing_and_reading_never_raise():
    for value in [10**10000, BrokenRepr(), object(), "\n" * 500, b"\xff" * 500]:
        assert "\n" not in describe(value)
        assert as_real(value) is None or as_real(value) == math.inf
