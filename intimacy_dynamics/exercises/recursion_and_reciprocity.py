"""Self-checks for ``02_recursion_and_reciprocity.ipynb``: spiral, turns, actor and partner.

The lesson covers the trust spiral, turn-taking, and actor and partner effects. Every
expected answer is computed from the model (the guarded couple of P05, the turn-taking
scenarios of P06, the critic of P01 read as actor and partner effects, and the
strangers of P16) the first time a check runs, and cached. The ``predict_...`` functions
build the lesson's predict-then-reveal steps, with answers computed the same way.
"""

from __future__ import annotations

from functools import cache

from intimacy_dynamics.analysis.dyadic import ActorPartnerEffects, actor_partner_effects
from intimacy_dynamics.exercises.feedback import Feedback, check_choice, check_number, check_sign
from intimacy_dynamics.intimacy import catalog, phenomena
from intimacy_dynamics.intimacy.catalog import TURN_LENGTHS, speaking_turns
from intimacy_dynamics.intimacy.endings import ending_of
from intimacy_dynamics.intimacy.signatures import VISIBLE
from intimacy_dynamics.widgets.common import PredictThenReveal

__all__ = [
    "CRITICAL",
    "RAISED_THRESHOLD",
    "TURNS_WITHOUT_RECIPROCITY",
    "check_critic_actor_effect",
    "check_half_way_day",
    "check_threshold_shift",
    "check_tipping_trust",
    "check_trusting_meets_wary",
    "check_turns_without_reciprocity",
    "critic_effects",
    "predict_critic_effects",
    "predict_strangers",
    "predict_turns",
    "predict_two_starts",
]

#: The guarded couple's disclosure threshold in exercise 3 is raised from the default to this.
RAISED_THRESHOLD = 0.4
#: B's tone when B turns critical (the critical partner of P01), for actor and partner effects.
CRITICAL = catalog.load("P01_critical_partner").params["response_valence_B"]
#: What happens to the advantage of short turns when reciprocity is removed (exercise 4).
TURNS_WITHOUT_RECIPROCITY = ("grows", "shrinks", "vanishes", "reverses")
#: The uneven start of exercise 2: A trusting, B wary.
UNEVEN_START = {"trust_A": 0.8, "trust_B": 0.2}


def _guarded(**changes):
    """The guarded couple of P05 with ``changes`` to its parameters and start."""
    scenario = catalog.load("P05_guarded_high_trust")
    params = {k: v for k, v in changes.items() if k in phenomena.model().param_specs}
    y0 = {k: v for k, v in changes.items() if k not in params}
    return scenario.run(phenomena.model(), params={**scenario.params, **params}, y0=y0)


def _mean_intimacy(run) -> float:
    return 0.5 * (run.tail_mean("intimacy_A") + run.tail_mean("intimacy_B"))


@cache
def _ends() -> tuple[float, float]:
    """Long-run intimacy of the guarded couple's two ends: (distant, intimate)."""
    measured = phenomena.p05()
    return measured["low"], measured["high"]


def _is_intimate(run) -> bool:
    distant, intimate = _ends()
    value = _mean_intimacy(run)
    return abs(value - intimate) < abs(value - distant)


@cache
def _tipping_trust(threshold: float) -> float:
    """The starting trust (same for both) above which the guarded couple ends intimate."""
    low, high = 0.0, 1.0
    for _ in range(12):  # bisection, as phenomena.p05 does
        middle = 0.5 * (low + high)
        run = _guarded(disclosure_threshold=threshold, trust_A=middle, trust_B=middle)
        low, high = (low, middle) if _is_intimate(run) else (middle, high)
    return 0.5 * (low + high)


def check_tipping_trust(answer) -> Feedback:
    """Exercise 1: the starting trust (same for A and B) at which the guarded couple tips.

    Examples
    --------
    >>> check_tipping_trust(0.1).correct
    False
    """
    return check_number(
        answer,
        phenomena.p05()["boundary"],
        tolerance=0.03,
        what="The tipping trust",
        hint="Type the same value in both boxes 'Trust (A)' and 'Trust (B)' of the starting "
        "point, from 0.2 upwards, until the readout switches from distant to intimate. "
        "Narrow it down in steps of 0.01.",
    )


@cache
def _uneven_ending() -> str:
    return "intimate" if _is_intimate(_guarded(**UNEVEN_START)) else "distant"


def check_trusting_meets_wary(answer) -> Feedback:
    """Exercise 2: where a guarded couple ends when A starts trusting (0.8) and B wary (0.2).

    Examples
    --------
    >>> check_trusting_meets_wary("maybe").correct
    False
    """
    why = {
        "intimate": "The trusting partner's disclosures invite the wary partner's and build "
        "their trust (reciprocity): the couple climbs the spiral together.",
        "distant": "The wary partner's closed gate gives the trusting partner nothing back, "
        "and the trusting partner's trust drains away.",
    }
    return check_choice(
        answer,
        _uneven_ending(),
        ["intimate", "distant"],
        explanation=why[_uneven_ending()],
        hint="Click on the map at trust of A 0.8, trust of B 0.2, and read the colour "
        "there and the readout.",
    )


