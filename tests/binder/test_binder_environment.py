"""The Binder environment, built without Docker the way repo2docker reads ``binder/``.

repo2docker (what mybinder.org runs) takes the Python of ``binder/runtime.txt``, runs
``pip install -r binder/requirements.txt`` from the repository root into the notebook
environment (``NB_PYTHON_PREFIX``), then ``binder/postBuild``. The tests here do the
same in a fresh virtual environment, built once per session in a temporary folder (it
needs PyPI and nothing else), and check it: the pins are exact, complete and agree
with pyproject.toml, ``pip check`` passes, postBuild installed the lab's JupyterLab
settings, and every notebook of ``notebooks/`` runs top to bottom on that environment's
own kernel. The build and run times go to ``test-results/binder-times.json``.
"""

import json
import os
import re
import shutil
import subprocess
import sys
import time
import tomllib
from pathlib import Path
from types import SimpleNamespace

import nbformat
import pytest
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[2]
BINDER = ROOT / "binder"
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
TIMES = ROOT / "test-results" / "binder-times.json"
SETTINGS = ROOT / "intimacy_dynamics" / "lab_settings" / "overrides.json"
#: Tools of the test and dev extras that must stay out of the Binder image.
TEST_ONLY = (
    "pytest",
    "hypothesis",
    "playwright",
    "pytest-playwright",
    "pytest-xdist",
    "axe-playwright-python",
    "ruff",
    "dask",
)
#: What a fresh virtual environment holds before anything is installed.
BOOTSTRAP = {"pip", "setuptools", "wheel"}
CELL_TIMEOUT_SECONDS = 180

#: Runs under the Binder environment's python: execute one notebook, report as JSON.
RUN_NOTEBOOK = """
import json, os, sys, time
import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

path, timeout = sys.argv[1], int(sys.argv[2])
notebook = nbformat.read(path, as_version=4)
client = NotebookClient(notebook, timeout=timeout, kernel_name="python3",
                        resources={"metadata": {"path": os.path.dirname(path)}})
start = time.perf_counter()
failure = None
try:
    client.execute()
except CellExecutionError as exc:
    failure = str(exc)[-3000:]
seconds = time.perf_counter() - start
outputs = [o for c in notebook.cells if c.cell_type == "code" for o in c.outputs]
print(json.dumps({
    "seconds": seconds,
    "failure": failure,
    "stderr": [o.get("text", "") for o in outputs if o.get("name") == "stderr"],
    "stdout": "".join(o.get("text", "") for o in outputs if o.get("name") == "stdout"),
}))
"""


# ------------------------------------------------------------------ reading binder/
def _requirement_lines() -> list[str]:
    text = (BINDER / "requirements.txt").read_text()
    return [line.strip() for line in text.splitlines() if line.strip() and line[0] != "#"]


def _pins() -> dict[str, str]:
    """Pinned versions by canonical name (the ``.`` line excluded)."""
    pins = {}
    for line in _requirement_lines():
        if line != ".":
            name, _, version = line.partition("==")
            pins[canonicalize_name(name)] = version
    return pins


def _runtime_version() -> tuple[int, int]:
    text = (BINDER / "runtime.txt").read_text().strip()
    match = re.fullmatch(r"python-(\d+)\.(\d+)", text)
    assert match, f"runtime.txt should read like python-3.11, not {text!r}"
    return int(match[1]), int(match[2])


def _project() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]


def _record(**seconds: float) -> None:
    TIMES.parent.mkdir(exist_ok=True)
    times = json.loads(TIMES.read_text()) if TIMES.exists() else {}
    times.update({key: round(value, 1) for key, value in seconds.items()})
    TIMES.write_text(json.dumps(dict(sorted(times.items())), indent=2) + "\n")


# ------------------------------------------------------------- static checks
def test_runtime_is_a_python_the_package_supports():
    major, minor = _runtime_version()
    assert f"{major}.{minor}" in SpecifierSet(_project()["requires-python"])


def test_every_line_is_an_exact_pin_and_the_last_installs_the_package():
    lines = _requirement_lines()
    assert lines[-1] == ".", "the last line must be '.' (repo2docker ignores pyproject.toml)"
    assert lines.count(".") == 1
    for line in lines[:-1]:
        assert re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*==[0-9][0-9A-Za-z.+!-]*", line), (
            f"not an exact pin: {line!r}"
        )
    names = [canonicalize_name(line.partition("==")[0]) for line in lines[:-1]]
    assert len(names) == len(set(names)), "a package is pinned twice"


def test_no_test_or_lint_tools_are_pinned():
    pinned = set(_pins())
    assert not pinned & {canonicalize_name(n) for n in TEST_ONLY}


def test_every_runtime_dependency_is_pinned_within_its_specifier():
    pins = _pins()
    for line in _project()["dependencies"]:
        requirement = Requirement(line)
        name = canonicalize_name(requirement.name)
        assert name in pins, f"{requirement.name} (a dependency in pyproject) is not pinned"
        assert requirement.specifier.contains(pins[name], prereleases=True), (
            f"{requirement.name}=={pins[name]} does not satisfy pyproject's '{line}'"
        )


