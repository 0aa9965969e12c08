import inspect

from intimacy_dynamics.exercises.for_modelers import THRESHOLD_TOLERANCE, synthetic_diary
from intimacy_dynamics.intimacy import robustness
from tests.docs.claims.helpers import computed, not_model, setting
from tests.docs.prose import ROOT


def _lowest_share_in_the_published_table() -> float:
    result, _fingerprint = robustness.load(ROOT / "docs" / "robustness.json")
    return 100 * min(result.share().values())


CLAIMS = {
    "0.0": not_model("the default of a new state in example code"),
    "0.1": not_model("more measurement noise for the student to try"),
    "1.0": not_model("an intimacy pull for the student to try"),
    "0.8": setting(lambda: 1 - robustness.SPREAD),
    "1.2": setting(lambda: 1 + robustness.SPREAD),
    "0.02": setting(lambda: THRESHOLD_TOLERANCE),
    "98 %": computed(_lowest_share_in_the_published_table),
    "42": setting(lambda: inspect.signature(synthetic_diary).parameters["days"].default),
}
