"""The bifurcation explorer without a browser: the dial drives every figure with the model's
numbers, the diagram is the analysis toolkit's, and bad input is refused whole."""

import html

import numpy as np
import pytest

from intimacy_dynamics import simulate
from intimacy_dynamics.analysis import continuation, orbit_diagram
from intimacy_dynamics.errors import BadInputError, ParameterError
from intimacy_dynamics.intimacy.fusion import balance_point, both_partners, judge, tipping_point
from intimacy_dynamics.widgets import BifurcationExplorer
from intimacy_dynamics.widgets.bifurcation import WATCHED
from intimacy_dynamics.widgets.figures import trace_named
from tests.widgets.page import count_messages

DAYS, RESOLUTION = 60.0, 9


@pytest.fixture(scope="module")
def hopf():
    return tipping_point().value


@pytest.fixture(scope="module")
def built():
    return BifurcationExplorer(0.7, resolution=RESOLUTION, days=DAYS)


@pytest.fixture
def explorer(built):
    built.reset()
    return built


def expected_run(explorer, value, **params):
    return simulate(
        both_partners(),
        (0.0, DAYS),
        {"differentiation": value, **params},
        **explorer.simulation_options,
    )


def settle(explorer, value):
    """What the page sends once the dial has settled at ``value``."""
    explorer.plot.set_state({"params": {**explorer.plot.params, "differentiation": value}})


def diagram(explorer, name):
    return trace_named(explorer.diagram_figure, name)


def phase(explorer, name):
    return trace_named(explorer.phase_figure, name)


def test_the_page_draws_the_dial_and_the_run_the_kernel_equals_simulate(explorer):
    assert [c["name"] for c in explorer.plot.controls] == ["differentiation"]
    assert explorer.plot.figure["names"] == list(WATCHED)
    settle(explorer, 0.25)
    run = expected_run(explorer, 0.25)
    for name in WATCHED:
        np.testing.assert_array_equal(explorer.trajectory[name], run[name])
        np.testing.assert_array_equal(explorer.plot.trajectory()[name], run[name])
    np.testing.assert_array_equal(phase(explorer, "path").x, run["closeness_A"])
    np.testing.assert_array_equal(phase(explorer, "path").y, run["sense_of_self_A"])
    assert phase(explorer, "end").x[0] == run["closeness_A"][-1]


def test_the_marker_on_the_diagram_moves_with_the_dial(explorer):
    assert list(diagram(explorer, "dial").x) == [0.7, 0.7]
    settle(explorer, 0.25)
    assert list(diagram(explorer, "dial").x) == [0.25, 0.25]
    outcome = judge(expected_run(explorer, 0.25))
    late = diagram(explorer, "late range")
    assert list(late.x) == [0.25, 0.25]
    assert list(late.y) == [outcome.minimum, outcome.maximum]
    assert late.y[1] - late.y[0] > 0.2  # a wide swing, drawn as a range


def test_the_diagram_is_what_orbit_diagram_returns(explorer):
    values = np.linspace(0, 1, RESOLUTION)
    expected = orbit_diagram(
        both_partners(),
        None,
        "differentiation",
        values,
        "closeness_A",
        t_span=(0.0, DAYS),
        n_points=301,
    )
    np.testing.assert_array_equal(diagram(explorer, "highest").x, values)
    np.testing.assert_array_equal(diagram(explorer, "highest").y, expected.maxima)
    np.testing.assert_array_equal(diagram(explorer, "lowest").y, expected.minima)


def test_the_branch_is_what_continuation_returns_with_the_hopf_marked(explorer):
    branch = continuation(both_partners(), None, "differentiation", (1.0, 0.0))
    stable, unstable = diagram(explorer, "steady (stable)"), diagram(explorer, "steady (unstable)")
    star = diagram(explorer, "tipping point")
    np.testing.assert_array_equal(stable.x, branch.values)
    level = branch["closeness_A"]
    np.testing.assert_allclose(np.asarray(stable.y, float)[branch.stable], level[branch.stable])
    np.testing.assert_allclose(np.asarray(unstable.y, float)[~branch.stable], level[~branch.stable])
    assert branch.stable.any()
    assert (~branch.stable).any()
    assert star.x[0] == pytest.approx(branch.hopfs[0].value)
    assert star.y[0] == pytest.approx(branch.hopfs[0].state["closeness_A"])


def test_one_dial_move_sends_one_message_per_kernel_figure(explorer, monkeypatch):
    sent = count_messages(monkeypatch, explorer.figures)
    settle(explorer, 0.3)
    assert sorted(sent) == ["diagram", "phase"]


def test_readout_says_steady_above_and_oscillating_below_the_tipping_point(explorer, hopf):
    explorer.set(differentiation=round(hopf + 0.25, 2))
    assert "Steady" in explorer.readout.value
    assert "above the tipping point" in explorer.readout.value
    low = round(hopf - 0.15, 2)
    explorer.set(differentiation=low)
    assert explorer.plot.params["differentiation"] == low  # set() moves the page's dial
    outcome = judge(expected_run(explorer, low))
    assert outcome.kind == "oscillating"
    text = explorer.readout.value
    assert "Oscillating" in text
    assert "below the tipping point" in text
    assert f"every {outcome.period:.1f} days" in text
    assert f"amplitude {outcome.amplitude:.2f}" in text


