"""The stress-buffering explorer without a browser: controls drive the model's own numbers."""

import numpy as np
import pytest

from intimacy_dynamics import ParameterError, Pulse, simulate
from intimacy_dynamics.errors import BadInputError
from intimacy_dynamics.intimacy import catalog, phenomena
from intimacy_dynamics.intimacy.phenomena import STRESS_COUPLES as DEFAULT_COUPLES
from intimacy_dynamics.intimacy.phenomena import stress_response
from intimacy_dynamics.simulation.scenario import Scenario, ScenarioError
from intimacy_dynamics.widgets import StressBufferingExplorer
from tests.widgets.page import count_messages

INTIMATE, DISTANT = DEFAULT_COUPLES


@pytest.fixture(scope="module")
def built():
    return StressBufferingExplorer()


@pytest.fixture
def explorer(built):
    built.set(stress_size=1.0, stress_start=150.0, stress_duration=3.0, buffering=0.8)
    built.set(loneliness_distress=0.3)
    return built


def expected_run(explorer, label, pulse, **params):
    scenario = catalog.load(DEFAULT_COUPLES[label])
    return simulate(
        phenomena.model(),
        (0.0, float(explorer.trace("distress", label).x[-1])),
        {**scenario.params, **params},
        y0=scenario.y0,
        t_eval=np.asarray(explorer.trace("distress", label).x),
        inputs={"stress_A": pulse},
        rtol=1e-4,
        atol=1e-7,
    )


def assert_figure_shows(explorer, pulse, **params):
    for label in (INTIMATE, DISTANT):
        run = expected_run(explorer, label, pulse, **params)
        for kind in ("distress", "intimacy", "loneliness"):
            np.testing.assert_array_equal(explorer.trace(kind, label).y, run[f"{kind}_A"])
    np.testing.assert_array_equal(explorer.trace("stress").y, run["stress_A"])


def test_the_first_figure_shows_the_p15_scenarios(explorer):
    assert explorer.pulse() == catalog.load("P15_stress_high_intimacy").inputs["stress_A"]
    assert_figure_shows(explorer, Pulse(start=150.0, duration=3.0, amplitude=1.0))
    assert tuple(explorer.figure.layout.xaxis.range) == (140.0, 183.0)


def test_moving_the_stress_sliders_redraws_the_new_event(explorer):
    explorer.own_controls["stress_size"].slider.value = 0.6
    explorer.own_controls["stress_duration"].box.value = 7.0
    explorer.own_controls["stress_start"].slider.value = 40.0
    pulse = Pulse(start=40.0, duration=7.0, amplitude=0.6)
    assert_figure_shows(explorer, pulse)
    times = np.asarray(explorer.trace("distress", INTIMATE).x)
    window = times[(times >= 30.0) & (times <= 77.0)]
    assert (window[0], window[-1]) == (30.0, 77.0)
    assert np.max(np.diff(window)) < 0.35  # dense where the readout measures
    assert tuple(explorer.figure.layout.xaxis3.range) == (30.0, 77.0)
    assert explorer.trace("stress").y.max() == pytest.approx(0.6)


def test_a_late_long_event_extends_the_run_to_show_the_recovery(explorer):
    explorer.set(stress_start=200.0, stress_duration=20.0)
    assert explorer.trace("distress", DISTANT).x[-1] == pytest.approx(250.0)
    assert all(r.recovered for r in explorer.responses.values())


def test_buffering_off_reverses_the_ordering(explorer):
    intimate, distant = explorer.responses.values()
    assert intimate.rise < distant.rise - 0.05
    assert intimate.days_above < distant.days_above
    assert "is buffered" in explorer.readout.value
    explorer.controls["buffering"].slider.value = 0.0
    assert_figure_shows(explorer, Pulse(150.0, 3.0, 1.0), buffering=0.0)
    intimate, distant = explorer.responses.values()
    assert intimate.rise > distant.rise + 0.05
    assert "not</b> protected" in explorer.readout.value


def test_the_threshold_lies_0_1_above_the_distress_of_the_ten_days_before(explorer):
    for label in (INTIMATE, DISTANT):
        t = np.asarray(explorer.trace("distress", label).x)
        distress = np.asarray(explorer.trace("distress", label).y)
        baseline = distress[(t > 140.0) & (t < 150.0)].mean()
        threshold = explorer.trace("threshold", label)
        assert tuple(threshold.y) == pytest.approx((baseline + 0.1, baseline + 0.1))
        assert tuple(threshold.x) == (140.0, 183.0)


