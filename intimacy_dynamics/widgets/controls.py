"""Controls generated from declarations: one labelled slider and number box per quantity.

Every control is built from a :class:`~intimacy_dynamics.Param` or
:class:`~intimacy_dynamics.State` declaration: the slider range is the soft range, the
step is the declared step, the label carries the unit, and the doc string is the tooltip.
The number box accepts any value within the hard bounds, beyond the slider's range.
It is the keyboard- and screen-reader-friendly way in: its label is its accessible
name. Slider and box are linked in the kernel, so they agree everywhere, in tests too.

A setting that takes one of a few values (a toggle, a turn length, a profile) is declared
as a :class:`Choice` and drawn as a toggle, a selection slider, buttons or a menu.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace

import ipywidgets as w

from intimacy_dynamics.core.validation import describe
from intimacy_dynamics.errors import BadInputError

__all__ = ["Choice", "ChoiceControl", "Control", "ControlPanel", "control_label"]

_LABEL_WIDTH = "240px"  # fits "Prior dysfunctional relationships (A)"


def control_label(spec) -> str:
    """The label of a quantity's control (its accessible name): label and unit."""
    return spec.label_with_unit


class Control:
    """A slider and a linked number box for one quantity.

    Examples
    --------
    >>> from intimacy_dynamics import Param
    >>> depth = Param(0.5, bounds=(0, 1), label="Depth", doc="How personal.")
    >>> control = Control(depth.named("depth"))
    >>> control.value = 0.8
    >>> control.box.value, control.box.description
    (0.8, 'Depth')
    """

    def __init__(self, spec, value: float | None = None):
        self.spec = spec
        low, high = spec.soft
        value = spec.default if value is None else value
        whole = getattr(spec, "integer", False)
        # the box takes any number: the lab refuses one outside the hard bounds, with a
        # message, and puts the box back (a bounded box would clamp it without a word)
        box, slider = (w.IntText, w.IntSlider) if whole else (w.FloatText, w.FloatSlider)
        self.box = box(
            value=value,
            step=spec.step,
            description=control_label(spec),
            tooltip=spec.doc or control_label(spec),
            style={"description_width": _LABEL_WIDTH},
            layout=w.Layout(width="340px"),
        )
        self.slider = slider(
            value=min(max(value, low), high),
            min=low,
            max=high,
            step=spec.step,
            readout=False,
            continuous_update=True,
            tooltip=spec.doc or control_label(spec),
            layout=w.Layout(width="220px"),
        )
        self.slider.add_class("id-slider")
        self.box.add_class("id-number")
        self._link = _Link(self.slider, self.box)
        self.widget = w.HBox([self.box, self.slider], layout=w.Layout(align_items="center"))

    @property
    def name(self) -> str:
        """The quantity's full name."""
        return self.spec.name

    @property
    def value(self) -> float:
        """The current value (the number box's, which may lie outside the slider range)."""
        return float(self.box.value)

    @value.setter
    def value(self, value: float) -> None:
        self.box.value = value
        # the box moves the slider, unless this runs inside the slider's own change (a
        # refused move put back): then the slider is put back here
        self.slider.value = min(max(value, self.slider.min), self.slider.max)

    def observe(self, callback: Callable) -> None:
        """Call ``callback(change)`` whenever the value changes."""
        self.box.observe(callback, names="value")

    def unobserve(self, callback: Callable) -> None:
        """Stop calling ``callback``."""
        self.box.unobserve(callback, names="value")


class _Link:
    """Keep a slider and a number box in step; the box may go beyond the slider range."""

    def __init__(self, slider: w.FloatSlider, box: w.FloatText):
        self.slider, self.box = slider, box
        self._busy = False
        slider.observe(self._from_slider, names="value")
        box.observe(self._from_box, names="value")

    def _from_slider(self, change) -> None:
        # the browser's slider snaps to its step grid in floating point (0.30000000000000004):
        # keep 12 significant digits, and ignore an echo of the box's own value, exact or
        # snapped: a value off the grid (a default of 0.34 with step 0.05) is shown at the
        # nearest step, and the browser sends that back; it is not a move
        value = float(f"{change['new']:.12g}")
        if not self._busy and value not in (self.box.value, self._on_grid(self.box.value)):
            self._busy = True
            try:
                self.box.value = value
            finally:
                self._busy = False

    def _on_grid(self, value: float) -> float:
        """Where the browser's slider shows ``value``: clipped, at the nearest step."""
        low, high, step = self.slider.min, self.slider.max, self.slider.step
        clipped = min(max(value, low), high)
        return float(f"{low + round((clipped - low) / step) * step:.12g}")

    def _from_box(self, change) -> None:
        if not self._busy:
            self._busy = True
            try:
                self.slider.value = min(max(change["new"], self.slider.min), self.slider.max)
            finally:
                self._busy = False


