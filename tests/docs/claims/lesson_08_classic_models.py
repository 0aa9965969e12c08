from intimacy_dynamics.classic import felmlee_greenberg, laura_petrarch
from intimacy_dynamics.exercises import classic_models as ex
from intimacy_dynamics.intimacy.signatures import hopf_in_differentiation
from tests.docs.claims.helpers import computed, not_model, setting

CLAIMS = {
    "-0.2": not_model("an own-feeling coefficient for the student to try"),
    "0.2": not_model("an own-feeling coefficient for the student to try"),
    "-0.5": setting(lambda: felmlee_greenberg().params()["y_ideal"]),
    "-3.0": not_model("a starting mood for the student to try"),
    "0.0": not_model("a starting mood for the student to try"),
    "0.12": setting(lambda: laura_petrarch().params()["alpha_Z"]),
    "0.39": computed(lambda: hopf_in_differentiation().value),
    "12": computed(lambda: hopf_in_differentiation().period),
    "0.75": setting(lambda: ex.FICKLE["b"]),
    "5.3": not_model("a section number of Strogatz (2015)"),
}
