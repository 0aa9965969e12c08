"""Early warnings of a couple's collapse: the guarded couple driven slowly to its fold.

The guarded couple of P05 has two attractors: an intimate one (reached from high trust)
and a distant one. As both partners' fear of intimacy grows, the intimate attractor
weakens and at a fold (:func:`fold_point`, a fear near 0.78) it disappears: the couple
collapses to the distant state. Before the fold, the intimate state's slowest rate of
return shrinks toward zero (critical slowing down), so its day-to-day fluctuations grow
and lengthen. This module holds the experiment that shows it, as model facts:

* **Start**: the intimate attractor at the ramp's first value (:func:`starting_state`).
* **Ramp** (:data:`RAMP`): fear of intimacy of both partners from 0.6 to 0.8 over
  :data:`RAMP_DAYS`, a step every day: slow beside the state's return time of two to
  eight weeks.
* **Noise**: :data:`NOISE_FACTOR` times the declared intensities. At the declared ones a
  couple near the fold is shaken out of its shallow basin weeks to years early
  (noise-induced tipping), which leaves little approach to measure.
* **Observed**: the couple's trust (the mean of the partners'), once a day as a diary
  would: it is not itself noise-driven and carries most of the slowing mode.
* **Collapse**: the first day the couple's intimacy falls below
  :data:`~intimacy_dynamics.intimacy.endings.DISTANT`; the data "before the collapse"
  end :data:`COLLAPSE_MARGIN` days earlier.
* **Indicators** (:mod:`intimacy_dynamics.analysis.early_warning`): Gaussian detrending
  with bandwidth :data:`BANDWIDTH`, rolling variance and lag-1 autocorrelation over
  :data:`WINDOW_SHARE` of the data before the collapse, Kendall's tau of each against
  time. The window is wider than the half of Dakos et al. (2012): with half, the share
  of replicates whose autocorrelation's tau exceeds 0.5 was 0.78 to 0.88 over four
  seeds; with 0.6 it was 0.86 to 0.90 (``docs/noise.md`` gives the table).
* **Control** (:data:`CONTROL_RAMP`): the same couple, noise and analysis, but the ramp
  raises both partners' nonverbal immediacy from 0.5 to 0.8 over the same days: the
  couple's trust rises a little, its slowest rate of return stays at 0.067 a day, and no
  fold is near. It does not collapse, so all its data (less the margin) are analysed.
  The indicators react to any slow loss of resilience, not only to a fold: a ramp of
  fear of intimacy from 0.1 to 0.3, far from the fold but slowing the return by 6 %,
  gives median taus near 0.6 and 0.5.

``tests/noise/test_early_warning.py`` checks the acceptance figures with 50 replicates
and that ``docs/noise.md`` shows them; ``python -m
intimacy_dynamics.intimacy.early_warning [docs/noise.md]`` prints them (or writes them
there).
"""

from __future__ import annotations

import functools
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from intimacy_dynamics.analysis.early_warning import early_warning
from intimacy_dynamics.ensemble.ensemble import simulate_ensemble
from intimacy_dynamics.intimacy import catalog
from intimacy_dynamics.intimacy.endings import DISTANT
from intimacy_dynamics.intimacy.model import IntimacyModel
from intimacy_dynamics.simulation.inputs import Schedule
from intimacy_dynamics.simulation.simulate import simulate

__all__ = [
    "BANDWIDTH",
    "COLLAPSE_MARGIN",
    "CONTROL_RAMP",
    "NOISE_FACTOR",
    "RAMP",
    "RAMPS",
    "RAMP_DAYS",
    "REPLICATES",
    "Ramp",
    "Warnings",
    "figures",
    "fold_point",
    "replicates",
    "shown_in",
    "starting_state",
    "table",
    "warnings_of",
]


@dataclass(frozen=True)
class Ramp:
    """A parameter of both partners moved linearly from ``start`` to ``end``."""

    parameter: str
    start: float
    end: float

    def inputs(self, days: float) -> dict[str, Schedule]:
        """A schedule that steps every day, for each partner's parameter."""
        times = np.arange(0.0, float(days))
        values = self.start + (self.end - self.start) * times / float(days)
        schedule = Schedule(times=tuple(times), values=tuple(values))
        return {f"{self.parameter}_{partner}": schedule for partner in ("A", "B")}


