"""The plot's first frame (first_frame.js) in node: a picture of the real run.

The frame draws the lab's figure from the run's values before plotly.js has started. Its
lines pass through ``simulate``'s values (read back from the SVG path through the axes'
geometry, computed here from the layout as plotly places a subplot), in the trace's
colour, width and dash; its panels carry their titles and ticks; its legend names the
traces that show in plotly's. That plotly's own ticks are the frame's, and that plotly
replaces the frame in the same box, is tested in a browser
(``tests/browser/test_standalone_in_browser.py``).
"""

import json
import re
from importlib import resources

import numpy as np
import pytest

from intimacy_dynamics import simulate
from intimacy_dynamics.classic import laura_petrarch
from intimacy_dynamics.widgets import IntimacyLab, ModelLab
from intimacy_dynamics.widgets.figures import axis_range
from tests.frontend.test_runtime import run_script

WIDTH = 800
FRAME = resources.files("intimacy_dynamics.frontend").joinpath("first_frame.js")


def frame_case(lab):
    """The lab's figure, its run, and its layout with the ranges the plot gives plotly."""
    data = lab.plot.page_data()
    figure, model = data["figure"], lab.model
    run = simulate(model, t_span=data["t_span"], n_points=data["n_points"], rtol=1e-8)
    layout = json.loads(json.dumps(figure["layout"]))
    for panel in figure["panels"]:
        layout[panel["x"]]["range"] = [float(run.t[0]), float(run.t[-1])]
        layout[panel["y"]]["range"] = axis_range(model, panel["names"], run)
    series = {name: run[name].tolist() for name in figure["names"]}
    return figure, layout, run.t.tolist(), series


def scene_of(tmp_path, figure, layout, t, series, width=WIDTH):
    script = (
        'import { frameScene } from "./first_frame.mjs";\n'
        'import { readFileSync } from "node:fs";\n'
        'const c = JSON.parse(readFileSync("case.json", "utf8"));\n'
        "console.log(JSON.stringify(frameScene(c.figure, c.layout, c.width, c.t, c.series)));\n"
    )
    case = {"figure": figure, "layout": layout, "width": width, "t": t, "series": series}
    files = {"first_frame.mjs": FRAME.read_text(encoding="utf-8"), "case.json": json.dumps(case)}
    return run_script(tmp_path, script, files)


def walk(node):
    yield node
    for child in node.get("children", []):
        yield from walk(child)


def to_pixels(layout, axis_key, values, width):
    """Data to px on one axis, as plotly places a subplot: the plot area (the figure less
    its margins) times the axis' domain, the axis' range across it; y grows downwards."""
    margin, height = layout["margin"], layout["height"]
    axis = layout[axis_key]
    low, high = axis["domain"]
    r0, r1 = axis["range"]
    share = (np.asarray(values) - r0) / (r1 - r0)
    if axis_key.startswith("x"):
        plot_width = width - margin["l"] - margin["r"]
        return margin["l"] + plot_width * (low + (high - low) * share)
    plot_height = height - margin["t"] - margin["b"]
    return margin["t"] + plot_height * (1 - low - (high - low) * share)


def path_points(d: str) -> np.ndarray:
    assert d.startswith("M")
    return np.array([[float(v) for v in p.split(",")] for p in re.split("[ML]", d)[1:]])


LABS = {
    "IntimacyLab": lambda: IntimacyLab(),
    "two-panel ModelLab": lambda: ModelLab(laura_petrarch(), plots=["L", "P"]),
}


@pytest.mark.parametrize("lab", LABS)
def test_every_line_passes_through_the_runs_values(tmp_path, lab):
    figure, layout, t, series = frame_case(LABS[lab]())
    scene = scene_of(tmp_path, figure, layout, t, series)
    paths = [node for node in walk(scene) if node["tag"] == "path"]
    assert len(paths) == len(figure["traces"])
    for path, trace, name in zip(paths, figure["traces"], figure["names"], strict=True):
        drawn = path_points(path["attrs"]["d"])
        xaxis = "xaxis" + trace["xaxis"][1:]
        yaxis = "yaxis" + trace["yaxis"][1:]
        np.testing.assert_allclose(drawn[:, 0], to_pixels(layout, xaxis, t, WIDTH), atol=0.006)
        np.testing.assert_allclose(
            drawn[:, 1], to_pixels(layout, yaxis, series[name], WIDTH), atol=0.006
        )
        assert path["attrs"]["stroke"] == trace["line"]["color"]
        assert path["attrs"]["stroke-width"] == trace["line"]["width"]
        # plotly's dash of a 2.5 px line: 3 * max(width, 3) px on and off
        dashed = {"solid": None, "dash": "9,9"}[trace["line"]["dash"]]
        assert path["attrs"].get("stroke-dasharray") == dashed
    # a different run draws different lines: the picture is the run's, not a fixed one
    moved = {name: [v * 0.5 for v in values] for name, values in series.items()}
    other = [n for n in walk(scene_of(tmp_path, figure, layout, t, moved)) if n["tag"] == "path"]
    assert other[0]["attrs"]["d"] != paths[0]["attrs"]["d"]


