"""simulate_ensemble: agreement with simulate, tables, summaries, executors."""

from concurrent.futures import ProcessPoolExecutor

import numpy as np
import pytest
import sympy

import intimacy_dynamics as idyn
from intimacy_dynamics import Model, Param, State, simulate
from intimacy_dynamics.analysis.basins import basins
from intimacy_dynamics.analysis.cycles import orbit_diagram
from intimacy_dynamics.ensemble import global_sensitivity, member_table, simulate_ensemble, sweep
from intimacy_dynamics.errors import BadInputError, ParameterError
from tests.conftest import Dyad, random_point


@pytest.fixture(scope="module")
def members():
    model = Dyad()
    y0, params = random_point(model, np.random.default_rng(7), size=240)
    return (
        model,
        dict(zip(model.param_names, params, strict=True)),
        dict(zip(model.state_names, y0, strict=True)),
    )


def test_members_agree_with_simulate(members):
    model, params, y0 = members
    times = np.linspace(0, 40, 41)
    result = simulate_ensemble(
        model,
        params,
        y0=y0,
        t_span=(0, 40),
        t_eval=times,
        rtol=1e-8,
        atol=1e-10,
        keep="all",
        chunk_size=100,
    )
    assert not result.failed.any()
    for k in np.random.default_rng(3).choice(240, 8, replace=False):
        run = simulate(
            model,
            (0, 40),
            {n: float(v[k]) for n, v in params.items()},
            y0={n: float(v[k]) for n, v in y0.items()},
            t_eval=times,
            rtol=1e-10,
            atol=1e-12,
        )
        for name in model.state_names:
            np.testing.assert_allclose(result.trajectories(name)[k], run[name], atol=1e-6)
            np.testing.assert_allclose(result.final(name)[k], run[name][-1], atol=1e-6)


def test_summaries_match_the_kept_trajectories(members):
    model, params, y0 = members
    result = simulate_ensemble(model, params, y0=y0, keep="all", n_bins=1000, chunk_size=64)
    series = result.trajectories("trust_A")
    np.testing.assert_allclose(result.mean("trust_A"), series.mean(axis=0), rtol=1e-12)
    width = 1.0 / 1000  # one bin of the soft range [0, 1]
    for level, band in zip([0.1, 0.5, 0.9], result.bands("trust_A", [0.1, 0.5, 0.9]), strict=True):
        # a quantile to one bin: at most a share `level` of members lies clearly below it
        assert np.all(np.mean(series < band - width, axis=0) <= level)
        assert np.all(np.mean(series <= band + width, axis=0) >= level)
    late = result.t >= 45
    np.testing.assert_allclose(result.long_run("trust_A"), series[:, late].mean(axis=1))


def test_fractions_of_a_bistable_switch():
    u = sympy.Symbol("u")
    switch = Model.from_equations(
        {u: u - u**3}, t_span=(0, 30), states={"u": State(0, bounds=(-2, 2))}
    )
    result = simulate_ensemble(switch, y0={"u": np.linspace(-1.9, 1.9, 40)})
    outcomes = result.outcomes()
    assert outcomes.fractions == {"attractor 1": 0.5, "attractor 2": 0.5}
    assert sorted(c["u"] for c in outcomes.centres.values()) == pytest.approx([-1, 1], abs=1e-4)
    by_sign = result.fractions(lambda r: np.where(r.final("u") > 0, "up", "down"))
    assert by_sign == {"down": 0.5, "up": 0.5}


def test_tables_accept_dataframes_and_lists_and_reject_bad_values():
    pandas = pytest.importorskip("pandas")
    model = Dyad()
    frame = pandas.DataFrame({"gain_A": [1.0, 2.0], "learning": [0.1, 0.2]})
    table = member_table(model, frame)
    assert table.n == 2
    assert table.columns["gain_B"] == 6.0
    rows = member_table(model, [{"gain_A": 1.0}, {"learning": 0.2}])
    np.testing.assert_allclose(rows.columns["gain_A"], [1.0, 6.0])
    with pytest.raises(ParameterError, match=r"'gain_A' of member 2 = 40.0 .*\[0, 20\]"):
        member_table(model, {"gain_A": [1, 2, 40.0]})
    with pytest.raises(ParameterError, match="unknown parameter 'gian_A'"):
        simulate_ensemble(model, {"gian_A": [1.0]})
    with pytest.raises(BadInputError, match="different lengths"):
        member_table(model, {"gain_A": [1, 2], "gain_B": [1, 2, 3]})
    with pytest.raises(BadInputError, match="chunk_size"):
        simulate_ensemble(model, {"gain_A": [1, 2]}, chunk_size=0)
    with pytest.raises(BadInputError, match=r"concurrent\.futures\.Executor"):
        simulate_ensemble(model, {"gain_A": [1, 2]}, executor="pool")
    with pytest.raises(BadInputError, match="ambiguous"):
        simulate_ensemble(model, {"gain_A": 1.0})


