"""Every listing command (one with ``--format table|json|csv``) prints valid JSON and CSV
through the one printer (``recoverykit.render.output.print_rows``), on the demo's database.

The commands are found by walking the CLI, so a new listing is checked without being named
here; only the arguments a command needs are looked up from the demo's own data."""

from __future__ import annotations

import csv
import io
import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Cli


def listing_commands() -> list[tuple[tuple[str, ...], list[tuple[str, str]]]]:
    """(command path, its required arguments) for every command with a table|json|csv format."""
    import typer

    from recoverykit.cli import make_app

    found = []

    def walk(command: Any, path: tuple[str, ...]) -> None:
        if hasattr(command, "commands"):
            for name, sub in command.commands.items():
                walk(sub, (*path, name))
            return
        params = command.params
        if any(
            "--format" in getattr(p, "opts", ()) and p.metavar == "table|json|csv" for p in params
        ):
            found.append((path, [(p.name, p.opts[0]) for p in params if p.required]))

    walk(typer.main.get_command(make_app()), ())
    return found


LISTINGS = listing_commands()


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The demo's database, made once for this module (the commands only read it)."""
    folder = tmp_path_factory.mktemp("listing-demo")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("RECOVERYKIT_HOME", str(folder / "home"))
        mp.setenv("RECOVERYKIT_CONFIG", str(folder / "config.toml"))
        result = Cli(str(folder / "demo.db"))("demo", "--out", str(folder / "out"))
    assert result.exit_code == 0, result.stderr
    yield folder / "demo.db"


@pytest.fixture
def demo_cli(demo_db: Path, tmp_path: Path) -> Cli:
    copy = tmp_path / "demo.db"
    shutil.copyfile(demo_db, copy)
    return Cli(str(copy))


def _arguments(cli: Cli, required: list[tuple[str, str]]) -> list[str]:
    values: list[str] = []
    for name, opt in required:
        if opt.startswith("--"):
            values.append(opt)
        if name == "plan_id":
            plans = json.loads(cli("plan", "list", "--format", "json").stdout)
            values.append(str(plans[-1]["id"]))
        elif name == "clinician":
            clients = json.loads(cli("fit", "client", "list", "--format", "json").stdout)
            values.append(clients[0]["clinician"])
        elif name == "code":
            clients = json.loads(cli("fit", "client", "list", "--format", "json").stdout)
            values.append(clients[0]["code"])
        else:  # a new required argument: say which, rather than guess
            raise AssertionError(f"no demo value for the argument {name!r}")
    return values


def test_the_walk_finds_the_listings() -> None:
    paths = {" ".join(path) for path, _ in LISTINGS}
    assert {"fit summary", "plan status", "goals list", "audit list", "dept list"} <= paths
    assert len(paths) >= 20


@pytest.mark.parametrize(
    ("path", "required"), LISTINGS, ids=[" ".join(path) for path, _ in LISTINGS]
)
def test_listing_gives_valid_json_and_csv(
    demo_cli: Cli, path: tuple[str, ...], required: list[tuple[str, str]]
) -> None:
    args = [*path, *_arguments(demo_cli, required)]

    as_json = demo_cli(*args, "--format", "json")
    assert as_json.exit_code == 0, as_json.stderr
    document = json.loads(as_json.stdout)
    assert isinstance(document, list | dict)
    assert as_json.stdout.endswith("}\n") or as_json.stdout.endswith("]\n")

    for dialect, delimiter in (("excel-nb", ";"), ("plain", ",")):
        as_csv = demo_cli("--dialect", dialect, *args, "--format", "csv")
        assert as_csv.exit_code == 0, as_csv.stderr
        text = as_csv.stdout.removeprefix("\ufeff")
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
        assert rows, f"{' '.join(path)}: no CSV header"
        header = rows[0]
        assert all(len(row) == len(header) for row in rows), f"{' '.join(path)}: ragged CSV"
        # every column named (excel-nb: its header, plain: its key), each once
        assert all(header) and len(set(header)) == len(header), header