def test_the_panels_titles_axes_and_legend_are_the_figures(tmp_path):
    figure, layout, t, series = frame_case(IntimacyLab())
    scene = scene_of(tmp_path, figure, layout, t, series)
    assert (scene["attrs"]["width"], scene["attrs"]["height"]) == (WIDTH, layout["height"])
    texts = [node["text"] for node in walk(scene) if node["tag"] == "text"]
    for note in layout["annotations"]:  # each panel's title
        assert note["text"] in texts
    assert layout["title"]["text"] in texts
    assert texts.count("time (days)") == 2  # the bottom row's axis titles
    legend = [trace["name"] for trace in figure["traces"] if trace.get("showlegend", True)]
    assert legend == ["Partner A", "Partner B"]
    assert all(texts.count(name) == 1 for name in legend)
    # trust lives in [0, 1]: plotly's ticks every 0.2 on a 185 px axis, labelled as plotly does
    assert scene["ticks"]["yaxis2"] == pytest.approx([0, 0.2, 0.4, 0.6, 0.8, 1.0])
    for label in ("0", "0.2", "0.8", "1"):
        assert label in texts
    assert scene["ticks"]["xaxis5"] == [0, 50, 100, 150, 200]
    assert "1.0" not in texts
    assert "-0" not in texts


CASES = [  # [low, high], axis length in px, axis letter; the step plotly's rule gives, labels
    ([-0.04, 1.04], 185, "y", 0.2, ["0", "0.2", "0.4", "0.6", "0.8", "1"]),
    ([-2.16, 2.16], 200, "y", 1, ["\u22122", "\u22121", "0", "1", "2"]),
    ([0, 200], 324, "x", 50, ["0", "50", "100", "150", "200"]),
    ([0, 21], 324, "x", 5, ["0", "5", "10", "15", "20"]),
    ([-0.3, 0.5], 400, "y", 0.1, ["\u22120.3", "\u22120.2", "\u22120.1", "0", "0.1"]),
    # plotly's SI exponents (exponentformat "B"), from a range of 10^4 on or below 10^-3
    ([0, 9000], 324, "x", 2000, ["0", "2000", "4000", "6000", "8000"]),
    ([0, 12000], 324, "x", 5000, ["0", "5k", "10k"]),
    ([-25000, 25000], 200, "y", 10000, ["\u221220k", "\u221210k", "0", "10k", "20k"]),
    ([0, 2.5e6], 324, "x", 500000, ["0", "0.5M", "1M", "1.5M", "2M", "2.5M"]),
    ([0, 3e9], 324, "x", 1e9, ["0", "1B", "2B", "3B"]),
    ([0, 0.0005], 324, "x", 0.0001, ["0", "100\u03bc", "200\u03bc", "300\u03bc"]),
]


def test_ticks_and_their_labels(tmp_path):
    script = (
        'import { tickValues, tickLabel } from "./first_frame.mjs";\n'
        'import { readFileSync } from "node:fs";\n'
        'const cases = JSON.parse(readFileSync("cases.json", "utf8"));\n'
        "console.log(JSON.stringify(cases.map(([range, px, letter]) => {\n"
        "  const { step, values } = tickValues(range, px, letter);\n"
        "  return [step, values.map((v) => tickLabel(v, step, range))];\n"
        "})));\n"
    )
    files = {"first_frame.mjs": FRAME.read_text(encoding="utf-8"), "cases.json": json.dumps(CASES)}
    found = run_script(tmp_path, script, files)
    for (_, _, _, step, labels), (got_step, got_labels) in zip(CASES, found, strict=True):
        assert got_step == pytest.approx(step)
        assert got_labels[: len(labels)] == labels
