"""Interactive labs: ipywidgets controls and plotly FigureWidgets over the public API."""

from intimacy_dynamics.widgets.common import PredictThenReveal, download_link
from intimacy_dynamics.widgets.controls import Control, ControlPanel
from intimacy_dynamics.widgets.intimacy_lab import IntimacyLab
from intimacy_dynamics.widgets.lab import ModelLab
from intimacy_dynamics.widgets.phase_plane import PhasePlaneExplorer

__all__ = [
    "Control",
    "ControlPanel",
    "IntimacyLab",
    "ModelLab",
    "PhasePlaneExplorer",
    "PredictThenReveal",
    "download_link",
]
