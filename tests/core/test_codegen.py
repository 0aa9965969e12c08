"""Generated numeric code agrees with itself, with sympy and with finite differences."""

import numpy as np
import pytest
import sympy

from intimacy_dynamics import Model, Param
from intimacy_dynamics.core.codegen import clear_cache
from tests.conftest import Dyad, DyadWithConflict, random_point


@pytest.mark.parametrize("model_class", [Dyad, DyadWithConflict])
def test_vectorized_and_single_rhs_agree_at_random_points(model_class, rng):
    compiled = model_class().compile()
    y, p = random_point(model_class(), rng, size=300)
    batch = compiled.rhs_vectorized(0.0, y, p)
    assert batch.shape == y.shape
    for k in range(0, 300, 7):
        single = compiled.rhs(0.0, y[:, k], [v[k] for v in p])
        np.testing.assert_allclose(batch[:, k], single, rtol=1e-13, atol=1e-15)


def test_vectorized_rhs_broadcasts_scalar_and_array_parameters(rng):
    model = Dyad()
    compiled = model.compile()
    y, p = random_point(model, rng, size=50)
    mixed = [v if i % 2 else float(v[0]) for i, v in enumerate(p)]
    full = [np.full(50, m) if np.ndim(m) == 0 else m for m in mixed]
    np.testing.assert_allclose(
        compiled.rhs_vectorized(0, y, mixed), compiled.rhs_vectorized(0, y, full)
    )


@pytest.mark.parametrize("model_class", [Dyad, DyadWithConflict])
def test_jacobian_agrees_with_central_finite_differences(model_class, rng):
    compiled = model_class().compile()
    h = 1e-6
    for _ in range(25):
        y, p = random_point(model_class(), rng)
        jac = compiled.jacobian(0.0, y, p)
        numeric = np.empty_like(jac)
        for j in range(len(y)):
            step = np.zeros_like(y)
            step[j] = h
            numeric[:, j] = np.subtract(
                compiled.rhs(0, y + step, p), compiled.rhs(0, y - step, p)
            ) / (2 * h)
        np.testing.assert_allclose(jac, numeric, rtol=1e-6, atol=1e-8)


def test_vectorized_jacobian_matches_scalar_jacobian(rng):
    model = DyadWithConflict()
    compiled = model.compile()
    y, p = random_point(model, rng, size=40)
    batch = compiled.jacobian_vectorized(0.0, y, p)
    assert batch.shape == (4, 4, 40)
    for k in (0, 13, 39):
        np.testing.assert_allclose(batch[:, :, k], compiled.jacobian(0, y[:, k], [v[k] for v in p]))


def test_parameter_jacobian_agrees_with_finite_differences(rng):
    model = DyadWithConflict()
    compiled = model.compile()
    y, p = random_point(model, rng)
    jac_p = compiled.jacobian_params(0.0, y, p)
    assert jac_p.shape == (4, len(model.param_names))
    h = 1e-6
    for j in range(len(p)):
        up, down = list(p), list(p)
        up[j] += h
        down[j] -= h
        numeric = np.subtract(compiled.rhs(0, y, up), compiled.rhs(0, y, down)) / (2 * h)
        np.testing.assert_allclose(jac_p[:, j], numeric, rtol=1e-6, atol=1e-8)
    assert "def jacobian_params(t, _y, _p):" in compiled.source


def test_generated_source_is_readable_and_self_contained(dyad):
    source = dyad.compile().source
    assert "trust_A,  # Trust (A), [0, 1], unit 1" in source
    assert "learning,  # learning, [0, 5], unit 1/day" in source
    assert "# common subexpressions" in source
    assert "Unit of time: day." in source
    namespace = {}
    exec(compile(source, "<standalone>", "exec"), namespace)  # runs without the package
    y, p = [0.2, 0.3, 0.4, 0.5], dyad.params().as_list()
    assert namespace["rhs"](0, y, p) == dyad.compile().rhs(0, y, p)


def test_compile_cache_is_keyed_by_the_equations():
    clear_cache()
    x, k = sympy.symbols("x k")
    first = Model.from_equations({x: -k * x}, params={k: 1.0}).compile()
    same = Model.from_equations({x: -k * x}, params={k: 1.0}).compile()
    other = Model.from_equations({x: -k * x**2}, params={k: 1.0}).compile()
    assert first is same
    assert other is not first
    assert other.rhs(0, [2.0], [1.0]) == [-4.0]


def test_max_and_min_broadcast_in_vectorized_code():
    x, a = sympy.symbols("x a")
    model = Model.from_equations(
        {x: sympy.Max(0, a - x) - sympy.Min(x, 1)}, params={a: Param(0.5, bounds=(0, 2))}
    )
    compiled = model.compile()
    xs = np.array([[0.0, 0.3, 0.8, 1.5]])
    expected = [compiled.rhs(0, [v], [0.5])[0] for v in xs[0]]
    np.testing.assert_allclose(compiled.rhs_vectorized(0, xs, [0.5])[0], expected)


def test_generated_code_is_reused_from_disk_by_a_new_process(tmp_path, monkeypatch):
    from intimacy_dynamics.core import codegen

    monkeypatch.setenv("INTIMACY_DYNAMICS_CODE_CACHE", str(tmp_path))
    clear_cache()
    first = Dyad().compile()
    y, p = [0.2, 0.3, 0.4, 0.5], Dyad().params().as_list()
    first.jacobian_params(0.0, y, p)
    assert len(list(tmp_path.glob("*.py"))) == 2  # the module, and its parameter Jacobian
    clear_cache()  # what a new process starts with

    def must_not_generate(*args, **kwargs):
        raise AssertionError("generated again instead of reading the disk cache")

    monkeypatch.setattr(codegen, "_source", must_not_generate)
    monkeypatch.setattr(codegen, "_matrix_function", must_not_generate)
    again = Dyad().compile()
    assert again.rhs(0.0, y, p) == first.rhs(0.0, y, p)
    np.testing.assert_array_equal(
        again.jacobian_params(0.0, y, p), first.jacobian_params(0.0, y, p)
    )


def test_an_edited_model_does_not_reuse_the_cached_code(tmp_path, monkeypatch):
    monkeypatch.setenv("INTIMACY_DYNAMICS_CODE_CACHE", str(tmp_path))
    clear_cache()
    Dyad().compile()
    edited = Dyad()
    edited.add_param("bonus", Param(0.1, bounds=(0, 1)))
    edited.add_term("trust_A", edited.symbols["bonus"])
    clear_cache()
    assert "bonus" in edited.compile().source
    assert len(list(tmp_path.glob("*.py"))) == 2


def test_disk_cache_can_be_turned_off_or_unwritable(tmp_path, monkeypatch):
    monkeypatch.setenv("INTIMACY_DYNAMICS_CODE_CACHE", "off")
    clear_cache()
    assert Dyad().compile().rhs is not None
    blocked = tmp_path / "a_file_not_a_folder"
    blocked.write_text("")
    monkeypatch.setenv("INTIMACY_DYNAMICS_CODE_CACHE", str(blocked))
    clear_cache()
    assert Dyad().compile().rhs is not None  # the cache failing never stops a compile
