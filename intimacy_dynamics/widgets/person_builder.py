"""``PersonBuilder``: build two people from their traits and watch the couple they make (P08).

The seed text lists what goes with more intimacy (self-esteem, openness, comfort with
closeness, empathic concern, trust, extraversion, parental warmth, prior intimacy) and
what goes with less (social anxiety, fears of exploitation, vulnerability and
dependence, social avoidance, conflict with parents, prior dysfunctional relationships)
(Reis & Patrick 1996; Prager 1995). :mod:`intimacy_dynamics.intimacy.traits` maps each
trait to the model's parameters (:data:`~intimacy_dynamics.intimacy.traits.TRAIT_MAP`).

The builder has one slider per trait for each partner, generated from those
declarations, plus differentiation of self and learned vulnerability reluctance, which
a person's parameters take directly. A profile picker loads a named person
(:data:`~intimacy_dynamics.intimacy.traits.PROFILES`). Two figures answer every move:

- the mapped parameters of A and B, as changes from the neutral person;
- the couple's trust and intimacy over time, against the neutral couple (grey).

The couple is simulated by a composed :class:`~intimacy_dynamics.widgets.IntimacyLab`
(same accuracy, same plots, same verdict), so nothing here re-writes simulation code.
"""

from __future__ import annotations

import html

import ipywidgets as w

from intimacy_dynamics.core.quantities import Param
from intimacy_dynamics.core.validation import as_finite_float
from intimacy_dynamics.errors import IntimacyDynamicsError, ParameterError
from intimacy_dynamics.intimacy import catalog, phenomena
from intimacy_dynamics.intimacy.traits import (
    NEUTRAL,
    POSITIVE_TRAITS,
    PROFILES,
    TRAIT_BOUNDS,
    TRAIT_MAP,
    TRAITS,
    Person,
    profile,
)
from intimacy_dynamics.plotting import PALETTE, apply_config, base_layout, partner_style
from intimacy_dynamics.simulation.scenario import Scenario
from intimacy_dynamics.widgets.common import PredictThenReveal
from intimacy_dynamics.widgets.controls import ControlPanel
from intimacy_dynamics.widgets.intimacy_lab import PERSON_PARAMETERS, IntimacyLab

__all__ = [
    "DIRECT",
    "PersonBuilder",
    "mapped_parameters",
    "prediction_step",
    "trait_spec",
]

#: Parameters a person sets directly rather than through the traits.
DIRECT = ("differentiation", "vulnerability_reluctance")
#: The neutral couple: every trait neutral (its run is the grey reference).
REFERENCE = "P08_neutral_person"


def _parameter_label(base: str, model) -> str:
    return model.param_specs[f"{base}_A"].label or base.replace("_", " ")


def trait_spec(trait: str, partner: str, model=None) -> Param:
    """The declaration behind a trait's slider: range, label, and what the trait moves.

    Examples
    --------
    >>> spec = trait_spec("trust", "B")
    >>> spec.name, spec.default, spec.bounds, spec.display_label
    ('trust_B', 0.5, (0.0, 1.0), 'Trust (B)')
    >>> spec.doc
    'Goes with more intimacy. Per unit above neutral (0.5) it moves trust propensity +0.8, ...'
    """
    model = model or phenomena.model()
    direction = "more" if trait in POSITIVE_TRAITS else "less"
    moves = ", ".join(
        f"{_parameter_label(base, model).lower()} {weight:+g}"
        for base, weight in TRAIT_MAP[trait].items()
    )
    return Param(
        NEUTRAL,
        bounds=TRAIT_BOUNDS,
        step=0.05,
        label=trait.replace("_", " ").capitalize(),
        doc=f"Goes with {direction} intimacy. Per unit above neutral ({NEUTRAL:g}) it moves "
        f"{moves}.",
    ).named(trait, partner)


def mapped_parameters() -> tuple[str, ...]:
    """The per-person parameters the traits, the direct settings or a profile can move.

    Examples
    --------
    >>> names = mapped_parameters()
    >>> "trust_propensity" in names and "differentiation" in names
    True
    >>> "speaking" in names
    False
    """
    moved = {base for weights in TRAIT_MAP.values() for base in weights} | set(DIRECT)
    moved |= {base for person in PROFILES.values() for base in person.extra}
    return tuple(base for base in PERSON_PARAMETERS if base in moved)


