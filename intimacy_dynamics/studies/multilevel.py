r"""The field's analysis of a daily diary: multilevel models and a within-person mediation.

Diary studies of intimacy (Laurenceau, Barrett & Pietromonaco 1998; Laurenceau,
Barrett & Rovine 2005) ask each partner of a couple, every day, how much they
disclosed, how much their partner disclosed, how responsive the partner seemed and how
intimate the day felt. :func:`analyse_diary` fits the analysis they used:

1. Each predictor is split into a **within-person** part (the day's report minus the
   person's own mean: "more than usual today") and a **between-person** part (the
   person's mean, centred on the grand mean: "more than other people"). The within
   parts carry the daily process; the person means are level-2 predictors.
2. Reports are nested in persons nested in couples: ``statsmodels``' ``MixedLM`` with
   the couple as the group, a random intercept per couple and a variance component
   for each person (a random intercept per person inside the couple). A random slope
   of own disclosure per person is added where it is estimable: where persons' own
   slopes vary by more than their sampling error (Cochran's Q, :func:`slope_varies`)
   and the fit converges (by BFGS, else by L-BFGS) with a slope variance that matters
   (:func:`slope_matters`). Otherwise the model keeps random intercepts and records a
   note saying why.
3. Three models, each by REML:

   - **total**: intimacy on own and partner disclosure (the *c* paths);
   - **a path**: perceived responsiveness on own and partner disclosure;
   - **b path**: intimacy on perceived responsiveness, controlling own and partner
     disclosure (the *b* path and the direct *c'* paths).

4. The indirect effect of each kind of disclosure through responsiveness is
   :math:`a b`. Its 95 % interval is the Monte-Carlo interval of Selig & Preacher
   (2008): draw *a* from its estimate and standard error, *b* and *c'* jointly from
   the b-path model's estimates and covariance, and take the 2.5 % and 97.5 %
   quantiles of the product. The **indirect share** :math:`a b / (a b + c')` gets its
   interval the same way. A share strictly inside ``(0, 1)`` with an interval that
   excludes both ends is a *partial* mediation.

Standard errors and p values are the model-based (Wald) ones ``statsmodels`` reports;
confidence intervals are estimate ± 1.96 SE. Variance components are given without
standard errors: those ``statsmodels`` derives for them were far too wide when tested
on diaries with known variances, and a Wald interval for a variance near 0 means little.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from intimacy_dynamics.errors import BadInputError

__all__ = [
    "DIARY_COLUMNS",
    "DiaryAnalysis",
    "analyse_diary",
    "within_and_between",
]

#: The columns a diary frame must have (one row per person and day).
DIARY_COLUMNS = (
    "couple",
    "partner",
    "day",
    "disclosure",
    "partner_disclosure",
    "perceived_responsiveness",
    "intimacy",
)
#: The daily predictors of intimacy in Laurenceau et al. (1998, 2005).
DISCLOSURES = ("disclosure", "partner_disclosure")
MEDIATOR, OUTCOME = "perceived_responsiveness", "intimacy"
#: The three models: their outcome and the reports they are fitted on.
MODELS = {
    "total": (OUTCOME, DISCLOSURES),
    "a path": (MEDIATOR, DISCLOSURES),
    "b path": (OUTCOME, (*DISCLOSURES, MEDIATOR)),
}
#: Two-sided 95 % normal quantile.
Z95 = 1.959963984540054
#: Monte-Carlo draws of the indirect effect (Selig & Preacher 2008 use 20 000).
MC_DRAWS = 20_000
#: Fewest reports per person and persons in all for a multilevel fit to mean anything.
MIN_REPORTS_PER_PERSON, MIN_PERSONS = 3, 10
#: A random slope is kept when it moves predictions by at least this share of the
#: residual standard deviation (:func:`slope_matters`).
SLOPE_EFFECT = 0.01


def within_and_between(frame: pd.DataFrame, columns) -> pd.DataFrame:
    """Split ``columns`` into within-person (``_w``) and grand-centred person-mean (``_b``) parts.

    A person is a ``(couple, partner)`` pair; missing reports (NaN) are left out of the
    person's mean and stay missing.

    Examples
    --------
    >>> frame = pd.DataFrame({"couple": [0, 0, 0, 0], "partner": list("AABB"),
    ...                       "x": [1.0, 3.0, 5.0, 7.0]})
    >>> within_and_between(frame, ["x"])[["x_w", "x_b"]].to_numpy().tolist()
    [[-1.0, -2.0], [1.0, -2.0], [-1.0, 2.0], [1.0, 2.0]]
    """
    out = frame.copy()
    person = out.groupby(["couple", "partner"], sort=False)
    for column in columns:
        mean = person[column].transform("mean")
        out[f"{column}_w"] = out[column] - mean
        out[f"{column}_b"] = mean - mean.mean()
    return out


@dataclass(frozen=True)
class DiaryAnalysis:
    """The fitted diary analysis: fixed effects, variance components and the mediation.

    Attributes
    ----------
    fixed : DataFrame
        One row per model and term: ``model``, ``term``, ``estimate``, ``se``,
        ``ci_low``, ``ci_high``, ``p``. Terms ending in ``_w`` are within-person
        effects, in ``_b`` between-person effects.
    variance : DataFrame
        One row per model and component (couple intercept, person intercept, person
        slope when fitted, residual): ``model``, ``component``, ``variance``.
    mediation : DataFrame
        One row per kind of disclosure: the ``a``, ``b``, ``direct`` (c') and
        ``total`` (c) effects, the ``indirect`` effect ``a b`` with its Monte-Carlo
        interval, and the indirect ``share`` with its interval.
    notes : tuple of str
        What the fit had to give up (random slopes that could not be estimated).
    n_reports, n_persons, n_couples : int
        The reports (rows without a missing value) and who gave them.
    """

    fixed: pd.DataFrame
    variance: pd.DataFrame
    mediation: pd.DataFrame
    notes: tuple[str, ...] = ()
    n_reports: int = 0
    n_persons: int = 0
    n_couples: int = 0
    random_slopes: dict[str, bool] = field(default_factory=dict)

    def effect(self, term: str, model: str = "total") -> pd.Series:
        """The row of ``term`` (e.g. ``"disclosure_w"``) in ``model``."""
        rows = self.fixed[(self.fixed["model"] == model) & (self.fixed["term"] == term)]
        if rows.empty:
            known = sorted(set(self.fixed["term"]))
            raise BadInputError(
                f"term = {term!r} in model = {model!r} is not in this analysis; terms: {known}"
            )
        return rows.iloc[0]

    def indirect(self, predictor: str = "disclosure") -> pd.Series:
        """The mediation row of ``predictor`` (``"disclosure"`` or ``"partner_disclosure"``)."""
        rows = self.mediation[self.mediation["predictor"] == predictor]
        if rows.empty:
            raise BadInputError(f"predictor = {predictor!r} must be one of {list(DISCLOSURES)}")
        return rows.iloc[0]

    def table(self) -> pd.DataFrame:
        """The fixed effects and variance components in the shape of a published table."""
        fixed = self.fixed.rename(
            columns={"estimate": "Estimate", "se": "SE", "ci_low": "95% CI low"}
        ).rename(columns={"ci_high": "95% CI high", "p": "p"})
        fixed.insert(1, "part", "fixed")
        variance = self.variance.rename(columns={"component": "term", "variance": "Estimate"})
        variance.insert(1, "part", "variance")
        return pd.concat([fixed, variance], ignore_index=True).set_index(["model", "part", "term"])

    def figure(self):
        """Forest plot: the within-person paths and indirect effects with 95 % intervals."""
        return forest_figure(self)

    def __str__(self) -> str:
        with pd.option_context("display.width", 120, "display.precision", 3):
            return f"{self.table()}\n\n{self.mediation}"


def analyse_diary(
    frame: pd.DataFrame, *, random_slopes: bool = True, seed: int = 0, draws: int = MC_DRAWS
) -> DiaryAnalysis:
    """Fit the multilevel analysis of a daily diary (see the module docs).

    Parameters
    ----------
    frame : DataFrame
        One row per person and day with the :data:`DIARY_COLUMNS`; missing reports are
        NaN (or absent rows) and are left out.
    random_slopes : bool
        Try a random slope of own disclosure per person in each model (kept where the
        fit converges; a note is recorded where it does not).
    seed : int
        Seed of the Monte-Carlo draws of the indirect effects.
    draws : int
        Number of Monte-Carlo draws.

    Returns
    -------
    DiaryAnalysis

    Raises
    ------
    BadInputError
        If a column is missing or not numeric, or there are too few persons or reports.

    Examples
    --------
    >>> rng = np.random.default_rng(3)
    >>> n = 40 * 2 * 14
    >>> frame = pd.DataFrame({
    ...     "couple": np.repeat(np.arange(40), 28),
    ...     "partner": np.tile(np.repeat(["A", "B"], 14), 40),
    ...     "day": np.tile(np.arange(14), 80), "disclosure": rng.normal(size=n),
    ...     "partner_disclosure": rng.normal(size=n)})
    >>> level = np.repeat(rng.normal(size=40), 28) + np.repeat(rng.normal(size=80), 14)
    >>> frame["perceived_responsiveness"] = 0.5 * frame.disclosure + level + rng.normal(size=n)
    >>> frame["intimacy"] = (0.3 * frame.disclosure + 0.2 * frame.partner_disclosure
    ...                      + 0.4 * frame.perceived_responsiveness + level + rng.normal(size=n))
    >>> result = analyse_diary(frame, random_slopes=False)
    >>> round(float(result.effect("disclosure_w", "a path").estimate), 1)
    0.5
    >>> bool(0 < result.indirect("disclosure").share < 1)
    True
    """
    data = check_diary(frame)
    data = within_and_between(data, (*DISCLOSURES, MEDIATOR))
    fits, notes, slopes = {}, [], {}
    for name, (outcome, predictors) in MODELS.items():
        fits[name], model_notes, slopes[name] = fit_model(data, outcome, predictors, random_slopes)
        notes += [f"{name}: {note}" for note in model_notes]
    rng = np.random.default_rng(seed)
    return DiaryAnalysis(
        fixed=pd.concat([fixed_rows(name, fit) for name, fit in fits.items()], ignore_index=True),
        variance=pd.concat(
            [variance_rows(name, fit) for name, fit in fits.items()], ignore_index=True
        ),
        mediation=pd.DataFrame([mediation_row(fits, x, rng, draws) for x in DISCLOSURES]),
        notes=tuple(notes),
        n_reports=len(data),
        n_persons=data.groupby(["couple", "partner"]).ngroups,
        n_couples=data["couple"].nunique(),
        random_slopes=slopes,
    )


def check_diary(frame) -> pd.DataFrame:
    """The diary's complete reports, checked: every column present and numeric."""
    if not isinstance(frame, pd.DataFrame):
        raise BadInputError(f"frame must be a pandas DataFrame, not {type(frame).__name__}")
    missing = [c for c in DIARY_COLUMNS if c not in frame.columns]
    if missing:
        raise BadInputError(f"the diary has no column(s) {missing}; it needs {list(DIARY_COLUMNS)}")
    data = frame[list(DIARY_COLUMNS)].dropna().reset_index(drop=True)
    for column in (*DISCLOSURES, MEDIATOR, OUTCOME):
        if not pd.api.types.is_numeric_dtype(data[column]):
            raise BadInputError(f"column {column!r} must be numeric, not {data[column].dtype}")
        if not np.isfinite(data[column].to_numpy(float)).all():
            raise BadInputError(f"column {column!r} has infinite values")
    counts = data.groupby(["couple", "partner"]).size()
    if len(counts) < MIN_PERSONS or counts.median() < MIN_REPORTS_PER_PERSON:
        raise BadInputError(
            f"the diary has {len(counts)} persons with a median of "
            f"{counts.median() if len(counts) else 0:g} complete reports; a multilevel fit "
            f"needs at least {MIN_PERSONS} persons and {MIN_REPORTS_PER_PERSON} reports each"
        )
    data["person"] = data["couple"].astype(str) + ":" + data["partner"].astype(str)
    return data


def terms(predictors) -> list[str]:
    """The fixed effects besides the intercept: within-person parts, then person means."""
    return [f"{x}_w" for x in predictors] + [f"{x}_b" for x in predictors]


def fit_model(data: pd.DataFrame, outcome: str, predictors, random_slopes: bool):
    """Fit one model by REML; return ``(result, notes, slope fitted)``."""
    notes = []
    if random_slopes:
        varies, why = slope_varies(data, outcome, predictors)
        if varies:
            result, problem, _ = _fit(data, outcome, predictors, with_slope=True)
            if problem is None and slope_matters(result, data):
                return result, notes, True
            why = problem or "its variance is estimated at about 0"
        notes.append(f"no random slope of own disclosure ({why}); random intercepts only")
    result, problem, at_bound = _fit(data, outcome, predictors, with_slope=False)
    if result is None or not np.isfinite(result.bse_fe).all():
        raise BadInputError(f"the multilevel model of {outcome} cannot be fitted ({problem})")
    if problem is not None:
        notes.append(f"the fit did not converge cleanly ({problem})")
    if at_bound:
        notes.append("a variance component is estimated at 0 (on the boundary)")
    return result, notes, False


def slope_varies(data: pd.DataFrame, outcome: str, predictors, alpha: float = 0.05):
    """Test whether persons' slopes of own disclosure differ beyond their sampling error.

    Each person's slope comes from an ordinary regression of the within-person outcome
    on the within-person predictors; Cochran's Q of the slopes against a chi-squared
    distribution with (persons - 1) degrees of freedom tests whether they vary. A
    random slope is fitted only when they do (``p < alpha``): otherwise its variance
    is 0 and the fit sits on the boundary.

    Returns
    -------
    varies : bool
    reason : str
        The test's result in words.
    """
    from scipy.stats import chi2

    columns = [f"{x}_w" for x in predictors]
    slopes, variances = [], []
    for _, person in data.groupby("person", sort=False):
        X = person[columns].to_numpy()
        y = person[outcome].to_numpy() - person[outcome].mean()
        dof = len(y) - len(columns)
        if dof < 2:
            continue
        beta, residual, rank, _ = np.linalg.lstsq(X, y, rcond=None)
        if rank < len(columns) or residual.size == 0:
            continue
        covariance = residual[0] / dof * np.linalg.inv(X.T @ X)
        slopes.append(beta[0])
        variances.append(covariance[0, 0])
    if len(slopes) < MIN_PERSONS:
        return False, f"only {len(slopes)} persons have enough reports to estimate a slope"
    weights = 1 / np.asarray(variances)
    slopes = np.asarray(slopes)
    centre = np.sum(weights * slopes) / weights.sum()
    q, dof = float(np.sum(weights * (slopes - centre) ** 2)), len(slopes) - 1
    p = float(chi2.sf(q, dof))
    return p < alpha, f"Cochran's Q of persons' slopes = {q:.1f}, df = {dof}, p = {p:.3g}"


def slope_matters(result, data) -> bool:
    """Whether the random slope moves predictions by :data:`SLOPE_EFFECT` of the residual SD.

    The slope's standard deviation times that of within-person disclosure, against the
    residual standard deviation: below the threshold the slope is a variance at the
    boundary in all but name.
    """
    variance = float(result.vcomp[result.model.exog_vc.names.index("disclosure slope")])
    spread = np.sqrt(max(variance, 0.0)) * data["disclosure_w"].std()
    return spread > SLOPE_EFFECT * np.sqrt(result.scale)


#: Optimizers tried in turn: each fails to converge on some diaries the other fits.
OPTIMIZERS = ("bfgs", "lbfgs")
#: statsmodels' warning that a variance is estimated at 0: a result, not a failure.
BOUNDARY = "boundary of the parameter space"


def _fit(data, outcome, predictors, with_slope: bool):
    """The first clean REML fit by :data:`OPTIMIZERS`: ``(result, problem, at_bound)``."""
    model = mixed_model(data, outcome, predictors, with_slope)
    result, problem, at_bound = None, None, False
    for method in OPTIMIZERS:
        result, problem, at_bound = _fit_with(model, method)
        if problem is None:
            break
    return result, problem, at_bound


def mixed_model(data: pd.DataFrame, outcome: str, predictors, with_slope: bool):
    """The ``MixedLM`` of ``outcome``: fixed effects, couple intercepts, person components.

    Built from arrays, not from a formula: ``statsmodels`` would run its formula engine
    once per couple and component, which took longer than the fit itself.
    """
    from statsmodels.regression.mixed_linear_model import MixedLM, VCSpec

    exog = data[terms(predictors)].copy()
    exog.insert(0, "Intercept", 1.0)
    persons, slope = data["person"].to_numpy(), data["disclosure_w"].to_numpy()
    intercepts, slopes, columns = [], [], []
    rows_of = data.groupby("couple").indices  # couples in sorted order, as MixedLM's groups
    for couple in sorted(rows_of):
        rows = rows_of[couple]
        labels, which = np.unique(persons[rows], return_inverse=True)
        indicator = np.zeros((rows.size, labels.size))
        indicator[np.arange(rows.size), which] = 1.0
        intercepts.append(indicator)
        slopes.append(indicator * slope[rows, None])
        columns.append([str(label) for label in labels])
    names, mats = ["person"], [intercepts]
    if with_slope:
        names, mats = ["disclosure slope", "person"], [slopes, intercepts]
    return MixedLM(
        data[outcome],
        exog,
        groups=data["couple"].to_numpy(),
        exog_re=np.ones((len(data), 1)),
        exog_vc=VCSpec(names, [columns] * len(names), mats),
    )


def _fit_with(model, method: str):
    from statsmodels.tools.sm_exceptions import ConvergenceWarning

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ConvergenceWarning)
        try:
            result = model.fit(reml=True, method=method)
        except (np.linalg.LinAlgError, ValueError) as error:
            return None, f"{type(error).__name__}: {error}", False
    messages = [str(w.message) for w in caught if issubclass(w.category, ConvergenceWarning)]
    at_bound = any(BOUNDARY in m for m in messages)
    trouble = [m for m in messages if BOUNDARY not in m]
    if not result.converged or trouble:
        return result, (trouble[0] if trouble else "the optimizer did not converge"), at_bound
    if not np.isfinite(result.bse_fe).all():
        return result, "standard errors are not finite", at_bound
    return result, None, at_bound


