"""The course site's own Sphinx extension: a site that works offline, from ``file://``.

- plotly.js (from the plotly wheel) is copied once to ``_static/plotly.min.js`` and
  loaded as a classic script by the pages whose outputs draw plotly figures;
- MathJax 3 (from the django-static-mathjax wheel: only the CommonHTML component, its
  fonts and the TeX extensions it may load) is copied to ``_static/mathjax/``;
- the notebooks are executed with the site variable set, so the lessons' explorers show
  themselves as static HTML (``intimacy_dynamics.widgets.site``) instead of widgets;
  the widget state the kernel recorded is dropped (it needs a kernel or a CDN);
- every lesson page ends with "Run this lesson": how to run it in a notebook, the
  target of the notes that the static explorers and exercises carry;
- ``site/index.html`` opens the landing page (which lives in ``docs/site/``);
- a rebuild re-reads (and re-executes) every page when the package's source changed,
  not only the pages whose own source did, so a kept cache never shows stale outputs.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from importlib import resources
from pathlib import Path

from pygments.lexers.special import TextLexer
from sphinx.util.fileutil import copy_asset_file

from intimacy_dynamics.widgets.site import RUN_ANCHOR, SITE_VARIABLE

#: Where every notebook page loads plotly.js from: the lessons are one folder deep.
PLOTLY_SRC = "../_static/plotly.min.js"
NOTEBOOK_FOLDER = "notebooks"
#: What of MathJax's es5 tree the pages use: the component and what it loads on demand.
MATHJAX_PARTS = ("tex-chtml.js", "output/chtml/fonts/woff-v2", "input/tex/extensions")


def setup(app):
    """Register the handlers; the site variable is set for the kernels myst-nb starts."""
    os.environ[SITE_VARIABLE] = PLOTLY_SRC
    # docs/model.md draws the model's loop as a mermaid diagram: shown as its text
    # (mermaid.js would have to come from a CDN)
    app.add_lexer("mermaid", TextLexer)
    app.connect("env-get-outdated", _everything_when_the_package_changed)
    app.connect("doctree-read", _drop_widget_state)
    app.connect("autodoc-process-docstring", _module_sections_as_rubrics)
    app.connect("html-page-context", _page_resources)
    app.connect("build-finished", _copy_static_libraries)
    app.add_config_value("course_site_run_page", "docs/site/index", "html")
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}


def _everything_when_the_package_changed(app, env, added, changed, removed) -> list[str]:
    """Every page is outdated when the package's source differs from the last build's."""
    now = _package_fingerprint()
    before = getattr(env, "course_site_package", None)
    env.course_site_package = now
    return sorted(env.found_docs) if before not in (None, now) else []


def _package_fingerprint() -> str:
    package = Path(str(resources.files("intimacy_dynamics")))
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*")):
        if path.suffix in (".py", ".js", ".json", ".css", ".mjs") and path.is_file():
            digest.update(str(path.relative_to(package)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _module_sections_as_rubrics(app, what, name, obj, options, lines) -> None:
    """A module docstring's numpydoc headings ("Examples" over dashes) as rubrics.

    numpydoc rewrites the sections of functions and classes but leaves a module's to
    docutils, which makes them sections: every module's "Examples" would then be a
    duplicate label of the site.
    """
    if what != "module":
        return
    for k in range(len(lines) - 1):
        title, rule = lines[k].strip(), lines[k + 1].strip()
        if title and len(rule) >= len(title) and set(rule) == {"-"}:
            lines[k], lines[k + 1] = f".. rubric:: {title}", ""


def _drop_widget_state(app, doctree) -> None:
    """The kernel's widget state is for ipywidgets' CDN manager, which the site never loads."""
    metadata = getattr(app.env, "nb_metadata", {}).get(app.env.docname, {})
    metadata.get("js_files", {}).pop("ipywidgets_state", None)


def _page_resources(app, pagename, templatename, context, doctree) -> None:
    """plotly.js for the pages that draw plotly figures; "Run this lesson" on notebooks."""
    body = context.get("body", "")
    if "Plotly.newPlot" in body:  # static figures (a standalone lab loads its own)
        app.add_js_file("plotly.min.js", priority=100)
    if _is_notebook(app, pagename):
        if pagename.count("/") != PLOTLY_SRC.count("../"):
            raise RuntimeError(f"{pagename}: notebook pages must be one folder deep")
        target = context["pathto"](app.config.course_site_run_page)
        context["body"] = body + _run_this_lesson(f"{target}#run-the-lessons")


def _is_notebook(app, pagename: str) -> bool:
    return (
        pagename.startswith(f"{NOTEBOOK_FOLDER}/") and app.env.doc2path(pagename).suffix == ".ipynb"
    )


def _run_this_lesson(how: str) -> str:
    return (
        f'<section id="{RUN_ANCHOR}"><h2>Run this lesson<a class="headerlink" '
        f'href="#{RUN_ANCHOR}" title="Link to this heading">#</a></h2>'
        "<p>On this page the explorers are shown as they start, and the exercises "
        "without their self-checks. In a notebook every slider, prediction and "
        "self-check works: run the lesson locally (<code>make lab</code>), on Binder or "
        f'on a JupyterHub, as <a href="{how}">the start page explains</a>.</p></section>'
    )


def _copy_static_libraries(app, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    static = Path(app.outdir) / "_static"
    plotly_js = resources.files("plotly") / "package_data" / "plotly.min.js"
    copy_asset_file(str(plotly_js), str(static / "plotly.min.js"))
    mathjax = Path(str(resources.files("mathjax"))) / "static" / "mathjax" / "es5"
    for part in MATHJAX_PARTS:
        source, target = mathjax / part, static / "mathjax" / part
        if source.is_dir():
            shutil.copytree(source, target, dirs_exist_ok=True)
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
    _write_front_door(Path(app.outdir), app.builder.get_target_uri(app.config.root_doc))


def _write_front_door(outdir: Path, landing: str) -> None:
    """``index.html`` at the top: opens the landing page (a relative link, file:// too)."""
    (outdir / "index.html").write_text(
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="refresh" content="0; url={landing}">'
        "<title>intimacy_dynamics</title></head>"
        f'<body><p><a href="{landing}">Open the course site</a></p></body></html>\n'
    )
