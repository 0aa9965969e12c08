"""Diaries drawn from a linear multilevel model whose coefficients are known.

Persons are nested in couples; partner disclosure is the partner's own disclosure that
day. Perceived responsiveness and intimacy follow the two equations of the mediation
model, written on the within-person and person-mean parts exactly as the analysis
defines them (on the reports that survive the missing days), so the a-path and b-path
models are specified exactly and the total model's coefficients follow by algebra:
within, ``c = c' + a b``; between, ``g + g_R a_between``.
"""

import numpy as np
import pandas as pd

from intimacy_dynamics.studies.multilevel import within_and_between

#: Fixed effects of the a path (responsiveness) and the b path (intimacy).
A_PATH = {
    "Intercept": 0.5,
    "disclosure_w": 0.4,
    "partner_disclosure_w": 0.15,
    "disclosure_b": 0.3,
    "partner_disclosure_b": 0.1,
}
B_PATH = {
    "Intercept": 1.0,
    "disclosure_w": 0.25,
    "partner_disclosure_w": 0.2,
    "perceived_responsiveness_w": 0.5,
    "disclosure_b": 0.2,
    "partner_disclosure_b": 0.1,
    "perceived_responsiveness_b": 0.6,
}
#: Standard deviations of the random parts of each equation.
SD = {"couple": 0.4, "person": 0.3, "slope": 0.15, "residual": 0.5}


def total_effects() -> dict[str, float]:
    """The total model's coefficients implied by the two equations."""
    b, g = B_PATH["perceived_responsiveness_w"], B_PATH["perceived_responsiveness_b"]
    return {
        "Intercept": B_PATH["Intercept"],
        "disclosure_w": B_PATH["disclosure_w"] + b * A_PATH["disclosure_w"],
        "partner_disclosure_w": B_PATH["partner_disclosure_w"] + b * A_PATH["partner_disclosure_w"],
        "disclosure_b": B_PATH["disclosure_b"] + g * A_PATH["disclosure_b"],
        "partner_disclosure_b": B_PATH["partner_disclosure_b"] + g * A_PATH["partner_disclosure_b"],
    }


def truth() -> dict[str, dict[str, float]]:
    """Every fixed effect of the three models."""
    return {"total": total_effects(), "a path": A_PATH, "b path": B_PATH}


def true_variances() -> dict[str, float]:
    """The variance components of the a-path and b-path models."""
    return {
        "couple intercept": SD["couple"] ** 2,
        "person": SD["person"] ** 2,
        "disclosure slope": SD["slope"] ** 2,
        "residual": SD["residual"] ** 2,
    }


def linear_diary(n_couples: int, days: int, seed: int, missing: float = 0.1) -> pd.DataFrame:
    """A diary of ``n_couples`` over ``days`` with a share ``missing`` of reports lost."""
    rng = np.random.default_rng(seed)
    n_persons = 2 * n_couples
    couple = np.repeat(np.arange(n_couples), 2 * days)
    partner = np.tile(np.repeat(["A", "B"], days), n_couples)
    day = np.tile(np.arange(days), n_persons)
    own = np.repeat(rng.normal(0, 1, n_persons), days) + rng.normal(0, 1, n_persons * days)
    other = own.reshape(n_couples, 2, days)[:, ::-1].reshape(-1)
    frame = pd.DataFrame(
        {"couple": couple, "partner": partner, "day": day, "disclosure": own}
    ).assign(partner_disclosure=other)
    frame = frame[rng.random(len(frame)) >= missing].reset_index(drop=True)
    frame["perceived_responsiveness"] = equation(frame, A_PATH, rng, n_couples)
    frame["intimacy"] = equation(frame, B_PATH, rng, n_couples)
    return frame


def equation(frame: pd.DataFrame, coefficients: dict, rng, n_couples: int) -> np.ndarray:
    """One outcome: fixed part, couple and person intercepts, a slope, residual."""
    bases = {term.rsplit("_", 1)[0] for term in coefficients if term != "Intercept"}
    parts = within_and_between(frame, sorted(bases))
    value = np.full(len(frame), coefficients["Intercept"])
    for term, weight in coefficients.items():
        if term != "Intercept":
            value = value + weight * parts[term].to_numpy()
    person = (frame["couple"] * 2 + (frame["partner"] == "B")).to_numpy()
    value += rng.normal(0, SD["couple"], n_couples)[frame["couple"].to_numpy()]
    value += rng.normal(0, SD["person"], 2 * n_couples)[person]
    value += rng.normal(0, SD["slope"], 2 * n_couples)[person] * parts["disclosure_w"].to_numpy()
    return value + rng.normal(0, SD["residual"], len(frame))
