"""The JavaScript runtime on every shipped model agrees with Python's simulate().

For each model, 20 admissible random settings: every parameter and initial state drawn
from its slider (soft) range, and every other setting with inputs over time on two
parameters (box and exponential pulses, schedules, sums), which stay in the slider range
too. Both sides run at rtol 1e-7 and atol 1e-12; every state (and output) must agree
within 1e-5 of its scale, max(1, its largest magnitude in the run).

A setting is admissible when Python itself resolves it at that tolerance; otherwise it
is drawn again, before the JavaScript runs (so the choice cannot hide a JavaScript error):

* its run stays below 1e3. A linear model's exponential blow-up (up to e^250 over the
  default span) leaves every chart, and no two solvers at rtol 1e-7 agree on it to 1e-5:
  their relative error grows with the growth exponent;
* its run at rtol 1e-7 agrees with its run at rtol 1e-10 within 1e-6 of its scale. Some
  stiff settings of the classic models (fast damping against a fast cubic) are off by
  1e-5 to 1e-3 at rtol 1e-7 in LSODA, the method of Python's simulate.
"""

import zlib

import numpy as np
import pytest

from intimacy_dynamics import Hold, IntegrationError, Pulse, Schedule, simulate
from intimacy_dynamics.frontend.node import simulate_in_node
from tests.frontend.conftest import shipped_models

SETTINGS_PER_MODEL = 20
RTOL, ATOL = 1e-7, 1e-12
AGREEMENT = 1e-5
BLOW_UP = 1e3
RESOLVED = 1e-6  # Python at rtol 1e-7 against Python at rtol 1e-10


def random_signal(rng, spec, baseline, t_span):
    """A pulse, hold, schedule or sum whose values stay in the parameter's slider range."""
    t0, t1 = t_span
    level = lambda: rng.uniform(*spec.soft)  # noqa: E731
    start, duration = rng.uniform(t0, t1), rng.uniform(0.02, 0.3) * (t1 - t0)
    kind = rng.integers(5)
    if kind == 0:
        return Pulse(start, duration, level() - baseline)
    if kind == 4:
        return Hold(start, duration, level()) + Hold(start + 2 * duration, duration, level())
    if kind == 1:
        return Pulse(start, duration, level() - baseline, shape="exponential")
    if kind == 2:
        times = np.sort(rng.uniform(t0, t1, 4))
        return Schedule(tuple(times), tuple(level() for _ in times))
    half_way = Schedule((start + duration / 2,), (baseline,))  # no change: only a breakpoint
    return Pulse(start, duration, (level() - baseline) / 2) + half_way


def random_setting(model, rng, with_inputs: bool) -> dict:
    params = {n: float(rng.uniform(*s.soft)) for n, s in model.param_specs.items()}
    y0 = {n: float(rng.uniform(*s.soft)) for n, s in model.state_specs.items()}
    inputs = {}
    if with_inputs:
        for name in rng.choice(model.param_names, size=2, replace=False):
            spec = model.param_specs[name]
            inputs[str(name)] = random_signal(rng, spec, params[name], model.t_span)
    times = np.linspace(*model.t_span, 201)
    return {"params": params, "y0": y0, "inputs": inputs, "tEval": times}


def python_run(model, setting, rtol=RTOL):
    return simulate(
        model,
        model.t_span,
        setting["params"],
        setting["y0"],
        setting["tEval"],
        inputs=setting["inputs"],
        rtol=rtol,
        atol=ATOL,
    )


def scaled_difference(expected, actual):
    scale = np.maximum(1.0, np.max(np.abs(expected), axis=-1, keepdims=True))
    return np.max(np.abs(actual - expected) / scale, initial=0.0)


def resolved_by_python(model, setting):
    """The Python run of an admissible setting (see the module doc), else None."""
    try:
        trajectory = python_run(model, setting)
        if np.max(np.abs(trajectory.y)) > BLOW_UP:
            return None
        reference = python_run(model, setting, rtol=1e-10)
    except IntegrationError:
        return None
    return trajectory if scaled_difference(reference.y, trajectory.y) < RESOLVED else None


def admissible_settings(model):
    """20 admissible settings and their Python runs, and how many draws it took."""
    rng = np.random.default_rng(zlib.crc32(model.name.encode()))
    chosen = []
    for draw in range(20 * SETTINGS_PER_MODEL):
        setting = random_setting(model, rng, with_inputs=len(chosen) % 2 == 1)
        trajectory = resolved_by_python(model, setting)
        if trajectory is not None:
            chosen.append((setting, trajectory))
        if len(chosen) == SETTINGS_PER_MODEL:
            return chosen, draw + 1
    raise AssertionError(f"{model.name}: too few admissible settings")


@pytest.mark.parametrize("model", shipped_models(), ids=lambda m: m.name)
def test_every_state_agrees_with_simulate(model):
    chosen, draws = admissible_settings(model)
    runs = [{**setting, "rtol": RTOL, "atol": ATOL} for setting, _ in chosen]
    results = simulate_in_node(model, runs)
    worst_states = worst_outputs = worst_absolute = 0.0
    for (setting, trajectory), result in zip(chosen, results, strict=True):
        assert "error" not in result, (setting, result.get("error"))
        np.testing.assert_array_equal(result["t"], setting["tEval"])
        worst_states = max(worst_states, scaled_difference(trajectory.y, result["y"]))
        worst_absolute = max(worst_absolute, np.max(np.abs(trajectory.y - result["y"])))
        outputs = np.array([trajectory[n] for n in model.output_names]).reshape(
            -1, len(trajectory.t)
        )
        worst_outputs = max(worst_outputs, scaled_difference(outputs, result["outputs"]))
        np.testing.assert_allclose(result["finalParams"], trajectory.final_parameter_values())
    print(
        f"{model.name}: worst {worst_states:.1e} of scale ({worst_absolute:.1e} absolute) "
        f"for the states, {worst_outputs:.1e} for the outputs; {draws} draws for {len(chosen)}"
    )
    assert worst_states < AGREEMENT
    assert worst_outputs < AGREEMENT
    assert sum(bool(setting["inputs"]) for setting, _ in chosen) == SETTINGS_PER_MODEL // 2
