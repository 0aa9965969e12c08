"""The standalone page, as Python writes it: what it holds, how big it is, what it loads.

The page's data is the lab's: the ``LivePlot``'s own ``page_data`` (so the page's
controls, labels, units, tooltips, bounds and steps are the notebook's), the presets, the
starting scenario and the rules of the readout. What it does in a browser is
``tests/browser/test_standalone_in_browser.py``.
"""

import json
import re

import pytest

from intimacy_dynamics import BadInputError, IntimacyModel, Model, Param, State
from intimacy_dynamics.classic import laura_petrarch, rinaldi_linear
from intimacy_dynamics.frontend import page_module
from intimacy_dynamics.intimacy.endings import ending_rules
from intimacy_dynamics.simulation.scenario import Scenario
from intimacy_dynamics.standalone import (
    MAX_PAGE_BYTES,
    embed_html,
    export_html,
    lab_named,
    lab_names,
    page_data,
    page_html,
)
from intimacy_dynamics.widgets import IntimacyLab, ModelLab, PhasePlaneExplorer

DATA = re.compile(r'<script type="application/json" class="idl-data">(.*?)</script>', re.DOTALL)


def data_in(html: str) -> list[dict]:
    return [json.loads(text) for text in DATA.findall(html)]


@pytest.fixture(scope="module")
def intimacy_lab():
    return IntimacyLab()


@pytest.fixture(scope="module")
def intimacy_page(intimacy_lab, tmp_path_factory):
    path = export_html(intimacy_lab, tmp_path_factory.mktemp("page") / "lab.html")
    return path


def test_the_intimacy_page_holds_everything_in_one_file_under_6_mb(intimacy_page):
    text = intimacy_page.read_text(encoding="utf-8")
    size = intimacy_page.stat().st_size
    print(f"IntimacyLab page: {size:,} bytes")  # the figure reported in docs/standalone.md
    assert size <= MAX_PAGE_BYTES == 6_000_000
    assert "Plotly" in text
    assert "export function simulate(" in text
    assert text.count('<script type="module">') == 1


def test_the_page_loads_nothing_by_url(intimacy_page):
    """No element of the page points anywhere: no src, no href, no stylesheet link, no
    CSS url(); plotly.js is inline (its own text mentions sites it never loads)."""
    text = intimacy_page.read_text(encoding="utf-8")
    outside_scripts = re.sub(r"<script\b[^>]*>.*?</script>", "", text, flags=re.DOTALL)
    assert not re.search(r"\b(src|href)\s*=", outside_scripts, re.IGNORECASE)
    assert "<link" not in outside_scripts
    assert not re.search(r"url\(|@import", outside_scripts)
    assert "<script src" not in text
    assert "http" not in page_module()  # the page's own code names no address


def test_the_page_shows_what_the_notebook_lab_sends(intimacy_lab):
    data = page_data(intimacy_lab)
    assert data["plot"] == intimacy_lab.plot.page_data()  # the same traits, not a copy
    labels = [c["label"] for c in data["plot"]["controls"]]
    assert labels == [c["label"] for c in intimacy_lab.plot.controls]
    assert "Disclosure depth (A)" in labels
    assert [label for label, _ in data["presets"]] == list(intimacy_lab.presets)
    assert Scenario.from_dict(data["base"]) == intimacy_lab.base.evolve(
        t_span=intimacy_lab.model.t_span
    )
    assert data["readout"] == {"watched": ending_rules()["watched"], "couple": ending_rules()}
    assert data["lineage"][0] == "IntimacyModel"
    assert data["link"] is True
    assert data["plotlySrc"] is None


def test_a_changed_lab_is_exported_as_it_stands():
    lab = ModelLab(rinaldi_linear())
    lab.set(alpha1=1.5)
    data = page_data(lab)
    assert data["plot"]["params"]["alpha1"] == 1.5
    assert data["readout"] == {"watched": ["x1", "x2"], "couple": None}


