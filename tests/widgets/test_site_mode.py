"""The lessons' widgets while the static course site is built (INTIMACY_DYNAMICS_SITE set).

The site build itself is checked in tests/site (it takes minutes); these check the
pieces in this process: what an explorer, a prediction, a view and a check show in a
page without a kernel, and that the variable is read as data.
"""

import json
import subprocess
import sys

import ipywidgets as w
import pytest

import intimacy_dynamics.standalone.site  # noqa: F401  (live panels: the standalone lab)
from intimacy_dynamics.exercises.feedback import check_number
from intimacy_dynamics.plotting import RUN_ANCHOR, SITE_VARIABLE
from intimacy_dynamics.widgets import DisclosureLoopExplorer, PredictThenReveal
from intimacy_dynamics.widgets.site import SiteBox

PLOTLY_SRC = "../_static/plotly.min.js"


@pytest.fixture
def building_the_site(monkeypatch):
    monkeypatch.setenv(SITE_VARIABLE, PLOTLY_SRC)


def test_an_explorer_shows_its_live_lab_then_a_note_its_readout_and_static_figures():
    explorer = DisclosureLoopExplorer()
    page = explorer.static_html(PLOTLY_SRC)
    assert page.index('class="idl-standalone-lab"') < page.index("id-site-note")
    assert json.dumps(PLOTLY_SRC)[1:-1] in page  # the lab loads the shared plotly.js
    assert explorer.readout.value in page
    assert page.count('class="plotly-graph-div"') == len(explorer.figures) >= 1
    assert "<script src" not in page
    assert "cdn" not in page.lower()
    assert f'href="#{RUN_ANCHOR}"' in page


def test_a_prediction_shows_its_question_and_choices_but_not_the_answer():
    step = PredictThenReveal("Where does trust end?", ["high", "low"], "high", "Because.")
    page = step.static_html()
    assert "Where does trust end?" in page
    assert "<li>low</li>" in page
    assert "Because." not in page
    assert "id-site-note" in page


def test_a_check_says_the_self_checks_run_in_a_notebook_only_while_the_site_is_built(
    monkeypatch,
):
    feedback = check_number(..., expected=0.5, tolerance=0.1)
    assert "No answer yet" in feedback._repr_html_()
    monkeypatch.setenv(SITE_VARIABLE, PLOTLY_SRC)
    assert "for the self-checks" in feedback._repr_html_()


def test_a_box_shows_a_widget_view_normally_and_its_static_parts_in_the_site(monkeypatch):
    box = SiteBox([w.HTML("<b>bars</b>"), w.FloatSlider()], note="the bars after a reveal")
    assert "application/vnd.jupyter.widget-view+json" in box._repr_mimebundle_()
    monkeypatch.setenv(SITE_VARIABLE, PLOTLY_SRC)
    bundle = box._repr_mimebundle_()
    assert list(bundle) == ["text/html", "text/plain"]
    assert "<b>bars</b>" in bundle["text/html"]
    assert "slider" not in bundle["text/html"]


def _import_with(value: str) -> subprocess.CompletedProcess:
    code = "import intimacy_dynamics, plotly.io as pio, sys; print(pio.renderers.default)"
    return subprocess.run(
        [sys.executable, "-c", code],
        env={"PATH": "", SITE_VARIABLE: value},
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def test_plain_figures_draw_with_the_shared_plotly_js_while_the_site_is_built():
    done = _import_with(PLOTLY_SRC)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "intimacy_dynamics_site"


@pytest.mark.parametrize(
    "value", ["https://cdn.example/plotly.js", "//cdn.example/p.js", 'x.js"><script>']
)
def test_a_site_variable_that_is_no_relative_url_is_refused_by_name(value):
    done = _import_with(value)
    assert done.returncode != 0
    assert f"{SITE_VARIABLE} = " in done.stderr
    assert "relative URL" in done.stderr
