"""Figures of the labs, and one way to send them new data: by the names of their traces.

Time-series panels are built from a model's declarations, with steady axis ranges.

Every trace a lab draws carries a name (its plotly ``meta``): the quantity it draws, or a
name the lab gives it ("phase path"). :func:`send` looks the names up and sends the new
data of several traces, and any new layout, as one message to the browser.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from intimacy_dynamics.plotting import apply_config, base_layout, partner_style

__all__ = [
    "SteadyAxes",
    "axis_range",
    "declared_span",
    "named_widget",
    "resolve_panels",
    "send",
    "time_series_figure",
    "trace_named",
]


def resolve_panels(model, plots: Sequence | None = None) -> list[tuple[str, list[str]]]:
    """(panel title, full names drawn in it) for each time-series panel.

    ``plots`` holds per-partner base names (``"trust"``: both partners in one panel),
    full names of states and outputs, or ``(title, names)`` pairs (any quantities in one
    panel, under that title); by default, up to four of the first states.

    Examples
    --------
    >>> from intimacy_dynamics import IntimacyModel
    >>> resolve_panels(IntimacyModel(), ["trust", ("A's side", ["trust_A", "intimacy_A"])])
    [('Trust', ['trust_A', 'trust_B']), ("A's side", ['trust_A', 'intimacy_A'])]
    """
    if plots is None:
        bases = []
        for spec in model.state_specs.values():
            key = spec.base if spec.partner else spec.name
            if key not in bases:
                bases.append(key)
        plots = bases[:4]
    panels = []
    for key in plots:
        if not isinstance(key, str):
            title, names = key
            panels.append((str(title), [model.spec(name).name for name in names]))
            continue
        names = [s.name for s in model.state_specs.values() if s.base == key and s.partner]
        names += [s.name for s in model.output_specs.values() if s.base == key and s.partner]
        if not names:
            model.spec(key)  # raises a clear error for an unknown name
            names = [key]
        spec = model.spec(names[0])
        title = spec.label or key.replace("_", " ")
        panels.append((title, names))
    return panels


def time_series_figure(model, panels, title: str, run=None, styles=None):
    """The time-series panels as a plotly ``Figure``, and the name each trace draws.

    One subplot per panel (two columns), one line per name, partners in their styles
    (one legend entry each). With ``run`` (a trajectory) the lines hold its data;
    without, they are empty, to be filled in the browser. ``styles`` gives some names
    their own look: ``{name: {"name": legend entry, "line": {...}}}`` (any properties
    of a plotly scatter trace).
    """
    from plotly.subplots import make_subplots

    cols = 1 if len(panels) == 1 else 2
    rows = -(-len(panels) // cols)
    fig = make_subplots(
        rows=rows,
        cols=cols,
        subplot_titles=[t for t, _ in panels],
        shared_xaxes=True,
        vertical_spacing=0.12,
    )
    names_drawn = []
    legend_shown = set()
    for k, (_, names) in enumerate(panels):
        row, col = k // cols + 1, k % cols + 1
        for name in names:
            spec = model.spec(name)
            # partners share a style everywhere (one legend entry each); a panel of one
            # quantity gets its own colour and dash, and its title names it
            key = f"Partner {spec.partner}" if spec.partner else None
            if name in (styles or {}):  # its own look and legend entry
                look = {"name": spec.display_label, "showlegend": True, **styles[name]}
            else:
                look = {
                    "name": key or spec.display_label,
                    "line": partner_style(spec.partner, k),
                    "legendgroup": key,
                    "showlegend": key is not None and key not in legend_shown,
                }
                legend_shown.add(key)
            fig.add_scatter(
                x=run.t if run is not None else [],
                y=run[name] if run is not None else [],
                mode="lines",
                row=row,
                col=col,
                hovertemplate=f"{spec.display_label}: %{{y:.3f}}<extra></extra>",
                **look,
            )
            names_drawn.append(name)
    if styles:  # lines of their own: a longer legend, in rows under the panels
        layout = base_layout(title, height=260 * rows + 150)
        plot_height = 260 * rows - 60
        layout["legend"] = {"orientation": "h", "yanchor": "top", "y": -65 / plot_height, "x": 0}
        layout["margin"] = {**layout["margin"], "t": 70, "b": 140}
    else:
        layout = base_layout(title, height=260 * rows + 110)
        layout["legend"] = {
            "orientation": "h",
            "yanchor": "bottom",
            "y": 1.0 + 60 / (260 * rows),
            "x": 1,
            "xanchor": "right",
        }
        layout["margin"] = {**layout["margin"], "t": 110}
    fig.update_layout(**layout)
    fig.update_xaxes(title_text=f"time ({model.time_units})", row=rows)
    return fig, names_drawn


def axis_range(model, names: Sequence[str], run, pad: float = 0.04) -> list[float]:
    """A steady axis range for ``names``: their soft range, widened to fit ``run``.

    The range grows in steps of half the soft range, so small changes do not move it.

    Examples
    --------
    >>> from intimacy_dynamics import IntimacyModel, simulate
    >>> model = IntimacyModel()
    >>> axis_range(model, ["trust_A"], simulate(model))   # trust lives in [0, 1]
    [-0.04, 1.04]
    """
    data = np.concatenate([np.asarray(run[n], dtype=float) for n in names])
    low, high = declared_span(model, names) or (data.min(), max(data.max(), data.min() + 1))
    step = (high - low) / 2
    if data.min() < low:
        low -= step * np.ceil((low - data.min()) / step)
    if data.max() > high:
        high += step * np.ceil((data.max() - high) / step)
    margin = pad * (high - low)
    return [float(low - margin), float(high + margin)]


def declared_span(model, names: Sequence[str]) -> tuple[float, float] | None:
    """The range ``names`` are declared to live in, or None when none declares one.

    A quantity's span is its soft range, or its bounds when they are finite (outputs
    have no soft range); the result covers every declared span.

    Examples
    --------
    >>> from intimacy_dynamics import IntimacyModel
    >>> declared_span(IntimacyModel(), ["trust_A", "trust_B"])
    (0.0, 1.0)
    """
    spans = [_declared_span(model.spec(n)) for n in names]
    spans = [s for s in spans if s is not None]
    if not spans:
        return None
    return min(s[0] for s in spans), max(s[1] for s in spans)


def _declared_span(spec) -> tuple[float, float] | None:
    """A quantity's soft range, or its bounds when finite (outputs have no soft range)."""
    span = getattr(spec, "soft", None) or spec.bounds
    return span if np.all(np.isfinite(span)) and span[1] > span[0] else None


