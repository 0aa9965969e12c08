"""The project's lab notebook in a real browser: JupyterLab with the keyboard, and app mode."""

import numpy as np
from playwright.sync_api import Page, expect

from intimacy_dynamics import IntimacyModel, simulate
from intimacy_dynamics.widgets.controls import control_label
from tests.browser.conftest import APP_NOTEBOOK
from tests.browser.pages import (
    median_ms,
    open_notebook,
    press_and_time,
    settle,
    trace_y,
    wait_for_plot,
)

MODEL = IntimacyModel()
DEPTH_A = control_label(MODEL.param_specs["depth_A"])
PLOT = {"n_points": 201, "rtol": 1e-4, "atol": 1e-7}  # what IntimacyLab draws


def depth_a(page: Page) -> float:
    return float(page.get_by_role("spinbutton", name=DEPTH_A).input_value())


def check_plot_shows_the_model(page: Page) -> None:
    settle(page)
    expected = simulate(MODEL, params={"depth_A": depth_a(page)}, **PLOT)
    np.testing.assert_allclose(trace_y(page, 0), expected["disclosure_A"], rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(trace_y(page, 1), expected["disclosure_B"], rtol=1e-9, atol=1e-12)


def test_the_lab_notebook_answers_the_keyboard_in_jupyterlab(page: Page, lab_server, results_dir):
    open_notebook(page, f"{lab_server.base}/lab/tree/{APP_NOTEBOOK}")
    wait_for_plot(page)
    expect(page.get_by_role("spinbutton", name=DEPTH_A)).to_be_visible()
    page.screenshot(path=results_dir / "intimacy_lab_before.png", full_page=True)
    handle = page.locator(".id-slider .noUi-handle").first  # the first control: A's depth
    handle.focus()
    before = depth_a(page)
    durations = press_and_time(page, handle, "ArrowRight", presses=10)
    assert depth_a(page) > before
    check_plot_shows_the_model(page)
    expect(page.locator(".id-readout")).to_contain_text("heading for")
    page.screenshot(path=results_dir / "intimacy_lab_after.png", full_page=True)
    (results_dir / "intimacy_lab_round_trip_ms.txt").write_text(
        f"median {median_ms(durations):.1f} ms over {len(durations)} key presses\n"
    )
    print(f"\nIntimacyLab key press to plot updated: median {median_ms(durations):.1f} ms")
