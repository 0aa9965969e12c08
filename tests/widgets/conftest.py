"""Helpers of the widget tests."""

import pytest

#: Every kind of message a plotly FigureWidget sends to the page.
_MESSAGES = ("restyle", "update", "relayout", "addTraces", "deleteTraces")


@pytest.fixture
def figure_messages(monkeypatch):
    """``watch(figures)``: a list that gets a figure's name for each message it sends."""

    def watch(figures):
        sent = []
        for name, figure in figures.items():
            for kind in _MESSAGES:
                monkeypatch.setattr(
                    figure, f"_send_{kind}_msg", lambda *a, _n=name, **k: sent.append(_n)
                )
        return sent

    return watch
