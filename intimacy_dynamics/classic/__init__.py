"""The published models of love dynamics, declared with the core.

Each factory returns a model with the published (or, where none were published, clearly
illustrative) default parameters; each closed-form result of the literature is a
function next to its model.

``linear``
    Strogatz (1988): :func:`strogatz`, :func:`fickle_lover`, :func:`cautious_lovers`,
    :func:`romantic_style`.
``rinaldi``
    Rinaldi (1998) linear couples (:func:`rinaldi_linear` and its equilibrium) and the
    insecure couple of "Gone with the Wind" (:func:`rhett_scarlett`).
``petrarch``
    Rinaldi (1998) Laura and Petrarch (:func:`laura_petrarch`, :func:`mu_crit`).
``gottman``
    The Gottman–Murray marriage map (:func:`gottman_map`, :class:`GottmanMap`).
``felmlee``
    Felmlee & Greenberg (1999) ideal-point dyad (:func:`felmlee_greenberg`).
``oscillator``
    Boker & Laurenceau (2006) coupled oscillators (:func:`coupled_oscillator`).

Examples
--------
>>> import intimacy_dynamics as idyn
>>> from intimacy_dynamics import classic
>>> model = classic.laura_petrarch()
>>> model.state_names, round(classic.mu_crit(model), 2)
(['L', 'P', 'Z'], 15.47)
>>> classic.romantic_style(-1, 2)
'cautious lover'
"""

from intimacy_dynamics.classic.felmlee import (
    felmlee_greenberg,
    felmlee_greenberg_equilibrium,
    felmlee_greenberg_is_stable,
)
from intimacy_dynamics.classic.gottman import INFLUENCES, GottmanMap, GottmanRun, gottman_map
from intimacy_dynamics.classic.linear import (
    cautious_lovers,
    fickle_lover,
    romantic_style,
    strogatz,
)
from intimacy_dynamics.classic.oscillator import coupled_oscillator, oscillator_period
from intimacy_dynamics.classic.petrarch import laura_petrarch, laura_petrarch_delta, mu, mu_crit
from intimacy_dynamics.classic.rinaldi import (
    rhett_scarlett,
    rinaldi_linear,
    rinaldi_linear_equilibrium,
    rinaldi_linear_is_stable,
)

__all__ = [
    "INFLUENCES",
    "GottmanMap",
    "GottmanRun",
    "cautious_lovers",
    "coupled_oscillator",
    "felmlee_greenberg",
    "felmlee_greenberg_equilibrium",
    "felmlee_greenberg_is_stable",
    "fickle_lover",
    "gottman_map",
    "laura_petrarch",
    "laura_petrarch_delta",
    "mu",
    "mu_crit",
    "oscillator_period",
    "rhett_scarlett",
    "rinaldi_linear",
    "rinaldi_linear_equilibrium",
    "rinaldi_linear_is_stable",
    "romantic_style",
    "strogatz",
]
