import inspect

from intimacy_dynamics.analysis import fitting
from intimacy_dynamics.intimacy import robustness
from tests.docs.claims.helpers import not_model, setting


def _collinear_limit() -> float:
    return inspect.signature(fitting._unidentifiable).parameters["limit"].default


CLAIMS = {
    "-0.5": not_model("a reading of answers for the student to try"),
    "0.1": not_model("more measurement noise for the student to try"),
    "0.995": setting(_collinear_limit),
    "14": not_model("a shorter diary for the student to try"),
    "20 %": setting(lambda: 100 * robustness.SPREAD),
}
