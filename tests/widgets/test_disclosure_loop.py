"""The disclosure-loop explorer without a browser: the chain it draws is the model's.

The six links over time are drawn in the page (a LivePlot); here the page is played by
setting the plot's state as the browser does once sliders settle, and the kernel's side
is checked: its run, the diagram, the P07 figure and readout, and its settings.
"""

import numpy as np
import pytest

from intimacy_dynamics import BadInputError, ParameterError, simulate
from intimacy_dynamics.intimacy import catalog, phenomena
from intimacy_dynamics.widgets import DisclosureLoopExplorer
from intimacy_dynamics.widgets.disclosure_loop import LINKS, LOOP_PARAMETERS, response_reading
from tests.conftest import Dyad
from tests.widgets.page import count_messages, settle

HELD = phenomena.MEDIATOR


@pytest.fixture
def explorer():
    return DisclosureLoopExplorer()


def held_line(explorer, name, kind="held"):
    trace = next(t for t in explorer.mediation_figure.data if t.meta == f"{kind} {name}")
    return np.asarray(trace.y)


def expected_run(explorer, **changes):
    params = {**catalog.load("P01_supportive_partner").params, **changes}
    return simulate(phenomena.model(), explorer.t_span, params, **explorer.simulation_options)


def test_the_page_draws_the_six_links_with_the_loops_controls(explorer):
    figure = explorer.plot.figure
    assert figure["names"] == [name for _, a, b in LINKS for name in (a, b)]
    titles = [a["text"] for a in figure["layout"]["annotations"]]
    assert titles[:6] == [
        f"{k} · {explorer.model.spec(a).label}" for k, (_, a, _) in enumerate(LINKS, start=1)
    ]
    assert [c["name"] for c in explorer.plot.controls] == list(LOOP_PARAMETERS)


def test_settled_sliders_give_exactly_what_simulate_returns(explorer):
    settle(explorer, depth_A=0.85, empathic_concern_B=0.35)
    expected = expected_run(explorer, depth_A=0.85, empathic_concern_B=0.35)
    for _, a, b in LINKS:
        for name in (a, b):
            np.testing.assert_array_equal(explorer.trajectory[name], expected[name])
    np.testing.assert_array_equal(explorer.plot.trajectory()["trust_A"], expected["trust_A"])
    assert f"T {expected['trust_A'][-1]:.2f}" in explorer.diagram.value


def test_the_reading_is_what_feeling_understood_moves_toward(explorer):
    """dR/dt = E / tau_fast (reading - R) + prior (T - R): solve it for the reading."""
    explorer.set(response_valence_B=-0.4, depth_A=0.7)
    run = explorer.trajectory
    compiled = explorer.model.compile()
    row = explorer.model.state_names.index(HELD)
    p = run.parameter_values()
    tau, prior = (explorer.current_params()[n] for n in ("tau_fast", "prior_rate"))
    for k in (3, 40, 150):
        rate = compiled.rhs(run.t[k], run.y[:, k], p)[row]
        R, T, E = (run[n][k] for n in (HELD, "trust_A", "exposure_A"))
        reading = R + (rate - prior * (T - R)) * tau / E
        assert response_reading(run)[k] == pytest.approx(reading, rel=1e-9)


def test_response_style_buttons_are_the_p01_partners(explorer):
    explorer.response_style.value = "critical"
    critical = catalog.load("P01_critical_partner").params["response_valence_B"]
    assert explorer.plot.params["response_valence_B"] == critical  # the page's slider moved
    np.testing.assert_array_equal(
        explorer.trajectory["trust_A"],
        expected_run(explorer, response_valence_B=critical)["trust_A"],
    )
    assert "rejecting" in explorer.readout.value
    settle(explorer, response_valence_B=0.3)  # between the styles: none lit
    assert explorer.response_style.value is None
    explorer.response_style.value = "supportive"
    assert "caring" in explorer.readout.value


def test_a_critic_leaves_less_trust_than_a_supportive_partner(explorer):
    supportive = explorer.trajectory["trust_A"][-1]
    explorer.response_style.value = "critical"
    assert explorer.trajectory["trust_A"][-1] < supportive - 0.1


