"""Virtual experiments with strangers: taking turns (Sprecher et al. 2013) and fast friends.

Pairs of strangers are drawn from a population
(:func:`~intimacy_dynamics.intimacy.populations.couples`; they start from the model's
stranger state, little trust and little disclosure), assigned at random to the
conditions, and each pair has one conversation of ``catalog.SESSION`` days, in which
only the conversation's structure differs between conditions. Every run is a noisy
run of the model (its declared noise, each pair with its own stream), so pairs differ
by who they are and by how their conversation goes.

What the experimenters measure at the end, and what it is in the model:

- **closeness**: the rater's ``closeness`` state, togetherness with the partner. The
  studies measure closeness with the Inclusion of Other in the Self scale, two
  circles that overlap more or less: the merging of the self with the other that the
  model's closeness (Bowen's togetherness) stands for;
- **liking** of the partner: the rater's felt ``intimacy`` with the partner, which
  grows from being confided in, the model's mechanism by which people like those who
  disclose to them (Collins & Miller 1994; ``partner_disclosure_weight``).

Conditions are compared on pair means (the pair is the unit assigned at random), with
the difference of means and its Welch 95 % interval and Cohen's d (pooled SD) with its
large-sample 95 % interval (Hedges & Olkin 1985). Roles inside a pair (the listener and
the discloser of the one-way condition) are compared within pairs: the mean paired
difference, its t interval and d_z (the mean difference over its SD).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from intimacy_dynamics.core.validation import check_count
from intimacy_dynamics.ensemble import simulate_ensemble
from intimacy_dynamics.errors import BadInputError
from intimacy_dynamics.intimacy.catalog import SESSION, speaking_turns
from intimacy_dynamics.intimacy.model import IntimacyModel
from intimacy_dynamics.intimacy.populations import couples
from intimacy_dynamics.simulation.inputs import Schedule

__all__ = [
    "MEASURES",
    "MIN_PAIRS",
    "ExperimentResult",
    "cohens_d",
    "fast_friends",
    "paired_contrast",
    "turn_taking_experiment",
    "two_group_contrast",
]

#: What is measured, and the model state it is read from (see the module docs).
MEASURES = {"closeness": "closeness", "liking": "intimacy"}
#: Fewest pairs per condition for the intervals to mean anything.
MIN_PAIRS = 10
MAX_PAIRS = 100_000
#: Turns of the turn-taking condition: a quarter of a day, back and forth.
SHORT_TURN = 0.25
#: Depth of the fast-friends questions in their three sets, and of small talk.
ESCALATING_DEPTH = (0.3, 0.6, 0.9)
SMALL_TALK_DEPTH = 0.1
#: Emotional content of the fast-friends questions and of small talk.
FEELINGS, FACTS = 0.8, 0.1
#: Output times of a conversation.
N_POINTS = 41
Z95 = 1.959963984540054


def one_way() -> dict[str, Schedule]:
    """A discloses for the whole session; B only listens."""
    return {"speaking_A": Schedule((0.0,), (1.0,)), "speaking_B": Schedule((0.0,), (0.0,))}


#: The conversations of the turn-taking experiment (Sprecher et al. 2013).
TURN_TAKING_CONDITIONS = {
    "turn-taking": lambda: speaking_turns(SHORT_TURN),
    "extended": lambda: speaking_turns(SESSION / 2),
    "one-way": one_way,
}
#: In the one-way condition A discloses and B listens.
ROLES = {"one-way": {"A": "discloser", "B": "listener"}}


def fast_friends_conversations() -> dict[str, dict]:
    """Escalating mutual disclosure (three sets of deeper questions) or small talk."""
    thirds = tuple(SESSION * k / 3 for k in range(3))
    deeper = Schedule(thirds, ESCALATING_DEPTH)
    turns = speaking_turns(SHORT_TURN)
    escalating = {**turns, **{f"depth_{p}": deeper for p in "AB"}}
    escalating |= {f"emotional_content_{p}": Schedule((0.0,), (FEELINGS,)) for p in "AB"}
    small = {**turns, **{f"depth_{p}": Schedule((0.0,), (SMALL_TALK_DEPTH,)) for p in "AB"}}
    small |= {f"emotional_content_{p}": Schedule((0.0,), (FACTS,)) for p in "AB"}
    return {"fast friends": escalating, "small talk": small}


@dataclass(frozen=True)
class ExperimentResult:
    """A virtual experiment's data and results.

    Attributes
    ----------
    people : DataFrame
        One row per person: ``pair``, ``condition``, ``partner``, ``role`` and each of
        the :data:`MEASURES`.
    means : DataFrame
        Pair means by condition (and by role where roles differ): ``measure``,
        ``condition``, ``role``, ``n``, ``mean``, ``ci_low``, ``ci_high``.
    contrasts : DataFrame
        The tested orderings: ``measure``, ``higher``, ``lower``, ``difference``,
        ``ci_low``, ``ci_high``, ``d``, ``d_low``, ``d_high``, ``design``.
    title : str
    """

    people: pd.DataFrame
    means: pd.DataFrame
    contrasts: pd.DataFrame
    title: str

    def contrast(self, measure: str, higher: str, lower: str) -> pd.Series:
        """The row comparing ``higher`` with ``lower`` on ``measure``."""
        c = self.contrasts
        rows = c[(c["measure"] == measure) & (c["higher"] == higher) & (c["lower"] == lower)]
        if rows.empty:
            known = list(zip(c["measure"], c["higher"], c["lower"], strict=True))
            raise BadInputError(f"no contrast {(measure, higher, lower)}; there are {known}")
        return rows.iloc[0]

    def figure(self):
        """Condition means with 95 % intervals, one panel per measure."""
        return means_figure(self)


def turn_taking_experiment(
    n_pairs: int = 100, *, seed: int, noise=True, model: IntimacyModel | None = None
) -> ExperimentResult:
    """Strangers get acquainted by taking turns, in extended turns, or one way.

    ``3 * n_pairs`` pairs are drawn and assigned at random, ``n_pairs`` to each
    condition: *turn-taking* (back and forth in quarter-day turns), *extended* (A for
    the first half of the session, then B) and *one-way* (A discloses the whole
    session, B only listens). Sprecher et al. (2013) found turn-taking pairs closer
    and liking each other more than pairs in extended turns, and in the one-way
    exchange the listener liking the discloser more than the other way round.

    Parameters
    ----------
    n_pairs : int
        Pairs per condition (at least :data:`MIN_PAIRS`).
    seed : int
        Seed of the draw of pairs, the assignment and the conversations' noise.
    noise : optional
        As for :func:`~intimacy_dynamics.simulate_ensemble`; ``True`` is the model's
        declared noise, ``0`` the deterministic model on the same fixed step.
    model : IntimacyModel, optional

    Examples
    --------
    >>> result = turn_taking_experiment(12, seed=1)
    >>> sorted(result.people["condition"].unique())
    ['extended', 'one-way', 'turn-taking']
    >>> len(result.people)
    72
    """
    return _experiment(
        TURN_TAKING_CONDITIONS,
        n_pairs,
        seed,
        noise,
        model,
        contrasts=[("turn-taking", "extended")],
        title="Taking turns (Sprecher et al. 2013)",
    )


def fast_friends(
    n_pairs: int = 100, *, seed: int, noise=True, model: IntimacyModel | None = None
) -> ExperimentResult:
    """Strangers ask each other escalating personal questions, or make small talk.

    Both conditions take quarter-day turns for the whole session. In *fast friends*
    (Aron et al. 1997) the questions deepen in three sets (depth
    :data:`ESCALATING_DEPTH`, mostly feelings); in *small talk* they stay shallow and
    factual. Aron et al. found the escalating task brought strangers closer.

    Examples
    --------
    >>> result = fast_friends(12, seed=1)
    >>> result.contrast("closeness", "fast friends", "small talk").difference > 0
    np.True_
    """
    conversations = fast_friends_conversations()
    return _experiment(
        {name: (lambda c=c: c) for name, c in conversations.items()},
        n_pairs,
        seed,
        noise,
        model,
        contrasts=[("fast friends", "small talk")],
        title="Fast friends (Aron et al. 1997)",
    )


def _experiment(conditions, n_pairs, seed, noise, model, contrasts, title) -> ExperimentResult:
    n = check_count(n_pairs, "n_pairs", MIN_PAIRS, MAX_PAIRS)
    model = model or IntimacyModel()
    root = np.random.SeedSequence(seed)
    draw, assign, talk = root.spawn(3)
    pairs = couples(n * len(conditions), seed=int(draw.generate_state(1)[0]), model=model)
    order = np.random.default_rng(assign).permutation(n * len(conditions))
    streams = talk.spawn(len(conditions))
    people = []
    for k, (name, conversation) in enumerate(conditions.items()):
        members = order[k * n : (k + 1) * n]
        table = {key: values[members] for key, values in pairs.items()}
        result = simulate_ensemble(
            model,
            table,
            t_span=(0.0, SESSION),
            n_points=N_POINTS,
            inputs=conversation(),
            noise=noise,
            seed=streams[k],
        )
        people.append(_people(result, name, members))
    people = pd.concat(people, ignore_index=True)
    rows = [two_group_contrast(people, m, high, low) for m in MEASURES for high, low in contrasts]
    if "one-way" in conditions:
        rows += [paired_contrast(people, m, "one-way", "listener", "discloser") for m in MEASURES]
    return ExperimentResult(people, condition_means(people), pd.DataFrame(rows), title)


def _people(result, condition: str, members) -> pd.DataFrame:
    if result.failed.any():
        raise BadInputError(f"{int(result.failed.sum())} runs failed in condition {condition!r}")
    frames = []
    for partner in "AB":
        role = ROLES.get(condition, {}).get(partner, "both")
        frame = {"pair": members, "condition": condition, "partner": partner, "role": role}
        frame |= {m: result.final(f"{state}_{partner}") for m, state in MEASURES.items()}
        frames.append(pd.DataFrame(frame))
    return pd.concat(frames, ignore_index=True)


def condition_means(people: pd.DataFrame) -> pd.DataFrame:
    """Mean and 95 % t interval of each measure by condition (and role, where roles differ)."""
    from scipy.stats import t

    rows = []
    for (condition, role), group in people.groupby(["condition", "role"], sort=False):
        units = group if role != "both" else group.groupby("pair")[list(MEASURES)].mean()
        for measure in MEASURES:
            x = units[measure].to_numpy()
            half = t.ppf(0.975, x.size - 1) * x.std(ddof=1) / np.sqrt(x.size)
            rows.append(
                {
                    "measure": measure,
                    "condition": condition,
                    "role": role,
                    "n": x.size,
                    "mean": x.mean(),
                    "ci_low": x.mean() - half,
                    "ci_high": x.mean() + half,
                }
            )
    return pd.DataFrame(rows)


def cohens_d(x, y) -> tuple[float, float, float]:
    """Cohen's d of ``x`` over ``y`` (pooled SD) with its large-sample 95 % interval.

    Examples
    --------
    >>> d, low, high = cohens_d([2.0, 3.0, 4.0, 5.0], [1.0, 2.0, 3.0, 4.0])
    >>> round(d, 3), bool(low < d < high)
    (0.775, True)
    """
    x, y = np.asarray(x, float), np.asarray(y, float)
    nx, ny = x.size, y.size
    pooled = np.sqrt(((nx - 1) * x.var(ddof=1) + (ny - 1) * y.var(ddof=1)) / (nx + ny - 2))
    d = float((x.mean() - y.mean()) / pooled)
    se = np.sqrt((nx + ny) / (nx * ny) + d**2 / (2 * (nx + ny)))
    return d, d - Z95 * se, d + Z95 * se


def two_group_contrast(people, measure: str, higher: str, lower: str) -> dict:
    """Pair means of condition ``higher`` against ``lower``: difference (Welch CI) and d."""
    from scipy.stats import ttest_ind

    def pair_means(condition):
        rows = people[people["condition"] == condition]
        return rows.groupby("pair")[measure].mean().to_numpy()

    x, y = pair_means(higher), pair_means(lower)
    interval = ttest_ind(x, y, equal_var=False).confidence_interval(0.95)
    d, d_low, d_high = cohens_d(x, y)
    return {
        "measure": measure,
        "higher": higher,
        "lower": lower,
        "difference": x.mean() - y.mean(),
        "ci_low": interval.low,
        "ci_high": interval.high,
        "d": d,
        "d_low": d_low,
        "d_high": d_high,
        "design": "between pairs",
    }


def paired_contrast(people, measure: str, condition: str, higher: str, lower: str) -> dict:
    """Role ``higher`` against role ``lower`` inside the pairs of ``condition`` (paired)."""
    from scipy.stats import ttest_rel

    rows = people[people["condition"] == condition].pivot(
        index="pair", columns="role", values=measure
    )
    x, y = rows[higher].to_numpy(), rows[lower].to_numpy()
    interval = ttest_rel(x, y).confidence_interval(0.95)
    diff = x - y
    d = float(diff.mean() / diff.std(ddof=1))
    se = np.sqrt(1 / diff.size + d**2 / (2 * diff.size))
    return {
        "measure": measure,
        "higher": higher,
        "lower": lower,
        "difference": diff.mean(),
        "ci_low": interval.low,
        "ci_high": interval.high,
        "d": d,
        "d_low": d - Z95 * se,
        "d_high": d + Z95 * se,
        "design": f"within pairs ({condition})",
    }


def means_figure(result: ExperimentResult):
    """Bars of the condition means with 95 % intervals, a panel per measure."""
    from plotly.subplots import make_subplots

    from intimacy_dynamics.plotting import SEQUENCE, base_layout

    fig = make_subplots(rows=1, cols=len(MEASURES), subplot_titles=list(MEASURES))
    for col, measure in enumerate(MEASURES, start=1):
        rows = result.means[result.means["measure"] == measure]
        labels = [
            c if r == "both" else f"{c}: {r}"
            for c, r in zip(rows["condition"], rows["role"], strict=True)
        ]
        fig.add_bar(
            x=labels,
            y=rows["mean"],
            marker={"color": [SEQUENCE[k % len(SEQUENCE)] for k in range(len(rows))]},
            error_y={
                "type": "data",
                "symmetric": False,
                "array": rows["ci_high"] - rows["mean"],
                "arrayminus": rows["mean"] - rows["ci_low"],
            },
            showlegend=False,
            row=1,
            col=col,
        )
    layout = base_layout(f"{result.title}: means and 95 % intervals", "", "level (0 to 1)")
    layout.pop("xaxis"), layout.pop("yaxis")
    fig.update_layout(**layout)
    return fig
