"""simulate(noise=, seed=, dt=) and simulate_ensemble with the same arguments: the contract."""

import pickle

import numpy as np
import pytest
import sympy

import intimacy_dynamics as idyn
from intimacy_dynamics import (
    BadInputError,
    IntimacyModel,
    Noise,
    ParameterError,
    Schedule,
    State,
    StateError,
    simulate,
    simulate_ensemble,
)


@pytest.fixture(scope="module")
def wobbly():
    """A logistic state in [0, 1] with noise sigma * u (1 - u), and an unbounded OU state."""
    u, v, r = sympy.symbols("u v r")
    return idyn.Model.from_equations(
        {u: r * u * (1 - u), v: -v},
        params={r: idyn.Param(1.0, bounds=(0, 5))},
        states={"u": State(0.2, bounds=(0, 1)), "v": State(1.0)},
        noise={
            "shake": Noise(0.5, bounds=(0, 3), drives="u"),
            "jitter": Noise(0.2, bounds=(0, 1), drives="v"),
        },
        name="Wobbly",
        t_span=(0.0, 10.0),
    )


@pytest.fixture(scope="module")
def intimacy():
    return IntimacyModel()


def test_without_noise_a_run_is_the_deterministic_one(wobbly):
    plain = simulate(wobbly)
    for off in (None, False):
        run = simulate(wobbly, noise=off, seed=3, dt=0.5)
        assert np.array_equal(run.y, plain.y)
        assert run.solver["method"] == "auto"


def test_a_noisy_run_is_reproduced_from_its_seed(wobbly):
    first = simulate(wobbly, noise=True, seed=11)
    again = simulate(wobbly, noise=True, seed=11)
    other = simulate(wobbly, noise=True, seed=12)
    assert np.array_equal(first.y, again.y)
    assert not np.allclose(first.y, other.y)
    unseeded = simulate(wobbly, noise=True)
    repeated = simulate(wobbly, noise=True, seed=unseeded.solver["seed"])
    assert np.array_equal(unseeded.y, repeated.y)
    sequence = simulate(wobbly, noise=True, seed=np.random.SeedSequence(11))
    assert np.array_equal(sequence.y, first.y)


def test_a_noisy_run_is_laid_out_as_a_deterministic_one(wobbly):
    noisy, plain = simulate(wobbly, noise=True, seed=3), simulate(wobbly)
    assert noisy.y.shape == plain.y.shape
    assert noisy.y.flags.c_contiguous  # each state's series is one block, as widgets send it
    assert all(noisy[name].flags.c_contiguous for name in wobbly.state_names)


def test_a_generator_seed_gives_the_same_run_from_the_same_state(wobbly):
    runs = [simulate(wobbly, noise=True, seed=np.random.default_rng(5)) for _ in range(2)]
    assert np.array_equal(runs[0].y, runs[1].y)
    shared = np.random.default_rng(5)
    first, second = (simulate(wobbly, noise=True, seed=shared) for _ in range(2))
    assert not np.allclose(first.y, second.y)


def test_noise_takes_defaults_overrides_and_a_factor(wobbly):
    assert simulate(wobbly, noise=True, seed=1).solver["noise"] == {"shake": 0.5, "jitter": 0.2}
    mapped = simulate(wobbly, noise={"jitter": 0.9}, seed=1).solver["noise"]
    assert mapped == {"shake": 0.5, "jitter": 0.9}
    scaled = simulate(wobbly, noise=2, seed=1).solver["noise"]
    assert scaled == pytest.approx({"shake": 1.0, "jitter": 0.4})


def test_noise_zero_is_the_deterministic_model_on_the_fixed_step(wobbly):
    stepped = simulate(wobbly, noise=0, seed=1, dt=1e-3)
    exact = simulate(wobbly)
    assert np.max(np.abs(stepped.y - exact.y)) < 2e-3  # Euler's error, order dt
    assert np.max(np.abs(stepped.y - exact.y)) > 1e-6  # and it is the fixed-step scheme


def test_output_times_and_dt_are_kept(wobbly):
    run = simulate(wobbly, noise=True, seed=2, t_eval=[0.0, 0.33, 2.5, 10.0], dt=0.1)
    assert run.t.tolist() == [0.0, 0.33, 2.5, 10.0]
    assert run.solver["dt"] == 0.1
    assert run.solver["evaluations"] == 4 + 22 + 75  # 0.33 in 4 steps, 2.17 in 22, 7.5 in 75


def test_the_default_step_follows_the_fastest_time_scale(wobbly):
    slow = simulate(wobbly, noise=True, seed=2, params={"r": 0.5}).solver["dt"]
    fast = simulate(wobbly, noise=True, seed=2, params={"r": 5.0}).solver["dt"]
    assert fast < slow


def test_bad_noise_is_refused_naming_the_entry_and_range(wobbly):
    with pytest.raises(ParameterError, match=r"unknown noise intensity 'shak'.*shake"):
        simulate(wobbly, noise={"shak": 0.1})
    with pytest.raises(ParameterError, match=r"noise intensity 'shake' = -0.1 is outside.*0, 3"):
        simulate(wobbly, noise={"shake": -0.1})
    with pytest.raises(ParameterError, match=r"'jitter' = nan"):
        simulate(wobbly, noise={"jitter": float("nan")})
    with pytest.raises(ParameterError, match=r"noise = 10 scales the defaults too far"):
        simulate(wobbly, noise=10)
    with pytest.raises(BadInputError, match=r"noise \(a factor on every declared intensity\)"):
        simulate(wobbly, noise=-1.0)
    with pytest.raises(BadInputError, match=r"noise = 'on' must be None, True, False, a number"):
        simulate(wobbly, noise="on")


