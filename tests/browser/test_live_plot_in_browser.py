"""The in-browser plot in a real browser: a slider dragged with the mouse, in JupyterLab and
in Voila app mode, redraws exactly the model while it moves; the kernel ends with the
final value; axe finds no serious accessibility problem in the widget.

The notebook (``LIVE_CELLS`` in conftest) shows IntimacyLab's six panels over
``LivePlot``, integrated in the page at rtol 1e-7, atol 1e-12. Python's ``simulate`` at
the same tolerances is the reference: every plotted value must agree within 1e-5.
"""

import json
import re

import numpy as np
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from intimacy_dynamics import IntimacyModel, simulate
from intimacy_dynamics.widgets.controls import control_label
from tests.browser.conftest import LIVE_NOTEBOOK, LIVE_TOLERANCES
from tests.browser.pages import (
    LIVE_PLOT,
    drag_slider,
    live_drawn,
    live_slider,
    open_notebook,
    run_in_kernel,
    wait_for_live_plot,
    wait_until_drawn_for_slider,
)

MODEL = IntimacyModel()
AGREEMENT = 1e-5
STOPS = [0.15, 0.3, 0.45, 0.6, 0.75, 0.9]  # where the mouse pauses, as fractions of the track
SERIOUS = ("critical", "serious")


def expected_run(depth: float):
    return simulate(MODEL, params={"depth_A": depth}, n_points=201, **LIVE_TOLERANCES)


def check_drawn_is_the_model(drawn: dict) -> float:
    """The largest difference between what is drawn and simulate for the drawn values."""
    depth = drawn["params"]["depth_A"]
    assert drawn["params"] == MODEL.params(depth_A=depth).to_dict()  # only depth moved
    expected = expected_run(depth)
    np.testing.assert_allclose(drawn["t"], expected.t, rtol=1e-12)
    worst = 0.0
    for name, y in zip(drawn["names"], drawn["y"], strict=True):
        worst = max(worst, float(np.max(np.abs(np.asarray(y) - expected[name]))))
    assert worst < AGREEMENT, (depth, worst)
    return worst


def drag_and_check(page: Page) -> list[float]:
    """Drag A's depth through STOPS; every stop must show the model. Returns the depths."""
    samples, draws = drag_slider(page, "depth_A", STOPS)
    depths = [sample["params"]["depth_A"] for sample in samples]
    assert len(set(depths)) == len(STOPS)  # the slider moved to six different values
    assert draws >= len(STOPS)  # the plot was redrawn while the button was down
    for sample in samples:
        check_drawn_is_the_model(sample)
    return depths


def kernel_echo(page: Page):
    return page.locator(".id-kernel-echo .widget-html-content")


def axe_report(page: Page) -> tuple[list, int]:
    """Serious or critical axe violations inside the widget, and the count of nodes outside."""
    axe = Axe()
    ours = axe.run(page, context={"include": [LIVE_PLOT]}).response["violations"]
    everything = axe.run(page).response["violations"]
    nodes = lambda found: sum(len(v["nodes"]) for v in found if v["impact"] in SERIOUS)  # noqa: E731
    return [v for v in ours if v["impact"] in SERIOUS], nodes(everything) - nodes(ours)


def screenshot(page: Page, path, selector: str = LIVE_PLOT) -> None:
    """The page as a student sees it, scrolled to the top of ``selector``."""
    page.locator(selector).first.evaluate("(e) => e.scrollIntoView({block: 'start'})")
    page.wait_for_timeout(300)
    page.screenshot(path=path)


def test_a_dragged_slider_redraws_the_model_in_jupyterlab(page: Page, lab_server, results_dir):
    open_notebook(page, f"{lab_server.base}/lab/tree/{LIVE_NOTEBOOK}")
    wait_for_live_plot(page)
    page.evaluate("() => window.jupyterapp.shell.collapseLeft()")  # room for controls beside
    check_drawn_is_the_model(live_drawn(page))
    depths = drag_and_check(page)
    screenshot(page, results_dir / "live_plot_lab.png")
    # the kernel ends with the final value (sent once the slider has rested)
    expect(kernel_echo(page)).to_have_text(repr(depths[-1]), timeout=30_000)
    assert run_in_kernel(page, "print(repr(plot.params['depth_A']))").strip() == repr(depths[-1])
    # and it can ask the page what it draws (the answer arrives between executions)
    run_in_kernel(page, "plot.request_drawn()")
    for _ in range(50):
        if run_in_kernel(page, "print(plot.drawn is not None)").strip() == "True":
            break
        page.wait_for_timeout(100)
    drawn = json.loads(
        run_in_kernel(
            page,
            "import json; d = plot.drawn\n"
            "print(json.dumps({'params': d['params'], 't': d['t'].tolist(),"
            " 'names': list(d['series']), 'y': [v.tolist() for v in d['series'].values()]}))",
        )
    )
    check_drawn_is_the_model(drawn)
    # accessibility: nothing serious in the widget; JupyterLab's own chrome is counted
    ours, jupyterlab = axe_report(page)
    (results_dir / "live_plot_axe_jupyterlab.txt").write_text(
        f"serious or critical axe violations: {len(ours)} in the widget, "
        f"{jupyterlab} nodes in JupyterLab's own chrome\n"
    )
    print(f"\naxe in JupyterLab: {jupyterlab} serious or critical nodes in JupyterLab's chrome")
    assert ours == [], json.dumps(ours, indent=1)[:4000]


