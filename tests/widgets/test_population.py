"""The population explorer without a browser: the figures show what the ensemble gives."""

import html

import numpy as np
import pytest

from intimacy_dynamics import BadInputError, simulate_ensemble
from intimacy_dynamics.intimacy import catalog, phenomena
from intimacy_dynamics.intimacy.populations import GROUP_ACCURACY as ACCURACY
from intimacy_dynamics.intimacy.populations import GROUP_POINTS as N_POINTS
from intimacy_dynamics.intimacy.populations import couples
from intimacy_dynamics.widgets import PopulationExplorer
from intimacy_dynamics.widgets.figures import trace_named
from intimacy_dynamics.widgets.population import COMPARISONS, CUSTOM, SEX_NOTE
from tests.widgets.page import count_messages

T_SPAN = catalog.load("P09_western_women").t_span

SMALL = 30  # couples per group: enough to test, quick to run


@pytest.fixture(scope="module")
def explorer():
    return PopulationExplorer(size=SMALL, spread=0.1, seed=3)


def expected_long_run(group, size, spread, seed):
    """Each couple's long-run intimacy, simulated on its own (not with the other group)."""
    table = couples(size, *group, spread=spread, seed=seed, model=phenomena.model())
    result = simulate_ensemble(
        phenomena.model(), table, t_span=T_SPAN, n_points=N_POINTS, **ACCURACY
    )
    return (result.long_run("intimacy_A") + result.long_run("intimacy_B")) / 2


def histogram(explorer, k):
    return trace_named(explorer.figures["distribution"], f"group {k}")


def assert_histograms_show(explorer, groups, size, spread, seed):
    for k, group in enumerate(groups, start=1):
        expected = expected_long_run(group, size, spread, seed)
        np.testing.assert_allclose(histogram(explorer, k).x, expected, atol=1e-5)


def test_the_first_draw_is_the_western_comparison_of_p09(explorer):
    women, men = COMPARISONS["Western: women's pairs vs men's pairs"]
    assert explorer.groups() == [women, men]
    assert_histograms_show(explorer, [women, men], SMALL, 0.1, 3)
    gap = np.median(explorer.runs[0].long_run) - np.median(explorer.runs[1].long_run)
    assert gap > 0.04
    assert "Group 1 minus group 2" in explorer.readout.value


def test_the_bands_are_quantiles_of_the_couples_intimacy_over_time(explorer):
    run = explorer.runs[1]
    figure = explorer.figures["over time"]
    lower, median, upper = (
        np.asarray(trace_named(figure, f"group 2 {q}").y) for q in ("25 %", "median", "75 %")
    )
    np.testing.assert_array_equal(median, run.bands[1])
    assert np.all(lower <= median + 1e-12)
    assert np.all(median <= upper + 1e-12)
    assert median[-1] == pytest.approx(np.median(run.long_run), abs=0.03)


def test_controls_wait_for_the_button_then_draw_and_simulate(explorer):
    before = np.array(histogram(explorer, 1).x)
    explorer.own_controls["comparison"].value = "Non-Western: women's pairs vs men's pairs"
    explorer.own_controls["spread"].slider.value = 0.05
    np.testing.assert_array_equal(histogram(explorer, 1).x, before)
    assert explorer.own_controls["group_1_A"].value == "non_western_woman"  # shown at once
    assert "press <b>Draw and simulate</b>" in explorer.readout.value
    explorer.run_button.click()
    groups = list(COMPARISONS["Non-Western: women's pairs vs men's pairs"])
    assert_histograms_show(explorer, groups, SMALL, 0.05, 3)
    gap = np.median(explorer.runs[0].long_run) - np.median(explorer.runs[1].long_run)
    assert abs(gap) < 0.03  # the culture that teaches little reluctance: almost no gap
    assert histogram(explorer, 1).name == "1: non western woman & non western woman"
    assert explorer.pending is None


