"""Integrating models over time, with inputs that vary in time."""
