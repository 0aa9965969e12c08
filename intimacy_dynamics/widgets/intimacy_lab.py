"""``IntimacyLab``: the main lab, the intimacy model behind sliders for both partners."""

from __future__ import annotations

from typing import ClassVar

import ipywidgets as w

from intimacy_dynamics.core.quantities import Setting
from intimacy_dynamics.intimacy import catalog
from intimacy_dynamics.intimacy.endings import (
    READOUT_WATCHED,
    classify_ending,
    couple_readout,
    ending_rules,
)
from intimacy_dynamics.intimacy.model import NOISE_MAX, PERSON_PARAMETERS, IntimacyModel
from intimacy_dynamics.simulation.scenario import Scenario
from intimacy_dynamics.widgets.explorer import Settings
from intimacy_dynamics.widgets.lab import ModelLab, describe_outcome

__all__ = ["MAX_SEED", "IntimacyLab", "describe_couple"]

#: The largest seed of the lab's noisy runs.
MAX_SEED = 1_000_000

PANELS = (
    "disclosure",
    "trust",
    "perceived_responsiveness",
    "intimacy",
    "closeness",
    "sense_of_self",
)


class IntimacyLab(ModelLab):
    """Sliders for both partners over the intimacy model, with plots and a readout.

    Parameters
    ----------
    scenario : str or Scenario, optional
        Where to start (a catalog name such as ``"P05_guarded_high_trust"``).
    phase : (str, str)
        The phase view; ``("trust_A", "trust_B")`` by default, or for instance
        ``("closeness_A", "sense_of_self_A")`` to watch fusion.
    **options
        Passed to :class:`ModelLab` (``plots``, ``params``, ``initial``, ``n_points``:
        201 by default, 3.5 pixels apart on a 700-pixel plot, which keeps the browser's
        redraw of twelve lines fast).

    Notes
    -----
    **Day-to-day noise.** With a noise intensity above 0, every noise the model
    declares (the wavering of willingness to disclose, of the reading of responses and
    of felt intimacy) takes that intensity, and the run is a noisy one
    (:func:`~intimacy_dynamics.simulate` with ``noise=`` and ``seed=``): the couple
    wavers around its attractor, or is shaken out of it. The page's integrator is
    deterministic, so a noisy run is computed in the kernel and drawn in the page;
    at intensity 0 the plot follows the sliders in the page again. *New days* draws
    the next seed: the same couple, other days. Intensity and seed are the lab's own
    settings, and go into the settings JSON.

    Examples
    --------
    >>> lab = IntimacyLab("P05_guarded_low_trust")
    >>> "distant" in lab.readout.value
    True
    >>> lab.set(trust_A=0.8, trust_B=0.8)        # same couple, more initial trust
    >>> "intimate" in lab.readout.value
    True
    >>> lab.set(noise=0.3)                       # the same couple, day to day
    >>> lab.plot.follow_kernel, lab.scenario().settings
    (True, {'noise': 0.3})
    """

    own_title = "Day-to-day noise"
    own_settings: ClassVar[dict[str, Setting]] = {
        "noise": Setting(
            0.0,
            bounds=(0.0, NOISE_MAX),
            soft=(0.0, 1.0),
            step=0.05,
            unit="1/sqrt(day)",
            label="Noise intensity",
            doc="How much each partner's willingness, reading of responses and felt "
            "intimacy waver from day to day (0: no noise, the deterministic model).",
        ),
        "seed": Setting(
            0,
            bounds=(0, MAX_SEED),
            step=1,
            integer=True,
            label="Seed",
            doc="Which days: the same seed gives the same noisy run.",
        ),
    }

    #: What a standalone page, which has no kernel, leaves out of a noisy setting.
    page_leaves_out = (
        "the noisy run is drawn only in the notebook; this page shows the noise-free run"
    )

    def __init__(
        self,
        scenario: str | Scenario | None = None,
        *,
        phase: tuple[str, str] = ("trust_A", "trust_B"),
        **options,
    ):
        model = options.pop("model", None) or IntimacyModel()
        if isinstance(scenario, str):
            scenario = catalog.load(scenario)
        presets = {_title(name): catalog.load(name) for name in catalog.names()}
        options.setdefault("plots", PANELS)
        options.setdefault("params", [f"{base}_{p}" for p in "AB" for base in PERSON_PARAMETERS])
        options.setdefault("initial", ["trust_A", "trust_B"])
        options.setdefault("title", "Intimacy between A and B over time")
        options.setdefault("n_points", 201)  # 12 lines redraw in the browser on every move
        super().__init__(model, phase=phase, scenario=scenario, presets=presets, **options)
        if self.plot is not None and self.current.own["noise"] > 0:
            self.plot.show_run(self.result)  # a scenario that starts noisy
        # the noise settings are number boxes, named by their labels: an ipywidgets
        # slider has no accessible name (axe), and a seed needs none
        for control in self.own_controls.controls.values():
            control.slider.layout.display = "none"

    def compute(self, settings: Settings):
        """The run: noisy when the noise intensity is above 0."""
        level = settings.own["noise"]
        if level == 0:
            return self.simulate(settings)
        noise = {name: level for name in self.model.noise_names}
        return self.simulate(settings, noise=noise, seed=settings.own["seed"])

    def draw(self, result) -> None:
        """Send the kernel's figures; a noisy run also goes to the page's plot."""
        super().draw(result)
        if self.plot is None:
            return
        if self.current.own["noise"] > 0:
            self.plot.show_run(result)
        else:
            self.plot.follow_page()

    def new_days(self) -> None:
        """The next seed: the same couple, other days (back to 0 after :data:`MAX_SEED`)."""
        self.set(seed=(self.current.own["seed"] + 1) % (MAX_SEED + 1))

    def toolbar(self) -> w.HBox:
        """The toolbar, with a *New days* button for the next seed."""
        bar = super().toolbar()
        button = w.Button(
            description="New days",
            icon="random",
            tooltip="The same couple, other days: the next seed of the noise",
        )
        button.on_click(self._guarded(self.new_days, "Cannot draw new days"))
        self.new_days_button = button
        bar.children = (*bar.children[:-1], button, bar.children[-1])
        return bar

    def describe(self, result) -> str:
        """The readout; a noisy run is not read for steady states or cycles.

        Its wavering is not a cycle: the readout gives the verdict on its last quarter,
        and which days these were.
        """
        level, seed = self.current.own["noise"], self.current.own["seed"]
        if level == 0:
            return super().describe(result)
        days = (
            f"<b>Noisy days</b> (intensity {level:g}, seed {seed}): the couple wavers from "
            "day to day; <i>New days</i> shows the same couple on other days."
        )
        return couple_readout(classify_ending(result), days)

    def summarize(self, run) -> str:
        """Where the couple is heading: intimate or distant, steady or oscillating."""
        return describe_couple(self.model, run)

    def readout_rules(self) -> dict:
        """The couple's readout as data: the verdict's cut-offs and words (:meth:`summarize`)."""
        rules = ending_rules()
        return {"watched": list(rules["watched"]), "couple": rules}


def describe_couple(model, run) -> str:
    """Where a couple of the intimacy model is heading, in words (the lab's readout).

    The verdict and its wording are the model's (:mod:`intimacy_dynamics.intimacy.endings`).
    """
    outcome = describe_outcome(model, run, READOUT_WATCHED)
    return couple_readout(classify_ending(run), outcome)


def _title(name: str) -> str:
    code, _, rest = name.partition("_")
    return f"{code} · {rest.replace('_', ' ')}"
