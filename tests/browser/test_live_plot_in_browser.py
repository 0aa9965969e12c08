"""LivePlot on its own in a real browser: the kernel's ``set`` moves the plot; a typed
value out of range moves nothing; a run that fails in the page is said over the last
good plot, greyed, and clears when fixed; a model with no JavaScript form is drawn from
the kernel's run. (Dragging, the keyboard and accessibility are tested on the labs,
which are made of it: ``test_intimacy_lab_in_browser.py``, ``test_lab_in_browser.py``.)

The notebook (``LIVE_CELLS`` in conftest) shows IntimacyLab's six panels over
``LivePlot``, integrated in the page at rtol 1e-7, atol 1e-12. Python's ``simulate`` at
the same tolerances is the reference: every plotted value must agree within 1e-5
(``labs.check_drawn``).
"""

import json
import re

import numpy as np
from playwright.sync_api import Page, expect

from intimacy_dynamics import IntimacyModel
from intimacy_dynamics.widgets import IntimacyLab
from intimacy_dynamics.widgets.controls import control_label
from tests.browser.conftest import LIVE_NOTEBOOK
from tests.browser.labs import LabUnderTest, check_drawn
from tests.browser.pages import (
    LIVE_PLOT,
    live_drawn,
    live_slider,
    open_notebook,
    run_in_kernel,
    screenshot,
    wait_for_live_plot,
    wait_until_drawn_for_slider,
)

MODEL = IntimacyModel()
# the plot draws what IntimacyLab draws (its panels, controls and 201 points) at TIGHT
LAB = LabUnderTest(IntimacyLab, "depth_A")


def test_the_kernel_moves_the_plot_and_a_bad_value_or_failed_run_moves_nothing(
    page: Page, lab_server, results_dir
):
    open_notebook(page, f"{lab_server.base}/lab/tree/{LIVE_NOTEBOOK}")
    wait_for_live_plot(page)
    run_in_kernel(page, "plot.set(depth_A=0.8)")
    page.wait_for_function(
        "() => document.querySelector('.idl-live-plot').liveplot.shown.params.depth_A === 0.8"
    )
    check_drawn(LAB, live_drawn(page))
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
    check_drawn(LAB, live_drawn(page))


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
