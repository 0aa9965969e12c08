"""Analysis of any model: equilibria, continuation, cycles, basins, fits and robustness.

Every function takes a model (ours, a classic one, or an extension) and returns a plain
result object with a ``figure()`` helper that draws it with plotly.
"""

from intimacy_dynamics.analysis.basins import BasinMap, basins
from intimacy_dynamics.analysis.branches import Branch, SpecialPoint, continuation
from intimacy_dynamics.analysis.cycles import (
    CycleMeasure,
    OrbitDiagram,
    limit_cycle,
    measure_oscillation,
    orbit_diagram,
)
from intimacy_dynamics.analysis.dyadic import ActorPartnerEffects, actor_partner_effects
from intimacy_dynamics.analysis.fitting import (
    FitResult,
    IdentifiabilityWarning,
    estimate_coupled_oscillator,
    fit,
    glla,
)
from intimacy_dynamics.analysis.fluctuations import Fluctuations, fluctuations
from intimacy_dynamics.analysis.outcomes import RunOutcome, run_outcome
from intimacy_dynamics.analysis.phase_plane import PhasePlane, nullclines
from intimacy_dynamics.analysis.robustness import Robustness, robustness
from intimacy_dynamics.analysis.sensitivity import Sensitivity, sensitivity
from intimacy_dynamics.analysis.steady_states import (
    Equilibrium,
    EquilibriumSet,
    classify,
    equilibria,
)

__all__ = [
    "ActorPartnerEffects",
    "BasinMap",
    "Branch",
    "CycleMeasure",
    "Equilibrium",
    "EquilibriumSet",
    "FitResult",
    "Fluctuations",
    "IdentifiabilityWarning",
    "OrbitDiagram",
    "PhasePlane",
    "Robustness",
    "RunOutcome",
    "Sensitivity",
    "SpecialPoint",
    "actor_partner_effects",
    "basins",
    "classify",
    "continuation",
    "equilibria",
    "estimate_coupled_oscillator",
    "fit",
    "fluctuations",
    "glla",
    "limit_cycle",
    "measure_oscillation",
    "nullclines",
    "orbit_diagram",
    "robustness",
    "run_outcome",
    "sensitivity",
]
