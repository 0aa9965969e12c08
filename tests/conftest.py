"""Shared fixtures: small models whose behaviour is known exactly.

The suite runs on every core (``make test``: ``pytest -n auto --dist loadgroup``). Tests
that share an expensive session fixture run on one worker, so it is built once: the
course site (its build executes every notebook), the Binder environment, and the
JupyterLab server of the browser tests.
"""

import os
from pathlib import Path

import numpy as np
import pytest
import sympy

from intimacy_dynamics import Model, Param, State, sigmoid


@pytest.fixture(scope="session", autouse=True)
def code_cache(tmp_path_factory):
    """Generated model code goes to this session's own folder, never the user's cache.

    Notebook kernels and servers started by the tests inherit it, so they share it.
    """
    folder = tmp_path_factory.mktemp("code_cache")
    previous = os.environ.get("INTIMACY_DYNAMICS_CODE_CACHE")
    os.environ["INTIMACY_DYNAMICS_CODE_CACHE"] = str(folder)
    yield folder
    if previous is None:
        os.environ.pop("INTIMACY_DYNAMICS_CODE_CACHE", None)
    else:
        os.environ["INTIMACY_DYNAMICS_CODE_CACHE"] = previous


#: Test folders (or files) whose tests share one worker, by the fixture they share.
WORKER_GROUPS = {
    "tests/site": "site",
    "tests/browser/test_site_in_browser.py": "site",
    "tests/binder": "binder",
    "tests/browser": "browser",
}
_ROOT = Path(__file__).resolve().parents[1]


def _group_of(path: Path) -> str | None:
    try:
        relative = path.resolve().relative_to(_ROOT).as_posix()
    except ValueError:  # a file outside the repository
        return None
    for prefix, group in WORKER_GROUPS.items():  # most specific first
        if relative == prefix or relative.startswith(prefix + "/"):
            return group
    return None


def pytest_collection_modifyitems(items):
    """Keep the tests of each expensive session fixture on one xdist worker."""
    for item in items:
        group = _group_of(Path(item.fspath))
        if group is not None:
            item.add_marker(pytest.mark.xdist_group(group))


class Dyad(Model):
    """A two-partner disclosure/trust loop, small enough to reason about by hand."""

    time_unit = "day"
    t_span = (0.0, 60.0)
    disclosure = State(0.2, bounds=(0, 1), per_partner=True, symbol="D", label="Disclosure")
    trust = State(0.3, bounds=(0, 1), per_partner=True, symbol="T", label="Trust")
    gain = Param(6.0, bounds=(0, 20), per_partner=True, symbol="g")
    threshold = Param(0.5, bounds=(0, 1), per_partner=True, symbol=r"\theta")
    learning = Param(0.3, bounds=(0, 5), symbol=r"\lambda", unit="1/day")

    def rates(self, me, other, p):
        return {
            "disclosure": sigmoid(me.trust, me.gain, me.threshold) - me.disclosure,
            me.trust: p.learning * (other.disclosure * (1 - me.trust) - 0.5 * me.trust),
        }


class DyadWithConflict(Dyad):
    """Adds one term to the trust rate and one parameter: the extension pattern."""

    conflict = Param(0.4, bounds=(0, 1), symbol=r"\kappa")

    def rates(self, me, other, p):
        rates = super().rates(me, other, p)
        rates[me.trust] += -p.conflict * me.trust * other.trust
        return rates


@pytest.fixture
def dyad():
    return Dyad()


@pytest.fixture
def rng():
    return np.random.default_rng(20261122)


def random_point(model, rng, size=None):
    """Random states and parameters inside their soft ranges."""
    y = np.array([rng.uniform(*s.soft, size=size) for s in model.state_specs.values()])
    p = [rng.uniform(*s.soft, size=size) for s in model.param_specs.values()]
    return y, p


def linear_model(matrix):
    """dx/dt = M x for a constant matrix, built with Model.from_equations."""
    n = len(matrix)
    xs = sympy.symbols(f"x0:{n}")
    equations = {xs[i]: sum(matrix[i][j] * xs[j] for j in range(n)) for i in range(n)}
    return Model.from_equations(equations, name="Linear", states={"x0": State(1.0)})


@pytest.fixture(scope="module")
def dask_executor():
    """An executor of a local dask cluster: two worker processes, no dashboard."""
    distributed = pytest.importorskip(
        "dask.distributed", reason="dask[distributed] (the 'cluster' extra) is not installed"
    )
    with (
        distributed.LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=None,
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        yield client.get_executor()
