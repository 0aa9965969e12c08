"""Over random admissible parameters and initial states, the model behaves."""

import numpy as np
import sympy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from intimacy_dynamics import IntimacyModel, simulate
from intimacy_dynamics.intimacy import phenomena as ph
from intimacy_dynamics.intimacy.model import sigmoid

MODEL = ph.model()


@st.composite
def admissible(draw):
    params = {}
    for name, spec in MODEL.param_specs.items():
        lo, hi = spec.bounds
        corner = draw(st.sampled_from(["low", "high", "inside", "inside"]))
        params[name] = {"low": lo, "high": hi}.get(corner) or draw(st.floats(lo, hi))
    y0 = {name: draw(st.floats(0.0, 1.0)) for name in MODEL.state_names}
    return params, y0


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(admissible())
def test_states_stay_in_range_and_integration_succeeds(case):
    params, y0 = case
    run = simulate(MODEL, (0.0, 60.0), params, y0=y0, n_points=121)  # raises on any failure
    assert np.all(np.isfinite(run.y))
    assert run.y.min() >= -1e-6
    assert run.y.max() <= 1 + 1e-6
    for name in MODEL.output_names:
        assert np.all(np.isfinite(run[name]))


def gains_and_losses_function():
    """All gains and losses of partner A, as one numeric function of (states, params)."""
    model = IntimacyModel()
    views = model._partner_views(("state", "parameter"))
    p = model._param_namespace()
    pairs = model.gains_and_losses(views["A"], views["B"], p)
    terms = [term for pair in pairs.values() for term in pair]
    symbols = [model.symbols[n] for n in model.state_names + model.param_names]
    return sympy.lambdify(symbols, terms, "numpy")


def test_every_gain_and_loss_is_non_negative_over_the_admissible_box():
    function = gains_and_losses_function()
    rng = np.random.default_rng(1)
    n = 20_000

    def mixed(low, high):  # 30 % of the points on the edges of the range, the rest inside
        on_edge = rng.random(n) < 0.3
        return np.where(on_edge, rng.choice([low, high], n), rng.uniform(low, high, n))

    states = [mixed(0.0, 1.0) for _ in MODEL.state_names]
    params = [mixed(*spec.bounds) for spec in MODEL.param_specs.values()]
    values = np.array([np.broadcast_to(v, (n,)) for v in function(*states, *params)])
    assert np.all(np.isfinite(values))
    assert values.min() >= -1e-12


def test_the_sigmoid_is_the_logistic_function():
    x = sympy.Symbol("x")
    assert sympy.simplify(sigmoid(x) - 1 / (1 + sympy.exp(-x))).rewrite(sympy.exp).simplify() == 0


def test_every_default_lies_on_its_slider():
    for name, spec in {**MODEL.param_specs, **MODEL.state_specs}.items():
        assert spec.soft[0] <= spec.default <= spec.soft[1], name
        steps = (spec.default - spec.soft[0]) / spec.step  # on the slider's grid: no snapping
        assert abs(steps - round(steps)) < 1e-9, name
