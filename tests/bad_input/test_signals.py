"""Inputs over time: pulses, schedules and sums, built in Python or read from data."""

import numpy as np
import pytest

from intimacy_dynamics import BadInputError, Pulse, Schedule
from intimacy_dynamics.simulation.inputs import MAX_PARTS, SumOfSignals, signal_from_dict
from tests.bad_input.conftest import refused


@pytest.mark.parametrize(
    ("build", "culprits"),
    [
        (lambda: Pulse(10**400, 1, 1), ["Pulse start", "401 digits"]),
        (lambda: Pulse(0, "1", 1), ["Pulse duration", "'1'"]),
        (lambda: Pulse(0, 1, float("inf")), ["Pulse amplitude", "inf"]),
        (lambda: Pulse(0, 1, 1, shape=["box"]), ["Pulse shape", "'box' or 'exponential'"]),
        (lambda: Schedule(5, (1,)), ["Schedule times", "5"]),
        (lambda: Schedule("0 1", (1, 2)), ["Schedule times", "'0 1'"]),
        (lambda: Schedule((0, 1), (1, "x")), ["Schedule value 1", "'x'"]),
        (lambda: Schedule((0, float("nan")), (1, 2)), ["Schedule time 1", "nan"]),
        (lambda: Schedule((), ()), ["Schedule needs", "at least one"]),
        (lambda: Schedule(range(10**6), range(10**6)), ["Schedule times", "1,000,000 items"]),
        (lambda: Schedule.alternating(1, 10**9), ["n_turns", "1000000000", "5,000"]),
        (lambda: Schedule.alternating(1, 2.5), ["n_turns = 2.5"]),
        (lambda: Schedule.alternating(1, 2, start="now"), ["Schedule start", "'now'"]),
        (lambda: SumOfSignals(()), ["SumOfSignals needs 1 to 100 parts", "not 0"]),
        (lambda: SumOfSignals((Pulse(1, 1, 1), 0.5)), ["SumOfSignals parts", "0.5"]),
        (
            lambda: SumOfSignals(tuple(Pulse(k, 1, 0.1) for k in range(MAX_PARTS + 1))),
            ["SumOfSignals parts has 101 items", "limit of 100"],
        ),
        (
            lambda: sum((Pulse(k, 1, 0.1) for k in range(1, MAX_PARTS + 2)), Pulse(0, 1, 0)),
            ["SumOfSignals parts has 101 items", "limit of 100"],
        ),
        (
            lambda: Pulse(0.5, 1, 1) + Schedule(np.arange(9999.0), np.zeros(9999)),
            ["SumOfSignals has 10,001 breakpoints", "10,000"],
        ),
        (lambda: signal_from_dict({"type": "Pulse", "start": 0}), ["Pulse fields are incomplete"]),
        (
            lambda: signal_from_dict({"type": "Pulse", "code": "x"}),
            ["Pulse takes the fields", "'code'"],
        ),
        (lambda: signal_from_dict({"type": {"x": 1}}), ["unknown signal type {'x': 1}"]),
        (lambda: signal_from_dict([1, 2]), ["a signal must be a JSON object", "list"]),
        (
            lambda: signal_from_dict({"type": "SumOfSignals", "parts": "Pulse"}),
            ["SumOfSignals needs a non-empty list 'parts'"],
        ),
        (
            lambda: signal_from_dict({"type": "Schedule", "times": {"0": 1}, "values": [1]}),
            ["Schedule times must be a list", "an object"],
        ),
    ],
)
def test_bad_signals_are_refused_naming_the_field(build, culprits):
    refused(build, BadInputError, *culprits)
