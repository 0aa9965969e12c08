from intimacy_dynamics.exercises import individual_differences as ex
from intimacy_dynamics.intimacy import catalog, populations
from intimacy_dynamics.intimacy.traits import NEUTRAL
from tests.docs.claims.helpers import not_model, setting

CLAIMS = {
    "0.01": not_model("one point: the unit the lesson counts intimacy in"),
    "0.1": setting(lambda: populations.DEFAULT_SPREAD),
    "0.3": not_model("a spread of traits the student is asked to try"),
    "0.5": setting(lambda: NEUTRAL),
    "0.6": not_model("an example of the form of exercise 5's answer"),
    "0.7": not_model("an example of the form of exercise 5's answer"),
    "0.9": setting(lambda: ex.RAISED),
    "0.8": setting(lambda: ex.PARTNER_RELUCTANCE),
    "200": setting(lambda: catalog.load("P08_neutral_person").t_span[1]),
}
