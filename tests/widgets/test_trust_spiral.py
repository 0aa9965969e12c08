"""The trust-spiral explorer without a browser: map, paths and turns are the model's.

The spiral mode draws trust and intimacy of A and B in the page (a LivePlot); here the
page is played by setting the plot's state as the browser does once sliders settle, and
the kernel's side is checked: its run, the map and paths it draws, and its readout.
"""

import json

import numpy as np
import pytest

from intimacy_dynamics import BadInputError, IntegrationError, ParameterError, StateError, simulate
from intimacy_dynamics.analysis.basins import basins
from intimacy_dynamics.intimacy import catalog, phenomena
from intimacy_dynamics.intimacy.catalog import TURN_LENGTHS
from intimacy_dynamics.intimacy.catalog import speaking_turns as turn_schedules
from intimacy_dynamics.intimacy.endings import TIPPING
from intimacy_dynamics.intimacy.phenomena import rise_times
from intimacy_dynamics.simulation.scenario import Scenario
from intimacy_dynamics.widgets import TrustSpiralExplorer
from intimacy_dynamics.widgets.trust_spiral import CONTROLLED, SpiralMode, TurnsMode
from tests.widgets.page import count_messages, settle

GRID = 7  # a coarse map keeps the tests quick; the notebook uses 21


@pytest.fixture
def explorer():
    return TrustSpiralExplorer(grid=GRID)


@pytest.fixture
def turns():
    return TrustSpiralExplorer(mode="turns")


def trace(explorer, name):
    return next(t for t in explorer.figure.data if t.meta == name)


def expected_run(explorer, scenario="P05_guarded_low_trust", params=None, **start):
    scenario = catalog.load(scenario)
    return simulate(
        phenomena.model(),
        scenario.t_span,
        {**scenario.params, **(params or {})},
        y0={**scenario.y0, **start},
        **explorer.simulation_options,
    )


def expected_codes(found):
    """The map's colour codes, worked out from the basin map independently."""
    codes = np.zeros(found.labels.shape, dtype=int)  # 0: not settled
    for k, attractor in enumerate(found.attractors):
        mean = 0.5 * (attractor.state["intimacy_A"] + attractor.state["intimacy_B"])
        codes[found.labels == k] = 2 if mean >= TIPPING else 1
    return codes


def assert_map_matches_basins(explorer, params):
    found = basins(
        phenomena.model(),
        params,
        "trust_A",
        "trust_B",
        grid=GRID,
        ranges={"trust_A": (0, 1), "trust_B": (0, 1)},
        t_end=explorer.t_span[1],
        rtol=explorer.simulation_options["rtol"],
        atol=explorer.simulation_options["atol"],
    )
    drawn = trace(explorer, "basin map")
    np.testing.assert_array_equal(drawn.x, found.xs)
    np.testing.assert_array_equal(np.asarray(drawn.z), expected_codes(found))
    stars = trace(explorer, "attractors")
    np.testing.assert_allclose(stars.x, [a.state["trust_A"] for a in found.attractors])
    return found


def test_the_modes_are_explorers_of_their_own():
    assert isinstance(TrustSpiralExplorer(grid=5), SpiralMode)
    assert isinstance(TrustSpiralExplorer(mode="turns"), TurnsMode)
    with pytest.raises(BadInputError, match="mode 'spirals' is not one of spiral, turns"):
        TrustSpiralExplorer(mode="spirals")
    with pytest.raises(BadInputError, match="mode 'turns'"):
        SpiralMode(mode="turns")


def test_the_map_is_what_basins_returns(explorer):
    found = assert_map_matches_basins(explorer, catalog.load("P05_guarded_low_trust").params)
    assert sorted(trace(explorer, "attractors").text) == ["distant", "intimate"]
    assert {1, 2} <= set(np.unique(np.asarray(trace(explorer, "basin map").z)))
    assert len(found.attractors) == 2


def test_the_page_draws_trust_and_intimacy_with_the_couples_controls(explorer):
    assert explorer.plot.figure["names"] == ["trust_A", "trust_B", "intimacy_A", "intimacy_B"]
    assert [c["name"] for c in explorer.plot.controls] == [*CONTROLLED, "trust_A", "trust_B"]
    assert explorer.plot.uses_javascript
    assert not explorer.controls.controls  # the couple's sliders are in the page


