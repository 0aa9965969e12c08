"""The page's eigenvalues and Jacobians, against numpy and the compiled Python model.

The eigenvalues of the JavaScript ``eigenvalues`` (balancing, Hessenberg reduction,
shifted QR) are matched one to one with the reference (the assignment of least total
distance) and the worst distance is measured relative to the spectral radius (the
largest modulus of the reference eigenvalues; 1 for the zero matrix):

* random matrices (n from 1 to 40, most with complex pairs), badly scaled ones (rows and
  columns scaled by up to e^±6), repeated eigenvalues and real skew-symmetric ones (pure
  imaginary pairs): against numpy, within 1e-12;
* defective matrices (Jordan blocks of size 2 and 3 in an orthogonal basis): against the
  exact eigenvalue. No backward-stable method finds these to better than about
  (eps ||A||)^(1/k) for a block of size k, numpy included, so the bounds are 1e-6 for
  k = 2 and 1e-4 for k = 3.

Each test prints its worst error (and for defective matrices numpy's, for comparison).
"""

import json

import numpy as np
import pytest
from scipy.optimize import linear_sum_assignment
from scipy.stats import ortho_group

from intimacy_dynamics.analysis.steady_states import EQUILIBRIUM_KINDS, classify
from intimacy_dynamics.frontend import readout_module
from tests.frontend.conftest import shipped_models
from tests.frontend.test_runtime import run_script

GENERAL = 1e-12
DEFECTIVE = {2: 1e-6, 3: 1e-4}

EIGENVALUES = """
import { eigenvalues } from "./readout.mjs";
import { readFileSync } from "node:fs";
const matrices = JSON.parse(readFileSync("matrices.json", "utf8"));
console.log(JSON.stringify(matrices.map((m) => {
  try {
    const { re, im } = eigenvalues(m);
    return [Array.from(re), Array.from(im)];
  } catch (error) {
    return error.message;
  }
})));
"""


def eigenvalues_in_node(folder, matrices):
    files = {"readout.mjs": readout_module(), "matrices.json": json.dumps(matrices)}
    results = run_script(folder, EIGENVALUES, files)
    return [r if isinstance(r, str) else np.array(r[0]) + 1j * np.array(r[1]) for r in results]


def worst_distance(found, expected):
    """The largest distance of a one-to-one matching of least total distance, relative to
    the spectral radius."""
    distance = np.abs(found[:, None] - expected[None, :])
    rows, columns = linear_sum_assignment(distance)
    return distance[rows, columns].max() / (np.max(np.abs(expected)) or 1.0)


def general_matrices(rng):
    """(kind, matrix) pairs: random, badly scaled, repeated and skew-symmetric."""
    cases = []
    for _ in range(40):
        n = int(rng.integers(1, 41))
        a = rng.normal(size=(n, n))
        cases.append(("random", a))
        scale = np.exp(rng.uniform(-6, 6, size=n))
        cases.append(
            ("badly scaled", a * scale[:, None] / scale[None, :] * 10 ** rng.uniform(-3, 3))
        )
        basis = ortho_group.rvs(n, random_state=rng) if n > 1 else np.eye(1)
        basis = basis * rng.uniform(0.5, 2.0, size=n)  # well conditioned, not orthogonal
        values = np.repeat(rng.normal(size=n), 2)[:n]
        cases.append(("repeated", basis @ np.diag(values) @ np.linalg.inv(basis)))
        cases.append(("skew-symmetric", a - a.T))
    cases += [("zero", np.zeros((3, 3))), ("identity", np.eye(5)), ("one", np.array([[2.5]]))]
    return cases


def test_eigenvalues_agree_with_numpy(tmp_path):
    rng = np.random.default_rng(11)
    cases = general_matrices(rng)
    found = eigenvalues_in_node(tmp_path, [m.tolist() for _, m in cases])
    worst: dict[str, float] = {}
    pairs = 0
    for (kind, matrix), values in zip(cases, found, strict=True):
        expected = np.linalg.eigvals(matrix)
        worst[kind] = max(worst.get(kind, 0.0), worst_distance(values, expected))
        # complex pairs come as exact conjugates, the positive imaginary part first
        upper = np.nonzero(values.imag > 0)[0]
        assert np.array_equal(values[upper + 1], values[upper].conj())
        if kind != "repeated":  # a double one may come as a tiny pair in either
            assert np.sum(values.imag != 0) == np.sum(expected.imag != 0)
        pairs += upper.size
    print({kind: f"{error:.1e}" for kind, error in worst.items()}, f"{pairs} complex pairs")
    assert max(worst.values()) < GENERAL
    assert pairs > 200


