"""The in-browser plot's modules in node: they load with no DOM, and the plot keeps the
same steady axis ranges as the kernel's lab (the drawing itself is tested in a browser)."""

import json

import numpy as np

from intimacy_dynamics import IntimacyModel
from intimacy_dynamics.frontend import live_plot_module, widget_module
from intimacy_dynamics.widgets.figures import axis_range, declared_span
from tests.frontend.test_runtime import run_script

MODEL = IntimacyModel()


def test_the_modules_load_without_a_page(tmp_path):
    script = (
        'import * as plot from "./plot.mjs";\n'
        'import widget from "./widget.mjs";\n'
        "console.log(JSON.stringify({plot: Object.keys(plot).sort(),"
        " widget: Object.keys(widget)}));\n"
    )
    found = run_script(
        tmp_path, script, {"plot.mjs": live_plot_module(), "widget.mjs": widget_module()}
    )
    assert {"LivePlot", "simulate", "steadyRange", "describeOutcome", "describeCouple"} <= set(
        found["plot"]
    )
    assert found["widget"] == ["render"]


def test_the_axis_ranges_are_those_of_the_kernels_lab(tmp_path):
    rng = np.random.default_rng(5)
    cases = []
    for names in (["trust_A", "trust_B"], ["closeness_A"], ["intimacy_A", "intimacy_B"]):
        for low, high in ((0.1, 0.9), (-0.3, 0.5), (0.2, 2.7), (-4.0, 9.0)):
            run = {n: rng.uniform(low, high, 50) for n in names}
            cases.append((names, run))
    unbounded = {"x": np.linspace(-3.0, 17.0, 50)}  # no declared span: the data's own
    request = [
        {"span": list(declared_span(MODEL, names) or []) or None, "series": list(run.values())}
        for names, run in cases
    ] + [{"span": None, "series": [unbounded["x"]]}]
    script = (
        'import { steadyRange } from "./plot.mjs";\n'
        'import { readFileSync } from "node:fs";\n'
        'const cases = JSON.parse(readFileSync("cases.json", "utf8"));\n'
        "console.log(JSON.stringify(cases.map((c) => steadyRange(c.span, c.series))));\n"
    )
    encoded = [{**c, "series": [s.tolist() for s in c["series"]]} for c in request]
    files = {"plot.mjs": live_plot_module(), "cases.json": json.dumps(encoded)}
    ranges = run_script(tmp_path, script, files)
    expected = [axis_range(MODEL, names, run) for names, run in cases]
    expected.append(_data_range(unbounded["x"]))
    np.testing.assert_allclose(ranges, expected, rtol=1e-15, atol=1e-15)
    assert len({tuple(r) for r in ranges}) > 4  # widened in different steps


def _data_range(values):
    """axis_range of a quantity with no declared span (the data's own span)."""

    class Unbounded:
        @staticmethod
        def spec(_name):
            from intimacy_dynamics import Output

            return Output(label="x").named("x")

    return axis_range(Unbounded, ["x"], {"x": values})
