"""The course in a real browser: every notebook runs clean, and lessons answer a slider.

Each notebook is opened in JupyterLab and run from a fresh kernel; the page must show no
error output and every widget must render. Screenshots of each notebook, top to bottom,
go to ``test-results/notebooks/`` (they are what we read when reviewing a lesson as a
student would).
"""

from pathlib import Path

import numpy as np
import pytest
from playwright.sync_api import Page, expect

from intimacy_dynamics import simulate
from intimacy_dynamics.intimacy import catalog, phenomena
from intimacy_dynamics.widgets.controls import control_label
from tests.browser.pages import open_notebook, press_and_time, settle, trace_y, wait_for_plot

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted(p.name for p in (ROOT / "notebooks").glob("*.ipynb"))
PLOT = {"n_points": 201, "rtol": 1e-4, "atol": 1e-7}  # what the explorers draw

ALL_CELLS_RUN = """() => {
    const panel = window.jupyterapp.shell.currentWidget;
    const kernel = panel.sessionContext.session && panel.sessionContext.session.kernel;
    if (!kernel || kernel.status !== 'idle') { return false; }
    const cells = panel.content.widgets.filter((c) => c.model.type === 'code');
    return cells.every((c) => c.model.executionCount !== null);
}"""
ERRORS = '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]'


def run_whole_notebook(page: Page, url: str) -> None:
    open_notebook(page, url)
    page.wait_for_function(ALL_CELLS_RUN, timeout=180_000, polling=500)


def screenshots(page: Page, folder: Path, stem: str, limit: int = 40) -> int:
    """Scroll through the notebook, one screenshot per screenful; returns how many."""
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob(f"{stem}-*.png"):
        old.unlink()
    page.evaluate("() => window.jupyterapp.shell.collapseLeft()")  # the page, as read
    scroller = ".jp-NotebookPanel:not(.lm-mod-hidden) .jp-WindowedPanel-outer"
    page.evaluate(f"() => document.querySelector('{scroller}').scrollTo(0, 0)")
    for index in range(limit):
        page.wait_for_timeout(400)  # cells render as they come into view
        page.screenshot(path=folder / f"{stem}-{index:02d}.png")
        moved = page.evaluate(
            f"""() => {{ const s = document.querySelector('{scroller}');
                const before = s.scrollTop; s.scrollBy(0, s.clientHeight - 80);
                return s.scrollTop > before; }}"""
        )
        if not moved:
            return index + 1
    return limit


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_notebook_runs_clean_in_jupyterlab(page: Page, lab_server, results_dir, name):
    run_whole_notebook(page, f"{lab_server.base}/lab/tree/{name}")
    expect(page.locator(ERRORS)).to_have_count(0)
    outputs = page.locator(".jp-OutputArea-output")
    expect(outputs.filter(has_text="Error displaying widget")).to_have_count(0)
    expect(outputs.filter(has_text="Loading widget...")).to_have_count(0, timeout=60_000)
    shots = screenshots(page, results_dir / "notebooks", Path(name).stem)
    assert shots >= 1


def depth_shown(page: Page, label: str) -> float:
    return float(page.get_by_role("spinbutton", name=label).first.input_value())


#: notebook -> (the scenario its first lab starts from, what that lab's first line draws)
KEYBOARD = {
    "00_start_here.ipynb": (None, "trust_A"),
    "01_disclosure_and_response.ipynb": ("P01_supportive_partner", "exposure_A"),
}


@pytest.mark.parametrize("name", KEYBOARD)
def test_a_notebook_answers_the_keyboard(page: Page, lab_server, results_dir, name):
    """The first slider (A's depth), moved with the keyboard, redraws what the model says."""
    run_whole_notebook(page, f"{lab_server.base}/lab/tree/{name}")
    wait_for_plot(page)
    label = control_label(phenomena.model().param_specs["depth_A"])
    handle = page.locator(".id-slider .noUi-handle").first
    handle.scroll_into_view_if_needed()
    before = depth_shown(page, label)
    press_and_time(page, handle, "ArrowRight", presses=3)
    settle(page)
    depth = depth_shown(page, label)
    assert depth > before
    scenario, drawn = KEYBOARD[name]
    if scenario is None:
        expected = simulate(phenomena.model(), params={"depth_A": depth}, **PLOT)
    else:
        expected = catalog.load(scenario).run(phenomena.model(), params={"depth_A": depth}, **PLOT)
    np.testing.assert_allclose(trace_y(page, 0), expected[drawn], rtol=1e-9, atol=1e-12)
    page.screenshot(path=results_dir / f"{Path(name).stem}_after_keys.png")
