"""The explorer contract: one set() that is all or nothing, controls that refuse instead
of clamping, one readout for every failure, and settings declared like parameters."""

from dataclasses import replace
from typing import ClassVar

import ipywidgets
import numpy as np
import pytest
import sympy

from intimacy_dynamics import BadInputError, IntegrationError, Model, Param, Setting, State
from intimacy_dynamics.widgets import Choice, Explorer
from intimacy_dynamics.widgets.figures import named_widget, send


def decay():
    x, k = sympy.symbols("x k")
    return Model.from_equations(
        {x: -k * x},
        params={k: Param(0.5, bounds=(0, 2))},
        states={"x": State(1.0, bounds=(0, 2))},
        t_span=(0, 10),
        name="Decay",
    )


class Sampler(Explorer):
    """A toy explorer: the run sampled at ``points`` times, and a failure on demand."""

    own_settings: ClassVar[dict[str, Setting]] = {
        "points": Setting(5, bounds=(2, 50), step=1, integer=True, label="Samples"),
        "scale": Setting(1.0, bounds=(0.5, 2.0), label="Scale"),
    }
    computed = 0

    def compute(self, settings):
        Sampler.computed += 1
        if settings["k"] == 1.5:
            raise IntegrationError("refused on purpose at k = 1.5")
        run = self.simulate(settings, n_points=settings["points"])
        return run

    def build(self, result):
        import plotly.graph_objects as go

        fig = go.Figure(go.Scatter(x=result.t, y=result["x"]))
        return {"samples": named_widget(fig, ["x"])}

    def traces(self, result):
        return {"samples": {"x": {"x": result.t, "y": result["x"] * self.current["scale"]}}}

    def describe(self, result):
        return f"x ends at {result['x'][-1]:.3f}"


@pytest.fixture
def explorer():
    return Sampler(decay(), controls=["k"], initial=["x"])


def test_a_change_recomputes_draws_by_trace_name_and_describes(explorer):
    explorer.set(k=1.0, points=11, scale=2.0)
    figure = explorer.figures["samples"]
    assert len(figure.data[0].x) == 11
    np.testing.assert_allclose(figure.data[0].y[-1], 2 * np.exp(-10), rtol=1e-3)
    assert explorer.readout.value == f"x ends at {explorer.result['x'][-1]:.3f}"
    assert explorer.controls["k"].value == 1.0
    assert explorer.own_controls["points"].value == 11


def test_a_refused_change_moves_nothing_and_says_why(explorer):
    before = (explorer.current, explorer.result, explorer.figures["samples"].data[0].y)
    with pytest.raises(IntegrationError, match="on purpose"):
        explorer.set(k=1.5, points=20)  # the compute fails: nothing at all changes
    assert explorer.current is before[0]
    assert explorer.result is before[1]
    assert explorer.own_controls["points"].value == 5
    assert "on purpose" in explorer.readout.value
    with pytest.raises(BadInputError, match=r"setting 'points' = 7.5 must be one of 2, 3"):
        explorer.set(points=7.5)
    with pytest.raises(BadInputError, match="unknown setting 'ponits'"):
        explorer.set(ponits=7)


def test_a_typed_value_outside_the_bounds_is_refused_and_the_box_goes_back(explorer):
    box = explorer.controls["k"].box
    box.value = 7.0  # a bounded box would have clamped this to 2 without a word
    assert box.value == 0.5
    assert explorer.current["k"] == 0.5
    assert "parameter &#x27;k&#x27; = 7" in explorer.readout.value
    assert "[0, 2]" in explorer.readout.value
    explorer.own_controls["points"].box.value = 500
    assert explorer.own_controls["points"].value == 5
    assert "setting &#x27;points&#x27; = 500" in explorer.readout.value


def test_a_control_change_that_fails_to_compute_goes_back_too(explorer):
    explorer.controls["k"].box.value = 1.5
    assert explorer.controls["k"].value == 0.5
    assert explorer.current["k"] == 0.5
    assert "on purpose" in explorer.readout.value


