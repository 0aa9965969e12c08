"""What a test does in the page: open a notebook, drag and press, read what is drawn.

The labs draw their time series in the page (``LivePlot``): its root element carries the
plot's front end as ``liveplot``, whose ``shown`` holds the values of the run on the
page once plotly has drawn it (plotly's ``plotly_afterplot`` for a whole redraw,
``plotly_transitioned`` for a redraw of the lines). ``index`` picks a plot of the page.
What the kernel draws (a lab's phase view) is a plotly ``FigureWidget``; the lab's
readout is the kernel's too.
"""

import json

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

KERNEL_READY = """async () => {
    const w = window.jupyterapp && window.jupyterapp.shell.currentWidget;
    if (!w || !w.sessionContext) { return false; }
    await w.context.ready; await w.sessionContext.ready;
    const k = w.sessionContext.session && w.sessionContext.session.kernel;
    return !!k && k.connectionStatus === 'connected';
}"""


def open_notebook(page: Page, url: str) -> None:
    """Open a notebook in JupyterLab, wait for its kernel and run every cell."""
    page.set_default_timeout(120_000)
    page.goto(url + ("&" if "?" in url else "?") + "reset")  # a clean workspace: no old tabs
    page.wait_for_function("() => window.jupyterapp && window.jupyterapp.shell.currentWidget")
    page.wait_for_function(KERNEL_READY, timeout=120_000)
    # fire and forget: awaiting run-all inside evaluate can hang (no timeout there)
    page.evaluate("() => { window.jupyterapp.commands.execute('notebook:run-all-cells'); }")


def open_app(page: Page, url: str) -> None:
    """Open a Voila app (it runs the notebook in a fresh kernel as the page loads)."""
    page.set_default_timeout(120_000)
    page.goto(url)


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


def kernel_value(page: Page, expression: str):
    """The value of a Python ``expression`` in the notebook's kernel, through JSON."""
    out = run_in_kernel(page, f"import json as _json\nprint(_json.dumps({expression}))")
    try:
        return json.loads(out)
    except json.JSONDecodeError:
        raise AssertionError(f"the kernel answered {out!r} to {expression!r}") from None


# ------------------------------------------------------------- the in-page plot
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
RUN_OPTIONS = f"(index) => {_ROOT}.liveplot.run"
# the page's own setRun, which a change of the kernel's rtol/atol traits also calls
TIGHTEN = f"""([index, rtol, atol]) => {{
    const plot = {_ROOT}.liveplot;
    const since = performance.now();
    plot.setRun({{rtol, atol}});  // may redraw at once
    return since;
}}"""
DRAWN_SINCE = f"""([index, since, rtol, atol]) => {{
    const plot = {_ROOT}.liveplot;
    return plot.run.rtol === rtol && plot.run.atol === atol && plot.lastRedraw >= since
        && !!plot.shown && plot.shown === plot.drawn;
}}"""


PLACES = f"""(index) => {{
    const root = {_ROOT};
    const box = (selector) => root.querySelector(selector).getBoundingClientRect().toJSON();
    return {{graph: box('.idl-graph'), svg: box('.idl-graph .main-svg'),
            controls: box('.idl-controls')}};
}}"""


def places(page: Page, index: int = 0) -> dict:
    """Where the plot's graph, its drawing and its controls are on the page."""
    return page.evaluate(PLACES, index)


CUT_LABELS = """() => [...document.querySelectorAll('.idl-control label')]
    .filter((label) => label.offsetParent !== null)
    .filter((label) => label.scrollWidth > label.clientWidth + 1
        || label.scrollHeight > label.clientHeight + 1)
    .map((label) => label.textContent)"""


def cut_labels(page: Page) -> list[str]:
    """The labels of the page's in-page controls that do not show their whole text."""
    return page.evaluate(CUT_LABELS)


def wait_for_live_plot(page: Page, index: int = 0) -> None:
    """Wait until the in-page plot has drawn its first run."""
    page.wait_for_function(
        f"(index) => {{ const r = {_ROOT}; return !!(r && r.liveplot && r.liveplot.shown); }}",
        arg=index,
        timeout=120_000,
    )


def control(page: Page, name: str, index: int = 0):
    """The control (label, slider, number box) of quantity ``name`` in the in-page plot."""
    return page.locator(LIVE_PLOT).nth(index).locator(f'.idl-control[data-name="{name}"]')


def live_slider(page: Page, name: str, index: int = 0):
    """The slider of quantity ``name`` in the in-page plot."""
    return control(page, name, index).locator("input[type=range]")


def live_box(page: Page, name: str, index: int = 0):
    """The number box of quantity ``name`` in the in-page plot."""
    return control(page, name, index).locator("input.idl-number")


def live_alert(page: Page, index: int = 0):
    """The plot's one-line message (a refused value, a failed run)."""
    return page.locator(LIVE_PLOT).nth(index).locator("[role=alert]")


def live_drawn(page: Page, index: int = 0) -> dict:
    """What the in-page plot shows: the values of its run, and each trace's data."""
    return page.evaluate(LIVE_DRAWN, index)