def test_settled_starting_trust_gives_the_kernels_run_and_path(explorer):
    settle(explorer, trust_A=0.7, trust_B=0.65)
    expected = expected_run(explorer, trust_A=0.7, trust_B=0.65)
    for name in ("trust_A", "intimacy_B", "couple_intimacy"):
        np.testing.assert_array_equal(explorer.run[name], expected[name])
        np.testing.assert_array_equal(explorer.plot.trajectory()[name], expected[name])
    np.testing.assert_array_equal(trace(explorer, "path").x, expected["trust_A"])
    np.testing.assert_array_equal(trace(explorer, "couple intimacy").y, expected["couple_intimacy"])
    assert trace(explorer, "start").y[0] == 0.65
    assert explorer.current_y0()["trust_B"] == 0.65


def test_one_settled_change_sends_one_message_and_nothing_back(explorer, monkeypatch):
    sent = count_messages(monkeypatch, {"spiral": explorer.figure})
    echoes = []
    monkeypatch.setattr(explorer.plot, "send_state", lambda *a, **k: echoes.append(a))
    settle(explorer, trust_A=0.55)
    assert sent == ["spiral"]
    assert echoes == []


def test_a_parameter_reruns_the_couple_and_the_button_recomputes_the_map(explorer):
    changes = {"reciprocity_A": 1.0, "disclosure_threshold": 0.25}
    settle(explorer, **changes)
    expected = expected_run(explorer, params=changes)
    np.testing.assert_array_equal(explorer.run["intimacy_A"], expected["intimacy_A"])
    assert not explorer.map_is_current
    assert "Recompute map" in explorer.map_status.value
    assert explorer.recompute_button.button_style == "warning"
    assert "earlier settings" in explorer.readout.value
    explorer.recompute_button.click()
    assert explorer.map_is_current
    assert explorer.map_status.value == "Map: up to date."
    assert_map_matches_basins(explorer, {**catalog.load("P05_guarded_low_trust").params, **changes})


def test_a_finer_grid_waits_for_the_button_too(explorer):
    explorer.set(grid=9)
    assert not explorer.map_is_current
    assert len(trace(explorer, "basin map").x) == GRID
    explorer.recompute_map()
    assert len(trace(explorer, "basin map").x) == 9


def test_the_readout_names_where_the_couple_heads(explorer):
    assert "<b>distant</b>" in explorer.readout.value
    assert "2 attractors" in explorer.readout.value
    explorer.set(trust_A=0.8, trust_B=0.8)
    assert "<b>intimate</b>" in explorer.readout.value
    assert "Intimacy grew gradually" in explorer.readout.value
    assert explorer.plot.y0["trust_A"] == 0.8  # the page's slider moved too


def test_a_click_starts_a_couple_there_and_keeps_the_last_one(explorer):
    before = np.asarray(trace(explorer, "path").x)
    explorer.click(0.8, 0.3)
    assert explorer.plot.y0["trust_A"] == 0.8
    assert explorer.plot.y0["trust_B"] == 0.3
    expected = expected_run(explorer, trust_A=0.8, trust_B=0.3)
    np.testing.assert_array_equal(trace(explorer, "path").y, expected["trust_B"])
    np.testing.assert_array_equal(trace(explorer, "earlier 1").x, before)
    explorer.clear()
    assert all(len(trace(explorer, f"earlier {k}").x) == 0 for k in range(1, 7))


def test_a_click_outside_the_plane_changes_nothing(explorer):
    before = (explorer.current, list(explorer.earlier))
    with pytest.raises(StateError, match=r"'trust_A' = 1\.5"):
        explorer.click(1.5, 0.5)
    assert (explorer.current, explorer.earlier) == before
    assert "outside its allowed range" in explorer.readout.value