def test_loading_is_all_or_nothing_and_any_failure_reaches_the_readout(explorer):
    explorer.settings_box.value = '{"name": "x", "model": "Decay", "params": {"k": 1.5}}'
    explorer._guarded(lambda: explorer.load(explorer.settings_box.value), "Cannot load")()
    assert explorer.current["k"] == 0.5
    assert "on purpose" in explorer.readout.value
    deep = "[" * 100_000 + "]" * 100_000
    explorer._guarded(lambda: explorer.load(deep), "Cannot load")()
    assert "nested" in explorer.readout.value or "deep" in explorer.readout.value

    def broken():
        raise ZeroDivisionError("a bug")

    explorer._guarded(broken, "Something broke")()  # never a traceback
    assert "Something broke" in explorer.readout.value
    assert "a bug" in explorer.readout.value


def test_settings_round_trip_and_reset(explorer):
    explorer.set(k=1.2, x=0.4)
    saved = explorer.scenario("mine").to_json()
    explorer.reset()
    assert explorer.current["k"] == 0.5
    explorer.load(saved)
    assert (explorer.current["k"], explorer.current["x"]) == (1.2, 0.4)
    assert explorer.scenario("mine").to_json() == saved


def test_one_change_computes_once(explorer):
    before = Sampler.computed
    explorer.set(k=0.8, points=9, scale=1.5)
    assert Sampler.computed == before + 1


def test_runs_obey_the_slider_budget():
    x, v, w = sympy.symbols("x v w")
    spring = Model.from_equations(
        {x: v, v: -(w**2) * x},
        params={w: Param(1.0, bounds=(0.1, 10))},
        states={"x": State(1.0, bounds=(-2, 2)), "v": State(0.0, bounds=(-20, 20))},
        t_span=(0, 20),
        name="Spring",
    )

    class Runs(Explorer):
        def compute(self, settings):
            return self.simulate(settings)

    explorer = Runs(spring, controls=["w"])
    assert 0 < explorer.result.solver["evaluations"] <= 20_000
    with pytest.raises(IntegrationError, match="budget"):  # a million cycles: refused, fast
        explorer.load('{"name": "long", "model": "Spring", "t_span": [0, 1e7]}')
    assert explorer.t_span == (0.0, 20.0)


def test_own_settings_are_declared_like_parameters():
    points = Sampler.own_settings["points"].named("points")
    assert (points.bounds, points.step, points.label) == ((2.0, 50.0), 1.0, "Samples")
    assert points.check(7) == 7
    with pytest.raises(BadInputError, match=r"setting 'points' = 60 is outside .* \[2, 50\]"):
        points.check(60)


class Toggled(Sampler):
    """The sampler with choices: a toggle and a choice of numbers (both at once refused)."""

    own_settings: ClassVar[dict] = {
        **Sampler.own_settings,
        "doubled": Choice((False, True), label="Double it"),
        "offset": Choice((0.0, 0.5, 1.0), label="Offset", unit="x"),
    }

    def compute(self, settings):
        if settings["doubled"] and settings["offset"] == 0.5:
            raise IntegrationError("doubled with offset 0.5 is refused on purpose")
        return super().compute(settings)

    def traces(self, result):
        now = self.current
        y = result["x"] * (2 if now["doubled"] else 1) + now["offset"]
        return {"samples": {"x": {"x": result.t, "y": y}}}


def test_a_choice_is_a_setting_of_a_few_values_all_or_nothing():
    explorer = Toggled(decay(), controls=["k"])
    toggle, offset = explorer.own_controls["doubled"], explorer.own_controls["offset"]
    assert isinstance(toggle.widget, ipywidgets.ToggleButton)
    assert isinstance(offset.widget, ipywidgets.SelectionSlider)
    assert offset.widget.description == "Offset (x)"
    explorer.set(doubled=True, offset=1)  # 1 is the option 1.0
    assert (toggle.value, offset.value) == (True, 1.0)
    np.testing.assert_allclose(explorer.figures["samples"].data[0].y[0], 3.0)
    before = explorer.current
    with pytest.raises(BadInputError, match=r"setting 'doubled' = 1 must be one of False, True"):
        explorer.set(doubled=1, k=0.9)  # a number is not a toggle: nothing moves
    with pytest.raises(BadInputError, match=r"setting 'offset' = 0.25 must be one of 0, 0.5, 1"):
        explorer.set(offset=0.25)
    assert explorer.current is before
    assert "must be one of" in explorer.readout.value


