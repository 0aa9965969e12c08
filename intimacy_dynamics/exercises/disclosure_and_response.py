"""Self-checks for lesson 01, disclosure and response (``01_disclosure_and_response``).

Every expected answer is computed from the model (the P01, P02 and P07 measurements of
:mod:`intimacy_dynamics.intimacy.phenomena` and their scenarios) the first time it is
needed, and cached. The ``predict_...`` functions build the lesson's predict-then-reveal
steps with answers computed the same way.
"""

from __future__ import annotations

from functools import cache
from numbers import Real

from intimacy_dynamics.exercises.feedback import (
    Feedback,
    check_choice,
    check_number,
    check_order,
)
from intimacy_dynamics.intimacy import catalog, phenomena
from intimacy_dynamics.intimacy.model import FACT_WEIGHT
from intimacy_dynamics.widgets.common import PredictThenReveal

__all__ = [
    "check_critic_trust_cost",
    "check_critical_trust",
    "check_indirect_share",
    "check_neutral_valence",
    "check_response_order",
    "predict_critical_partner",
    "predict_facts_or_feelings",
    "predict_held_responsiveness",
]

STYLES = ("supportive", "disinterested", "critical")
DEPTHS = ("deep", "shallow", "the same")
#: What the student looks for in exercise 5: feeling neither understood nor misunderstood.
NEUTRAL = 0.5


# ------------------------------------------------------------ model answers
def _valence(style: str) -> float:
    return catalog.load(f"P01_{style}_partner").params["response_valence_B"]


@cache
def _final(name: str, quantity: str) -> float:
    return phenomena.run(name).final()[quantity]


@cache
def _p01() -> dict:
    return phenomena.p01()


@cache
def _p02() -> dict:
    return phenomena.p02()


@cache
def _p07() -> dict:
    return phenomena.p07()


def _trust_costs() -> dict[str, float]:
    """Trust lost over the week of disclosing to a critic, by depth (P02)."""
    return {
        depth: catalog.load(f"P02_{depth}_to_a_critic").y0["trust_A"]
        - _p02()[f"trust_after_critic_{depth}"]
        for depth in ("deep", "shallow")
    }


@cache
def _felt_understood(valence: float) -> float:
    """A's perceived responsiveness at the end of the P01 run with B's valence changed."""
    scenario = catalog.load("P01_supportive_partner").evolve(params={"response_valence_B": valence})
    return scenario.run(phenomena.model()).final()["perceived_responsiveness_A"]


@cache
def _neutral_valence() -> float:
    """B's response valence at which A ends feeling understood at exactly 0.5."""
    low, high = -1.0, 1.0
    if not _felt_understood(low) < NEUTRAL < _felt_understood(high):
        return float("nan")
    for _ in range(14):
        middle = 0.5 * (low + high)
        low, high = (middle, high) if _felt_understood(middle) < NEUTRAL else (low, middle)
    return 0.5 * (low + high)


# ---------------------------------------------------------------- exercises
def check_critical_trust(answer) -> Feedback:
    """Exercise 1: A's trust at the end of the run when B is critical (P01).

    Examples
    --------
    >>> check_critical_trust(...).correct is None
    True
    >>> check_critical_trust(0.95).correct
    False
    """
    return check_number(
        answer,
        _final("P01_critical_partner", "trust_A"),
        0.02,
        what="A's trust",
        hint="Click 'critical' for B's responses and read the end of panel 4 (Trust), "
        "or the trust box of the diagram.",
    )


def check_response_order(answer) -> Feedback:
    """Exercise 2: B's response styles from the lowest to the highest intimacy of A (P01).

    Examples
    --------
    >>> check_response_order(["supportive", "critical", "disinterested"]).correct
    False
    """
    expected = sorted(STYLES, key=_p01().get)
    return check_order(
        answer,
        expected,
        what="The order of A's long-run intimacy",
        hint="Click each style of B's responses in turn and read A's intimacy at the end of "
        "panel 6 (or in the readout). List the lowest first.",
    )


def check_critic_trust_cost(answer) -> Feedback:
    """Exercise 3: which depth of disclosure to a critic costs A more trust in a week.

    Answer ``"deep"``, ``"shallow"`` or ``"the same"`` (P02).

    Examples
    --------
    >>> check_critic_trust_cost("sometimes").correct
    False
    """
    costs = _trust_costs()
    if abs(costs["deep"] - costs["shallow"]) < 0.01:
        right = "the same"
    else:
        right = max(costs, key=costs.get)
    return check_choice(
        answer,
        right,
        DEPTHS,
        explanation=f"A's trust fell by {costs['deep']:.3f} after deep disclosure and by "
        f"{costs['shallow']:.3f} after shallow disclosure: the deeper the disclosure, the "
        "faster trust learns from the response, good or bad.",
        hint="Pick the preset 'P02 · deep disclosure to a critic', read A's trust at day 7 "
        "in the readout, then do the same with the shallow preset.",
    )


def check_indirect_share(answer) -> Feedback:
    """Exercise 4: the share of the effect of deeper disclosure carried by feeling understood.

    The answer is a fraction (0.25) or a percentage (25) (P07).

    Examples
    --------
    >>> check_indirect_share(1.5).correct
    False
    """
    if isinstance(answer, Real) and not isinstance(answer, bool) and 1 < answer <= 100:
        answer = answer / 100  # a percentage
    return check_number(
        answer,
        _p07()["indirect_share"],
        0.03,
        what="The indirect share",
        hint="Set B's responses to supportive and A's depth to 0.8, press 'Hold A's perceived "
        "responsiveness fixed' and read the percentage in the readout.",
    )


