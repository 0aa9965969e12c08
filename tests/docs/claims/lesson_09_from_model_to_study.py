from intimacy_dynamics.studies.multilevel import Z95
from tests.docs.claims.helpers import not_model, setting

CLAIMS = {
    "95 %": setting(lambda: round(100 * (2 * _normal_cdf(Z95) - 1))),
    "1.0": not_model("a noisier rating (scale points) for the student to try"),
    "0.25": not_model("a quarter of the declared noise, for the student to try"),
}


def _normal_cdf(z: float) -> float:
    from scipy.stats import norm

    return float(norm.cdf(z))