def test_bad_values_show_a_message_and_change_nothing(explorer):
    before = (explorer.current, explorer.result, dict(explorer.plot.y0))
    with pytest.raises(StateError, match="trust_A"):
        explorer.set(trust_A=1.5, reciprocity_A=0.9)
    assert "outside its allowed range" in explorer.readout.value
    with pytest.raises(BadInputError, match="unknown setting 'charm'"):
        explorer.set(charm=0.9)
    with pytest.raises(ParameterError, match="reciprocity_B"):
        explorer.set(reciprocity_B=2.0)
    with pytest.raises(BadInputError, match="setting 'grid' = 8 must be one of 5, 7"):
        explorer.set(grid=8)
    assert (explorer.current, explorer.result, explorer.plot.y0) == before
    assert explorer.plot.params["reciprocity_A"] == 0.5


def test_the_strangers_preset_marks_the_gradual_rise_of_P16(explorer):  # noqa: N802
    explorer.preset_picker.value = "Strangers (P16)"
    assert explorer.t_span == catalog.load("P16_strangers").t_span
    assert explorer.plot.params["trust_propensity_A"] == 0.4  # the default couple
    assert explorer.map_is_current
    assert "one attractor" in explorer.readout.value
    measured = phenomena.p16()
    markers = trace(explorer, "rise")
    expected = [measured["t10"], measured["t50"], measured["t90"]]
    np.testing.assert_allclose(markers.x, expected, atol=0.4)
    explorer.reset()
    guarded = catalog.load("P05_guarded_low_trust")
    assert explorer.t_span == guarded.t_span
    assert explorer.plot.params["trust_propensity_A"] == guarded.params["trust_propensity_A"]
    assert explorer.map_is_current


def test_settled_values_fuzz_never_draws_nan(explorer, rng):
    specs = [explorer.model.param_specs[n] for n in CONTROLLED]
    specs += [explorer.model.state_specs[n] for n in ("trust_A", "trust_B")]
    for _ in range(25):
        spec = specs[rng.integers(len(specs))]
        low, high = spec.soft
        settle(explorer, **{spec.name: float(rng.choice([low, high, rng.uniform(low, high)]))})
        for name in ("path", "couple intimacy"):
            assert np.all(np.isfinite(trace(explorer, name).y))
        assert "Cannot" not in explorer.readout.value


def test_rise_times_interpolate_between_output_times():
    t = np.linspace(0, 4, 5)
    assert rise_times(t, [0.0, 0.2, 0.6, 0.9, 1.0]) == pytest.approx(
        {0.1: 0.5, 0.5: 1.75, 0.9: 3.0}
    )
    assert rise_times(t, [0.0, 0.01, 0.02, 0.03, 0.04]) is None


def test_turn_schedules_rebuild_the_P06_scenarios():  # noqa: N802
    assert turn_schedules(TURN_LENGTHS[0]) == catalog.load("P06_alternating_turns").inputs
    assert turn_schedules(TURN_LENGTHS[-1]) == catalog.load("P06_long_blocks").inputs
    for length in TURN_LENGTHS:
        speaking = turn_schedules(length)["speaking_A"]
        on = np.diff([*speaking.times, catalog.SESSION]) @ np.array(speaking.values)
        assert on == pytest.approx(catalog.SESSION / 2)  # equal floor time at every length


def test_turn_length_redraws_what_simulate_returns(turns):
    turns.own_controls["turn_length"].value = 2.0  # what the turn-length slider does
    expected = simulate(
        phenomena.model(),
        turns.t_span,
        y0=catalog.load("P06_alternating_turns").y0,
        inputs=turn_schedules(2.0),
        **turns.simulation_options,
    )
    np.testing.assert_array_equal(trace(turns, "intimacy_A").y, expected["intimacy_A"])
    np.testing.assert_array_equal(trace(turns, "intimacy_B").y, expected["intimacy_B"])
    assert list(trace(turns, "speaking_A").x[:3]) == [0.0, 2.0, 4.0]
    end = 0.5 * (expected["intimacy_A"][-1] + expected["intimacy_B"][-1])
    assert f"<b>{end:.3f}</b>" in turns.readout.value


