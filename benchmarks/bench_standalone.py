"""Benchmark of the exported page (``intimacy-lab export``): first plot and drag rate.

Run: ``python benchmarks/bench_standalone.py`` (or ``make bench``); it needs Debian's
``chromium``. It exports the labs as students get them (plot accuracy, rtol 1e-4, 201
output times): ``IntimacyLab()`` (six panels, twelve lines) and the two-panel
``ModelLab`` over ``IntimacyModel`` of ``bench_live_plot.py``, each as one page with
plotly.js inline, and opens them from ``file://`` with every other request blocked.
Every time is read from the page's own clock.

* First plot: from the start of navigation to the end of plotly's first ``newPlot``
  (its promise resolves after ``plotly_afterplot``); the median of 5 fresh loads. In
  the same loads, when plotly.js has run (it assigns ``window.Plotly``): the rest is the
  page's own start (its module, the model's, the first integration and ``newPlot``).
* Drag, and its limit: exactly ``bench_live_plot.py``'s (the same page scripts), so
  the ratio of our frame interval to ``Plotly.react`` alone on the same figure compares
  with the notebook lab's.
"""

import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_live_plot as notebook  # first: timing pins BLAS threads before numpy loads
import timing

from intimacy_dynamics import IntimacyModel
from intimacy_dynamics.intimacy.model import PERSON_PARAMETERS
from intimacy_dynamics.standalone import export_html
from intimacy_dynamics.widgets import IntimacyLab, ModelLab
from tests.browser.conftest import CHROMIUM
from tests.browser.pages import FIRST_PLOT

LOADS = 5


def offline(page):
    def route(request_route):
        url = request_route.request.url
        if url.startswith(("file:", "blob:", "data:")):
            request_route.continue_()
        else:  # pragma: no cover - the page makes no such request
            raise AssertionError(f"the page asked for {url}")

    page.route("**/*", route)


def first_plot(browser, url: str) -> dict:
    """Medians over LOADS fresh loads: plotly.js has run, the first plot is drawn, and
    the difference (the page's own start), in ms from the start of navigation."""
    times = []
    for _ in range(LOADS):
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        offline(page)
        page.add_init_script(FIRST_PLOT)
        page.goto(url)
        page.wait_for_function("() => window.__firstPlotAt", timeout=60_000)
        times.append(page.evaluate("() => [window.__plotlyAt, window.__firstPlotAt]"))
        page.close()
    return {
        "plotly": statistics.median(p for p, _ in times),
        "first": statistics.median(f for _, f in times),
        "ours": statistics.median(f - p for p, f in times),
    }


def drag(browser, url: str) -> dict:
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    offline(page)
    page.goto(url)
    page.wait_for_function("() => document.querySelector('.idl-live-plot')?.liveplot?.shown")
    notebook.slider(page, 0).scroll_into_view_if_needed()
    page.wait_for_timeout(500)
    page.evaluate(notebook.DRAG, [0, "depth_A", 1.0])  # warm-up
    page.wait_for_timeout(notebook.QUIET_MS)
    drags, limits = [], []
    for _ in range(notebook.ROUNDS):  # alternately, so that both see the same machine
        drags.append(notebook.drag_rate(page, 0))
        limits.append(notebook.limit(page, 0))
    page.close()
    return {"drag": max(drags), "limit": max(limits)}


def main():
    if not CHROMIUM:
        print("standalone benchmark skipped: chromium is not installed (apt-get install chromium)")
        return
    from playwright.sync_api import sync_playwright

    folder = Path(tempfile.mkdtemp(prefix="bench-standalone-"))
    controls = [f"{base}_{p}" for p in "AB" for base in PERSON_PARAMETERS]
    labs = {
        "IntimacyLab, six panels": IntimacyLab(),
        "ModelLab, two panels": ModelLab(
            IntimacyModel(), plots=["trust", "intimacy"], params=controls, n_points=201
        ),
    }
    pages = {}
    for k, (label, lab) in enumerate(labs.items()):
        pages[label] = export_html(lab, folder / f"lab{k}.html")
    started = time.monotonic()
    load = timing.machine_load()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"],
        )
        figures = {}
        for label, path in pages.items():
            figures[label] = {
                "size": path.stat().st_size,
                **first_plot(browser, path.as_uri()),
                **drag(browser, path.as_uri()),
            }
        browser.close()
    row = timing.row
    print("standalone page benchmark (exported labs as students get them: rtol 1e-4, 201 points;")
    print(f"file://, every other request blocked, headless Debian chromium; {load})")
    for label, found in figures.items():
        fps, frames = found["drag"]
        limit_fps, react_ms = found["limit"]
        print(f"{label}, page of {found['size'] / 1e6:.2f} MB")
        text = f"  navigation start to first plot drawn, median of {LOADS}"
        print(row(text, found["first"] / 1e3) + "   (goal <= 1000 ms)")
        print(row("    navigation start to plotly.js run, median", found["plotly"] / 1e3))
        print(row("    plotly.js run to first plot (the page's own), median", found["ours"] / 1e3))
        text = f"  drag for {notebook.SECONDS:g} s: {frames} redraws, 1 / median interval"
        print(f"{text:<58} {fps:10.1f} fps")
        text = "  limit: Plotly.react alone, same figure, 1 / median interval"
        print(f"{text:<58} {limit_fps:10.1f} fps")
        print(row("  Plotly.react alone, median call", react_ms / 1e3))
        ratio = "  ratio: our frame interval / the limit's"
        print(f"{ratio:<58} {limit_fps / fps:10.2f} x   (notebook lab: same ratio)")
    print(f"(measured in {time.monotonic() - started:.0f} s)")


if __name__ == "__main__":
    main()
