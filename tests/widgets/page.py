"""What the page of a live plot sends the kernel, played without a browser."""


def settle(explorer, **values):
    """Send what the page sends once sliders have settled: every value, by name."""
    plot, model = explorer.plot, explorer.model
    params = {k: v for k, v in values.items() if k in model.param_names}
    y0 = {k: v for k, v in values.items() if k in model.state_names}
    plot.set_state({"params": {**plot.params, **params}, "y0": {**plot.y0, **y0}})


def count_messages(monkeypatch, figures):
    """Record which of ``figures`` (by name) send a message to the browser."""
    sent = []
    for label, figure in figures.items():
        for kind in ("restyle", "update", "relayout", "addTraces", "deleteTraces"):
            monkeypatch.setattr(
                figure, f"_send_{kind}_msg", lambda *a, _label=label, **k: sent.append(_label)
            )
    return sent
