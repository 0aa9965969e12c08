"""In-browser plot benchmark: drag rate and key-to-plot time of LivePlot, in JupyterLab.

Run: ``python benchmarks/bench_live_plot.py`` (or ``make bench``); it needs Debian's
``chromium``. It starts JupyterLab on a temporary notebook with two ``LivePlot``s over
``IntimacyModel`` (201 output times, rtol 1e-6): IntimacyLab's six panels (twelve
lines) and a two-panel one (trust, intimacy). Every time is read from the page's own
clock (``performance.now`` and plotly's ``plotly_afterplot``), never from Playwright's
round trips.

* Drag: for 3 s the slider of A's depth sweeps its range, its value changed (and its
  ``input`` event fired, as a dragging mouse fires it) at every animation frame. The
  frame rate is 1 / the median interval between redraws; the better of two drags.
* Limit: in the same page and figure, ``Plotly.react`` alone, with new data at every
  animation frame for 3 s (no integration, no controls): its median call time and its
  frame rate (the better of two runs, alternating with the drags). The ratio is our
  median frame interval over the limit's. The figure's
  layout asks for a transition of no duration, so plotly redraws the lines only; the
  same loop without it (plotly redrawing the whole figure) is shown for scale.
* Key press to redrawn plot: ArrowRight on the focused slider, from the ``keydown``
  event to the end of the redraw (``plotly_afterplot``); the median of 15 presses.
* The same key press on ``IntimacyLab`` (kernel round trip, plotly's FigureWidget),
  in the same run, for comparison.
"""

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import timing  # first: it pins BLAS threads before numpy loads

import statistics

import nbformat

from tests.browser.conftest import CHROMIUM, jupyterlab
from tests.browser.pages import median_ms, open_notebook, press_and_time, wait_for_plot

SECONDS = 3.0
ROUNDS = 2
PRESSES = 15
CELLS = [
    "from intimacy_dynamics import IntimacyModel\n"
    "from intimacy_dynamics.widgets import LivePlot\n"
    "from intimacy_dynamics.widgets.intimacy_lab import PANELS, PERSON_PARAMETERS\n"
    "model = IntimacyModel()\n"
    "controls = [f'{base}_{p}' for p in 'AB' for base in PERSON_PARAMETERS]",
    "LivePlot(model, PANELS, controls=controls, initial=['trust_A', 'trust_B'], n_points=201)",
    "LivePlot(model, ['trust', 'intimacy'], controls=controls, n_points=201)",
]
KERNEL_CELLS = ["from intimacy_dynamics.widgets import IntimacyLab\nIntimacyLab()"]

PLOT = "const root = document.querySelectorAll('.idl-live-plot')[index];"
PLOT += " const plot = root.liveplot; const gd = plot.graph;"
INTERVALS = """const intervals = frames.slice(1).map((t, k) => t - frames[k]);"""

DRAG = f"""async ([index, name, seconds]) => {{
    {PLOT}
    const slider = root.querySelector(`.idl-control[data-name="${{name}}"] input[type=range]`);
    const [low, high] = [Number(slider.min), Number(slider.max)];
    const frames = [];
    const onDraw = () => frames.push(performance.now());
    gd.on('plotly_afterplot', onDraw);
    gd.on('plotly_transitioned', onDraw);
    const start = performance.now();
    await new Promise((resolve) => {{
        const move = (now) => {{
            if (now - start > seconds * 1000) {{ resolve(); return; }}
            const along = 0.5 - 0.5 * Math.cos(2 * Math.PI * (now - start) / (seconds * 500));
            const before = slider.value;
            slider.value = String(low + along * (high - low));
            if (slider.value !== before) {{
                slider.dispatchEvent(new Event('input', {{bubbles: true}}));
            }}
            requestAnimationFrame(move);
        }};
        requestAnimationFrame(move);
    }});
    await new Promise((resolve) => setTimeout(resolve, 300));
    gd.removeListener('plotly_afterplot', onDraw);
    gd.removeListener('plotly_transitioned', onDraw);
    {INTERVALS}
    return {{frames: frames.length, intervals}};
}}"""