def check_threshold_shift(answer) -> Feedback:
    """Exercise 3: whether a higher disclosure threshold moves the tipping trust up.

    Examples
    --------
    >>> check_threshold_shift(...).correct is None
    True
    """
    default = phenomena.model().param_specs["disclosure_threshold"].default
    shift = _tipping_trust(RAISED_THRESHOLD) - _tipping_trust(default)
    return check_sign(
        answer,
        shift,
        what="The tipping trust",
        hint=f"Type {RAISED_THRESHOLD:g} in the 'disclosure threshold' box, press Recompute "
        "map, and compare where the colours meet on the diagonal before and after.",
    )


@cache
def _turns_against_blocks(reciprocity: float) -> float:
    """End intimacy in quarter-day turns minus one long block each, at ``reciprocity``."""
    scenario = catalog.load("P06_alternating_turns")
    params = {"reciprocity_A": reciprocity, "reciprocity_B": reciprocity}
    ends = []
    for length in (TURN_LENGTHS[0], TURN_LENGTHS[-1]):
        run = scenario.run(phenomena.model(), params=params, inputs=speaking_turns(length))
        ends.append(0.5 * (run["intimacy_A"][-1] + run["intimacy_B"][-1]))
    return float(ends[0] - ends[1])


def _advantage_without_reciprocity() -> str:
    """How the advantage of quarter-day turns changes without reciprocity (a word)."""
    default = phenomena.model().param_specs["reciprocity_A"].default
    with_it, without = _turns_against_blocks(default), _turns_against_blocks(0.0)
    if without <= -VISIBLE / 4:
        return "reverses"
    if abs(without) < VISIBLE / 4:
        return "vanishes"
    return "grows" if without > with_it else "shrinks"


def check_turns_without_reciprocity(answer) -> Feedback:
    """Exercise 4: without reciprocity, what happens to the advantage of short turns.

    Answer one of :data:`TURNS_WITHOUT_RECIPROCITY`.

    Examples
    --------
    >>> check_turns_without_reciprocity("both").correct
    False
    """
    default = phenomena.model().param_specs["reciprocity_A"].default
    with_it, without = _turns_against_blocks(default), _turns_against_blocks(0.0)
    return check_choice(
        answer,
        _advantage_without_reciprocity(),
        TURNS_WITHOUT_RECIPROCITY,
        explanation=f"Quarter-day turns beat one long block each by {with_it:+.3f} with "
        f"reciprocity {default:g} and by {without:+.3f} without it. Each partner's disclosure "
        "invites the other's next one (reciprocity), and a disclosure answered while the "
        "partner's is still fresh counts as reciprocated. Short turns use both.",
        hint="In the turn-taking explorer, read the difference in the readout at quarter-day "
        "turns, then set both reciprocity boxes to 0 and read it again.",
    )


def check_half_way_day(answer) -> Feedback:
    """Exercise 5: the day by which the strangers covered half their rise in intimacy.

    Examples
    --------
    >>> check_half_way_day(60).correct
    False
    """
    return check_number(
        answer,
        phenomena.p16()["t50"],
        tolerance=1.5,
        what="The half-way day",
        hint="Pick 'Strangers (P16)' in the Preset menu and read the 50 % marker on the "
        "couple's intimacy, beside the map (or the readout).",
    )


# ------------------------------------------------------------ predict, then reveal
def predict_two_starts(explorer=None) -> PredictThenReveal:
    """Predict: does the guarded couple end the same from low and from high starting trust.

    On reveal, ``explorer`` (a :class:`TrustSpiralExplorer`) starts the couple at the
    high trust, so its plots show the answer.

    Examples
    --------
    >>> step = predict_two_starts()
    >>> step.answer in step.choice.options
    True
    """
    measured = phenomena.p05()
    low, high = (ending_of(measured[k]).leans for k in ("low", "high"))
    options = {
        ("intimate", "intimate"): "Both end intimate",
        ("distant", "distant"): "Both end distant",
        ("distant", "intimate"): "The low start ends distant, the high start intimate",
        ("intimate", "distant"): "The low start ends intimate, the high start distant",
    }
    high_start = catalog.load("P05_guarded_high_trust").y0

    def reveal():
        if explorer is not None:
            explorer.set(**high_start)

    return PredictThenReveal(
        "A guarded couple starts at trust 0.2 (both partners) and ends distant. The same "
        "couple, with nothing else changed, starts at trust 0.8. Where do they end?",
        list(options.values()),
        options[low, high],
        "Where a couple ends depends on where it starts: the map has two colours and the "
        "couple's history decides which one it lands in (path dependence).",
        on_reveal=reveal,
    )


