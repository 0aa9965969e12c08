"""``PersonBuilder``: build two people from their traits and watch the couple they make (P08).

The seed text lists what goes with more intimacy (self-esteem, openness, comfort with
closeness, empathic concern, trust, extraversion, parental warmth, prior intimacy) and
what goes with less (social anxiety, fears of exploitation, vulnerability and
dependence, social avoidance, conflict with parents, prior dysfunctional relationships)
(Reis & Patrick 1996; Prager 1995). :mod:`intimacy_dynamics.intimacy.traits` maps each
trait to the model's parameters (:data:`~intimacy_dynamics.intimacy.traits.TRAIT_MAP`)
and declares a person's settings
(:func:`~intimacy_dynamics.intimacy.traits.person_settings`): one per trait, plus
differentiation of self and learned vulnerability reluctance, which a person's
parameters take directly or let follow the traits. A profile picker loads a named
person (:data:`~intimacy_dynamics.intimacy.traits.PROFILES`). Two figures answer every
move:

- the mapped parameters of A and B, as changes from the neutral person;
- the couple's trust and intimacy over time, against the neutral couple (grey).

The couple's run is drawn by the kernel, not in the page: the trait sliders are mapped
to parameters in Python (the trait map and its bounds checks), and the figure shows the
neutral couple beside the built one.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cached_property

import ipywidgets as w

from intimacy_dynamics.core.params import ParamSet
from intimacy_dynamics.errors import BadInputError
from intimacy_dynamics.intimacy import catalog, phenomena
from intimacy_dynamics.intimacy.traits import (
    DIRECT,
    NEUTRAL,
    POSITIVE_TRAITS,
    PROFILES,
    TRAIT_MAP,
    TRAITS,
    Person,
    moved_parameters,
    parameter_label,
    person_settings,
    profile,
)
from intimacy_dynamics.plotting import PALETTE, base_layout, partner_style
from intimacy_dynamics.widgets.common import PredictThenReveal
from intimacy_dynamics.widgets.controls import Choice
from intimacy_dynamics.widgets.explorer import Explorer, Settings
from intimacy_dynamics.widgets.figures import (
    axis_range,
    named_widget,
    resolve_panels,
    time_series_figure,
    trace_named,
)
from intimacy_dynamics.widgets.intimacy_lab import describe_couple

__all__ = ["BuiltCouple", "PersonBuilder", "prediction_step"]

#: The neutral couple: every trait neutral (its run is the grey reference).
REFERENCE = "P08_neutral_person"
#: The quantities drawn over time.
PANELS = ("trust", "intimacy")


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


def _direct(base: str, partner: str) -> str:
    """The name of the flag "``base`` of ``partner`` is set directly"."""
    return f"direct_{base}_{partner}"


def _choices(model) -> dict[str, Choice]:
    """The profile pickers and the "set directly" toggles of both partners."""
    choices = {
        f"profile_{p}": Choice(
            tuple(PROFILES),
            "neutral",
            label=f"{p} starts as",
            doc=f"Load a named person into {p}'s sliders",
        )
        for p in "AB"
    }
    for p in "AB":
        for base in DIRECT:
            label = model.param_specs[f"{base}_{p}"].label.lower()
            choices[_direct(base, p)] = Choice(
                (False, True),
                label=f"Set {label} ({p}) directly",
                doc=f"Off, {label} follows {p}'s traits",
            )
    return choices


@dataclass(frozen=True)
class BuiltCouple:
    """What the builder computed: the two people, the couple's parameters and its run."""

    people: dict[str, Person]
    profiles: dict[str, str]
    params: ParamSet
    run: object

    def changes(self, partner: str) -> dict[str, float]:
        """Each parameter a person can move, for ``partner``, minus the neutral person's."""
        specs = self.params.specs
        return {
            base: self.params[f"{base}_{partner}"] - specs[f"{base}_{partner}"].default
            for base in moved_parameters()
        }


