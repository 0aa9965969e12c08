"""The course in a real browser: every notebook runs clean, and lessons answer the keyboard.

Each notebook is opened in JupyterLab and run from a fresh kernel. Screenshots of each
notebook, top to bottom, one per screenful, go to ``test-results/notebooks/`` (they are
what we read when reviewing a lesson as a student would). Then the page must show no
error output, no traceback, no run that could not be simulated and no widget that did
not render, and no control whose label is cut short. These checks hold for any
explorer, drawn by the kernel or in the page.

The keyboard tests move A's depth in the first lab of a lesson and check every line the
page draws against ``simulate`` for the lesson's scenario (``tests/browser/labs.py``).
"""

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from intimacy_dynamics.exercises.start_here import PLOTS, SLIDERS
from intimacy_dynamics.widgets import DisclosureLoopExplorer, IntimacyLab
from tests.browser.labs import (
    TIGHT,
    LabUnderTest,
    check_drawn,
    check_layout,
    operate_with_the_keyboard,
    wait_for_kernel,
)
from tests.browser.pages import (
    LIVE_PLOT,
    control,
    cut_labels,
    live_drawn,
    open_notebook,
    screenshot,
    tighten_in_page,
    wait_for_live_plot,
)

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted(p.name for p in (ROOT / "notebooks").glob("*.ipynb"))

OUTPUT = ".jp-OutputArea-output"
ERRORS = f'{OUTPUT}[data-mime-type="application/vnd.jupyter.stderr"]'
# every code cell has run, or one failed (run-all then stops: the test fails at once)
ALL_CELLS_RUN = """() => {
    const panel = window.jupyterapp.shell.currentWidget;
    const kernel = panel.sessionContext.session && panel.sessionContext.session.kernel;
    if (!kernel || kernel.status !== 'idle') { return false; }
    const cells = panel.content.widgets.filter((c) => c.model.type === 'code');
    const failed = cells.some((c) => c.model.outputs.toJSON().some(
        (o) => o.output_type === 'error'));
    return failed || cells.every((c) => c.model.executionCount !== null);
}"""
#: Text no output may show: a traceback, a run that failed, a widget that did not render.
NEVER_SHOWN = (
    "Traceback",
    "Cannot simulate",
    "Error displaying widget",
    "Loading widget...",
    "The plot could not start",
)


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
                const cells = s.querySelectorAll('.jp-Cell');
                const end = cells[cells.length - 1].getBoundingClientRect().bottom;
                if (end <= s.getBoundingClientRect().bottom) {{ return false; }}  // all seen
                const before = s.scrollTop; s.scrollBy(0, s.clientHeight - 80);
                return s.scrollTop > before; }}"""
        )
        if not moved:
            return index + 1
    return limit


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_notebook_runs_clean_in_jupyterlab(page: Page, lab_server, results_dir, name):
    run_whole_notebook(page, f"{lab_server.base}/lab/tree/{name}")
    shots = screenshots(page, results_dir / "notebooks", Path(name).stem)
    assert shots >= 1
    outputs = page.locator(OUTPUT)
    expect(page.locator(ERRORS)).to_have_count(0)
    for text in NEVER_SHOWN:
        expect(outputs.filter(has_text=text)).to_have_count(0, timeout=60_000)
    expect(page.locator(f"{LIVE_PLOT} [role=alert]:visible")).to_have_count(0)
    assert cut_labels(page) == []  # every control's label shows its whole text


#: notebook -> the lesson's first lab, built as the notebook builds it, and its slider
KEYBOARD = {
    "00_start_here.ipynb": LabUnderTest(
        lambda: IntimacyLab(params=SLIDERS, plots=PLOTS, phase=None, initial=[]), "depth_A"
    ),
    "01_disclosure_and_response.ipynb": LabUnderTest(DisclosureLoopExplorer, "depth_A"),
}


@pytest.mark.parametrize("name", KEYBOARD)
def test_a_notebook_answers_the_keyboard_with_the_models_numbers(
    page: Page, lab_server, results_dir, name
):
    """A's depth, moved with the keyboard (slider and number box), redraws what the model
    says for the lesson's scenario, and the kernel's readout follows."""
    lab = KEYBOARD[name]
    run_whole_notebook(page, f"{lab_server.base}/lab/tree/{name}")
    wait_for_live_plot(page, lab.index)
    page.evaluate("() => window.jupyterapp.shell.collapseLeft()")
    control(page, lab.slider, lab.index).scroll_into_view_if_needed()
    check_layout(page, lab)
    tighten_in_page(page, TIGHT, lab.index)
    check_drawn(lab, live_drawn(page, lab.index))
    final = operate_with_the_keyboard(page, lab)
    wait_for_kernel(page, lab, final)
    screenshot(page, results_dir / f"{Path(name).stem}_after_keys.png", OUTPUT)
