"""One visual style for every figure: colour-blind-safe colours, line styles, config.

Colours come from the Okabe–Ito palette, which stays distinguishable under the common
forms of colour blindness. Partners also differ by line style, so no figure relies on
colour alone. :func:`lab_config` removes plotly's cloud-share button and logo (a
classroom lab never uploads data) and keeps the download-as-image button.

When the static course site is built (``make site``), the build sets the variable
:data:`SITE_VARIABLE` to the relative URL of the site's one copy of plotly.js. Figures
then show themselves as HTML that draws with that shared copy
(:func:`static_figure_html`), with no plotly.js or MathJax of their own and nothing
from a CDN; what needs a kernel says so (:func:`notebook_note`).
"""

from __future__ import annotations

import os
import re

__all__ = [
    "DASHES",
    "PALETTE",
    "RUN_ANCHOR",
    "SITE_VARIABLE",
    "apply_config",
    "base_layout",
    "lab_config",
    "lean_template",
    "notebook_note",
    "partner_style",
    "site_plotly_src",
    "static_figure_html",
]

#: Set by the course site's build: the relative URL of the site's shared plotly.js.
SITE_VARIABLE = "INTIMACY_DYNAMICS_SITE"
#: The id of the section of every lesson page of the site that says how to run it.
RUN_ANCHOR = "run-this-lesson"
_RELATIVE_URL = re.compile(r"(\.\./)*[A-Za-z0-9_][A-Za-z0-9_./-]*\.js")

PALETTE = {
    "blue": "#0072B2",
    "orange": "#E69F00",
    "green": "#009E73",
    "vermillion": "#D55E00",
    "sky": "#56B4E9",
    "purple": "#CC79A7",
    "yellow": "#F0E442",
    "black": "#000000",
    "grey": "#7F7F7F",
}
SEQUENCE = [PALETTE[k] for k in ("blue", "orange", "green", "vermillion", "sky", "purple")]
DASHES = ["solid", "dash", "dot", "dashdot", "longdash", "longdashdot"]
_PARTNER = {"A": (PALETTE["blue"], "solid"), "B": (PALETTE["vermillion"], "dash")}


def partner_style(partner: str | None, index: int = 0) -> dict:
    """Line colour and dash for a partner (A: blue solid, B: vermillion dashed).

    Examples
    --------
    >>> partner_style("B")
    {'color': '#D55E00', 'dash': 'dash', 'width': 2.5}
    >>> partner_style(None, 2)["dash"]
    'dot'
    """
    if partner in _PARTNER:
        color, dash = _PARTNER[partner]
    else:
        color, dash = SEQUENCE[index % len(SEQUENCE)], DASHES[index % len(DASHES)]
    return {"color": color, "dash": dash, "width": 2.5}


def lab_config(config: dict | None = None) -> dict:
    """A plotly config without the cloud-share button and logo."""
    config = dict(config or {})
    removed = set(config.get("modeBarButtonsToRemove", [])) | {"sendChartToCloud", "lasso2d"}
    config.update(displaylogo=False, modeBarButtonsToRemove=sorted(removed))
    return config


def apply_config(figure):
    """Give ``figure`` (a Figure or FigureWidget) the lab config; returns it.

    ``FigureWidget`` keeps its config in a private trait that plotly passes to
    ``Plotly.newPlot``; this is the one place that relies on it.
    """
    if hasattr(figure, "_config"):
        figure._config = lab_config(figure._config)
    return figure


# The parts of a template that a figure of lines on cartesian axes uses.
_LINE_FIGURE_KEYS = (
    "annotationdefaults",
    "colorway",
    "font",
    "hoverlabel",
    "hovermode",
    "paper_bgcolor",
    "plot_bgcolor",
    "title",
    "xaxis",
    "yaxis",
)


def lean_template(name: str = "plotly_white") -> dict:
    """A plotly template cut down to what a figure of lines uses, for redraws in the page.

    ``Plotly.react`` redraws the whole figure with its template on every slider move.
    The cut keeps the look (colours, grid, fonts) but drops the maps, 3-D scenes and
    colour scales, and fixes the margins (``automargin`` off), so a redraw does not
    measure the tick labels again to re-fit them.

    Examples
    --------
    >>> template = lean_template()
    >>> template["layout"]["xaxis"]["automargin"], "scene" in template["layout"]
    (False, False)
    """
    import plotly.io as pio

    full = pio.templates[name].layout.to_plotly_json()
    layout = {key: full[key] for key in _LINE_FIGURE_KEYS if key in full}
    for axis in ("xaxis", "yaxis"):
        layout[axis] = {**layout.get(axis, {}), "automargin": False}
    return {"layout": layout}


