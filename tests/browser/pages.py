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


# The in-browser plot (LivePlot): its root element carries the plot's front end, whose
# `shown` holds the values of the run on the page once plotly has drawn it (plotly's
# `plotly_afterplot` for a whole redraw, `plotly_transitioned` for a redraw of the lines).
# `index` picks a plot of the page.
LIVE_PLOT = ".idl-live-plot"
_ROOT = "document.querySelectorAll('.idl-live-plot')[index]"
LIVE_DRAWN = f"""(index) => {{
    const plot = {_ROOT}.liveplot;
    return {{params: plot.shown.params, y0: plot.shown.y0, names: plot.figure.names,
            t: Array.from(plot.graph.data[0].x),
            y: plot.graph.data.map((trace) => Array.from(trace.y))}};
}}"""
DRAWN_FOR_SLIDER = f"""([name, index]) => {{
    const root = {_ROOT};
    const slider = root.querySelector(`.idl-control[data-name="${{name}}"] input[type=range]`);
    const value = Number(Number(slider.value).toPrecision(12));
    const plot = root.liveplot;
    return !!plot.shown && plot.shown === plot.drawn && plot.shown.params[name] === value;
}}"""
COUNT_DRAWS = f"""(index) => {{
    const gd = {_ROOT}.querySelector('.js-plotly-plot');
    if (!gd.__draws) {{
        gd.__draws = {{count: 0}};
        gd.on('plotly_afterplot', () => gd.__draws.count++);
        gd.on('plotly_transitioned', () => gd.__draws.count++);
    }}
    return gd.__draws.count;
}}"""


def wait_for_live_plot(page: Page, index: int = 0) -> None:
    """Wait until the in-browser plot has drawn its first run."""
    page.wait_for_function(
        f"(index) => {{ const r = {_ROOT}; return !!(r && r.liveplot && r.liveplot.shown); }}",
        arg=index,
        timeout=120_000,
    )


def live_slider(page: Page, name: str, index: int = 0):
    """The slider of quantity ``name`` in the in-browser plot."""
    control = f'.idl-control[data-name="{name}"] input[type=range]'
    return page.locator(LIVE_PLOT).nth(index).locator(control)


def live_drawn(page: Page, index: int = 0) -> dict:
    """What the in-browser plot shows: the values of its run, and each trace's data."""
    return page.evaluate(LIVE_DRAWN, index)


def wait_until_drawn_for_slider(page: Page, name: str, index: int = 0) -> None:
    """Wait until the plot shows the run for the value its slider shows."""
    page.wait_for_function(DRAWN_FOR_SLIDER, arg=[name, index], polling="raf", timeout=30_000)


def drag_slider(page: Page, name: str, fractions: list[float], steps: int = 8):
    """Drag ``name``'s slider with the mouse through ``fractions`` of its track.

    The button stays down throughout. At each stop, once the plot has drawn the slider's
    value, what it shows is recorded. Returns the records and the number of redraws
    during the drag.
    """
    slider = live_slider(page, name)
    slider.scroll_into_view_if_needed()
    box = slider.bounding_box()
    y = box["y"] + box["height"] / 2
    page.evaluate(COUNT_DRAWS, 0)
    thumb = float(slider.evaluate("(s) => (s.value - s.min) / (s.max - s.min)"))
    page.mouse.move(box["x"] + thumb * box["width"], y)
    page.mouse.down()
    before = page.evaluate(COUNT_DRAWS, 0)
    samples = []
    for fraction in fractions:
        page.mouse.move(box["x"] + fraction * box["width"], y, steps=steps)
        wait_until_drawn_for_slider(page, name)
        samples.append(live_drawn(page))
    draws = page.evaluate(COUNT_DRAWS, 0) - before
    page.mouse.up()
    return samples, draws


RUN_IN_KERNEL = """async (code) => {
    const kernel = window.jupyterapp.shell.currentWidget.sessionContext.session.kernel;
    const future = kernel.requestExecute({code, store_history: false});
    let out = '';
    future.onIOPub = (msg) => {
        if (msg.header.msg_type === 'stream') { out += msg.content.text; }
        if (msg.header.msg_type === 'error') {
            out += `${msg.content.ename}: ${msg.content.evalue}`;
        }
    };
    await future.done;
    return out;
}"""


def run_in_kernel(page: Page, code: str) -> str:
    """Run ``code`` in the kernel of JupyterLab's current notebook; its printed output."""
    return page.evaluate(RUN_IN_KERNEL, code)
