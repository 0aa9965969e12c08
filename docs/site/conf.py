"""Sphinx configuration of the static course site (``make site``).

The source directory is the repository root (the lessons live in ``notebooks/`` and
the pages in ``docs/``, each with one source); this folder holds only the
configuration, the landing page, the API pages and the site's own extension
(``_ext/course_site.py``: plotly.js and MathJax from their wheels, the lessons'
static explorers, no widget JavaScript, no request to any server at view time).

Build: ``sphinx-build -c docs/site -b html -W . site`` (what ``make site`` runs).
"""

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE / "_ext"))

import intimacy_dynamics  # noqa: E402

project = "intimacy_dynamics"
author = "intimacy_dynamics developers"
copyright = "the intimacy_dynamics developers"
release = version = intimacy_dynamics.__version__

extensions = [
    "myst_nb",
    "sphinx.ext.autodoc",
    "sphinx.ext.mathjax",
    "numpydoc",
    "sphinx.ext.githubpages",  # writes .nojekyll: GitHub Pages then serves _static/
    "course_site",
]

# ---------------------------------------------------------------- sources
root_doc = "docs/site/index"
include_patterns = [
    "docs/site/**",
    "docs/*.md",
    "docs/instructor/*.md",
    "notebooks/*.ipynb",
]
exclude_patterns = [
    ".git",
    ".venv",
    "site",
    "build",
    "test-results",
    "**/.ipynb_checkpoints",
]
# the project's Markdown is MyST: $...$ and $$...$$ math, and the anchors of headings
# (running-a-class.md links to its own sections by their slugs)
myst_enable_extensions = ["dollarmath"]
myst_heading_anchors = 3

# --------------------------------------------------------------- notebooks
# Every lesson is executed at every build, from a fresh kernel (the outputs are never
# committed); a cell error fails the build with its traceback.
nb_execution_mode = "force"
nb_execution_raise_on_error = True
nb_execution_show_tb = True
nb_execution_timeout = 300
# ipywidgets' HTML manager comes from a CDN: load none of it. In the site the lessons'
# explorers show themselves as static HTML (course_site sets the site variable), and a
# widget view that slipped through falls back to its text, which the site test catches.
nb_ipywidgets_js = {}
nb_mime_priority_overrides = [("html", "application/vnd.jupyter.widget-view+json", None)]
nb_merge_streams = True

# -------------------------------------------------------------- API pages
autodoc_default_options = {"members": True, "show-inheritance": True}
autodoc_member_order = "bysource"
numpydoc_show_class_members = False
numpydoc_validation_checks: set[str] = set()
numpydoc_xref_param_type = False

# -------------------------------------------------------------------- HTML
html_theme = "sphinx_book_theme"
html_title = "intimacy_dynamics"
html_theme_options = {
    "show_toc_level": 2,
    "home_page_in_toc": True,
    "use_download_button": False,
    "use_fullscreen_button": False,
    "navigation_with_keys": False,
}
# pydata-sphinx-theme's layout starts the colour mode from the template variable
# default_mode, which this version of the book theme does not set: without it every
# page logs "Got invalid theme mode" to the console
html_context = {"default_mode": "auto"}
html_static_path = ["_static"]
html_css_files = ["course-site.css"]
html_copy_source = False
html_show_sourcelink = False
html_last_updated_fmt = None
# MathJax 3 from the django-static-mathjax wheel, copied into _static by course_site
mathjax_path = "mathjax/tex-chtml.js"
mathjax3_config = {"options": {"enableMenu": False}}

# ---------------------------------------------------------------- warnings
# The build runs with -W: a broken cross-reference or a missing file fails it. Only
# these known-harmless kinds of warning are let through, each for its reason:
suppress_warnings: list[str] = []
