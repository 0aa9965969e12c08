"""IntimacyLab without a browser: exact data, presets, settings, and a slider fuzz."""

import numpy as np
import pytest

from intimacy_dynamics import IntimacyModel, simulate
from intimacy_dynamics.intimacy import catalog
from intimacy_dynamics.widgets import IntimacyLab


@pytest.fixture(scope="module")
def model():
    return IntimacyModel()


@pytest.fixture
def lab(model):
    return IntimacyLab(model=model)


def drawn(lab, name):
    return np.asarray(lab.figure.data[lab._trace_names.index(name)].y)


def test_a_slider_move_draws_exactly_what_simulate_returns(lab, model):
    lab.controls["empathic_concern_B"].slider.value = 0.1
    lab.initial["trust_A"].box.value = 0.2
    expected = simulate(
        model, params={"empathic_concern_B": 0.1}, y0={"trust_A": 0.2}, **lab.simulation_options
    )
    for name in lab._trace_names:
        np.testing.assert_array_equal(drawn(lab, name), expected[name])
    np.testing.assert_array_equal(lab.phase_figure.data[0].y, expected["trust_B"])


def test_every_preset_loads_its_scenario_and_reset_returns(lab):
    for title, scenario in lab.presets.items():
        lab.preset_picker.value = title
        for name, value in scenario.params.items():
            if name in lab.controls:
                assert lab.controls[name].value == value, (title, name)
        assert lab.current_params() == lab.model.params(scenario.params)
    lab.reset()
    assert lab.current_params() == lab.model.params()


def test_settings_round_trip_through_json(lab):
    lab.load(catalog.load("P05_guarded_high_trust"))
    lab.set(depth_A=0.35)
    saved = lab.scenario("mine").to_json()
    lab.reset()
    assert lab.current_params()["depth_A"] != 0.35
    lab.settings.value = saved
    lab._load_settings()
    assert lab.current_params()["depth_A"] == 0.35
    assert lab.scenario("mine").to_json() == saved


def test_csv_export_is_the_drawn_run(lab):
    lab.set(response_valence_B=-0.5)
    rows = lab.to_csv().splitlines()
    header = rows[0].split(",")
    table = np.loadtxt(rows[1:], delimiter=",")
    column = table[:, header.index("trust_A")]
    np.testing.assert_allclose(column, drawn(lab, "trust_A"), rtol=1e-9)


def extremes(control):
    """The slider's ends, the box's hard bounds, and a point inside."""
    return [control.slider.min, control.slider.max, control.box.min, control.box.max]


def test_slider_fuzz_raises_nothing_and_never_draws_nan(lab, rng):
    controls = [*lab.controls.controls.values(), *lab.initial.controls.values()]
    moves = [(c, v) for c in controls for v in extremes(c)]  # every end of every range
    for _ in range(200):
        control = controls[rng.integers(len(controls))]
        moves.append((control, rng.uniform(control.slider.min, control.slider.max)))
    order = rng.permutation(len(moves))
    for index in order:
        control, value = moves[index]
        control.box.value = float(value)
        for trace in [*lab.figure.data, *lab.phase_figure.data]:
            assert np.all(np.isfinite(trace.y)), (control.name, value)
        assert "nan" not in lab.readout.value.lower()
        assert "Cannot simulate" not in lab.readout.value, (control.name, value)


def test_every_control_has_a_label_with_unit_and_a_tooltip(lab):
    for control in [*lab.controls.controls.values(), *lab.initial.controls.values()]:
        assert control.box.description, control.name
        assert control.box.tooltip, control.name
        assert control.slider.tooltip, control.name
        if control.spec.unit not in ("1", ""):
            assert control.spec.unit in control.box.description
