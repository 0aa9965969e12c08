"""Self-checks for lesson 08, "Classic models of love dynamics".

Every expected answer is computed from the classic models of
:mod:`intimacy_dynamics.classic` (by simulation, from their Jacobians or from the
published closed forms the package implements), never typed in.

A check returns at once, without computing anything, while the answer is still ``...``.
"""

from __future__ import annotations

from functools import cache

import numpy as np

from intimacy_dynamics.analysis import classify, limit_cycle, measure_oscillation
from intimacy_dynamics.classic import (
    cautious_lovers,
    felmlee_greenberg,
    felmlee_greenberg_equilibrium,
    fickle_lover,
    gottman_map,
    laura_petrarch,
    mu,
    mu_crit,
)
from intimacy_dynamics.exercises.feedback import (
    Feedback,
    check_choice,
    check_number,
    check_sign,
    unanswered,
)
from intimacy_dynamics.simulation.simulate import simulate
from intimacy_dynamics.widgets.common import PredictThenReveal

__all__ = [
    "CAUTIOUS",
    "FICKLE",
    "FICKLE_OUTCOMES",
    "INSPIRATION_OUTCOMES",
    "KINDS",
    "SLOW_INSPIRATION",
    "cautious_kind",
    "check_cautious_equilibrium",
    "check_fickle_period",
    "check_inspiration_threshold",
    "check_ojive_attractors",
    "check_partner_influence",
    "fickle_period",
    "inspiration_threshold",
    "ojive_attractors",
    "partner_influence_effect",
    "predict_fickle",
    "predict_inspiration",
]

#: Exercise 1: Romeo's fickleness a and Juliet's echo b.
FICKLE = {"a": 3.0, "b": 0.75}
#: Exercise 2: two identical cautious lovers, caution a and responsiveness b.
CAUTIOUS = {"a": -1.0, "b": 2.0}
#: The kinds of equilibria a student can choose from.
KINDS = ("stable node", "stable focus", "saddle", "unstable node", "unstable focus", "center")


# -------------------------------------------------------------- Strogatz
@cache
def fickle_period() -> float:
    """The period of the fickle lovers of :data:`FICKLE`, measured on a simulation.

    Examples
    --------
    >>> round(fickle_period(), 2)     # 2π/√(ab) = 2π/1.5
    4.19
    """
    run = simulate(fickle_lover(**FICKLE), (0.0, 40.0), n_points=8001, rtol=1e-10, atol=1e-12)
    return float(measure_oscillation(run.t, run["R"], threshold=1e-3).period)


def check_fickle_period(answer) -> Feedback:
    """Exercise 1: how long one cycle of love and hate takes for ``a = 3``, ``b = 0.75``.

    Parameters
    ----------
    answer : float
        The period, in the model's time units (within 0.1).

    Examples
    --------
    >>> check_fickle_period(4.2)
    Correct: The period 4.2 matches the model (4.19).
    >>> check_fickle_period(6.28).correct
    False
    """
    if (empty := unanswered(answer)) is not None:
        return empty
    return check_number(
        answer,
        expected=fickle_period(),
        tolerance=0.1,
        what="The period",
        hint=(
            "In the time-series lab set b = -3 (Romeo runs from Juliet's love) and c = 0.75 "
            "(Juliet echoes him), then read the period in the readout; or use the formula "
            "in the text."
        ),
    )


#: The choices of the prediction on the fickle lovers, by the kind of their equilibrium.
FICKLE_OUTCOMES = {
    "stable": "mutual love",
    "center": "an endless cycle of love and hate",
    "other": "mutual indifference",
}


def predict_fickle(plane) -> PredictThenReveal:
    """Predict, then reveal: where Romeo (in love) and Juliet (indifferent) end up.

    The answer follows from the kind of the origin of the explorer's own model
    (a center: a closed orbit); revealing starts a trajectory at (1, 0) on ``plane``.
    """
    kind = plane.equilibria[0].kind
    answer = FICKLE_OUTCOMES["center" if kind == "center" else "other"]
    return PredictThenReveal(
        "Romeo starts in love, Juliet indifferent. Where do they end up?",
        list(FICKLE_OUTCOMES.values()),
        answer,
        f"The origin is a {kind}: the couple goes round a closed orbit for ever, and they "
        "love each other at the same time only a quarter of the time (Strogatz 1988).",
        on_reveal=lambda: plane.click(1.0, 0.0),
    )


