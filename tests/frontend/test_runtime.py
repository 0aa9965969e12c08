"""The JavaScript runtime on its own: its tableau, its modules, inputs and bad input."""

import json
import re
import subprocess
from importlib import resources

import numpy as np
import pytest
import sympy

from intimacy_dynamics import BadInputError, Model, Param, Pulse, Schedule, State, simulate
from intimacy_dynamics.ensemble.tableaus import DORMAND_PRINCE
from intimacy_dynamics.errors import IntegrationError
from intimacy_dynamics.frontend import (
    READOUT_FILES,
    RUNTIME_FILES,
    outcome_rules_module,
    readout_module,
    runtime_module,
    tableau_module,
)
from intimacy_dynamics.frontend.node import node_executable, simulate_in_node


def run_script(folder, script: str, files: dict[str, str]):
    """Write ``files`` and ``script`` (an ES module) to ``folder``, run it, parse its JSON."""
    for name, text in {**files, "main.mjs": script}.items():
        (folder / name).write_text(text)
    done = subprocess.run(
        [node_executable(), "main.mjs"], cwd=folder, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout)


def relaxation():
    """x' = u - k x: a forced relaxation with closed forms (as in test_simulate)."""
    x, u, k = sympy.symbols("x u k")
    return Model.from_equations(
        {x: u - k * x},
        params={"u": Param(0.0, bounds=(0, 1)), "k": Param(1.0, bounds=(0, 5))},
        states={"x": State(0.0, bounds=(0, 2))},
        name="Relaxation",
    )


def test_the_tableau_is_the_python_ensemble_integrators_to_the_last_bit(tmp_path):
    script = (
        'import { DORMAND_PRINCE } from "./runtime.mjs";\n'
        "console.log(JSON.stringify(DORMAND_PRINCE));\n"
    )
    tableau = run_script(tmp_path, script, {"runtime.mjs": runtime_module()})
    for field in ("c", "a", "b", "e", "p"):
        np.testing.assert_array_equal(tableau[field], getattr(DORMAND_PRINCE, field))
    assert (tableau["order"], tableau["errorOrder"]) == (5, 4)


def test_the_separate_modules_and_the_joined_module_compute_the_same(tmp_path):
    model = relaxation()
    files = {
        name: resources.files("intimacy_dynamics.frontend").joinpath(name).read_text()
        for name in RUNTIME_FILES + READOUT_FILES
    }
    files |= {
        "tableau.js": tableau_module(),
        "outcome_rules.js": outcome_rules_module(),
        "model.mjs": model.javascript(),
        "runtime.mjs": readout_module(),
        "package.json": '{"type": "module"}',
    }
    script = (
        'import * as model from "./model.mjs";\n'
        'import * as joined from "./runtime.mjs";\n'
        'import * as simulated from "./simulate.js";\n'
        'import * as read from "./readout.js";\n'
        "const separate = { ...simulated, ...read };\n"
        'const options = {params: {u: 0.5}, inputs: {k: {type: "Pulse", start: 1, '
        "duration: 2, amplitude: 1}}, nPoints: 11};\n"
        "console.log(JSON.stringify([joined, separate].map((js) => {\n"
        "  const run = js.simulate(model, options);\n"
        '  return [Array.from(run.y[0]), js.describeOutcome(model, run, ["x"])];\n'
        "})));\n"
    )
    joined, separate = run_script(tmp_path, script, files)
    assert joined == separate
    assert len(joined[0]) == 11
    assert joined[0][-1] > 0.3
    assert joined[1].startswith("<b>")


def test_pulses_and_schedules_are_resolved_as_in_python():
    kick = Pulse(start=2.0, duration=2.0, amplitude=0.6, shape="exponential")
    turns = Schedule(times=(0.0, 2.0, 4.0), values=(1.0, 0.0, 0.5))
    box = Pulse(start=2.0, duration=3.0, amplitude=0.8)
    times = [0.0, 1.0, 2.0, 3.5, 5.0, 6.0]
    runs = [
        {"inputs": {"u": s}, "tSpan": [0, 6], "tEval": times, "rtol": 1e-10, "atol": 1e-12}
        for s in (kick, turns, box)
    ]
    on_kick, on_turns, on_box = simulate_in_node(relaxation(), runs)
    # before an input starts, nothing moves x: exactly, also at the start itself
    assert on_kick["y"][0, :3].tolist() == [0.0, 0.0, 0.0]
    assert on_box["y"][0, :3].tolist() == [0.0, 0.0, 0.0]
    # x' = a e^{-(t-2)/tau} - x after the kick, in closed form
    t = np.array(times[2:]) - 2.0
    exact = 0.6 / (1 - 1 / 2.0) * (np.exp(-t / 2.0) - np.exp(-t))
    np.testing.assert_allclose(on_kick["y"][0, 2:], exact, atol=1e-8)
    x2 = 1 - np.exp(-2.0)
    x4 = x2 * np.exp(-2.0)
    expected = [x2, x2 * np.exp(-1.5), *(0.5 + (x4 - 0.5) * np.exp([-1.0, -2.0]))]
    np.testing.assert_allclose(on_turns["y"][0, 2:], expected, atol=1e-8)
    inside = lambda s: 0.8 * (1 - np.exp(-s))  # noqa: E731
    np.testing.assert_allclose(on_box["y"][0, 3:5], [inside(1.5), inside(3.0)], atol=1e-8)