#: The ramp toward the fold: fear of intimacy of both partners ...
RAMP = Ramp("fear_of_intimacy", 0.6, 0.8)
#: ... over this many days (0.00005 a day).
RAMP_DAYS = 4000.0
#: The control: a ramp of the same length that moves the couple but no fold.
CONTROL_RAMP = Ramp("immediacy", 0.5, 0.8)
#: The noise of the replicates, as a factor on the declared intensities (0.09/sqrt(day)).
NOISE_FACTOR = 0.3
#: The fixed step, in days: inside the explicit scheme's stability limit (the couple's
#: fastest rate is about 2.6 a day, so the limit is about 0.77 day). The fast states are
#: stepped coarsely, the slow mode that matters here (return times of weeks) finely; in
#: trials, dt = 0.25 gave the same shares within the seed-to-seed spread.
STEP = 0.5
#: The observed quantity: the couple's trust, the mean of these states, once a day.
OBSERVED = ("trust_A", "trust_B")
#: Days between the data used and the collapse.
COLLAPSE_MARGIN = 20.0
#: The Gaussian detrending kernel's standard deviation, in days.
BANDWIDTH = 200.0
#: The rolling window, as a share of the data before the collapse.
WINDOW_SHARE = 0.6
#: The replicates' seed in the tests and the docs.
SEED = 2026
#: Replicates of each ramp: 50 toward the fold (issue 15's acceptance), 200 for the
#: control, whose median tau then varies less from seed to seed (its autocorrelation's
#: median is near 0.2 whatever the seed; with 50 replicates it ranged from 0.09 to 0.35).
REPLICATES = {"toward the fold": 50, "control": 200}


def _couple():
    return catalog.load("P05_guarded_high_trust")


@functools.lru_cache(maxsize=8)
def _settled(parameter: str, value: float) -> tuple[float, ...]:
    model = IntimacyModel()
    scenario = _couple()
    params = {**scenario.params, f"{parameter}_A": value, f"{parameter}_B": value}
    start = simulate(model, params=scenario.params, y0=scenario.y0, t_span=(0, 400)).y[:, -1]
    return tuple(simulate(model, params=params, y0=start, t_span=(0, 1000)).y[:, -1])


def starting_state(ramp: Ramp = RAMP) -> dict[str, float]:
    """The guarded couple's intimate attractor at the ramp's first value.

    Examples
    --------
    >>> state = starting_state()
    >>> bool(0.4 < (state["intimacy_A"] + state["intimacy_B"]) / 2 < 0.5)
    True
    """
    names = IntimacyModel().state_names
    return dict(zip(names, _settled(ramp.parameter, ramp.start), strict=True))


def fold_point(low: float = 0.6, high: float = 0.9, tolerance: float = 1e-3) -> float:
    """The fear of intimacy (both partners) at which the intimate attractor disappears.

    Bisection: from the intimate state just below, does a long run stay intimate?

    Examples
    --------
    >>> 0.76 < fold_point() < 0.79
    True
    """
    model, scenario = IntimacyModel(), _couple()
    state = _settled(RAMP.parameter, low)
    while high - low > tolerance:
        middle = 0.5 * (low + high)
        params = {**scenario.params, "fear_of_intimacy_A": middle, "fear_of_intimacy_B": middle}
        run = simulate(model, params=params, y0=state, t_span=(0, 3000), n_points=2)
        if run["couple_intimacy"][-1] >= DISTANT:
            low, state = middle, tuple(run.y[:, -1])
        else:
            high = middle
    return 0.5 * (low + high)


def replicates(n: int = 50, seed=SEED, ramp: Ramp = RAMP, days: float = RAMP_DAYS):
    """``n`` noisy runs of the guarded couple under ``ramp``, every day kept.

    Returns
    -------
    EnsembleResult
        With ``keep="all"``: every state and output at every day.
    """
    return simulate_ensemble(
        IntimacyModel(),
        params_table=_couple().params,
        y0=starting_state(ramp),
        n_members=n,
        t_span=(0.0, days),
        t_eval=np.arange(0.0, days + 1),
        noise=NOISE_FACTOR,
        seed=seed,
        dt=STEP,
        inputs=ramp.inputs(days),
        keep="all",
    )


