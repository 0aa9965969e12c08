"""The lessons' widgets as the static course site shows them, with no kernel behind.

While the site is built (:data:`~intimacy_dynamics.plotting.SITE_VARIABLE` is set), an
explorer, a prediction or a view displays HTML instead of widgets:

- its readout and its kernel-drawn figures, as static plotly figures drawn with the
  site's one shared plotly.js;
- its live trajectory panels (a :class:`~intimacy_dynamics.widgets.LivePlot`) live in
  the page, through the renderer set with :func:`use_live_panels`: the standalone front
  end (:mod:`intimacy_dynamics.standalone.site` sets ``embed_html``, which this layer
  cannot import), else a static figure of the current run;
- a note that the sliders, predictions and self-checks work in a notebook, linking to
  the page's "Run this lesson" section (:data:`RUN_ANCHOR`), which the site adds.

Everywhere else nothing changes: the widgets display as always.
"""

from __future__ import annotations

from collections.abc import Callable

import ipywidgets as w

from intimacy_dynamics.plotting import (
    RUN_ANCHOR,
    SITE_VARIABLE,
    notebook_note,
    site_plotly_src,
    static_figure_html,
)

__all__ = [
    "RUN_ANCHOR",
    "SITE_VARIABLE",
    "SiteBox",
    "live_figure",
    "live_panels_html",
    "notebook_note",
    "show",
    "static_html",
    "use_live_panels",
]


def _static_live_panels(explorer, plotly_src: str) -> str:
    return static_figure_html(live_figure(explorer.plot))


_LIVE_PANELS: list[Callable[[object, str], str]] = [_static_live_panels]


def use_live_panels(render: Callable[[object, str], str]) -> None:
    """Draw explorers' live panels in the site with ``render(explorer, plotly_src)``."""
    _LIVE_PANELS[:] = [render]


def live_panels_html(explorer, plotly_src: str) -> str:
    """An explorer's live panels as the site shows them (see :func:`use_live_panels`).

    Examples
    --------
    >>> from intimacy_dynamics.classic import rinaldi_linear
    >>> from intimacy_dynamics.widgets import ModelLab
    >>> "Plotly" in live_panels_html(ModelLab(rinaldi_linear()), "_static/plotly.min.js")
    True
    """
    return _LIVE_PANELS[0](explorer, plotly_src)


def live_figure(plot):
    """The figure a :class:`~intimacy_dynamics.widgets.LivePlot` draws, with its current run.

    Examples
    --------
    >>> from intimacy_dynamics.classic import rinaldi_linear
    >>> from intimacy_dynamics.widgets import LivePlot
    >>> plot = LivePlot(rinaldi_linear(), controls=["alpha1"])
    >>> fig, run = live_figure(plot), plot.trajectory()
    >>> len(fig.data), list(fig.data[1].y) == list(run[plot.figure["names"][1]])
    (2, True)
    """
    import plotly.graph_objects as go

    run = plot.trajectory()
    traces = [
        {**trace, "x": run.t, "y": run[name]}
        for trace, name in zip(plot.figure["traces"], plot.figure["names"], strict=True)
    ]
    fig = go.Figure(data=traces, layout=plot.figure["layout"])
    fig._config = plot.figure["config"]
    return fig


def static_html(widget) -> str:
    """The parts of a widget tree that a page shows without a kernel, as HTML.

    Figures become static plotly figures, HTML widgets keep their HTML, boxes their
    children in order; controls (sliders, buttons, menus, text boxes) are left out.

    Examples
    --------
    >>> import ipywidgets as w
    >>> static_html(w.VBox([w.HTML("<b>Trust</b>"), w.FloatSlider(), w.HTML("ends high")]))
    '<div><b>Trust</b>ends high</div>'
    """
    from plotly.basewidget import BaseFigureWidget

    from intimacy_dynamics.widgets.live_plot import LivePlot

    if isinstance(widget, BaseFigureWidget):
        return static_figure_html(widget)
    if isinstance(widget, LivePlot):  # on its own, without its explorer: as it stands
        return static_figure_html(live_figure(widget))
    if isinstance(widget, w.HTML | w.HTMLMath):
        return widget.value
    if isinstance(widget, w.Box) and not isinstance(widget, w.Accordion | w.Tab):
        return "<div>" + "".join(static_html(child) for child in widget.children) + "</div>"
    return ""


def show(widget, page_html: Callable[[str], str]) -> None:
    """Display ``widget``, or ``page_html(plotly_src)`` while the site is built."""
    from IPython.display import display

    plotly_src = site_plotly_src()
    if plotly_src is None:
        display(widget)
    else:
        display({"text/html": page_html(plotly_src), "text/plain": ""}, raw=True)


class SiteBox(w.VBox):
    """A box of widgets that shows its static parts, and a note, while the site is built.

    Examples
    --------
    >>> import ipywidgets as w
    >>> box = SiteBox([w.HTML("the bars")], note="moving the sliders")
    >>> box.children[0].value, "widget-view" in str(box._repr_mimebundle_())
    ('the bars', True)
    """

    def __init__(self, children=(), *, note: str, **kwargs):
        super().__init__(children, **kwargs)
        self.note = note

    def _repr_mimebundle_(self, **kwargs):
        if site_plotly_src() is None:
            return super()._repr_mimebundle_(**kwargs)
        return {"text/html": notebook_note(self.note) + static_html(self), "text/plain": ""}
