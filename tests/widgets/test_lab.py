"""The lab without a browser: controls drive the figures with exactly the model's numbers."""

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


def figure_series(lab, name):
    index = lab._trace_names.index(name)
    return np.asarray(lab.figure.data[index].y)


def test_moving_a_slider_redraws_exactly_what_simulate_returns(lab):
    lab.controls["gain_A"].slider.value = 9.5
    lab.initial["trust_B"].box.value = 0.15
    expected = simulate(
        Dyad(), params={"gain_A": 9.5}, y0={"trust_B": 0.15}, **lab.simulation_options
    )
    for name in ("trust_A", "trust_B", "disclosure_A", "disclosure_B"):
        np.testing.assert_array_equal(figure_series(lab, name), expected[name])
    np.testing.assert_array_equal(lab.phase_figure.data[0].x, expected["trust_A"])
    assert lab.phase_figure.data[2].y[0] == expected["trust_B"][-1]


def test_one_slider_move_sends_one_message_per_figure(lab, monkeypatch):
    sent = []
    for name, fig in (("time", lab.figure), ("phase", lab.phase_figure)):
        for kind in ("restyle", "update", "relayout", "addTraces", "deleteTraces"):
            monkeypatch.setattr(fig, f"_send_{kind}_msg", lambda *a, _n=name, **k: sent.append(_n))
    lab.controls["learning"].slider.value = 0.8
    assert sorted(sent) == ["phase", "time"]


def test_slider_and_number_box_stay_in_step(lab):
    control = lab.controls["threshold_B"]
    control.slider.value = 0.25
    assert control.box.value == 0.25
    control.box.value = 0.7
    assert control.slider.value == 0.7
    assert control.box.description == "threshold (B)"
    assert lab.current_params()["threshold_B"] == 0.7


def test_a_value_off_the_slider_grid_survives_the_browser_snapping_it(lab):
    """The browser shows 0.3425 at the step 0.34 and sends that back: not a move."""
    control = lab.controls["threshold_B"]
    control.box.value = 0.3425
    grid = control._link._on_grid(0.3425)
    assert grid == pytest.approx(0.34)
    control.slider.value = grid  # what the browser's slider sends back
    assert control.box.value == 0.3425
    assert lab.current_params()["threshold_B"] == 0.3425
    control.slider.value = grid + control.slider.step  # a real move, one step on
    assert control.box.value == pytest.approx(grid + control.slider.step)


def test_presets_reset_and_settings_round_trip(lab):
    lab.preset_picker.value = "trusting"
    assert lab.initial["trust_A"].value == 0.9
    lab.preset_picker.value = "wary"
    assert lab.controls["threshold_A"].value == 0.8
    assert lab.initial["trust_A"].value == 0.3  # the preset's own start, not the last one
    settings = lab.scenario().to_json()
    lab.reset()
    assert lab.controls["threshold_A"].value == 0.5
    lab.settings.value = settings
    lab._load_settings()
    assert lab.controls["threshold_A"].value == 0.8
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
    before = lab.current_params()
    with pytest.raises(ParameterError, match="'gain_A' = 99"):
        lab.set(gain_A=99)
    assert lab.current_params() == before
    lab.settings.value = '{"name": "x", "model": "Dyad", "params": {"gain_A": "lots"}}'
    lab._load_settings()
    assert "Could not load the settings" in lab.readout.value
    with pytest.raises(ScenarioError, match="is for Other"):
        lab.load(Scenario("x", model="Other"))


def test_inputs_from_a_scenario_drive_the_run(lab):
    pulse = Pulse(start=10, duration=5, amplitude=1.5)
    lab.load(Scenario("pulse", model="Dyad", inputs={"learning": pulse}, t_span=(0, 30)))
    assert lab.trajectory["learning"].max() == pytest.approx(1.8)
    assert lab.figure.data[0].x[-1] == 30


def test_slider_fuzz_never_raises_nor_draws_nan(lab, rng):
    controls = list(lab.controls.controls.values()) + list(lab.initial.controls.values())
    for _ in range(150):
        control = controls[rng.integers(len(controls))]
        low, high = control.slider.min, control.slider.max
        control.slider.value = float(rng.choice([low, high, rng.uniform(low, high)]))
        for trace in lab.figure.data:
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
    assert lab.controls["threshold_A"].value == 0.9
    assert step.button.disabled


def test_lab_figures_have_no_cloud_share_button(lab):
    for fig in (lab.figure, lab.phase_figure):
        assert "sendChartToCloud" in fig._config["modeBarButtonsToRemove"]
        assert fig._config["displaylogo"] is False


def test_readout_recognizes_a_sustained_oscillation():
    from tests.analysis.systems import hopf_normal_form

    lab = ModelLab(hopf_normal_form(0.3), plots=["x", "y"])
    assert "Oscillating" in lab.readout.value
    assert "one cycle every 6.3" in lab.readout.value  # period 2*pi
    lab.controls["mu"].value = -0.3
    assert "Settled" in lab.readout.value
    assert "stable focus" in lab.readout.value