@dataclass(frozen=True)
class Warnings:
    """Per replicate: the collapse day (NaN when none) and the two Kendall taus."""

    collapse_day: np.ndarray
    tau_variance: np.ndarray
    tau_autocorrelation: np.ndarray

    def share_rising(self, threshold: float = 0.5) -> dict[str, float]:
        """Share of replicates whose tau exceeds ``threshold``: each indicator, and both."""
        variance, autocorrelation = (
            self.tau_variance > threshold,
            self.tau_autocorrelation > threshold,
        )
        return {
            "variance": float(variance.mean()),
            "autocorrelation": float(autocorrelation.mean()),
            "both": float((variance & autocorrelation).mean()),
        }

    def medians(self) -> dict[str, float]:
        """The median tau of each indicator."""
        return {
            "variance": float(np.median(self.tau_variance)),
            "autocorrelation": float(np.median(self.tau_autocorrelation)),
        }


def warnings_of(result) -> Warnings:
    """The indicators of each replicate of ``result`` before its collapse (see the module)."""
    observed = np.mean([result.trajectories(name) for name in OBSERVED], axis=0)
    intimacy = result.trajectories("couple_intimacy")
    t = result.t
    collapse, taus = [], []
    for series, couple in zip(observed, intimacy, strict=True):
        below = np.nonzero(couple < DISTANT)[0]
        day = float(t[below[0]]) if below.size else np.nan
        end = (day if below.size else t[-1]) - COLLAPSE_MARGIN
        used = t <= end
        window = max(int(WINDOW_SHARE * used.sum()), 3)
        warning = early_warning(t[used], series[used], bandwidth=BANDWIDTH, window=window)
        collapse.append(day)
        taus.append((warning.tau_variance, warning.tau_autocorrelation))
    taus = np.array(taus)
    return Warnings(np.array(collapse), taus[:, 0], taus[:, 1])


BEGIN = "<!-- generated by intimacy_dynamics.intimacy.early_warning: begin -->"
END = "<!-- generated by intimacy_dynamics.intimacy.early_warning: end -->"


def figures(seed=SEED) -> str:
    """The acceptance figures as a markdown table (``docs/noise.md`` holds them)."""
    found = {
        ramp: warnings_of(replicates(n=count, seed=seed, ramp=ramp))
        for ramp, count in zip(RAMPS, REPLICATES.values(), strict=True)
    }
    return table(found, seed)


#: The two ramps of the experiment: toward the fold, and the control.
RAMPS = (RAMP, CONTROL_RAMP)


def table(found: dict[Ramp, Warnings], seed) -> str:
    """The figures of :func:`figures` from the warnings of each ramp."""
    lines = [
        f"Seed {seed}; the fold is at fear of intimacy {fold_point():.3f}.",
        "",
        "| ramp | collapsed | collapse days | tau > 0.5: variance | autocorrelation "
        "| both | median tau: variance | autocorrelation |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for ramp, warnings in found.items():
        n = warnings.collapse_day.size
        days = warnings.collapse_day[np.isfinite(warnings.collapse_day)]
        span = f"{days.min():.0f}-{days.max():.0f}" if days.size else "-"
        share = warnings.share_rising()
        median = {k: round(v, 2) + 0.0 for k, v in warnings.medians().items()}  # no "-0.00"
        lines.append(
            f"| {ramp.parameter} {ramp.start:g} to {ramp.end:g} | {days.size} of {n} "
            f"| {span} | {share['variance']:.2f} | {share['autocorrelation']:.2f} "
            f"| {share['both']:.2f} | {median['variance']:.2f} | {median['autocorrelation']:.2f} |"
        )
    return "\n".join(lines) + "\n"


def shown_in(path) -> str:
    """The figures as the markdown file at ``path`` shows them, between the markers."""
    return Path(path).read_text().split(BEGIN, 1)[1].split(END, 1)[0].strip() + "\n"


def update(path) -> None:
    """Write :func:`figures` between the markers of the markdown file at ``path``."""
    path = Path(path)
    head, rest = path.read_text().split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    path.write_text(f"{head}{BEGIN}\n\n{figures()}\n{END}{tail}")


def main(argv=None) -> None:  # pragma: no cover - a report for people
    """Print the acceptance figures, or write them into the markdown file named."""
    args = sys.argv[1:] if argv is None else argv
    if args:
        update(args[0])
    else:
        print(figures())


if __name__ == "__main__":  # pragma: no cover
    main()
