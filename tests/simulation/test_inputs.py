"""Signals: values, breakpoints, ranges, validation and their data form."""

import json

import numpy as np
import pytest

from intimacy_dynamics import BadInputError, Hold, Pulse, Schedule, simulate
from intimacy_dynamics.simulation.inputs import signal_from_dict


def test_signal_ranges_cover_every_value_they_take():
    t = np.linspace(-5, 30, 2001)
    for signal in [
        Pulse(2, 3, -0.4),
        Pulse(2, 3, 0.7, shape="exponential"),
        Schedule((0, 4, 9), (0.2, 0.9, 0.0)),
        Pulse(1, 5, 0.3) + Schedule((3,), (0.1,)) + Pulse(2, 2, -0.2),
        Hold(3, 2, 0.0) + Hold(8, 1, 1.0),
    ]:
        values = signal.value(t, 0.5)
        lo, hi = signal.value_range(0.5)
        assert lo - 1e-12 <= values.min()
        assert values.max() <= hi + 1e-12


@pytest.mark.parametrize(
    "signal",
    [
        Pulse(1.5, 2.0, 0.25),
        Pulse(0, 1, -1, shape="exponential"),
        Schedule((0.0, 1.0), (1.0, 0.0)),
        Pulse(1, 1, 0.2) + Schedule((2,), (0.7,)),
        Hold(4.0, 2.0, 0.0) + Pulse(1, 1, 0.2),
    ],
)
def test_signals_round_trip_through_json(signal):
    assert signal_from_dict(json.loads(json.dumps(signal.to_dict()))) == signal


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: Pulse(0, 0, 1), "Pulse duration = 0 must be positive"),
        (lambda: Pulse(0, -1, 1), r"Pulse duration = -1 is outside its allowed range \[0, inf\)"),
        (lambda: Pulse(float("nan"), 1, 1), "Pulse start = nan is not a finite number"),
        (lambda: Pulse(0, 1, 1, shape="ramp"), "must be 'box' or 'exponential'"),
        (lambda: Hold(0, 0, 1), "Hold duration = 0 must be positive"),
        (lambda: Hold(0, 1, float("inf")), "Hold level = inf is not a finite number"),
        (lambda: signal_from_dict({"type": "Hold", "start": 0, "duration": 1}), "incomplete"),
        (lambda: Schedule((0, 0), (1, 2)), "strictly increasing"),
        (lambda: Schedule((0, 1), (1,)), "as many values as times"),
        (lambda: Schedule.alternating(0, 3), "period > 0"),
        (lambda: signal_from_dict({"type": "Pulse", "start": 0}), "fields are incomplete"),
        (lambda: signal_from_dict({"type": "Pulse", "code": "x"}), "takes the fields"),
        (lambda: signal_from_dict({"type": "os.system"}), "unknown signal type 'os.system'"),
        (lambda: signal_from_dict("Pulse(0, 1, 1)"), "must be a JSON object"),
    ],
)
def test_malformed_signals_are_rejected_clearly(build, message):
    with pytest.raises(BadInputError, match=message):
        build()


def test_alternating_schedule_swaps_roles():
    turns = Schedule.alternating(period=1.0, n_turns=3, first=1.0, second=0.0)
    values = turns.value(np.arange(0.5, 6.5, 1.0), baseline=0.5)
    np.testing.assert_array_equal(values, [1, 0, 1, 0, 1, 0])
    assert turns.breakpoints() == (0, 1, 2, 3, 4, 5)


def test_the_range_of_non_overlapping_pulses_is_one_pulse_high():
    attempts = Pulse(30, 2, 0.8) + Pulse(60, 2, 0.8) + Pulse(90, 2, 0.8)
    assert attempts.value_range(0.2) == pytest.approx((0.2, 1.0))
    overlapping = Pulse(0, 5, 0.3) + Pulse(2, 5, 0.3, shape="exponential")
    assert overlapping.value_range(0.0)[1] == pytest.approx(0.6)


def test_a_hold_sets_the_value_whatever_the_baseline():
    held = Hold(start=2, duration=3, level=0.25)
    for baseline in (0.0, 0.9):
        np.testing.assert_array_equal(
            held.value(np.array([1.0, 2.0, 4.9, 5.0]), baseline), [baseline, 0.25, 0.25, baseline]
        )
        assert held.value(3.0, baseline) == 0.25  # the solver's scalar path agrees
    assert held.breakpoints() == (2.0, 5.0)
    assert held.piecewise_constant


def test_a_held_parameter_is_integrated_exactly():
    import sympy

    from intimacy_dynamics import Model, Param, State

    x, rate = sympy.symbols("x rate")
    model = Model.from_equations(
        {x: rate}, params={rate: Param(1.0, bounds=(0, 5))}, states={"x": State(0.0)}
    )
    run = simulate(model, (0, 10), inputs={"rate": Hold(2, 3, 0.0)}, n_points=11)
    np.testing.assert_allclose(run["x"], [0, 1, 2, 2, 2, 2, 3, 4, 5, 6, 7], atol=1e-9)
