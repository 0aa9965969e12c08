"""IntimacyLab's day-to-day noise in a real browser: the page draws the kernel's noisy run.

The page's integrator is deterministic, so with a noise intensity above 0 the kernel
computes the run and the page draws it, byte for byte; *New days* draws the next seed;
a control moved in the page reaches the kernel, whose noisy run comes back; at
intensity 0 the page integrates the model itself again.
"""

import numpy as np
from playwright.sync_api import Page

from tests.browser.conftest import APP_COPIES
from tests.browser.labs import check_drawn
from tests.browser.pages import kernel_value, live_drawn, live_slider, run_in_kernel, screenshot
from tests.browser.test_intimacy_lab_in_browser import LAB, THE_LAB, open_lab_in_jupyterlab

FOLLOWING = """([name, value]) => {
    const plot = document.querySelector('.idl-live-plot').liveplot;
    return plot.followKernel === %s && !!plot.shown && plot.shown === plot.drawn
        && plot.shown.params[name] === value;
}"""


def wait_for_the_page(page: Page, value: float, follows: bool = True) -> None:
    page.wait_for_function(
        FOLLOWING % ("true" if follows else "false"), arg=[LAB.slider, value], timeout=30_000
    )


def check_the_kernels_run_is_drawn(page: Page) -> None:
    """The page draws the kernel's current run, byte for byte (waiting up to 10 s)."""
    for _ in range(50):
        drawn = live_drawn(page)
        names = drawn["names"]
        kernel = kernel_value(page, f"[lab.result[n].tolist() for n in {names!r}]")
        if drawn["y"] == kernel:
            break
        page.wait_for_timeout(200)
    for name, shown, computed in zip(names, drawn["y"], kernel, strict=True):
        np.testing.assert_array_equal(shown, computed, err_msg=name)


def test_a_noisy_run_comes_from_the_kernel_and_new_days_redraw_it(
    page: Page, lab_server, results_dir
):
    open_lab_in_jupyterlab(page, lab_server, APP_COPIES[2])
    depth = kernel_value(page, f"lab.current_params()[{LAB.slider!r}]")
    assert run_in_kernel(page, "lab.set(noise=0.6, seed=1)") == ""
    wait_for_the_page(page, depth)
    check_the_kernels_run_is_drawn(page)
    screenshot(page, results_dir / "intimacy_lab_noisy.png", THE_LAB)
    first = live_drawn(page)["y"]
    # New days: the next seed, other days for the same couple
    page.get_by_role("button", name="New days").click()
    for _ in range(100):
        if kernel_value(page, "lab.current.own['seed']") == 2:
            break
        page.wait_for_timeout(100)
    assert kernel_value(page, "lab.current.own['seed']") == 2
    check_the_kernels_run_is_drawn(page)
    assert live_drawn(page)["y"] != first
    # a control moved in the page: the kernel computes the noisy run, the page draws it
    slider = live_slider(page, LAB.slider)
    slider.focus()
    page.keyboard.press("ArrowRight")
    moved = float(slider.input_value())
    assert moved != depth
    wait_for_the_page(page, moved)
    check_the_kernels_run_is_drawn(page)
    # intensity 0: the page integrates the model itself again
    assert run_in_kernel(page, "lab.set(noise=0)") == ""
    wait_for_the_page(page, moved, follows=False)
    check_drawn(LAB, live_drawn(page))
