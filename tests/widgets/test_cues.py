"""The cues explorer without a browser: controls drive the plots with the model's numbers.

The chain over time is drawn in the page (a LivePlot); here the page is played by
setting the plot's state as the browser does once sliders settle, and the kernel's side
is checked: its run, the bars and the map it draws, its readout and its settings.
"""

import numpy as np
import pytest
import sympy

from intimacy_dynamics import BadInputError, ParameterError, simulate
from intimacy_dynamics.ensemble import sweep
from intimacy_dynamics.intimacy import catalog, phenomena
from intimacy_dynamics.intimacy.phenomena import RESPONSE_CHAIN_QUANTITIES, response_chain
from intimacy_dynamics.widgets import CuesExplorer, PredictThenReveal
from intimacy_dynamics.widgets.cues import CONTROLS, MAP_AXES, STAGES
from tests.widgets.page import count_messages, settle

PERCEIVED = "perceived_responsiveness_A"
IMMEDIACY = [
    "P03_supportive_high_immediacy",
    "P03_supportive_low_immediacy",
    "P03_critical_high_immediacy",
    "P03_critical_low_immediacy",
]


@pytest.fixture(scope="module")
def held():
    return phenomena.holding("disclosure_A")


@pytest.fixture
def explorer():
    return CuesExplorer()


def expected_run(explorer, **params):
    base = catalog.load("P03_congruent_cues")
    return simulate(
        explorer.model,
        base.t_span,
        {**base.params, **params},
        y0=base.y0,
        **explorer.simulation_options,
    )


def test_the_page_draws_the_chain_and_a_s_trust_and_intimacy(explorer):
    figure = explorer.plot.figure
    assert figure["names"] == [*RESPONSE_CHAIN_QUANTITIES.values(), "trust_A", "intimacy_A"]
    labels = [trace["name"] for trace in figure["traces"]]
    assert labels == [label for label, _, _ in STAGES.values()] + ["A's trust", "A's intimacy"]
    assert [trace["line"]["dash"] for trace in figure["traces"][:4]] == [
        dash for _, _, dash in STAGES.values()
    ]
    assert [c["name"] for c in explorer.plot.controls] == [
        name for group in CONTROLS.values() for name in group
    ]


def test_a_settled_slider_gives_exactly_what_simulate_returns(explorer):
    settle(explorer, cue_congruence_B=0.2, interpretation_bias_A=-0.3)
    run = expected_run(explorer, cue_congruence_B=0.2, interpretation_bias_A=-0.3)
    for name in (PERCEIVED, "responsiveness_B", "trust_A", "intimacy_A"):
        np.testing.assert_array_equal(explorer.trajectory[name], run[name])
        np.testing.assert_array_equal(explorer.plot.trajectory()[name], run[name])
    chain = response_chain(run)
    bars = explorer.gap_figure.data[0]
    np.testing.assert_allclose(bars.x, [chain[s][-1] for s in STAGES], rtol=1e-12)
    assert list(explorer.map_figure.data[1].x) == [0.2]
    assert list(explorer.map_figure.data[1].y) == [-0.3]


def test_the_reading_is_what_the_model_learns_perceived_responsiveness_from(held, rng):
    """``read`` equals the sigmoid inside the model's own rate of perceived responsiveness."""
    symbols = held.symbols
    me, other = _partner(symbols, "A"), _partner(symbols, "B")
    gain, _ = held.gains_and_losses(me, other, symbols)["perceived_responsiveness"]
    exposure = held.exposure_of(me)
    # gain = exposure / tau_fast * read + prior_rate * trust, so
    # read = (gain - prior_rate * trust) * tau_fast / exposure
    implied = (gain - symbols.prior_rate * symbols.trust_A) * symbols.tau_fast / exposure
    run = simulate(
        held,
        (0, 5),
        {
            "cue_congruence_B": rng.uniform(0, 1),
            "interpretation_bias_A": rng.uniform(-1, 1),
            "immediacy_B": rng.uniform(0, 1),
            "response_valence_B": rng.uniform(-1, 1),
        },
        y0={"disclosure_A": 0.8},
        n_points=7,
    )
    names = sorted(str(s) for s in implied.free_symbols)
    values = sympy.lambdify([symbols[n] for n in names], implied)(*(run[n] for n in names))
    np.testing.assert_allclose(response_chain(run)["read"], values, rtol=1e-9)


