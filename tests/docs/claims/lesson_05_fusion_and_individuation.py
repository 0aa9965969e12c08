from intimacy_dynamics.exercises import fusion_and_individuation as ex
from intimacy_dynamics.intimacy import catalog
from intimacy_dynamics.intimacy.fusion import DIAL, both_partners
from tests.docs.claims.helpers import not_model, setting


def _differentiation(scenario):
    return lambda: catalog.load(scenario).params["differentiation_A"]


CLAIMS = {
    "0.01": not_model("a step on the dial the student is asked to try"),
    "0.1": not_model("where the student drags the dial to"),
    "0.2": setting(lambda: ex.SWING_SETTINGS[0]),
    "0.25": setting(lambda: ex.PERIOD_SETTING),
    "0.3": not_model("a dial setting below the tipping point for the student to try"),
    "0.33": setting(lambda: ex.SWING_SETTINGS[1]),
    "0.35": setting(_differentiation("P12_trades_disclosure_for_closeness")),
    "0.4": setting(_differentiation("P11_fused_disagreement")),
    "0.6": setting(lambda: ex.SWING_SETTINGS[2]),
    "0.7": setting(lambda: both_partners().param_specs[DIAL].default),
    "0.85": [
        setting(_differentiation("P11_differentiated_disagreement")),
        setting(_differentiation("P12_tolerates_separateness")),
    ],
    "150": setting(lambda: catalog.load("P11_fused_disagreement").inputs["disagreement"].start),
    "8.0": not_model("a slower-healing self for the student to try"),
}