def test_the_kernel_moves_the_plot_and_a_bad_value_or_failed_run_moves_nothing(
    page: Page, lab_server, results_dir
):
    open_notebook(page, f"{lab_server.base}/lab/tree/{LIVE_NOTEBOOK}")
    wait_for_live_plot(page)
    run_in_kernel(page, "plot.set(depth_A=0.8)")
    page.wait_for_function(
        "() => document.querySelector('.idl-live-plot').liveplot.shown.params.depth_A === 0.8"
    )
    check_drawn_is_the_model(live_drawn(page))
    assert live_slider(page, "depth_A").input_value() == "0.8"
    box = page.get_by_role("spinbutton", name=control_label(MODEL.param_specs["depth_A"]))
    box.fill("7")
    box.press("Enter")
    alert = page.locator(LIVE_PLOT).first.locator("[role=alert]")
    expect(alert).to_have_text(
        "parameter 'depth_A' = 7 is outside its allowed range [0, 1]; the value stays 0.8."
    )
    assert box.input_value() == "0.8"
    assert live_slider(page, "depth_A").input_value() == "0.8"
    assert live_drawn(page)["params"]["depth_A"] == 0.8
    screenshot(page, results_dir / "live_plot_refused.png")
    # a run that fails in the page is said over the last good plot, greyed: no NaN drawn
    before = live_drawn(page)
    # a pulse that would push A's depth (0.8) to 1.7, beyond its range [0, 1]
    run_in_kernel(
        page, "from intimacy_dynamics import Pulse\nplot.inputs = {'depth_A': Pulse(10, 5, 0.9)}"
    )
    expect(alert).to_have_text(
        "Cannot simulate these settings: input for parameter 'depth_A' reaches 1.7, outside "
        "its allowed range [0, 1]"
    )
    expect(page.locator(f"{LIVE_PLOT} .idl-graph").first).to_have_class(re.compile("idl-stale"))
    assert live_drawn(page) == before  # the last good run stays, greyed out
    screenshot(page, results_dir / "live_plot_failed_run.png")
    run_in_kernel(page, "plot.inputs = {}")
    expect(alert).to_be_hidden()
    check_drawn_is_the_model(live_drawn(page))


def test_a_model_with_no_javascript_form_is_drawn_from_the_kernel(
    page: Page, lab_server, results_dir
):
    open_notebook(page, f"{lab_server.base}/lab/tree/{LIVE_NOTEBOOK}")
    wait_for_live_plot(page, index=1)
    kernel_plot = page.locator(LIVE_PLOT).nth(1)
    expect(kernel_plot.locator(".idl-note")).to_have_text(
        "ErrorFunction uses erf, which has no JavaScript form: it is integrated in the "
        "kernel, so the plot follows the sliders more slowly."
    )
    slider = live_slider(page, "k", index=1)
    slider.focus()
    for _ in range(5):
        slider.press("ArrowRight")  # the keyboard moves it too
    wait_until_drawn_for_slider(page, "k", index=1)
    drawn = live_drawn(page, index=1)
    k = drawn["params"]["k"]
    assert k == round(0.3 + 5 * float(slider.get_attribute("step")), 12)  # five steps up
    code = f"import json\nrun = simulate(erf_model, params={{'k': {k!r}}}, n_points=51)\n"
    code += "print(json.dumps(run['x'].tolist()))"
    expected = json.loads(run_in_kernel(page, "from intimacy_dynamics import simulate\n" + code))
    np.testing.assert_array_equal(drawn["y"][0], expected)
    box = kernel_plot.get_by_role("spinbutton", name="Drive")
    box.fill("2.5")  # erf(2.5) pushes the level past its range: the kernel's run fails
    box.press("Enter")
    expect(kernel_plot.locator("[role=alert]")).to_contain_text(
        "Cannot simulate these settings: state 'x' left its declared range [0, 0.6]"
    )
    assert live_drawn(page, index=1)["y"][0] == drawn["y"][0]
    screenshot(page, results_dir / "live_plot_kernel_path.png", f"{LIVE_PLOT} >> nth=1")


def test_a_dragged_slider_redraws_the_model_in_app_mode(page: Page, live_app_server, results_dir):
    page.set_default_timeout(120_000)
    page.goto(live_app_server.url)
    wait_for_live_plot(page)
    assert page.locator(".jp-InputArea-editor").count() == 0  # no code in app mode
    depths = drag_and_check(page)
    expect(kernel_echo(page)).to_have_text(repr(depths[-1]), timeout=30_000)
    assert page.locator(".modebar-btn[data-title*='Share']").count() == 0
    ours, elsewhere = axe_report(page)
    (results_dir / "live_plot_axe_voila.txt").write_text(
        f"serious or critical axe violations: {len(ours)} in the widget, {elsewhere} nodes "
        "elsewhere on the page\n"
    )
    screenshot(page, results_dir / "live_plot_app_mode.png")
    assert ours == [], json.dumps(ours, indent=1)[:4000]