def test_hold_toggle_runs_the_p07_test_and_agrees_with_phenomena(explorer):
    assert explorer.mediation_box.layout.display == "none"
    explorer.set(depth_A=0.8)
    explorer.own_controls["hold_responsiveness"].value = True  # what pressing the toggle does
    m = explorer.mediation
    assert m["indirect_share"] == pytest.approx(phenomena.p07()["indirect_share"], abs=0.01)
    held = held_line(explorer, HELD)
    assert np.ptp(held) < 1e-12
    assert held[0] == pytest.approx(m["held_at"])
    np.testing.assert_array_equal(
        held_line(explorer, "intimacy_A", "free"), explorer.comparison["intimacy_A"]
    )
    assert explorer.mediation_box.layout.display == ""
    assert "Mediation test (P07)" in explorer.readout.value
    assert f"{m['indirect_share']:.0%}" in explorer.readout.value
    assert "held fixed" in explorer.diagram.value
    explorer.own_controls["hold_responsiveness"].value = False
    assert explorer.mediation is None
    assert explorer.mediation_box.layout.display == "none"
    assert len(held_line(explorer, "trust_A")) == 0
    np.testing.assert_array_equal(
        explorer.trajectory["intimacy_A"], expected_run(explorer, depth_A=0.8)["intimacy_A"]
    )


def test_held_lines_are_the_held_model_from_the_settled_start(explorer):
    explorer.set(depth_A=0.6, reciprocity_A=0.9, hold_responsiveness=True)
    params = explorer.current_params()
    options = explorer.simulation_options
    span = catalog.load("P07_shallow_disclosure").t_span
    settled = simulate(explorer.model, span, params.evolve(depth_A=0.2), **options)
    start = dict(zip(explorer.model.state_names, settled.y[:, -1], strict=True))
    held = simulate(phenomena.holding(HELD), span, params, y0=start, **options)
    for name in ("trust_A", "intimacy_A"):
        np.testing.assert_allclose(held_line(explorer, name), held[name], rtol=0, atol=1e-12)
    assert f"I {held['intimacy_B'][-1]:.2f}" in explorer.diagram.value


def test_mediation_sentence_covers_no_effect_and_a_critic(explorer):
    explorer.set(depth_A=0.2, hold_responsiveness=True)
    assert "hardly changes" in explorer.readout.value
    explorer.set(depth_A=0.8, response_valence_B=-0.7)
    m = explorer.mediation
    assert (m["total"] - m["direct"]) * m["direct"] < 0  # the indirect path opposes the direct
    assert "against" in explorer.readout.value
    turned = "turns the effect around" in explorer.readout.value
    assert turned == (m["total"] * m["direct"] < 0)


def test_bad_values_show_a_message_and_change_nothing(explorer):
    before = (explorer.current, explorer.result, dict(explorer.plot.params))
    with pytest.raises(ParameterError, match="depth_A"):
        explorer.set(depth_A=5.0, hold_responsiveness=True)
    assert "Cannot use these values" in explorer.readout.value
    assert "depth_A" in explorer.readout.value
    assert (explorer.current, explorer.result, explorer.plot.params) == before
    assert not explorer.holding
    assert not explorer.own_controls["hold_responsiveness"].value
    with pytest.raises(BadInputError, match="unknown setting 'depth_Z'"):
        explorer.set(depth_Z=0.5)
    with pytest.raises(BadInputError, match="'hold_responsiveness' = 'yes' must be one of"):
        explorer.set(hold_responsiveness="yes")
    with pytest.raises(ValueError, match="partner must be"):
        response_reading(explorer.trajectory, "C")
    with pytest.raises(TypeError, match="needs a run of IntimacyModel"):
        response_reading(simulate(Dyad()), "A")


def test_one_settled_change_sends_at_most_one_message_to_the_p07_figure(explorer, monkeypatch):
    sent = count_messages(monkeypatch, {"mediation": explorer.mediation_figure})
    settle(explorer, reciprocity_B=0.9)
    assert sent == []  # the toggle is off: the P07 figure stays empty
    explorer.set(hold_responsiveness=True)
    assert sent == ["mediation"]
    settle(explorer, depth_A=0.7)
    assert sent == ["mediation", "mediation"]


def test_presets_and_reset(explorer):
    explorer.preset_picker.value = next(k for k in explorer.presets if "deep disclosure to" in k)
    assert explorer.trajectory.t[-1] == 7.0
    assert explorer.plot.t_span == [0.0, 7.0]
    assert "trust went down" in explorer.readout.value
    explorer.set(hold_responsiveness=True)
    explorer.reset()
    assert explorer.trajectory.t[-1] == 200.0
    assert explorer.plot.params["depth_A"] == 0.5
    assert explorer.response_style.value == "supportive"
    assert not explorer.holding


def test_settled_values_fuzz_never_draws_nan(explorer, rng):
    specs = [explorer.model.param_specs[n] for n in LOOP_PARAMETERS]
    explorer.set(hold_responsiveness=True)
    for _ in range(15):
        spec = specs[rng.integers(len(specs))]
        low, high = spec.soft
        settle(explorer, **{spec.name: float(rng.choice([low, high, rng.uniform(low, high)]))})
        for trace in explorer.mediation_figure.data:
            assert np.all(np.isfinite(trace.y))
        assert "Cannot" not in explorer.readout.value
        assert "nan" not in explorer.diagram.value
