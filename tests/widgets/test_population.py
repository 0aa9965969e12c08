"""The population explorer without a browser: the figure shows what the ensemble gives."""

import html

import numpy as np
import pytest

from intimacy_dynamics import simulate_ensemble
from intimacy_dynamics.intimacy import catalog, phenomena
from intimacy_dynamics.intimacy.populations import GROUP_ACCURACY as ACCURACY
from intimacy_dynamics.intimacy.populations import GROUP_POINTS as N_POINTS
from intimacy_dynamics.intimacy.populations import couples
from intimacy_dynamics.widgets import PopulationExplorer
from intimacy_dynamics.widgets.population import COMPARISONS, CUSTOM, SEX_NOTE

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


def assert_histograms_show(explorer, groups, size, spread, seed):
    for k, group in enumerate(groups):
        expected = expected_long_run(group, size, spread, seed)
        np.testing.assert_allclose(explorer.figure.data[k].x, expected, atol=1e-5)


def test_the_first_draw_is_the_western_comparison_of_p09(explorer):
    women, men = COMPARISONS["Western: women's pairs vs men's pairs"]
    assert explorer.groups() == [women, men]
    assert_histograms_show(explorer, [women, men], SMALL, 0.1, 3)
    gap = np.median(explorer.runs[0].long_run) - np.median(explorer.runs[1].long_run)
    assert gap > 0.04
    assert "Group 1 minus group 2" in explorer.readout.value


def test_the_bands_are_quantiles_of_the_couples_intimacy_over_time(explorer):
    run = explorer.runs[1]
    lower, median, upper = (explorer.figure.data[2 + 3 + j].y for j in range(3))
    np.testing.assert_array_equal(median, run.bands[1])
    assert np.all(lower <= median + 1e-12)
    assert np.all(median <= upper + 1e-12)
    assert median[-1] == pytest.approx(np.median(run.long_run), abs=0.03)


def test_controls_wait_for_the_button_then_draw_and_simulate(explorer):
    before = np.array(explorer.figure.data[0].x)
    explorer.comparison.value = "Non-Western: women's pairs vs men's pairs"
    explorer.spread.value = 0.05
    np.testing.assert_array_equal(explorer.figure.data[0].x, before)
    assert "press <b>Draw and simulate</b>" in explorer.readout.value
    explorer.button.click()
    groups = list(COMPARISONS["Non-Western: women's pairs vs men's pairs"])
    assert_histograms_show(explorer, groups, SMALL, 0.05, 3)
    gap = np.median(explorer.runs[0].long_run) - np.median(explorer.runs[1].long_run)
    assert abs(gap) < 0.03  # the culture that teaches little reluctance: almost no gap
    assert explorer.figure.data[0].name == "1: non western woman & non western woman"


def test_the_groups_differ_only_in_learned_reluctance_and_share_their_draws(explorer):
    explorer.set(comparison="Western: women's pairs vs men's pairs", spread=0.1, seed=3)
    women, men = explorer.runs
    assert women.reluctance[0] < 0.3 < 0.7 < men.reluctance[0]
    assert "Sex is not a parameter" in SEX_NOTE
    assert "learned_reluctance" in explorer.widget.children[0].value


def test_picking_profiles_by_hand_makes_custom_groups(explorer):
    explorer.pickers[1][0].value = "fearful_of_intimacy"
    assert explorer.comparison.value == CUSTOM
    explorer.set(group_1=("secure", "secure"), group_2=("guarded", "guarded"))
    assert explorer.comparison.value == "Secure couples vs guarded couples"
    assert explorer.runs[1].distant_share > explorer.runs[0].distant_share


def test_the_culture_prediction_draws_the_non_western_pairs(explorer):
    question = explorer.predict("culture")
    assert question.answer in question.choice.options
    question.choice.value = question.choice.options[0]
    question.reveal()
    assert explorer.comparison.value == "Non-Western: women's pairs vs men's pairs"
    assert explorer.groups()[0] == ("non_western_woman", "non_western_woman")
    with pytest.raises(ValueError, match="no prediction step"):
        explorer.predict("weather")


def test_bad_settings_show_a_message_and_keep_the_last_draw(explorer):
    before = np.array(explorer.figure.data[1].x)
    for settings, words in (
        ({"spread": 0.9}, "spread"),
        ({"size": 0}, "size = 0"),
        ({"size": 10**6}, "too long"),
        ({"seed": -1}, "seed = -1"),
        ({"group_1": ("secure", "nobody")}, "unknown profile 'nobody'"),
        ({"group_2": "secure"}, "two profiles"),
        ({"comparison": "cats vs dogs"}, "unknown comparison"),
        ({"colour": "red"}, "unknown setting 'colour'"),
    ):
        explorer.set(**settings)
        assert words in html.unescape(explorer.readout.value), settings
    np.testing.assert_array_equal(explorer.figure.data[1].x, before)
    explorer.seed.value = -5  # typed into the box, then the button
    explorer.button.click()
    assert "seed = -5" in explorer.readout.value
    np.testing.assert_array_equal(explorer.figure.data[1].x, before)
