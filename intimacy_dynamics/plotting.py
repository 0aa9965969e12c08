"""One visual style for every figure: colour-blind-safe colours, line styles, config.

Colours come from the Okabe–Ito palette, which stays distinguishable under the common
forms of colour blindness. Partners also differ by line style, so no figure relies on
colour alone. :func:`lab_config` removes plotly's cloud-share button and logo (a
classroom lab never uploads data) and keeps the download-as-image button.
"""

from __future__ import annotations

__all__ = [
    "DASHES",
    "PALETTE",
    "apply_config",
    "base_layout",
    "lab_config",
    "lean_template",
    "partner_style",
]

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
