"""The project's lab notebook (an ``IntimacyLab``) in a real browser, as students open it:
in JupyterLab and in Voila app mode.

A slider dragged with the mouse redraws exactly the model while it moves; the kernel
ends with the final value (its readout and phase view); the kernel's ``lab.set`` moves
the page; the slider and its number box work with the keyboard; a typed value out of
range moves nothing; axe finds no serious accessibility problem in the lab. The checks
themselves are in ``tests/browser/labs.py``.
"""

import json

from playwright.sync_api import Page, expect

from intimacy_dynamics.widgets import IntimacyLab
from tests.browser.conftest import APP_COPIES
from tests.browser.labs import (
    LabUnderTest,
    check_drawn,
    drag_and_check,
    open_as_an_app,
    open_in_jupyterlab,
    operate_with_the_keyboard,
    refuse_out_of_range,
    wait_for_kernel,
)
from tests.browser.pages import (
    LIVE_PLOT,
    axe_report,
    kernel_value,
    live_box,
    live_drawn,
    live_slider,
    readout,
    run_in_kernel,
    screenshot,
)

LAB = LabUnderTest(IntimacyLab, "depth_A")
STOPS = [0.15, 0.3, 0.45, 0.6, 0.75, 0.9]  # where the mouse pauses, as fractions of the track
THE_LAB = f".jp-OutputArea-output:has({LIVE_PLOT})"  # the lab's whole output, for axe


def open_lab_in_jupyterlab(page: Page, server, notebook: str) -> None:
    open_in_jupyterlab(page, f"{server.base}/lab/tree/{notebook}", LAB)


def write_axe_report(path, ours: list, elsewhere: int, where: str) -> None:
    path.write_text(
        f"serious or critical axe violations: {len(ours)} in the lab, {elsewhere} nodes {where}\n"
    )


def test_a_dragged_slider_redraws_the_model_in_jupyterlab(page: Page, lab_server, results_dir):
    open_lab_in_jupyterlab(page, lab_server, APP_COPIES[0])
    screenshot(page, results_dir / "intimacy_lab_before.png", THE_LAB)
    values = drag_and_check(page, LAB, STOPS)
    screenshot(page, results_dir / "intimacy_lab_dragged.png", THE_LAB)
    # the kernel ends with the final value: its settings, readout and phase view
    wait_for_kernel(page, LAB, values[-1])
    assert kernel_value(page, "lab.current_params()['depth_A']") == values[-1]
    # the kernel can ask the page what it draws (the answer arrives between executions)
    run_in_kernel(page, "lab.plot.request_drawn()")
    for _ in range(50):
        if kernel_value(page, "lab.plot.drawn is not None"):
            break
        page.wait_for_timeout(100)
    drawn = kernel_value(
        page,
        "{'params': lab.plot.drawn['params'], 'y0': lab.plot.drawn['y0'],"
        " 't': lab.plot.drawn['t'].tolist(), 'names': list(lab.plot.drawn['series']),"
        " 'y': [v.tolist() for v in lab.plot.drawn['series'].values()]}",
    )
    assert drawn["params"]["depth_A"] == values[-1]
    check_drawn(LAB, drawn)
    # the kernel's set() moves the slider, the box and the plot
    assert run_in_kernel(page, "lab.set(depth_A=0.8)") == ""
    expect(live_slider(page, "depth_A")).to_have_value("0.8")
    expect(live_box(page, "depth_A")).to_have_value("0.8")
    page.wait_for_function(
        f"() => document.querySelector('{LIVE_PLOT}').liveplot.shown.params.depth_A === 0.8"
    )
    check_drawn(LAB, live_drawn(page))
    wait_for_kernel(page, LAB, 0.8)
    # accessibility: nothing serious in the lab; JupyterLab's own chrome is counted
    ours, chrome = axe_report(page, THE_LAB)
    write_axe_report(
        results_dir / "intimacy_lab_axe_jupyterlab.txt", ours, chrome, "in JupyterLab's chrome"
    )
    print(f"\naxe in JupyterLab: {chrome} serious or critical nodes in JupyterLab's chrome")
    assert ours == [], json.dumps(ours, indent=1)[:4000]


def test_the_keyboard_moves_the_lab_and_a_bad_value_moves_nothing_in_jupyterlab(
    page: Page, lab_server, results_dir
):
    open_lab_in_jupyterlab(page, lab_server, APP_COPIES[1])
    final = operate_with_the_keyboard(page, LAB)
    wait_for_kernel(page, LAB, final)
    refuse_out_of_range(page, LAB, 7)
    screenshot(page, results_dir / "intimacy_lab_refused.png", THE_LAB)
    assert kernel_value(page, "lab.current_params()['depth_A']") == final
    refuse_out_of_range(page, LAB, -0.5)


def test_a_dragged_slider_redraws_the_model_in_app_mode(page: Page, app_server, results_dir):
    open_as_an_app(page, app_server.url, LAB)
    screenshot(page, results_dir / "app_mode_before.png", "body")
    values = drag_and_check(page, LAB, STOPS)
    wait_for_kernel(page, LAB, values[-1])
    screenshot(page, results_dir / "app_mode_dragged.png", ".id-readout")
    assert page.locator(".modebar-btn[data-title*='Share']").count() == 0
    ours, elsewhere = axe_report(page, THE_LAB)
    write_axe_report(
        results_dir / "intimacy_lab_axe_voila.txt", ours, elsewhere, "elsewhere on the page"
    )
    assert ours == [], json.dumps(ours, indent=1)[:4000]


def test_the_keyboard_moves_the_lab_and_a_bad_value_moves_nothing_in_app_mode(
    page: Page, app_server, results_dir
):
    open_as_an_app(page, app_server.url, LAB)
    final = operate_with_the_keyboard(page, LAB)
    wait_for_kernel(page, LAB, final)
    refuse_out_of_range(page, LAB, 7)
    screenshot(page, results_dir / "app_mode_refused.png", ".id-readout")
    expect(readout(page)).not_to_contain_text("Cannot")