@cache
def cautious_kind() -> str:
    """The kind of the origin for the cautious lovers of :data:`CAUTIOUS`.

    Examples
    --------
    >>> cautious_kind()
    'saddle'
    """
    model = cautious_lovers(**CAUTIOUS)
    jacobian = model.compile().jacobian(0.0, [0.0, 0.0], model.params().as_list())
    return classify(np.linalg.eigvals(jacobian))[0]


def check_cautious_equilibrium(answer) -> Feedback:
    """Exercise 2: the kind of equilibrium of two cautious lovers (``a = -1``, ``b = 2``).

    Parameters
    ----------
    answer : str
        One of :data:`KINDS`.

    Examples
    --------
    >>> check_cautious_equilibrium("saddle")
    Correct: 'saddle' is right. ...
    >>> check_cautious_equilibrium("stable node").correct
    False
    """
    if (empty := unanswered(answer)) is not None:
        return empty
    a, b = CAUTIOUS["a"], CAUTIOUS["b"]
    outcome = (
        "responsiveness beats caution, so the couple ends in a love fest or a war, "
        "depending on where it starts"
        if a + b > 0
        else "caution wins, and the affair fizzles out to indifference"
    )
    return check_choice(
        answer,
        cautious_kind(),
        KINDS,
        explanation=f"The eigenvalues are a + b = {a + b:g} and a - b = {a - b:g}: {outcome}.",
        hint=(
            "Set a = d = -1 and b = c = 2 in the phase plane and read the equilibrium in the "
            "message under it; or compute the eigenvalues a ± b."
        ),
    )


# -------------------------------------------------------------- Rinaldi
@cache
def inspiration_threshold() -> float:
    r"""The smallest :math:`\beta_Z` with a cycle by Rinaldi's theorem: :math:`\mu_{crit}\alpha_Z`.

    Examples
    --------
    >>> round(inspiration_threshold(), 3)
    1.856
    """
    model = laura_petrarch()
    return mu_crit(model) * model.params()["alpha_Z"]


def check_inspiration_threshold(answer) -> Feedback:
    r"""Exercise 3: the inspiration gain :math:`\beta_Z` at which the theorem's cycle starts.

    Parameters
    ----------
    answer : float
        :math:`\beta_Z` (per year) with :math:`\mu = \beta_Z/\alpha_Z = \mu_{crit}`, the
        other parameters calibrated (within 0.05).

    Examples
    --------
    >>> check_inspiration_threshold(1.86).correct
    True
    >>> check_inspiration_threshold(12)
    Not yet: Your answer 12 is too high. Hint: ...
    """
    if (empty := unanswered(answer)) is not None:
        return empty
    return check_number(
        answer,
        expected=inspiration_threshold(),
        tolerance=0.05,
        hint=(
            "The cycle needs mu = beta_Z / alpha_Z above mu_crit(), with alpha_Z = 0.12 per "
            "year: solve for beta_Z."
        ),
    )


#: The inspiration gain (per year) the Laura-Petrarch prediction lowers beta_Z to.
SLOW_INSPIRATION = 1.5
#: How long the prediction simulates, in years: long enough for the slow inspiration.
INSPIRATION_YEARS = 400.0
#: The choices of that prediction.
INSPIRATION_OUTCOMES = ("the cycle goes on", "the cycle dies out and love settles")