def named_widget(figure, names: Sequence[str] | None = None):
    """``figure`` as a ``FigureWidget`` whose traces carry ``names`` (or their own ``meta``).

    A figure is built whole before it is wrapped: a page that connects later (Voila runs
    the notebook first) sees the widget's state, not the messages sent before it did.
    """
    import plotly.graph_objects as go

    if names is not None:
        for trace, name in zip(figure.data, names, strict=True):
            trace.meta = name
    given = [trace.meta for trace in figure.data]
    if None in given or len(set(given)) != len(given):
        raise ValueError(f"every trace needs its own name, not {given}")
    return apply_config(go.FigureWidget(figure))


def trace_named(figure, name: str):
    """The trace of ``figure`` (built with :func:`named_widget`) named ``name``."""
    for trace in figure.data:
        if trace.meta == name:
            return trace
    raise KeyError(f"the figure has no trace named {name!r}")


def send(figure, data: Mapping[str, Mapping[str, object]], layout: Mapping | None = None) -> None:
    """New data for the traces named in ``data`` (and new ``layout``), in one message.

    Parameters
    ----------
    figure : FigureWidget
        Built with :func:`named_widget`.
    data : mapping
        ``{trace name: {"x": ..., "y": ...}}``; a key a trace does not give (a scatter
        beside a heatmap's ``z``) leaves that trace's value as it is.
    layout : mapping, optional
        Layout changes in plotly's dotted form (``{"xaxis.range": [0, 1]}``).
    """
    index = {trace.meta: k for k, trace in enumerate(figure.data)}
    missing = [name for name in data if name not in index]
    if missing:
        raise KeyError(f"the figure has no trace named {missing}; it has {list(index)}")
    traces = [index[name] for name in data]
    from plotly.basedatatypes import Undefined

    keys = sorted({key for values in data.values() for key in values})
    restyle = {
        key: [_contiguous(values.get(key, Undefined)) for values in data.values()] for key in keys
    }
    if layout:
        figure.plotly_update(restyle_data=restyle, relayout_data=dict(layout), trace_indexes=traces)
    elif traces:
        figure.plotly_restyle(restyle, trace_indexes=traces)


def _contiguous(value):
    """An array as one block of memory (a widget message cannot carry a strided view)."""
    return np.ascontiguousarray(value) if isinstance(value, np.ndarray) else value


class SteadyAxes:
    """The axis ranges a figure shows, so only changed ones are sent.

    Axes keep fixed ranges (a quantity's declared span, widened in half-span steps when a
    run leaves it), so a slider move does not make them jump, and the browser skips the
    autorange pass on every redraw.
    """

    def __init__(self):
        self.shown: dict[str, list[float]] = {}

    def changes(self, ranges: Mapping[str, list[float]]) -> dict[str, list[float]]:
        """The ranges that differ from those shown (and now shown)."""
        changed = {k: v for k, v in ranges.items() if self.shown.get(k) != v}
        self.shown.update(changed)
        return changed
