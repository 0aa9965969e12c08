"""LivePlot without a browser: what the kernel sends the page, and what it does with
what the page sends back (the page itself is tested in tests/browser)."""

import math
from importlib import resources

import numpy as np
import pytest
import sympy

from intimacy_dynamics import (
    BadInputError,
    Model,
    Param,
    ParameterError,
    Pulse,
    State,
    StateError,
    simulate,
)
from intimacy_dynamics.plotting import partner_style
from intimacy_dynamics.widgets import LivePlot
from intimacy_dynamics.widgets.controls import control_label
from intimacy_dynamics.widgets.figures import declared_span, resolve_panels
from tests.conftest import Dyad


@pytest.fixture
def plot():
    return LivePlot(Dyad(), ["trust", "disclosure"], initial=["trust_A"], n_points=101)


def error_function_model():
    """x' = erf(k) - x: erf has no JavaScript form, so the kernel integrates."""
    x, k = sympy.symbols("x k")
    return Model.from_equations(
        {x: sympy.erf(k) - x},
        params={"k": Param(0.3, bounds=(0, 3))},
        states={"x": State(0.0, bounds=(0, 0.6))},
        t_span=(0, 10),
        name="ErrorFunction",
    )


def kernel_series(plot, name):
    data = plot.kernel_run["t"] if name == "t" else plot.kernel_run["series"][name]
    return np.frombuffer(data, dtype="<f8")


def test_the_page_gets_the_models_javascript_and_a_control_per_declaration(plot):
    model = plot.model
    assert plot.uses_javascript
    assert plot.model_module == model.javascript()
    assert plot.note == ""
    names = [c["name"] for c in plot.controls]
    assert names == [*model.param_names, "trust_A"]
    for control in plot.controls:
        spec = model.spec(control["name"])
        assert control["label"] == control_label(spec)
        assert control["doc"] == spec.doc
        assert control["soft"] == list(spec.soft)
        assert control["step"] == spec.step
        assert [math.inf if b is None else b for b in control["bounds"][1:]] == [spec.bounds[1]]
    gain = plot.controls[names.index("gain_B")]
    assert (gain["what"], gain["group"], gain["bounds"]) == (
        "parameter 'gain_B'",
        "Partner B",
        [0, 20],
    )
    assert plot.controls[names.index("learning")]["group"] == "Shared"
    assert plot.controls[-1]["what"] == "initial state 'trust_A'"
    assert plot.controls[-1]["group"] == "Starting point"


def test_an_unbounded_end_travels_as_null(plot):
    model = Model.from_equations(
        {sympy.Symbol("x"): -sympy.Symbol("k") * sympy.Symbol("x")},
        params={"k": Param(0.5, bounds=(0, None))},
    )
    assert LivePlot(model).controls[0]["bounds"] == [0.0, None]


def test_every_trace_is_named_and_styled_as_in_the_lab(plot):
    figure = plot.figure
    panels = resolve_panels(plot.model, ["trust", "disclosure"])
    assert figure["names"] == [name for _, names in panels for name in names]
    for trace, name in zip(figure["traces"], figure["names"], strict=True):
        assert "x" not in trace  # the page fills the data in
        assert "y" not in trace
        assert trace["line"] == partner_style(plot.model.spec(name).partner)
    assert [p["names"] for p in figure["panels"]] == [names for _, names in panels]
    assert [p["span"] for p in figure["panels"]] == [
        list(declared_span(plot.model, ["trust_A"]))
    ] * 2
    assert [(p["x"], p["y"]) for p in figure["panels"]] == [
        ("xaxis", "yaxis"),
        ("xaxis2", "yaxis2"),
    ]
    assert figure["layout"]["template"]["layout"]["yaxis"]["automargin"] is False
    assert "sendChartToCloud" in figure["config"]["modeBarButtonsToRemove"]


def test_set_checks_everything_before_anything_moves(plot):
    sent = []
    plot.send_state = lambda key=None: sent.append(key)
    before = (dict(plot.params), dict(plot.y0))
    with pytest.raises(ParameterError, match=r"parameter 'gain_A' = 30 is outside .* \[0, 20\]"):
        plot.set(learning=1.0, gain_A=30)
    with pytest.raises(StateError, match=r"initial state 'trust_A' = 2 is outside .* \[0, 1\]"):
        plot.set(learning=1.0, trust_A=2)
    assert (plot.params, plot.y0) == before
    assert sent == []
    plot.set(learning=1.0, trust_A=0.9)
    assert (plot.params["learning"], plot.y0["trust_A"]) == (1.0, 0.9)
    assert len(sent) == 1  # both in one message to the page