def jordan_case(rng, n, block, value):
    """A matrix with a Jordan block of size ``block`` for ``value``, the rest random real."""
    jordan = np.diag(rng.normal(size=n) * 3)
    jordan[:block, :block] = value * np.eye(block) + np.eye(block, k=1)
    basis = ortho_group.rvs(n, random_state=rng)
    return basis @ jordan @ basis.T, np.diag(jordan).copy()


@pytest.mark.parametrize("block", [2, 3])
def test_defective_eigenvalues_are_found_as_well_as_backward_stability_allows(tmp_path, block):
    rng = np.random.default_rng(block)
    cases = [jordan_case(rng, int(rng.integers(block, 12)), block, rng.normal()) for _ in range(30)]
    found = eigenvalues_in_node(tmp_path, [matrix.tolist() for matrix, _ in cases])
    errors = [
        worst_distance(values, exact) for (_, exact), values in zip(cases, found, strict=True)
    ]
    numpy = [worst_distance(np.linalg.eigvals(matrix), exact) for matrix, exact in cases]
    print(f"block {block}: worst {max(errors):.1e} (numpy's {max(numpy):.1e})")
    assert max(errors) < DEFECTIVE[block]


def test_a_matrix_that_is_not_square_and_finite_is_refused(tmp_path):
    found = eigenvalues_in_node(tmp_path, [[[1, 2], [3]], [[1, None], [0, 1]], []])
    assert found[0] == "row 1 of the matrix has 1 entries, not 2"
    assert found[1] == "row 0 of the matrix is not all finite numbers"
    assert found[2].size == 0


CLASSIFY = """
import { classify } from "./readout.mjs";
import { readFileSync } from "node:fs";
const cases = JSON.parse(readFileSync("cases.json", "utf8"));
console.log(JSON.stringify(cases.map(([re, im]) => classify({ re, im }))));
"""


def test_classify_names_every_kind_as_python_does(tmp_path):
    rng = np.random.default_rng(3)
    crafted = [
        [-1.0, -3.0],
        [-0.1 + 2j, -0.1 - 2j],
        [1.0, 2.0],
        [0.5 + 1j, 0.5 - 1j],
        [1.0, -3.0],
        [1 + 1j, 1 - 1j, -2.0],
        [2j, -2j],
        [0.0, -1.0],
        [1e-9 + 1j, 1e-9 - 1j, 0.5],  # neutral pair, one unstable: not a center
        [100.0, -5e-6],  # within the tolerance relative to the largest
    ]
    drawn = [
        rng.normal(size=n) + 1j * rng.normal(size=n) * (rng.random(n) < 0.5) for n in range(1, 30)
    ]
    cases = [np.asarray(c, dtype=complex) for c in crafted] + drawn
    found = run_script(
        tmp_path,
        CLASSIFY,
        {
            "readout.mjs": readout_module(),
            "cases.json": json.dumps([[c.real.tolist(), c.imag.tolist()] for c in cases]),
        },
    )
    expected = [classify(c) for c in cases]
    assert [(f["kind"], f["nUnstable"]) for f in found] == expected
    every_kind = {name for names in EQUILIBRIUM_KINDS.values() for name in names}
    assert {kind for kind, _ in expected[: len(crafted)]} == every_kind


JACOBIAN = """
import * as model from "./model.mjs";
import { readFileSync } from "node:fs";
const points = JSON.parse(readFileSync("points.json", "utf8"));
const n = model.stateSpecs.length;
console.log(JSON.stringify(points.map(({ t, y, p }) => {
  const rows = Array.from({ length: n }, () => new Float64Array(n).fill(NaN)); // dirty
  return model.jacobian(t, y, p, rows).map((row) => Array.from(row));
})));
"""


@pytest.mark.parametrize("model", shipped_models(), ids=lambda m: m.name)
def test_the_jacobian_is_the_compiled_pythons(tmp_path, model):
    """20 points drawn from the slider ranges; within 1e-12 of max(1, |entry|)."""
    rng = np.random.default_rng(7)
    compiled = model.compile()
    points = [
        {
            "t": float(rng.uniform(*model.t_span)),
            "y": [float(rng.uniform(*s.soft)) for s in model.state_specs.values()],
            "p": [float(rng.uniform(*s.soft)) for s in model.param_specs.values()],
        }
        for _ in range(20)
    ]
    files = {"model.mjs": model.javascript(), "points.json": json.dumps(points)}
    found = np.array(run_script(tmp_path, JACOBIAN, files))
    expected = np.array([compiled.jacobian(q["t"], q["y"], q["p"]) for q in points])
    error = np.max(np.abs(found - expected) / np.maximum(1.0, np.abs(expected)))
    print(f"{model.name}: worst {error:.1e} relative to max(1, |entry|)")
    assert error < 1e-12
    assert np.count_nonzero(expected) > 0
