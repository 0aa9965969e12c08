"""The static course site in a real browser, offline: every lesson page opened from
``file://`` with every request that is not ``file:``, ``blob:`` or ``data:`` blocked.

Each page must load with no console error and no blocked request, draw every static
figure, and start every live explorer (the standalone front end, with the site's one
plotly.js). On each lesson with a live explorer, one slider is dragged and every line
the page then draws is checked against ``simulate`` for the values the page shows,
integrated at the same tight tolerances: within 1e-5 of the line's range (or of 1 when
the range is smaller). The model is found by the JavaScript module the page runs,
which is generated from its equations. The site is the one
``tests/site`` checks (built once per session, from the sources). A screenshot of each
page's first explorer goes to ``test-results/site/``.
"""

import contextlib
import functools
import inspect
from pathlib import Path

import numpy as np
import pytest
from playwright.sync_api import Page

import intimacy_dynamics.classic as classic
import intimacy_dynamics.widgets as widgets
from intimacy_dynamics import IntimacyModel, Model, simulate
from intimacy_dynamics.simulation.inputs import signal_from_dict
from tests.browser.labs import AGREEMENT, TIGHT
from tests.browser.pages import (
    LIVE_PLOT,
    drag_slider,
    live_drawn,
    run_options,
    tighten_in_page,
    wait_for_live_plot,
)
from tests.site.build import built_site

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
ALLOWED_SCHEMES = ("file", "blob", "data")
LAB = ".idl-standalone-lab"
STATIC_FIGURE = ".plotly-graph-div:not(.idl-graph)"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    return built_site(tmp_path_factory.getbasetemp() / "course-site")


@functools.cache
def _models_by_code() -> dict[str, Model]:
    """The models a lesson's live explorer may draw, by the JavaScript module generated
    from their equations (what the page runs): ours, the classics, and the models of the
    explorers as they start (some hold parts of ours fixed, under the same name)."""
    models = [IntimacyModel()]
    for name in classic.__all__:
        factory = getattr(classic, name)
        if inspect.isfunction(factory) and not _required_parameters(factory):
            models.append(factory())
    for name in widgets.__all__:
        kind = getattr(widgets, name)
        if (
            inspect.isclass(kind)
            and issubclass(kind, widgets.Explorer)
            and kind is not widgets.Explorer
        ):
            with contextlib.suppress(TypeError):  # one that needs arguments
                models.append(kind().model)
    return {model.javascript(): model for model in models if isinstance(model, Model)}


def _required_parameters(function) -> list[str]:
    parameters = inspect.signature(function).parameters.values()
    return [p.name for p in parameters if p.default is p.empty]


def _offline(page: Page) -> tuple[list[str], list[str]]:
    """Block every request but file:, blob: and data:; collect them and console errors."""
    blocked, errors = [], []

    def route(request_route):
        url = request_route.request.url
        if url.split(":", 1)[0] in ALLOWED_SCHEMES:
            request_route.continue_()
        else:
            blocked.append(url)
            request_route.abort()

    page.route("**/*", route)
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    return blocked, errors


def _lab_modules(page: Page) -> list[str]:
    """The JavaScript module of each live explorer's model, in page order."""
    return page.evaluate(
        f"() => [...document.querySelectorAll('{LAB}')].map((r) => r.lab.data.plot.model_module)"
    )


def _check_against_simulate(page: Page, index: int, model: Model, results: Path, stem: str):
    tighten_in_page(page, TIGHT, index)
    before = live_drawn(page, index)
    plot = page.locator(LIVE_PLOT).nth(index)
    name = plot.locator(".idl-control[data-name]").first.get_attribute("data-name")
    samples, _ = drag_slider(page, name, [0.8], index=index)
    drawn = samples[-1]
    assert drawn["params"][name] != before["params"][name], f"{name}: the slider did not move"
    options = run_options(page, index)
    assert (options["rtol"], options["atol"]) == (TIGHT["rtol"], TIGHT["atol"])
    inputs = {k: signal_from_dict(v) for k, v in options["inputs"].items()} or None
    run = simulate(
        model,
        tuple(options["tSpan"]),
        drawn["params"],
        drawn["y0"],
        inputs=inputs,
        n_points=options["nPoints"],
        **TIGHT,
    )
    np.testing.assert_allclose(drawn["t"], run.t, rtol=1e-12)
    gaps = {  # of each line's range, or of 1 (a run that grows without bound: relative)
        series: float(np.max(np.abs(np.asarray(y, dtype=float) - run[series])))
        / max(float(np.ptp(run[series])), 1.0)
        for series, y in zip(drawn["names"], drawn["y"], strict=True)
    }
    assert max(gaps.values()) < AGREEMENT, (stem, name, gaps)
    plot.screenshot(path=results / f"{stem}_moved.png")


@pytest.mark.slow
@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_lesson_page_works_offline_from_file(page: Page, site, results_dir, notebook):
    results = results_dir / "site"
    results.mkdir(exist_ok=True)
    blocked, errors = _offline(page)
    page.set_default_timeout(60_000)
    page.goto((site / "notebooks" / f"{notebook.stem}.html").as_uri())
    page.wait_for_load_state("load")
    labs = page.locator(LAB).count()
    for index in range(labs):
        wait_for_live_plot(page, index)
    figures = page.locator(STATIC_FIGURE)
    for index in range(figures.count()):  # every static figure drawn by plotly.js
        figures.nth(index).locator(".main-svg").first.wait_for(state="attached")
    messages = [text for text in page.locator(".idl-error").all_text_contents() if text.strip()]
    assert not messages, f"a live explorer says: {messages}"
    models, modules = _models_by_code(), _lab_modules(page)
    checkable = [k for k, module in enumerate(modules) if module in models]
    if labs:
        assert checkable, f"no live explorer of {notebook.stem} draws a known model"
        index = checkable[0]
        _check_against_simulate(page, index, models[modules[index]], results, notebook.stem)
    assert not blocked, f"requests to the network: {blocked[:5]}"
    assert not errors, f"console errors: {errors[:5]}"
