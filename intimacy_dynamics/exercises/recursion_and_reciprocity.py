"""Self-checks for ``02_recursion_and_reciprocity.ipynb``: the trust spiral and turn-taking.

Every expected answer is computed from the model (the guarded couple of P05, the
turn-taking scenarios of P06 and the strangers of P16) the first time a check runs, and
cached. The ``predict_...`` functions build the lesson's predict-then-reveal steps, with
answers computed the same way.
"""

from __future__ import annotations

from functools import cache

from intimacy_dynamics.exercises.feedback import Feedback, check_choice, check_number, check_sign
from intimacy_dynamics.intimacy import phenomena
from intimacy_dynamics.scenarios import catalog
from intimacy_dynamics.widgets.common import PredictThenReveal
from intimacy_dynamics.widgets.trust_spiral import TURN_LENGTHS, ending, turn_schedules

__all__ = [
    "check_half_way_day",
    "check_threshold_shift",
    "check_tipping_trust",
    "check_trusting_meets_wary",
    "check_turns_without_reciprocity",
    "predict_strangers",
    "predict_turns",
    "predict_two_starts",
]

#: The guarded couple's disclosure threshold in exercise 3 is raised from the default to this.
RAISED_THRESHOLD = 0.25
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
        hint="Tick 'Same starting trust for A and B', then move the starting trust of A "
        "up from 0.2 until the readout switches from distant to intimate. Narrow it down "
        "with the number box.",
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
    """Exercise 3: whether a higher disclosure threshold (0.25) moves the tipping trust up.

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
        hint="Type 0.25 in the 'disclosure threshold' box, press Recompute map, and "
        "compare where the colours meet on the diagonal before and after.",
    )


@cache
def _turns_against_blocks(reciprocity: float) -> float:
    """End intimacy in quarter-day turns minus one long block each, at ``reciprocity``."""
    scenario = catalog.load("P06_alternating_turns")
    params = {"reciprocity_A": reciprocity, "reciprocity_B": reciprocity}
    ends = []
    for length in (TURN_LENGTHS[0], TURN_LENGTHS[-1]):
        run = scenario.run(phenomena.model(), params=params, inputs=turn_schedules(length))
        ends.append(0.5 * (run["intimacy_A"][-1] + run["intimacy_B"][-1]))
    return float(ends[0] - ends[1])


def check_turns_without_reciprocity(answer) -> Feedback:
    """Exercise 4: without reciprocity, whether turns or long blocks end more intimate.

    Examples
    --------
    >>> check_turns_without_reciprocity("both").correct
    False
    """
    better = "turns" if _turns_against_blocks(0.0) > 0 else "blocks"
    why = {
        "blocks": "The advantage of taking turns comes from reciprocity: each partner's "
        "disclosure invites the other's next one. Without it, alternating no longer helps.",
        "turns": "Even without reciprocity, short turns still come out ahead in this model.",
    }
    return check_choice(
        answer,
        better,
        ["turns", "blocks"],
        explanation=why[better],
        hint="In the turn-taking explorer, set both reciprocity boxes to 0 and compare "
        "quarter-day turns with a turn length of 10 days (the readout gives both).",
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
        hint="Choose the couple 'Strangers (P16)' and read the 50 % marker on the "
        "intimacy plot (or the readout).",
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
    low, high = (ending(measured[k], measured[k]) for k in ("low", "high"))
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
    turns_win = _turns_against_blocks(reciprocity) > 0
    options = ["Short alternating turns", "One long block each", "It makes no difference"]
    return PredictThenReveal(
        "A and B talk for the same total time. In one conversation they swap every quarter "
        "of a day; in the other, A talks for the whole first half and B for the second. "
        "Which conversation ends more intimate?",
        options,
        options[0] if turns_win else options[1],
        "Each disclosure invites the other's (reciprocity), so in short turns the two "
        "keep inviting each other. The difference is small in this model: read it in the "
        "readout below, then set the turn length to 10 days.",
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
