"""Every exercise check answers any input with feedback, never an exception."""

import decimal
import fractions
import importlib
import inspect
import pkgutil

import numpy as np
import pytest

import intimacy_dynamics.exercises as exercises
from intimacy_dynamics.core.validation import as_real, describe
from intimacy_dynamics.exercises import Feedback

HOSTILE = [
    10**400,
    -(10**400),
    10**5000,
    fractions.Fraction(10**400, 7),
    decimal.Decimal("1e999"),
    float("nan"),
    float("inf"),
    np.nan,
    1 + 2j,
    np.complex128(1j),
    True,
    "",
    "x" * 100_000,
    "\n",
    b"\xff",
    [],
    ["up"] * 10_000,
    {"answer": 1},
    object(),
    np.array([0.5, 0.6]),
]


def _checks():
    for info in pkgutil.iter_modules(exercises.__path__):
        module = importlib.import_module(f"{exercises.__name__}.{info.name}")
        for name, function in inspect.getmembers(module, inspect.isfunction):
            ours = function.__module__ == module.__name__ and info.name != "feedback"
            if name.startswith("check_") and ours:  # feedback's building blocks take more
                yield pytest.param(function, id=f"{info.name}.{name}")


CHECKS = list(_checks())


def test_every_lesson_has_checks():
    assert len(CHECKS) >= 40


@pytest.mark.slow
@pytest.mark.parametrize("check", CHECKS)
def test_a_check_gives_feedback_on_any_answer(check):
    for answer in HOSTILE:
        feedback = check(answer)
        assert isinstance(feedback, Feedback), (describe(answer), feedback)
        assert feedback.message
        assert len(feedback.message) < 2000  # a huge answer is described, not printed
        if as_real(answer) is None or np.isnan(as_real(answer)):
            assert feedback.correct is False, (describe(answer), feedback)
        # a huge number is still a number: a check for a sign may find it right
