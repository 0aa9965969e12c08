"""Real servers and a real browser: JupyterLab and Voila on loopback, Debian chromium.

The servers are started with the project's own launcher (``intimacy-lab``), so these
tests exercise what users run. Chromium is Debian's, driven by Playwright through
``executable_path`` (nothing is downloaded). Without chromium the tests are skipped
locally, and fail in CI (``CI`` set), where they must run.
"""

import os
import shutil
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import nbformat
import pytest

from intimacy_dynamics.cli import build_command, parse

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium")
ROOT = Path(__file__).resolve().parents[2]
RESULTS = ROOT / "test-results"

# The project's lab notebook (an IntimacyLab), as users open it. Each test that runs it
# in JupyterLab opens its own copy, so it gets a fresh kernel and no stale output
# (JupyterLab keeps one kernel per notebook path); Voila starts a kernel per page.
APP_NOTEBOOK = "lab.ipynb"
APP_COPIES = (
    "browser_intimacy_lab.ipynb",
    "browser_intimacy_lab_keys.ipynb",
    "browser_intimacy_lab_noise.ipynb",
)

# A ModelLab over a classic model, written by the fixture (two copies, as above)
LAB_OPTIONS = {"plots": ["L", "P", "Z"], "phase": ("L", "P"), "params": ["beta_Z", "A_L", "delta"]}
LAB_CELLS = [
    "from intimacy_dynamics.classic import laura_petrarch\n"
    "from intimacy_dynamics.widgets import ModelLab",
    f"lab = ModelLab(laura_petrarch(), **{LAB_OPTIONS!r})\nlab",
]
LAB_NOTEBOOK = "browser_lab.ipynb"
TYPING_NOTEBOOK = "browser_lab_typing.ipynb"

# LivePlot on its own: IntimacyLab's six panels at tight tolerances, and a model with no
# JavaScript form, which the kernel integrates for the same front end
LIVE_NOTEBOOK = "browser_live_plot.ipynb"
LIVE_TOLERANCES = {"rtol": 1e-7, "atol": 1e-12}  # page and kernel alike
LIVE_CELLS = [
    "from intimacy_dynamics import IntimacyModel\n"
    "from intimacy_dynamics.intimacy.model import PERSON_PARAMETERS\n"
    "from intimacy_dynamics.widgets import LivePlot\n"
    "from intimacy_dynamics.widgets.intimacy_lab import PANELS",
    "controls = [f'{base}_{p}' for p in 'AB' for base in PERSON_PARAMETERS]\n"
    "plot = LivePlot(IntimacyModel(), PANELS, controls=controls, initial=['trust_A', 'trust_B'],\n"
    f"                n_points=201, **{LIVE_TOLERANCES!r})\n"
    "plot",
    "import sympy\n"
    "from intimacy_dynamics import Model, Param, State\n"
    "x, k = sympy.symbols('x k')\n"
    "erf_model = Model.from_equations(\n"
    "    {x: sympy.erf(k) - x}, params={'k': Param(0.3, bounds=(0, 3), label='Drive')},\n"
    "    states={'x': State(0.0, bounds=(0, 0.6), label='Level')}, t_span=(0, 10),\n"
    "    name='ErrorFunction')\n"
    "LivePlot(erf_model, ['x'], n_points=51)",
]


def pytest_collection_modifyitems(config, items):
    if CHROMIUM:
        return
    if os.environ.get("CI"):
        raise pytest.UsageError(
            "browser tests need Debian chromium in CI: apt-get install chromium"
        )
    skip = pytest.mark.skip(reason="chromium is not installed (apt-get install chromium)")
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    flags = [
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-quic",
    ]
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": flags}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": 1400, "height": 1000}}


@pytest.fixture(scope="session")
def results_dir():
    RESULTS.mkdir(exist_ok=True)
    return RESULTS


def write_notebook(path: Path, cells: list[str]) -> None:
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell(source) for source in cells]
    notebook.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nbformat.write(notebook, path)


@pytest.fixture(scope="session")
def notebook_dir(tmp_path_factory):
    folder = tmp_path_factory.mktemp("notebooks")
    for name in (LAB_NOTEBOOK, TYPING_NOTEBOOK):
        write_notebook(folder / name, LAB_CELLS)
    write_notebook(folder / LIVE_NOTEBOOK, LIVE_CELLS)
    for path in (ROOT / "notebooks").glob("*.ipynb"):  # the course, as students open it
        shutil.copy(path, folder / path.name)
    for copy in APP_COPIES:
        shutil.copy(ROOT / "notebooks" / APP_NOTEBOOK, folder / copy)
    return folder


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """A server process started by ``intimacy-lab``, stopped at the end of the session."""

    def __init__(self, argv, log_path: Path, ready_path: str):
        args, extra = parse(argv)
        command, self.url = build_command(args, extra)
        self.base = f"http://127.0.0.1:{args.port}"
        self.log = log_path.open("w")
        self.process = subprocess.Popen(
            command, stdout=self.log, stderr=subprocess.STDOUT, cwd=log_path.parent
        )
        self.wait(self.base + ready_path)

    def wait(self, url: str, timeout: float = 90.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited early; see {self.log.name}")
            try:
                with urllib.request.urlopen(url, timeout=5) as response:
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.3)
        raise TimeoutError(f"server did not answer at {url} within {timeout} s")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()


def jupyterlab(notebook_dir: Path, workspaces: Path) -> Server:
    """JupyterLab on ``notebook_dir``, with no token and ``window.jupyterapp`` exposed."""
    argv = [
        "--port",
        str(free_port()),
        "--notebooks",
        str(notebook_dir),
        "--no-browser",
        "--no-auth",
        "--",
        "--ServerApp.port_retries=0",
        "--LabApp.expose_app_in_browser=True",
        f"--LabApp.workspaces_dir={workspaces}",
        "--ServerApp.disable_check_xsrf=True",
    ]
    return Server(argv, notebook_dir / "jupyterlab.log", "/lab")


@pytest.fixture(scope="session")
def lab_server(notebook_dir, tmp_path_factory):
    server = jupyterlab(notebook_dir, tmp_path_factory.mktemp("workspaces"))
    yield server
    server.stop()


def voila(notebook_dir, notebook: str) -> Server:
    argv = [
        "--app",
        "--port",
        str(free_port()),
        "--notebooks",
        str(notebook_dir),
        "--notebook",
        notebook,
        "--",
        "--Voila.port_retries=0",
    ]
    return Server(argv, notebook_dir / f"voila-{Path(notebook).stem}.log", "/")


@pytest.fixture(scope="session")
def app_server(notebook_dir):
    server = voila(notebook_dir, APP_NOTEBOOK)
    yield server
    server.stop()
