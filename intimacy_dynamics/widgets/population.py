"""``PopulationExplorer``: two populations of couples, side by side (P08 spread, P09).

One couple is one story. A population shows how much people differ, and whether two
groups differ beyond that spread. Each group is a pair of profiles (partner A's and
partner B's, from :data:`~intimacy_dynamics.intimacy.traits.PROFILES`). Its couples
are drawn around them with :func:`~intimacy_dynamics.intimacy.populations.couples`
(every trait, differentiation and reluctance spread by a normal draw) and simulated
together with :func:`~intimacy_dynamics.simulate_ensemble`. The figure shows the
distribution of each couple's long-run intimacy and the median and middle half over
time, for both groups.

The comparisons of phenomenon P09 are presets. Sex is never a parameter of the model:
the "woman" and "man" profiles differ only in learned vulnerability reluctance, which
:func:`~intimacy_dynamics.intimacy.traits.learned_reluctance` derives from how strongly
a culture teaches those raised as men that vulnerability is dangerous. Both groups use
the same random draws (the same seed), so a difference between them comes from their
profiles, not from luck.

A draw of two groups of :data:`DEFAULT_SIZE` couples takes about a second, so it runs
on a button ("Draw and simulate"), not on every change of a control.
"""

from __future__ import annotations

import html
import time
from functools import cache

import ipywidgets as w
import numpy as np

from intimacy_dynamics.errors import BadInputError, IntimacyDynamicsError
from intimacy_dynamics.intimacy import phenomena
from intimacy_dynamics.intimacy.endings import DISTANT
from intimacy_dynamics.intimacy.populations import DEFAULT_SPREAD, couples, simulate_groups
from intimacy_dynamics.intimacy.traits import PROFILES, profile
from intimacy_dynamics.plotting import PALETTE, apply_config, base_layout
from intimacy_dynamics.widgets.common import PredictThenReveal

