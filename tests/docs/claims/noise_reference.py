"""docs/noise.md: its measured figures are in a generated table (checked by the slow test
in tests/noise/test_early_warning.py); the numbers in its prose are settings."""

import inspect

from intimacy_dynamics.intimacy import early_warning as ew
from intimacy_dynamics.intimacy.model import NOISE_DEFAULT
from tests.docs.claims.helpers import not_model, setting

CLAIMS = {
    "0.3": [setting(lambda: NOISE_DEFAULT), setting(lambda: ew.NOISE_FACTOR)],
    "0.5": [
        setting(lambda: ew.CONTROL_RAMP.start),
        setting(
            lambda: inspect.signature(ew.Warnings.share_rising).parameters["threshold"].default
        ),
    ],
    "0.6": [setting(lambda: ew.RAMP.start), setting(lambda: ew.WINDOW_SHARE)],
    "0.8": [setting(lambda: ew.RAMP.end), setting(lambda: ew.CONTROL_RAMP.end)],
    "1.2": not_model("the upper end of the slope the strong-order test accepts"),
    "10.2": not_model("a section of Kloeden and Platen (1992)"),
    "14.1": not_model("a section of Kloeden and Platen (1992)"),
    "20": setting(lambda: ew.COLLAPSE_MARGIN),
    "200": setting(lambda: ew.BANDWIDTH),
    "4000": setting(lambda: ew.RAMP_DAYS),
    "80 %": not_model("the share of replicates issue 15 asks for"),
}
