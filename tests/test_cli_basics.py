"""The front door: help in both languages, version, python -m, the error boundary."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from recoverykit import __version__


def test_help_is_norwegian_by_default(cli) -> None:
    result = cli("--help", db=False)
    assert result.exit_code == 0
    assert "Avdelinger og recoverykontakter." in result.stdout
    assert "Opprett eller oppgrader databasen" in result.stdout


def test_help_in_english_with_lang(cli) -> None:
    result = cli("--lang", "en", "--help", db=False)
    assert result.exit_code == 0
    assert "Departments and recovery contacts." in result.stdout
    assert "Avdelinger" not in result.stdout


def test_help_in_english_with_environment(cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RECOVERYKIT_LANG", "en")
    result = cli("dept", "--help", db=False)
    assert "Add a department." in result.stdout


def test_version(cli) -> None:
    result = cli("--version", db=False)
    assert result.exit_code == 0
    assert result.stdout == f"recoverykit {__version__}\n"


def test_python_dash_m_runs_the_cli() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "recoverykit", "--version"], capture_output=True, text=True
    )
    assert proc.returncode == 0
    assert proc.stdout.strip() == f"recoverykit {__version__}"


def test_unknown_command_is_bad_usage(cli) -> None:
    result = cli("dept", "nope")
    assert result.exit_code == 2


def test_unexpected_errors_give_one_line_and_no_traceback(cli, monkeypatch) -> None:
    import recoverykit.services.departments as services

    def boom(*args, **kwargs):
        raise ValueError("secret client text K-0001")

    monkeypatch.setattr(services, "list_departments", boom)
    result = cli("dept", "list")
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1
    assert "ValueError" in result.stderr
    assert "secret" not in result.output
    assert "Traceback" not in result.output


def test_installed_command_reports_domain_error_in_english(tmp_path) -> None:
    env = {**os.environ, "RECOVERYKIT_LANG": "en", "RECOVERYKIT_HOME": str(tmp_path)}
    init = [sys.executable, "-m", "recoverykit", "--db", str(tmp_path / "x.db"), "init"]
    subprocess.run(init, check=True, capture_output=True, env=env)
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "recoverykit",
            "--db",
            str(tmp_path / "x.db"),
            "dept",
            "add",
            "",
            "X",
        ],
        capture_output=True,
        text=True,
        env=env,
    )
    assert proc.returncode == 2
    assert proc.stderr == "Error: CODE: must not be empty\n"
    assert proc.stdout == ""


def test_closed_pipe_stops_quietly(tmp_path) -> None:
    import sqlite3

    db = str(tmp_path / "pipe.db")
    subprocess.run([sys.executable, "-m", "recoverykit", "--db", db, "init"], check=True)
    with sqlite3.connect(db) as conn:  # far more than a pipe buffer holds (64 KiB)
        conn.executemany(
            "INSERT INTO department (code, code_key, name) VALUES (?, ?, ?)",
            [(f"D{i}", f"d{i}", "Avdeling " + "x" * 60) for i in range(3000)],
        )
    proc = subprocess.Popen(
        [sys.executable, "-m", "recoverykit", "--db", db, "dept", "list"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    proc.stdout.close()  # the reader is gone before anything is written
    _, stderr = proc.communicate(timeout=60)
    assert stderr == ""
    assert proc.returncode == 1


def test_missing_database_is_an_error_and_nothing_is_created(tmp_path, monkeypatch) -> None:
    """Only init and demo create a database; a typo in --db must not make an empty unit."""
    from recoverykit.cli.common import reset_state
    from tests.conftest import Cli

    missing = tmp_path / "typo" / "rk.db"
    result = Cli(None)("--db", str(missing), "dept", "list")
    assert result.exit_code == 1
    assert result.stderr == (
        f"Feil: databasen {missing} finnes ikke (valgt av --db); "
        "kjør «recoverykit init» for å opprette den\n"
    )
    assert not missing.parent.exists()
    monkeypatch.setenv("RECOVERYKIT_DB", str(missing))
    reset_state()
    result = Cli(None)("--lang", "en", "fit", "summary")
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: the database {missing} does not exist (chosen by RECOVERYKIT_DB); "
        "run 'recoverykit init' to create it\n"
    )
    monkeypatch.delenv("RECOVERYKIT_DB")
    default = tmp_path / "home" / "recoverykit.db"
    monkeypatch.setenv("RECOVERYKIT_HOME", str(default.parent))
    result = Cli(None)("staff", "coverage")
    assert result.exit_code == 1
    assert "(valgt av standardplassen)" in result.stderr
    assert not default.parent.exists()
    assert Cli(None)("--db", str(missing), "init").exit_code == 0
    assert missing.exists()
