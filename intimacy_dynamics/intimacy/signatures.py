"""The signature of each phenomenon P01–P16, stated once as conditions with margins.

``PHENOMENA.md`` gives each phenomenon a signature a simulation can show. Here each one
is a function ``check(on=None) -> Verdict``: it measures the phenomenon on a model (with
:mod:`~intimacy_dynamics.intimacy.phenomena`) and states every claim as a
:class:`Condition` with its margin. The tests assert that every condition holds on the
default model; :mod:`~intimacy_dynamics.intimacy.robustness` counts how often they
hold on perturbed models; the lessons quote the same numbers.

Margins are chosen to be visible: a difference between two quantities of range
``[0, 1]`` counts only when it exceeds :data:`VISIBLE`, two points on the plots'
scale.

``python -m intimacy_dynamics.intimacy.signatures [P01 ...]`` prints the verdicts, every
condition with the margin by which it holds (all sixteen when none is named).

Examples
--------
>>> verdict = check("P01")
>>> verdict.holds
True
>>> print(verdict)  # doctest: +ELLIPSIS
P01 holds:
  ✓ A's intimacy: critical partner < disinterested partner − 0.02  (by 0...)
  ✓ A's intimacy: disinterested partner < supportive partner − 0.02  (by 0...)
"""

from __future__ import annotations

import math
import sys
from collections.abc import Callable
from dataclasses import dataclass
from itertools import pairwise

import numpy as np

from intimacy_dynamics.analysis import limit_cycle
from intimacy_dynamics.errors import BadInputError
from intimacy_dynamics.intimacy import catalog, fusion
from intimacy_dynamics.intimacy import phenomena as ph
from intimacy_dynamics.intimacy.traits import NEGATIVE_TRAITS, POSITIVE_TRAITS

__all__ = [
    "P08_EFFECT",
    "SIGNATURES",
    "VISIBLE",
    "Condition",
    "Verdict",
    "check",
    "hopf_in_differentiation",
]

#: The smallest difference, in a quantity of range [0, 1], that a student can see.
VISIBLE = 0.02
#: How far each trait, raised alone to 0.9, must move long-run intimacy (P08).
P08_EFFECT = 0.012
#: P10's well-differentiated couple, and how far from the Hopf it samples the two sides.
P10_HIGH = 0.85
P10_ABOVE = 0.06
P10_BELOW = (0.04, 0.11, 0.18)


@dataclass(frozen=True)
class Condition:
    """One claim of a signature, and by how much it holds (``slack >= 0``) or fails."""

    claim: str
    slack: float

    @property
    def holds(self) -> bool:
        """True when the claim holds with its margin."""
        return self.slack >= 0

    def __str__(self) -> str:
        mark = "✓" if self.holds else "✗"
        return f"{mark} {self.claim}  (by {self.slack:.3g})"


@dataclass(frozen=True)
class Verdict:
    """Whether a phenomenon's signature holds, condition by condition."""

    phenomenon: str
    conditions: tuple[Condition, ...]

    @property
    def holds(self) -> bool:
        """True when every condition holds."""
        return all(c.holds for c in self.conditions)

    @property
    def failed(self) -> list[Condition]:
        """The conditions that do not hold."""
        return [c for c in self.conditions if not c.holds]

    def __str__(self) -> str:
        head = f"{self.phenomenon} {'holds' if self.holds else 'fails'}:"
        return "\n".join([head, *(f"  {c}" for c in self.conditions)])


def above(value: float, bound: float, claim: str) -> Condition:
    """``value > bound``, by ``value - bound``."""
    return Condition(claim, float(value - bound))


def below(value: float, bound: float, claim: str) -> Condition:
    """``value < bound``, by ``bound - value``."""
    return Condition(claim, float(bound - value))


def _verdict(phenomenon: str, *conditions: Condition) -> Verdict:
    return Verdict(phenomenon, tuple(conditions))


# ------------------------------------------------------------------ P01–P04
def p01(on=None) -> Verdict:
    """Critical ≤ disinterested < supportive, in A's long-run intimacy."""
    i = ph.p01(on)
    return _verdict(
        "P01",
        below(
            i["critical"],
            i["disinterested"] - VISIBLE,
            f"A's intimacy: critical partner < disinterested partner − {VISIBLE}",
        ),
        below(
            i["disinterested"],
            i["supportive"] - VISIBLE,
            f"A's intimacy: disinterested partner < supportive partner − {VISIBLE}",
        ),
    )