def test_settled_values_from_the_page_reach_python_once(plot):
    batches = []
    plot.on_settle(lambda p: batches.append((p.params["gain_A"], p.y0["trust_A"])))
    plot.set_state({"params": {**plot.params, "gain_A": 9.5}, "y0": {**plot.y0, "trust_A": 0.8}})
    assert batches == [(9.5, 0.8)]
    expected = simulate(
        Dyad(), params={"gain_A": 9.5}, y0={"trust_A": 0.8}, n_points=101, rtol=1e-6, atol=1e-9
    )
    np.testing.assert_array_equal(plot.trajectory().y, expected.y)


def test_a_bad_value_from_the_page_is_refused(plot):
    with pytest.raises(ParameterError, match="threshold_A"):
        plot.set_state({"params": {**plot.params, "threshold_A": 7}})
    assert plot.params["threshold_A"] == 0.5


def test_the_kernel_integrates_a_model_with_no_javascript_form():
    plot = LivePlot(error_function_model(), ["x"], n_points=51)
    assert not plot.uses_javascript
    assert plot.model_module == ""
    assert "ErrorFunction uses erf, which has no JavaScript form" in plot.note
    assert "\n" not in plot.note
    expected = simulate(plot.model, params={"k": 0.3}, n_points=51)
    np.testing.assert_array_equal(kernel_series(plot, "t"), expected.t)
    np.testing.assert_array_equal(kernel_series(plot, "x"), expected["x"])
    plot.set_state({"params": {"k": 0.5}})  # the page sends every change at once
    assert plot.kernel_run["params"] == {"k": 0.5}  # the values the run is for
    np.testing.assert_array_equal(
        kernel_series(plot, "x"), simulate(plot.model, params={"k": 0.5}, n_points=51)["x"]
    )
    assert plot.error == ""


def test_a_failed_kernel_run_is_an_error_and_keeps_the_last_run():
    plot = LivePlot(error_function_model(), ["x"], n_points=51)
    last = plot.kernel_run
    plot.set(k=2.5)  # erf(2.5) = 0.9996: x leaves its declared range [0, 0.6]
    assert "state 'x' left its declared range [0, 0.6]" in plot.error
    assert plot.kernel_run is last
    plot.set(k=0.2)
    assert plot.error == ""


def test_inputs_over_time_travel_as_data_and_the_kernel_run_matches_simulate():
    pulse = Pulse(start=10, duration=5, amplitude=2.0)
    plot = LivePlot(Dyad(), ["trust"], inputs={"gain_A": pulse}, t_span=(0, 40), n_points=81)
    assert plot.inputs == {"gain_A": pulse.to_dict()}
    expected = simulate(Dyad(), (0, 40), inputs={"gain_A": pulse}, n_points=81)
    np.testing.assert_array_equal(plot.trajectory().y, expected.y)
    with pytest.raises(ParameterError, match="unknown parameter 'gian_A'"):
        plot.inputs = {"gian_A": pulse}


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("n_points", 1, r"n_points = 1 is outside its allowed range \[2, 20001\]"),
        ("n_points", 10**7, r"n_points = 10000000 is outside"),
        ("rtol", 0.5, r"rtol = 0.5 is outside its allowed range \[1e-13, 0.1\]"),
        ("atol", math.nan, r"atol = nan is not a finite number"),
        ("t_span", [5.0, 5.0], r"t_span = \(5, 5\) is empty"),
        ("t_span", [5.0, 1.0], r"t_span end = 1.0 is outside its allowed range \[5, inf\)"),
    ],
)
def test_the_run_options_are_checked(plot, name, value, message):
    before = getattr(plot, name)
    with pytest.raises(BadInputError, match=message):
        setattr(plot, name, value)
    assert getattr(plot, name) == before


def test_the_page_reports_what_it_draws(plot):
    sent = []
    plot.send = sent.append
    plot.request_drawn()
    assert sent == [{"type": "report"}]
    assert plot.drawn is None
    answer = {"type": "drawn", "params": plot.params, "y0": plot.y0, "t": [0.0, 1.0]}
    plot._on_message(plot, {**answer, "series": {"trust_A": [0.3, 0.4]}}, [])
    np.testing.assert_array_equal(plot.drawn["series"]["trust_A"], [0.3, 0.4])
    assert plot.drawn["params"] == plot.params


def test_every_plot_of_a_kernel_shares_one_copy_of_plotly_js(plot):
    other = LivePlot(Dyad())
    assert other._plotly is plot._plotly
    wheel = resources.files("plotly") / "package_data" / "plotly.min.js"
    assert plot._plotly.source == wheel.read_bytes()
    plot._plotly.close()
    assert LivePlot(Dyad())._plotly is not plot._plotly  # a closed one is replaced
