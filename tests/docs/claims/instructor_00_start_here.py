from intimacy_dynamics.intimacy.phenomena import model
from tests.docs.claims.helpers import setting

CLAIMS = {
    "200": setting(lambda: model().t_span[1]),  # "A's trust at day 200"
}
