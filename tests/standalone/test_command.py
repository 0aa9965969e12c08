"""``intimacy-lab export``: writes a page, and refuses a bad option in one line."""

import subprocess
import sys

import pytest

from intimacy_dynamics.cli import main


def test_export_writes_a_classic_models_page(tmp_path, capsys):
    path = tmp_path / "lab.html"
    assert main(["export", "-o", str(path), "--lab", "rinaldi_linear"]) == 0
    assert path.stat().st_size > 4_000_000  # plotly.js is inline by default
    assert "RinaldiLinear" in path.read_text(encoding="utf-8")
    assert "needs no server" in capsys.readouterr().out


def test_export_can_reference_a_shared_plotly(tmp_path):
    path = tmp_path / "lab.html"
    assert main(["export", "-o", str(path), "--lab", "strogatz", "--plotly", "js/p.js"]) == 0
    assert path.stat().st_size < 300_000


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (["--lab", "nonsense"], "unknown lab 'nonsense'"),
        (["--lab", "rinaldi_lineer"], "did you mean 'rinaldi_linear'"),
        (["--plotly", "https://cdn.plot.ly/plotly.min.js"], "relative URL"),
    ],
)
def test_a_bad_option_is_one_line_and_status_2(tmp_path, capsys, argv, said):
    path = tmp_path / "lab.html"
    assert main(["export", "-o", str(path), *argv]) == 2
    err = capsys.readouterr().err
    assert said in err
    assert "Traceback" not in err
    assert not path.exists()


def test_an_unwritable_path_is_said(tmp_path, capsys):
    target = tmp_path / "missing" / "lab.html"
    assert main(["export", "-o", str(target), "--lab", "strogatz", "--plotly", "p.js"]) == 2
    assert "cannot write" in capsys.readouterr().err


def test_argparse_errors_exit_2_without_a_traceback():
    done = subprocess.run(
        [sys.executable, "-m", "intimacy_dynamics.cli", "export", "--lab", "strogatz"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2
    assert "-o/--output" in done.stderr
    assert "Traceback" not in done.stderr


def test_the_launcher_keeps_its_options_without_the_subcommand():
    from intimacy_dynamics.cli import parse

    args, extra = parse(["--port", "8890", "--no-browser"])
    assert args.port == 8890
    assert not args.app
    assert extra == []