def fixed_rows(name: str, result) -> pd.DataFrame:
    """The fixed effects of one fit: estimate, SE, 95 % CI and p."""
    estimate, se = result.fe_params, result.bse_fe
    return pd.DataFrame(
        {
            "model": name,
            "term": estimate.index,
            "estimate": estimate.to_numpy(),
            "se": se.to_numpy(),
            "ci_low": (estimate - Z95 * se).to_numpy(),
            "ci_high": (estimate + Z95 * se).to_numpy(),
            "p": result.pvalues[estimate.index].to_numpy(),
        }
    )


def variance_rows(name: str, result) -> pd.DataFrame:
    """The variance components of one fit (couple, person, slope, residual)."""
    names = ["couple intercept", *result.model.exog_vc.names]
    values = [float(result.cov_re.iloc[0, 0]), *np.asarray(result.vcomp, float)]
    rows = pd.DataFrame({"model": name, "component": names, "variance": values})
    residual = pd.DataFrame(
        {"model": [name], "component": ["residual"], "variance": [result.scale]}
    )
    return pd.concat([rows, residual], ignore_index=True)


def mediation_row(fits, predictor: str, rng, draws: int) -> dict:
    """The indirect effect of ``predictor`` through responsiveness, with MC intervals."""
    within, mediator = f"{predictor}_w", f"{MEDIATOR}_w"
    a, se_a = fits["a path"].fe_params[within], fits["a path"].bse_fe[within]
    b_fit = fits["b path"]
    pair = [mediator, within]
    mean = b_fit.fe_params[pair].to_numpy()
    cov = b_fit.cov_params().loc[pair, pair].to_numpy()
    a_draws = rng.normal(a, se_a, draws)
    b_draws, direct_draws = rng.multivariate_normal(mean, cov, draws).T
    indirect_draws = a_draws * b_draws
    share_draws = indirect_draws / (indirect_draws + direct_draws)
    indirect = a * mean[0]
    return {
        "predictor": predictor,
        "a": a,
        "b": mean[0],
        "direct": mean[1],
        "total": fits["total"].fe_params[within],
        "indirect": indirect,
        "indirect_low": np.quantile(indirect_draws, 0.025),
        "indirect_high": np.quantile(indirect_draws, 0.975),
        "share": indirect / (indirect + mean[1]),
        "share_low": np.quantile(share_draws, 0.025),
        "share_high": np.quantile(share_draws, 0.975),
    }