class PersonBuilder(Explorer):
    """Trait sliders for A and B, the parameters they map to, and the couple's run.

    Settings: every trait of each partner and the two parameters a person may set
    directly (``openness_A``, ``differentiation_B``, ...), the profile each partner
    starts as (``profile_A``) and whether a direct parameter is set or follows the traits
    (``direct_differentiation_A``). Picking a profile sets that partner's traits, direct
    parameters and fixed values; giving a direct parameter a value sets it directly.

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
    Traceback (most recent call last):
    ...
    intimacy_dynamics.errors.BadInputError: setting 'openness_A' = 1.4 is outside ... [0, 1]
    """

    def __init__(self, a: str = "neutral", b: str = "neutral", *, model=None):
        model = model or phenomena.model()
        self.people_settings = {p: list(person_settings(p, model)) for p in "AB"}
        self.own_settings = {
            **person_settings("A", model),
            **person_settings("B", model),
            **_choices(model),
        }
        neutral = catalog.load(REFERENCE)
        self._neutral_params = model.params(neutral.params)
        super().__init__(
            model,
            scenario=neutral,
            simulation={"n_points": 201},
            profile_A=a,
            profile_B=b,
        )

    @cached_property
    def reference(self):
        """The neutral couple's run (the grey lines)."""
        return self.simulate(replace(self.current, params=self._neutral_params))

    # ----------------------------------------------------------- the people
    def derive(self, settings: Settings, changed: frozenset[str]) -> Settings:
        """A picked profile sets its person; the couple's parameters follow the people."""
        own = dict(settings.own)
        for partner in "AB":
            if f"profile_{partner}" in changed:
                self._load_profile(partner, own, changed)
            for base in DIRECT:
                flag = _direct(base, partner)
                if f"{base}_{partner}" in changed and flag not in changed:
                    own[flag] = True
        people = {p: self._person(p, own) for p in "AB"}
        params = {
            **people["A"].parameters("A", self.model),
            **people["B"].parameters("B", self.model),
        }  # raises, naming the parameter, if the traits together leave its bounds
        for partner in "AB":
            for base in DIRECT:
                if not own[_direct(base, partner)]:  # the control shows what follows
                    own[f"{base}_{partner}"] = params[f"{base}_{partner}"]
        return replace(settings, own=own, params=self._neutral_params.evolve(**params))

    def _load_profile(self, partner: str, own: dict, changed) -> None:
        """A named person's traits and direct parameters (those not given with it)."""
        person = profile(own[f"profile_{partner}"])
        for trait in TRAITS:
            if f"{trait}_{partner}" not in changed:
                own[f"{trait}_{partner}"] = person.traits.get(trait, NEUTRAL)
        for base in DIRECT:
            name, given = f"{base}_{partner}", getattr(person, base)
            if name not in changed:
                own[name] = self.model.param_specs[name].default if given is None else given
            if _direct(base, partner) not in changed:
                own[_direct(base, partner)] = given is not None or name in changed

    def _person(self, partner: str, own) -> Person:
        direct = {
            base: own[f"{base}_{partner}"] if own[_direct(base, partner)] else None
            for base in DIRECT
        }
        return Person(
            f"built_{partner}",
            traits={t: own[f"{t}_{partner}"] for t in TRAITS},
            extra=profile(own[f"profile_{partner}"]).extra,
            **direct,
        )

    def load(self, scenario) -> None:
        """Refused: the couple is set by traits and profiles (:meth:`set`), not a scenario.

        :meth:`scenario` gives the built couple as a scenario, to open in
        :class:`~intimacy_dynamics.widgets.IntimacyLab`.
        """
        error = BadInputError(
            "a PersonBuilder is set by traits and profiles with set(...), not by a "
            "scenario's parameters; open the scenario in IntimacyLab instead"
        )
        self.show_error("Could not load these settings", error)
        raise error

    def person(self, partner: str) -> Person:
        """The person the controls of ``partner`` describe (with its profile's fixed values)."""
        return self.result.people[partner]

    def couple_parameters(self) -> dict[str, float]:
        """The parameters of the couple (A's and B's), as the model takes them."""
        return self.current_params().to_dict()

    def changes(self, partner: str) -> dict[str, float]:
        """Each mapped parameter of ``partner`` minus the neutral person's value."""
        return self.result.changes(partner)

    # ------------------------------------------------------------ contract
    def compute(self, settings: Settings) -> BuiltCouple:
        """The two people, the couple's parameters and its run."""
        people = {p: self._person(p, settings.own) for p in "AB"}
        profiles = {p: settings.own[f"profile_{p}"] for p in "AB"}
        return BuiltCouple(people, profiles, settings.params, self.simulate(settings))

    def build(self, result: BuiltCouple) -> dict:
        """The couple over time against the neutral couple, and the parameter bars."""
        return {"time": self._time_figure(result.run), "mapping": self._mapping_figure(result)}

    def traces(self, result: BuiltCouple) -> dict:
        """The couple's lines, and each partner's bars."""
        run = result.run
        lines = {name: {"x": run.t, "y": run[name]} for name in self._names}
        bars = {}
        for partner in "AB":
            values = list(result.changes(partner).values())
            bars[partner] = {"x": values, "text": [f"{v:+.2f}" for v in values]}
        return {"time": lines, "mapping": bars}

    def table(self, result: BuiltCouple):
        """The couple's run, for CSV export."""
        return super().table(result.run)

    def describe(self, result: BuiltCouple) -> str:
        """Long-run intimacy against the neutral couple, the verdict, fixed values."""
        now, change = self.long_run(result.run), self.change_from_neutral(result.run)
        neutral = self.long_run(self.reference)["A"]
        parts = [
            "<b>Long-run intimacy</b> (last quarter of the run): "
            + ", ".join(f"{p} {now[p]:.2f} ({100 * change[p]:+.1f} points)" for p in "AB")
            + f", against {neutral:.2f} for the neutral couple.",
            describe_couple(self.model, result.run),
        ]
        for partner in "AB":
            extra = result.people[partner].extra
            if extra:
                fixed = ", ".join(
                    f"{parameter_label(k, self.model).lower()} {v:g}" for k, v in extra.items()
                )
                origin = result.profiles[partner].replace("_", " ")
                parts.append(
                    f"<i>The {origin} profile fixes {partner}'s {fixed}; the traits do not "
                    "move these.</i>"
                )
        return "<br>".join(parts)

    def draw(self, result: BuiltCouple) -> None:
        """Send the new data; a direct parameter's control is live only when set directly."""
        super().draw(result)
        for partner in "AB":
            for base in DIRECT:
                control = self.own_controls[f"{base}_{partner}"]
                followed = not self.current.own[_direct(base, partner)]
                control.box.disabled = control.slider.disabled = followed

    # ------------------------------------------------------------- results
    @property
    def trajectory(self):
        """The couple's current run."""
        return self.result.run

    @property
    def t_span(self):
        """The simulated span (the neutral couple's)."""
        return self.current.t_span

    def long_run(self, run=None) -> dict[str, float]:
        """Long-run intimacy (mean over the last quarter) of A and B."""
        run = self.trajectory if run is None else run
        return {p: run.tail_mean(f"intimacy_{p}") for p in "AB"}

    def change_from_neutral(self, run=None) -> dict[str, float]:
        """Long-run intimacy of A and B minus the neutral couple's."""
        now, neutral = self.long_run(run), self.long_run(self.reference)
        return {p: now[p] - neutral[p] for p in "AB"}

    def drawn(self, name: str):
        """The line of the time figure that draws quantity ``name`` (e.g. ``"trust_A"``)."""
        return trace_named(self.figures["time"], name)

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

    # --------------------------------------------------------------- figures
    def _time_figure(self, run):
        panels = resolve_panels(self.model, PANELS)
        fig, self._names = time_series_figure(self.model, panels, "The couple over time", run)
        reference, drawn = self.reference, dict(zip(self._names, fig.data, strict=True))
        for k, (_, names) in enumerate(panels):
            axes = drawn[names[0]]
            fig.add_scatter(
                x=reference.t,
                y=reference[names[0]],
                mode="lines",
                name="Neutral couple",
                legendgroup="neutral",
                showlegend=k == 0,
                line={"color": PALETTE["grey"], "dash": "dot", "width": 2},
                xaxis=axes.xaxis,
                yaxis=axes.yaxis,
                hovertemplate="neutral couple: %{y:.3f}<extra></extra>",
            )
            axis = "yaxis" + axes.yaxis[1:]
            fig.layout[axis].range = axis_range(self.model, names, run)
        neutral = [f"neutral {names[0]}" for _, names in panels]
        return named_widget(fig, [*self._names, *neutral])

    def _mapping_figure(self, result: BuiltCouple):
        import plotly.graph_objects as go

        labels = [parameter_label(base, self.model) for base in moved_parameters()]
        fig = go.Figure(
            layout=base_layout(
                "What the traits set: each parameter minus the neutral person's",
                "change from the neutral person",
                height=460,
                barmode="group",
            )
        )
        for partner in "AB":
            values = list(result.changes(partner).values())
            fig.add_bar(
                y=labels,
                x=values,
                text=[f"{v:+.2f}" for v in values],
                orientation="h",
                textposition="outside",
                cliponaxis=False,
                name=f"Partner {partner}",
                marker={
                    "color": partner_style(partner)["color"],
                    "pattern": {"shape": "" if partner == "A" else "/"},
                },
                hovertemplate=f"{partner}: %{{y}} %{{x:+.2f}}<extra></extra>",
            )
        fig.update_yaxes(autorange="reversed")
        fig.update_layout(margin={"l": 190, "r": 20, "t": 90, "b": 50})
        return named_widget(fig, ["A", "B"])

    # --------------------------------------------------------------- layout
    def _trait_table(self) -> w.Accordion:
        rows = "".join(
            f"<tr><td>{trait.replace('_', ' ')}</td>"
            f"<td>{'more' if trait in POSITIVE_TRAITS else 'less'}</td><td>"
            + ", ".join(
                f"{parameter_label(b, self.model).lower()} {v:+g}"
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

    def layout(self) -> w.VBox:
        """Pickers and toolbar, both figures, the readout, the traits and direct settings."""
        intro = w.HTML(
            "Move a trait of A or B, or load a named person. The first eight traits go with "
            "more intimacy, the next seven with less; 0.5 is neutral."
        )
        controls = self.own_controls
        pickers = [controls[f"profile_{p}"].widget for p in "AB"]
        flags = [controls[_direct(base, p)].widget for p in "AB" for base in DIRECT]
        people = [
            w.VBox(
                [w.HTML(f"<b>Partner {p}</b>"), *[controls[n].widget for n in names]],
                layout=w.Layout(margin="0 12px 6px 0"),
            )
            for p, names in self.people_settings.items()
        ]
        figures = list(self.figures.values())
        return w.VBox(
            [
                intro,
                w.HBox([*pickers, self.toolbar()], layout=w.Layout(align_items="center")),
                w.HBox(figures, layout=w.Layout(flex_flow="row wrap")),
                self.readout,
                w.HTML("<h4>Traits (0.5 is neutral)</h4>"),
                w.HBox(people, layout=w.Layout(flex_flow="row wrap")),
                w.HTML(
                    "Unless set directly, differentiation follows self-esteem, parental "
                    "warmth and parental conflict, and vulnerability reluctance follows "
                    "social anxiety."
                ),
                w.HBox(flags, layout=w.Layout(flex_flow="row wrap")),
                self._trait_table(),
            ]
        )
