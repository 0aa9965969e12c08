from intimacy_dynamics.exercises import start_here
from intimacy_dynamics.intimacy.phenomena import model
from tests.docs.claims.helpers import not_model, setting


def _default(name):
    return lambda: model().spec(name).default


CLAIMS = {
    "200": setting(lambda: model().t_span[1]),  # "over 200 days", "(day 200)"
    "0.2": setting(_default("trust_A")),
    "0.7": setting(_default("response_valence_B")),
    "0.1": setting(lambda: start_here.LITTLE_CARE),
    "0.9": [setting(lambda: start_here.MUCH_FEAR), setting(lambda: start_here.DEEPER)],
    "0.42": not_model("an example of how to type a number as an answer"),
}