def test_a_model_gets_a_model_lab():
    x, k = __import__("sympy").symbols("x k")
    model = Model.from_equations(
        {x: -k * x},
        params={k: Param(0.5, bounds=(0, 2), label="Decay")},
        states={"x": State(1.0, bounds=(0, 2), label="Level")},
        t_span=(0, 10),
        name="Decay",
    )
    (data,) = data_in(page_html(model))
    assert [c["label"] for c in data["plot"]["controls"]] == ["Decay"]
    assert data["csvName"] == "Decay_run.csv"


def test_user_text_cannot_close_the_data_script():
    x, k = __import__("sympy").symbols("x k")
    model = Model.from_equations(
        {x: -k * x},
        params={k: Param(0.5, bounds=(0, 2), label="</script><script>alert(1)</script>")},
        states={"x": State(1.0, bounds=(0, 2))},
        t_span=(0, 10),
        name="Hostile",
    )
    html = page_html(model, plotly="plotly.min.js")
    assert "<script>alert(1)" not in html
    (data,) = data_in(html)
    assert data["plot"]["controls"][0]["label"] == "</script><script>alert(1)</script>"


def test_a_lesson_explorer_says_what_the_page_leaves_out():
    data = page_data(lab_named("trust_spiral"))
    assert data["readout"]["couple"] is None
    assert data["readout"]["watched"] == data["plot"]["figure"]["names"]
    assert "notebook" in data["notice"]
    assert "grid" in data["notice"]


def test_embedded_labs_share_one_plotly_and_clash_nowhere():
    one = embed_html(rinaldi_linear(), plotly_src="_static/plotly.min.js")
    two = embed_html(laura_petrarch(), plotly_src="_static/plotly.min.js")
    page = one + two
    assert "Plotly.newPlot" in page  # the plot's code, inline
    assert " id=" not in page  # ids are made in the page, unique across labs
    datas = data_in(page)
    assert [d["plotlySrc"] for d in datas] == ["_static/plotly.min.js"] * 2
    assert [d["link"] for d in datas] == [False, False]  # the page's URL is not theirs
    assert "<script src" not in page  # plotly.js is loaded once, by the first lab


@pytest.mark.parametrize(
    "src", ["https://cdn.plot.ly/plotly.min.js", "//cdn.plot.ly/x.js", "", 'a"b.js', "data:x"]
)
def test_plotly_must_come_from_beside_the_page(src):
    with pytest.raises(BadInputError, match="plotly"):
        embed_html(rinaldi_linear(), plotly_src=src)
    with pytest.raises(BadInputError, match="plotly"):
        page_html(rinaldi_linear(), plotly=src)


def test_a_page_that_references_plotly_is_small():
    html = page_html(rinaldi_linear(), plotly="_static/plotly.min.js")
    assert len(html.encode()) < 300_000
    assert data_in(html)[0]["plotlySrc"] == "_static/plotly.min.js"


@pytest.mark.parametrize(
    ("target", "message"),
    [
        ("IntimacyLab", "not 'IntimacyLab'"),
        (IntimacyModel, "not <class"),
    ],
)
def test_what_cannot_be_a_page_is_refused(target, message):
    with pytest.raises(BadInputError, match=message):
        page_data(target)


def test_an_explorer_without_live_panels_is_refused():
    with pytest.raises(BadInputError, match="no live panels"):
        page_data(PhasePlaneExplorer(rinaldi_linear()))


def test_a_model_without_a_javascript_form_is_refused():
    import sympy

    x, k = sympy.symbols("x k")
    model = Model.from_equations(
        {x: sympy.erf(k) - x},
        params={k: Param(0.3, bounds=(0, 3))},
        states={"x": State(0.0, bounds=(0, 0.6))},
        t_span=(0, 10),
        name="ErrorFunction",
    )
    with pytest.raises(BadInputError, match="no JavaScript form"):
        page_data(model)


def test_every_name_the_command_takes_builds_a_lab():
    assert lab_names()[0] == "intimacy"
    for name in lab_names():
        if name in ("intimacy", "trust_spiral"):  # built above
            continue
        data = page_data(lab_named(name))
        assert data["plot"]["controls"], name