def test_a_choice_changed_in_its_control_goes_through_set_and_back_on_failure():
    explorer = Toggled(decay(), controls=["k"])
    before = Sampler.computed
    explorer.own_controls["doubled"].value = True  # what pressing the toggle does
    assert explorer.current["doubled"] is True
    assert Sampler.computed == before + 1
    explorer.own_controls["offset"].value = 0.5  # refused by compute: the slider goes back
    assert explorer.own_controls["offset"].value == 0.0
    assert explorer.current["offset"] == 0.0
    assert "refused on purpose" in explorer.readout.value


def test_send_leaves_what_a_trace_does_not_give_as_it_is(monkeypatch):
    import plotly.graph_objects as go
    from plotly.basedatatypes import Undefined

    fig = go.Figure([go.Heatmap(z=[[0, 1], [1, 0]]), go.Scatter(x=[0, 1], y=[0, 1])])
    widget = named_widget(fig, ["map", "line"])
    sent = []
    monkeypatch.setattr(widget, "_send_restyle_msg", lambda *a, **k: sent.append(a))
    send(widget, {"map": {"z": [[1, 1], [1, 1]]}, "line": {"x": [0, 2], "y": [3, 4]}})
    assert len(sent) == 1
    np.testing.assert_array_equal(widget.data[0].z, [[1, 1], [1, 1]])
    assert list(widget.data[1].y) == [3, 4]
    assert widget.data[0].x is None  # the heatmap was not given an x
    restyle = sent[0][0]
    assert restyle["x"][0] is Undefined  # which the page reads as "leave it"
    assert restyle["z"][1] is Undefined


def test_live_panels_take_titles_and_lines_their_own_look():
    explorer = Sampler(
        decay(),
        controls=["k"],
        live=[("The level, decaying", ["x"])],
        live_styles={"x": {"name": "the level", "line": {"color": "#000000", "dash": "dot"}}},
    )
    figure = explorer.plot.figure
    assert figure["names"] == ["x"]
    assert figure["layout"]["annotations"][0]["text"] == "The level, decaying"
    trace = figure["traces"][0]
    assert (trace["name"], trace["line"]["dash"], trace["showlegend"]) == ("the level", "dot", True)


class Mapped(Sampler):
    """The sampler with an on-demand analysis: the run's end for a grid of k (slow)."""

    analysed = 0

    def analyse(self, settings):
        Mapped.analysed += 1
        if settings["scale"] == 2.0:
            raise IntegrationError("no analysis at scale 2, on purpose")
        return [settings["x"] * np.exp(-k * 10) for k in (0.5, 1.0)]

    def analysis_key(self, settings):
        return settings["x"], settings["scale"]  # k is the analysis's own axis


def test_an_on_demand_analysis_is_computed_when_built_loaded_reset_or_refreshed():
    explorer = Mapped(decay(), controls=["k"], initial=["x"])
    assert Mapped.analysed == 1
    assert explorer.analysis_is_current(explorer.current)
    explorer.set(k=1.2)  # the analysis does not depend on k: still current, not redone
    explorer.set(x=0.5)
    assert Mapped.analysed == 1
    assert not explorer.analysis_is_current(explorer.current)
    explorer.refresh()
    assert Mapped.analysed == 2
    assert explorer.analysis == pytest.approx([0.5 * np.exp(-5), 0.5 * np.exp(-10)])
    saved = explorer.scenario().to_json()
    explorer.reset()
    assert Mapped.analysed == 3
    assert explorer.analysis_is_current(explorer.current)
    explorer.load(saved)
    assert Mapped.analysed == 4
    assert explorer.analysis[0] == pytest.approx(0.5 * np.exp(-5))


def test_an_analysis_that_fails_changes_nothing():
    explorer = Mapped(decay(), controls=["k"], initial=["x"])
    explorer.set(scale=2.0)  # the analysis waits for a refresh
    before = (explorer.current, explorer.result, explorer.analysis)
    with pytest.raises(IntegrationError, match="on purpose"):
        explorer.refresh("Cannot analyse")
    assert (explorer.current, explorer.result, explorer.analysis) == before
    assert "Cannot analyse" in explorer.readout.value
    assert not explorer.analysis_is_current(explorer.current)


