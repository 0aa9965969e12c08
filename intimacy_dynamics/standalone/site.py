"""The static course site's live explorers: the standalone front end inside a lesson.

Importing this module makes every explorer with live panels show them, while the site
is built, as :func:`~intimacy_dynamics.standalone.embed_html` (the page integrates and
redraws as its sliders move, with the site's one shared plotly.js). The package imports
it when the site variable is set (see :mod:`intimacy_dynamics.plotting`); the widgets
cannot import this layer themselves.
"""

from __future__ import annotations

from intimacy_dynamics.standalone.page import embed_html
from intimacy_dynamics.widgets.site import use_live_panels

__all__ = ["live_panels_html"]


def live_panels_html(explorer, plotly_src: str) -> str:
    """``explorer``'s live panels as a standalone lab for the site's page.

    Examples
    --------
    >>> from intimacy_dynamics.classic import rinaldi_linear
    >>> from intimacy_dynamics.widgets import ModelLab
    >>> html = live_panels_html(ModelLab(rinaldi_linear()), "../_static/plotly.min.js")
    >>> html.startswith('<div class="idl-standalone-lab">'), "../_static/plotly.min.js" in html
    (True, True)
    """
    return embed_html(explorer, plotly_src=plotly_src)


use_live_panels(live_panels_html)
