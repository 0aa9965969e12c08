from intimacy_dynamics.intimacy import catalog
from tests.docs.claims.helpers import setting

CLAIMS = {
    "200": setting(lambda: catalog.load("P01_critical_partner").t_span[1]),  # "on day 200"
}
