from intimacy_dynamics.intimacy import catalog, phenomena
from tests.docs.claims.helpers import computed, rise_percent, setting

CLAIMS = {
    "10": computed(lambda: phenomena.p16()["t50"]),  # "by about day 10"
    "300": setting(lambda: catalog.load("P05_guarded_low_trust").t_span[1]),
    "10 %": rise_percent(0),
    "50 %": rise_percent(1),
    "90 %": rise_percent(2),
}
