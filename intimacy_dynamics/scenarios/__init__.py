"""Scenarios: named, reproducible simulation settings stored as JSON data.

A front door for users: :class:`Scenario` itself lives in
:mod:`intimacy_dynamics.simulation.scenario` (any model can have scenarios), and the
intimacy model's catalog in :mod:`intimacy_dynamics.intimacy.catalog`: ``names()``,
``load(name)`` and ``for_phenomenon("P05")``, with ``save`` and ``load_file`` for JSON
files.
"""

from intimacy_dynamics.intimacy import catalog
from intimacy_dynamics.intimacy.catalog import for_phenomenon, load, load_file, names, save
from intimacy_dynamics.simulation.scenario import Scenario, ScenarioError

__all__ = [
    "Scenario",
    "ScenarioError",
    "catalog",
    "for_phenomenon",
    "load",
    "load_file",
    "names",
    "save",
]
