"""In-browser benchmark of the labs: drag rate and key-to-plot time, in JupyterLab.

Run: ``python benchmarks/bench_live_plot.py`` (or ``make bench``); it needs Debian's
``chromium``. It starts JupyterLab on a temporary notebook with two labs, as students
get them (plot accuracy, rtol 1e-4, 201 output times): ``IntimacyLab()`` (six panels,
twelve lines, its phase view and readout from the kernel) and a two-panel ``ModelLab``
over ``IntimacyModel`` (trust and intimacy, four lines, no phase view), the figure of a
focused explorer. Every time is read from the page's own clock (``performance.now`` and
plotly's ``plotly_afterplot``/``plotly_transitioned``), never from Playwright's round
trips.

* Drag: for 3 s the slider of A's depth sweeps its range, its value changed (and its
  ``input`` event fired, as a dragging mouse fires it) at every animation frame. The
  frame rate is 1 / the median interval between redraws; the better of two drags.
* Limit: in the same page and figure, ``Plotly.react`` alone, with new data at every
  animation frame for 3 s (no integration, no controls): its median call time and its
  frame rate (the better of two runs, alternating with the drags). The ratio is our
  median frame interval over the limit's. The figure's layout asks for a transition of
  no duration, so plotly redraws the lines only; the same loop without it (plotly
  redrawing the whole figure) is shown for scale.
* Key press to redrawn plot: ArrowRight (then ArrowLeft, alternately) on the focused
  slider, from the ``keydown`` event to the end of the redraw; the median of 15 presses.
* Key press to the kernel's phase view redrawn (IntimacyLab): the same presses, to the
  end of the redraw of the phase view the kernel sends once the value has settled
  (``settle_ms`` after the press, then the kernel's run); what is left on the kernel's
  path, for comparison with the in-page plot.
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


from tests.browser.conftest import CHROMIUM, jupyterlab, write_notebook
from tests.browser.pages import open_notebook

SECONDS = 3.0
ROUNDS = 2
PRESSES = 15
CELLS = [
    "from intimacy_dynamics import IntimacyModel\n"
    "from intimacy_dynamics.intimacy.model import PERSON_PARAMETERS\n"
    "from intimacy_dynamics.widgets import IntimacyLab, ModelLab",
    "IntimacyLab()",
    "controls = [f'{base}_{p}' for p in 'AB' for base in PERSON_PARAMETERS]\n"
    "ModelLab(IntimacyModel(), plots=['trust', 'intimacy'], params=controls, n_points=201)",
]
LABS = ((0, "IntimacyLab, six panels", 25), (1, "ModelLab, two panels", 50))

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
    gd.removeListener('plotly_transitioned', onDraw);
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

# from each keydown to the first redraw after it: of the in-page plot (gd) and of the
# kernel's phase view (the first kernel-drawn figure on the page)
WATCH_KEYS = f"""(index) => {{
    {PLOT}
    const phase = document.querySelector('.js-plotly-plot:not(.idl-graph)');
    const watched = [gd, phase].filter((g) => g);
    for (const g of watched) {{ g.__keyAt = null; g.__drawnAt = null; }}
    document.addEventListener('keydown', () => {{
        const now = performance.now();
        for (const g of watched) {{ g.__keyAt = now; g.__drawnAt = null; }}
    }}, true);
    for (const g of watched) {{
        const drawn = () => {{
            if (g.__keyAt !== null && g.__drawnAt === null) {{ g.__drawnAt = performance.now(); }}
        }};
        g.on('plotly_afterplot', drawn);
        g.on('plotly_transitioned', drawn);
    }}
}}"""
PHASE = "document.querySelector('.js-plotly-plot:not(.idl-graph)')"
KEY_DRAWN = f"""([index, kernel]) => {{
    {PLOT}
    const g = kernel ? {PHASE} : gd;
    return g.__drawnAt !== null;
}}"""
KEY_TO_DRAWN = f"""([index, kernel]) => {{
    {PLOT}
    const g = kernel ? {PHASE} : gd;
    return g.__drawnAt - g.__keyAt;
}}"""
#: Long enough for the kernel's answer to a press to be drawn before the next press.
BETWEEN_PRESSES_MS = 800
#: After a drag or a loop, for the kernel's answer to the settled value to be drawn.
QUIET_MS = 1500


def slider(page, index, name="depth_A"):
    control = f'.idl-control[data-name="{name}"] input[type=range]'
    return page.locator(".idl-live-plot").nth(index).locator(control)


def drag_rate(page, index):
    result = page.evaluate(DRAG, [index, "depth_A", SECONDS])
    page.wait_for_timeout(QUIET_MS)
    return 1e3 / statistics.median(result["intervals"]), result["frames"]


def limit(page, index, whole=False):
    result = page.evaluate(LIMIT, [index, SECONDS, whole])
    page.wait_for_timeout(QUIET_MS)
    return 1e3 / statistics.median(result["intervals"]), statistics.median(result["calls"])


def key_to_plot(page, index, kernel: bool):
    """Median ms from keydown to the redraw of the plot, and of the phase view if asked."""
    page.evaluate(WATCH_KEYS, index)
    handle = slider(page, index)
    handle.scroll_into_view_if_needed()
    handle.focus()
    plot, phase = [], []
    for k in range(PRESSES):
        handle.press("ArrowRight" if k % 2 == 0 else "ArrowLeft")
        page.wait_for_function(KEY_DRAWN, arg=[index, False], polling="raf", timeout=30_000)
        plot.append(page.evaluate(KEY_TO_DRAWN, [index, False]))
        if kernel:
            page.wait_for_function(KEY_DRAWN, arg=[index, True], polling="raf", timeout=30_000)
            phase.append(page.evaluate(KEY_TO_DRAWN, [index, True]))
        page.wait_for_timeout(BETWEEN_PRESSES_MS)
    return statistics.median(plot), statistics.median(phase) if phase else None


def measure(page, url):
    open_notebook(page, url)
    page.wait_for_function(
        "() => { const r = document.querySelectorAll('.idl-live-plot');"
        " return r.length === 2 && [...r].every((e) => e.liveplot && e.liveplot.shown); }",
        timeout=180_000,
    )
    page.evaluate("() => window.jupyterapp.shell.collapseLeft()")
    page.wait_for_timeout(1000)
    figures = {}
    for index, label, goal in LABS:
        slider(page, index).scroll_into_view_if_needed()
        page.wait_for_timeout(500)
        page.evaluate(DRAG, [index, "depth_A", 1.0])  # warm-up
        page.wait_for_timeout(QUIET_MS)
        drags, limits = [], []
        for _ in range(ROUNDS):  # alternately, so that both see the same machine
            drags.append(drag_rate(page, index))
            limits.append(limit(page, index))
        figures[label] = {
            "goal": goal,
            "lines": len(page.evaluate(f"(index) => {{ {PLOT} return gd.data; }}", index)),
            "drag": max(drags),
            "limit": max(limits),
            "whole": limit(page, index, whole=True),
            "keys": key_to_plot(page, index, kernel=index == 0),
            "redraw": statistics.median(page.evaluate(INTEGRATION, [index, 20])),
        }
    return figures


def print_table(figures, load):
    row = timing.row
    print("lab benchmark in the browser (the labs as students get them: rtol 1e-4, 201 points;")
    print(f"JupyterLab, headless Debian chromium, times from the page's clock; {load})")
    for label, found in figures.items():
        fps, frames = found["drag"]
        limit_fps, react_ms = found["limit"]
        print(f"{label}, {found['lines']} lines")
        text = f"  drag for {SECONDS:g} s: {frames} redraws, 1 / median interval"
        print(f"{text:<58} {fps:10.1f} fps  (goal >= {found['goal']})")
        text = "  limit: Plotly.react alone, same figure, 1 / median interval"
        print(f"{text:<58} {limit_fps:10.1f} fps")
        print(row("  Plotly.react alone, median call", react_ms / 1e3))
        whole_fps, whole_ms = found["whole"]
        text = "  for scale: Plotly.react redrawing the whole figure, rate"
        print(f"{text:<58} {whole_fps:10.1f} fps")
        print(row("    and median call", whole_ms / 1e3))
        ratio = "  ratio: our frame interval / the limit's"
        print(f"{ratio:<58} {limit_fps / fps:10.2f} x   (aim <= 1.5)")
        plot_ms, phase_ms = found["keys"]
        goal = "   (goal <= 50 ms)" if phase_ms is not None else ""
        print(row(f"  key press to redrawn plot, median of {PRESSES}", plot_ms / 1e3) + goal)
        if phase_ms is not None:
            text = "  key press to the kernel's phase view redrawn, median"
            print(row(text, phase_ms / 1e3))
        print(row("  one redraw (integrate + Plotly.react), median", found["redraw"] / 1e3))


def main():
    if not CHROMIUM:
        print("live plot benchmark skipped: chromium is not installed (apt-get install chromium)")
        return
    from playwright.sync_api import sync_playwright

    folder = Path(tempfile.mkdtemp(prefix="bench-live-plot-"))
    write_notebook(folder / "labs.ipynb", CELLS)
    server = jupyterlab(folder, folder)
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM,
                args=["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"],
            )
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            started = time.monotonic()
            load = timing.machine_load()
            figures = measure(page, f"{server.base}/lab/tree/labs.ipynb")
            browser.close()
    finally:
        server.stop()
    print_table(figures, load)
    print(f"(measured in {time.monotonic() - started:.0f} s)")


if __name__ == "__main__":
    main()
