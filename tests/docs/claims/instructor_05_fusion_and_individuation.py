from intimacy_dynamics.exercises import fusion_and_individuation as ex
from intimacy_dynamics.intimacy import catalog
from intimacy_dynamics.intimacy.model import STRUCTURAL_CONSTANTS
from tests.docs.claims.helpers import computed, not_model, setting


def _differentiation(scenario):
    return lambda: catalog.load(scenario).params["differentiation_A"]


CLAIMS = {
    "0.03": setting(lambda: ex.TIPPING_TOLERANCE),
    "0.2": setting(lambda: ex.SWING_SETTINGS[0]),
    "0.25": setting(lambda: ex.PERIOD_SETTING),
    "0.33": setting(lambda: ex.SWING_SETTINGS[1]),
    "0.35": setting(_differentiation("P12_trades_disclosure_for_closeness")),
    "0.4": setting(_differentiation("P11_fused_disagreement")),
    "0.6": setting(lambda: ex.SWING_SETTINGS[2]),
    "0.85": [
        setting(_differentiation("P11_differentiated_disagreement")),
        setting(_differentiation("P12_tolerates_separateness")),
    ],
    # the factor (1 + floor - differentiation): how hard a disagreement hits
    "1.1": computed(lambda: 1 + STRUCTURAL_CONSTANTS["DISAGREEMENT_FLOOR"][0]),
    "150": setting(lambda: catalog.load("P11_fused_disagreement").inputs["disagreement"].start),
    "90 %": not_model("how far back counts as recovered: P11's definition of recovery time"),
}
