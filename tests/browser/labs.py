"""What a student relies on in a lab, checked the same way for every lab in the page.

A lab (``IntimacyLab``, ``ModelLab``) draws its time series in the page and its readout
and phase view from the kernel. For a quantity with a slider:

1. Dragged with the mouse, the plot redraws while the button is down, and every run it
   shows is ``simulate``'s for the slider's value, with every other setting as the lab
   started (within 1e-5 when the page integrates at simulate's tolerances).
2. Once the slider rests, the kernel holds the final value: its readout and phase view
   are those of the same lab, built in this process and set to that value.
3. The slider and its number box work with the keyboard alone.
4. A typed value outside the hard bounds is refused with a sentence naming the quantity,
   the value and the allowed range, and nothing moves: the slider, the box, the plot
   and the kernel keep what they had.
"""

import html
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pytest
from playwright.sync_api import Page, expect

from intimacy_dynamics.errors import ParameterError
from tests.browser.conftest import LIVE_TOLERANCES
from tests.browser.pages import (
    COUNT_DRAWS,
    cut_labels,
    drag_slider,
    kernel_trace,
    live_alert,
    live_box,
    live_drawn,
    live_slider,
    open_app,
    open_notebook,
    page_clock,
    places,
    readout,
    run_in_kernel,
    run_options,
    tighten_in_page,
    wait_for_live_plot,
    wait_until_drawn_for_slider,
    wait_until_redrawn_with,
)

#: Tolerances at which the page and ``simulate`` agree within AGREEMENT (issue 13).
TIGHT = LIVE_TOLERANCES
AGREEMENT = 1e-5
#: At a lab's own tolerances ("plot accuracy", rtol 1e-4) the two integrators differ by
#: about 1e-4 of a line's range (or of 1, for a flat line): a tenth of a pixel.
PLOT_ACCURACY = 1e-3
#: Longer than plotly's own resize delay (100 ms) several times over.
LAYOUT_SETTLES_MS = 800
#: A typed value that is refused leaves the kernel alone: nothing is sent after it, so
#: waiting this long (several of the plot's settle delays) would show a change.
QUIET_MS = 1000