def test_the_groups_differ_only_in_learned_reluctance_and_share_their_draws(explorer):
    explorer.set(comparison="Western: women's pairs vs men's pairs", spread=0.1, seed=3)
    women, men = explorer.runs
    assert women.reluctance[0] < 0.3 < 0.7 < men.reluctance[0]
    assert "Sex is not a parameter" in SEX_NOTE
    assert "learned_reluctance" in explorer.widget.children[0].value


def test_picking_profiles_by_hand_makes_custom_groups(explorer):
    explorer.own_controls["group_2_A"].value = "fearful_of_intimacy"
    assert explorer.own_controls["comparison"].value == CUSTOM
    explorer.set(group_1_A="secure", group_1_B="secure", group_2_A="guarded", group_2_B="guarded")
    assert explorer.own_controls["comparison"].value == "Secure couples vs guarded couples"
    assert explorer.runs[1].distant_share > explorer.runs[0].distant_share


def test_the_culture_prediction_draws_the_non_western_pairs(explorer):
    question = explorer.predict("culture")
    assert question.answer in question.choice.options
    question.choice.value = question.choice.options[0]
    question.reveal()
    assert explorer.current["comparison"] == "Non-Western: women's pairs vs men's pairs"
    assert explorer.groups()[0] == ("non_western_woman", "non_western_woman")
    with pytest.raises(ValueError, match="no prediction step"):
        explorer.predict("weather")


@pytest.mark.parametrize(
    ("settings", "words"),
    [
        ({"spread": 0.9}, "setting 'spread' = 0.9 is outside its allowed range [0, 0.5]"),
        ({"size": 0}, "setting 'size' = 0 is outside its allowed range [10, 1000]"),
        ({"size": 10**6}, "setting 'size' = 1000000 is outside"),
        ({"size": 35, "seed": 2}, "setting 'size' = 35 must be one of 10, 20, ..., 1000"),
        ({"seed": -1}, "setting 'seed' = -1 is outside"),
        ({"group_1_B": "nobody", "seed": 2}, "'group_1_B' = 'nobody' must be one of neutral"),
        ({"comparison": "cats vs dogs"}, "'comparison' = 'cats vs dogs' must be one of Western"),
        ({"colour": "red"}, "unknown setting 'colour'"),
    ],
)
def test_bad_settings_are_refused_whole_and_keep_the_last_draw(explorer, settings, words):
    before = (explorer.current, np.array(histogram(explorer, 2).x))
    with pytest.raises(BadInputError):
        explorer.set(**settings)
    assert words in html.unescape(explorer.readout.value), settings
    assert explorer.current is before[0]
    np.testing.assert_array_equal(histogram(explorer, 2).x, before[1])


def test_a_typed_bad_value_is_refused_at_once_and_the_box_goes_back(explorer):
    seed = explorer.own_controls["seed"]
    before = seed.value
    seed.box.value = -5
    assert seed.value == before
    assert "setting 'seed' = -5 is outside" in html.unescape(explorer.readout.value)
    assert explorer.pending is None or explorer.pending.own["seed"] == before


def test_one_draw_sends_one_message_per_figure(explorer, monkeypatch):
    sent = count_messages(monkeypatch, explorer.figures)
    explorer.set(seed=5, spread=0.08)
    assert sorted(sent) == ["distribution", "over time"]


def test_csv_export_holds_every_couple(explorer):
    rows = explorer.to_csv().splitlines()
    assert rows[0] == "group,long_run_intimacy,a_minus_b"
    table = np.loadtxt(rows[1:], delimiter=",")
    for k, run in enumerate(explorer.runs, start=1):
        np.testing.assert_allclose(table[table[:, 0] == k, 1], run.long_run, rtol=1e-9)


def test_a_scenario_sets_nothing_here_and_is_refused(explorer):
    before = explorer.current
    with pytest.raises(BadInputError, match="has no model"):
        explorer.load('{"name": "x", "model": "IntimacyModel"}')
    assert explorer.current is before