LIMIT = f"""async ([index, seconds, whole]) => {{
    {PLOT}
    const Plotly = plot.Plotly;
    const layout = {{...plot.layout}};
    if (whole) {{ delete layout.transition; }}
    const figures = [1.01, 1.02, 1.03, 1.04].map((f) =>
        gd.data.map((trace) => ({{...trace, y: Float64Array.from(trace.y, (v) => f * v)}})));
    const frames = [];
    const calls = [];
    const onDraw = () => frames.push(performance.now());
    gd.on('plotly_afterplot', onDraw);
    gd.on('plotly_transitioned', onDraw);
    const start = performance.now();
    let k = 0;
    await new Promise((resolve) => {{
        const draw = (now) => {{
            if (now - start > seconds * 1000) {{ resolve(); return; }}
            const before = performance.now();
            Plotly.react(gd, figures[k++ % figures.length], layout, plot.figure.config);
            calls.push(performance.now() - before);
            requestAnimationFrame(draw);
        }};
        requestAnimationFrame(draw);
    }});
    await new Promise((resolve) => setTimeout(resolve, 300));
    gd.removeListener('plotly_afterplot', onDraw);
    plot.redraw();
    {INTERVALS}
    return {{frames: frames.length, intervals, calls}};
}}"""

INTEGRATION = f"""([index, repeat]) => {{
    {PLOT}
    const times = [];
    for (let k = 0; k < repeat; k++) {{
        const before = performance.now();
        plot.redraw();
        times.push(performance.now() - before);
    }}
    return times;
}}"""

WATCH_KEYS = f"""(index) => {{
    {PLOT}
    gd.__keyAt = null;
    gd.__drawnAt = null;
    document.addEventListener('keydown', () => {{
        gd.__keyAt = performance.now();
        gd.__drawnAt = null;
    }}, true);
    const drawn = () => {{
        if (gd.__keyAt !== null && gd.__drawnAt === null) {{ gd.__drawnAt = performance.now(); }}
    }};
    gd.on('plotly_afterplot', drawn);
    gd.on('plotly_transitioned', drawn);
}}"""
KEY_DRAWN = f"(index) => {{ {PLOT} return gd.__drawnAt !== null; }}"
KEY_TO_DRAWN = f"(index) => {{ {PLOT} return gd.__drawnAt - gd.__keyAt; }}"


def slider(page, index, name="depth_A"):
    control = f'.idl-control[data-name="{name}"] input[type=range]'
    return page.locator(".idl-live-plot").nth(index).locator(control)


def drag_rate(page, index):
    result = page.evaluate(DRAG, [index, "depth_A", SECONDS])
    return 1e3 / statistics.median(result["intervals"]), result["frames"]


def limit(page, index, whole=False):
    result = page.evaluate(LIMIT, [index, SECONDS, whole])
    return 1e3 / statistics.median(result["intervals"]), statistics.median(result["calls"])


def key_to_plot(page, index):
    page.evaluate(WATCH_KEYS, index)
    handle = slider(page, index)
    handle.scroll_into_view_if_needed()
    handle.focus()
    durations = []
    for k in range(PRESSES):
        handle.press("ArrowRight" if k % 2 == 0 else "ArrowLeft")
        page.wait_for_function(KEY_DRAWN, arg=index, polling="raf", timeout=30_000)
        durations.append(page.evaluate(KEY_TO_DRAWN, index))
        page.wait_for_timeout(250)
    return statistics.median(durations)


