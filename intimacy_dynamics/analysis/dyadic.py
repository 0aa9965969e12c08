"""Actor and partner effects in a two-partner model: the lens of dyadic research.

In the actor–partner interdependence model (Kenny, Kashy & Cook 2006), each person's
outcome depends on their own characteristics (the *actor* effect) and on their
partner's (the *partner* effect); partner effects are the signature of
interdependence. In a dynamical model both can be computed exactly: change one
partner's parameter, rerun, and see how each partner's long-run outcome moves.

:func:`actor_partner_effects` does this for any model with two partners and a
per-partner parameter and outcome (a state or an output). An actor effect can arise
entirely through the partner: in the intimacy model, B's tone enters only what A reads,
so B's own outcome moves only because A's does.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from intimacy_dynamics.core.validation import as_finite_float, check_known_name
from intimacy_dynamics.errors import BadInputError, ParameterError, StateError
from intimacy_dynamics.simulation.simulate import simulate

__all__ = ["ActorPartnerEffects", "actor_partner_effects"]


@dataclass(frozen=True)
class ActorPartnerEffects:
    """How each partner's long-run outcome moves when one partner's parameter changes.

    Attributes
    ----------
    parameter, outcome : str
        Base names (``"response_valence"``, ``"intimacy"``).
    partners : (str, str)
    baseline : dict
        Each partner's long-run outcome before the change, ``{"A": ..., "B": ...}``.
    values : dict
        ``{partner: (from, to)}``: the parameter's value before and after the change.
    effects : dict
        ``{(changed, measured): change of measured's outcome}`` for every pair.
    """

    parameter: str
    outcome: str
    partners: tuple[str, str]
    baseline: dict[str, float]
    values: dict[str, tuple[float, float]]
    effects: dict[tuple[str, str], float]

    def actor(self, partner: str) -> float:
        """The effect of ``partner``'s own change on ``partner``'s outcome."""
        return self.effects[(self._check(partner), partner)]

    def partner(self, partner: str) -> float:
        """The effect of the other partner's change on ``partner``'s outcome."""
        return self.effects[(self._other(self._check(partner)), partner)]

    def _check(self, partner: str) -> str:
        return check_known_name(partner, self.partners, "partner", "this result", BadInputError)

    def _other(self, partner: str) -> str:
        return self.partners[1] if partner == self.partners[0] else self.partners[0]

    def table(self) -> list[tuple[str, float, float]]:
        """Rows ``(partner, actor effect, partner effect)``."""
        return [(p, self.actor(p), self.partner(p)) for p in self.partners]

    def __str__(self) -> str:
        lines = [f"long-run {self.outcome} when {self.parameter} changes:"]
        for p, actor, partner in self.table():
            lines.append(f"  {p}: actor effect {actor:+.3f}, partner effect {partner:+.3f}")
        return "\n".join(lines)

    def figure(self):
        """Grouped bars: for each partner, the actor and the partner effect."""
        from intimacy_dynamics.plotting import PALETTE, base_layout, figure

        rows = self.table()
        fig = figure(
            base_layout(
                f"Actor and partner effects of {self.parameter} on {self.outcome}",
                "whose outcome",
                f"change of long-run {self.outcome}",
                barmode="group",
            )
        )
        names = [f"partner {p}" for p, _, _ in rows]
        fig.add_bar(
            x=names,
            y=[r[1] for r in rows],
            name="actor effect (own change)",
            marker={"color": PALETTE["blue"]},
        )
        fig.add_bar(
            x=names,
            y=[r[2] for r in rows],
            name="partner effect (other's change)",
            marker={"color": PALETTE["vermillion"]},
            marker_pattern_shape="/",
        )
        return fig


def actor_partner_effects(
    model,
    parameter: str,
    outcome: str,
    *,
    to: float | None = None,
    by: float | None = None,
    params: Mapping[str, float] | None = None,
    y0=None,
    inputs=None,
    t_span: tuple[float, float] | None = None,
    fraction: float = 0.25,
    **options,
) -> ActorPartnerEffects:
    """Actor and partner effects of a change of ``parameter`` on long-run ``outcome``.

    Three runs: the baseline, one in which only the first partner's ``parameter`` is
    changed, and one in which only the second's is. The outcome is each partner's mean
    over the last ``fraction`` of the run.

    Parameters
    ----------
    model : Model
        A model with two partners.
    parameter, outcome : str
        Base names of a per-partner parameter and of a per-partner state or output.
    to, by : float
        The changed value, or the change from each partner's baseline value (give one).
    params, y0, inputs, t_span
        The baseline setting, as for :func:`~intimacy_dynamics.simulate`.
    fraction : float
        The share of the run, at its end, over which the outcome is averaged.
    **options
        Passed to :func:`~intimacy_dynamics.simulate` (``n_points``, ``rtol``...).

    Examples
    --------
    B turns from supportive to critical. A loses the most (a partner effect), and B
    loses too, although B's tone enters only what A reads: B's actor effect comes
    back through A.

    >>> from intimacy_dynamics import IntimacyModel
    >>> effects = actor_partner_effects(IntimacyModel(), "response_valence", "intimacy",
    ...                                 to=-0.7)
    >>> effects.partner("A") < effects.actor("B") < 0
    True
    """
    first, second = _two_partners(model)
    names = {p: f"{parameter}_{p}" for p in (first, second)}
    for name in names.values():
        check_known_name(
            name, model.param_names, "per-partner parameter", model.name, ParameterError
        )
    outcomes = {p: f"{outcome}_{p}" for p in (first, second)}
    known = model.state_names + model.output_names
    for name in outcomes.values():
        check_known_name(name, known, "per-partner state or output", model.name, StateError)
    if (to is None) == (by is None):
        raise BadInputError("give exactly one of to= (the new value) or by= (the change)")
    fraction = as_finite_float(fraction, "fraction", (0.01, 1.0))
    base = model.params(params)
    values = {}
    for p, name in names.items():
        old = base[name]
        new = as_finite_float(to if to is not None else old + by, f"the changed {name}")
        values[p] = (old, new)

    def long_run(changes):
        run = simulate(model, t_span, base.evolve(**changes), y0=y0, inputs=inputs, **options)
        late = run.t >= run.t[0] + (1 - fraction) * (run.t[-1] - run.t[0])
        return {p: float(run[name][late].mean()) for p, name in outcomes.items()}

    baseline = long_run({})
    effects = {}
    for changed, name in names.items():
        after = long_run({name: values[changed][1]})
        for measured in (first, second):
            effects[(changed, measured)] = after[measured] - baseline[measured]
    return ActorPartnerEffects(parameter, outcome, (first, second), baseline, values, effects)


def _two_partners(model) -> tuple[str, str]:
    partners = tuple(getattr(model, "partners", ()))
    if len(partners) != 2:
        raise BadInputError(
            f"{model.name} has partners {partners!r}; actor and partner effects need two"
        )
    return partners
