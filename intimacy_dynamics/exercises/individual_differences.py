"""Self-checks for lesson 04, "Individual differences: traits, sex and culture, populations".

Every expected answer is computed from the model (the P08 and P09 scenarios of the
catalog, or a run of the couple the exercise describes), never typed in. A check
returns at once, without computing anything, while the answer is still ``...``.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache

from intimacy_dynamics.exercises.feedback import (
    Feedback,
    check_choice,
    check_number,
    check_order,
    check_sign,
    unanswered,
)
from intimacy_dynamics.intimacy import phenomena
from intimacy_dynamics.intimacy.traits import TRAITS, Person

__all__ = [
    "PAIRS",
    "check_openness_effect",
    "check_partner_reluctance",
    "check_strongest_trait",
    "check_two_traits",
    "check_western_order",
    "partner_reluctance_effect",
    "trait_effects",
    "two_trait_target",
    "western_pairs",
]

#: Exercise 1: A's openness, raised alone (as in the P08 scenarios).
RAISED = 0.9
#: Exercise 3: B's vulnerability reluctance, set directly; A stays neutral.
PARTNER_RELUCTANCE = 0.8
#: Exercise 4: the pairs of the P09 comparison.
PAIRS = ("women", "men", "mixed")
#: Exercise 5: how many of A's traits may change.
MAX_CHANGED = 2


def _long_run_of(a: Person, b: Person) -> float:
    """A's long-run intimacy in the couple (a, b), run like the P08 scenarios."""
    params = {**a.parameters("A"), **b.parameters("B")}
    return phenomena.long_run("P08_neutral_person", "intimacy_A", params=params)


# ------------------------------------------------------------------ answers
@cache
def trait_effects() -> dict[str, float]:
    """Change of A's long-run intimacy when one trait alone is raised to 0.9 (P08).

    Examples
    --------
    >>> effects = trait_effects()
    >>> bool(effects["openness"] > 0 > effects["social_anxiety"])
    True
    """
    effects = phenomena.p08()
    return {trait: effects[trait] for trait in TRAITS}


@cache
def partner_reluctance_effect() -> float:
    """Change of A's long-run intimacy when B's vulnerability reluctance is set to 0.8.

    Examples
    --------
    >>> bool(partner_reluctance_effect() < 0)
    True
    """
    neutral = Person("neutral")
    reluctant = Person("reluctant", vulnerability_reluctance=PARTNER_RELUCTANCE)
    return _long_run_of(neutral, reluctant) - _long_run_of(neutral, neutral)


@cache
def western_pairs() -> dict[str, float]:
    """Long-run intimacy (mean of both partners) of the Western P09 pairs.

    Examples
    --------
    >>> pairs = western_pairs()
    >>> bool(pairs["women"] > pairs["men"])
    True
    """
    result = {}
    for pair in PAIRS:
        run = phenomena.run(f"P09_western_{pair}")
        result[pair] = (run.tail_mean("intimacy_A") + run.tail_mean("intimacy_B")) / 2
    return result


def two_trait_target() -> float:
    """The rise exercise 5 asks for: 1 point more than the strongest single trait's effect.

    Examples
    --------
    >>> bool(0.01 < two_trait_target() < 0.2)
    True
    """
    return max(abs(v) for v in trait_effects().values()) + 0.01


# ------------------------------------------------------------------- checks
def check_openness_effect(answer) -> Feedback:
    """Exercise 1: the change of A's intimacy, in points, when A's openness is 0.9.

    Examples
    --------
    >>> check_openness_effect(...)
    No answer yet: Replace the ... with your answer and run the cell again.
    >>> check_openness_effect(-10).correct
    False
    """
    if (empty := unanswered(answer)) is not None:
        return empty
    return check_number(
        answer,
        100 * trait_effects()["openness"],
        tolerance=0.5,
        what="The change in points",
        hint="Set A's openness to 0.9 in the person builder, all else neutral, and read the "
        "points after A's long-run intimacy in the readout (0.01 of intimacy is 1 point).",
    )


