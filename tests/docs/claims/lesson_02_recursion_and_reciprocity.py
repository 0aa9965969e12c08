from intimacy_dynamics.exercises import recursion_and_reciprocity as ex
from intimacy_dynamics.intimacy import catalog
from tests.docs.claims.helpers import not_model, rise_percent, setting

CLAIMS = {
    "-0.7": setting(lambda: ex.CRITICAL),  # the critic of P01, in prose and in "to=-0.7"
    "0.8": setting(lambda: ex.UNEVEN_START["trust_A"]),  # exercise 2: A starts trusting
    "0.2": setting(lambda: ex.UNEVEN_START["trust_B"]),  # exercise 2: B starts wary
    "0.4": setting(lambda: ex.RAISED_THRESHOLD),  # exercise 3
    "20": setting(lambda: catalog.SESSION),  # "one conversation of 20 days"
    "10": setting(lambda: catalog.SESSION / 2),  # "one block of 10 days each"
    "300": setting(lambda: catalog.load("P05_guarded_low_trust").t_span[1]),
    "10 %": rise_percent(0),
    "50 %": rise_percent(1),
    "90 %": rise_percent(2),
    "0.1": not_model("a value the student is asked to type (empathic concern)"),
    "0.9": not_model("a value the student is asked to type (fear of intimacy)"),
}