def test_swings_that_die_out_are_called_settling():
    run = simulate(both_partners(), (0, 120), {"differentiation": tipping_point().value + 0.02})
    sustained = simulate(both_partners(), (0, 120), {"differentiation": 0.2})
    assert judge(run).kind == "settling"
    assert judge(sustained).kind == "oscillating"


def test_balance_point_sits_on_the_branch_and_shows_its_stability(explorer, hopf):
    branch = explorer.branch
    node = int(np.argmin(np.abs(branch.values - 0.6)))
    explorer.set(differentiation=float(branch.values[node]))
    stable_point, unstable_point = (
        phase(explorer, "balance (stable)"),
        phase(explorer, "balance (unstable)"),
    )
    assert stable_point.x[0] == pytest.approx(branch["closeness_A"][node])
    assert stable_point.y[0] == pytest.approx(branch["sense_of_self_A"][node])
    assert len(unstable_point.x) == 0
    explorer.set(differentiation=round(hopf - 0.1, 2))
    assert len(stable_point.x) == 0
    assert len(unstable_point.x) == 1
    assert balance_point(branch, 0.5).stable
    assert not balance_point(branch, 0.2).stable
    assert balance_point(branch, 1.5) is None  # the branch does not reach there


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"differentiation": 1.5}, "outside its allowed range"),
        ({"differentiation": float("nan")}, "not a finite number"),
        ({"differentiation": 0.3, "depth_A": 7}, "'depth_A' = 7 is outside"),
        ({"differentiaton": 0.3}, "did you mean 'differentiation'"),
    ],
)
def test_bad_values_are_refused_whole_and_leave_the_plots_alone(explorer, values, message):
    before = list(diagram(explorer, "dial").x)
    with pytest.raises(BadInputError, match=message):
        explorer.set(**values)
    assert message in html.unescape(explorer.readout.value)
    assert list(diagram(explorer, "dial").x) == before
    assert explorer.value == 0.7
    assert explorer.plot.params["differentiation"] == 0.7


def test_a_settled_value_the_kernel_cannot_use_is_said_and_changes_nothing(explorer):
    before = explorer.current
    with pytest.raises(ParameterError):
        settle(explorer, 1.5)  # the page's control refuses it first; the kernel too
    assert explorer.current is before


def test_other_parameters_recompute_the_diagram_for_them(explorer):
    explorer.set(tau_self=8.0)
    expected = orbit_diagram(
        both_partners(),
        {"tau_self": 8.0},
        "differentiation",
        np.linspace(0, 1, RESOLUTION),
        "closeness_A",
        t_span=(0.0, DAYS),
        n_points=301,
    )
    np.testing.assert_array_equal(diagram(explorer, "highest").y, expected.maxima)
    np.testing.assert_array_equal(
        explorer.trajectory["closeness_A"], expected_run(explorer, 0.7, tau_self=8.0)["closeness_A"]
    )
    assert explorer.plot.params["tau_self"] == 8.0


def test_bad_construction_is_refused_clearly():
    with pytest.raises(BadInputError, match=r"setting 'resolution' = 1 is outside .*\[3, 401\]"):
        BifurcationExplorer(resolution=1)
    with pytest.raises(BadInputError, match=r"setting 'days' = 5 is outside"):
        BifurcationExplorer(days=5)
    with pytest.raises(ParameterError, match="set the dial"):
        BifurcationExplorer(params={"differentiation": 0.3})
    with pytest.raises(ParameterError, match="nope"):
        BifurcationExplorer(params={"nope": 1.0})
    with pytest.raises(ParameterError, match="outside its allowed range"):
        BifurcationExplorer(1.5)


def test_reset_export_and_settings_round_trip(explorer):
    explorer.set(differentiation=0.3)
    saved = explorer.scenario("mine").to_json()
    explorer.reset_button.click()
    assert explorer.value == 0.7
    assert list(diagram(explorer, "dial").x) == [0.7, 0.7]
    explorer.load(saved)
    assert explorer.value == 0.3
    rows = explorer.to_csv().splitlines()
    assert "closeness_A" in rows[0].split(",")
    assert len(rows) == 1 + explorer.trajectory.t.size


def test_predict_step_answers_from_the_model_and_moves_the_dial(explorer, hopf):
    low, high = round(hopf - 0.15, 2), round(hopf + 0.25, 2)
    swinging, steady = explorer.predict(low), explorer.predict(high)
    assert swinging.answer == "it keeps swinging up and down"
    assert steady.answer == "it settles at a steady level"
    swinging.choice.value = swinging.answer
    swinging.reveal()
    assert swinging.correct
    assert explorer.value == low
    assert "Oscillating" in explorer.readout.value


def test_settled_dial_fuzz_every_end_and_random_values(explorer, rng):
    for value in (0.0, 1.0, *np.round(rng.uniform(0, 1, 8), 3)):
        settle(explorer, float(value))
        run = expected_run(explorer, float(value))
        np.testing.assert_array_equal(phase(explorer, "path").y, run["sense_of_self_A"])
        assert list(diagram(explorer, "dial").x) == [value, value]
        for figure in explorer.figures.values():
            for trace in figure.data:
                if trace.meta not in ("steady (stable)", "steady (unstable)"):  # NaN: gaps
                    assert np.all(np.isfinite(np.asarray(trace.y, float))), (value, trace.meta)
        assert "nan" not in explorer.readout.value.lower()
        assert "Cannot" not in explorer.readout.value, value
