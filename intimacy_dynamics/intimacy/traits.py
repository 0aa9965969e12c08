"""People: trait profiles and their documented, monotone mapping to model parameters.

The seed text lists what raises a person's intimacy and intimacy motivation:

- self-esteem, openness, comfort with closeness, empathic concern, trust,
  extraversion, parental warmth and prior intimacy;

and what lowers it:

- social anxiety, fears of exploitation, vulnerability and dependence, social
  avoidance, conflict and distance with parents, and prior dysfunctional relationships.

Each trait is a number in ``[0, 1]``, with 0.5 neutral. :data:`TRAIT_MAP` says which
parameters a trait moves and by how much. Every weight's sign follows the trait's
direction, so each trait, raised alone, moves intimacy the documented way (phenomenon
P08). Differentiation of self and learned vulnerability reluctance are set directly.
Nothing here is labelled as biological sex: sex differences enter only through
``vulnerability_reluctance``, which :func:`learned_reluctance` derives from what a
culture teaches (phenomenon P09).

The mapping is linear, ``parameter = default + sum(weight * (trait - 0.5))``. Values
that would leave a parameter's hard bounds raise an error instead of being clipped.

A person's controls are declared here too, as settings (:func:`person_settings`): one
per trait on the trait scale, and one per parameter a person sets directly
(:data:`DIRECT`), each saying what it moves.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from intimacy_dynamics.core.quantities import Setting
from intimacy_dynamics.core.validation import as_finite_float, check_known_name
from intimacy_dynamics.errors import ParameterError
from intimacy_dynamics.intimacy.model import PERSON_PARAMETERS, IntimacyModel

__all__ = [
    "DIRECT",
    "NEGATIVE_TRAITS",
    "NEUTRAL",
    "POSITIVE_TRAITS",
    "PROFILES",
    "TRAIT_BOUNDS",
    "TRAIT_MAP",
    "TRAIT_STEP",
    "Person",
    "learned_reluctance",
    "moved_parameters",
    "parameter_label",
    "person_settings",
    "profile",
    "trait_setting",
]

POSITIVE_TRAITS = (
    "self_esteem",
    "openness",
    "comfort_with_closeness",
    "empathic_concern",
    "trust",
    "extraversion",
    "parental_warmth",
    "prior_intimacy",
)
NEGATIVE_TRAITS = (
    "social_anxiety",
    "fear_of_exploitation",
    "fear_of_vulnerability",
    "fear_of_dependence",
    "social_avoidance",
    "parental_conflict",
    "prior_dysfunctional_relationships",
)
TRAITS = POSITIVE_TRAITS + NEGATIVE_TRAITS
#: Every trait's scale, and its neutral value (the map is linear in ``trait - NEUTRAL``).
TRAIT_BOUNDS = (0.0, 1.0)
NEUTRAL = 0.5
#: The step of a trait's slider.
TRAIT_STEP = 0.05
#: Parameters a person sets directly rather than through the traits (or lets follow them).
DIRECT = ("differentiation", "vulnerability_reluctance")

#: trait -> {parameter: weight per unit of (trait - NEUTRAL)}
TRAIT_MAP: dict[str, dict[str, float]] = {
    "self_esteem": {"interpretation_bias": 0.4, "fear_of_intimacy": -0.2, "differentiation": 0.1},
    "openness": {"depth": 0.4, "emotional_content": 0.3, "intimacy_motive": 0.2},
    "comfort_with_closeness": {"fear_of_dependence": -0.4, "fear_of_intimacy": -0.3},
    "empathic_concern": {"empathic_concern": 0.6, "reciprocity": 0.2},
    "trust": {"trust_propensity": 0.8, "interpretation_bias": 0.35},
    "extraversion": {"intimacy_motive": 0.7, "immediacy": 0.4, "cue_affect": 0.3},
    "parental_warmth": {
        "trust_propensity": 0.2,
        "differentiation": 0.25,
        "interpretation_bias": 0.2,
    },
    "prior_intimacy": {"intimacy_motive": 0.5, "trust_propensity": 0.3, "interpretation_bias": 0.2},
    "social_anxiety": {
        "interpretation_bias": -0.3,
        "vulnerability_reluctance": 0.2,
        "fear_of_intimacy": 0.2,
    },
    "fear_of_exploitation": {
        "trust_propensity": -0.4,
        "interpretation_bias": -0.35,
        "fear_of_intimacy": 0.1,
    },
    "fear_of_vulnerability": {"fear_of_intimacy": 0.4, "depth": -0.2},
    "fear_of_dependence": {"fear_of_dependence": 0.8, "fear_of_intimacy": 0.2},
    "social_avoidance": {"intimacy_motive": -0.7, "immediacy": -0.3, "cue_affect": -0.3},
    "parental_conflict": {
        "trust_propensity": -0.2,
        "differentiation": -0.25,
        "interpretation_bias": -0.2,
    },
    "prior_dysfunctional_relationships": {
        "trust_propensity": -0.2,
        "interpretation_bias": -0.25,
        "fear_of_intimacy": 0.1,
    },
}


def learned_reluctance(taught: float, socialized_as_man: bool, base: float = 0.2) -> float:
    """Vulnerability reluctance a person learns from their culture.

    ``taught`` in ``[0, 1]`` is how strongly the culture teaches that vulnerability is
    dangerous, and to whom: the seed text's developmental account is that Western
    cultures teach it to men. The model has no parameter for sex; this input is what
    socialization leaves behind.

    Examples
    --------
    >>> learned_reluctance(1.0, socialized_as_man=True), learned_reluctance(1.0, False)
    (0.8, 0.2)
    """
    taught = as_finite_float(taught, "taught", (0.0, 1.0))
    return base + 0.6 * taught * (1.0 if socialized_as_man else 0.0)


@dataclass(frozen=True)
class Person:
    """A trait profile: 15 traits (0.5 neutral), differentiation and learned reluctance.

    Examples
    --------
    >>> secure = Person("secure", traits={"self_esteem": 0.8, "trust": 0.8})
    >>> params = secure.parameters("A")
    >>> params["trust_propensity_A"] > IntimacyModel().param_specs["trust_propensity_A"].default
    True
    >>> Person("x", traits={"charisma": 0.9})
    Traceback (most recent call last):
    ...
    intimacy_dynamics.errors.ParameterError: unknown trait 'charisma' for Person...
    """

    name: str
    traits: Mapping[str, float] = field(default_factory=dict)
    differentiation: float | None = None
    vulnerability_reluctance: float | None = None
    extra: Mapping[str, float] = field(default_factory=dict)
    description: str = ""

    def __post_init__(self):
        checked = {}
        for trait, value in dict(self.traits).items():
            check_known_name(trait, TRAITS, "trait", "Person", ParameterError)
            checked[trait] = as_finite_float(
                value, f"trait {trait!r}", TRAIT_BOUNDS, ParameterError
            )
        object.__setattr__(self, "traits", checked)

    def parameters(self, partner: str = "A", model: IntimacyModel | None = None) -> dict:
        """The parameter values of this person as partner ``partner``, validated."""
        model = model or IntimacyModel()
        specs = model.param_specs
        personal = sorted(_PERSONAL | set(self.extra))
        values = {base: specs[f"{base}_{partner}"].default for base in personal}
        for trait, value in self.traits.items():
            for base, weight in TRAIT_MAP[trait].items():
                values[base] += weight * (value - NEUTRAL)
        if self.differentiation is not None:
            values["differentiation"] = self.differentiation
        if self.vulnerability_reluctance is not None:
            values["vulnerability_reluctance"] = self.vulnerability_reluctance
        values.update(self.extra)
        # weights times (trait - 0.5) add up with rounding error (0.3 - 0.3 = -2.8e-17 is
        # not below a bound of 0): keep twelve decimals, far below any effect
        named = {f"{base}_{partner}": round(value, 12) for base, value in values.items()}
        checked = model.params(named)  # raises if a trait combination leaves the bounds
        return {name: checked[name] for name in named}


_PERSONAL = {base for weights in TRAIT_MAP.values() for base in weights} | set(DIRECT)

#: Named people used by the scenarios and notebooks. Where a phenomenon needs a
#: documented couple, the profile fixes its parameters directly (``extra``).
PROFILES: dict[str, Person] = {
    person.name: person
    for person in (
        Person("neutral", description="Every trait at its neutral value."),
        Person(
            "secure",
            {
                "self_esteem": 0.8,
                "comfort_with_closeness": 0.8,
                "trust": 0.75,
                "parental_warmth": 0.8,
                "empathic_concern": 0.7,
            },
            differentiation=0.8,
            description="Comfortable with closeness and trusting.",
        ),
        Person(
            "guarded",
            extra={"fear_of_intimacy": 0.5, "trust_propensity": 0.15},
            vulnerability_reluctance=0.7,
            description="Slow to trust and reluctant to be vulnerable, but not hostile.",
        ),
        Person(
            "fearful_of_intimacy",
            extra={
                "fear_of_intimacy": 0.9,
                "fear_of_dependence": 0.8,
                "trust_propensity": 0.1,
                "interpretation_bias": -0.5,
                "intimacy_motive": 0.2,
                "immediacy": 0.1,
                "cue_affect": -0.3,
                "response_valence": 0.2,
            },
            differentiation=0.5,
            description="Afraid of losing boundaries, distrustful, low self-image, "
            "withholding and distancing in response.",
        ),
        Person(
            "instant_intimacy_seeker",
            extra={
                "intimacy_motive": 0.95,
                "fear_of_intimacy": 0.05,
                "emotional_content": 0.9,
                "depth": 0.95,
            },
            differentiation=0.2,
            vulnerability_reluctance=0.05,
            description="Shares everything at once, in search of instant intimacy.",
        ),
        Person(
            "gradual_seeker",
            extra={"intimacy_motive": 0.95, "fear_of_intimacy": 0.05, "emotional_content": 0.9},
            differentiation=0.75,
            vulnerability_reluctance=0.05,
            description="Wants intimacy as much, but escalates gradually.",
        ),
        Person("fused", differentiation=0.35, description="Poorly differentiated self."),
        Person(
            "well_differentiated",
            differentiation=0.85,
            description="Keeps a solid self while close.",
        ),
        *(
            Person(
                f"{culture}_{role}",
                vulnerability_reluctance=learned_reluctance(taught, role == "man"),
                description=f"Raised as a {role} in a culture that teaches "
                f"{'strongly' if taught > 0.5 else 'little'} that vulnerability is dangerous "
                "for men (only this learned input differs).",
            )
            for culture, taught in (("western", 1.0), ("non_western", 0.1))
            for role in ("woman", "man")
        ),
    )
}


def profile(name: str) -> Person:
    """A named profile from :data:`PROFILES`."""
    return PROFILES[
        check_known_name(name, PROFILES, "profile", "intimacy_dynamics", ParameterError)
    ]


def moved_parameters() -> tuple[str, ...]:
    """The per-person parameters the traits, the direct settings or a profile can move.

    Examples
    --------
    >>> names = moved_parameters()
    >>> "trust_propensity" in names and "differentiation" in names
    True
    >>> "speaking" in names
    False
    """
    moved = _PERSONAL | {base for person in PROFILES.values() for base in person.extra}
    return tuple(base for base in PERSON_PARAMETERS if base in moved)


def parameter_label(base: str, model: IntimacyModel | None = None) -> str:
    """The label of a per-person parameter (``"Trust propensity"``)."""
    spec = (model or IntimacyModel()).param_specs[f"{base}_A"]
    return spec.label or base.replace("_", " ")


def trait_setting(trait: str, partner: str, model: IntimacyModel | None = None) -> Setting:
    """A trait of ``partner`` as a setting: its scale, neutral default, and what it moves.

    Examples
    --------
    >>> spec = trait_setting("trust", "B")
    >>> spec.name, spec.default, spec.bounds, spec.display_label
    ('trust_B', 0.5, (0.0, 1.0), 'Trust (B)')
    >>> spec.doc
    'Goes with more intimacy. Per unit above neutral (0.5) it moves trust propensity +0.8, ...'
    """
    check_known_name(trait, TRAITS, "trait", "the trait map", ParameterError)
    direction = "more" if trait in POSITIVE_TRAITS else "less"
    moves = ", ".join(
        f"{parameter_label(base, model).lower()} {weight:+g}"
        for base, weight in TRAIT_MAP[trait].items()
    )
    return Setting(
        NEUTRAL,
        bounds=TRAIT_BOUNDS,
        step=TRAIT_STEP,
        label=trait.replace("_", " ").capitalize(),
        doc=f"Goes with {direction} intimacy. Per unit above neutral ({NEUTRAL:g}) it moves "
        f"{moves}.",
    ).named(trait, partner)


def person_settings(partner: str, model: IntimacyModel | None = None) -> dict[str, Setting]:
    """Every setting of one person: each trait, then each parameter of :data:`DIRECT`.

    The direct ones are declared as the model declares the parameter (bounds, slider
    range, step, label and doc).

    Examples
    --------
    >>> settings = person_settings("A")
    >>> len(settings), settings["differentiation_A"].bounds
    (17, (0.0, 1.0))
    """
    model = model or IntimacyModel()
    settings = {f"{t}_{partner}": trait_setting(t, partner, model) for t in TRAITS}
    for base in DIRECT:
        spec = model.param_specs[f"{base}_{partner}"]
        settings[spec.name] = Setting(
            spec.default,
            bounds=spec.bounds,
            soft=spec.soft,
            step=spec.step,
            unit=spec.unit,
            label=spec.label,
            doc=spec.doc,
        ).named(base, partner)
    return settings