def test_the_readout_shows_the_measured_numbers(explorer):
    for label, response in explorer.responses.items():
        assert response == stress_response(explorer.runs[label], 150.0)
        assert f"<td>{response.rise:.2f}</td>" in explorer.readout.value
        assert f"<td>{response.days_above:.1f}</td>" in explorer.readout.value


def test_stress_response_agrees_with_a_direct_count_on_the_p15_couples():
    for level in ("high", "low"):
        run = phenomena.run(f"P15_stress_{level}_intimacy", n_points=2001)
        t, distress = run.t, run["distress_A"]
        before = (t > 140) & (t < 150)
        base = distress[before].mean()
        above = t[(t >= 150) & (distress > base + 0.1)]
        response = stress_response(run, 150.0)
        assert response.rise == pytest.approx(distress[t >= 150].max() - base, abs=1e-12)
        assert response.intimacy == pytest.approx(run["intimacy_A"][before].mean(), abs=1e-12)
        assert response.loneliness == pytest.approx(run["loneliness_A"][before].mean(), abs=1e-12)
        # the count steps in whole output steps of 0.1 day; crossings are interpolated
        assert response.days_above == pytest.approx(above[-1] - above[0], abs=0.2)
        assert phenomena.p15()[level]["duration"] == response.days_above  # P15 uses it


class Ramp:
    """A stand-in for a trajectory: distress rises linearly, then falls."""

    def __init__(self, t, distress):
        self.t = np.asarray(t, dtype=float)
        self.series = {"distress_A": np.asarray(distress, dtype=float)}
        self.series["intimacy_A"] = self.series["loneliness_A"] = np.zeros_like(self.t)

    def __getitem__(self, name):
        return self.series[name]


def test_crossings_are_interpolated_and_an_unfinished_recovery_is_flagged():
    t = np.arange(0.0, 21.0)
    tent = np.where(t < 10, 0.1, np.maximum(0.1, 0.5 - 0.04 * (t - 10)))  # 0.5 at day 10
    response = stress_response(Ramp(t, tent), start=10.0)
    assert response.baseline == pytest.approx(0.1)
    assert response.rise == pytest.approx(0.4)
    assert response.days_above == pytest.approx(7.5)  # from day 10 until 0.2 at day 17.5
    assert response.recovered
    rising = stress_response(Ramp(t, np.where(t < 10, 0.1, 0.1 + 0.05 * (t - 10))), 10.0)
    assert not rising.recovered
    assert rising.days_above == pytest.approx(8.0)  # crosses 0.2 at day 12, runs to day 20
    calm = stress_response(Ramp(t, np.full_like(t, 0.3)), 10.0)
    assert (calm.rise, calm.days_above, calm.recovered) == (0.0, 0.0, True)
    with pytest.raises(BadInputError, match="must cover the 10 days before"):
        stress_response(Ramp(t, tent), start=0.0)


def snapshot(explorer):
    return (
        explorer.current,
        explorer.pulse(),
        explorer.controls.values(),
        explorer.own_controls.values(),
        np.array(explorer.trace("distress", INTIMATE).y),
    )


def assert_unchanged(explorer, before):
    after = snapshot(explorer)
    assert after[0] is before[0]
    assert after[1:4] == before[1:4]
    np.testing.assert_array_equal(after[4], before[4])


@pytest.mark.parametrize(
    ("changes", "error", "words"),
    [
        (
            {"stress_size": 0.5, "buffering": 2},
            ParameterError,
            "'buffering' = 2 is outside its allowed range",
        ),
        ({"stress_sise": 0.5}, BadInputError, "did you mean 'stress_size'"),
        ({"stress_start": float("nan")}, BadInputError, "not a finite number"),
        ({"stress_start": 3, "buffering": 0.1}, BadInputError, "'stress_start' = 3 is outside"),
        ({"stress_size": 1.5}, BadInputError, r"'stress_size' = 1.5 is outside .*\[0, 1\]"),
    ],
)
def test_bad_settings_are_refused_whole_and_change_nothing(explorer, changes, error, words):
    before = snapshot(explorer)
    with pytest.raises(error, match=words):
        explorer.set(**changes)
    assert "Cannot use these values" in explorer.readout.value
    assert_unchanged(explorer, before)


