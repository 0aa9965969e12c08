"""What a test does in the page: open a notebook, run it, read plots, press keys."""

import json
import statistics
import time

from playwright.sync_api import Page, expect

KERNEL_READY = """async () => {
    const w = window.jupyterapp && window.jupyterapp.shell.currentWidget;
    if (!w || !w.sessionContext) { return false; }
    await w.context.ready; await w.sessionContext.ready;
    const k = w.sessionContext.session && w.sessionContext.session.kernel;
    return !!k && k.connectionStatus === 'connected';
}"""

TRACE_Y = "(i) => Array.from(document.querySelectorAll('.js-plotly-plot')[0].data[i].y)"


def open_notebook(page: Page, url: str) -> None:
    """Open a notebook in JupyterLab, wait for its kernel and run every cell."""
    page.set_default_timeout(120_000)
    page.goto(url + ("&" if "?" in url else "?") + "reset")  # a clean workspace: no old tabs
    page.wait_for_function("() => window.jupyterapp && window.jupyterapp.shell.currentWidget")
    page.wait_for_function(KERNEL_READY, timeout=120_000)
    # fire and forget: awaiting run-all inside evaluate can hang (no timeout there)
    page.evaluate("() => { window.jupyterapp.commands.execute('notebook:run-all-cells'); }")


def wait_for_plot(page: Page) -> None:
    """Wait until the first plot shows data."""
    expect(page.locator(".js-plotly-plot").first).to_be_visible(timeout=120_000)
    page.wait_for_function(
        "() => { const g = document.querySelector('.js-plotly-plot');"
        " return g && g.data && g.data.length && g.data[0].y && g.data[0].y.length > 0; }",
        timeout=120_000,
    )


def trace_y(page: Page, index: int = 0) -> list[float]:
    """The y data of trace ``index`` of the first plot, as the browser holds it."""
    return page.evaluate(TRACE_Y, index)


# Timed in the page, as a student experiences it: from the keydown event to the end of
# plotly's redraw with new data (plotly_afterplot; the data is assigned at the start of a
# redraw, so waiting for the data alone would stop the clock before the drawing). The
# test driver's own overhead (a press travels over CDP, waits are polled) is left out.
WATCH_DRAWS = """() => {
    const gd = document.querySelector('.js-plotly-plot');
    if (!gd.__watched) {
        gd.__watched = true;
        document.addEventListener('keydown', () => {
            gd.__keyAt = performance.now();
            gd.__yAtKey = JSON.stringify(gd.data[0].y);
            gd.__drawnAt = null;
        }, true);
        gd.on('plotly_afterplot', () => {  // the first redraw showing new data
            if (gd.__drawnAt === null && JSON.stringify(gd.data[0].y) !== gd.__yAtKey) {
                gd.__drawnAt = performance.now();
            }
        });
    }
}"""
DRAWN_NEW_DATA = (
    "() => { const gd = document.querySelector('.js-plotly-plot');"
    " return gd.__drawnAt !== null && gd.__drawnAt !== undefined; }"
)
KEY_TO_DRAWN = "() => { const gd = document.querySelector('.js-plotly-plot');"
KEY_TO_DRAWN += " return (gd.__drawnAt - gd.__keyAt) / 1000; }"


def press_and_time(page: Page, handle, key: str, presses: int) -> list[float]:
    """Press ``key`` on ``handle`` repeatedly; seconds from each keydown to the redraw.

    The clock runs in the page: from the keydown event to the end of plotly's redraw of
    the first plot with new data.
    """
    page.evaluate(WATCH_DRAWS)
    durations = []
    for _ in range(presses):
        handle.press(key)
        page.wait_for_function(DRAWN_NEW_DATA, polling="raf", timeout=30_000)
        durations.append(page.evaluate(KEY_TO_DRAWN))
        settle(page, quiet=0.3)
    return durations


def settle(page: Page, quiet: float = 0.5, timeout: float = 30.0) -> None:
    """Wait until the first plot's data has not changed for ``quiet`` seconds."""
    deadline = time.monotonic() + timeout
    last, since = json.dumps(trace_y(page)), time.monotonic()
    while time.monotonic() < deadline:
        time.sleep(0.1)
        now = json.dumps(trace_y(page))
        if now != last:
            last, since = now, time.monotonic()
        elif time.monotonic() - since >= quiet:
            return
    raise TimeoutError("the plot kept changing")


def median_ms(durations: list[float]) -> float:
    """Median in milliseconds."""
    return 1e3 * statistics.median(durations)
