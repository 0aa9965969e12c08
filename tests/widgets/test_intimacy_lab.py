"""IntimacyLab without a browser: exact runs, presets, settings, and a settled-values fuzz."""

import numpy as np
import pytest

from intimacy_dynamics import BadInputError, IntimacyModel, ParameterError, simulate
from intimacy_dynamics.intimacy import catalog
from intimacy_dynamics.intimacy.endings import classify_ending
from intimacy_dynamics.widgets import IntimacyLab
from intimacy_dynamics.widgets.intimacy_lab import PANELS


@pytest.fixture(scope="module")
def model():
    return IntimacyModel()


@pytest.fixture
def lab(model):
    return IntimacyLab(model=model)


def settle(lab, **values):
    params = {k: v for k, v in values.items() if k in lab.model.param_names}
    y0 = {k: v for k, v in values.items() if k in lab.model.state_names}
    lab.plot.set_state({"params": {**lab.plot.params, **params}, "y0": {**lab.plot.y0, **y0}})


def test_a_settled_move_gives_exactly_what_simulate_returns(lab, model):
    settle(lab, empathic_concern_B=0.1, trust_A=0.2)
    expected = simulate(
        model, params={"empathic_concern_B": 0.1}, y0={"trust_A": 0.2}, **lab.simulation_options
    )
    for name in lab.plot.figure["names"]:
        np.testing.assert_array_equal(lab.trajectory[name], expected[name])
    np.testing.assert_array_equal(lab.phase_figure.data[0].y, expected["trust_B"])


def test_the_page_draws_the_six_panels_with_every_person_control(lab):
    drawn = lab.plot.figure["names"]
    assert len(drawn) == 12
    panels = [panel["names"] for panel in lab.plot.figure["panels"]]
    assert [[n[:-2] for n in names] for names in panels] == [[b, b] for b in PANELS]
    assert {"trust_A", "intimacy_B", "sense_of_self_A"} <= set(drawn)
    controls = {c["name"] for c in lab.plot.controls}
    assert {"depth_A", "differentiation_B", "trust_A", "trust_B"} <= controls
    assert "speaking_A" not in controls  # inputs are driven by scenarios, not sliders


def test_the_readout_is_the_one_ending_of_the_package(lab):
    lab.load(catalog.load("P05_guarded_low_trust"))
    ending = classify_ending(lab.trajectory)
    assert ending.kind == "distant"
    assert f"<b>distant</b> relationship ({ending.intimacy:.2f})" in lab.readout.value
    lab.set(trust_A=0.8, trust_B=0.8)
    assert "<b>intimate</b>" in lab.readout.value


def test_every_preset_loads_its_scenario_and_reset_returns(lab):
    for title, scenario in lab.presets.items():
        lab.preset_picker.value = title
        assert lab.current_params() == lab.model.params(scenario.params), title
        assert lab.plot.params == lab.current_params().to_dict(), title
    lab.reset()
    assert lab.current_params() == lab.model.params()


def test_settings_round_trip_through_json(lab):
    lab.load(catalog.load("P05_guarded_high_trust"))
    lab.set(depth_A=0.35)
    saved = lab.scenario("mine").to_json()
    lab.reset()
    assert lab.current_params()["depth_A"] != 0.35
    lab.settings_box.value = saved
    lab._guarded(lambda: lab.load(lab.settings_box.value), "Cannot load")()
    assert lab.current_params()["depth_A"] == 0.35
    assert lab.scenario("mine").to_json() == saved


def test_csv_export_is_the_run_shown(lab):
    settle(lab, response_valence_B=-0.5)
    rows = lab.to_csv().splitlines()
    header = rows[0].split(",")
    table = np.loadtxt(rows[1:], delimiter=",")
    column = table[:, header.index("trust_A")]
    np.testing.assert_allclose(column, lab.plot.trajectory()["trust_A"], rtol=1e-9)


def test_settled_values_fuzz_every_end_of_every_range(lab, rng):
    specs = [lab.model.spec(c["name"]) for c in lab.plot.controls]
    moves = [(s.name, v) for s in specs for v in (*s.soft, *s.bounds)]  # every end
    moves += [(s.name, rng.uniform(*s.soft)) for s in rng.choice(specs, 150)]
    for index in rng.permutation(len(moves)):
        name, value = moves[index]
        settle(lab, **{name: float(value)})
        for trace in lab.phase_figure.data:
            assert np.all(np.isfinite(trace.y)), (name, value)
        assert "nan" not in lab.readout.value.lower()
        assert "Cannot simulate" not in lab.readout.value, (name, value)


