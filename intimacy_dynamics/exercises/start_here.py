"""The first prediction and the self-checks of ``00_start_here.ipynb``.

The start notebook opens a small lab on the default couple, A and B, with a few
sliders (:data:`SLIDERS`) and the panels trust, willingness to disclose and intimacy
(:data:`PLOTS`). A first prediction asks whose intimacy suffers when B's replies turn
critical: A's, and through A's withdrawal B's own too. Two self-checks show how
exercises work (a number read off a plot, and a direction). Every expected answer is
simulated from the model when first needed (and cached), never typed in.
"""

from __future__ import annotations

from functools import cache

from intimacy_dynamics.exercises.feedback import Feedback, check_number, check_sign, unanswered
from intimacy_dynamics.intimacy import catalog
from intimacy_dynamics.intimacy.phenomena import model
from intimacy_dynamics.simulation.simulate import simulate
from intimacy_dynamics.widgets.common import PredictThenReveal

__all__ = [
    "CRITICAL",
    "DEEPER",
    "DISINTERESTED",
    "LITTLE_CARE",
    "MUCH_FEAR",
    "PLOTS",
    "SLIDERS",
    "WHO_OPTIONS",
    "check_effect_of_deeper_disclosure",
    "check_trust_with_disinterested_partner",
    "end_value",
    "first_prediction",
]

#: The sliders of the notebook's small lab: A's depth and fear, B's tone and care.
SLIDERS = ("depth_A", "fear_of_intimacy_A", "response_valence_B", "empathic_concern_B")
#: The panels of the small lab: trust, the willingness it opens, and felt intimacy.
PLOTS = ("trust", "disclosure", "intimacy")
#: B's tone when critical and when disinterested: the partners of P01.
CRITICAL, DISINTERESTED = (
    catalog.load(f"P01_{kind}_partner").params["response_valence_B"]
    for kind in ("critical", "disinterested")
)
#: A's depth when disclosing more deeply (exercise 2); B's care and A's fear in the
#: notebook's "things to try".
DEEPER, LITTLE_CARE, MUCH_FEAR = 0.9, 0.1, 0.9

#: The prediction's choices, by whose intimacy ends lower (A's, B's), and how large a
#: change counts as one.
WHO_OPTIONS = {
    (True, False): "Only A's: B is not the one being criticised",
    (True, True): "A's, and B's own too",
    (False, True): "Only B's",
    (False, False): "Neither's: it is only a tone of voice",
}
NOTICEABLE = 0.05


@cache
def end_value(quantity: str, **params: float) -> float:
    """``quantity`` at the end of a run of the default couple with ``params`` changed.

    Examples
    --------
    >>> 0 <= end_value("trust_A", response_valence_B=-0.7) <= 1
    True
    """
    return float(simulate(model(), params=params)[quantity][-1])


def _label(name: str) -> str:
    return model().spec(name).label_with_unit


def first_prediction(lab=None) -> PredictThenReveal:
    """Predict whose intimacy suffers when B's replies turn critical; reveal on ``lab``.

    The answer is two-sided: A, who is criticised, trusts B less and withdraws, and B,
    who is then confided in less, loses intimacy too.

    Parameters
    ----------
    lab : IntimacyLab, optional
        The notebook's lab: locking the prediction in sets B's tone to critical there.

    Examples
    --------
    >>> step = first_prediction()
    >>> step.answer in WHO_OPTIONS.values()
    True
    """

    def before_after(quantity: str) -> tuple[float, float]:
        return end_value(quantity), end_value(quantity, response_valence_B=CRITICAL)

    trust, willingness = before_after("trust_A"), before_after("disclosure_A")
    mine, yours = before_after("intimacy_A"), before_after("intimacy_B")
    answer = WHO_OPTIONS[
        mine[1] < mine[0] - NOTICEABLE,
        yours[1] < yours[0] - NOTICEABLE,
    ]
    explanation = (
        f"In the model, A's trust in B ends at {trust[1]:.2f} instead of {trust[0]:.2f}, "
        f"and A withdraws: A's willingness to disclose ends at {willingness[1]:.2f} "
        f"instead of {willingness[0]:.2f}. A's intimacy ends at {mine[1]:.2f} instead of "
        f"{mine[0]:.2f}. B's own intimacy ends at {yours[1]:.2f} instead of {yours[0]:.2f}, "
        "although nobody criticised B: A has withdrawn, so B is told less. What B does "
        "comes back to B."
    )
    on_reveal = None
    if lab is not None:
        explanation += (
            f" The slider {_label('response_valence_B')} below has moved to {CRITICAL:+.1f}:"
            " compare A's and B's lines in the three panels."
        )

        def on_reveal():
            lab.set(response_valence_B=CRITICAL)

    return PredictThenReveal(
        f"B starts answering A in a critical tone ({_label('response_valence_B')} from "
        f"{model().spec('response_valence_B').default:+.1f} to {CRITICAL:+.1f}). "
        f"After {model().t_span[1]:g} days, whose intimacy ends lower than now?",
        list(WHO_OPTIONS.values()),
        answer,
        explanation,
        on_reveal,
    )


def check_trust_with_disinterested_partner(answer) -> Feedback:
    """Exercise 1: A's trust at the end of the run when B's tone is disinterested (0).

    Examples
    --------
    >>> check_trust_with_disinterested_partner(...).correct is None
    True
    >>> check_trust_with_disinterested_partner(end_value("trust_A")).correct
    False
    """
    if (empty := unanswered(answer)) is not None:
        return empty
    expected = end_value("trust_A", response_valence_B=DISINTERESTED)
    return check_number(
        answer,
        expected,
        tolerance=0.03,
        what="A's final trust of",
        hint=(
            f"Press Reset, type {DISINTERESTED:g} in the box {_label('response_valence_B')} "
            "and press Enter. Then hover over the right end of A's line in the Trust panel."
        ),
    )


def check_effect_of_deeper_disclosure(answer) -> Feedback:
    """Exercise 2: whether A's intimacy ends higher or lower when A discloses more deeply.

    Answer ``"up"``, ``"down"`` or ``"none"``.

    Examples
    --------
    >>> check_effect_of_deeper_disclosure("sideways").correct
    False
    """
    if (empty := unanswered(answer)) is not None:
        return empty
    change = end_value("intimacy_A", depth_A=DEEPER) - end_value("intimacy_A")
    return check_sign(
        answer,
        change,
        what="A's intimacy",
        hint=(
            f"Press Reset and note A's intimacy in the readout above the plots. Then set "
            f"{_label('depth_A')} to {DEEPER:g} and read it again."
        ),
    )
