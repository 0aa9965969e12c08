"""The trust-spiral explorer without a browser: map, paths and turns are the model's."""

import numpy as np
import pytest

from intimacy_dynamics import BadInputError, simulate
from intimacy_dynamics.analysis.basins import basins
from intimacy_dynamics.intimacy import catalog, phenomena
from intimacy_dynamics.intimacy.catalog import TURN_LENGTHS
from intimacy_dynamics.intimacy.catalog import speaking_turns as turn_schedules
from intimacy_dynamics.intimacy.endings import TIPPING
from intimacy_dynamics.intimacy.phenomena import rise_times
from intimacy_dynamics.widgets import TrustSpiralExplorer

GRID = 7  # a coarse map keeps the tests quick; the notebook uses 21


@pytest.fixture
def explorer():
    return TrustSpiralExplorer(grid=GRID)


@pytest.fixture
def turns():
    return TrustSpiralExplorer(mode="turns")


def trace(explorer, name, k=0):
    return [t for t in explorer.figure.data if t.name == name][k]


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
    drawn = explorer.figure.data[0]
    np.testing.assert_array_equal(drawn.x, found.xs)
    np.testing.assert_array_equal(np.asarray(drawn.z), expected_codes(found))
    stars = trace(explorer, "where couples settle (attractors)")
    np.testing.assert_allclose(stars.x, [a.state["trust_A"] for a in found.attractors])
    return found


def test_the_map_is_what_basins_returns(explorer):
    found = assert_map_matches_basins(explorer, catalog.load("P05_guarded_low_trust").params)
    assert sorted(trace(explorer, "where couples settle (attractors)").text) == [
        "distant",
        "intimate",
    ]
    assert {1, 2} <= set(np.unique(np.asarray(explorer.figure.data[0].z)))
    assert len(found.attractors) == 2


def test_moving_the_starting_trust_redraws_what_simulate_returns(explorer):
    explorer.view.initial["trust_A"].slider.value = 0.7
    explorer.view.initial["trust_B"].box.value = 0.65
    expected = expected_run(explorer, trust_A=0.7, trust_B=0.65)
    for k, base in enumerate(("trust", "intimacy")):
        for partner in "AB":
            drawn = trace(explorer, f"Partner {partner}", k)
            np.testing.assert_array_equal(drawn.y, expected[f"{base}_{partner}"])
    path = trace(explorer, "this couple's path")
    np.testing.assert_array_equal(path.x, expected["trust_A"])
    assert trace(explorer, "start").y[0] == 0.65


def test_one_change_sends_one_message(explorer, monkeypatch):
    sent = []
    for kind in ("restyle", "update", "relayout", "addTraces", "deleteTraces"):
        monkeypatch.setattr(explorer.figure, f"_send_{kind}_msg", lambda *a, **k: sent.append(1))
    explorer.view.initial["trust_A"].slider.value = 0.55
    assert sent == [1]


def test_a_parameter_reruns_the_couple_and_the_button_recomputes_the_map(explorer):
    explorer.controls["reciprocity_A"].box.value = 1.0
    explorer.controls["disclosure_threshold"].box.value = 0.25
    changes = {"reciprocity_A": 1.0, "disclosure_threshold": 0.25}
    expected = expected_run(explorer, params=changes)
    np.testing.assert_array_equal(trace(explorer, "Partner A", 1).y, expected["intimacy_A"])
    assert not explorer.view.map_is_current
    assert "Recompute map" in explorer.view.map_status.value
    assert "earlier settings" in explorer.readout.value
    explorer.view.recompute_button.click()
    assert explorer.view.map_is_current
    assert_map_matches_basins(explorer, {**catalog.load("P05_guarded_low_trust").params, **changes})


def test_the_readout_names_where_the_couple_heads(explorer):
    assert "<b>distant</b>" in explorer.readout.value
    assert "2 attractors" in explorer.readout.value
    explorer.set(trust_A=0.8, trust_B=0.8)
    assert "<b>intimate</b>" in explorer.readout.value
    assert "Intimacy grew gradually" in explorer.readout.value


def test_a_click_starts_a_couple_there_and_keeps_the_last_one(explorer):
    before = np.asarray(trace(explorer, "this couple's path").x)
    explorer.view.click(0.8, 0.3)
    assert explorer.view.initial["trust_A"].value == 0.8
    assert explorer.view.initial["trust_B"].value == 0.3
    expected = expected_run(explorer, trust_A=0.8, trust_B=0.3)
    np.testing.assert_array_equal(trace(explorer, "this couple's path").y, expected["trust_B"])
    np.testing.assert_array_equal(trace(explorer, "earlier couples").x, before)
    explorer.view.clear()
    assert all(len(t.x) == 0 for t in explorer.figure.data if t.name == "earlier couples")


