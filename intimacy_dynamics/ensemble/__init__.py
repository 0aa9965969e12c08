"""Many simulations at once: vectorized integration of heterogeneous ensembles.

=====================  ===========================================================
``integrator``         vectorized Dormand–Prince, per-member steps and error control
``tables``             per-member parameter and initial-state tables, validated
``runner``             chunks of members mapped over any ``concurrent.futures`` executor
``summaries``          mergeable summaries: quantile histograms, moments, per-member
``ensemble``           :func:`simulate_ensemble` and :class:`EnsembleResult`
``sweeps``             :func:`sweep` and :func:`global_sensitivity` (Sobol indices)
=====================  ===========================================================
"""

from intimacy_dynamics.ensemble.ensemble import EnsembleResult, Outcomes, simulate_ensemble
from intimacy_dynamics.ensemble.integrator import EnsembleSolution, integrate_ensemble
from intimacy_dynamics.ensemble.runner import run_chunks
from intimacy_dynamics.ensemble.sweeps import SobolIndices, Sweep, global_sensitivity, sweep
from intimacy_dynamics.ensemble.tables import MemberTable, member_table

__all__ = [
    "EnsembleResult",
    "EnsembleSolution",
    "MemberTable",
    "Outcomes",
    "SobolIndices",
    "Sweep",
    "global_sensitivity",
    "integrate_ensemble",
    "member_table",
    "run_chunks",
    "simulate_ensemble",
    "sweep",
]