def _one_trait_step() -> tuple[str, list[str], str, str, dict]:
    neutral = Person("neutral")
    before = phenomena.couple_long_run(neutral, neutral)["A"]
    after = phenomena.couple_long_run(Person("open", {"openness": 0.9}), neutral)["A"]
    points = 100 * abs(after - before)
    options = ["less than 1 point", "1 to 10 points", "10 to 25 points", "more than 25 points"]
    answer = options[sum(points >= edge for edge in (1, 10, 25))]
    explanation = (
        f"A's long-run intimacy goes from {before:.3f} to {after:.3f}: "
        f"{100 * (after - before):+.1f} points. A trait nudges a few parameters a little, "
        "and the couple's run turns that into a modest change."
    )
    question = (
        "A and B are neutral people. A's openness goes from 0.5 to 0.9, nothing else "
        "changes. By how much does A's long-run intimacy change (1 point = 0.01)?"
    )
    return question, options, answer, explanation, {"openness_A": 0.9}


def _guarded_pair_step() -> tuple[str, list[str], str, str, dict]:
    guarded, neutral = profile("guarded"), profile("neutral")
    with_neutral = phenomena.couple_long_run(guarded, neutral)["A"]
    with_guarded = phenomena.couple_long_run(guarded, guarded)["A"]
    drop = with_neutral - with_guarded
    options = [
        "about where A ended with a neutral B",
        "a little lower (a few points)",
        "far lower: the couple stays distant",
    ]
    answer = options[sum(drop >= edge for edge in (0.02, 0.2))]
    explanation = (
        f"A ends at {with_neutral:.2f} with a neutral B and at {with_guarded:.2f} with a "
        "guarded B. Each waits for the other to open up first, so trust never gets the "
        "evidence it needs: the same person, in another couple, ends somewhere else."
    )
    question = (
        "A is guarded (slow to trust, reluctant to be vulnerable). With a neutral B, A "
        f"ends at a long-run intimacy of {with_neutral:.2f}. Now B is guarded too. "
        "Where does A end?"
    )
    return question, options, answer, explanation, {"profile_B": "guarded"}


_STEPS = {"one_trait": _one_trait_step, "guarded_pair": _guarded_pair_step}


def prediction_step(step: str) -> tuple[str, list[str], str, str, dict]:
    """The question, options, answer, explanation and settings of a prediction step.

    ``step`` is ``"one_trait"`` (A's openness raised alone) or ``"guarded_pair"`` (a
    guarded A with a guarded B). The answer is computed from the model.

    Examples
    --------
    >>> question, options, answer, explanation, settings = prediction_step("one_trait")
    >>> answer in options, settings
    (True, {'openness_A': 0.9})
    """
    if step not in _STEPS:
        choices = ", ".join(repr(k) for k in _STEPS)
        raise ValueError(f"no prediction step {step!r}; choose one of {choices}")
    return _STEPS[step]()


def _error(title: str, exc: Exception) -> str:
    return (
        f'<span style="color:{PALETTE["vermillion"]}"><b>{html.escape(title)}:</b> '
        f"{html.escape(str(exc))}</span>"
    )


