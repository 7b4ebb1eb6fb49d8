"""Typer's own words in the user's language: help headings and usage errors as one line."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from recoverykit.cli.localise import localise_help


def test_norwegian_help_has_no_english_chrome(cli) -> None:
    out = cli("dept", "add", "--help", db=False).stdout
    assert out.startswith("Bruk: recoverykit dept add [VALG] CODE NAME")
    assert "Argumenter:" in out and "Valg:" in out
    assert "Vis denne hjelpen og avslutt." in out
    for english in ("Usage:", "Options:", "Arguments:", "Show this message"):
        assert english not in out


def test_group_help_translates_commands_heading(cli) -> None:
    out = cli("--help", db=False).stdout
    assert "Kommandoer:" in out and "Commands:" not in out


def test_english_help_is_left_as_it_is(cli) -> None:
    out = cli("--lang", "en", "dept", "--help", db=False).stdout
    assert out.startswith("Usage: recoverykit dept [OPTIONS] COMMAND [ARGS]...")
    assert "Show this message and exit." in out


def test_translation_touches_only_whole_heading_lines() -> None:
    text = "Usage: x [OPTIONS]\n\n  Options: keep me\n\nOptions:\n  --a  [default: 3]"
    assert localise_help(text).splitlines() == [
        "Bruk: x [VALG]",
        "",
        "  Options: keep me",
        "",
        "Valg:",
        "  --a  [standard: 3]",
    ]


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (["dept", "add"], "Feil: CODE: mangler (se «recoverykit dept add --help»)\n"),
        (["dept", "add", "X"], "Feil: NAME: mangler (se «recoverykit dept add --help»)\n"),
        (
            ["dept", "list", "--bogus"],
            "Feil: --bogus: ukjent valg (se «recoverykit dept list --help»)\n",
        ),
        (["dept", "nope"], "Feil: ukjent kommando «nope» (se «recoverykit dept --help»)\n"),
        (
            ["demo", "--seed", "abc"],
            "Feil: --seed: «abc» er ikke et heltall (se «recoverykit demo --help»)\n",
        ),
        (
            ["dept", "add", "--recovery-contact"],
            "Feil: --recovery-contact: mangler en verdi (se «recoverykit dept add --help»)\n",
        ),
    ],
)
def test_usage_errors_are_one_norwegian_line_with_exit_2(cli, args, line) -> None:
    result = cli(*args)
    assert result.exit_code == 2
    assert result.stderr == line
    assert result.stdout == ""


def test_usage_errors_in_english(cli) -> None:
    result = cli("--lang", "en", "dept", "add")
    assert result.stderr == "Error: CODE: is missing (see 'recoverykit dept add --help')\n"


def test_installed_command_reports_usage_error_in_one_line(tmp_path) -> None:
    env = {**os.environ, "RECOVERYKIT_HOME": str(tmp_path)}
    env.pop("RECOVERYKIT_LANG", None)
    proc = subprocess.run(
        [sys.executable, "-m", "recoverykit", "dept", "list", "--format"],
        capture_output=True,
        text=True,
        env=env,
    )
    assert proc.returncode == 2
    assert proc.stderr == "Feil: --format: mangler en verdi (se «recoverykit dept list --help»)\n"
