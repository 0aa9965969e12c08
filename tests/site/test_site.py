"""The static course site: built from the sources, every link resolves, nothing loads
from a network, plotly.js ships once, and every lesson shows its executed outputs.

The site is built once per session (``tests/site/build.py``: what ``make site`` runs,
into a temporary folder). Pages are read with ``html.parser``; no link is fetched.
External links are only listed, in ``test-results/site-external-links.txt``.
"""

import ast
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import nbformat
import pytest

from tests.site.build import ROOT

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
EXTERNAL = ROOT / "test-results" / "site-external-links.txt"
#: What a page may link to without it being a file of the site.
OUTSIDE = ("http", "https", "mailto")
#: Text that a widget shows when the site could not render it (its plain-text form).
WIDGET_FALLBACKS = ("VBox(", "HBox(", "FigureWidget(", "Figure({", "<IPython.core.display")


def _target(page_path: Path, url: str, site: Path) -> tuple[Path | None, str]:
    """The file a relative URL points at (None for the page itself), and its fragment."""
    parts = urlsplit(url)
    if not parts.path:
        return None, unquote(parts.fragment)
    path = (page_path.parent / unquote(parts.path)).resolve()
    if path.is_dir():
        path = path / "index.html"
    assert path.is_relative_to(site.resolve()), f"{url} leaves the site"
    return path, unquote(parts.fragment)


def test_every_internal_link_and_anchor_resolves(site, pages):
    broken, external = [], set()
    for path, page in pages.items():
        for tag, url, _ in page.links:
            scheme = urlsplit(url).scheme
            if scheme in OUTSIDE:
                external.add(url)
                continue
            if scheme == "data" or (tag == "a" and url == ""):
                continue
            assert scheme == "", f"{path.name}: a {tag} with a {scheme}: URL ({url[:80]})"
            target, fragment = _target(path, url, site)
            where = f"{path.relative_to(site)}: {tag} {url}"
            if target is not None and not target.exists():
                broken.append(f"{where} (no such file)")
                continue
            ids = page.ids if target is None else getattr(pages.get(target), "ids", None)
            if fragment and ids is not None and fragment not in ids:
                broken.append(f"{where} (no anchor #{fragment})")
    EXTERNAL.parent.mkdir(exist_ok=True)
    EXTERNAL.write_text("".join(f"{url}\n" for url in sorted(external)))
    assert not broken, f"{len(broken)} broken internal links:\n" + "\n".join(broken[:40])


def test_every_source_has_its_page(site):
    sources = [
        *(ROOT / "notebooks").glob("*.ipynb"),
        *(ROOT / "docs").glob("*.md"),
        *(ROOT / "docs" / "instructor").glob("*.md"),
        *(ROOT / "docs" / "site").rglob("*.md"),
    ]
    missing = [
        str(path.relative_to(ROOT))
        for path in sources
        if not (site / path.relative_to(ROOT)).with_suffix(".html").exists()
    ]
    assert len(sources) > 30
    assert not missing, f"sources with no page: {missing}"
    assert (site / "index.html").exists(), "no front door"


def test_no_page_loads_a_script_stylesheet_or_font_from_a_network(site, pages):
    remote = re.compile(r"^(https?:)?//", re.IGNORECASE)
    loaded = []
    for path, page in pages.items():
        for tag, url, attributes in page.links:
            canonical = tag == "link" and attributes.get("rel") == "canonical"
            if tag != "a" and not canonical and remote.match(url):
                loaded.append(f"{path.relative_to(site)}: {tag} {url}")
    css_remote = re.compile(r"(url\(\s*['\"]?|@import\s+['\"])(https?:)?//", re.IGNORECASE)
    for css in site.rglob("*.css"):
        if css_remote.search(css.read_text(encoding="utf-8", errors="replace")):
            loaded.append(f"{css.relative_to(site)}: url() or @import of another host")
    assert not loaded, "\n".join(loaded)


def test_plotly_js_ships_once_and_every_page_with_figures_loads_that_copy(site, pages):
    copies = sorted(str(p.relative_to(site)) for p in site.rglob("*") if "plotly" in p.name)
    assert copies == ["_static/plotly.min.js"]
    banner = (site / "_static" / "plotly.min.js").read_text(encoding="utf-8")[:40]
    assert banner.startswith("/**\n* plotly.js v")
    holders = [p for p in site.rglob("*") if p.is_file() and p.suffix in (".html", ".js")]
    inlined = [str(p.relative_to(site)) for p in holders if banner in p.read_text("utf-8")]
    assert inlined == ["_static/plotly.min.js"], "plotly.js is inlined somewhere"
    drawing = [p for p in pages.values() if "Plotly.newPlot" in p.text]
    assert len(drawing) >= 9
    for page in drawing:
        sources = [url for tag, url, _ in page.links if tag == "script" and "plotly" in url]
        assert len(sources) == 1, page.path
        loaded = page.path.parent / unquote(urlsplit(sources[0]).path)  # no ?v=checksum
        assert loaded.resolve() == (site / "_static/plotly.min.js").resolve()


def _ends_with_an_expression(source: str) -> bool:
    body = ast.parse(source).body
    return bool(body) and isinstance(body[-1], ast.Expr) and not source.rstrip().endswith(";")


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_lesson_page_shows_its_executed_outputs(site, pages, notebook):
    page = pages[(site / "notebooks" / f"{notebook.stem}.html").resolve()]
    code = [c for c in nbformat.read(notebook, as_version=4).cells if c.cell_type == "code"]
    assert len(page.cells) == len(code), "the page does not show every code cell"
    for number, (cell, shown) in enumerate(zip(code, page.cells, strict=True), start=1):
        if _ends_with_an_expression(cell.source):
            assert shown.has_output, f"code cell {number} shows no output:\n{cell.source}"
        assert not {"traceback", "error"} & shown.classes, f"code cell {number} failed"
        if re.search(r"\bcheck_\w+\(answer\)", cell.source):  # an exercise: the note
            assert "id-site-note" in shown.classes, f"code cell {number}: no notebook note"
        shown_as_text = [f for f in WIDGET_FALLBACKS if f in shown.text]
        assert not shown_as_text, f"code cell {number} shows a widget as its text"
    assert "application/vnd.jupyter.widget" not in page.text, "widget state or views"
    assert 'id="run-this-lesson"' in page.text