def forest_figure(analysis: DiaryAnalysis):
    """Estimates with 95 % intervals of the within-person paths and indirect effects."""
    from intimacy_dynamics.plotting import PALETTE, base_layout, figure

    labels, estimates, lows, highs = [], [], [], []
    rows = [
        ("total", "disclosure_w", "own disclosure → intimacy (c)"),
        ("total", "partner_disclosure_w", "partner disclosure → intimacy (c)"),
        ("a path", "disclosure_w", "own disclosure → responsiveness (a)"),
        ("a path", "partner_disclosure_w", "partner disclosure → responsiveness (a)"),
        ("b path", f"{MEDIATOR}_w", "responsiveness → intimacy (b)"),
        ("b path", "disclosure_w", "own disclosure → intimacy, direct (c')"),
        ("b path", "partner_disclosure_w", "partner disclosure → intimacy, direct (c')"),
    ]
    for model, term, label in rows:
        row = analysis.effect(term, model)
        labels.append(label)
        estimates.append(row.estimate)
        lows.append(row.ci_low)
        highs.append(row.ci_high)
    for predictor, label in (("disclosure", "own"), ("partner_disclosure", "partner")):
        row = analysis.indirect(predictor)
        labels.append(f"{label} disclosure → responsiveness → intimacy (a·b)")
        estimates.append(row.indirect)
        lows.append(row.indirect_low)
        highs.append(row.indirect_high)
    estimates, lows, highs = map(np.asarray, (estimates, lows, highs))
    fig = figure(
        base_layout(
            "Within-person effects in the diary (95 % intervals)",
            "estimate",
            "",
            showlegend=False,
            height=420,
            margin={"l": 330, "r": 20, "t": 70, "b": 50},
        )
    )
    fig.add_vline(x=0, line={"color": PALETTE["grey"], "dash": "dot"})
    fig.add_scatter(
        x=estimates,
        y=labels,
        mode="markers",
        marker={"color": PALETTE["blue"], "size": 9},
        error_x={
            "type": "data",
            "symmetric": False,
            "array": highs - estimates,
            "arrayminus": estimates - lows,
        },
    )
    fig.update_yaxes(autorange="reversed")
    return fig
