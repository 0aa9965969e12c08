"""Controls generated from declarations: one labelled slider and number box per quantity.

Every control is built from a :class:`~intimacy_dynamics.Param` or
:class:`~intimacy_dynamics.State` declaration: the slider range is the soft range, the
step is the declared step, the label carries the unit, and the doc string is the tooltip.
The number box accepts any value within the hard bounds, beyond the slider's range.
It is the keyboard- and screen-reader-friendly way in: its label is its accessible
name. Slider and box are linked in the kernel, so they agree everywhere, in tests too.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace

import ipywidgets as w

from intimacy_dynamics.core.validation import check_known_name, describe
from intimacy_dynamics.errors import BadInputError, ModelDefinitionError

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


class ControlPanel:
    """Controls for a set of quantities, grouped (by partner, for two-partner models).

    Parameters
    ----------
    specs : iterable of declarations
        Expanded declarations (``model.param_specs.values()``).
    values : mapping, optional
        Starting values by name.
    title : str
        Heading of the panel.
    """

    def __init__(self, specs: Iterable, values: Mapping[str, float] | None = None, title=""):
        values = dict(values or {})
        self.controls = {s.name: Control(s, values.get(s.name)) for s in specs}
        groups: dict[str, list] = {}
        for control in self.controls.values():
            key = f"Partner {control.spec.partner}" if control.spec.partner else "Shared"
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


@dataclass(frozen=True)
class Choice:
    """A setting that is not a number: one of a few options (a profile, a comparison, a flag).

    Declared once, like a :class:`~intimacy_dynamics.Setting`: its default, options,
    label and doc. A value that is not an option is refused with a message naming the
    setting.

    Parameters
    ----------
    default : object
        One of the options.
    options : sequence, or mapping of label to option
        The options; a plain sequence is labelled by each option's text (underscores as
        spaces). The options ``(False, True)`` make a checkbox, others a dropdown.
    label, doc : str
        The control's label (its accessible name) and tooltip.
    what : str
        What an option is, for messages (``"profile"``: "unknown profile 'x'").

    Examples
    --------
    >>> mode = Choice("fast", ["fast", "exact"], label="Mode").named("mode")
    >>> mode.check("exact")
    'exact'
    >>> mode.check("exakt")
    Traceback (most recent call last):
    ...
    intimacy_dynamics.errors.BadInputError: unknown option 'exakt' ... (did you mean 'exact'?)...
    >>> Choice(False, (False, True)).named("held").check(1)
    Traceback (most recent call last):
    ...
    intimacy_dynamics.errors.BadInputError: setting 'held' = 1 must be one of False, True
    """

    default: object
    options: Mapping
    label: str = ""
    doc: str = ""
    what: str = "option"
    name: str | None = None

    def __post_init__(self):
        given = self.options
        pairs = given.items() if isinstance(given, Mapping) else ((_text(v), v) for v in given)
        object.__setattr__(self, "options", {str(k): v for k, v in pairs})
        if not self.options:
            raise ModelDefinitionError("a choice needs at least one option")
        if not any(_same(self.default, v) for v in self.values):
            raise ModelDefinitionError(f"default {self.default!r} is not one of the options")

    def named(self, name: str) -> Choice:
        """A copy named ``name``."""
        return replace(self, name=name)

    @property
    def values(self) -> tuple:
        """The options, without their labels."""
        return tuple(self.options.values())

    @property
    def is_flag(self) -> bool:
        """Whether the options are ``False`` and ``True`` (drawn as a checkbox)."""
        return self.values == (False, True) and all(isinstance(v, bool) for v in self.values)

    def check(self, value: object) -> object:
        """The option equal to ``value``; anything else is refused, naming the setting."""
        owner = f"setting {self.name or ''!r}"
        if all(isinstance(v, str) for v in self.values):
            return check_known_name(value, self.values, self.what, owner, BadInputError)
        for option in self.values:
            if _same(value, option):
                return option
        listing = ", ".join(_text(v) for v in self.values)
        raise BadInputError(f"{owner} = {describe(value)} must be one of {listing}")


def _same(value: object, option: object) -> bool:
    """Equal, and a flag only to a flag (``1`` is not ``True`` here)."""
    if isinstance(value, bool) != isinstance(option, bool):
        return False
    try:
        return bool(value == option)
    except Exception:  # an array, or a value that cannot be compared
        return False


def _text(value: object) -> str:
    return str(value).replace("_", " ") if isinstance(value, str) else repr(value)


class ChoiceControl:
    """The control of a :class:`Choice`: a checkbox for a flag, else a dropdown.

    Examples
    --------
    >>> control = ChoiceControl(Choice("a_b", ["a_b", "c"], label="Pick").named("pick"))
    >>> control.value = "c"
    >>> control.input.value, control.input.description
    ('c', 'Pick')
    """

    def __init__(self, spec: Choice, value: object = None):
        self.spec = spec
        value = spec.default if value is None else value
        common = {"description": spec.label, "tooltip": spec.doc or spec.label}
        if spec.is_flag:
            self.input = w.Checkbox(value=value, indent=False, **common)
        else:
            longest = max(len(label) for label in spec.options)  # room for every option
            self.input = w.Dropdown(
                options=list(spec.options.items()),
                value=value,
                style={"description_width": "initial"},
                layout=w.Layout(width=f"{len(spec.label) + longest + 8}ch"),
                **common,
            )
        self.input.add_class("id-choice")
        self.widget = self.input

    @property
    def name(self) -> str:
        """The setting's name."""
        return self.spec.name

    @property
    def value(self) -> object:
        """The chosen option."""
        return self.input.value

    @value.setter
    def value(self, value: object) -> None:
        self.input.value = value

    def observe(self, callback: Callable) -> None:
        """Call ``callback(change)`` whenever the choice changes."""
        self.input.observe(callback, names="value")
