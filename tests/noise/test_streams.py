"""Every ensemble member draws from its own stream: the same arrays on any executor and chunking."""

from concurrent.futures import ProcessPoolExecutor

import numpy as np
import pytest
import sympy

import intimacy_dynamics as idyn
from intimacy_dynamics import IntimacyModel, Noise, State, simulate, simulate_ensemble
from intimacy_dynamics.intimacy.model import NOISE_MAX
from intimacy_dynamics.simulation.stochastic import member_stream


@pytest.fixture(scope="module")
def model():
    u, v, r = sympy.symbols("u v r")
    return idyn.Model.from_equations(
        {u: r * u * (1 - u) - 0.2 * v * u, v: 0.5 - v},
        params={r: idyn.Param(1.0, bounds=(0, 5))},
        states={"u": State(0.3, bounds=(0, 1)), "v": State(0.5, bounds=(0, None))},
        noise={"shake": Noise(0.8, drives="u"), "drift": Noise(0.3, drives="v")},
        name="Streams",
        t_span=(0.0, 5.0),
    )


def _run(model, **options):
    settings = {"noise": True, "seed": 2026, "keep": "all", "n_points": 26, "dt": 0.01}
    result = simulate_ensemble(
        model, params_table={"r": np.linspace(0.5, 3, 40)}, **settings | options
    )
    return np.stack([result.trajectories(n) for n in ("u", "v")])


@pytest.fixture(scope="module")
def in_process(model):
    return _run(model, chunk_size=7)


def test_chunking_does_not_change_any_member(model, in_process):
    for chunk_size in (1, 16, 40):
        assert np.array_equal(_run(model, chunk_size=chunk_size), in_process)


def test_a_process_pool_gives_identical_arrays(model, in_process):
    with ProcessPoolExecutor(2) as pool:
        assert np.array_equal(_run(model, chunk_size=7, executor=pool), in_process)


def test_dask_gives_identical_arrays(model, in_process, dask_executor):
    assert np.array_equal(_run(model, chunk_size=7, executor=dask_executor), in_process)


def test_a_member_depends_only_on_the_seed_and_its_index(model, in_process):
    fewer = simulate_ensemble(
        model,
        params_table={"r": np.linspace(0.5, 3, 40)[:10]},
        noise=True,
        seed=2026,
        keep="all",
        n_points=26,
        dt=0.01,
    )
    assert np.array_equal(fewer.trajectories("u"), in_process[0, :10])
    other_seed = _run(model, seed=2027)
    assert not np.any(np.all(other_seed[0] == in_process[0], axis=1)[1:])


def test_member_streams_are_numpys_spawned_children():
    children = np.random.SeedSequence(99).spawn(5)
    for i in (0, 4):
        expected = np.random.default_rng(children[i]).standard_normal(3)
        assert np.array_equal(
            member_stream(np.random.SeedSequence(99), i).standard_normal(3), expected
        )


def test_the_intimacy_model_stays_in_range_at_its_largest_noise():
    """128 couples from scattered starts, 200 days each, every intensity at its maximum.

    The transform keeps states in range at any step; dt = 0.05 (2.5 times the default)
    also shows that the tamed drift does not blow up.
    """
    model = IntimacyModel()
    rng = np.random.default_rng(15)
    starts = {name: rng.uniform(0.01, 0.99, 128) for name in model.state_names}
    strongest = dict.fromkeys(model.noise_names, NOISE_MAX)
    result = simulate_ensemble(
        model, y0=starts, noise=strongest, seed=15, t_span=(0, 200), dt=0.05, keep="all"
    )
    assert not result.failed.any()
    for name in model.state_names:
        series = result.trajectories(name)
        assert np.all((series >= 0) & (series <= 1)), name
    swing = result.trajectories("intimacy_A")[:, 100:].std(axis=1)
    assert np.median(swing) > 0.1  # the noise is strong: intimacy swings across its range


def test_a_single_noisy_run_checks_its_states_like_any_run():
    model = IntimacyModel()
    run = simulate(model, noise=dict.fromkeys(model.noise_names, NOISE_MAX), seed=1)
    assert run.y.min() >= 0
    assert run.y.max() <= 1