def test_post_build_is_an_executable_strict_bash_script():
    script = BINDER / "postBuild"
    assert os.access(script, os.X_OK), "postBuild must be executable"
    text = script.read_text()
    assert text.startswith("#!/bin/bash\n")
    assert "set -euo pipefail" in text


# -------------------------------------------------- the environment, built once
def _base_python(version: tuple[int, int]) -> str:
    if sys.version_info[:2] == version:
        return sys.executable
    found = shutil.which("python{}.{}".format(*version))
    if found is None:
        pytest.skip("runtime.txt asks for Python {}.{}, which is not installed".format(*version))
    return found


def _run(command, *, env, cwd=ROOT, timeout=1800) -> subprocess.CompletedProcess:
    done = subprocess.run(
        command, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )
    if done.returncode != 0:
        pytest.fail(
            f"{' '.join(map(str, command))} failed ({done.returncode}):\n"
            f"{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
        )
    return done


@pytest.fixture(scope="session")
def binder_env(tmp_path_factory):
    """A virtual environment made only from binder/, as repo2docker would make it."""
    folder = tmp_path_factory.mktemp("binder")
    prefix = folder / "env"
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env.update(
        NB_PYTHON_PREFIX=str(prefix),
        PATH=f"{prefix / 'bin'}{os.pathsep}{env.get('PATH', '')}",
        PYTHONNOUSERSITE="1",
        JUPYTER_PREFER_ENV_PATH="1",  # kernels and settings of this environment first
        JUPYTER_CONFIG_DIR=str(folder / "jupyter-config"),
        JUPYTER_DATA_DIR=str(folder / "jupyter-data"),
        JUPYTER_RUNTIME_DIR=str(folder / "jupyter-runtime"),
    )
    python = prefix / "bin" / "python"
    start = time.perf_counter()
    _run([_base_python(_runtime_version()), "-m", "venv", str(prefix)], env=env)
    # repo2docker: `pip install -r binder/requirements.txt` with the repository as cwd
    _run([python, "-m", "pip", "install", "--quiet", "-r", "binder/requirements.txt"], env=env)
    built = time.perf_counter()
    _run(["bash", "binder/postBuild"], env=env, timeout=600)
    done = time.perf_counter()
    _record(build_seconds=built - start, post_build_seconds=done - built)
    return SimpleNamespace(prefix=prefix, python=python, env=env)


def _run_notebook(binder_env, path: Path) -> dict:
    done = _run(
        [binder_env.python, "-c", RUN_NOTEBOOK, str(path), str(CELL_TIMEOUT_SECONDS)],
        env=binder_env.env,
        cwd=path.parent,
        timeout=CELL_TIMEOUT_SECONDS * 10,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.slow
def test_a_fresh_install_holds_exactly_the_pinned_versions(binder_env):
    listed = _run(
        [binder_env.python, "-m", "pip", "list", "--format=json"], env=binder_env.env
    ).stdout
    installed = {canonicalize_name(d["name"]): d["version"] for d in json.loads(listed)}
    installed = {n: v for n, v in installed.items() if n not in BOOTSTRAP}
    assert installed.pop("intimacy-dynamics", None), "the '.' line did not install the package"
    unpinned = sorted(f"{n}=={v}" for n, v in installed.items() if n not in _pins())
    assert not unpinned, f"installed but not pinned (add them to requirements.txt): {unpinned}"
    assert installed == _pins()


@pytest.mark.slow
def test_pip_check_passes(binder_env):
    _run([binder_env.python, "-m", "pip", "check"], env=binder_env.env)


@pytest.mark.slow
def test_post_build_installed_the_lab_settings_where_jupyterlab_reads_them(binder_env):
    paths = _run([binder_env.prefix / "bin" / "jupyter-lab", "path"], env=binder_env.env).stdout
    app_dir = re.search(r"Application directory:\s*(\S+)", paths)[1]
    assert Path(app_dir).resolve() == (binder_env.prefix / "share/jupyter/lab").resolve()
    installed = Path(app_dir) / "settings" / "overrides.json"
    assert json.loads(installed.read_text()) == json.loads(SETTINGS.read_text())


@pytest.mark.slow
def test_kernel_is_the_binder_environment_with_the_installed_package(binder_env, tmp_path):
    probe = nbformat.v4.new_notebook()
    probe.cells = [
        nbformat.v4.new_code_cell(
            "import sys, intimacy_dynamics\nprint(sys.prefix)\nprint(intimacy_dynamics.__file__)"
        )
    ]
    probe.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    path = tmp_path / "probe.ipynb"
    nbformat.write(probe, path)
    result = _run_notebook(binder_env, path)
    assert result["failure"] is None, result["failure"]
    prefix, package = result["stdout"].split()
    assert Path(prefix).resolve() == binder_env.prefix.resolve()
    assert Path(package).resolve().is_relative_to(binder_env.prefix.resolve())


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_runs_top_to_bottom_in_the_binder_environment(binder_env, path):
    result = _run_notebook(binder_env, path)
    _record(**{f"notebook_seconds.{path.stem}": result["seconds"]})
    assert result["failure"] is None, f"{path.name}:\n{result['failure']}"
    assert not result["stderr"], f"{path.name} wrote to stderr: {result['stderr'][0][:2000]}"