def run_options(page: Page, index: int = 0) -> dict:
    """The page's options of ``simulate``: inputs, tSpan, nPoints, rtol, atol."""
    return page.evaluate(RUN_OPTIONS, index)


def wait_until_drawn_for_slider(page: Page, name: str, index: int = 0) -> None:
    """Wait until the plot shows the run for the value its slider shows."""
    page.wait_for_function(DRAWN_FOR_SLIDER, arg=[name, index], polling="raf", timeout=30_000)


def wait_until_redrawn_with(page: Page, since: float, tolerances: dict, index: int = 0) -> None:
    """Wait until the plot integrates at ``tolerances`` and has redrawn after ``since``."""
    arg = [index, since, tolerances["rtol"], tolerances["atol"]]
    page.wait_for_function(DRAWN_SINCE, arg=arg, polling="raf", timeout=30_000)


def page_clock(page: Page) -> float:
    """The page's ``performance.now()``."""
    return page.evaluate("() => performance.now()")


def tighten_in_page(page: Page, tolerances: dict, index: int = 0) -> None:
    """Integrate in the page at ``tolerances`` (where a kernel cannot be reached: Voila)."""
    since = page.evaluate(TIGHTEN, [index, tolerances["rtol"], tolerances["atol"]])
    wait_until_redrawn_with(page, since, tolerances, index)


def drag_slider(page: Page, name: str, fractions: list[float], steps: int = 8, index: int = 0):
    """Drag ``name``'s slider with the mouse through ``fractions`` of its track.

    The button stays down throughout. At each stop, once the plot has drawn the slider's
    value, what it shows is recorded. Returns the records and the number of redraws
    during the drag.
    """
    slider = live_slider(page, name, index)
    slider.scroll_into_view_if_needed()
    box = slider.bounding_box()
    y = box["y"] + box["height"] / 2
    page.evaluate(COUNT_DRAWS, index)
    thumb = float(slider.evaluate("(s) => (s.value - s.min) / (s.max - s.min)"))
    page.mouse.move(box["x"] + thumb * box["width"], y)
    page.mouse.down()
    before = page.evaluate(COUNT_DRAWS, index)
    samples = []
    for fraction in fractions:
        page.mouse.move(box["x"] + fraction * box["width"], y, steps=steps)
        wait_until_drawn_for_slider(page, name, index)
        samples.append(live_drawn(page, index))
    draws = page.evaluate(COUNT_DRAWS, index) - before
    page.mouse.up()
    return samples, draws


# ------------------------------------------------------- what the kernel draws
KERNEL_FIGURE = ".js-plotly-plot:not(.idl-graph)"
KERNEL_TRACE = f"""(i) => {{
    const gd = document.querySelector('{KERNEL_FIGURE}');
    return {{x: Array.from(gd.data[i].x), y: Array.from(gd.data[i].y)}};
}}"""


def kernel_trace(page: Page, index: int = 0) -> dict:
    """Trace ``index`` of the first figure the kernel draws (a lab's phase view)."""
    return page.evaluate(KERNEL_TRACE, index)


def readout(page: Page):
    """The lab's readout, written by the kernel."""
    return page.locator(".id-readout")


# ------------------------------------------------------------ a page's first plot
#: An init script: records when plotly.js has run (``window.__plotlyAt``, when it assigns
#: ``window.Plotly``) and when its first ``newPlot`` has drawn (``window.__firstPlotAt``:
#: newPlot's promise resolves after ``plotly_afterplot``), on the page's clock, which
#: starts with the navigation.
FIRST_PLOT = """(() => {
  let value;
  Object.defineProperty(window, 'Plotly', {configurable: true, get: () => value, set: (v) => {
    value = v;
    window.__plotlyAt = performance.now();
    const newPlot = v.newPlot;
    v.newPlot = function (...args) {
      const result = newPlot.apply(this, args);
      Promise.resolve(result).then(() => { window.__firstPlotAt ??= performance.now(); });
      return result;
    };
  }});
})();"""


# ------------------------------------------------------------ screenshots, axe
SERIOUS = ("critical", "serious")


def screenshot(page: Page, path, selector: str = LIVE_PLOT) -> None:
    """The page as a student sees it, scrolled to the top of ``selector``."""
    page.locator(selector).first.evaluate("(e) => e.scrollIntoView({block: 'start'})")
    page.wait_for_timeout(300)
    page.screenshot(path=path)


def axe_report(page: Page, ours: str) -> tuple[list, int]:
    """Serious or critical axe violations inside ``ours``, and the count of nodes outside."""
    assert page.locator(ours).count() == 1, f"{ours} must pick one element"
    axe = Axe()
    inside = axe.run(page, context={"include": [ours]}).response["violations"]
    everything = axe.run(page).response["violations"]

    def nodes(found):
        return sum(len(v["nodes"]) for v in found if v["impact"] in SERIOUS)

    return [v for v in inside if v["impact"] in SERIOUS], nodes(everything) - nodes(inside)