__all__ = [
    "COMPARISONS",
    "DEFAULT_SIZE",
    "PopulationExplorer",
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


def _check_comparison(name: str, value) -> str:
    if value not in COMPARISONS:
        raise BadInputError(f"unknown comparison {value!r}; choose one of {list(COMPARISONS)}")
    return value


def _check_group(name: str, value) -> tuple[str, str]:
    if isinstance(value, str) or not hasattr(value, "__len__") or len(value) != 2:
        raise BadInputError(f"{name} = {value!r} must be two profiles, A's and B's")
    return tuple(profile(v).name for v in value)


def _check_whole(name: str, value, low: int, high: int | None = None) -> int:
    if isinstance(value, bool) or not isinstance(value, int | np.integer) or value < low:
        raise BadInputError(f"{name} = {value!r} must be a whole number >= {low}")
    if high is not None and value > high:
        raise BadInputError(f"{name} = {value} would take too long here (at most {high})")
    return int(value)


def _check_size(name: str, value) -> int:
    return _check_whole(name, value, 1, MAX_SIZE)


def _check_seed(name: str, value) -> int:
    return _check_whole(name, value, 0)


def _check_spread(value, model) -> float:
    couples(1, spread=value, model=model)  # populations says what it allows
    return float(value)


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
    answer = options[2 if ratio < 0.25 else 1 if ratio < 0.75 else 0]
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


def _error(title: str, exc: Exception) -> str:
    return (
        f'<span style="color:{PALETTE["vermillion"]}"><b>{html.escape(title)}:</b> '
        f"{html.escape(str(exc))}</span>"
    )


SEX_NOTE = (
    "<b>Sex is not a parameter of the model.</b> A 'woman' and a 'man' profile differ in "
    "one learned input only: vulnerability reluctance, set by <code>learned_reluctance</code> "
    "from how strongly a culture teaches those raised as men that vulnerability is "
    "dangerous (strongly in the Western profiles, little in the non-Western ones). Every "
    "other trait is drawn the same way for everyone."
)


class PopulationExplorer:
    """Two groups of couples drawn around chosen profiles, simulated and compared.

    Parameters
    ----------
    comparison : str
        A key of :data:`COMPARISONS` to start from.
    size : int
        Couples per group.
    spread : float
        How far people scatter around their profile (standard deviation of each trait).
    seed : int
        The random draw (shared by both groups).
    model : IntimacyModel, optional

    Examples
    --------
    >>> explorer = PopulationExplorer(size=40)
    >>> women, men = explorer.runs
    >>> bool(np.median(women.long_run) > np.median(men.long_run))
    True
    >>> explorer.set(spread=0.9)               # beyond what a population allows
    >>> "spread" in explorer.readout.value
    True
    """

    def __init__(
        self,
        comparison: str = "Western: women's pairs vs men's pairs",
        *,
        size: int = DEFAULT_SIZE,
        spread: float = DEFAULT_SPREAD,
        seed: int = 0,
        model=None,
    ):
        self.model = model or phenomena.model()
        first, second = COMPARISONS[comparison]
        self.comparison = w.Dropdown(
            options=[*COMPARISONS, CUSTOM], value=comparison, description="Compare"
        )
        self.pickers = [
            [self._picker(f"Group {k + 1}: A", group[0]), self._picker("B", group[1])]
            for k, group in enumerate((first, second))
        ]
        self.size = w.IntSlider(
            value=size, min=10, max=MAX_SIZE, step=10, description="Couples per group"
        )
        self.spread = w.FloatSlider(
            value=spread, min=0.0, max=0.5, step=0.01, description="Spread of traits"
        )
        self.seed = w.IntText(value=seed, description="Random draw", layout={"width": "180px"})
        for control in (self.size, self.spread, self.seed):
            control.style = {"description_width": "130px"}
        self.button = w.Button(
            description="Draw and simulate",
            button_style="primary",
            icon="play",
            tooltip="Draw new couples with these settings and simulate them",
        )
        self.button.on_click(lambda _: self.run())
        self.readout = w.HTML(layout=w.Layout(min_height="6em"))
        self.readout.add_class("id-readout")
        self.status = w.HTML()
        self.last_run_seconds = float("nan")
        self._suspended = False
        self.t, self.runs = self._simulate()
        self.figure = self._figure()
        self.readout.value = self.summarize()
        self._watch()
        self.widget = self._layout()

    # ------------------------------------------------------------- settings
    def groups(self) -> list[tuple[str, str]]:
        """The profiles (A, B) of each group, as the controls say."""
        return [tuple(p.value for p in pair) for pair in self.pickers]

    def set(self, **values) -> None:
        """Set controls and run once; bad values change nothing and show a message.

        The settings are ``comparison`` (a key of :data:`COMPARISONS`), ``group_1`` and
        ``group_2`` (pairs of profiles, A's and B's), ``size``, ``spread`` and ``seed``.
        """
        try:
            checked = self._checked(values)
        except IntimacyDynamicsError as exc:
            self.readout.value = _error("Cannot use these settings", exc)
            return
        self._suspended = True
        try:
            if "comparison" in checked:
                self._apply_comparison(checked.pop("comparison"))
            for k in (1, 2):
                if f"group_{k}" in checked:
                    for picker, name in zip(
                        self.pickers[k - 1], checked.pop(f"group_{k}"), strict=True
                    ):
                        picker.value = name
            for name, value in checked.items():
                getattr(self, name).value = value
            self._match_comparison()
        finally:
            self._suspended = False
        self.run()

    def _checked(self, values) -> dict:
        checks = {
            "comparison": _check_comparison,
            "group_1": _check_group,
            "group_2": _check_group,
            "size": _check_size,
            "spread": lambda name, value: _check_spread(value, self.model),
            "seed": _check_seed,
        }
        checked = {}
        for name, value in values.items():
            if name not in checks:
                raise BadInputError(f"unknown setting {name!r}: use {', '.join(checks)}")
            checked[name] = checks[name](name, value)
        return checked

    def _apply_comparison(self, label: str) -> None:
        for pair, group in zip(self.pickers, COMPARISONS[label], strict=True):
            for picker, name in zip(pair, group, strict=True):
                picker.value = name
        self.comparison.value = label

    def _match_comparison(self) -> None:
        """Show the preset the groups match, or "my own groups"."""
        current = self.groups()
        match = [k for k, v in COMPARISONS.items() if [tuple(g) for g in v] == current]
        self.comparison.value = match[0] if match else CUSTOM

    # ------------------------------------------------------------------ run
    def _simulate(self):
        start = time.perf_counter()
        result = simulate_groups(
            self.groups(), self.size.value, self.spread.value, self.seed.value, self.model
        )
        self.last_run_seconds = time.perf_counter() - start
        return result

    def run(self) -> None:
        """Draw the couples, simulate them and redraw (the button's handler)."""
        self.status.value = "<i>Drawing and simulating...</i>"
        try:
            self._checked(
                {"size": self.size.value, "spread": self.spread.value, "seed": self.seed.value}
            )
            self.t, self.runs = self._simulate()
        except IntimacyDynamicsError as exc:
            self.status.value = ""
            self.readout.value = _error("Cannot draw these couples", exc)
            return
        self._draw()
        self.status.value = ""
        self.readout.value = self.summarize()

    def _draw(self) -> None:
        """Every trace's new data in one message."""
        with self.figure.batch_update():
            for k, run in enumerate(self.runs):
                self.figure.data[k].x = run.long_run
                self.figure.data[k].name = f"{k + 1}: {run.label}"
                for j, band in enumerate(run.bands):
                    line = self.figure.data[2 + 3 * k + j]
                    line.x, line.y = self.t, band

    def summarize(self) -> str:
        """Each group's distribution in words, and the difference between them."""
        parts = []
        for k, run in enumerate(self.runs):
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
        if all(run.long_run.size for run in self.runs):
            gap = np.median(self.runs[0].long_run) - np.median(self.runs[1].long_run)
            parts.append(
                f"<b>Group 1 minus group 2</b> (medians): {100 * gap:+.1f} points. "
                f"Drawn and simulated in {self.last_run_seconds:.1f} s."
            )
        return "<br>".join(parts)

    def _changed(self, change) -> None:
        if not self._suspended:
            self.readout.value = (
                "<i>Settings changed: press <b>Draw and simulate</b> to see them.</i><br>"
                + self.summarize()
            )

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

    def _compare(self, change) -> None:
        if not self._suspended and change["new"] in COMPARISONS:
            self._suspended = True
            try:
                self._apply_comparison(change["new"])
            finally:
                self._suspended = False
            self._changed(change)

    def _pick(self, change) -> None:
        if not self._suspended:
            self._suspended = True
            try:
                self._match_comparison()
            finally:
                self._suspended = False
            self._changed(change)

    def _watch(self) -> None:
        self.comparison.observe(self._compare, names="value")
        for pair in self.pickers:
            for picker in pair:
                picker.observe(self._pick, names="value")
        for control in (self.size, self.spread, self.seed):
            control.observe(self._changed, names="value")

    # --------------------------------------------------------------- layout
    @staticmethod
    def _picker(description: str, value: str) -> w.Dropdown:
        return w.Dropdown(
            options=[(name.replace("_", " "), name) for name in PROFILES],
            value=value,
            description=description,
            style={"description_width": "90px"},
            layout={"width": "300px"},
        )

    def _figure(self):
        import plotly.graph_objects as go
        from plotly.subplots import make_subplots

        fig = make_subplots(
            rows=1,
            cols=2,
            subplot_titles=(
                "Long-run intimacy of each couple",
                "Intimacy over time: median and middle half",
            ),
            horizontal_spacing=0.1,
        )
        for k, run in enumerate(self.runs):
            style = STYLES[k]
            fig.add_histogram(
                x=run.long_run,
                xbins=BINS,
                name=f"{k + 1}: {run.label}",
                legendgroup=str(k),
                opacity=0.65,
                marker={"color": style["color"], "pattern": {"shape": style["pattern"]}},
                hovertemplate="%{y} couples at %{x}<extra></extra>",
                row=1,
                col=1,
            )
        for k, run in enumerate(self.runs):
            style = STYLES[k]
            for j, band in enumerate(run.bands):
                median = j == 1
                fig.add_scatter(
                    x=self.t,
                    y=band,
                    mode="lines",
                    legendgroup=str(k),
                    showlegend=False,
                    fill="tonexty" if j > 0 else None,  # the middle half, in two parts
                    fillcolor=style["fill"],
                    line={
                        "color": style["color"],
                        "dash": style["dash"],
                        "width": 2.5 if median else 0.5,
                    },
                    hovertemplate=f"group {k + 1}, {('25 %', 'median', '75 %')[j]}: "
                    "%{y:.2f}<extra></extra>",
                    row=1,
                    col=2,
                )
        layout = base_layout("Two populations of couples", height=440, barmode="overlay")
        layout["legend"] = {"orientation": "h", "yanchor": "bottom", "y": 1.1, "x": 0}
        layout["margin"] = {**layout["margin"], "t": 120}
        fig.update_layout(**layout)
        fig.update_xaxes(title_text="long-run intimacy (mean of A and B)", range=[0, 1], col=1)
        fig.update_yaxes(title_text="couples", col=1)
        fig.update_xaxes(title_text="time (days)", col=2)
        fig.update_yaxes(title_text="intimacy (mean of A and B)", range=[0, 1], col=2)
        return apply_config(go.FigureWidget(fig))

    def _layout(self) -> w.VBox:
        return w.VBox(
            [
                w.HTML(SEX_NOTE),
                self.comparison,
                *[w.HBox(pair) for pair in self.pickers],
                w.HBox([self.size, self.spread, self.seed]),
                w.HBox([self.button, self.status], layout=w.Layout(align_items="center")),
                self.figure,
                self.readout,
            ]
        )

    def _ipython_display_(self):
        from IPython.display import display

        display(self.widget)
