"""``recoverykit --help`` reads the top-level commands from cli/index.py instead of importing
and building every command group; the index is made from the groups and must match them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.test_imports import loaded_after

ROOT = Path(__file__).resolve().parent.parent


def test_the_index_is_up_to_date() -> None:
    proc = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "cli_index.py"), "--check"],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


@pytest.mark.parametrize("args", [["--help"], ["--lang", "en", "-h"], [], ["--help", "--lang=en"]])
@pytest.mark.parametrize("width", ["80", "120"])
def test_the_top_level_help_from_the_index_is_the_groups_own(
    args: list[str], width: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import recoverykit.cli as cli

    monkeypatch.setenv("COLUMNS", width)
    runner = CliRunner()
    from_index = runner.invoke(cli.prepare(args), args, prog_name="recoverykit")
    from_groups = runner.invoke(cli.prepare(args, every_group=True), args, prog_name="recoverykit")
    assert from_index.output == from_groups.output
    assert from_index.exit_code == from_groups.exit_code
    assert "fit " in from_index.output and "cards " in from_index.output


def test_the_top_level_help_imports_no_command_group() -> None:
    loaded = loaded_after("--help")
    groups = sorted(m for m in loaded if m.startswith("recoverykit.cli.") and m not in {
        "recoverykit.cli.common", "recoverykit.cli.localise", "recoverykit.cli.index",
    })  # fmt: skip
    assert groups == []
    assert "recoverykit.cli.fit" in loaded_after("fit", "--help")


def test_a_mistyped_command_still_gets_its_suggestion(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("dept", "lst", db=False)
    assert result.exit_code == 2
    assert "list" in result.output
    top = cli("dpet", db=False)
    assert top.exit_code == 2 and "dept" in top.output


def test_each_command_builds_only_the_group_that_registers_it() -> None:
    from recoverykit.cli import GROUPS, INDEX, groups_for
    from recoverykit.cli.index import TOP_LEVEL

    for name, module, *_help in TOP_LEVEL:
        assert groups_for([name, "--help"]) == (module,)
        assert groups_for(["--lang", "en", "--dialect", "plain", name]) == (module,)
    assert groups_for(["survay"]) == GROUPS  # unknown: every group, for the suggestion
    assert groups_for(["--lang", "en"]) == INDEX


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_command_lists_wrap_their_help_instead_of_cutting_it(
    lang: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """At 80 columns (a projector) every group lists its commands with the whole first
    sentence of their help, wrapped, never cut with «...»."""
    import typer.main

    import recoverykit.cli as cli
    from tests.test_docs import walk

    monkeypatch.setenv("COLUMNS", "80")
    command = typer.main.get_command(cli.prepare(["--lang", lang], every_group=True))
    groups = [(path, c) for path, c in walk(command) if getattr(c, "commands", None)]
    assert len(groups) > 10
    for path, group in groups:
        ctx = typer.Context(group, info_name=" ".join(("recoverykit", *path)))
        text = group.get_help(ctx)
        listed = text.split("Kommandoer:" if lang == "nb" else "Commands:")[1]
        assert "..." not in listed, (path, listed)
        assert max(len(line) for line in text.splitlines()) <= 80, path