class Derived(Sampler):
    """The sampler with a mode that implies its scale (derive), and a mode compute refuses."""

    own_settings: ClassVar[dict] = {
        **Sampler.own_settings,
        "mode": Choice(("plain", "doubled", "broken"), label="Mode"),
    }

    def compute(self, settings):
        if settings["mode"] == "broken":
            raise IntegrationError("the broken mode is refused on purpose")
        return super().compute(settings)

    def derive(self, settings, changed):
        if "mode" in changed and "scale" not in changed:
            scale = 2.0 if settings["mode"] == "doubled" else 1.0
            return replace(settings, own={**settings.own, "scale": scale})
        return settings


def test_derived_settings_follow_a_choice_and_what_is_given_wins():
    explorer = Derived(decay(), controls=["k"])
    explorer.set(mode="doubled")
    assert (explorer.current["scale"], explorer.own_controls["scale"].value) == (2.0, 2.0)
    explorer.set(mode="plain", scale=1.5)
    assert explorer.current["scale"] == 1.5
    explorer.own_controls["mode"].value = "doubled"  # from the control: the same path
    assert explorer.own_controls["scale"].value == 2.0
    before = explorer.current
    explorer.own_controls["mode"].value = "broken"  # refused: the buttons go back
    assert explorer.own_controls["mode"].value == "doubled"
    assert explorer.current is before


def test_starting_values_are_checked_like_set_and_reset_returns_to_them():
    started = Derived(decay(), mode="doubled", points=9)
    assert (started.current["scale"], started.current["points"]) == (2.0, 9)
    started.set(mode="plain")
    started.reset()
    assert started.current["mode"] == "doubled"
    with pytest.raises(BadInputError, match="unknown setting 'k'"):
        Derived(decay(), k=1.0)  # a parameter is not a starting setting


def test_a_refused_slider_move_puts_the_slider_back(explorer):
    control = explorer.controls["k"]
    explorer.set(k=1.0)
    control.slider.value = 1.5  # the compute refuses k = 1.5
    assert (control.value, control.slider.value) == (1.0, 1.0)
    assert explorer.current["k"] == 1.0


class Slow(Sampler):
    """Sampler computed on a button, with settings whose bounds depend on an argument."""

    run_label = "Draw"

    def __init__(self, model, most: int, **options):
        self.own_settings = {
            **Sampler.own_settings,
            "points": Setting(5, bounds=(2, most), step=1, integer=True),
            "weight_A": Setting(1.0, bounds=(0, 2)).named("weight", "A"),
        }
        super().__init__(model, controls=["k"], **options)


def test_a_slow_explorer_shows_changes_and_computes_on_its_button():
    slow = Slow(decay(), most=8)
    result = slow.result
    assert slow.own_controls["weight_A"].spec.partner == "A"  # declared per partner, kept
    slow.own_controls["points"].box.value = 7
    slow.controls["k"].box.value = 1.0
    assert slow.result is result  # nothing computed yet
    assert slow.current["points"] == 5
    assert "press <b>Draw</b>" in slow.readout.value
    slow.own_controls["points"].box.value = 9  # beyond this instance's bound: refused now
    assert slow.own_controls["points"].value == 7
    assert "[2, 8]" in slow.readout.value
    slow.run_button.click()
    assert (slow.current["points"], slow.current["k"]) == (7, 1.0)
    assert len(slow.figures["samples"].data[0].x) == 7
    slow.controls["k"].box.value = 1.5  # shown, but the compute refuses it
    slow.run_button.click()
    assert "on purpose" in slow.readout.value
    assert slow.current["k"] == 1.0
    assert slow.run_button.description == "Draw"
    slow.set(k=0.8)  # set() computes at once, from what the controls show
    assert slow.current["k"] == 0.8
    assert slow.pending is None


def test_an_explorer_without_a_model_refuses_a_scenario():
    class Counter(Explorer):
        own_settings: ClassVar[dict] = {"n": Setting(3, bounds=(1, 9), step=1, integer=True)}

        def compute(self, settings):
            return settings["n"]

    counter = Counter()
    with pytest.raises(BadInputError, match="has no model"):
        counter.load('{"name": "x", "model": "Decay"}')
    assert counter.current["n"] == 3
