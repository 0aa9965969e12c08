"""The launcher: no silent loss of authentication, ports in range, no stray options."""

import pytest

from intimacy_dynamics import cli


@pytest.mark.parametrize(
    ("argv", "culprits"),
    [
        (["--token", ""], ["--token must not be empty", "--no-auth"]),
        (["--token="], ["--token must not be empty"]),
        (["--token", "   "], ["--token must not be empty"]),
        (["--token", "abc", "--no-auth"], ["--token and --no-auth"]),
        (["--port", "70000"], ["--port", "'70000'", "1 to 65535"]),
        (["--port", "0"], ["--port", "'0'"]),
        (["--port", "-1"], ["--port", "'-1'"]),
        (["--port", "eighty"], ["--port", "'eighty'"]),
        (["--ServerApp.port_retries=0"], ["unknown option(s): --ServerApp.port_retries=0", "--"]),
        (["--tok", "abc"], ["unknown option(s): --tok abc"]),
        (["notebooks"], ["unknown option(s): notebooks"]),
    ],
)
def test_the_launcher_refuses_unsafe_or_unknown_options(capsys, argv, culprits):
    with pytest.raises(SystemExit) as caught:
        cli.parse(argv)
    assert caught.value.code == 2  # argparse's usage error, not a traceback
    error = capsys.readouterr().err
    for culprit in culprits:
        assert culprit in error, error


def test_options_after_the_separator_go_to_jupyterlab_unchanged():
    args, extra = cli.parse(["--no-browser", "--", "--ServerApp.port_retries=0", "--foo"])
    command, _ = cli.build_command(args, extra)
    assert command[-2:] == ["--ServerApp.port_retries=0", "--foo"]
    assert args.token  # a random token by default


def test_no_authentication_takes_an_explicit_flag_and_warns(capsys, monkeypatch):
    args, extra = cli.parse(["--no-auth", "--port", "8899"])
    command, url = cli.build_command(args, extra)
    assert "--IdentityProvider.token=" in command
    assert "token" not in url
    monkeypatch.setattr(cli.subprocess, "call", lambda command: 0)
    assert cli.main(["--no-auth", "--port", "8899"]) == 0
    warning = capsys.readouterr().err
    assert "WARNING" in warning
    assert "127.0.0.1:8899" in warning
