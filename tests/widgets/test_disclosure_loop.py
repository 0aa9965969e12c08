"""The disclosure-loop explorer without a browser: the chain it draws is the model's."""

import numpy as np
import pytest

from intimacy_dynamics import simulate
from intimacy_dynamics.intimacy import catalog, phenomena
from intimacy_dynamics.widgets import DisclosureLoopExplorer
from intimacy_dynamics.widgets.disclosure_loop import HELD_STATE, response_reading
from tests.conftest import Dyad


@pytest.fixture
def explorer():
    return DisclosureLoopExplorer()


def drawn(explorer, name):
    return np.asarray(explorer.figure.data[explorer._trace_names.index(name)].y)


def ghosts(explorer):
    return explorer.figure.data[len(explorer._trace_names) :]


def expected_run(explorer, **changes):
    params = {**catalog.load("P01_supportive_partner").params, **changes}
    return simulate(phenomena.model(), explorer.t_span, params, **explorer.simulation_options)


def test_moving_controls_redraws_exactly_what_simulate_returns(explorer):
    explorer.controls["depth_A"].slider.value = 0.85
    explorer.controls["empathic_concern_B"].box.value = 0.35
    expected = expected_run(explorer, depth_A=0.85, empathic_concern_B=0.35)
    for name in explorer._trace_names:
        np.testing.assert_array_equal(drawn(explorer, name), expected[name])
    assert len(explorer._trace_names) == 12
    assert f"T {expected['trust_A'][-1]:.2f}" in explorer.diagram.value


def test_the_reading_is_what_feeling_understood_moves_toward(explorer):
    """dR/dt = E / tau_fast (reading - R) + prior (T - R): solve it for the reading."""
    explorer.set(response_valence_B=-0.4, depth_A=0.7)
    run = explorer.trajectory
    compiled = explorer.model.compile()
    row = explorer.model.state_names.index("perceived_responsiveness_A")
    p = run.parameter_values()
    tau, prior = (explorer.current_params()[n] for n in ("tau_fast", "prior_rate"))
    for k in (3, 40, 150):
        rate = compiled.rhs(run.t[k], run.y[:, k], p)[row]
        R, T, E = (run[n][k] for n in ("perceived_responsiveness_A", "trust_A", "exposure_A"))
        reading = R + (rate - prior * (T - R)) * tau / E
        assert drawn(explorer, "response_reading_A")[k] == pytest.approx(reading, rel=1e-9)


def test_response_style_buttons_are_the_p01_partners(explorer):
    explorer.response_style.value = "critical"
    critical = catalog.load("P01_critical_partner")
    assert explorer.controls["response_valence_B"].value == critical.params["response_valence_B"]
    np.testing.assert_array_equal(
        drawn(explorer, "trust_A"),
        expected_run(explorer, response_valence_B=critical.params["response_valence_B"])["trust_A"],
    )
    assert "rejecting" in explorer.readout.value
    explorer.controls["response_valence_B"].value = 0.3  # between the styles: none lit
    assert explorer.response_style.value is None
    explorer.response_style.value = "supportive"
    assert "caring" in explorer.readout.value


def test_a_critic_leaves_less_trust_than_a_supportive_partner(explorer):
    supportive = drawn(explorer, "trust_A")[-1]
    explorer.response_style.value = "critical"
    assert drawn(explorer, "trust_A")[-1] < supportive - 0.1


def test_hold_toggle_runs_the_p07_test_and_agrees_with_phenomena(explorer):
    explorer.set(depth_A=0.8)
    explorer.hold_toggle.value = True
    m = explorer.mediation
    assert m["indirect_share"] == pytest.approx(phenomena.p07()["indirect_share"], abs=0.01)
    held = drawn(explorer, HELD_STATE)
    assert np.ptp(held) < 1e-12
    assert held[0] == pytest.approx(m["held_at"])
    assert all(trace.visible for trace in ghosts(explorer))
    np.testing.assert_array_equal(ghosts(explorer)[-1].y, explorer.comparison["intimacy_A"])
    assert "Mediation test (P07)" in explorer.readout.value
    assert f"{m['indirect_share']:.0%}" in explorer.readout.value
    assert "held fixed" in explorer.diagram.value
    explorer.hold_toggle.value = False
    assert explorer.mediation is None
    assert not any(trace.visible for trace in ghosts(explorer))
    np.testing.assert_array_equal(
        drawn(explorer, "intimacy_A"), expected_run(explorer, depth_A=0.8)["intimacy_A"]
    )


def test_held_lines_are_the_held_model_from_the_settled_start(explorer):
    explorer.set(depth_A=0.6, reciprocity_A=0.9, hold_responsiveness=True)
    params = explorer.current_params()
    options = explorer.simulation_options
    settled = simulate(explorer.model, explorer.t_span, params.evolve(depth_A=0.2), **options)
    start = dict(zip(explorer.model.state_names, settled.y[:, -1], strict=True))
    held = simulate(phenomena.holding(HELD_STATE), explorer.t_span, params, y0=start, **options)
    for name in ("trust_A", "intimacy_B", "exposure_A"):
        np.testing.assert_allclose(drawn(explorer, name), held[name], rtol=0, atol=1e-12)


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
    before = explorer.current_params()
    explorer.set(depth_A=5.0, hold_responsiveness=True)
    assert "Cannot use these values" in explorer.readout.value
    assert "depth_A" in explorer.readout.value
    assert explorer.current_params() == before
    assert not explorer.holding
    assert not explorer.hold_toggle.value
    explorer.set(depth_Z=0.5)
    assert "unknown parameter" in explorer.readout.value
    with pytest.raises(ValueError, match="partner must be"):
        response_reading(explorer.trajectory, "C")
    with pytest.raises(TypeError, match="needs a run of IntimacyModel"):
        response_reading(simulate(Dyad()), "A")


def test_one_change_sends_one_figure_message(explorer, monkeypatch):
    sent = []
    for kind in ("restyle", "update", "relayout", "addTraces", "deleteTraces"):
        monkeypatch.setattr(explorer.figure, f"_send_{kind}_msg", lambda *a, **k: sent.append(1))
    explorer.controls["reciprocity_B"].slider.value = 0.9
    explorer.hold_toggle.value = True
    assert len(sent) == 2


def test_presets_and_reset(explorer):
    explorer.preset_picker.value = next(k for k in explorer.presets if "deep disclosure to" in k)
    assert explorer.trajectory.t[-1] == 7.0
    assert "trust went down" in explorer.readout.value
    explorer.reset()
    assert explorer.trajectory.t[-1] == 200.0
    assert explorer.controls["depth_A"].value == 0.5
    assert explorer.response_style.value == "supportive"