def measure_live_plots(page, url):
    open_notebook(page, url)
    page.wait_for_function(
        "() => { const r = document.querySelectorAll('.idl-live-plot');"
        " return r.length === 2 && [...r].every((e) => e.liveplot && e.liveplot.shown); }",
        timeout=180_000,
    )
    page.evaluate("() => window.jupyterapp.shell.collapseLeft()")
    page.wait_for_timeout(1000)
    figures = {}
    for index, label in ((0, "six panels"), (1, "two panels")):
        slider(page, index).scroll_into_view_if_needed()
        page.wait_for_timeout(500)
        page.evaluate(DRAG, [index, "depth_A", 1.0])  # warm-up
        drags, limits = [], []
        for _ in range(ROUNDS):  # alternately, so that both see the same machine
            drags.append(drag_rate(page, index))
            limits.append(limit(page, index))
        figures[label] = {
            "lines": len(page.evaluate(f"(index) => {{ {PLOT} return gd.data; }}", index)),
            "drag": max(drags),
            "limit": max(limits),
            "whole": limit(page, index, whole=True),
            "key": key_to_plot(page, index),
            "redraw": statistics.median(page.evaluate(INTEGRATION, [index, 20])),
        }
    return figures


def measure_kernel_path(page, url):
    open_notebook(page, url)
    wait_for_plot(page)
    handle = page.locator(".id-slider .noUi-handle").first
    handle.focus()
    return median_ms(press_and_time(page, handle, "ArrowRight", presses=10))


def print_table(figures, kernel_ms):
    row = timing.row
    print("live plot benchmark (LivePlot over IntimacyModel, 201 points, rtol 1e-6; JupyterLab,")
    print("headless Debian chromium, times from the page's clock)")
    for label, found in figures.items():
        fps, frames = found["drag"]
        limit_fps, react_ms = found["limit"]
        goal = "25" if label == "six panels" else "50"
        print(f"{label}, {found['lines']} lines")
        text = f"  drag for {SECONDS:g} s: {frames} redraws, 1 / median interval"
        print(f"{text:<58} {fps:10.1f} fps  (goal >= {goal})")
        text = "  limit: Plotly.react alone, same figure, 1 / median interval"
        print(f"{text:<58} {limit_fps:10.1f} fps")
        print(row("  Plotly.react alone, median call", react_ms / 1e3))
        whole_fps, whole_ms = found["whole"]
        text = "  for scale: Plotly.react redrawing the whole figure, rate"
        print(f"{text:<58} {whole_fps:10.1f} fps")
        print(row("    and median call", whole_ms / 1e3))
        ratio = "  ratio: our frame interval / the limit's"
        print(f"{ratio:<58} {limit_fps / fps:10.2f} x   (aim <= 1.5)")
        goal = "   (goal <= 50 ms)" if label == "six panels" else ""
        print(row("  key press to redrawn plot, median of 15", found["key"] / 1e3) + goal)
        print(row("  one redraw (integrate + Plotly.react), median", found["redraw"] / 1e3))
    print(row("kernel path (IntimacyLab, FigureWidget): key to plot, median", kernel_ms / 1e3))


def main():
    if not CHROMIUM:
        print("live plot benchmark skipped: chromium is not installed (apt-get install chromium)")
        return
    from playwright.sync_api import sync_playwright

    folder = Path(tempfile.mkdtemp(prefix="bench-live-plot-"))
    for name, cells in (("live.ipynb", CELLS), ("kernel.ipynb", KERNEL_CELLS)):
        notebook = nbformat.v4.new_notebook()
        notebook.cells = [nbformat.v4.new_code_cell(source) for source in cells]
        notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
        nbformat.write(notebook, folder / name)
    server = jupyterlab(folder, folder)
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM,
                args=["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"],
            )
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            started = time.monotonic()
            figures = measure_live_plots(page, f"{server.base}/lab/tree/live.ipynb")
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            kernel_ms = measure_kernel_path(page, f"{server.base}/lab/tree/kernel.ipynb")
            browser.close()
    finally:
        server.stop()
    print_table(figures, kernel_ms)
    print(f"(measured in {time.monotonic() - started:.0f} s)")


if __name__ == "__main__":
    main()
