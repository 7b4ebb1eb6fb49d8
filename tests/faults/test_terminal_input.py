"""Arguments that are not valid text, control characters and bidirectional tricks: refused on
input with one line naming the field (exit 2, nothing written), and neutralised wherever text
from the database is shown (terminal, CSV, Markdown, HTML)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import typer

from recoverykit.cli import prepare
from recoverykit.domain.text import visible
from tests.rowdump import dump

ROOT = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
from cli_reference import walk  # noqa: E402

LEAVES = [
    path
    for path, command in walk(typer.main.get_command(prepare(["--lang", "nb"], every_group=True)))
    if path and not hasattr(command, "commands")
]
INVALID = "\udcff"  # what the bytes b"\xff" become in sys.argv
BAD_TEXT = "er ikke gyldig tekst (ugyldige UTF-8-byte eller et enslig surrogattegn)"


def test_there_are_many_commands() -> None:
    assert len(LEAVES) >= 40


@pytest.mark.parametrize("path", LEAVES, ids=[" ".join(p) for p in LEAVES])
def test_invalid_text_as_first_argument_exits_2_naming_the_field(
    cli: Any, path: tuple[str, ...]
) -> None:
    if path == ("demo",):
        args = ["--out", INVALID]
        field = "--out"
    else:
        args = [INVALID]
        field = None
    before = dump(cli.db_url)
    r = cli(*path, *args)
    assert r.exit_code == 2, r.output
    assert r.stdout == ""
    assert r.stderr.endswith(f": {BAD_TEXT}\n") and r.stderr.count("\n") == 1
    if field:
        assert r.stderr == f"Feil: {field}: {BAD_TEXT}\n"
    assert INVALID not in r.stderr
    assert dump(cli.db_url) == before


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (["dept", "add", "A", INVALID], "NAVN"),
        (["dept", "add", INVALID, "Navn"], "KODE"),
        (["dept", "list", "--format", INVALID], "--format"),
        (["fit", "record", "K1", "--ors", "1", INVALID, "1", "1"], "--ors"),
        (["fit", "record", INVALID, "--ors", "1", "1", "1", "1"], "KLIENT"),
        (["goals", "list", "--dept", INVALID], "--dept"),
        (["report", "monthly", f"--out={INVALID}"], "--out"),
    ],
)
def test_the_field_is_named(cli: Any, args: list[str], field: str) -> None:
    r = cli(*args)
    assert (r.exit_code, r.stderr) == (2, f"Feil: {field}: {BAD_TEXT}\n")


def test_global_option_with_invalid_text(cli: Any) -> None:
    r = cli("--db", INVALID, "dept", "list", db=False)
    assert (r.exit_code, r.stderr) == (2, f"Feil: --db: {BAD_TEXT}\n")


def test_real_argv_bytes(tmp_path: Path) -> None:
    db = str(tmp_path / "u.db")
    proc = subprocess.run(
        [sys.executable.encode(), b"-m", b"recoverykit", b"--db", db.encode(), b"dept", b"add",
         b"A", b"na\xffme"],
        capture_output=True,
        timeout=60,
    )  # fmt: skip
    assert proc.returncode == 2
    assert proc.stderr.decode() == f"Feil: NAVN: {BAD_TEXT}\n"


@pytest.mark.parametrize(
    "name",
    [
        "Avd\x1b[2J",  # clear screen
        "Avd\x1b]0;pwned\x07",  # terminal title
        "Avd\r\nB",
        "Avd\x00",
        "Avd\x7f",
        "Avd\x9b31m",  # C1 CSI
    ],
)
def test_control_characters_are_refused(cli: Any, name: str) -> None:
    before = dump(cli.db_url)
    r = cli("dept", "add", "A", name)
    assert (r.exit_code, r.stderr) == (2, "Feil: NAVN: inneholder kontrolltegn\n")
    assert dump(cli.db_url) == before


BIDI_AND_INVISIBLE = ["\u202e", "\u202a", "\u202d", "\u2066", "\u2067", "\u2069", "\u200f"]
INVISIBLE_ONLY = ["\u200b", "\u200d", "\u2060", "\ufeff", "\u00ad"]
REFUSED = (
    "inneholder usynlige tegn eller tegn som snur skriveretningen (f.eks. U+202E, U+200B); "
    "skriv teksten på nytt"
)


@pytest.mark.parametrize("ch", BIDI_AND_INVISIBLE + INVISIBLE_ONLY)
def test_bidi_and_invisible_characters_are_refused_in_codes_and_names(cli: Any, ch: str) -> None:
    before = dump(cli.db_url)
    for args, field in (
        (["dept", "add", f"A{ch}B", "Navn"], "KODE"),
        (["dept", "add", "AB", f"Na{ch}vn"], "NAVN"),
        (["staff", "add", f"Kari{ch}", "--dept", "X"], "NAVN"),
    ):
        r = cli(*args)
        assert (r.exit_code, r.stderr) == (2, f"Feil: {field}: {REFUSED}\n"), args
    assert dump(cli.db_url) == before


@pytest.mark.parametrize("ch", BIDI_AND_INVISIBLE)
def test_bidi_controls_are_refused_in_free_text_too(cli: Any, ch: str) -> None:
    assert cli("dept", "add", "A", "Avd A").exit_code == 0
    before = dump(cli.db_url)
    r = cli("share", "add", "A", f"Vi lærte{ch} noe")
    assert r.exit_code == 2
    assert REFUSED in r.stderr
    assert dump(cli.db_url) == before


HOSTILE_STORED = "Avd\x1b[2J\u202eRTL\u200b"


@pytest.fixture
def hostile_name(cli: Any) -> Any:
    """A name that came in some other way (an older version, a SQL client): shown harmlessly."""
    from recoverykit.services.store import open_store

    assert cli("dept", "add", "A", "Avd A").exit_code == 0
    db = open_store(cli.db_url)
    with db.write() as conn:
        conn.execute("UPDATE department SET name = :n", {"n": HOSTILE_STORED})
    db.close()
    return cli


SHOWN = "Avd<U+001B>[2J<U+202E>RTL<U+200B>"


def test_visible_escapes_exactly_the_dangerous_characters() -> None:
    assert visible(HOSTILE_STORED) == SHOWN
    assert visible("blåbær\tsyltetøy\nlinje 2") == "blåbær\tsyltetøy\nlinje 2"
    assert visible("a\u00a0b") == "a\u00a0b"


@pytest.mark.parametrize("fmt", ["table", "csv"])
def test_stored_control_characters_are_shown_escaped(hostile_name: Any, fmt: str) -> None:
    r = hostile_name("dept", "list", "--format", fmt)
    assert r.exit_code == 0
    assert "\x1b" not in r.stdout and "\u202e" not in r.stdout and "\u200b" not in r.stdout
    assert SHOWN in r.stdout


def test_stored_control_characters_are_neutralised_in_reports(
    hostile_name: Any, tmp_path: Path
) -> None:
    from recoverykit.render.templates import environment

    out = environment().from_string("{{ name }}|{{ name | md }}").render(name=HOSTILE_STORED)
    assert "\x1b" not in out and "\u202e" not in out
    html = environment().from_string("{{ name }}")
    assert "\u202e" not in html.render(name=HOSTILE_STORED)
    r = hostile_name("report", "monthly", "--out", str(tmp_path / "r"), "-q")
    assert r.exit_code == 0, r.stderr
    for f in (tmp_path / "r").glob("monthly-*"):
        text = f.read_text(encoding="utf-8")
        assert "\x1b" not in text and "\u202e" not in text and "\u200b" not in text, f.name


def test_stored_bidi_characters_are_escaped_in_json_and_stay_the_same_data(
    hostile_name: Any,
) -> None:
    import json

    r = hostile_name("dept", "list", "--format", "json")
    assert r.exit_code == 0
    assert "\u202e" not in r.stdout and "\u200b" not in r.stdout and "\x1b" not in r.stdout
    assert "\\u202e" in r.stdout
    assert json.loads(r.stdout)[0]["name"] == HOSTILE_STORED