def test_same_start_for_both_moves_the_other_partner_too(explorer):
    explorer.view.together.value = True
    explorer.view.initial["trust_B"].slider.value = 0.6
    assert explorer.view.initial["trust_A"].value == 0.6
    np.testing.assert_array_equal(
        trace(explorer, "Partner A").y, expected_run(explorer, trust_A=0.6, trust_B=0.6)["trust_A"]
    )


def test_bad_values_show_a_message_and_change_nothing(explorer):
    before = np.asarray(trace(explorer, "Partner A").y)
    explorer.set(trust_A=1.5)
    assert "trust_A" in explorer.readout.value
    assert "outside its allowed range" in explorer.readout.value
    explorer.set(charm=0.9)
    assert "cannot set charm" in explorer.readout.value
    explorer.set(reciprocity_B=2.0)
    assert "reciprocity_B" in explorer.readout.value
    np.testing.assert_array_equal(trace(explorer, "Partner A").y, before)
    assert explorer.controls["reciprocity_B"].value == 0.5
    with pytest.raises(BadInputError, match="mode"):
        TrustSpiralExplorer(mode="spirals")


def test_the_strangers_preset_marks_the_gradual_rise_of_P16(explorer):  # noqa: N802
    explorer.view.preset_picker.value = "Strangers (P16)"
    assert explorer.t_span == catalog.load("P16_strangers").t_span
    assert explorer.controls["trust_propensity_A"].value == 0.4  # the default couple
    assert explorer.view.map_is_current
    assert "one attractor" in explorer.readout.value
    measured = phenomena.p16()
    markers = trace(explorer, "10, 50, 90 % of the rise")
    expected = [measured["t10"], measured["t50"], measured["t90"]]
    np.testing.assert_allclose(markers.x, expected, atol=0.4)
    explorer.reset()
    guarded = catalog.load("P05_guarded_low_trust")
    assert explorer.t_span == guarded.t_span
    assert explorer.controls["trust_propensity_A"].value == guarded.params["trust_propensity_A"]


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
    turns.set(turn_length=2.0)
    expected = simulate(
        phenomena.model(),
        turns.t_span,
        y0=catalog.load("P06_alternating_turns").y0,
        inputs=turn_schedules(2.0),
        **turns.simulation_options,
    )
    np.testing.assert_array_equal(turns.figure.data[2].y, expected["intimacy_A"])
    np.testing.assert_array_equal(turns.figure.data[3].y, expected["intimacy_B"])
    assert list(turns.figure.data[0].x[:3]) == [0.0, 2.0, 4.0]
    end = 0.5 * (expected["intimacy_A"][-1] + expected["intimacy_B"][-1])
    assert f"<b>{end:.3f}</b>" in turns.readout.value


def test_turns_readout_agrees_with_P06(turns):  # noqa: N802
    measured = phenomena.p06()
    view = turns.view
    shown = view.end_intimacy(view.run)
    assert shown == pytest.approx(measured["intimacy_alternating_turns"], abs=1e-3)
    assert f"<b>{shown:.3f}</b>" in turns.readout.value
    assert "give <b>more</b> intimacy" in turns.readout.value
    turns.set(turn_length=TURN_LENGTHS[-1])
    run = view.run
    listener = float(np.interp(TURN_LENGTHS[-1], run.t, run["intimacy_B"]))
    assert listener == pytest.approx(measured["listener_intimacy"], abs=1e-3)
    assert listener > measured["discloser_intimacy"] + 0.005  # the listener feels more
    assert f"listened, feels {listener:.3f}" in turns.readout.value


def advantage_of_turns(turns) -> float:
    view = turns.view
    return view.end_intimacy(view.run) - view.end_intimacy(view.blocks)


def test_reciprocity_carries_most_of_the_advantage_of_turns(turns):
    with_reciprocity = advantage_of_turns(turns)
    turns.set(reciprocity_A=0.0, reciprocity_B=0.0)
    without = advantage_of_turns(turns)
    assert without < with_reciprocity / 2
    better = "more" if without > 0 else "less"
    assert f"give <b>{better}</b> intimacy ({without:+.3f})" in turns.readout.value
    turns.set(turn_length=7.0)
    assert "does not split the session" in turns.readout.value
    turns.reset()
    assert turns.view.turn_length.value == TURN_LENGTHS[0]
    assert turns.controls["reciprocity_A"].value == 0.5


def test_the_threshold_off_its_slider_grid_is_not_moved_by_the_browser(explorer):
    control = explorer.controls["disclosure_threshold"]
    default = explorer.model.param_specs["disclosure_threshold"].default
    control.slider.value = control._link._on_grid(default)  # what the browser sends back
    assert control.value == default
    assert explorer.view.map_is_current
