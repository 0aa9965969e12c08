"""Scenarios: named, reproducible simulation settings stored as JSON data."""

from intimacy_dynamics.scenarios.scenario import Scenario, ScenarioError

__all__ = ["Scenario", "ScenarioError"]