def test_conditions_and_the_math_functions_agree_with_python():
    x, v, a = sympy.symbols("x v a")
    model = Model.from_equations(
        {
            x: v,
            v: -a * x
            + sympy.Piecewise((-0.3 * v, x > 0.2), (0.1 * v, True))
            + sympy.Max(0, sympy.sin(3 * x)) * sympy.exp(-sympy.Abs(v))
            - sympy.Min(sympy.tanh(v), 0.5) * sympy.sqrt(1 + x**2) / (2 + sympy.cos(x)),
        },
        params={a: 2.0},
        states={"x": State(1.0), "v": State(0.0)},
        outputs={"energy": v**2 / 2 + a * x**2 / 2},
        t_span=(0, 20),
    )
    (result,) = simulate_in_node(model, [{"rtol": 1e-10, "atol": 1e-12}])
    trajectory = simulate(model, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(result["t"], np.linspace(0, 20, 401), rtol=0, atol=0)
    np.testing.assert_allclose(result["y"], trajectory.y, atol=1e-7)
    np.testing.assert_allclose(result["outputs"][0], trajectory["energy"], atol=1e-7)
    assert np.ptp(result["y"][0]) > 1.0  # it moved


def test_reserved_words_as_names_run():
    new, default, math = sympy.symbols("new default Math")
    model = Model.from_equations(
        {default: -new * default + math}, params={new: 1.0, math: 0.5}, t_span=(0, 5)
    )
    (result,) = simulate_in_node(model, [{"params": {"Math": 0.25}, "tEval": [5.0]}])
    assert result["y"][0, 0] == pytest.approx(0.25 * (1 - np.exp(-5.0)), abs=1e-6)


def _python_error(model, **arguments):
    with pytest.raises((BadInputError, IntegrationError)) as caught:
        simulate(model, **arguments)
    return str(caught.value)


def test_bad_input_reads_like_python():
    model = relaxation()
    cases = [
        ({"params": {"k": 9}}, {"params": {"k": 9}}),
        ({"params": {"kk": 1}}, {"params": {"kk": 1}}),
        ({"y0": {"x": -1}}, {"y0": {"x": -1}}),
        ({"inputs": {"u": Pulse(1, 1, 2.0)}}, {"inputs": {"u": Pulse(1, 1, 2.0)}}),
        ({"rtol": 0.5}, {"rtol": 0.5}),
    ]
    results = simulate_in_node(model, [js for js, _ in cases])
    for (_, python), result in zip(cases, results, strict=True):
        expected = _python_error(model, **python)
        # Python adds a "did you mean" hint to an unknown name; the rest is the same
        assert result["error"] == {
            "name": "BadInputError",
            "message": expected.replace(" (did you mean 'k'?)", ""),
        }


@pytest.mark.parametrize(
    ("options", "name", "fragment"),
    [
        ({"t_span": [0, 1]}, "BadInputError", "unknown option(s) t_span; known: params"),
        ({"tSpan": [0, 0]}, "BadInputError", "tSpan = [0, 0] is empty: the end must exceed"),
        ({"tEval": [0, 200]}, "BadInputError", "tEval time = 200 is outside its allowed range"),
        ({"tEval": [2, 1]}, "BadInputError", "tEval must be strictly increasing"),
        ({"nPoints": 10**9}, "BadInputError", "nPoints = 1000000000 must be an integer in"),
        ({"params": [1]}, "BadInputError", "parameter vector has 1 values but Relaxation has 2"),
        ({"inputs": {"u": {"type": "Explode"}}}, "BadInputError", 'unknown signal type "Explode"'),
        (
            {
                "inputs": {
                    "u": {
                        "type": "Pulse",
                        "start": 1,
                        "duration": 1,
                        "amplitude": 0.5,
                        "code": "alert(1)",
                    }
                }
            },
            "BadInputError",
            "takes the fields start, duration, amplitude, shape, not code",
        ),
        (
            {"inputs": {"u": {"type": "Schedule", "times": [2, 1], "values": [0, 0]}}},
            "BadInputError",
            "times [2, 1] must be strictly increasing",
        ),
        ({"maxSteps": 5, "tSpan": [0, 1000]}, "IntegrationError", "took its 5 steps"),
    ],
)
def test_bad_input_and_budgets_fail_with_one_clear_sentence(options, name, fragment):
    (result,) = simulate_in_node(relaxation(), [options])
    assert result["error"]["name"] == name
    assert fragment in result["error"]["message"]


def test_a_blow_up_and_a_state_out_of_range_are_integration_errors():
    x, r = sympy.symbols("x r")
    explosive = Model.from_equations(
        {x: r * x**2}, params={r: 1.0}, states={"x": State(1.0)}, t_span=(0, 2)
    )
    (blow_up,) = simulate_in_node(explosive, [{}])
    assert blow_up["error"]["name"] == "IntegrationError"
    reached = re.search(r"the step size fell to \S+ at t = (\S+):", blow_up["error"]["message"])
    assert float(reached[1]) == pytest.approx(1.0, abs=1e-3)  # the singularity is at t = 1
    leaky = Model.from_equations(
        {x: r}, params={r: 1.0}, states={"x": State(0.0, bounds=(0, 1))}, t_span=(0, 2)
    )
    (leaked,) = simulate_in_node(leaky, [{}])
    expected = _python_error(leaky).replace("check_bounds=False", "checkBounds: false")
    assert leaked["error"] == {"name": "IntegrationError", "message": expected}
