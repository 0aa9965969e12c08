from intimacy_dynamics.exercises import disclosure_and_response as lesson
from intimacy_dynamics.intimacy import catalog
from intimacy_dynamics.intimacy.phenomena import model
from tests.docs.claims.helpers import not_model, setting


def _param(scenario, name):
    return lambda: catalog.load(scenario).params[name]


CLAIMS = {
    "0.2": [
        setting(lambda: model().spec("trust_A").default),  # "little trust (0.2)"
        setting(_param("P07_shallow_disclosure", "depth_A")),  # "disclosing shallowly"
    ],
    "200": setting(lambda: catalog.load("P01_supportive_partner").t_span[1]),
    "0.6": setting(lambda: catalog.load("P02_deep_to_a_critic").y0["trust_A"]),
    "7": setting(lambda: catalog.load("P02_deep_to_a_critic").t_span[1]),
    "0.8": setting(_param("P07_deep_disclosure", "depth_A")),  # exercise 4's depth
    "0.5": setting(lambda: lesson.NEUTRAL),  # exercise 5: "half understood"
    "0.1": not_model("a value the student is asked to type (B's empathic concern)"),
    "0.25": not_model("an example of how to type a fraction as an answer"),
}