def p02(on=None) -> Verdict:
    """Deep, emotional disclosure: more intimacy with support, more lost trust with a critic."""
    i = ph.p02(on)
    return _verdict(
        "P02",
        above(
            i["deep_emotional"],
            i["shallow_factual"] + 0.1,
            "deep emotional > shallow factual + 0.1",
        ),
        above(
            i["deep_factual"], i["shallow_factual"] + 0.05, "deep factual > shallow factual + 0.05"
        ),
        above(
            i["shallow_emotional"],
            i["shallow_factual"] + VISIBLE,
            f"shallow emotional > shallow factual + {VISIBLE}",
        ),
        above(
            i["deep_emotional"],
            i["deep_factual"] + VISIBLE,
            f"deep emotional > deep factual + {VISIBLE}",
        ),
        below(
            i["trust_after_critic_deep"],
            i["trust_after_critic_shallow"] - 0.03,
            "trust after a week with a critic: deep < shallow − 0.03",
        ),
    )


def p03(on=None) -> Verdict:
    """Incongruent cues lower perceived responsiveness; immediacy amplifies both ways."""
    r = ph.p03_p04([s.name for s in catalog.for_phenomenon("P03")], on)
    supportive = r["P03_supportive_high_immediacy"] - r["P03_supportive_low_immediacy"]
    critical = r["P03_critical_high_immediacy"] - r["P03_critical_low_immediacy"]
    return _verdict(
        "P03",
        below(
            r["P03_sarcastic_smirk"], r["P03_congruent_cues"] - 0.2, "smirk < congruent cues − 0.2"
        ),
        above(supportive, 0.05, "immediacy raises a supportive response's effect by > 0.05"),
        below(critical, -0.05, "immediacy deepens a critical response's effect by > 0.05"),
    )


def p04(on=None) -> Verdict:
    """Both the partner's behaviour and one's own reading move perceived responsiveness."""
    names = [s.name for s in catalog.for_phenomenon("P04")] + ["P03_congruent_cues"]
    r = ph.p03_p04(names, on)
    behaviour = r["P04_responsive_partner"] - r["P04_unresponsive_partner"]
    reading = r["P03_congruent_cues"] - r["P04_negative_reader"]  # same B, A's bias 0 vs -0.5
    return _verdict(
        "P04",
        above(behaviour, 0.05, "effect of B's actual responsiveness > 0.05"),
        above(reading, 0.05, "effect of A's negative reading > 0.05"),
    )


# ------------------------------------------------------------------ P05–P09
def p05(on=None) -> Verdict:
    """A guarded couple ends intimate from high trust and distant from low trust."""
    r = ph.p05(on)
    return _verdict(
        "P05",
        above(r["high"], 0.4, "from high trust: long-run intimacy > 0.4"),
        below(r["low"], 0.1, "from low trust: long-run intimacy < 0.1"),
        above(r["boundary"], 0.25, "basin boundary in initial trust > 0.25"),
        below(r["boundary"], 0.65, "basin boundary in initial trust < 0.65"),
    )


def p06(on=None) -> Verdict:
    """Reciprocity: B's openness and care come back as A's; turns beat long blocks."""
    r = ph.p06(on)
    return _verdict(
        "P06",
        above(
            r["willingness_A_B_deep"],
            r["willingness_A_B_shallow"] + VISIBLE,
            f"A's willingness: B deep > B shallow + {VISIBLE}",
        ),
        above(
            r["perceived_A_B_cares_much"],
            r["perceived_A_B_cares_little"] + 0.05,
            "A's perceived responsiveness: B cares much > little + 0.05",
        ),
        above(
            r["responsiveness_A_B_cares_much"],
            r["responsiveness_A_B_cares_little"] + VISIBLE,
            f"A's own responsiveness: B cares much > little + {VISIBLE}",
        ),
        above(
            r["intimacy_alternating_turns"],
            r["intimacy_long_blocks"] + VISIBLE,
            f"intimacy: alternating turns > long blocks + {VISIBLE}",
        ),
        above(
            r["listener_intimacy"],
            r["discloser_intimacy"] + VISIBLE,
            f"in a one-way block: listener's intimacy > discloser's + {VISIBLE}",
        ),
    )


def p07(on=None) -> Verdict:
    """Perceived responsiveness partially mediates disclosure → intimacy."""
    r = ph.p07(on)
    return _verdict(
        "P07",
        above(r["total"], 0.05, "total effect of deeper disclosure > 0.05"),
        above(r["indirect_share"], 0.05, "indirect share > 0.05"),
        below(r["indirect_share"], 0.95, "indirect share < 0.95"),
    )


