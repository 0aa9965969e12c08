"""The ``intimacy-lab`` command: launch JupyterLab on the teaching notebooks."""

from __future__ import annotations

import argparse
import importlib.util
import subprocess
import sys
from pathlib import Path

__all__ = ["main"]


def _notebooks_folder(explicit: str | None) -> Path:
    if explicit:
        return Path(explicit).resolve()
    here = Path.cwd() / "notebooks"
    if here.is_dir():
        return here
    return Path(__file__).resolve().parent.parent / "notebooks"


def build_command(args: argparse.Namespace) -> list[str]:
    """The JupyterLab command line for ``args`` (bound to localhost).

    Examples
    --------
    >>> ns = argparse.Namespace(port=8888, notebooks="/tmp", no_browser=True)
    >>> build_command(ns)[1:4]
    ['-m', 'jupyterlab', '--ServerApp.ip=127.0.0.1']
    """
    folder = _notebooks_folder(args.notebooks)
    command = [
        sys.executable,
        "-m",
        "jupyterlab",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={args.port}",
        f"--ServerApp.root_dir={folder}",
    ]
    start = folder / "00_start_here.ipynb"
    if start.exists():
        command.append(f"--LabApp.default_url=/lab/tree/{start.name}")
    if args.no_browser:
        command.append("--no-browser")
    return command


def main(argv: list[str] | None = None) -> int:
    """Parse ``argv`` and run JupyterLab until it is stopped."""
    parser = argparse.ArgumentParser(
        prog="intimacy-lab",
        description="Launch the intimacy_dynamics lab (JupyterLab on the notebooks, localhost).",
    )
    parser.add_argument("--port", type=int, default=8888, help="port to serve on (default 8888)")
    parser.add_argument("--notebooks", help="folder of notebooks (default: ./notebooks)")
    parser.add_argument("--no-browser", action="store_true", help="do not open a browser")
    args = parser.parse_args(argv)
    if importlib.util.find_spec("jupyterlab") is None:
        parser.error("JupyterLab is not installed in this environment; run `make lab`")
    print(f"Starting the lab on http://127.0.0.1:{args.port}/lab (Ctrl-C to stop)", flush=True)
    try:
        return subprocess.call(build_command(args))
    except KeyboardInterrupt:
        return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
