"""A student's view: a real JupyterLab, a real browser, a slider moved with the keyboard."""

import numpy as np
from playwright.sync_api import Page, expect

from intimacy_dynamics import simulate
from intimacy_dynamics.classic import laura_petrarch
from intimacy_dynamics.widgets.controls import control_label
from tests.browser.conftest import LAB_NOTEBOOK, TYPING_NOTEBOOK
from tests.browser.pages import (
    median_ms,
    open_notebook,
    press_and_time,
    settle,
    trace_y,
    wait_for_plot,
)

BETA_Z = control_label(laura_petrarch().param_specs["beta_Z"])


def number_value(page: Page, index: int = 0) -> float:
    return float(page.locator(".id-number input").nth(index).input_value())


def check_plot_shows_the_model(page: Page) -> None:
    settle(page)  # the last key press's update may still be on its way
    beta_z = number_value(page, 0)
    options = {"n_points": 401, "rtol": 1e-4, "atol": 1e-7}  # the lab's plot accuracy
    expected = simulate(laura_petrarch(), params={"beta_Z": beta_z}, **options)
    np.testing.assert_allclose(trace_y(page, 0), expected["L"], rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(trace_y(page, 1), expected["P"], rtol=1e-9, atol=1e-12)


def test_keyboard_slider_moves_the_plot_in_jupyterlab(page: Page, lab_server, results_dir):
    open_notebook(page, f"{lab_server.base}/lab/tree/{LAB_NOTEBOOK}")
    wait_for_plot(page)
    page.screenshot(path=results_dir / "lab_before.png", full_page=True)
    box = page.get_by_role("spinbutton", name=BETA_Z)  # the label is its accessible name
    expect(box).to_be_visible()
    start = number_value(page, 0)
    handle = page.locator(".id-slider .noUi-handle").first
    handle.focus()
    durations = press_and_time(page, handle, "ArrowLeft", presses=8)
    assert number_value(page, 0) < start  # the keyboard moved the slider
    check_plot_shows_the_model(page)
    page.screenshot(path=results_dir / "lab_after.png", full_page=True)
    (results_dir / "lab_round_trip_ms.txt").write_text(
        f"median {median_ms(durations):.1f} ms over {len(durations)} key presses\n"
    )
    print(f"\nkey press to plot updated: median {median_ms(durations):.1f} ms")


def test_typing_a_value_in_the_number_box_moves_the_plot(page: Page, lab_server, results_dir):
    open_notebook(page, f"{lab_server.base}/lab/tree/{TYPING_NOTEBOOK}")
    wait_for_plot(page)
    before = trace_y(page, 0)
    box = page.get_by_role("spinbutton", name=BETA_Z)
    box.fill("20")
    box.press("Enter")
    page.wait_for_function(
        "(b) => JSON.stringify(Array.from(document.querySelector('.js-plotly-plot')"
        ".data[0].y)) !== JSON.stringify(b)",
        arg=before,
    )
    assert number_value(page, 0) == 20
    check_plot_shows_the_model(page)


def test_app_mode_serves_the_lab_without_code(page: Page, app_server, results_dir):
    from tests.browser.test_intimacy_lab_in_browser import check_plot_shows_the_model as check

    page.set_default_timeout(120_000)
    page.goto(app_server.url)
    wait_for_plot(page)
    assert page.locator(".jp-InputArea-editor").count() == 0  # no code in app mode
    handle = page.locator(".id-slider .noUi-handle").first
    handle.focus()
    press_and_time(page, handle, "ArrowRight", presses=3)
    check(page)
    assert page.locator(".modebar-btn[data-title*='Share']").count() == 0
    page.screenshot(path=results_dir / "app_mode.png", full_page=True)
