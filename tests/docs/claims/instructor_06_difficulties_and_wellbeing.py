"""Instructor notes 06 state no number about the model in prose: its numbers are doctests."""

CLAIMS = {}