def predict_turns() -> PredictThenReveal:
    """Predict: short alternating turns or one long block each, at equal speaking time.

    Examples
    --------
    >>> predict_turns().answer in ("Short alternating turns", "One long block each")
    True
    """
    reciprocity = phenomena.model().param_specs["reciprocity_A"].default
    advantage = _turns_against_blocks(reciprocity)
    options = ["Short alternating turns", "One long block each", "It makes no difference"]
    if abs(advantage) < VISIBLE / 4:
        answer = options[2]
    else:
        answer = options[0] if advantage > 0 else options[1]
    return PredictThenReveal(
        "A and B talk for the same total time. In one conversation they swap every quarter "
        "of a day; in the other, A talks for the whole first half and B for the second. "
        "Which conversation ends more intimate?",
        options,
        answer,
        f"At the end, the short turns are ahead by {advantage:+.3f} on the intimacy scale. "
        "In short turns each partner answers a disclosure while it is still fresh, so "
        "disclosure is reciprocated, and each disclosure invites the other's next one. In "
        "one long block each, one partner only talks and the other only listens. Read the "
        f"readout below, then set the turn length to {TURN_LENGTHS[-1]:g} days.",
    )


def predict_strangers() -> PredictThenReveal:
    """Predict: how fast the strangers of P16 reach their long-run intimacy.

    Examples
    --------
    >>> predict_strangers().answer
    'Gradually, over a few weeks'
    """
    t90 = phenomena.p16()["t90"]
    options = ["In a jump, within a day or two", "Gradually, over a few weeks", "Over a year"]
    answer = options[0] if t90 < 3 else options[1] if t90 < 90 else options[2]
    return PredictThenReveal(
        "Two strangers with ordinary traits start with little trust and little disclosure. "
        "How does their felt intimacy grow?",
        options,
        answer,
        f"Intimacy needs trust, and trust has to be learned from exchange: in the model "
        f"the strangers reach 90 % of their long-run intimacy after about {t90:.0f} days.",
    )


# ------------------------------------------------------- actor and partner effects
@cache
def critic_effects(willingness_held: bool = False) -> ActorPartnerEffects:
    """Actor and partner effects on long-run intimacy of turning critical (:data:`CRITICAL`).

    With ``willingness_held``, A's willingness to disclose cannot change (it stays at its
    long-run level with a supportive B): A cannot withdraw.

    Examples
    --------
    >>> effects = critic_effects()
    >>> effects.partner("A") < effects.actor("B") < 0   # A loses most, and B loses too
    True
    """
    model = phenomena.model()
    if not willingness_held:
        return actor_partner_effects(model, "response_valence", "intimacy", to=CRITICAL)
    supportive = phenomena.long_run("P01_supportive_partner", "disclosure_A")
    held = phenomena.holding("disclosure_A")
    return actor_partner_effects(
        held, "response_valence", "intimacy", to=CRITICAL, y0={"disclosure_A": supportive}
    )


_WHOSE_LOSS = {
    "partner": "The partner effect on A is larger",
    "actor": "B's actor effect on B is larger",
    "none": "B's actor effect is zero: B's tone is not in B's own equations",
}


def predict_critic_effects() -> PredictThenReveal:
    """Predict: B turns critical; which is larger, the partner effect or B's actor effect.

    Examples
    --------
    >>> predict_critic_effects().answer
    'The partner effect on A is larger'
    """
    effects, held = critic_effects(), critic_effects(willingness_held=True)
    on_a, on_b, on_b_held = effects.partner("A"), effects.actor("B"), held.actor("B")
    share = "almost all" if abs(on_b_held) < abs(on_b) / 5 else "part"
    if abs(on_b) < VISIBLE / 4:
        answer = _WHOSE_LOSS["none"]
    else:
        answer = _WHOSE_LOSS["partner" if abs(on_a) > abs(on_b) else "actor"]
    return PredictThenReveal(
        f"B's tone turns from supportive to critical ({CRITICAL:+.1f}); nothing else "
        "changes. B's partner effect is the change of A's long-run intimacy; B's actor "
        "effect is the change of B's own. Which is larger?",
        list(_WHOSE_LOSS.values()),
        answer,
        f"A's long-run intimacy changes by {on_a:+.2f} (the partner effect) and B's own by "
        f"{on_b:+.2f} (B's actor effect). B's tone is only in what A reads, so B's actor "
        "effect has to travel through A: A withdraws and tells B less. Hold A's "
        "willingness to disclose where it was, so that A cannot withdraw, and B's actor "
        f"effect becomes {on_b_held:+.3f}: {share} of B's loss came back through A's "
        "withdrawal.",
    )


def check_critic_actor_effect(answer) -> Feedback:
    """Exercise 6: B's actor effect on B's own long-run intimacy when B turns critical.

    Examples
    --------
    >>> check_critic_actor_effect(0.5).correct
    False
    """
    return check_number(
        answer,
        critic_effects().actor("B"),
        tolerance=0.015,
        what="B's actor effect",
        hint="In the bar chart, find the bars of partner B and read the one for B's own "
        "change (the actor effect). It is negative: B loses.",
    )
