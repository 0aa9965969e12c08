from intimacy_dynamics.studies.multilevel import Z95
from tests.docs.claims.helpers import not_model, setting


def _confidence() -> float:
    from scipy.stats import norm

    return round(100 * (2 * norm.cdf(Z95) - 1))


CLAIMS = {
    "95 %": setting(_confidence),
    "0.25": not_model("a quarter of the declared noise, for the student to try"),
}