def check_strongest_trait(answer) -> Feedback:
    """Exercise 2: the single trait that, raised alone to 0.9, moves A's intimacy most.

    Examples
    --------
    >>> check_strongest_trait("charisma").correct
    False
    """
    if (empty := unanswered(answer)) is not None:
        return empty
    effects = trait_effects()
    strongest = max(effects, key=lambda trait: abs(effects[trait]))
    others = [abs(effect) for trait, effect in effects.items() if trait != strongest]
    return check_choice(
        answer,
        strongest,
        TRAITS,
        explanation=f"Raised to {RAISED} alone it moves A's long-run intimacy by "
        f"{100 * effects[strongest]:+.1f} points; each of the others moves it by "
        f"{100 * min(others):.1f} to {100 * max(others):.1f} points.",
        hint="Raise each trait of A to 0.9 in turn (Reset in between) and compare the "
        "points in the readout. The size counts, whatever the sign.",
    )


def check_partner_reluctance(answer) -> Feedback:
    """Exercise 3: the direction A's intimacy takes when B's reluctance rises to 0.8.

    Examples
    --------
    >>> check_partner_reluctance("up").correct
    False
    """
    if (empty := unanswered(answer)) is not None:
        return empty
    return check_sign(
        answer,
        partner_reluctance_effect(),
        what="A's long-run intimacy",
        hint="Press 'Set vulnerability reluctance (B) directly', move it to 0.8 and watch A's "
        "line. A's intimacy grows from what B confides, not only from what A reveals.",
    )


def check_western_order(answer) -> Feedback:
    """Exercise 4: order the Western pairs from the least to the most intimate.

    Examples
    --------
    >>> check_western_order(["mixed", "men", "women"]).correct
    False
    """
    if (empty := unanswered(answer)) is not None:
        return empty
    pairs = western_pairs()
    return check_order(
        answer,
        sorted(pairs, key=pairs.get),
        what="The order of the Western pairs",
        hint="In the population explorer compare 'Western: women's pairs vs men's pairs', "
        "then 'Western: mixed pairs vs men's pairs', and read the medians.",
    )


def check_two_traits(answer) -> Feedback:
    """Exercise 5: change at most two of A's traits to beat the strongest single trait.

    ``answer`` is a dict of A's traits, e.g. ``{"openness": 0.7}``; every other trait
    stays neutral, B is neutral.

    Examples
    --------
    >>> check_two_traits({"openness": 0.9, "trust": 0.9, "self_esteem": 0.9}).correct
    False
    """
    if (empty := unanswered(answer)) is not None:
        return empty
    hint = (
        "Combine the two traits that helped most on their own, and push them further "
        "than 0.9 (a fear can also go below 0.5)."
    )
    problem = _trait_problem(answer)
    if problem:
        return Feedback(False, problem, hint)
    traits = {_trait_name(k): float(v) for k, v in answer.items()}
    try:
        rise = _long_run_of(Person("a", traits), Person("b")) - _long_run_of(
            Person("neutral"), Person("neutral")
        )
    except ValueError as exc:
        return Feedback(False, f"These traits leave the model's range: {exc}", hint)
    target = two_trait_target()
    if rise >= target:
        return Feedback(
            True,
            f"A's long-run intimacy rises by {100 * rise:.1f} points, more than the "
            f"{100 * target:.1f} asked: two traits together beat any one of them.",
        )
    return Feedback(
        False,
        f"A's long-run intimacy rises by {100 * rise:.1f} points; aim for {100 * target:.1f}.",
        hint,
    )


def _trait_name(name: str) -> str:
    return "_".join(name.lower().replace("_", " ").split())


def _trait_problem(answer) -> str:
    """What is wrong with the form of a two-trait answer ('' if nothing)."""
    if not isinstance(answer, Mapping) or not answer:
        return 'Answer with a dict of traits and values, e.g. {"openness": 0.7}.'
    if len(answer) > MAX_CHANGED:
        return f"Change at most {MAX_CHANGED} traits, not {len(answer)}."
    for name, value in answer.items():
        if not isinstance(name, str) or _trait_name(name) not in TRAITS:
            return f"{name!r} is not a trait; the traits are: {', '.join(TRAITS)}."
        if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
            return f"The value of {name!r} should be a number from 0 to 1, not {value!r}."
    return ""