def check_neutral_valence(answer) -> Feedback:
    """Exercise 5: the response valence of B at which A ends feeling understood at 0.5.

    Examples
    --------
    >>> check_neutral_valence(0.9).correct
    False
    """
    return check_number(
        answer,
        _neutral_valence(),
        0.08,
        what="B's response valence",
        hint="Start from the supportive preset (Reset), then lower B's response valence in "
        "small steps and watch A's perceived responsiveness at the end of panel 3 (or box 3 "
        "of the diagram) cross 0.5.",
    )


# ------------------------------------------------------------ predict steps
def predict_critical_partner(explorer=None) -> PredictThenReveal:
    """Predict where A's trust goes with a critical B; the reveal turns B critical.

    Examples
    --------
    >>> step = predict_critical_partner()
    >>> step.answer in step.choice.options
    True
    """
    start = phenomena.run("P01_critical_partner")["trust_A"][0]
    critical = _final("P01_critical_partner", "trust_A")
    supportive = _final("P01_supportive_partner", "trust_A")
    options = [
        "higher than with a supportive B",
        f"up from where it started ({start:.2f}), but lower than with a supportive B",
        f"down, below where it started ({start:.2f})",
    ]
    if critical > supportive:
        answer, why = options[0], ""
    elif critical > start:
        answer = options[1]
        felt = _final("P01_critical_partner", "perceived_responsiveness_A")
        why = (
            " A's trust still rises from its low start: B keeps confiding in A, which builds "
            "trust, and the critic's answers only pull A's trust toward how understood A "
            f"feels ({felt:.2f}). A supportive B pulls it much higher."
        )
    else:
        answer, why = options[2], ""
    willing = {k: _final(f"P01_{k}_partner", "disclosure_A") for k in ("supportive", "critical")}
    why += (
        " Follow the chain to box 5: with less trust and feeling less understood, A is less "
        f"willing to disclose ({willing['critical']:.2f} instead of {willing['supportive']:.2f})."
    )
    return PredictThenReveal(
        "B turns critical (response valence "
        f"{_valence('critical'):+.1f}). After 200 days, where is A's trust?",
        options,
        answer,
        f"With a critical B, A's trust ends at {critical:.2f}; with a supportive B at "
        f"{supportive:.2f}.{why}",
        on_reveal=None
        if explorer is None
        else lambda: explorer.set(response_valence_B=_valence("critical")),
    )


def predict_facts_or_feelings(explorer=None) -> PredictThenReveal:
    """Predict facts against feelings at the same depth (P02); the reveal shows feelings.

    Examples
    --------
    >>> predict_facts_or_feelings().answer
    'higher'
    """
    factual = catalog.load("P02_deep_factual").params
    emotional = catalog.load("P02_deep_emotional").params
    facts, feelings = _p02()["deep_factual"], _p02()["deep_emotional"]
    answer = "about the same" if abs(feelings - facts) < 0.01 else "higher"
    answer = "lower" if feelings < facts - 0.01 else answer
    return PredictThenReveal(
        f"A discloses at depth {factual['depth_A']:.1f} to a supportive B. Compare mostly "
        f"facts (emotional content {factual['emotional_content_A']:.1f}) with mostly "
        f"feelings ({emotional['emotional_content_A']:.1f}). With feelings, A's long-run "
        "intimacy is ...",
        ["higher", "about the same", "lower"],
        answer,
        f"A's long-run intimacy is {facts:.2f} with facts and {feelings:.2f} with feelings "
        f"at the same depth: in the model, feelings weigh {float(1 / FACT_WEIGHT):g} times as much "
        "as facts, as in Laurenceau, Barrett & Pietromonaco (1998).",
        on_reveal=None
        if explorer is None
        else lambda: explorer.set(**emotional, response_valence_B=_valence("supportive")),
    )


def predict_held_responsiveness(explorer=None) -> PredictThenReveal:
    """Predict how much of the effect of deeper disclosure survives holding R (P07).

    Examples
    --------
    >>> predict_held_responsiveness().answer
    'more than half, but not all'
    """
    p07 = _p07()
    left = p07["direct"] / p07["total"]
    options = ["none of it", "less than half", "more than half, but not all", "all of it"]
    if left <= 0.05:
        answer = options[0]
    elif left < 0.5:
        answer = options[1]
    elif left < 0.97:
        answer = options[2]
    else:
        answer = options[3]
    deep = catalog.load("P07_deep_disclosure").params["depth_A"]
    shallow = catalog.load("P07_shallow_disclosure").params["depth_A"]
    return PredictThenReveal(
        f"A goes from shallow (depth {shallow:.1f}) to deep disclosure ({deep:.1f}), and A's "
        "intimacy rises. If A's feeling of being understood could not change, how much of "
        "that rise would remain?",
        options,
        answer,
        f"{left:.0%} of the rise remains: deeper disclosure brings intimacy by itself too, "
        "and feeling understood carries the rest. Perceived responsiveness is a partial "
        "mediator, as Laurenceau, Barrett & Pietromonaco (1998) found in diaries.",
        on_reveal=None
        if explorer is None
        else lambda: explorer.set(
            depth_A=deep, response_valence_B=_valence("supportive"), hold_responsiveness=True
        ),
    )
