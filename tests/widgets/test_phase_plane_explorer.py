"""The phase-plane explorer: classified equilibria, clicks start runs, controls redraw."""

import numpy as np
import pytest

from intimacy_dynamics import BadInputError, ParameterError, simulate
from intimacy_dynamics.analysis.phase_plane import nullclines
from intimacy_dynamics.analysis.steady_states import equilibria
from intimacy_dynamics.classic import rhett_scarlett, strogatz
from intimacy_dynamics.errors import IntimacyDynamicsError
from intimacy_dynamics.widgets import PhasePlaneExplorer
from intimacy_dynamics.widgets.phase_plane import MAX_RUNS


def traces(explorer, name):
    return next(t for t in explorer.figure.data if t.meta == name)


def runs_drawn(explorer):
    return [t for t in explorer.figure.data if t.name == "trajectory"]


def test_equilibria_and_nullclines_of_the_cautious_lovers():
    model = strogatz(a=-1.0, b=2.0, c=2.0, d=-1.0)
    explorer = PhasePlaneExplorer(model)
    assert [e.kind for e in explorer.equilibria] == ["saddle"]
    names = {t.name for t in explorer.figure.data}
    for state in ("R", "J"):
        assert f"{model.state_specs[state].display_label} does not change" in names
    assert "saddle" in explorer.readout.value
    plane = nullclines(model, None, "R", "J", grid=121)
    for state in ("R", "J"):
        xs, ys = plane.nullcline_lines(state)
        drawn = traces(explorer, state)
        assert list(drawn.x) == xs
        assert list(drawn.y) == ys
    box = {n: model.state_specs[n].soft for n in ("R", "J")}
    saddle = equilibria(model, box=box, n_starts=32)[0]
    assert list(traces(explorer, "unstable").x) == [saddle.state["R"]]
    assert len(traces(explorer, "stable").x) == 0


def test_a_click_starts_the_trajectory_the_model_predicts():
    model = strogatz(a=-2.0, b=1.0, c=1.0, d=-2.0)
    explorer = PhasePlaneExplorer(model)
    explorer.click(0.8, -0.3)
    expected = simulate(model, explorer.t_span, y0={"R": 0.8, "J": -0.3}, n_points=601)
    drawn = runs_drawn(explorer)[0]
    np.testing.assert_array_equal(drawn.x, expected["R"])
    np.testing.assert_array_equal(drawn.y, expected["J"])
    assert all(len(t.x) == 0 for t in runs_drawn(explorer)[1:])
    explorer.clear()
    assert all(len(t.x) == 0 for t in runs_drawn(explorer))
    assert explorer.runs == []


def test_clicks_keep_the_last_runs_only():
    explorer = PhasePlaneExplorer(strogatz(), starts=[(0.1 * k, 0.0) for k in range(1, 4)])
    for k in range(MAX_RUNS):
        explorer.click(-0.5, 0.05 * (k + 1))
    assert len(explorer.runs) == MAX_RUNS
    assert explorer.starts[0] == (-0.5, 0.05)
    assert runs_drawn(explorer)[0].y[0] == 0.05


def test_moving_a_parameter_redraws_and_reruns():
    explorer = PhasePlaneExplorer(rhett_scarlett(), starts=[(0.5, 3.0)])
    before = [e.state for e in explorer.equilibria]
    name = explorer.model.param_names[0]
    explorer.controls[name].value = 4.0
    assert [e.state for e in explorer.equilibria] != before
    drawn = runs_drawn(explorer)[0]
    assert len(drawn.x) == 601
    expected = simulate(
        explorer.model,
        explorer.t_span,
        {name: 4.0},
        y0={**explorer.plane.held, "R": 0.5, "S": 3.0},
        n_points=601,
        check_bounds=False,
    )
    np.testing.assert_array_equal(drawn.x, expected[explorer.x])


def test_a_change_sends_one_message_to_the_plane(monkeypatch):
    explorer = PhasePlaneExplorer(strogatz(), starts=[(1.0, 0.0)])
    sent = []
    for kind in ("restyle", "update", "relayout", "addTraces", "deleteTraces"):
        monkeypatch.setattr(explorer.figure, f"_send_{kind}_msg", lambda *a, **k: sent.append(1))
    explorer.set(a=0.5, b=-1.0)
    assert sent == [1]
    explorer.click(0.5, 0.5)
    assert sent == [1, 1]


def test_bad_values_are_refused_and_nothing_moves():
    explorer = PhasePlaneExplorer(strogatz(), starts=[(1.0, 0.0)])
    before = (explorer.current, explorer.result, list(runs_drawn(explorer)[0].x))
    with pytest.raises(ParameterError, match="'a' = 99"):
        explorer.set(a=99, b=0.5)
    assert explorer.current is before[0]
    assert explorer.result is before[1]
    assert "outside its allowed range" in explorer.readout.value
    explorer.controls["b"].box.value = -99.0  # typed out of bounds: refused, the box goes back
    assert explorer.controls["b"].value == explorer.current["b"]
    with pytest.raises(BadInputError, match="setting 'grid' = 5 is outside"):
        explorer.set(grid=5)
    assert list(runs_drawn(explorer)[0].x) == before[2]
    explorer.set(grid=61)
    assert len(explorer.plane.xs) == 61


def test_a_click_that_cannot_run_leaves_the_runs_as_they_were():
    explorer = PhasePlaneExplorer(strogatz(), starts=[(1.0, 0.0)])
    with pytest.raises(IntimacyDynamicsError, match="nan"):
        explorer.click(float("nan"), 0.0)  # said in the readout, and nothing kept
    assert explorer.starts == [(1.0, 0.0)]
    assert len(explorer.runs) == 1
    assert "Cannot start there" in explorer.readout.value


def test_parameter_fuzz_never_draws_nan(rng):
    explorer = PhasePlaneExplorer(strogatz(), starts=[(1.0, 0.0), (-0.5, 0.5)])
    for _ in range(20):
        name = explorer.model.param_names[rng.integers(4)]
        low, high = explorer.model.param_specs[name].soft
        explorer.set(**{name: float(rng.uniform(low, high))})
        for trace in runs_drawn(explorer)[:2]:
            assert np.all(np.isfinite(trace.y))
        assert "Cannot" not in explorer.readout.value
