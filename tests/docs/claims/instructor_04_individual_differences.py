from intimacy_dynamics.exercises import individual_differences as ex
from intimacy_dynamics.intimacy.phenomena import model
from intimacy_dynamics.intimacy.traits import NEUTRAL
from tests.docs.claims.helpers import setting

CLAIMS = {
    "0.2": setting(lambda: model().state_specs["trust_A"].default),
    "0.5": setting(lambda: NEUTRAL),
    "0.9": setting(lambda: ex.RAISED),
}