def p08(on=None) -> Verdict:
    """Each trait, raised alone, moves intimacy its documented way."""
    effects = ph.p08(on)
    raising = (*POSITIVE_TRAITS, "differentiation")
    lowering = (*NEGATIVE_TRAITS, "vulnerability_reluctance")
    return _verdict(
        "P08",
        *(above(effects[t], P08_EFFECT, f"{t} raises intimacy by > {P08_EFFECT}") for t in raising),
        *(
            below(effects[t], -P08_EFFECT, f"{t} lowers intimacy by > {P08_EFFECT}")
            for t in lowering
        ),
    )


def p09(on=None) -> Verdict:
    """The learned sex difference: larger between same-sex pairs, small where not taught."""
    r = ph.p09(on)
    western = r["western_same_sex_gap"]
    return _verdict(
        "P09",
        above(
            western,
            abs(r["western_mixed_gap"]) + 0.05,
            "Western: same-sex gap > |gap inside a mixed pair| + 0.05",
        ),
        below(
            abs(r["non_western_same_sex_gap"]),
            0.2 * western,
            "non-Western same-sex gap < 20 % of the Western one",
        ),
    )


# ---------------------------------------------------------------------- P10
def hopf_in_differentiation(on=None):
    """The Hopf point in both partners' differentiation (:func:`fusion.tipping_point`).

    Examples
    --------
    >>> point = hopf_in_differentiation()
    >>> 0.2 < point.value < 0.6
    True
    """
    return fusion.tipping_point(on)


def _stability_margin(branch, value: float) -> float:
    """How fast the equilibrium nearest ``value`` on the branch pulls back (1/day).

    Minus the largest real part of its eigenvalues: positive for a stable equilibrium.
    """
    k = int(np.argmin(np.abs(branch.values - value)))
    return float(-np.max(branch.eigenvalues[k].real))


def _closeness_cycle(tied, level: float):
    return limit_cycle(
        tied, {"differentiation": level}, "closeness_A", t_span=(0.0, 800.0), transient=0.6
    )


def _swing(cycle) -> float:
    """Peak-to-peak late-time swing of a sustained oscillation (0 when steady)."""
    return cycle.maximum - cycle.minimum if cycle.oscillating else 0.0


def p10(on=None) -> Verdict:
    """A stable, intimate, differentiated couple; below a Hopf in differentiation, cycles.

    The Hopf is located by continuation on the model measured. Above it the equilibrium
    is stable (the eigenvalues of the branch give how fast it pulls back); below it,
    simulation confirms a sustained oscillation of closeness whose swing grows as
    differentiation falls.
    """
    high = ph.p10(levels=(P10_HIGH,), on=on)[P10_HIGH]
    conditions = [
        above(high["intimacy"], 0.6, f"at differentiation {P10_HIGH}: intimacy > 0.6"),
        above(high["sense_of_self"], 0.9, f"at differentiation {P10_HIGH}: self > 0.9"),
    ]
    branch = fusion.differentiation_branch(on)
    point = branch.hopfs[0] if branch is not None and branch.hopfs else None
    if point is None:
        claim = "a Hopf bifurcation in differentiation"
        return _verdict("P10", *conditions, Condition(claim, -math.inf))
    conditions += [
        above(
            _stability_margin(branch, value),
            0.0,
            f"{where}: the equilibrium is stable (it pulls back at a rate > 0 per day)",
        )
        for value, where in (
            (P10_HIGH, f"at differentiation {P10_HIGH}"),
            (point.value + P10_ABOVE, f"{P10_ABOVE} above the Hopf (at {point.value:.3f})"),
        )
    ]
    tied = fusion.both_partners(on)
    swings = [_swing(_closeness_cycle(tied, point.value - offset)) for offset in P10_BELOW]
    conditions.append(
        above(swings[0], 0.2, f"closeness swings by > 0.2 at the Hopf − {P10_BELOW[0]}")
    )
    conditions += [
        above(swings[k + 1], swings[k], f"the swing grows from the Hopf − {a} to − {b}")
        for k, (a, b) in enumerate(pairwise(P10_BELOW))
    ]
    return _verdict("P10", *conditions)


