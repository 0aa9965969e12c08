"""The ``intimacy-lab`` command: JupyterLab on the notebooks, or one notebook as an app.

``intimacy-lab`` starts JupyterLab on the notebooks folder. ``intimacy-lab --app``
starts Voila on the lab notebook, a standalone app with no code cells. Both bind to
127.0.0.1 only and print the address to open. JupyterLab is protected by a fresh
random token, which is part of that address.

The command is strict, because a JupyterLab runs any code its users send:

* ``--token`` must not be empty (an empty token turns authentication off). Running
  without authentication takes the explicit ``--no-auth``, and prints a warning: every
  user of the machine can then run code as you.
* ``--port`` must be from 1 to 65535.
* An option the command does not know is an error. Options for JupyterLab or Voila go
  after ``--``: ``intimacy-lab --port 8890 -- --ServerApp.port_retries=0``.

``intimacy-lab export -o lab.html`` writes the lab as one standalone HTML page instead
(:mod:`intimacy_dynamics.standalone.command`); it starts no server.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import secrets
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

__all__ = ["SETTINGS_DIR", "build_command", "main", "parse"]

SETTINGS_DIR = Path(__file__).resolve().parent / "lab_settings"
APP_NOTEBOOK = "lab.ipynb"
START_NOTEBOOK = "00_start_here.ipynb"


def _notebooks_folder(explicit: str | None) -> Path:
    if explicit:
        return Path(explicit).resolve()
    here = Path.cwd() / "notebooks"
    if here.is_dir():
        return here
    return Path(__file__).resolve().parent.parent / "notebooks"


def build_command(args: argparse.Namespace, extra: list[str] = ()) -> tuple[list[str], str]:
    """The server command line for ``args`` and the URL to open.

    Examples
    --------
    >>> ns, _ = parse(["--port", "8899", "--notebooks", "/tmp", "--no-browser",
    ...                "--token", "abc"])
    >>> command, url = build_command(ns)
    >>> command[1:4], url
    (['-m', 'jupyterlab', '--ServerApp.ip=127.0.0.1'], 'http://127.0.0.1:8899/lab?token=abc')
    """
    folder = _notebooks_folder(args.notebooks)
    root_flag = ["--ServerApp.allow_root=True"] if hasattr(os, "geteuid") and os.geteuid() == 0 \
        else []  # fmt: skip
    if args.app:
        notebook = folder / (args.notebook or APP_NOTEBOOK)
        command = [
            sys.executable,
            "-m",
            "voila",
            str(notebook),
            "--Voila.ip=127.0.0.1",
            f"--Voila.port={args.port}",
            "--Voila.open_browser=False",
            "--theme=light",
        ]
        return [*command, *extra], f"http://127.0.0.1:{args.port}/"
    command = [
        sys.executable,
        "-m",
        "jupyterlab",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={args.port}",
        f"--ServerApp.root_dir={folder}",
        f"--IdentityProvider.token={args.token}",
        f"--LabServerApp.app_settings_dir={SETTINGS_DIR}",
        *root_flag,
    ]
    path = "lab"
    start = args.notebook or (START_NOTEBOOK if (folder / START_NOTEBOOK).exists() else None)
    if start:
        path = f"lab/tree/{start}"
        command.append(f"--LabApp.default_url=/{path}")
    if args.no_browser:
        command.append("--ServerApp.open_browser=False")
    query = f"?token={quote(args.token, safe='')}" if args.token else ""
    return [*command, *extra], f"http://127.0.0.1:{args.port}/{path}{query}"


NO_AUTH_WARNING = (
    "intimacy-lab: WARNING: --no-auth turns JupyterLab's authentication off. Anyone who "
    "can reach {address} (every user of this machine) can run code as you. Use it only on "
    "a machine of your own, or for automated tests."
)


def _port(text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        port = 0
    if not 1 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number from 1 to 65535")
    return port


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="intimacy-lab",
        description="Launch the intimacy_dynamics lab: JupyterLab on the notebooks, or with "
        "--app one notebook as a standalone app (Voila). Binds to 127.0.0.1.",
        epilog="Options after -- are passed on to JupyterLab (or Voila) unchanged.",
        allow_abbrev=False,
    )
    parser.add_argument("--app", action="store_true", help="open the lab notebook as an app")
    parser.add_argument(
        "--port", type=_port, help="port from 1 to 65535 (default 8888, or 8866 with --app)"
    )
    parser.add_argument("--notebooks", help="folder of notebooks (default: ./notebooks)")
    parser.add_argument("--notebook", help="notebook to open (default: the start or lab one)")
    parser.add_argument("--no-browser", action="store_true", help="do not open a browser")
    parser.add_argument("--token", default=None, help="JupyterLab token (default: random)")
    parser.add_argument(
        "--no-auth",
        action="store_true",
        help="run JupyterLab without authentication (unsafe on a shared machine)",
    )
    return parser


def parse(argv: list[str] | None = None) -> tuple[argparse.Namespace, list[str]]:
    """Parse the command's own options; return them and the options after ``--``.

    Examples
    --------
    >>> args, extra = parse(["--port", "8890", "--", "--ServerApp.port_retries=0"])
    >>> args.port, extra
    (8890, ['--ServerApp.port_retries=0'])
    """
    argv = list(sys.argv[1:] if argv is None else argv)
    own, extra = (argv[: argv.index("--")], argv[argv.index("--") + 1 :]) if "--" in argv \
        else (argv, [])  # fmt: skip
    parser = _parser()
    args, unknown = parser.parse_known_args(own)
    if unknown:
        parser.error(
            f"unknown option(s): {' '.join(unknown)}. Options for JupyterLab or Voila go "
            "after --, e.g. intimacy-lab -- --ServerApp.port_retries=0"
        )
    if args.token is not None and args.no_auth:
        parser.error("--token and --no-auth exclude each other")
    if args.token is not None and not args.token.strip():
        parser.error(
            "--token must not be empty: an empty token turns authentication off. To run "
            "without authentication on purpose, pass --no-auth"
        )
    if args.port is None:
        args.port = 8866 if args.app else 8888
    if args.no_auth:
        args.token = ""
    elif args.token is None:
        args.token = secrets.token_urlsafe(16)
    return args, extra


def main(argv: list[str] | None = None) -> int:
    """Run the lab until it is stopped (Ctrl-C); ``export`` writes a standalone page."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["export"]:
        from intimacy_dynamics.standalone.command import main as export

        return export(argv[1:])
    args, extra = parse(argv)
    needed = "voila" if args.app else "jupyterlab"
    if importlib.util.find_spec(needed) is None:
        print(f"intimacy-lab: {needed} is not installed here; run `make lab`", file=sys.stderr)
        return 2
    command, url = build_command(args, extra)
    if args.no_auth and not args.app:
        print(NO_AUTH_WARNING.format(address=f"127.0.0.1:{args.port}"), file=sys.stderr)
    print(f"The lab will be at {url}  (Ctrl-C to stop)", flush=True)
    try:
        return subprocess.call(command)
    except KeyboardInterrupt:
        return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
