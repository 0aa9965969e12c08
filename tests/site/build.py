"""The course site, built once per test session from the sources, and read back.

:func:`built_site` runs what ``make site`` runs (``sphinx-build -W`` with
``docs/site/conf.py``: every notebook executed) into a temporary folder, once per
process whoever asks first (the link check or the browser test), and records the build
time in ``test-results/site-times.json``. :class:`Page` is one HTML page as
``html.parser`` reads it: its ids, its links and resources, its notebook cells.
"""

from __future__ import annotations

import functools
import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import ClassVar

import pytest

ROOT = Path(__file__).resolve().parents[2]
TIMES = ROOT / "test-results" / "site-times.json"
BUILD_TIMEOUT_SECONDS = 1500


@functools.cache
def built_site(folder: Path) -> Path:
    """Build the site into ``folder`` (once per process); the folder of its HTML."""
    html = folder / "html"
    command = [
        sys.executable,
        "-m",
        "sphinx",
        "-c",
        "docs/site",
        "-b",
        "html",
        "-W",
        "--keep-going",
        "-q",
        "-d",
        str(folder / "doctrees"),
        ".",
        str(html),
    ]
    env = {k: v for k, v in os.environ.items() if k != "INTIMACY_DYNAMICS_SITE"}
    start = time.perf_counter()
    done = subprocess.run(
        command,
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=BUILD_TIMEOUT_SECONDS,
        check=False,
    )
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        pytest.fail(f"the site did not build ({done.returncode}):\n{done.stderr[-5000:]}")
    _record(build_seconds=seconds, size_bytes=sum(p.stat().st_size for p in html.rglob("*")))
    return html


def _record(**values: float) -> None:
    TIMES.parent.mkdir(exist_ok=True)
    times = json.loads(TIMES.read_text()) if TIMES.exists() else {}
    times.update({key: round(value, 1) for key, value in values.items()})
    TIMES.write_text(json.dumps(dict(sorted(times.items())), indent=2) + "\n")


@dataclass
class Cell:
    """One notebook cell as the page shows it: the classes of everything in its outputs."""

    has_output: bool = False
    classes: set[str] = field(default_factory=set)
    text: str = ""


class Page(HTMLParser):
    """One page of the site: what its links, resources, ids and cells are.

    Attributes
    ----------
    ids : set of str
        Every ``id`` (and ``name`` of an ``<a>``): what a fragment may point at.
    links : list of (str, str, dict)
        Every tag's URL attribute: ``(tag, url, attributes)`` for ``a href``,
        ``link href``, ``script src``, ``img src``, ``iframe src``, ``source src``.
    cells : list of Cell
        The notebook's cells, in order (a page that is no notebook has none).
    """

    URL_ATTRIBUTES: ClassVar[dict[str, str]] = {
        "a": "href",
        "link": "href",
        "script": "src",
        "img": "src",
        "iframe": "src",
        "source": "src",
        "embed": "src",
    }

    def __init__(self, path: Path):
        super().__init__(convert_charrefs=True)
        self.path = path
        self.ids: set[str] = set()
        self.links: list[tuple[str, str, dict]] = []
        self.cells: list[Cell] = []
        self._divs = 0  # open <div> elements
        self._cell_depth: int | None = None  # the depth of the cell being read
        self._output_depth: int | None = None  # the depth of its output area
        self.text = path.read_text(encoding="utf-8")
        self.feed(self.text)
        self.close()

    def handle_starttag(self, tag, attrs):
        attributes = {k: v or "" for k, v in attrs}
        for key in ("id",) + (("name",) if tag == "a" else ()):
            if attributes.get(key):
                self.ids.add(attributes[key])
        url_attribute = self.URL_ATTRIBUTES.get(tag)
        if url_attribute and url_attribute in attributes:
            self.links.append((tag, attributes[url_attribute], attributes))
        classes = attributes.get("class", "").split()
        if self._output_depth is not None:
            self.cells[-1].classes.update(classes)
        if tag != "div":
            return
        self._divs += 1
        if "cell" in classes and self._cell_depth is None:
            self.cells.append(Cell())
            self._cell_depth = self._divs
        elif "cell_output" in classes and self._cell_depth is not None:
            self.cells[-1].has_output = True
            self._output_depth = self._divs

    def handle_data(self, data):
        if self._output_depth is not None:
            self.cells[-1].text += data

    def handle_startendtag(self, tag, attrs):
        if tag != "div":
            self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        if tag != "div":
            return
        if self._output_depth == self._divs:
            self._output_depth = None
        if self._cell_depth == self._divs:
            self._cell_depth = None
        self._divs -= 1


def pages_of(site: Path) -> dict[Path, Page]:
    """Every HTML page of the site, parsed, by path (``_static/`` holds none: the
    theme's template macros there are no pages)."""
    paths = [p for p in sorted(site.rglob("*.html")) if "_static" not in p.relative_to(site).parts]
    return {path.resolve(): Page(path) for path in paths}
