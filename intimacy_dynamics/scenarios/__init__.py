"""Scenarios: named, reproducible simulation settings stored as JSON data.

``names()``, ``load(name)`` and ``for_phenomenon("P05")`` give the catalog of the
intimacy model's scenarios; ``save`` and ``load_file`` write and read JSON files.
"""

from intimacy_dynamics.scenarios.scenario import Scenario, ScenarioError

__all__ = ["Scenario", "ScenarioError", "for_phenomenon", "load", "load_file", "names", "save"]


def __getattr__(name):
    # the catalog needs the intimacy model, which needs the core: load it on first use
    if name in ("for_phenomenon", "load", "load_file", "names", "save"):
        from intimacy_dynamics.scenarios import catalog

        return getattr(catalog, name)
    raise AttributeError(name)
