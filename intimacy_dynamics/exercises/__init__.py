"""Self-check functions for the notebooks' exercises: immediate feedback and hints.

One module per notebook (``exercises.disclosure_and_response`` for
``01_disclosure_and_response.ipynb``, and so on). Every expected answer is computed from
the model when the check runs, never typed in, so the checks stay true when the model
changes. The building blocks are in :mod:`intimacy_dynamics.exercises.feedback`.
"""

from intimacy_dynamics.exercises.feedback import (
    Feedback,
    check_choice,
    check_number,
    check_order,
    check_sign,
    unanswered,
)

__all__ = ["Feedback", "check_choice", "check_number", "check_order", "check_sign", "unanswered"]
