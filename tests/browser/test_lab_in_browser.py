"""A ``ModelLab`` over a classic model (Laura and Petrarch) in JupyterLab: the same
essentials as the intimacy lab (``tests/browser/labs.py``), on a model with three
states, an oscillating readout and a phase view of its own."""

from playwright.sync_api import Page

from intimacy_dynamics.classic import laura_petrarch
from intimacy_dynamics.widgets import ModelLab
from tests.browser.conftest import LAB_NOTEBOOK, LAB_OPTIONS, TYPING_NOTEBOOK
from tests.browser.labs import (
    LabUnderTest,
    drag_and_check,
    open_in_jupyterlab,
    operate_with_the_keyboard,
    refuse_out_of_range,
    wait_for_kernel,
)
from tests.browser.pages import (
    kernel_value,
    screenshot,
)

LAB = LabUnderTest(lambda: ModelLab(laura_petrarch(), **LAB_OPTIONS), "beta_Z")
STOPS = [0.1, 0.25, 0.4, 0.55, 0.7, 0.85]
INSPIRATION = "lab.current_params()['beta_Z']"


def open_lab(page: Page, server, notebook: str) -> None:
    open_in_jupyterlab(page, f"{server.base}/lab/tree/{notebook}", LAB)


def test_a_dragged_slider_redraws_the_classic_model(page: Page, lab_server, results_dir):
    open_lab(page, lab_server, LAB_NOTEBOOK)
    screenshot(page, results_dir / "lab_before.png", ".jp-OutputArea-output")
    values = drag_and_check(page, LAB, STOPS)
    wait_for_kernel(page, LAB, values[-1])
    assert kernel_value(page, INSPIRATION) == values[-1]
    screenshot(page, results_dir / "lab_dragged.png", ".jp-OutputArea-output")


def test_the_keyboard_moves_the_classic_lab_and_a_bad_value_moves_nothing(
    page: Page, lab_server, results_dir
):
    open_lab(page, lab_server, TYPING_NOTEBOOK)
    final = operate_with_the_keyboard(page, LAB)
    wait_for_kernel(page, LAB, final)
    refuse_out_of_range(page, LAB, 60)
    refuse_out_of_range(page, LAB, -1)
    assert kernel_value(page, INSPIRATION) == final
    screenshot(page, results_dir / "lab_refused.png", ".jp-OutputArea-output")
