"""``PopulationExplorer``: two populations of couples, side by side (P08 spread, P09).

One couple is one story. A population shows how much people differ, and whether two
groups differ beyond that spread. Each group is a pair of profiles (partner A's and
partner B's, from :data:`~intimacy_dynamics.intimacy.traits.PROFILES`). Its couples
are drawn around them with :func:`~intimacy_dynamics.intimacy.populations.couples`
(every trait, differentiation and reluctance spread by a normal draw) and simulated
together with :func:`~intimacy_dynamics.simulate_ensemble`. The figures show the
distribution of each couple's long-run intimacy and the median and middle half over
time, for both groups.

The comparisons of phenomenon P09 are presets. Sex is never a parameter of the model:
the "woman" and "man" profiles differ only in learned vulnerability reluctance, which
:func:`~intimacy_dynamics.intimacy.traits.learned_reluctance` derives from how strongly
a culture teaches those raised as men that vulnerability is dangerous. Both groups use
the same random draws (the same seed), so a difference between them comes from their
profiles, not from luck.

A draw of two groups of :data:`DEFAULT_SIZE` couples takes about a second, so it runs
on a button ("Draw and simulate"), not on every change of a control: a change is
checked and shown at once, and the button computes it. Both figures are the kernel's
(histograms and quantile bands of a whole population).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace
from functools import cache
from typing import ClassVar

import ipywidgets as w
import numpy as np

from intimacy_dynamics.core.quantities import Setting
from intimacy_dynamics.intimacy import phenomena, verdicts
from intimacy_dynamics.intimacy.endings import DISTANT
from intimacy_dynamics.intimacy.populations import (
    DEFAULT_SPREAD,
    MAX_SPREAD,
    GroupRun,
    simulate_groups,
)
from intimacy_dynamics.intimacy.traits import PROFILES
from intimacy_dynamics.plotting import PALETTE, base_layout
from intimacy_dynamics.widgets.common import PredictThenReveal
from intimacy_dynamics.widgets.controls import Choice
from intimacy_dynamics.widgets.explorer import Explorer, Settings
from intimacy_dynamics.widgets.figures import named_widget

__all__ = [
    "COMPARISONS",
    "DEFAULT_SIZE",
    "PopulationExplorer",
    "Populations",
    "culture_step",
]

#: Named comparisons: label -> ((A's profile, B's profile) of group 1, ... of group 2).
COMPARISONS = {
    "Western: women's pairs vs men's pairs": (
        ("western_woman", "western_woman"),
        ("western_man", "western_man"),
    ),
    "Western: mixed pairs vs men's pairs": (
        ("western_woman", "western_man"),
        ("western_man", "western_man"),
    ),
    "Non-Western: women's pairs vs men's pairs": (
        ("non_western_woman", "non_western_woman"),
        ("non_western_man", "non_western_man"),
    ),
    "Men's pairs: Western vs non-Western": (
        ("western_man", "western_man"),
        ("non_western_man", "non_western_man"),
    ),
    "Secure couples vs guarded couples": (("secure", "secure"), ("guarded", "guarded")),
    "Neutral couples vs one fearful partner": (
        ("neutral", "neutral"),
        ("fearful_of_intimacy", "neutral"),
    ),
}
CUSTOM = "(my own groups)"
#: Couples per group by default: two groups answer in about a second (measured: 0.65 s
#: of CPU for 2 x 200 couples over 200 days, 190 steps; the cost grows slowly with size).
DEFAULT_SIZE = 200
MAX_SIZE = 1000
BINS = {"start": 0.0, "end": 1.0, "size": 0.02}
STYLES = (
    {"color": PALETTE["blue"], "dash": "solid", "pattern": "", "fill": "rgba(0,114,178,0.2)"},
    {"color": PALETTE["orange"], "dash": "dash", "pattern": "/", "fill": "rgba(230,159,0,0.25)"},
)
QUANTILES = ("25 %", "median", "75 %")
#: The settings that name a group's profiles: (group 1's A, B), (group 2's A, B).
PICKERS = (("group_1_A", "group_1_B"), ("group_2_A", "group_2_B"))


@cache
def _p09() -> dict:
    return phenomena.p09()


def culture_step() -> tuple[str, list[str], str, str]:
    """The question, options, answer and explanation of the "culture" prediction.

    Computed from the P09 scenarios (one couple of each kind, without spread).

    Examples
    --------
    >>> question, options, answer, explanation = culture_step()
    >>> answer in options
    True
    """
    gaps = _p09()
    west, other = gaps["western_same_sex_gap"], gaps["non_western_same_sex_gap"]
    options = ["about as big as in the West", "about half as big", "nearly gone"]
    ratio = abs(other / west) if west else 1.0
    answer = options[verdicts.gap_left(ratio)]
    question = (
        f"In a Western setting, women's pairs end about {100 * west:.0f} points more "
        "intimate than men's pairs. In a culture that teaches men little reluctance to be "
        "vulnerable, how big is the gap?"
    )
    explanation = (
        f"One couple of each kind: the gap is {100 * west:.1f} points in the West and "
        f"{100 * other:.1f} points elsewhere. Only the learned reluctance changed, so the "
        "gap it made shrinks with it."
    )
    return question, options, answer, explanation


SEX_NOTE = (
    "<b>Sex is not a parameter of the model.</b> A 'woman' and a 'man' profile differ in "
    "one learned input only: vulnerability reluctance, set by <code>learned_reluctance</code> "
    "from how strongly a culture teaches those raised as men that vulnerability is "
    "dangerous (strongly in the Western profiles, little in the non-Western ones). Every "
    "other trait is drawn the same way for everyone."
)


def _profile_choice(label: str, default: str) -> Choice:
    return Choice(tuple(PROFILES), default, label=label, doc="The profile people are drawn around")


#: The comparison the explorer starts from by default.
FIRST = next(iter(COMPARISONS))


def _matching(groups) -> str:
    """The comparison whose groups these are, or :data:`CUSTOM`."""
    match = [label for label, pairs in COMPARISONS.items() if list(pairs) == list(groups)]
    return match[0] if match else CUSTOM


@dataclass(frozen=True)
class Populations:
    """Two simulated groups: the output times, each group's run, and the time it took."""

    t: np.ndarray
    runs: list[GroupRun]
    seconds: float


