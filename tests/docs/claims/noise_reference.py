"""docs/noise.md: its measured figures are in generated tables (checked by the slow test
in tests/noise/test_early_warning.py); the numbers in its prose are settings, and what
the linearisation says of the first control tried (a ramp of immediacy)."""

import functools
import inspect

from intimacy_dynamics.intimacy import early_warning as ew
from intimacy_dynamics.intimacy.model import NOISE_DEFAULT
from tests.docs.claims.helpers import computed, not_model, setting


@functools.cache
def _immediacy_control() -> dict[str, float]:
    """The largest changes, in %, along the immediacy ramp once used as the control."""
    along = ew.resilience_along(ew.Ramp("immediacy", 0.5, 0.8))
    return {name: 100 * change for name, change in along.changes().items()}


CLAIMS = {
    "0.025": setting(lambda: ew.CONTROL_SHIFT),
    "0.09": setting(lambda: ew.CONTROL_RAMP.end),
    "0.1": setting(lambda: ew.NOISE_FACTOR),
    "0.15": setting(lambda: ew.CONTROL_RAMP.start),
    "0.3": [setting(lambda: NOISE_DEFAULT), setting(lambda: ew.CONTROL_BOUND)],
    "0.5": setting(
        lambda: inspect.signature(ew.Warnings.share_rising).parameters["threshold"].default
    ),
    "0.6": [setting(lambda: ew.RAMP.start), setting(lambda: ew.WINDOW_SHARE)],
    "0.68": setting(lambda: ew.CONTROL_RAMP.together[0].end),
    "0.7": setting(lambda: ew.CONTROL_RAMP.together[0].start),
    "0.8": setting(lambda: ew.RAMP.end),
    "1 %": computed(lambda: _immediacy_control()["recovery rate"]),
    "1.2": not_model("the upper end of the slope the strong-order test accepts"),
    "3 %": [
        setting(lambda: 100 * ew.CONTROL_BAND),
        computed(lambda: _immediacy_control()["autocorrelation"]),
    ],
    "9 %": computed(lambda: _immediacy_control()["variance"]),
    "10.2": not_model("a section of Kloeden and Platen (1992)"),
    "14.1": not_model("a section of Kloeden and Platen (1992)"),
    "20": setting(lambda: ew.COLLAPSE_MARGIN),
    "200": setting(lambda: ew.BANDWIDTH),
    "4000": setting(lambda: ew.RAMP_DAYS),
    "80 %": not_model("the share of replicates issue 15 asks for"),
}