def test_a_model_without_noise_refuses_noise():
    x = sympy.Symbol("x")
    quiet = idyn.Model.from_equations({x: -x}, name="Quiet")
    with pytest.raises(BadInputError, match="Quiet declares no noise intensities"):
        simulate(quiet, noise=True)
    with pytest.raises(BadInputError, match="Quiet declares no noise intensities"):
        simulate_ensemble(quiet, n_members=3, noise=True)


@pytest.mark.parametrize(
    ("seed", "message"),
    [("7", "seed = '7' must be None, an integer >= 0"), (-1, "seed = -1"), (True, "seed = True")],
)
def test_bad_seeds_are_refused(wobbly, seed, message):
    with pytest.raises(BadInputError, match=message):
        simulate(wobbly, noise=True, seed=seed)


@pytest.mark.parametrize(
    ("dt", "message"),
    [
        (0, r"dt = 0 is outside its allowed range \(0, 10\]"),
        (-0.1, r"dt = -0.1 is outside"),
        (20, r"dt = 20 is outside"),
        (float("inf"), r"dt = inf"),
        (1e-6, r"dt = 1e-06 would take 10,000,000 steps .* more than the budget of 200,000"),
    ],
)
def test_bad_steps_are_refused_before_any_work(wobbly, dt, message):
    with pytest.raises(BadInputError, match=message):
        simulate(wobbly, noise=True, dt=dt)


def test_a_noisy_run_keeps_to_its_budget(wobbly):
    with pytest.raises(BadInputError, match="budget of 500"):
        simulate(wobbly, noise=True, dt=0.01, budget=500)
    simulate(wobbly, noise=True, dt=0.05, budget=500)


def test_a_noisy_run_refuses_another_method_and_a_start_on_a_bound(wobbly):
    with pytest.raises(BadInputError, match="method = 'RK45' applies to deterministic runs"):
        simulate(wobbly, noise=True, method="RK45")
    with pytest.raises(StateError, match=r"state 'u' = 0 starts on a bound of its range \[0, 1\]"):
        simulate(wobbly, noise=True, y0={"u": 0.0})


def test_inputs_drive_a_noisy_run(wobbly):
    steps = Schedule(times=(0.0, 5.0), values=(0.0, 5.0))
    run = simulate(wobbly, noise={"shake": 0.0}, seed=4, inputs={"r": steps}, t_eval=[5.0, 10.0])
    # r = 0 until day 5: u stays at its start; then logistic growth toward 1
    assert run["u"][0] == pytest.approx(0.2, abs=1e-12)
    assert run["u"][1] > 0.99


def test_the_intimacy_model_declares_its_noise(intimacy):
    assert intimacy.noise_targets() == {
        "disclosure_A": "disclosure_noise_A",
        "disclosure_B": "disclosure_noise_B",
        "perceived_responsiveness_A": "reading_noise_A",
        "perceived_responsiveness_B": "reading_noise_B",
        "intimacy_A": "feeling_noise_A",
        "intimacy_B": "feeling_noise_B",
    }
    for spec in intimacy.noise_specs.values():
        assert spec.unit == "1/sqrt(day)"
        assert spec.doc
        assert spec.label
    latex = intimacy.latex(stochastic=True)
    assert r"D_{A} \sigma^{D}_{A} \left(1 - D_{A}\right)\, dW_{D_{A}}" in latex
    assert r"\frac{d T_{A}}{dt}" in intimacy.latex()
    assert "dW" not in intimacy.latex()


def test_a_noisy_model_pickles_with_its_noise(wobbly):
    copy = pickle.loads(pickle.dumps(wobbly))
    assert copy.noise_targets() == wobbly.noise_targets()
    assert copy.diffusion_equations() == wobbly.diffusion_equations()
    a = simulate(copy, noise=True, seed=9)
    b = simulate(wobbly, noise=True, seed=9)
    assert np.array_equal(a.y, b.y)


def test_the_ensemble_takes_the_same_arguments(wobbly):
    result = simulate_ensemble(wobbly, n_members=5, noise=True, seed=3, keep="all", n_points=11)
    single = simulate(wobbly, noise=True, seed=3, n_points=11)
    assert np.array_equal(result.trajectories("u")[0], single["u"])  # member 0 = the run
    assert len({tuple(row) for row in result.trajectories("u")}) == 5
    again = simulate_ensemble(wobbly, n_members=5, noise=True, seed=3, keep="all", n_points=11)
    assert np.array_equal(again.trajectories("v"), result.trajectories("v"))
    plain = simulate_ensemble(wobbly, n_members=2, keep="all", n_points=11)
    assert np.array_equal(plain.trajectories("u")[0], plain.trajectories("u")[1])


def test_the_ensemble_refuses_what_simulate_refuses(wobbly):
    with pytest.raises(ParameterError, match="unknown noise intensity"):
        simulate_ensemble(wobbly, n_members=2, noise={"nope": 1})
    with pytest.raises(BadInputError, match="dt = 1e-06 would take"):
        simulate_ensemble(wobbly, n_members=2, noise=True, dt=1e-6)
    with pytest.raises(StateError, match="starts on a bound"):
        simulate_ensemble(wobbly, y0={"u": [0.5, 1.0]}, noise=True)
    with pytest.raises(BadInputError, match="inputs= needs a noisy run"):
        simulate_ensemble(wobbly, n_members=2, inputs={"r": Schedule((1.0,), (2.0,))})
