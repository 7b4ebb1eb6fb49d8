"""Docs that cannot drift: every command has help in both languages, the CLI reference is
generated from the code, and the README's quick start is what CI runs."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import typer

from recoverykit.cli import prepare

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
from cli_reference import walk  # noqa: E402


def commands(lang: str) -> list[tuple[tuple[str, ...], object]]:
    return walk(typer.main.get_command(prepare(["--lang", lang], every_group=True)))


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_every_command_and_option_has_help(lang: str) -> None:
    for path, command in commands(lang):
        assert (command.help or "").strip(), f"{' '.join(path)} has no help ({lang})"  # type: ignore[attr-defined]
        for param in command.params:  # type: ignore[attr-defined]
            if getattr(param, "param_type_name", "") == "option" and param.name != "help":
                assert (param.help or "").strip(), f"{' '.join(path)} {param.opts} has no help"


def test_help_texts_differ_between_languages() -> None:
    nb = {p: c.help for p, c in commands("nb")}  # type: ignore[attr-defined]
    en = {p: c.help for p, c in commands("en")}  # type: ignore[attr-defined]
    same = [" ".join(p) for p in nb if p and nb[p] == en[p]]
    assert same == [], f"not translated: {same}"


def test_cli_reference_is_up_to_date() -> None:
    proc = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "cli_reference.py"), "--check"],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_readme_quick_start_is_two_commands_ci_runs() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"<!-- quickstart:begin -->\n(.*?)<!-- quickstart:end -->", readme, re.S)
    assert block is not None
    commands_ = [line[2:] for line in block.group(1).splitlines() if line.startswith("$ ")]
    assert len(commands_) == 2
    assert "recoverykit demo" in commands_[0]
    assert "pytest" in commands_[1]
    assert "quickstart:begin" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
