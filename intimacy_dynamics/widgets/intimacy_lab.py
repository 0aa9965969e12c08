"""``IntimacyLab``: the main lab, the intimacy model behind sliders for both partners."""

from __future__ import annotations

from intimacy_dynamics.intimacy import catalog
from intimacy_dynamics.intimacy.endings import (
    READOUT_WATCHED,
    classify_ending,
    couple_readout,
    ending_rules,
)
from intimacy_dynamics.intimacy.model import PERSON_PARAMETERS, IntimacyModel
from intimacy_dynamics.simulation.scenario import Scenario
from intimacy_dynamics.widgets.lab import ModelLab, describe_outcome

__all__ = ["IntimacyLab", "describe_couple"]

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

    Examples
    --------
    >>> lab = IntimacyLab("P05_guarded_low_trust")
    >>> "distant" in lab.readout.value
    True
    >>> lab.set(trust_A=0.8, trust_B=0.8)        # same couple, more initial trust
    >>> "intimate" in lab.readout.value
    True
    """

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
