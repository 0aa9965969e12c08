"""The bifurcation explorer without a browser: the dial drives every figure with the model's
numbers, the diagram is the analysis toolkit's, and bad input shows a message."""

import base64
import html
import re

import numpy as np
import pytest

from intimacy_dynamics import simulate
from intimacy_dynamics.analysis import continuation, orbit_diagram
from intimacy_dynamics.errors import BadInputError, ParameterError
from intimacy_dynamics.intimacy.fusion import both_partners, judge, tipping_point
from intimacy_dynamics.widgets import BifurcationExplorer

DAYS, RESOLUTION = 60.0, 9


@pytest.fixture(scope="module")
def hopf():
    return tipping_point().value


@pytest.fixture
def explorer():
    return BifurcationExplorer(0.7, resolution=RESOLUTION, days=DAYS)


def expected_run(explorer, value):
    return simulate(
        both_partners(), (0.0, DAYS), {"differentiation": value}, **explorer.simulation_options
    )


def test_the_dial_redraws_exactly_what_simulate_returns(explorer):
    explorer.controls["differentiation"].slider.value = 0.25
    run = expected_run(explorer, 0.25)
    names = ("closeness_A", "closeness_B", "sense_of_self_A", "sense_of_self_B")
    for k, name in enumerate(names):
        np.testing.assert_array_equal(explorer.time_figure.data[k].y, run[name])
    path = explorer.phase_figure.data[0]
    np.testing.assert_array_equal(path.x, run["closeness_A"])
    np.testing.assert_array_equal(path.y, run["sense_of_self_A"])
    assert explorer.phase_figure.data[2].x[0] == run["closeness_A"][-1]


def test_the_marker_on_the_diagram_moves_with_the_dial(explorer):
    line, late = explorer.diagram_figure.data[5], explorer.diagram_figure.data[6]
    assert list(line.x) == [0.7, 0.7]
    explorer.controls["differentiation"].box.value = 0.25
    assert list(line.x) == [0.25, 0.25]
    outcome = judge(expected_run(explorer, 0.25))
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
    highest, lowest = explorer.diagram_figure.data[3], explorer.diagram_figure.data[4]
    np.testing.assert_array_equal(highest.x, values)
    np.testing.assert_array_equal(highest.y, expected.maxima)
    np.testing.assert_array_equal(lowest.y, expected.minima)


def test_the_branch_is_what_continuation_returns_with_the_hopf_marked(explorer):
    branch = continuation(both_partners(), None, "differentiation", (1.0, 0.0))
    stable, unstable, star = explorer.diagram_figure.data[:3]
    np.testing.assert_array_equal(stable.x, branch.values)
    level = branch["closeness_A"]
    np.testing.assert_allclose(np.asarray(stable.y, float)[branch.stable], level[branch.stable])
    np.testing.assert_allclose(np.asarray(unstable.y, float)[~branch.stable], level[~branch.stable])
    assert branch.stable.any()
    assert (~branch.stable).any()
    assert star.x[0] == pytest.approx(branch.hopfs[0].value)
    assert star.y[0] == pytest.approx(branch.hopfs[0].state["closeness_A"])


def test_one_dial_move_sends_one_message_per_figure(explorer, monkeypatch):
    sent = []
    figures = {
        "diagram": explorer.diagram_figure,
        "time": explorer.time_figure,
        "phase": explorer.phase_figure,
    }
    for name, fig in figures.items():
        for kind in ("restyle", "update", "relayout", "addTraces", "deleteTraces"):
            monkeypatch.setattr(fig, f"_send_{kind}_msg", lambda *a, _n=name, **k: sent.append(_n))
    explorer.set(differentiation=0.3)
    assert sorted(sent) == ["diagram", "phase", "time"]


def test_readout_says_steady_above_and_oscillating_below_the_tipping_point(explorer, hopf):
    explorer.set(differentiation=round(hopf + 0.25, 2))
    assert "Steady" in explorer.readout.value
    assert "above the tipping point" in explorer.readout.value
    low = round(hopf - 0.15, 2)
    explorer.set(differentiation=low)
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
    stable_point, unstable_point = explorer.phase_figure.data[3:5]
    assert stable_point.x[0] == pytest.approx(branch["closeness_A"][node])
    assert stable_point.y[0] == pytest.approx(branch["sense_of_self_A"][node])
    assert len(unstable_point.x) == 0
    explorer.set(differentiation=round(hopf - 0.1, 2))
    assert len(stable_point.x) == 0
    assert len(unstable_point.x) == 1


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"differentiation": 1.5}, "outside its allowed range"),
        ({"differentiation": float("nan")}, "not a finite number"),
        ({"depth_A": 0.5}, "only 'differentiation' can be set"),
    ],
)
def test_bad_values_show_a_message_and_leave_the_plots_alone(explorer, values, message):
    before = list(explorer.diagram_figure.data[5].x)
    explorer.set(**values)
    assert message in html.unescape(explorer.readout.value)
    assert list(explorer.diagram_figure.data[5].x) == before
    assert explorer.value == 0.7


def test_bad_construction_is_refused_clearly():
    with pytest.raises(BadInputError, match="resolution"):
        BifurcationExplorer(resolution=1)
    with pytest.raises(ParameterError, match="set the dial"):
        BifurcationExplorer(params={"differentiation": 0.3})
    with pytest.raises(ParameterError, match="nope"):
        BifurcationExplorer(params={"nope": 1.0})


def test_reset_and_export_buttons(explorer):
    explorer.set(differentiation=0.3)
    explorer.buttons["reset"].click()
    assert explorer.value == 0.7
    assert list(explorer.diagram_figure.data[5].x) == [0.7, 0.7]
    explorer.buttons["export"].click()
    payload = re.search(r"base64,([^\"]+)", explorer.download.value).group(1)
    lines = base64.b64decode(payload).decode().splitlines()
    assert lines[0].startswith("t,")
    assert "closeness_A" in lines[0].split(",")
    assert len(lines) == 1 + explorer.trajectory.t.size


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