class PopulationExplorer(Explorer):
    """Two groups of couples drawn around chosen profiles, simulated and compared.

    Settings: ``size`` (couples per group), ``spread`` (standard deviation of each
    trait around the profile) and ``seed`` (the random draw, shared by both groups);
    the choices ``comparison`` (a key of :data:`COMPARISONS`, which sets both groups)
    and each group's profiles, ``group_1_A``, ``group_1_B``, ``group_2_A`` and
    ``group_2_B``. Groups picked by hand show the comparison they match, or
    "my own groups".

    Parameters
    ----------
    comparison : str
        A key of :data:`COMPARISONS` to start from.
    size, spread, seed
        Starting values of those settings.
    model : IntimacyModel, optional

    Examples
    --------
    >>> explorer = PopulationExplorer(size=40)
    >>> women, men = explorer.runs
    >>> bool(np.median(women.long_run) > np.median(men.long_run))
    True
    >>> explorer.set(spread=0.9)               # beyond what a population allows
    Traceback (most recent call last):
    ...
    intimacy_dynamics.errors.BadInputError: setting 'spread' = 0.9 is outside ... [0, 0.5]
    """

    own_settings: ClassVar[dict[str, Setting | Choice]] = {
        "size": Setting(
            DEFAULT_SIZE,
            bounds=(10, MAX_SIZE),
            step=10,
            integer=True,
            label="Couples per group",
            doc="How many couples are drawn in each group.",
        ),
        "spread": Setting(
            DEFAULT_SPREAD,
            bounds=(0.0, MAX_SPREAD),
            step=0.01,
            label="Spread of traits",
            doc="How far people scatter around their profile (standard deviation of a trait).",
        ),
        "seed": Setting(
            0,
            bounds=(0, 10**6),
            soft=(0, 100),
            step=1,
            integer=True,
            label="Random draw",
            doc="Which random draw of people; both groups share it.",
        ),
        "comparison": Choice((*COMPARISONS, CUSTOM), FIRST, label="Compare"),
        "group_1_A": _profile_choice("Group 1: A", COMPARISONS[FIRST][0][0]),
        "group_1_B": _profile_choice("B", COMPARISONS[FIRST][0][1]),
        "group_2_A": _profile_choice("Group 2: A", COMPARISONS[FIRST][1][0]),
        "group_2_B": _profile_choice("B", COMPARISONS[FIRST][1][1]),
    }
    run_label = "Draw and simulate"

    def __init__(
        self,
        comparison: str = FIRST,
        *,
        size: int = DEFAULT_SIZE,
        spread: float = DEFAULT_SPREAD,
        seed: int = 0,
        model=None,
    ):
        self.couple_model = model or phenomena.model()
        super().__init__(comparison=comparison, size=size, spread=spread, seed=seed)

    # ------------------------------------------------------------- settings
    def groups(self, settings: Settings | None = None) -> list[tuple[str, str]]:
        """The profiles (A, B) of each group (as the controls say, by default)."""
        chosen = (settings or self.pending or self.current).own
        return [tuple(chosen[name] for name in pair) for pair in PICKERS]

    def derive(self, settings: Settings, changed: frozenset[str]) -> Settings:
        """A picked comparison sets both groups; the groups say which comparison they are."""
        own = dict(settings.own)
        if "comparison" in changed and own["comparison"] in COMPARISONS:
            for pair, group in zip(PICKERS, COMPARISONS[own["comparison"]], strict=True):
                for name, value in zip(pair, group, strict=True):
                    if name not in changed:
                        own[name] = value
        settings = replace(settings, own=own)
        own["comparison"] = _matching(self.groups(settings))
        return replace(settings, own=own)

    # ------------------------------------------------------------ contract
    def compute(self, settings: Settings) -> Populations:
        """Draw both groups' couples and simulate them."""
        start = time.perf_counter()
        t, runs = simulate_groups(
            self.groups(settings),
            settings["size"],
            settings["spread"],
            settings["seed"],
            self.couple_model,
        )
        return Populations(t, runs, time.perf_counter() - start)

    def build(self, result: Populations) -> dict:
        """The distribution of long-run intimacy, and the groups over time."""
        return {"distribution": self._distribution(result), "over time": self._over_time(result)}

    def traces(self, result: Populations) -> dict:
        """Each group's histogram and legend name, and its three quantile lines."""
        histograms, bands = {}, {}
        for k, run in enumerate(result.runs):
            histograms[f"group {k + 1}"] = {"x": run.long_run, "name": _name(k, run)}
            for j, quantile in enumerate(QUANTILES):
                drawn = run.long_run.size > 0  # a group whose every run failed: no line
                bands[f"group {k + 1} {quantile}"] = {
                    "x": result.t if drawn else [],
                    "y": run.bands[j] if drawn else [],
                    "name": f"{_name(k, run)}, {quantile}",
                }
        return {"distribution": histograms, "over time": bands}

    def table(self, result: Populations) -> dict[str, np.ndarray]:
        """Every couple's group, long-run intimacy and A-minus-B gap, for CSV export."""
        return {
            "group": np.concatenate(
                [np.full(r.long_run.size, k + 1) for k, r in enumerate(result.runs)]
            ),
            "long_run_intimacy": np.concatenate([r.long_run for r in result.runs]),
            "a_minus_b": np.concatenate([r.inside_gap for r in result.runs]),
        }

    def describe(self, result: Populations) -> str:
        """Each group's distribution in words, and the difference between them."""
        parts = []
        for k, run in enumerate(result.runs):
            if run.long_run.size == 0:
                parts.append(f"<b>Group {k + 1}</b> ({run.label}): every integration failed.")
                continue
            low, mid, high = np.quantile(run.long_run, [0.25, 0.5, 0.75])
            failed = f"; {run.failed} failed and are left out" if run.failed else ""
            parts.append(
                f"<b>Group {k + 1}</b> ({run.label}, {run.long_run.size} couples): median "
                f"long-run intimacy <b>{mid:.2f}</b> (middle half {low:.2f} to {high:.2f}), "
                f"{100 * run.distant_share:.0f} % distant (below {DISTANT}); learned "
                f"vulnerability reluctance A {run.reluctance[0]:.2f}, B "
                f"{run.reluctance[1]:.2f}; A minus B inside a couple "
                f"{100 * np.mean(run.inside_gap):+.1f} points on average{failed}."
            )
        if all(run.long_run.size for run in result.runs):
            first, second = (np.median(run.long_run) for run in result.runs)
            parts.append(
                f"<b>Group 1 minus group 2</b> (medians): {100 * (first - second):+.1f} "
                f"points. Drawn and simulated in {result.seconds:.1f} s."
            )
        return "<br>".join(parts)

    # ------------------------------------------------------------- results
    @property
    def runs(self) -> list[GroupRun]:
        """Each group's simulated couples."""
        return self.result.runs

    @property
    def t(self) -> np.ndarray:
        """The output times."""
        return self.result.t

    def predict(self, step: str = "culture") -> PredictThenReveal:
        """A predict-then-reveal question; the reveal draws and simulates the answer.

        ``step`` is ``"culture"``: the women's-pairs minus men's-pairs gap in a culture
        that teaches little vulnerability reluctance. The answer is computed from the model.
        """
        if step != "culture":
            raise ValueError(f"no prediction step {step!r}; choose 'culture'")
        question, options, answer, explanation = culture_step()
        return PredictThenReveal(
            question,
            options,
            answer,
            explanation,
            lambda: self.set(comparison="Non-Western: women's pairs vs men's pairs"),
        )

    # --------------------------------------------------------------- figures
    def _distribution(self, result: Populations):
        import plotly.graph_objects as go

        fig = go.Figure()
        for k, run in enumerate(result.runs):
            style = STYLES[k]
            fig.add_histogram(
                x=run.long_run,
                xbins=BINS,
                name=_name(k, run),
                opacity=0.65,
                marker={"color": style["color"], "pattern": {"shape": style["pattern"]}},
                hovertemplate="%{y} couples at %{x}<extra></extra>",
            )
        layout = base_layout(
            "Long-run intimacy of each couple",
            "long-run intimacy (mean of A and B)",
            "couples",
            height=440,
            barmode="overlay",
        )
        layout["legend"] = {"orientation": "h", "yanchor": "bottom", "y": 1.05, "x": 0}
        layout["margin"] = {**layout["margin"], "t": 120}
        fig.update_layout(**layout)
        fig.update_xaxes(range=[0, 1])
        return named_widget(fig, [f"group {k + 1}" for k in range(len(result.runs))])

    def _over_time(self, result: Populations):
        import plotly.graph_objects as go

        fig = go.Figure()
        names = []
        for k, run in enumerate(result.runs):
            style = STYLES[k]
            for j, quantile in enumerate(QUANTILES):
                fig.add_scatter(
                    x=result.t,
                    y=run.bands[j],
                    mode="lines",
                    name=f"{_name(k, run)}, {quantile}",
                    showlegend=quantile == "median",
                    fill="tonexty" if j > 0 else None,  # the middle half, in two parts
                    fillcolor=style["fill"],
                    line={
                        "color": style["color"],
                        "dash": style["dash"],
                        "width": 2.5 if quantile == "median" else 0.5,
                    },
                    hovertemplate=f"group {k + 1}, {quantile}: %{{y:.2f}}<extra></extra>",
                )
                names.append(f"group {k + 1} {quantile}")
        layout = base_layout(
            "Intimacy over time: median and middle half",
            f"time ({self.couple_model.time_units})",
            "intimacy (mean of A and B)",
            height=440,
        )
        layout["legend"] = {
            "orientation": "h",
            "yanchor": "bottom",
            "y": 1.05,
            "x": 0,
            "traceorder": "normal",  # group 1 first (plotly reverses filled traces)
        }
        layout["margin"] = {**layout["margin"], "t": 120}
        fig.update_layout(**layout)
        fig.update_yaxes(range=[0, 1])
        return named_widget(fig, names)

    def layout(self) -> w.VBox:
        """The note on sex, the groups, the settings, the button, the figures, the readout."""
        controls = self.own_controls
        return w.VBox(
            [
                w.HTML(SEX_NOTE),
                controls["comparison"].widget,
                *[w.HBox([controls[name].widget for name in pair]) for pair in PICKERS],
                w.VBox([controls[name].widget for name in ("size", "spread", "seed")]),
                self.toolbar(),
                w.HBox(list(self.figures.values()), layout=w.Layout(flex_flow="row wrap")),
                self.readout,
            ]
        )


def _name(k: int, run: GroupRun) -> str:
    return f"{k + 1}: {run.label}"
