"""The lab without a browser: the page's plot and the kernel's run agree with simulate.

The time series are integrated and drawn in the page (tested in tests/browser); here the
page is played by setting the LivePlot's state as the browser would, once the values
settle, and the kernel's side is checked: its run, phase view, readout and settings.
"""

import json

import numpy as np
import pytest

from intimacy_dynamics import ParameterError, Pulse, simulate
from intimacy_dynamics.simulation.scenario import Scenario, ScenarioError
from intimacy_dynamics.widgets import ModelLab, PredictThenReveal
from tests.conftest import Dyad


@pytest.fixture
def lab():
    presets = {
        "trusting": Scenario("trusting", model="Dyad", y0={"trust_A": 0.9, "trust_B": 0.9}),
        "wary": Scenario("wary", model="Dyad", params={"threshold_A": 0.8}),
    }
    return ModelLab(
        Dyad(),
        plots=["trust", "disclosure"],
        phase=("trust_A", "trust_B"),
        initial=["trust_A", "trust_B"],
        presets=presets,
        n_points=201,
    )


def settle(lab, **values):
    """What the page sends once a slider has settled: every value, by name."""
    params = {k: v for k, v in values.items() if k in lab.model.param_names}
    y0 = {k: v for k, v in values.items() if k in lab.model.state_names}
    lab.plot.set_state({"params": {**lab.plot.params, **params}, "y0": {**lab.plot.y0, **y0}})


def expected(lab, **values):
    params = {k: v for k, v in values.items() if k in lab.model.param_names}
    y0 = {k: v for k, v in values.items() if k in lab.model.state_names}
    return simulate(Dyad(), params=params, y0=y0, **lab.simulation_options)


def test_settled_values_from_the_page_give_exactly_the_kernels_run_and_phase_view(lab):
    settle(lab, gain_A=9.5, trust_B=0.15)
    run = expected(lab, gain_A=9.5, trust_B=0.15)
    for name in ("trust_A", "trust_B", "disclosure_A", "disclosure_B"):
        np.testing.assert_array_equal(lab.trajectory[name], run[name])
    np.testing.assert_array_equal(lab.phase_figure.data[0].x, run["trust_A"])
    assert lab.phase_figure.data[2].y[0] == run["trust_B"][-1]
    assert lab.current_params()["gain_A"] == 9.5


def test_the_page_draws_the_lab_s_panels_partners_together(lab):
    panels = [panel["names"] for panel in lab.plot.figure["panels"]]
    assert panels == [names for _, names in lab.panels]
    assert panels == [["trust_A", "trust_B"], ["disclosure_A", "disclosure_B"]]


def test_the_page_draws_the_same_run_as_the_kernel(lab):
    settle(lab, learning=0.8)
    assert lab.plot.params == lab.current_params().to_dict()
    assert lab.plot.y0 == lab.current_y0()
    np.testing.assert_array_equal(lab.plot.trajectory()["trust_A"], lab.trajectory["trust_A"])


def test_a_settled_change_sends_one_message_to_the_phase_view_and_none_back(lab, monkeypatch):
    sent = []
    for kind in ("restyle", "update", "relayout", "addTraces", "deleteTraces"):
        monkeypatch.setattr(
            lab.phase_figure, f"_send_{kind}_msg", lambda *a, **k: sent.append("phase")
        )
    echoes = []
    monkeypatch.setattr(lab.plot, "send_state", lambda *a, **k: echoes.append(a))
    settle(lab, learning=0.8)
    assert sent == ["phase"]
    assert echoes == []  # the page's own values are not sent back to it


def test_set_moves_the_page_and_the_kernel_together(lab):
    lab.set(threshold_A=0.7, trust_A=0.6)
    assert lab.plot.params["threshold_A"] == 0.7
    assert lab.plot.y0["trust_A"] == 0.6
    np.testing.assert_array_equal(
        lab.trajectory["trust_A"], expected(lab, threshold_A=0.7, trust_A=0.6)["trust_A"]
    )


def test_presets_reset_and_settings_round_trip(lab):
    lab.preset_picker.value = "trusting"
    assert lab.plot.y0["trust_A"] == 0.9
    lab.preset_picker.value = "wary"
    assert lab.plot.params["threshold_A"] == 0.8
    assert lab.plot.y0["trust_A"] == 0.3  # the preset's own start, not the last one
    settings = lab.scenario().to_json()
    lab.reset()
    assert lab.plot.params["threshold_A"] == 0.5
    lab.settings_box.value = settings
    lab._guarded(lambda: lab.load(lab.settings_box.value), "Cannot load")()
    assert lab.plot.params["threshold_A"] == 0.8
    assert json.loads(settings)["params"] == {"threshold_A": 0.8}