@dataclass(frozen=True)
class Choice:
    """A setting of an explorer that takes one of a few values: a toggle, a turn length.

    Declared beside :class:`~intimacy_dynamics.Setting` in an explorer's
    ``own_settings`` and checked the same way, so its errors read like the model's.

    Parameters
    ----------
    options : tuple
        The allowed values: ``(False, True)`` for a toggle, or numbers, or words.
    default : optional
        The starting value (default: the first option).
    label, unit, doc : str
        The control's label (with the unit) and tooltip.

    Examples
    --------
    >>> turn = Choice((0.5, 1.0, 2.0), label="Turn length", unit="days").named("turn")
    >>> turn.check(1)
    1.0
    >>> turn.check(0.75)
    Traceback (most recent call last):
    ...
    intimacy_dynamics.errors.BadInputError: setting 'turn' = 0.75 must be one of 0.5, 1, 2
    """

    options: tuple
    default: object = None
    label: str = ""
    unit: str = ""
    doc: str = ""
    name: str = ""
    kind = "setting"

    def __post_init__(self):
        object.__setattr__(self, "options", tuple(self.options))
        if self.default is None:
            object.__setattr__(self, "default", self.options[0])
        self.check(self.default)

    def named(self, name: str) -> Choice:
        """A copy called ``name``."""
        return replace(self, name=name)

    @property
    def label_with_unit(self) -> str:
        """The control's label (its accessible name): label and unit."""
        label = self.label or self.name.replace("_", " ")
        return f"{label} ({self.unit})" if self.unit else label

    @property
    def is_toggle(self) -> bool:
        """Whether the options are no and yes."""
        return self.options == (False, True)

    def check(self, value: object):
        """The option equal to ``value``; a bool matches only a bool."""
        if isinstance(value, (bool, int, float, str)):
            for option in self.options:
                if isinstance(option, bool) == isinstance(value, bool) and option == value:
                    return option
        shown = ", ".join(_shown(option) for option in self.options)
        raise BadInputError(f"setting {self.name!r} = {describe(value)} must be one of {shown}")


def _shown(option) -> str:
    return f"{option:g}" if isinstance(option, float) else str(option)


#: Words beyond this many options are a menu, not a row of buttons.
_MOST_BUTTONS = 4


class ChoiceControl:
    """The control of a :class:`Choice`: a toggle button, a selection slider, buttons or a menu.

    Examples
    --------
    >>> pick = Choice(("neutral", "secure", "guarded", "fused", "western_man"), label="A is")
    >>> ChoiceControl(pick.named("profile_A")).widget.options[-1]
    ('western man', 'western_man')
    """

    def __init__(self, spec: Choice, value=None):
        self.spec = spec
        value = spec.default if value is None else value
        label = control_label(spec)
        tooltip = spec.doc or label
        if spec.is_toggle:
            self.widget = w.ToggleButton(
                value=value, description=label, tooltip=tooltip, layout=w.Layout(width="auto")
            )
        elif all(isinstance(o, (int, float)) for o in spec.options):
            self.widget = w.SelectionSlider(
                options=[(_shown(o), o) for o in spec.options],
                value=value,
                description=label,
                continuous_update=False,
                style={"description_width": "initial"},
                layout=w.Layout(width="420px"),
            )
        elif len(spec.options) > _MOST_BUTTONS:  # a menu, wide enough for every option
            shown = [(_shown(o).replace("_", " "), o) for o in spec.options]
            longest = max(len(text) for text, _ in shown)
            self.widget = w.Dropdown(
                options=shown,
                value=value,
                description=label,
                tooltip=tooltip,
                style={"description_width": "initial"},
                layout=w.Layout(width=f"{len(label) + longest + 8}ch"),
            )
        else:
            self.widget = w.ToggleButtons(
                options=list(spec.options), value=value, description=label, tooltips=[]
            )
        self.widget.add_class("id-choice")

    @property
    def name(self) -> str:
        """The setting's name."""
        return self.spec.name

    @property
    def value(self):
        """The chosen option."""
        return self.widget.value

    @value.setter
    def value(self, value) -> None:
        self.widget.value = value

    def observe(self, callback: Callable) -> None:
        """Call ``callback(change)`` whenever the value changes."""
        self.widget.observe(callback, names="value")

    def unobserve(self, callback: Callable) -> None:
        """Stop calling ``callback``."""
        self.widget.unobserve(callback, names="value")


class ControlPanel:
    """Controls for a set of quantities, grouped (by partner, for two-partner models).

    Parameters
    ----------
    specs : iterable of declarations
        Expanded declarations (``model.param_specs.values()``), settings and choices.
    values : mapping, optional
        Starting values by name.
    title : str
        Heading of the panel.
    """

    def __init__(self, specs: Iterable, values: Mapping[str, float] | None = None, title=""):
        values = dict(values or {})
        self.controls = {
            s.name: (ChoiceControl if isinstance(s, Choice) else Control)(s, values.get(s.name))
            for s in specs
        }
        groups: dict[str, list] = {}
        for control in self.controls.values():
            partner = getattr(control.spec, "partner", None)
            key = f"Partner {partner}" if partner else "Shared"
            groups.setdefault(key, []).append(control.widget)
        sections = []
        for key, rows in groups.items():
            heading = w.HTML(f"<b>{key}</b>")
            sections.append(w.VBox([heading, *rows], layout=w.Layout(margin="0 12px 6px 0")))
        children = [w.HTML(f"<h4>{title}</h4>")] if title else []
        self.widget = w.VBox([*children, w.HBox(sections, layout=w.Layout(flex_flow="row wrap"))])

    def __getitem__(self, name: str) -> Control:
        return self.controls[name]

    def __contains__(self, name: str) -> bool:
        return name in self.controls

    def values(self) -> dict[str, float]:
        """Every control's value by name."""
        return {name: c.value for name, c in self.controls.items()}

    def observe(self, callback: Callable) -> None:
        """Call ``callback(change)`` when any control changes."""
        for control in self.controls.values():
            control.observe(callback)

    def unobserve(self, callback: Callable) -> None:
        """Stop calling ``callback``."""
        for control in self.controls.values():
            control.unobserve(callback)