def predict_inspiration(lab, beta_Z: float = SLOW_INSPIRATION) -> PredictThenReveal:
    r"""Predict, then reveal: Laura and Petrarch's cycle with a weaker inspiration.

    The answer is a long simulation of the lab's model at its current settings with
    ``beta_Z`` changed; the explanation sets it against Rinaldi's theorem
    (:math:`\mu` against :math:`\mu_{crit}`). Revealing moves the lab's slider.

    Examples
    --------
    >>> from intimacy_dynamics.widgets import ModelLab
    >>> lab = ModelLab(laura_petrarch(), params=["beta_Z"])
    >>> step = predict_inspiration(lab)
    >>> step.answer
    'the cycle dies out and love settles'
    >>> step.choice.value = step.answer
    >>> step.reveal()
    >>> lab.plot.params["beta_Z"]          # the slider in the page has moved
    1.5
    """
    now = lab.current_params()
    lower = now.evolve(beta_Z=beta_Z)
    cycle = limit_cycle(lab.model, dict(lower), "P", t_span=(0.0, INSPIRATION_YEARS), transient=0.5)
    answer = INSPIRATION_OUTCOMES[0 if cycle.oscillating else 1]
    side = "above" if mu(lower) > mu_crit(lower) else "below"
    return PredictThenReveal(
        f"Lower Petrarch's inspiration gain beta_Z from {now['beta_Z']:g} to {beta_Z:g} per "
        f"year: mu = beta_Z / alpha_Z falls from {mu(now):.3g} to {mu(lower):.3g}, "
        f"against mu_crit = {mu_crit(lower):.2f}. What happens to the cycle?",
        INSPIRATION_OUTCOMES,
        answer,
        f"Rinaldi's theorem: a cycle when mu > mu_crit, a steady state when mu < mu_crit. "
        f"Here mu is {side} mu_crit, and a long simulation agrees: {answer}. Watch the "
        "phase view of Petrarch's love against his inspiration spiral into a point.",
        on_reveal=lambda: lab.set(beta_Z=beta_Z),
    )


# -------------------------------------------------------------- Gottman
@cache
def ojive_attractors(turns: int = 60) -> tuple[tuple[float, float], ...]:
    """The distinct end points of the ojive marriage map from a grid of starting moods.

    Examples
    --------
    >>> ojive_attractors()
    ((-1.6, -1.833), (0.4, -0.167), (2.4, 1.5))
    """
    couple = gottman_map("ojive")
    starts = np.linspace(-3.0, 3.0, 13)
    ends = set()
    for wife in starts:
        for husband in starts:
            end = couple.iterate(turns, W0=float(wife), H0=float(husband)).final()
            ends.add((round(end["W"], 3), round(end["H"], 3)))
    return tuple(sorted(ends))


def check_ojive_attractors(answer) -> Feedback:
    """Exercise 4: how many different places the ojive couple's conversation can settle.

    Parameters
    ----------
    answer : int
        The number of attractors of the map with the ojive influence functions.

    Examples
    --------
    >>> check_ojive_attractors(3)
    Correct: The number of attractors 3 matches the model (3).
    >>> check_ojive_attractors(2).correct
    False
    """
    if (empty := unanswered(answer)) is not None:
        return empty
    return check_number(
        answer,
        expected=len(ojive_attractors()),
        tolerance=0,
        what="The number of attractors",
        hint=(
            "Iterate the ojive map from very negative, neutral and very positive starting "
            "moods and count the different end points."
        ),
    )


# --------------------------------------------------------- Felmlee–Greenberg
@cache
def partner_influence_effect(step: float = 0.01) -> float:
    """How much x's equilibrium moves when x's partner influence ``a2`` rises by ``step``.

    Examples
    --------
    >>> partner_influence_effect() < 0      # x (ideal 1) is pulled towards y (ideal -0.5)
    True
    """
    base = felmlee_greenberg().params()
    before = felmlee_greenberg_equilibrium(base)[0]
    after = felmlee_greenberg_equilibrium(base.evolve(a2=base["a2"] + step))[0]
    return after - before


def check_partner_influence(answer) -> Feedback:
    """Exercise 5: the direction in which more partner influence ``a2`` moves x's equilibrium.

    Parameters
    ----------
    answer : str or float
        ``"up"``, ``"down"`` or ``"none"`` (or a signed number).

    Examples
    --------
    >>> check_partner_influence("down").correct
    True
    >>> check_partner_influence("up")
    Not yet: x's equilibrium does not go up. Hint: ...
    """
    if (empty := unanswered(answer)) is not None:
        return empty
    return check_sign(
        answer,
        partner_influence_effect(),
        what="x's equilibrium",
        hint=(
            "Raise a2 in the Felmlee-Greenberg phase plane and watch the equilibrium: x's "
            "ideal is +1 and y's is -0.5, so which way does y pull x?"
        ),
    )