def as_text(markup: str) -> str:
    """HTML as the browser shows its text: no tags, entities decoded, spaces collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", markup)).split())


@dataclass
class LabUnderTest:
    """A lab as the page shows it, and its twin in this process.

    Parameters
    ----------
    make : callable
        Builds the same lab as the notebook (its readout and phase view are the
        kernel's reference).
    slider : str
        The parameter whose slider the test moves.
    index : int
        Which in-page plot of the page is the lab's.
    """

    make: Callable
    slider: str
    index: int = 0

    @cached_property
    def twin(self):
        return self.make()

    @property
    def model(self):
        return self.twin.model

    def expected_params(self, value: float) -> dict:
        base = self.twin.base
        return self.model.params({**base.params, self.slider: value}).to_dict()

    def expected_y0(self) -> dict:
        values = self.model.initial_state(self.twin.base.y0)
        return dict(zip(self.model.state_names, values, strict=True))

    def expected_run(self, value: float, tolerances: dict):
        n_points = self.twin.simulation_options["n_points"]
        params = {self.slider: value}
        return self.twin.base.run(self.model, params=params, n_points=n_points, **tolerances)

    def kernel_view(self, value: float) -> tuple[str, dict | None]:
        """The readout's text and the phase path (None without one) of the lab set to ``value``."""
        self.twin.set(**{self.slider: value})
        text = as_text(self.twin.readout.value)
        figure = getattr(self.twin, "phase_figure", None)
        if figure is None:
            return text, None
        return text, {"x": list(figure.data[0].x), "y": list(figure.data[0].y)}

    def lab_tolerances(self) -> dict:
        return {k: self.twin.simulation_options[k] for k in ("rtol", "atol")}


def check_drawn(case: LabUnderTest, drawn: dict, tolerances=TIGHT, margin=AGREEMENT, scaled=False):
    """What is drawn is ``simulate``'s run for the values shown: every point within
    ``margin`` (of each line's range when ``scaled``). Returns the worst gap."""
    value = drawn["params"][case.slider]
    assert drawn["params"] == case.expected_params(value)  # only the slider moved
    assert drawn["y0"] == case.expected_y0()
    expected = case.expected_run(value, tolerances)
    np.testing.assert_allclose(drawn["t"], expected.t, rtol=1e-12)
    worst = 0.0
    for name, y in zip(drawn["names"], drawn["y"], strict=True):
        scale = max(float(np.ptp(expected[name])), 1.0) if scaled else 1.0
        worst = max(worst, float(np.max(np.abs(np.asarray(y) - expected[name]))) / scale)
    assert worst < margin, (case.slider, value, worst)
    return worst


def check_drawn_at_the_labs_tolerances(page: Page, case: LabUnderTest) -> float:
    """The page integrates at the lab's own tolerances, and draws the model at them."""
    options = run_options(page, case.index)
    assert {k: options[k] for k in ("rtol", "atol")} == case.lab_tolerances()
    drawn = live_drawn(page, case.index)
    return check_drawn(case, drawn, case.lab_tolerances(), PLOT_ACCURACY, scaled=True)


def check_layout(page: Page, case: LabUnderTest) -> None:
    """The plot's drawing fits its graph, the controls sit beside or below it (never
    over it), neither moves by itself once plotly has followed a resize, and every
    control's label shows its whole text."""

    def measured() -> dict:
        where = places(page, case.index)
        left, top = where["graph"]["left"], where["graph"]["top"]
        keys = ("left", "top", "right", "bottom")  # relative to the graph: the page may scroll
        return {
            part: {k: box[k] - (left if k in ("left", "right") else top) for k in keys}
            for part, box in where.items()
        }

    page.wait_for_timeout(LAYOUT_SETTLES_MS)
    first = measured()
    page.wait_for_timeout(LAYOUT_SETTLES_MS)
    now = measured()
    assert now == first, (first, now)  # nothing resizes by itself
    graph, svg, controls = now["graph"], now["svg"], now["controls"]
    assert svg["right"] <= graph["right"] + 1, now  # plotly draws inside its graph
    beside = controls["left"] >= graph["right"]
    below = controls["top"] >= graph["bottom"]
    assert beside or below, now
    assert cut_labels(page) == []


def drag_and_check(page: Page, case: LabUnderTest, stops: list[float]) -> list[float]:
    """Drag the slider with the mouse through ``stops`` (fractions of its track): at
    every stop the plot shows the model for the slider's value. Returns the values."""
    samples, draws = drag_slider(page, case.slider, stops, index=case.index)
    values = [sample["params"][case.slider] for sample in samples]
    assert len(set(values)) == len(stops), values  # the slider moved to as many values
    assert draws >= len(stops)  # the plot was redrawn while the button was down
    for sample in samples:
        check_drawn(case, sample)
    return values


def wait_for_kernel(page: Page, case: LabUnderTest, value: float) -> None:
    """The kernel's readout and phase view become those of the lab set to ``value``."""
    text, path = case.kernel_view(value)
    expect(readout(page)).to_have_text(text, timeout=30_000)
    if path is None:
        return
    shown = None
    for _ in range(100):
        shown = kernel_trace(page, 0)
        if len(shown["x"]) == len(path["x"]) and np.allclose(shown["x"], path["x"], atol=1e-12):
            break
        page.wait_for_timeout(100)
    np.testing.assert_allclose(shown["x"], path["x"], rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(shown["y"], path["y"], rtol=1e-9, atol=1e-12)


def slider_value(page: Page, case: LabUnderTest) -> float:
    return float(live_slider(page, case.slider, case.index).input_value())


def operate_with_the_keyboard(page: Page, case: LabUnderTest, presses: int = 3) -> float:
    """Arrow keys on the slider, then Tab to its number box, a typed value and Enter,
    then the box's own arrow key: each redraws the model. Returns the final value."""
    slider = live_slider(page, case.slider, case.index)
    box = live_box(page, case.slider, case.index)
    step = float(slider.get_attribute("step"))
    start = slider_value(page, case)
    slider.focus()
    for _ in range(presses):
        page.keyboard.press("ArrowRight")
    expected = round(start + presses * step, 12)
    expect(slider).to_have_value(str(expected))
    expect(box).to_have_value(str(expected))  # the box follows the slider
    wait_until_drawn_for_slider(page, case.slider, case.index)
    check_drawn(case, live_drawn(page, case.index))
    page.keyboard.press("Tab")  # the slider's number box is next in the tab order
    expect(box).to_be_focused()
    typed = round(start - 7 * step, 12)  # inside the soft range for every lab tested
    page.keyboard.press("Control+a")
    page.keyboard.type(str(typed))
    page.keyboard.press("Enter")
    expect(slider).to_have_value(str(typed))
    wait_until_drawn_for_slider(page, case.slider, case.index)
    check_drawn(case, live_drawn(page, case.index))
    page.keyboard.press("ArrowUp")
    page.keyboard.press("Enter")
    final = round(typed + step, 12)
    expect(slider).to_have_value(str(final))
    wait_until_drawn_for_slider(page, case.slider, case.index)
    drawn = live_drawn(page, case.index)
    assert drawn["params"][case.slider] == final
    check_drawn(case, drawn)
    return final


def refuse_out_of_range(page: Page, case: LabUnderTest, bad: float) -> None:
    """Type ``bad`` (outside the hard bounds) into the box: refused, and nothing moves."""
    slider = live_slider(page, case.slider, case.index)
    box = live_box(page, case.slider, case.index)
    shown = box.input_value()
    drawn = live_drawn(page, case.index)
    told = readout(page).inner_text()
    draws = page.evaluate(COUNT_DRAWS, case.index)
    with pytest.raises(ParameterError) as refused:  # Python's sentence for the same value
        case.model.params(**{case.slider: bad})
    box.fill(str(bad))
    box.press("Enter")
    expect(live_alert(page, case.index)).to_have_text(f"{refused.value}; the value stays {shown}.")
    expect(box).to_have_value(shown)
    expect(slider).to_have_value(shown)
    page.wait_for_timeout(QUIET_MS)
    assert live_drawn(page, case.index) == drawn
    assert page.evaluate(COUNT_DRAWS, case.index) == draws  # not even redrawn
    assert readout(page).inner_text() == told


# the lab in the notebook's kernel, as ``lab``: the last one displayed (lab.ipynb does
# not name it)
FIND_LAB = (
    "from intimacy_dynamics.widgets.explorer import Explorer\n"
    "lab = [value for value in Out.values() if isinstance(value, Explorer)][-1]"
)


def open_in_jupyterlab(page: Page, url: str, case: LabUnderTest) -> None:
    """Open and run a lab's notebook; its plot draws the model at the lab's tolerances in
    a steady layout; then the kernel tightens them (the plot's rtol and atol traits) and
    the plot draws the model at TIGHT. The kernel's lab is then ``lab``."""
    open_notebook(page, url)
    wait_for_live_plot(page, case.index)
    page.evaluate("() => window.jupyterapp.shell.collapseLeft()")  # room for controls beside
    check_drawn_at_the_labs_tolerances(page, case)
    check_layout(page, case)
    assert run_in_kernel(page, FIND_LAB) == ""
    since = page_clock(page)
    run_in_kernel(page, f"lab.plot.rtol, lab.plot.atol = {TIGHT['rtol']!r}, {TIGHT['atol']!r}")
    wait_until_redrawn_with(page, since, TIGHT, case.index)
    check_drawn(case, live_drawn(page, case.index))


def open_as_an_app(page: Page, url: str, case: LabUnderTest) -> None:
    """Open a lab in Voila: no code shown, the model drawn at the lab's tolerances in a
    steady layout, then at TIGHT once the page is told (no kernel can be reached here)."""
    open_app(page, url)
    wait_for_live_plot(page, case.index)
    assert page.locator(".jp-InputArea-editor").count() == 0  # no code in app mode
    check_drawn_at_the_labs_tolerances(page, case)
    check_layout(page, case)
    tighten_in_page(page, TIGHT, case.index)
    check_drawn(case, live_drawn(page, case.index))