def test_export_csv_holds_the_current_run(lab):
    lab.set(learning=1.2, trust_A=0.6)
    lines = lab.to_csv().splitlines()
    assert lines[0] == "t," + ",".join(lab.trajectory.names)
    assert len(lines) == 202
    last = np.array(lines[-1].split(","), dtype=float)
    np.testing.assert_allclose(
        last[1:], [lab.trajectory[n][-1] for n in lab.trajectory.names], rtol=1e-9
    )
    lab._export()
    assert 'download="Dyad_run.csv"' in lab.download.value


def test_bad_settings_are_refused_with_a_message_and_nothing_changes(lab):
    before = (lab.current_params(), dict(lab.plot.params))
    with pytest.raises(ParameterError, match="'gain_A' = 99"):
        lab.set(gain_A=99)
    assert (lab.current_params(), lab.plot.params) == before
    lab.settings_box.value = '{"name": "x", "model": "Dyad", "params": {"gain_A": "lots"}}'
    lab._guarded(lambda: lab.load(lab.settings_box.value), "Cannot load")()
    assert "Could not load these settings" in lab.readout.value
    assert lab.plot.params == before[1]
    with pytest.raises(ScenarioError, match="is for Other"):
        lab.load(Scenario("x", model="Other"))


def test_a_load_whose_run_fails_changes_nothing(lab):
    before = (lab.current_params(), dict(lab.plot.params), lab.t_span, lab.inputs)
    too_much = {"learning": Pulse(start=5, duration=5, amplitude=10.0)}  # learning > 5
    text = Scenario("x", model="Dyad", params={"gain_A": 3.0}, inputs=too_much).to_json()
    with pytest.raises(ParameterError, match=r"input for parameter 'learning' reaches 10\.3"):
        lab.load(text)  # parsed fine; the run refuses it, and nothing has moved
    assert (lab.current_params(), lab.plot.params, lab.t_span, lab.inputs) == before
    assert "reaches 10.3" in lab.readout.value


def test_inputs_from_a_scenario_drive_the_run_in_the_page_and_the_kernel(lab):
    pulse = Pulse(start=10, duration=5, amplitude=1.5)
    lab.load(Scenario("pulse", model="Dyad", inputs={"learning": pulse}, t_span=(0, 30)))
    assert lab.trajectory["learning"].max() == pytest.approx(1.8)
    assert lab.plot.inputs == {"learning": pulse.to_dict()}
    assert lab.plot.t_span == [0.0, 30.0]


def test_settled_values_fuzz_never_raises_nor_draws_nan(lab, rng):
    specs = [lab.model.param_specs[n] for n in lab.model.param_names] + [
        lab.model.state_specs[n] for n in ("trust_A", "trust_B")
    ]
    for _ in range(100):
        spec = specs[rng.integers(len(specs))]
        low, high = spec.soft
        settle(lab, **{spec.name: float(rng.choice([low, high, rng.uniform(low, high)]))})
        for trace in lab.phase_figure.data:
            assert np.all(np.isfinite(trace.y))
        assert "Cannot simulate" not in lab.readout.value


def test_readout_names_a_steady_state(lab):
    lab.set(trust_A=0.9, trust_B=0.9)
    assert "Settled" in lab.readout.value
    assert "stable" in lab.readout.value


def test_predict_then_reveal_acts_on_the_lab(lab):
    step = PredictThenReveal(
        "Raise A's threshold: where does A's trust go?",
        ["up", "down"],
        "down",
        "A opens up less.",
        on_reveal=lambda: lab.set(threshold_A=0.9),
    )
    step.reveal()
    assert "Choose an answer first" in step.feedback.value
    step.choice.value = "down"
    step.reveal()
    assert step.correct
    assert lab.plot.params["threshold_A"] == 0.9
    assert step.button.disabled


def test_lab_figures_have_no_cloud_share_button(lab):
    for config in (lab.phase_figure._config, lab.plot.figure["config"]):
        assert "sendChartToCloud" in config["modeBarButtonsToRemove"]
        assert config["displaylogo"] is False


def test_readout_recognizes_a_sustained_oscillation():
    from tests.analysis.systems import hopf_normal_form

    lab = ModelLab(hopf_normal_form(0.3), plots=["x", "y"])
    assert "Oscillating" in lab.readout.value
    assert "one cycle every 6.3" in lab.readout.value  # period 2*pi
    lab.set(mu=-0.3)
    assert "Settled" in lab.readout.value
    assert "stable focus" in lab.readout.value
