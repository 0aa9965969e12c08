"""The phase-plane explorer: classified equilibria, clicks start runs, controls redraw."""

import numpy as np
import pytest

from intimacy_dynamics import simulate
from intimacy_dynamics.classic import rhett_scarlett, strogatz
from intimacy_dynamics.widgets import PhasePlaneExplorer


def test_equilibria_and_nullclines_of_the_cautious_lovers():
    explorer = PhasePlaneExplorer(strogatz(a=-1.0, b=2.0, c=2.0, d=-1.0))
    assert [e.kind for e in explorer.equilibria] == ["saddle"]
    model = explorer.model
    names = {t.name for t in explorer.figure.data}
    for state in ("R", "J"):
        assert f"{model.state_specs[state].display_label} does not change" in names
    assert "saddle" in explorer.message.value


def test_a_click_starts_the_trajectory_the_model_predicts():
    model = strogatz(a=-2.0, b=1.0, c=1.0, d=-2.0)
    explorer = PhasePlaneExplorer(model)
    explorer.click(0.8, -0.3)
    expected = simulate(model, explorer.t_span, y0={"R": 0.8, "J": -0.3}, n_points=601)
    drawn = next(t for t in explorer.figure.data if t.name == "trajectory")
    np.testing.assert_array_equal(drawn.x, expected["R"])
    np.testing.assert_array_equal(drawn.y, expected["J"])
    explorer.clear()
    assert all(len(t.x) == 0 for t in explorer.figure.data if t.name == "trajectory")


def test_moving_a_parameter_redraws_and_reruns():
    explorer = PhasePlaneExplorer(rhett_scarlett(), starts=[(0.5, 3.0)])
    before = [e.state for e in explorer.equilibria]
    explorer.controls[explorer.model.param_names[0]].value = 4.0
    assert [e.state for e in explorer.equilibria] != before
    drawn = next(t for t in explorer.figure.data if t.name == "trajectory")
    assert len(drawn.x) == 601
    assert drawn.x[-1] == pytest.approx(explorer.runs[0][explorer.x][-1])
