"""Interactive labs: ipywidgets controls and plotly FigureWidgets over the public API.

The general labs (:class:`ModelLab`, :class:`IntimacyLab`, :class:`PhasePlaneExplorer`)
and the focused explorers the lessons use are imported on first use, so importing one
does not pay for the others.
"""

import sys
from importlib import import_module

# plotly's FigureWidget imports nbformat, whose jsonschema imports rfc3987_syntax if it is
# installed, and that package builds 38 grammar parsers at import: 2 s of every lesson's
# start (5 s on a busy machine). A kernel never checks IRI formats, so skip it here.
if "rfc3987_syntax" not in sys.modules:
    sys.modules["rfc3987_syntax"] = None  # an import of it now raises ImportError

#: Public name -> the module of this package that defines it.
_WHERE = {
    "Choice": "controls",
    "Control": "controls",
    "ControlPanel": "controls",
    "PredictThenReveal": "common",
    "Explorer": "explorer",
    "Settings": "explorer",
    "download_link": "common",
    "ModelLab": "lab",
    "LivePlot": "live_plot",
    "IntimacyLab": "intimacy_lab",
    "PhasePlaneExplorer": "phase_plane",
    "DisclosureLoopExplorer": "disclosure_loop",
    "TrustSpiralExplorer": "trust_spiral",
    "CuesExplorer": "cues",
    "PersonBuilder": "person_builder",
    "PopulationExplorer": "population",
    "BifurcationExplorer": "bifurcation",
    "StressBufferingExplorer": "stress_buffering",
}

__all__ = sorted(_WHERE)


def __getattr__(name: str):
    if name not in _WHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f"{__name__}.{_WHERE[name]}"), name)
    globals()[name] = value
    return value


def __dir__():
    return sorted([*globals(), *_WHERE])