class PersonBuilder:
    """Trait sliders for A and B, the parameters they map to, and the couple's run.

    Parameters
    ----------
    a, b : str
        The profiles A and B start from (names in ``PROFILES``).
    model : IntimacyModel, optional
        Default: the compiled model the phenomena use.

    Examples
    --------
    >>> builder = PersonBuilder()
    >>> neutral = phenomena.long_run(REFERENCE, "intimacy_A")   # the neutral couple (P08)
    >>> abs(builder.long_run()["A"] - neutral) < 1e-3
    True
    >>> builder.set(openness_A=0.9)                   # one trait, raised alone, as in P08
    >>> abs(builder.change_from_neutral()["A"] - phenomena.p08()["openness"]) < 1e-3
    True
    >>> builder.set(profile_A="guarded", profile_B="guarded")
    >>> "distant" in builder.readout.value
    True
    >>> builder.set(openness_A=1.4)
    >>> "outside its allowed range" in builder.readout.value
    True
    """

    def __init__(self, a: str = "neutral", b: str = "neutral", *, model=None):
        self._suspended = True  # no redraw until everything is built
        self.model = model or phenomena.model()
        neutral = catalog.load(REFERENCE)
        self.t_span = neutral.t_span
        self.lab = IntimacyLab(
            neutral,
            model=self.model,
            params=(),
            initial=(),
            plots=("trust", "intimacy"),
            phase=None,
            title="The couple over time (grey: the neutral couple)",
        )
        self.reference = self.lab.trajectory
        self._add_reference_lines()
        self.figure = self.lab.figure
        self.parameters = mapped_parameters()
        self.controls = ControlPanel(self._specs(), title="Traits (0.5 is neutral)")
        self.direct = {name: self._direct_box(name) for name in self._direct_names()}
        self.pickers = {p: self._picker(p) for p in "AB"}
        self.extra: dict[str, dict[str, float]] = {"A": {}, "B": {}}
        self.origin = {"A": "neutral", "B": "neutral"}
        self.mapping_figure = self._mapping_figure()
        self.readout = w.HTML(layout=w.Layout(min_height="4em"))
        self.readout.add_class("id-readout")
        self.controls.observe(self._on_change)
        self.widget = self._layout()
        self._suspended = False
        self.set(profile_A=a, profile_B=b)

    # ----------------------------------------------------------- the people
    def person(self, partner: str) -> Person:
        """The person the controls of ``partner`` describe (with its profile's fixed values).

        Differentiation and vulnerability reluctance are given only when their "set
        directly" box is ticked; otherwise they follow the traits, as in ``Person``.
        """
        direct = {
            base: self.controls[f"{base}_{partner}"].value
            if self.direct[f"{base}_{partner}"].value
            else None
            for base in DIRECT
        }
        return Person(
            f"built_{partner}",
            traits={t: self.controls[f"{t}_{partner}"].value for t in TRAITS},
            extra=self.extra[partner],
            **direct,
        )

    def couple_parameters(self) -> dict[str, float]:
        """The parameters of the couple (A's and B's), validated against the model."""
        return {
            **self.person("A").parameters("A", self.model),
            **self.person("B").parameters("B", self.model),
        }

    def changes(self, partner: str) -> dict[str, float]:
        """Each mapped parameter of ``partner`` minus the neutral person's value."""
        values = self.person(partner).parameters(partner, self.model)
        specs = self.model.param_specs
        return {
            base: values.get(f"{base}_{partner}", specs[f"{base}_{partner}"].default)
            - specs[f"{base}_{partner}"].default
            for base in self.parameters
        }

    # ------------------------------------------------------------- results
    @property
    def trajectory(self):
        """The couple's current run."""
        return self.lab.trajectory

    def long_run(self, run=None) -> dict[str, float]:
        """Long-run intimacy (mean over the last quarter) of A and B."""
        run = self.trajectory if run is None else run
        return {p: run.tail_mean(f"intimacy_{p}") for p in "AB"}

    def change_from_neutral(self) -> dict[str, float]:
        """Long-run intimacy of A and B minus the neutral couple's."""
        now, neutral = self.long_run(), self.long_run(self.reference)
        return {p: now[p] - neutral[p] for p in "AB"}

    def predict(self, step: str) -> PredictThenReveal:
        """A predict-then-reveal question; the reveal sets the builder to show the answer.

        ``step`` is ``"one_trait"`` (A's openness raised alone) or ``"guarded_pair"`` (a
        guarded A with a guarded B). The answer is computed from the model.
        """
        question, options, answer, explanation, settings = prediction_step(step)
        start = {"profile_A": "guarded" if step == "guarded_pair" else "neutral"}
        start["profile_B"] = "neutral"
        return PredictThenReveal(
            question, options, answer, explanation, lambda: self.set(**{**start, **settings})
        )

    def drawn(self, name: str):
        """The line of the time figure that draws quantity ``name`` (e.g. ``"trust_A"``)."""
        return self.figure.data[self.lab._trace_names.index(name)]

    # ------------------------------------------------------------- settings
    def set(self, **values) -> None:
        """Set profiles (``profile_A="secure"``) and traits (``openness_B=0.8``), one redraw.

        Profiles are applied first, then the traits. Setting ``differentiation_A`` or
        ``vulnerability_reluctance_A`` (or B's) sets it directly. Unknown names or values
        outside a control's range change nothing and show a message in the readout.
        """
        try:
            profiles, traits = self._checked(values)
        except IntimacyDynamicsError as exc:
            self.readout.value = _error("Cannot use these settings", exc)
            return
        self._suspended = True
        try:
            for partner, name in profiles.items():
                self._load_profile(partner, name)
            for name, value in traits.items():
                self.controls[name].value = value
                if name in self.direct:
                    self.direct[name].value = True
        finally:
            self._suspended = False
        self.update()

    def reset(self) -> None:
        """Both partners back to the neutral person."""
        self.set(profile_A="neutral", profile_B="neutral")

    def _checked(self, values) -> tuple[dict[str, str], dict[str, float]]:
        profiles, traits = {}, {}
        for name, value in values.items():
            if name in ("profile_A", "profile_B"):
                profiles[name[-1]] = profile(value).name
            elif name in self.controls:
                spec = self.controls[name].spec
                traits[name] = _in_bounds(value, name, spec.bounds)
            else:
                known = ", ".join(["profile_A", "profile_B", *list(self.controls.controls)[:3]])
                raise ParameterError(
                    f"unknown setting {name!r}: use {known}, ... (a trait or "
                    f"{' or '.join(DIRECT)}, with _A or _B)"
                )
        return profiles, traits

    def _load_profile(self, partner: str, name: str) -> None:
        person = profile(name)
        specs = self.model.param_specs
        for trait in TRAITS:
            self.controls[f"{trait}_{partner}"].value = person.traits.get(trait, NEUTRAL)
        for base in DIRECT:
            given = getattr(person, base)
            full = f"{base}_{partner}"
            self.direct[full].value = given is not None
            self.controls[full].value = specs[full].default if given is None else given
        self.extra[partner] = dict(person.extra)
        self.origin[partner] = name
        self.pickers[partner].value = name

    # --------------------------------------------------------------- update
    def _on_change(self, change) -> None:
        if not self._suspended:
            self.update()

    def _on_pick(self, partner: str, change) -> None:
        if not self._suspended and change["new"] != self.origin[partner]:
            self.set(**{f"profile_{partner}": change["new"]})

    def update(self) -> None:
        """Map the traits, re-simulate the couple and redraw both figures."""
        try:
            params = self.couple_parameters()
        except IntimacyDynamicsError as exc:
            self.readout.value = _error(
                "These traits leave the model's range (several traits push this parameter "
                "the same way: ease one of them)",
                exc,
            )
            return
        before = self.lab.trajectory
        self.lab.load(
            Scenario("built_couple", model=self.model.name, params=params, t_span=self.t_span)
        )
        if self.lab.trajectory is before:  # the lab could not simulate: it says why
            self.readout.value = self.lab.readout.value
            return
        self._show_followed(params)
        self.mapping_figure.plotly_restyle(self._bars(), trace_indexes=[0, 1])
        self.readout.value = self.summarize()

    def _show_followed(self, params) -> None:
        """Controls not set directly show the value the traits give them."""
        self._suspended = True
        try:
            for name, box in self.direct.items():
                if not box.value:
                    self.controls[name].value = params[name]
        finally:
            self._suspended = False

    def _on_direct(self, name: str, change) -> None:
        control = self.controls[name]
        control.box.disabled = control.slider.disabled = not change["new"]
        if not self._suspended:
            self.update()

    def summarize(self) -> str:
        """Long-run intimacy against the neutral couple, the verdict, fixed values."""
        now, change = self.long_run(), self.change_from_neutral()
        neutral = self.long_run(self.reference)["A"]
        parts = [
            "<b>Long-run intimacy</b> (last quarter of the run): "
            + ", ".join(f"{p} {now[p]:.2f} ({100 * change[p]:+.1f} points)" for p in "AB")
            + f", against {neutral:.2f} for the neutral couple.",
            self.lab.summarize(self.trajectory),
        ]
        for partner in "AB":
            if self.extra[partner]:
                fixed = ", ".join(
                    f"{_parameter_label(k, self.model).lower()} {v:g}"
                    for k, v in self.extra[partner].items()
                )
                parts.append(
                    f"<i>The {self.origin[partner].replace('_', ' ')} profile fixes {partner}'s "
                    f"{fixed}; the traits do not move these.</i>"
                )
        return "<br>".join(parts)

    # --------------------------------------------------------------- layout
    def _specs(self) -> list:
        specs = []
        for partner in "AB":
            specs += [trait_spec(t, partner, self.model) for t in TRAITS]
            specs += [self.model.param_specs[f"{base}_{partner}"] for base in DIRECT]
        return specs

    @staticmethod
    def _direct_names() -> list[str]:
        return [f"{base}_{partner}" for partner in "AB" for base in DIRECT]

    def _direct_box(self, name: str) -> w.Checkbox:
        spec = self.controls[name].spec
        box = w.Checkbox(
            value=False,
            description=f"Set {spec.label.lower()} ({spec.partner}) directly",
            indent=False,
            layout={"width": "300px"},
        )
        box.observe(lambda change: self._on_direct(name, change), names="value")
        self._on_direct(name, {"new": False})
        return box

    def _picker(self, partner: str) -> w.Dropdown:
        picker = w.Dropdown(
            options=[(name.replace("_", " "), name) for name in PROFILES],
            value="neutral",
            description=f"{partner} starts as",
            tooltip=f"Load a named person into {partner}'s sliders",
            style={"description_width": "90px"},
        )
        picker.observe(lambda change: self._on_pick(partner, change), names="value")
        return picker

    def _add_reference_lines(self) -> None:
        """The neutral couple's trust and intimacy, grey and dotted, in each panel."""
        shown = False
        for name in ("trust_A", "intimacy_A"):
            axes = self.lab.figure.data[self.lab._trace_names.index(name)]
            self.lab.figure.add_scatter(
                x=self.reference.t,
                y=self.reference[name],
                mode="lines",
                name="Neutral couple",
                legendgroup="neutral",
                showlegend=not shown,
                line={"color": PALETTE["grey"], "dash": "dot", "width": 2},
                xaxis=axes.xaxis,
                yaxis=axes.yaxis,
                hovertemplate="neutral couple: %{y:.3f}<extra></extra>",
            )
            shown = True

    def _bars(self) -> dict:
        values = [list(self.changes(p).values()) for p in "AB"]
        return {"x": values, "text": [[f"{v:+.2f}" for v in row] for row in values]}

    def _mapping_figure(self):
        import plotly.graph_objects as go

        labels = [_parameter_label(base, self.model) for base in self.parameters]
        bars = self._bars()
        fig = go.Figure(
            layout=base_layout(
                "What the traits set: each parameter minus the neutral person's",
                "change from the neutral person",
                height=460,
                barmode="group",
            )
        )
        for k, partner in enumerate("AB"):
            style = partner_style(partner)
            fig.add_bar(
                y=labels,
                x=bars["x"][k],
                text=bars["text"][k],
                orientation="h",
                textposition="outside",
                cliponaxis=False,
                name=f"Partner {partner}",
                marker={
                    "color": style["color"],
                    "pattern": {"shape": "" if partner == "A" else "/"},
                },
                hovertemplate=f"{partner}: %{{y}} %{{x:+.2f}}<extra></extra>",
            )
        fig.update_yaxes(autorange="reversed")
        fig.update_layout(margin={"l": 190, "r": 20, "t": 90, "b": 50})
        return apply_config(go.FigureWidget(fig))

    def _trait_table(self) -> w.Accordion:
        rows = "".join(
            f"<tr><td>{trait.replace('_', ' ')}</td>"
            f"<td>{'more' if trait in POSITIVE_TRAITS else 'less'}</td><td>"
            + ", ".join(
                f"{_parameter_label(b, self.model).lower()} {v:+g}"
                for b, v in TRAIT_MAP[trait].items()
            )
            + "</td></tr>"
            for trait in TRAITS
        )
        table = w.HTML(
            "<table><tr><th>trait</th><th>goes with ... intimacy</th>"
            "<th>moves (per unit above neutral)</th></tr>" + rows + "</table>"
        )
        accordion = w.Accordion(children=[table], titles=("Which parameters each trait moves",))
        accordion.selected_index = None
        return accordion

    def _layout(self) -> w.VBox:
        self.reset_button = reset = w.Button(
            description="Reset", icon="undo", tooltip="Both partners neutral"
        )
        reset.on_click(lambda _: self.reset())
        intro = w.HTML(
            "Move a trait of A or B, or load a named person. The first eight traits go with "
            "more intimacy, the next seven with less; 0.5 is neutral."
        )
        return w.VBox(
            [
                intro,
                w.HBox([*self.pickers.values(), reset]),
                w.HBox([self.figure, self.mapping_figure], layout=w.Layout(flex_flow="row wrap")),
                self.readout,
                self.controls.widget,
                w.HTML(
                    "Unless set directly, differentiation follows self-esteem, parental "
                    "warmth and parental conflict, and vulnerability reluctance follows "
                    "social anxiety."
                ),
                w.HBox(list(self.direct.values()), layout=w.Layout(flex_flow="row wrap")),
                self._trait_table(),
            ]
        )

    def _ipython_display_(self):
        from IPython.display import display

        display(self.widget)


def _in_bounds(value, name: str, bounds: tuple[float, float]) -> float:
    return as_finite_float(value, f"{name!r}", bounds, ParameterError)