def test_a_bad_value_or_name_is_refused_by_name(lab, model):
    with pytest.raises(ParameterError, match=r"'depth_A' = 7 is outside .* \[0, 1\]"):
        lab.set(depth_A=7)
    assert lab.plot.params["depth_A"] == 0.5
    with pytest.raises(ParameterError, match="unknown parameter 'nope'"):
        IntimacyLab(model=model, params=["nope"])


def test_every_control_has_a_label_with_unit_and_a_tooltip(lab):
    for control in lab.plot.controls:
        spec = lab.model.spec(control["name"])
        assert control["label"], control["name"]
        assert control["doc"], control["name"]
        if spec.unit not in ("1", ""):
            assert spec.unit in control["label"]


# ------------------------------------------------------------- day-to-day noise
def decoded(plot, name):
    return np.frombuffer(plot.kernel_run["series"][name], dtype=np.float64)


def test_with_noise_the_page_draws_the_kernels_noisy_run(model):
    lab = IntimacyLab("P05_guarded_high_trust", model=model)
    quiet = lab.result["intimacy_A"].copy()
    lab.set(noise=0.3, seed=4)
    noise = dict.fromkeys(model.noise_names, 0.3)
    expected = catalog.load("P05_guarded_high_trust").run(
        model, noise=noise, seed=4, **lab.simulation_options
    )
    np.testing.assert_array_equal(lab.result["intimacy_A"], expected["intimacy_A"])
    assert lab.plot.follow_kernel
    np.testing.assert_array_equal(decoded(lab.plot, "intimacy_A"), expected["intimacy_A"])
    assert np.abs(lab.result["intimacy_A"] - quiet).max() > 0.01  # it wavers, visibly
    assert "Noisy days" in lab.readout.value
    lab.set(noise=0)
    assert not lab.plot.follow_kernel  # back to the page's own integration
    np.testing.assert_array_equal(lab.result["intimacy_A"], quiet)


def test_the_same_seed_gives_the_same_days_and_new_days_other_ones(model):
    lab = IntimacyLab("P05_guarded_high_trust", model=model)
    lab.set(noise=0.6, seed=7)
    first = lab.result["trust_A"].copy()
    lab.new_days()
    assert lab.current.own["seed"] == 8
    assert not np.array_equal(lab.result["trust_A"], first)
    lab.set(seed=7)
    np.testing.assert_array_equal(lab.result["trust_A"], first)


def test_strong_noise_can_tip_a_guarded_couple_out_of_its_intimate_end(model):
    lab = IntimacyLab("P05_guarded_high_trust", model=model)
    assert classify_ending(lab.result).kind == "intimate"
    ends = []
    for seed in range(8):
        lab.set(noise=0.6, seed=seed)
        ends.append(classify_ending(lab.result).kind)
    assert "distant" in ends  # tipped out of it
    assert "intimate" in ends  # or wavered around it


def test_noise_and_seed_go_into_the_settings_json_and_come_back(model):
    lab = IntimacyLab("P05_guarded_high_trust", model=model)
    lab.set(noise=0.45, seed=12)
    text = lab.scenario().to_json()
    other = IntimacyLab(model=model)
    other.load(text)
    assert other.current.own == {"noise": 0.45, "seed": 12}
    np.testing.assert_array_equal(other.result["intimacy_B"], lab.result["intimacy_B"])
    assert other.plot.follow_kernel


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"noise": -0.1}, "noise"),
        ({"noise": 9.0}, "noise"),
        ({"seed": 2.5}, "seed"),
        ({"seed": -1}, "seed"),
    ],
)
def test_a_bad_noise_setting_is_refused_and_nothing_moves(model, changes, message):
    lab = IntimacyLab(model=model)
    before = lab.current
    with pytest.raises(BadInputError, match=message):
        lab.set(**changes)
    assert lab.current == before
    assert "Cannot use these values" in lab.readout.value


def test_a_settings_json_with_an_unknown_lab_setting_is_refused(model):
    lab = IntimacyLab(model=model)
    text = lab.scenario().to_json().replace('"phenomena": []', '"settings": {"nois": 0.3}')
    with pytest.raises(BadInputError, match="did you mean 'noise'"):
        lab.load(text)
