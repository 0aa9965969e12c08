"""The bad-input suite: every case runs under a timeout and names its culprit.

Each case calls one public entry point with one bad input and asserts the type of the
error and that its message names the culprit (the argument, field, file or value). A
case that hangs fails after :data:`TIMEOUT_SECONDS` instead of stalling the suite: a
hang guard, not a speed test (the budget tests finish in a second or two).
"""

import signal

import pytest
import sympy

from intimacy_dynamics import Model, Param, State

TIMEOUT_SECONDS = 60


class CaseTimeoutError(Exception):
    """A bad-input case did not return within its time."""


@pytest.fixture(autouse=True)
def timeout():
    """Fail the case if it runs longer than TIMEOUT_SECONDS (SIGALRM, main thread)."""

    def expire(signum, frame):
        raise CaseTimeoutError(f"the case ran longer than {TIMEOUT_SECONDS} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, TIMEOUT_SECONDS)
    yield
    signal.setitimer(signal.ITIMER_REAL, 0)
    signal.signal(signal.SIGALRM, previous)


def refused(call, error, *culprits):
    """Assert that ``call()`` raises ``error`` whose message names every culprit.

    A culprit is a plain string that must appear in the message (case-sensitive).
    Returns the message for further checks.
    """
    with pytest.raises(error) as caught:
        call()
    message = str(caught.value)
    assert type(caught.value).__module__.startswith("intimacy_dynamics"), type(caught.value)
    for culprit in culprits:
        assert culprit in message, f"{culprit!r} not named in: {message}"
    assert "Traceback" not in message
    return message


def raised(call):
    """The exception ``call()`` raises, or None (for properties over generated input)."""
    try:
        call()
    except Exception as exc:  # the caller asserts which types may escape
        return exc
    return None


@pytest.fixture(scope="session")
def decay():
    """x' = -k x: one state in [0, 2], one parameter k in [0, 5]."""
    x, k = sympy.symbols("x k")
    return Model.from_equations(
        {x: -k * x},
        params={k: Param(1.0, bounds=(0, 5))},
        states={"x": State(1.0, bounds=(0, 2))},
        name="Decay",
        t_span=(0, 10),
    )


@pytest.fixture(scope="session")
def rotor():
    """A centre: x' = -w y, y' = w x; it never settles, so a long span costs steps."""
    x, y, w = sympy.symbols("x y w")
    return Model.from_equations(
        {x: -w * y, y: w * x},
        params={w: Param(1.0, bounds=(0.1, 10))},
        states={"x": State(1.0, bounds=(-2, 2)), "y": State(0.0, bounds=(-2, 2))},
        name="Rotor",
        t_span=(0, 20),
    )