def _partner(symbols, partner):
    class View:
        def __getattr__(self, base):
            return symbols[f"{base}_{partner}"]

    return View()


def test_the_smirk_lowers_what_is_conveyed_not_what_b_shows(explorer):
    explorer.show("P03_congruent_cues")
    kind = explorer.at_end()
    explorer.show("P03_sarcastic_smirk")
    smirk = explorer.at_end()
    assert abs(smirk["shown"] - kind["shown"]) < 0.05
    assert smirk["conveyed"] < kind["conveyed"] - 0.3
    assert smirk["perceived"] < kind["perceived"] - 0.2
    assert "sarcastic smirk" in explorer.readout.value


def test_immediacy_amplifies_support_and_criticism_alike(explorer):
    ends = {}
    for name in IMMEDIACY:
        explorer.show(name)
        ends[name] = explorer.at_end()["perceived"]
    assert ends["P03_supportive_high_immediacy"] > ends["P03_supportive_low_immediacy"] + 0.05
    assert ends["P03_critical_high_immediacy"] < ends["P03_critical_low_immediacy"] - 0.05


def test_a_negative_bias_opens_a_gap_between_conveyed_and_read(explorer):
    explorer.show("P04_negative_reader")
    end = explorer.at_end()
    assert end["read"] < end["conveyed"] - 0.2
    assert "reads rejection" in explorer.readout.value
    explorer.set(interpretation_bias_A=0.5)
    end = explorer.at_end()
    assert end["read"] > end["conveyed"] + 0.05
    assert "benefit of the doubt" in explorer.readout.value


def test_every_p03_p04_scenario_is_a_preset_and_loads(explorer):
    names = [s.name for p in ("P03", "P04") for s in catalog.for_phenomenon(p)]
    assert len(explorer.presets) == len(names)
    for name in names:
        explorer.show(name)
        scenario = catalog.load(name)
        for key, value in scenario.params.items():
            assert explorer.current_params()[key] == value
        measured = phenomena.p03_p04((name,))[name]
        assert explorer.at_end()["perceived"] == pytest.approx(measured, abs=2e-3)


def test_bad_values_show_a_message_and_change_nothing(explorer):
    before = (explorer.current, explorer.result, dict(explorer.plot.params))
    with pytest.raises(ParameterError, match="cue_congruence_B"):
        explorer.set(cue_congruence_B=1.5, immediacy_B=0.9)
    assert "Cannot use these values" in explorer.readout.value
    assert "cue_congruence_B" in explorer.readout.value
    with pytest.raises(BadInputError, match="unknown setting 'smirk'"):
        explorer.set(smirk=1.0)
    assert (explorer.current, explorer.result, explorer.plot.params) == before
    explorer.settings_box.value = (
        '{"name": "x", "model": "IntimacyModel", "params": {"immediacy_B": 7}}'
    )
    explorer._guarded(lambda: explorer.load(explorer.settings_box.value), "Cannot load")()
    assert "Could not load these settings" in explorer.readout.value
    assert (explorer.current, explorer.result, explorer.plot.params) == before
    assert explorer.result.map_is_current


def test_the_map_is_the_sweep_and_says_when_it_is_stale(explorer):
    params = dict(explorer.current_params())
    grid = {n: np.linspace(*explorer.model.param_specs[n].soft, 21) for n in MAP_AXES}
    found = sweep(
        explorer.model,
        grid,
        params=params,
        y0=explorer.current_y0(),
        t_span=explorer.t_span,
        n_points=11,
        rtol=1e-4,
        atol=1e-7,
    )
    np.testing.assert_allclose(explorer.map_figure.data[0].z, found.final(PERCEIVED).T, rtol=1e-12)
    settle(explorer, cue_congruence_B=0.1)  # a map axis: the map stays valid
    assert "earlier settings" not in explorer.map_note.value
    before = np.array(explorer.map_figure.data[0].z)
    settle(explorer, response_valence_B=-0.7)
    assert "earlier settings" in explorer.map_note.value
    np.testing.assert_array_equal(explorer.map_figure.data[0].z, before)
    explorer.redraw_button.click()
    assert "earlier settings" not in explorer.map_note.value
    after = np.array(explorer.map_figure.data[0].z)
    matching = -1  # the last column: cues that match the words
    plain = np.abs(grid["interpretation_bias_A"]) <= 0.5  # readers who take B at his word
    assert np.all(after[plain, matching] < before[plain, matching] - 0.05)  # a critic hurts


