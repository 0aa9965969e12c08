"""The first prediction and the self-checks of ``00_start_here.ipynb``.

The start notebook opens a small lab on the default couple, A and B, with a few
sliders (:data:`SLIDERS`). A first prediction asks what happens to A's trust when B's
replies turn critical; two self-checks show how exercises work (a number read off a
plot, and a direction). Every expected answer is simulated from the model when first
needed (and cached), never typed in.
"""

from __future__ import annotations

from functools import cache

from intimacy_dynamics.exercises.feedback import Feedback, check_number, check_sign, unanswered
from intimacy_dynamics.intimacy.phenomena import model
from intimacy_dynamics.simulation.simulate import simulate
from intimacy_dynamics.widgets.common import PredictThenReveal
from intimacy_dynamics.widgets.controls import control_label

__all__ = [
    "CRITICAL",
    "DEEPER",
    "DISINTERESTED",
    "PLOTS",
    "SLIDERS",
    "TRUST_OPTIONS",
    "check_effect_of_deeper_disclosure",
    "check_trust_with_disinterested_partner",
    "end_value",
    "first_prediction",
]

#: The sliders of the notebook's small lab: A's depth and fear, B's tone and care.
SLIDERS = ("depth_A", "fear_of_intimacy_A", "response_valence_B", "empathic_concern_B")
#: The panels of the small lab.
PLOTS = ("trust", "intimacy")
#: B's tone when critical, disinterested; A's depth when disclosing more deeply.
CRITICAL, DISINTERESTED, DEEPER = -0.7, 0.0, 0.9

#: The prediction's choices, and how large a change counts as one.
TRUST_OPTIONS = ("A's trust ends higher", "A's trust ends about the same", "A's trust ends lower")
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
    return control_label(model().spec(name))


def first_prediction(lab=None) -> PredictThenReveal:
    """Predict A's trust when B's replies turn critical; on reveal, move ``lab``'s slider.

    Parameters
    ----------
    lab : IntimacyLab, optional
        The notebook's lab: locking the prediction in sets B's tone to critical there.

    Examples
    --------
    >>> step = first_prediction()
    >>> step.answer in TRUST_OPTIONS
    True
    """
    before = end_value("trust_A")
    after = end_value("trust_A", response_valence_B=CRITICAL)
    change = after - before
    if abs(change) < NOTICEABLE:
        answer = TRUST_OPTIONS[1]
    else:
        answer = TRUST_OPTIONS[0] if change > 0 else TRUST_OPTIONS[2]
    explanation = (
        f"In the model, A's trust in B ends at {after:.2f} instead of {before:.2f}. "
        "Trust learns from how B answers each time A opens up."
    )
    on_reveal = None
    if lab is not None:
        explanation += (
            f" The slider {_label('response_valence_B')} below has moved to {CRITICAL:+.1f}:"
            " look at the Trust panel."
        )

        def on_reveal():
            lab.set(response_valence_B=CRITICAL)

    return PredictThenReveal(
        f"B starts answering A in a critical tone ({_label('response_valence_B')} from "
        f"{model().spec('response_valence_B').default:+.1f} to {CRITICAL:+.1f}). "
        "Where does A's trust in B end, compared with now?",
        TRUST_OPTIONS,
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
            f"Press Reset and note A's intimacy in the readout under the plots. Then set "
            f"{_label('depth_A')} to {DEEPER:g} and read it again."
        ),
    )
