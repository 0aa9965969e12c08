from intimacy_dynamics.intimacy import catalog
from intimacy_dynamics.intimacy.model import STRUCTURAL_CONSTANTS
from intimacy_dynamics.intimacy.phenomena import model
from tests.docs.claims.helpers import computed, not_model, setting


def _param(scenario, name):
    return setting(lambda: catalog.load(scenario).params[name])


def _stress(field):
    pulse = catalog.load("P15_stress_high_intimacy").inputs["stress_A"]
    return setting(lambda: getattr(pulse, field))


INSTANT, GRADUAL, FEARFUL = "P13_instant_intimacy", "P13_gradual_escalation", "P14_fear_of_intimacy"
LONELY_SHARE = STRUCTURAL_CONSTANTS["LONELY_DISTRESS_SHARE"][0]

CLAIMS = {
    "-0.5": _param(FEARFUL, "interpretation_bias_A"),
    "0.05": [_param(INSTANT, "fear_of_intimacy_A"), _param(INSTANT, "vulnerability_reluctance_A")],
    "0.1": _param(FEARFUL, "trust_propensity_A"),
    "0.2": [_param(INSTANT, "differentiation_A"), _param(FEARFUL, "intimacy_motive_A")],
    # loneliness = (1 - I)(1 - share + share X)
    "0.3": [computed(lambda: LONELY_SHARE), not_model("a small stress for the student to try")],
    "0.5": not_model("a differentiation halfway, for the student to try"),
    "0.6": not_model("a trust propensity for the student to try"),
    "0.7": computed(lambda: 1 - LONELY_SHARE),
    "0.75": _param(GRADUAL, "differentiation_A"),
    "0.8": [
        _param(FEARFUL, "fear_of_dependence_A"),
        setting(lambda: model().param_specs["buffering"].default),
    ],
    "0.9": _param(FEARFUL, "fear_of_intimacy_A"),
    "0.95": _param(INSTANT, "intimacy_motive_A"),
    "3": _stress("duration"),
    "12": not_model("a day for the stress to start, for the student to try"),
    "14": not_model("a long stress for the student to try"),
    "20": not_model("a day for the stress to start, for the student to try"),
    "150": _stress("start"),
    "190": not_model("the stress day the lesson's code sets for the loneliness explorer"),
    "300": setting(lambda: catalog.load(INSTANT).t_span[1]),
    "0.15": setting(lambda: catalog.load(INSTANT).y0["trust_A"]),
}