def base_layout(title: str = "", x_title: str = "", y_title: str = "", **extra) -> dict:
    """The common layout: white template, readable fonts, legend above the plot."""
    layout = {
        "template": "plotly_white",
        "title": {"text": title, "x": 0.01, "xanchor": "left"},
        "font": {"size": 13},
        "xaxis": {"title": {"text": x_title}},
        "yaxis": {"title": {"text": y_title}},
        "legend": {"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0},
        "margin": {"l": 60, "r": 20, "t": 70, "b": 50},
    }
    layout.update(extra)
    return layout


def figure(layout: dict, data: list | None = None):
    """A ``plotly.graph_objects.Figure`` with the lab style and config."""
    import plotly.graph_objects as go

    fig = go.Figure(data=data or [], layout=layout)
    fig._config = lab_config(getattr(fig, "_config", None))
    return fig


def site_plotly_src() -> str | None:
    """The relative URL of the course site's plotly.js while the site is built, else None.

    Raises
    ------
    BadInputError
        When :data:`SITE_VARIABLE` holds anything but a relative URL of a ``.js`` file
        (no scheme, no host, no absolute path, no quotes).

    Examples
    --------
    >>> import os
    >>> os.environ[SITE_VARIABLE] = "../_static/plotly.min.js"
    >>> site_plotly_src()
    '../_static/plotly.min.js'
    >>> os.environ[SITE_VARIABLE] = "https://cdn.example/plotly.js"
    >>> site_plotly_src()
    Traceback (most recent call last):
    ...
    intimacy_dynamics.errors.BadInputError: INTIMACY_DYNAMICS_SITE = 'https://cdn...' ...
    >>> del os.environ[SITE_VARIABLE]
    >>> site_plotly_src() is None
    True
    """
    value = os.environ.get(SITE_VARIABLE)
    if not value:
        return None
    if not _RELATIVE_URL.fullmatch(value):
        from intimacy_dynamics.errors import BadInputError

        raise BadInputError(
            f"{SITE_VARIABLE} = {value!r} must be the relative URL of a .js file, "
            "such as '../_static/plotly.min.js'"
        )
    return value


def notebook_note(what: str) -> str:
    """A note (for the site) that ``what`` works when the lesson runs in a notebook.

    It links to the section :data:`RUN_ANCHOR` that the site adds to every lesson page.

    Examples
    --------
    >>> print(notebook_note("the self-checks"))
    <p class="id-site-note"><i>Run this lesson in a notebook (locally, on Binder or on a
    JupyterHub) for the self-checks: <a href="#run-this-lesson">how</a>.</i></p>
    """
    from html import escape

    return (
        '<p class="id-site-note"><i>Run this lesson in a notebook (locally, on Binder or on '
        f'a\nJupyterHub) for {escape(what)}: <a href="#{RUN_ANCHOR}">how</a>.</i></p>'
    )


def static_figure_html(fig) -> str:
    """``fig`` (a Figure or FigureWidget) as HTML that draws it with a page's plotly.js.

    The page must load plotly.js itself before this HTML (the course site does): the
    result holds the figure's data and a call to ``Plotly.newPlot``, nothing else.

    Examples
    --------
    >>> html = static_figure_html(figure(base_layout("Trust"), [{"y": [0.2, 0.5]}]))
    >>> "Plotly.newPlot" in html, "<script src" in html, "sendChartToCloud" in html
    (True, False, True)
    """
    import plotly.graph_objects as go

    plain = go.Figure(fig) if not isinstance(fig, go.Figure) else fig
    return plain.to_html(
        include_plotlyjs=False,
        include_mathjax=False,
        full_html=False,
        config=lab_config(getattr(fig, "_config", None)),
        default_width="100%",
    )


def _use_site_renderer() -> None:
    """Show every figure as :func:`static_figure_html` (while the site is built)."""
    import plotly.io as pio
    from plotly.io._base_renderers import MimetypeRenderer

    class SiteRenderer(MimetypeRenderer):
        def to_mimebundle(self, fig_dict):
            return {"text/html": static_figure_html(fig_dict)}

    pio.renderers["intimacy_dynamics_site"] = SiteRenderer()
    pio.renderers.default = "intimacy_dynamics_site"


if site_plotly_src() is not None:
    _use_site_renderer()
