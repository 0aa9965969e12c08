from intimacy_dynamics.intimacy import catalog
from tests.docs.claims.helpers import not_model, setting


def _initial_trust(level):
    return lambda: catalog.load(f"P05_guarded_{level}_trust").y0["trust_A"]


CLAIMS = {
    "0.8": setting(_initial_trust("high")),
    "0.2": setting(_initial_trust("low")),
    "80 %": not_model("the middle of the rise P16 measures, from 10 % to 90 %"),
}