def test_one_settled_move_sends_one_message_per_changed_figure(explorer, monkeypatch):
    figures = {"gap": explorer.gap_figure, "map": explorer.map_figure}
    sent = count_messages(monkeypatch, figures)
    settle(explorer, cue_congruence_B=0.4)  # a map axis: the star moves
    assert sorted(sent) == ["gap", "map"]
    sent.clear()
    settle(explorer, immediacy_B=0.8)  # the star stays: nothing to send to the map
    assert sorted(sent) == ["gap"]


def test_predictions_are_computed_from_the_model_and_load_their_scenario(explorer):
    step = explorer.predict("smirk")
    assert isinstance(step, PredictThenReveal)
    kind = phenomena.p03_p04(("P03_congruent_cues",))["P03_congruent_cues"]
    smirk = phenomena.p03_p04(("P03_sarcastic_smirk",))["P03_sarcastic_smirk"]
    assert step.answer == ("A feels less understood" if smirk < kind else "A feels more understood")
    step.choice.value = step.answer
    step.reveal()
    assert step.correct
    assert explorer.current_params()["cue_congruence_B"] == 0.0
    assert "Kind words, a sarcastic smirk" in explorer.preset_picker.value
    measured = phenomena.p03_p04(IMMEDIACY[2:])
    leaning_in_hurts = measured[IMMEDIACY[2]] < measured[IMMEDIACY[3]]
    assert (explorer.predict("immediacy").answer == "A feels less understood") == leaning_in_hurts
    bias = explorer.predict("bias")
    bias.choice.value = bias.answer
    bias.reveal()
    assert explorer.current_params()["interpretation_bias_A"] == -0.5
    with pytest.raises(ValueError, match="no prediction step"):
        explorer.predict("wink")


def test_reset_and_showing_a_picked_preset_again_restore_it(explorer):
    explorer.show("P03_sarcastic_smirk")
    explorer.set(cue_congruence_B=0.7)
    explorer.show("P03_sarcastic_smirk")  # already picked: loaded again
    assert explorer.current_params()["cue_congruence_B"] == 0.0
    explorer.reset()
    assert explorer.current_params()["cue_congruence_B"] == 1.0
    with pytest.raises(ValueError, match="not one of the explorer's presets"):
        explorer.show("P05_guarded_high_trust")


def test_settled_values_fuzz_never_draws_nan(explorer, rng):
    specs = [explorer.model.param_specs[c["name"]] for c in explorer.plot.controls]
    for _ in range(40):
        spec = specs[rng.integers(len(specs))]
        low, high = spec.soft
        settle(explorer, **{spec.name: float(rng.choice([low, high, rng.uniform(low, high)]))})
        values = np.concatenate([explorer.gap_figure.data[0].x, explorer.trajectory[PERCEIVED]])
        assert np.all(np.isfinite(values))
        assert np.all((values >= 0) & (values <= 1))
        assert "Cannot" not in explorer.readout.value


def test_figures_have_titles_units_and_no_cloud_button(explorer):
    layout = explorer.plot.figure["layout"]
    assert layout["xaxis2"]["title"]["text"] == "time (days)"
    assert explorer.map_figure.layout.xaxis.title.text == "Cue congruence (B)"
    for config in (explorer.plot.figure["config"], explorer.gap_figure._config):
        assert "sendChartToCloud" in config["modeBarButtonsToRemove"]
    assert "sendChartToCloud" in explorer.map_figure._config["modeBarButtonsToRemove"]
    assert explorer.summary_view().children == (explorer.gap_figure, explorer.readout)