# ------------------------------------------------------------------ P11–P16
def p11(on=None) -> Verdict:
    """A fused dyad drops deeper and recovers slower after the same disagreement."""
    r = ph.p11(on)
    fused, differentiated = r["fused"], r["differentiated"]
    return _verdict(
        "P11",
        above(fused["drop"], differentiated["drop"] + 0.1, "drop: fused > differentiated + 0.1"),
        above(
            fused["recovery"],
            differentiated["recovery"] + 1.0,
            "recovery: fused > differentiated + 1 day",
        ),
    )


def p12(on=None) -> Verdict:
    """Tolerating separateness gives more intimacy and an intact self."""
    r = ph.p12(on)
    keeps, trades = r["tolerates_separateness"], r["trades_disclosure_for_closeness"]
    return _verdict(
        "P12",
        above(
            keeps["intimacy"],
            trades["intimacy"] + VISIBLE,
            f"intimacy: keeps self > trades + {VISIBLE}",
        ),
        above(keeps["sense_of_self"], trades["sense_of_self"] + 0.2, "self: keeps > trades + 0.2"),
    )


def p13(on=None) -> Verdict:
    """Instant intimacy overshares before trust, fuses, and ends lower."""
    r = ph.p13(on)
    return _verdict(
        "P13",
        above(r["instant_disclosure_day2"], 0.6, "instant: willingness on day 2 > 0.6"),
        below(r["instant_trust_day2"], 0.45, "instant: trust on day 2 < 0.45"),
        below(
            r["instant_min_self"],
            r["gradual_min_self"] - 0.2,
            "lowest self: instant < gradual − 0.2",
        ),
        below(
            r["instant_intimacy"],
            r["gradual_intimacy"] - VISIBLE,
            f"long-run intimacy: instant < gradual − {VISIBLE}",
        ),
    )


def p14(on=None) -> Verdict:
    """A fearful person's attempts fall back, into isolation and loneliness."""
    r = ph.p14(on)
    return _verdict(
        "P14",
        above(min(r["attempt_peaks"]), 0.3, "every attempt opens willingness above 0.3"),
        below(r["disclosure"], 0.05, "long-run willingness < 0.05"),
        below(r["intimacy"], 0.2, "long-run intimacy < 0.2"),
        above(r["loneliness"], 0.6, "long-run loneliness > 0.6"),
        above(
            r["loneliness"],
            2 * r["reference_loneliness"],
            "loneliness > twice a reference person's",
        ),
    )


def p15(on=None) -> Verdict:
    """Intimacy buffers a stress pulse; its absence brings loneliness."""
    r = ph.p15(on)
    high, low = r["high"], r["low"]
    return _verdict(
        "P15",
        above(high["intimacy"], low["intimacy"] + 0.3, "intimacy: intimate couple > distant + 0.3"),
        below(high["rise"], low["rise"] - 0.05, "rise of distress: intimate < distant − 0.05"),
        below(high["duration"], low["duration"] - 0.3, "days distressed: intimate < distant − 0.3"),
        above(low["loneliness"], high["loneliness"] + 0.3, "loneliness: distant > intimate + 0.3"),
    )


def p16(on=None) -> Verdict:
    """Between strangers, intimacy rises smoothly over weeks."""
    r = ph.p16(on)
    return _verdict(
        "P16",
        above(r["t90"] - r["t10"], 10.0, "from 10 % to 90 % of the rise takes > 10 days"),
        below(r["largest_step"], 0.02, "no jump: largest step per 0.1 day < 0.02"),
        above(r["t50"], 5.0, "half the rise after day 5"),
        below(r["t50"], 30.0, "half the rise before day 30"),
    )


#: Every phenomenon's check, by id.
SIGNATURES: dict[str, Callable[..., Verdict]] = {
    f"P{k:02d}": check_function
    for k, check_function in enumerate(
        (p01, p02, p03, p04, p05, p06, p07, p08, p09, p10, p11, p12, p13, p14, p15, p16), start=1
    )
}


def check(phenomenon: str, on=None) -> Verdict:
    """Measure ``phenomenon`` (``"P05"``) on a model and say whether its signature holds."""
    if phenomenon not in SIGNATURES:
        raise BadInputError(f"unknown phenomenon {phenomenon!r}; they are P01 to P16")
    return SIGNATURES[phenomenon](on)


def main(argv=None) -> int:
    """Print the verdicts of the phenomena named in ``argv`` (all when none); 1 if any fails."""
    names = list(sys.argv[1:] if argv is None else argv) or list(SIGNATURES)
    verdicts = [check(name) for name in names]
    for verdict in verdicts:
        print(verdict, end="\n\n")
    return 0 if all(v.holds for v in verdicts) else 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
