import math
from functools import cache

from intimacy_dynamics import simulate
from intimacy_dynamics.analysis import limit_cycle
from intimacy_dynamics.classic import (
    felmlee_greenberg,
    felmlee_greenberg_equilibrium,
    gottman_map,
    laura_petrarch,
    mu_crit,
)
from intimacy_dynamics.exercises import classic_models as ex
from tests.docs.claims.helpers import computed, setting
from tests.docs.claims.lesson_08_classic_models import CLAIMS as LESSON


def _petrarch_without_appeal() -> float:
    """Where Petrarch's love settles when Laura has no appeal for him (A_P = 0)."""
    run = simulate(laura_petrarch(), (0.0, 400.0), {"A_P": 0.0})
    return run.tail_mean("P")


def _ojive(kind: str, score: str):
    """An ojive attractor's score: the positive, neutral or negative marriage."""
    index = {"negative": 0, "neutral": 1, "positive": 2}[kind]
    return computed(lambda: ex.ojive_attractors()[index][score == "H"])


def _linear_gottman(which: str, partner: int):
    couple = gottman_map()
    points = {"set point": couple.uninfluenced_steady_states, "fixed": couple.fixed_point}
    return computed(lambda: points[which]()[partner])


@cache
def _simulated_cycle_onset() -> float:
    """The smallest beta_Z with a sustained cycle in a long run (bisection)."""

    def cycles(beta_z: float) -> bool:
        run = limit_cycle(
            laura_petrarch(), {"beta_Z": beta_z}, "P", t_span=(0.0, 400.0), transient=0.5
        )
        return run.oscillating

    low, high = ex.inspiration_threshold(), 3.0
    for _ in range(8):
        middle = 0.5 * (low + high)
        low, high = (low, middle) if cycles(middle) else (middle, high)
    return 0.5 * (low + high)


CLAIMS = {
    "-0.042": _linear_gottman("fixed", 1),
    "0.375": _linear_gottman("fixed", 0),
    "0.4": [_linear_gottman("set point", 0), _ojive("neutral", "W")],
    "-0.17": [_linear_gottman("set point", 1), _ojive("neutral", "H")],
    "-1.6": _ojive("negative", "W"),
    "-1.83": _ojive("negative", "H"),
    "2.4": _ojive("positive", "W"),
    "1.5": [
        _ojive("positive", "H"),
        computed(lambda: math.sqrt(ex.FICKLE["a"] * ex.FICKLE["b"])),
        setting(lambda: ex.SLOW_INSPIRATION),
    ],
    "0.72": computed(_petrarch_without_appeal, tol=0.005),
    "0.78": computed(lambda: felmlee_greenberg_equilibrium(felmlee_greenberg().params())[0]),
    "1.86": computed(ex.inspiration_threshold),
    "15.47": computed(mu_crit),
    "2.1": computed(_simulated_cycle_onset, tol=0.05),
    "4.19": computed(ex.fickle_period),
    "4.2": computed(ex.fickle_period),
    # the settings and the values to try that the lesson states too
    **{k: LESSON[k] for k in ("-0.2", "0.2", "-0.5", "-3.0", "0.0", "0.12", "0.75", "5.3")},
}
