"""The lab without a server: a standalone HTML page generated from the model.

:func:`export_html` writes one self-contained file (``intimacy-lab export -o lab.html``
does the same from the command line): plotly.js from the plotly wheel, the model's
generated JavaScript, the integrator, the controls and the readout, with no network
request at all. :func:`page_html` returns its text; :func:`embed_html` a fragment to
place in another page (a static course site), several to a page, with one shared copy
of plotly.js.

The page is generated from the declarations the notebook lab uses (the data the
``LivePlot`` widget sends, :meth:`~intimacy_dynamics.widgets.LivePlot.page_data`), so
it has the same controls, labels, units, tooltips, presets and readout wording. It
keeps its settings in the link's fragment: ``#`` and the compact scenario JSON,
percent-encoded (:meth:`Scenario.to_fragment
<intimacy_dynamics.simulation.scenario.Scenario.to_fragment>`); the notebook lab's
settings box loads the link, and :meth:`Explorer.link
<intimacy_dynamics.widgets.Explorer.link>` writes one. See ``docs/standalone.md``.

This package sits above the widgets: it imports them, never the reverse.
"""

from intimacy_dynamics.standalone.page import (
    MAX_PAGE_BYTES,
    embed_html,
    export_html,
    page_data,
    page_html,
)
from intimacy_dynamics.standalone.targets import lab_for, lab_named, lab_names

__all__ = [
    "MAX_PAGE_BYTES",
    "embed_html",
    "export_html",
    "lab_for",
    "lab_named",
    "lab_names",
    "page_data",
    "page_html",
]
