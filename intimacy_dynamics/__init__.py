"""intimacy_dynamics: a teaching lab for a dynamical model of intimacy in close relationships.

The package is layered, and each layer uses only those below it (a test reads every
import to keep it so):

``core`` (with ``errors``)
    Declaring models symbolically (:class:`State`, :class:`Param`, :class:`Output`,
    :class:`Model`), parameter sets, numbers and JSON read safely, and generating
    numeric code (Python and JavaScript) from the equations.
``simulation``
    :func:`simulate`, :class:`Trajectory`, inputs over time (:class:`Pulse`,
    :class:`Hold`, :class:`Schedule`) and :class:`~intimacy_dynamics.simulation.scenario.Scenario`.
``ensemble``, ``analysis``, ``frontend``, ``plotting``
    Many runs at once (vectorized Dormand–Prince, sweeps, Sobol indices); analysis of
    any model (equilibria, continuation, basins, cycles, fits, sensitivity, robustness,
    actor and partner effects); the JavaScript runtime that integrates a model in the
    browser; one visual style for every figure.
``intimacy``, ``classic``, ``scenarios``
    The intimacy model, its people, phenomena, signatures, endings and catalog of
    scenarios; the classic models of love dynamics; ``scenarios`` is a front door to
    the catalog.
``studies``
    Virtual diary studies and experiments on simulated couples, analysed the way the
    field analyses its data (multilevel models, mediation, effect sizes).
``widgets``
    The labs and explorers of the lessons (ipywidgets and plotly, thin over the layers
    below).
``exercises``, ``standalone``
    The lessons' self-checks, whose answers are computed from the model; a lab written
    as one HTML page that runs with no server.
``cli``
    The ``intimacy-lab`` launcher (and ``intimacy-lab export``).

Examples
--------
>>> import sympy, intimacy_dynamics as idyn
>>> x, k = sympy.symbols("x k")
>>> decay = idyn.Model.from_equations({x: -k * x}, params={k: 0.5},
...                                   states={"x": idyn.State(1.0)})
>>> round(idyn.simulate(decay, t_span=(0, 2)).final()["x"], 4)
0.3679
"""

__version__ = "0.1.0"

from intimacy_dynamics.core.functions import hill, sigmoid
from intimacy_dynamics.core.model import Model
from intimacy_dynamics.core.params import ParamSet
from intimacy_dynamics.core.quantities import Noise, Output, Param, Setting, State
from intimacy_dynamics.ensemble.ensemble import simulate_ensemble
from intimacy_dynamics.errors import (
    BadInputError,
    BudgetExceededError,
    IntegrationError,
    ModelDefinitionError,
    ParameterError,
    StateError,
)
from intimacy_dynamics.intimacy.model import IntimacyModel
from intimacy_dynamics.simulation.inputs import Hold, Pulse, Schedule, Signal
from intimacy_dynamics.simulation.simulate import simulate
from intimacy_dynamics.simulation.trajectory import Trajectory

__all__ = [
    "BadInputError",
    "BudgetExceededError",
    "Hold",
    "IntegrationError",
    "IntimacyModel",
    "Model",
    "ModelDefinitionError",
    "Noise",
    "Output",
    "Param",
    "ParamSet",
    "ParameterError",
    "Pulse",
    "Schedule",
    "Setting",
    "Signal",
    "State",
    "StateError",
    "Trajectory",
    "__version__",
    "hill",
    "sigmoid",
    "simulate",
    "simulate_ensemble",
]

from intimacy_dynamics.plotting import site_plotly_src as _site_plotly_src

if _site_plotly_src() is not None:  # the static course site is being built (make site):
    # its explorers' live panels become standalone labs in the page
    from intimacy_dynamics.standalone import site as _site  # noqa: F401
