"""docs/brukerveiledning.md: every command it shows runs against the demo database."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

GUIDE = Path(__file__).resolve().parent.parent / "docs" / "brukerveiledning.md"


def guide_commands() -> list[list[str]]:
    text = GUIDE.read_text(encoding="utf-8")
    blocks = re.findall(r"```console\n(.*?)```", text, re.S)
    return [
        shlex.split(line[2:])[1:]
        for block in blocks
        for line in block.splitlines()
        if line.startswith("$ recoverykit ")
    ]


def test_guide_shows_commands_for_every_task() -> None:
    commands = [" ".join(c[:2]) for c in guide_commands()]
    for task in (
        "plan status",
        "fit record",
        "fit show",
        "cards print",
        "goals add",
        "report monthly",
        "db check",
    ):
        assert task in commands, task


def test_every_command_in_the_guide_runs_on_the_demo(tmp_path, monkeypatch) -> None:
    """On the demo's own kind of database (a SQLite file), also when the suite runs on
    PostgreSQL: the guide shows `db backup`, which is for SQLite files."""
    from tests.conftest import Cli

    monkeypatch.chdir(tmp_path)
    cli = Cli(str(tmp_path / "demo.db"))
    demo = cli("demo", "--out", str(tmp_path / "demo-out"))
    assert demo.exit_code == 0, demo.stderr
    for args in guide_commands():
        result = cli(*args)
        assert result.exit_code == 0, f"recoverykit {' '.join(args)}: {result.stderr}"
    assert (tmp_path / "kort.pdf").stat().st_size > 0