def _summaries(result):
    return (
        [result.bands(n) for n in result.names],
        [result.long_run(n, s) for n in result.names for s in ("mean", "min", "max")],
        [result.mean(n) for n in result.names],
        result.failed,
    )


def _assert_identical(a, b):
    for x, y in zip(_summaries(a), _summaries(b), strict=True):
        np.testing.assert_array_equal(np.asarray(x), np.asarray(y))


@pytest.fixture(scope="module")
def in_process(members):
    model, params, y0 = members
    return simulate_ensemble(model, params, y0=y0, chunk_size=50)


def test_process_pool_gives_identical_summaries(members, in_process):
    model, params, y0 = members
    with ProcessPoolExecutor(2) as pool:
        pooled = simulate_ensemble(model, params, y0=y0, chunk_size=50, executor=pool)
        hopf = _hopf()
        values = np.linspace(-0.2, 0.4, 6)
        here = orbit_diagram(hopf, None, "mu", values, "x", chunk_size=2)
        there = orbit_diagram(hopf, None, "mu", values, "x", chunk_size=2, executor=pool)
        found = basins(_switch(), x="u", y="v", grid=8, chunk_size=16, executor=pool)
    _assert_identical(in_process, pooled)
    np.testing.assert_array_equal(here.amplitudes, there.amplitudes)
    np.testing.assert_array_equal(found.labels, basins(_switch(), x="u", y="v", grid=8).labels)


def test_dask_local_cluster_gives_identical_summaries(members, in_process, dask_executor):
    model, params, y0 = members
    on_cluster = simulate_ensemble(model, params, y0=y0, chunk_size=50, executor=dask_executor)
    _assert_identical(in_process, on_cluster)


def _hopf():
    x, y, mu = sympy.symbols("x y mu")
    r2 = x**2 + y**2
    return Model.from_equations(
        {x: mu * x - y - x * r2, y: x + mu * y - y * r2},
        params={mu: Param(0.0, bounds=(-1, 1))},
        t_span=(0, 100),
        states={"x": State(0.1, bounds=(-2, 2)), "y": State(0, bounds=(-2, 2))},
    )


def _switch():
    u, v = sympy.symbols("u v")
    return Model.from_equations(
        {u: u - u**3, v: -v},
        t_span=(0, 20),
        states={"u": State(0, bounds=(-2, 2)), "v": State(0, bounds=(-2, 2))},
    )


def test_sweep_reshapes_to_the_grid():
    found = sweep(Dyad(), {"gain_A": [2.0, 8.0], "learning": [0.1, 0.3, 1.0]}, n_points=51)
    assert found.shape == (2, 3)
    assert found.long_run("trust_A").shape == (2, 3)
    assert np.all(found.amplitude("trust_A") >= 0)


def ishigami():
    x, a, b, c = sympy.symbols("x a b c")
    f = sympy.sin(a) + 7 * sympy.sin(b) ** 2 + sympy.Rational(1, 10) * c**4 * sympy.sin(a)
    box = (-4, 4)
    return Model.from_equations(
        {x: f - x},
        t_span=(0, 30),
        name="Ishigami",
        params={s: Param(0.0, bounds=box) for s in (a, b, c)},
        states={"x": State(0.0, bounds=(-30, 30))},
    )


def test_sobol_indices_of_the_ishigami_function():
    box = {name: (-np.pi, np.pi) for name in ("a", "b", "c")}
    found = global_sensitivity(ishigami(), box, "x", n=4096, n_points=31, n_bootstrap=100)
    np.testing.assert_allclose(found.first, [0.3139, 0.4424, 0.0], atol=0.04)
    np.testing.assert_allclose(found.total, [0.5576, 0.4424, 0.2437], atol=0.04)
    assert np.all(found.first_ci[:, 0] <= found.first_ci[:, 1])
    assert found.table()[0][0] == "a"
    assert idyn.simulate_ensemble is simulate_ensemble