def test_turns_readout_agrees_with_P06(turns):  # noqa: N802
    measured = phenomena.p06()
    shown = turns.result.end_intimacy(turns.run)
    assert shown == pytest.approx(measured["intimacy_alternating_turns"], abs=1e-3)
    assert f"<b>{shown:.3f}</b>" in turns.readout.value
    assert "give <b>more</b> intimacy" in turns.readout.value
    turns.set(turn_length=TURN_LENGTHS[-1])
    run = turns.run
    listener = float(np.interp(TURN_LENGTHS[-1], run.t, run["intimacy_B"]))
    assert listener == pytest.approx(measured["listener_intimacy"], abs=1e-3)
    assert listener > measured["discloser_intimacy"] + 0.005  # the listener feels more
    assert f"listened, feels {listener:.3f}" in turns.readout.value


def advantage_of_turns(turns) -> float:
    result = turns.result
    return result.end_intimacy(result.run) - result.end_intimacy(result.blocks)


def test_reciprocity_carries_most_of_the_advantage_of_turns(turns):
    with_reciprocity = advantage_of_turns(turns)
    turns.set(reciprocity_A=0.0, reciprocity_B=0.0)
    without = advantage_of_turns(turns)
    assert without < with_reciprocity / 2
    better = "more" if without > 0 else "less"
    assert f"give <b>{better}</b> intimacy ({without:+.3f})" in turns.readout.value
    with pytest.raises(BadInputError, match=r"'turn_length' = 7.0 must be one of 0.25, 0.5"):
        turns.set(turn_length=7.0, reciprocity_A=0.5)
    assert turns.current["reciprocity_A"] == 0.0  # nothing of the refused change applied
    assert "must be one of" in turns.readout.value
    turns.reset()
    assert turns.own_controls["turn_length"].value == TURN_LENGTHS[0]
    assert turns.controls["reciprocity_A"].value == 0.5


def test_turns_settings_export_the_schedules_of_the_chosen_length(turns):
    turns.set(turn_length=2.5, reciprocity_B=0.8)
    saved = json.loads(turns.scenario("mine").to_json())
    assert saved["params"] == {"reciprocity_B": 0.8}
    run = Scenario.from_json(json.dumps(saved)).run(phenomena.model(), **turns.simulation_options)
    np.testing.assert_array_equal(run["intimacy_A"], turns.run["intimacy_A"])
    lines = turns.to_csv().splitlines()
    assert len(lines) == 1 + len(turns.run.t)


def test_the_threshold_off_its_slider_grid_is_not_moved_by_the_browser(turns):
    control = turns.controls["disclosure_threshold"]
    default = turns.model.param_specs["disclosure_threshold"].default
    before = turns.result
    control.slider.value = control._link._on_grid(default)  # what the browser sends back
    assert control.value == default
    assert turns.result is before  # no new run: it was not a move


def test_a_load_that_fails_keeps_the_couples_and_their_paths(explorer):
    explorer.click(0.8, 0.3)
    before = (explorer.current, list(explorer.earlier), list(trace(explorer, "earlier 1").x))
    bad = '{"name": "x", "model": "IntimacyModel", "params": {"reciprocity_A": 3}}'
    with pytest.raises(ParameterError, match="reciprocity_A"):
        explorer.load(bad)
    assert (explorer.current, explorer.earlier, list(trace(explorer, "earlier 1").x)) == before
    assert "Could not load these settings" in explorer.readout.value


def test_a_load_or_button_whose_map_cannot_be_computed_changes_nothing(explorer, monkeypatch):
    def refuse(settings):
        raise IntegrationError("no map today")

    monkeypatch.setattr(explorer, "analyse", refuse)
    before = (explorer.current, explorer.result, explorer.analysis)
    with pytest.raises(IntegrationError, match="no map today"):
        explorer.load(catalog.load("P16_strangers"))
    assert (explorer.current, explorer.result, explorer.analysis) == before
    assert "Could not load these settings" in explorer.readout.value
    assert explorer.map_is_current  # the map drawn is still the one for these settings
    explorer.set(reciprocity_A=0.9)
    with pytest.raises(IntegrationError, match="no map today"):
        explorer.recompute_map()
    assert explorer.analysis is before[2]
    assert "Cannot compute the map" in explorer.readout.value
    assert not explorer.map_is_current
    assert explorer.recompute_button.button_style == "warning"