def test_a_typed_value_out_of_bounds_is_refused_and_the_box_goes_back(explorer):
    before = snapshot(explorer)
    explorer.own_controls["stress_start"].box.value = 3.0  # no baseline before day 10
    assert explorer.own_controls["stress_start"].value == 150.0
    assert "setting &#x27;stress_start&#x27; = 3" in explorer.readout.value
    assert_unchanged(explorer, before)


def test_a_failing_run_is_reported_in_the_readout_and_the_slider_goes_back(explorer, monkeypatch):
    def fail(*args, **kwargs):
        raise BadInputError("the solver gave up")

    before = snapshot(explorer)
    monkeypatch.setattr(explorer, "simulate", fail)
    explorer.own_controls["stress_size"].slider.value = 0.5
    assert "the solver gave up" in explorer.readout.value
    assert explorer.own_controls["stress_size"].value == 1.0
    assert_unchanged(explorer, before)


def test_any_parameter_set_applies_to_every_couple(explorer):
    explorer.set(depth_A=0.3)
    for label in (INTIMATE, DISTANT):
        assert explorer.couple_params(label)["depth_A"] == 0.3
    assert_figure_shows(explorer, Pulse(150.0, 3.0, 1.0), depth_A=0.3)
    explorer.reset()
    assert explorer.couple_params(DISTANT) == phenomena.model().params(
        {
            **catalog.load(DEFAULT_COUPLES[DISTANT]).params,
            "buffering": 0.8,
            "loneliness_distress": 0.3,
        }
    )


def test_settings_fuzz_draws_no_nan_and_always_measures(explorer, rng):
    specs = explorer.own_controls
    for _ in range(6):
        values = {
            name: float(round(rng.uniform(*specs[name].spec.soft) / step) * step)
            for name, step in (
                ("stress_size", 0.05),
                ("stress_start", 1.0),
                ("stress_duration", 0.25),
            )
        }
        values["stress_duration"] = max(values["stress_duration"], 0.5)
        explorer.set(**values, buffering=float(rng.uniform(0, 1)))
        for trace in explorer.figure.data:
            assert np.all(np.isfinite(np.asarray(trace.y, float))), values
        assert "nan" not in explorer.readout.value.lower()


def test_one_change_sends_one_message(explorer, monkeypatch):
    sent = count_messages(monkeypatch, explorer.figures)
    explorer.set(stress_start=100.0, stress_size=0.7, buffering=0.3)
    assert sent == ["stress"]


def test_the_stress_size_leaves_room_under_the_couples_stress_baseline():
    stressed = Scenario(
        "already_stressed",
        model="IntimacyModel",
        params={"stress_A": 0.4},
        t_span=(0.0, 100.0),
    )
    explorer = StressBufferingExplorer({"Stressed": stressed, "Calm": "P14_reference_person"})
    assert explorer.own_controls["stress_size"].spec.bounds == (0.0, pytest.approx(0.6))
    assert explorer.trace("stress").y.max() == pytest.approx(1.0)  # 0.4 + the default 0.6
    assert explorer.pulse().start == 150.0  # three quarters into the longer run (200 days)


def test_couples_must_be_scenarios_of_the_intimacy_model():
    with pytest.raises(ScenarioError, match="is for Dyad"):
        StressBufferingExplorer({"x": Scenario("x", model="Dyad")})
    with pytest.raises(BadInputError, match="must be a Scenario or a catalog name"):
        StressBufferingExplorer({"x": 3})
    with pytest.raises(ScenarioError, match="unknown scenario"):
        StressBufferingExplorer({"x": "P15_no_such_couple"})
    with pytest.raises(ParameterError, match="unknown parameter 'bufering'"):
        StressBufferingExplorer(params=["bufering"])


def test_one_scenario_cannot_stand_for_two_couples(explorer):
    before = snapshot(explorer)
    with pytest.raises(BadInputError, match="compares the couples it was built with"):
        explorer.load(catalog.load("P15_stress_low_intimacy"))
    assert "Could not load" in explorer.readout.value
    assert_unchanged(explorer, before)
