from intimacy_dynamics.intimacy import catalog
from intimacy_dynamics.intimacy.phenomena import model
from tests.docs.claims.helpers import not_model, setting


def _param(scenario, name):
    return setting(lambda: catalog.load(scenario).params[name])


_PULSE = "a setting of the example pulse, written in the code beside it"

CLAIMS = {
    "0.7": setting(lambda: model().spec("response_valence_B").default),  # B's kind words
    "0.8": setting(lambda: catalog.load("P03_congruent_cues").y0["disclosure_A"]),  # held
    "10": setting(lambda: catalog.load("P03_congruent_cues").t_span[1]),  # days of a run
    "0.9": _param("P03_supportive_high_immediacy", "immediacy_B"),  # leaning in
    "0.1": [_param("P03_supportive_low_immediacy", "immediacy_B"), not_model(_PULSE)],
    "-0.7": _param("P03_critical_high_immediacy", "response_valence_B"),
    "-0.5": _param("P04_negative_reader", "interpretation_bias_A"),
    "-0.8": not_model("a value the student is asked to type (cold cues)"),
    "0.2": not_model("a value the student is asked to type (A's willingness)"),
    "3": not_model(_PULSE),
    "4": not_model(_PULSE),
}
