"""The command-line library's own words in the user's language: help pages, every usage error as
one line (in bokmål and in English), --lang anywhere, and Ctrl-C."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest
import typer.core

from recoverykit.i18n.click_messages import MESSAGES


def test_norwegian_help_has_no_english_chrome(cli) -> None:
    out = cli("dept", "add", "--help", db=False).stdout
    assert out.startswith("Bruk: recoverykit dept add [VALG] KODE NAVN")
    assert "Argumenter:" in out and "Valg:" in out
    assert "Vis denne hjelpen og avslutt." in out
    assert "--recovery-contact NAVN" in out
    for english in ("Usage:", "Options:", "Arguments:", "Show this message", "CODE", "<str>"):
        assert english not in out


def test_norwegian_help_says_standard_not_default(cli) -> None:
    out = cli("plan", "status", "--help", db=False).stdout
    assert "[standard:" in out and "default" not in out
    assert "--plan ID" in out


def test_group_help_translates_commands_heading(cli) -> None:
    out = cli("--help", db=False).stdout
    assert "Kommandoer:" in out and "Commands:" not in out
    assert "Bruk: recoverykit [VALG] KOMMANDO ..." in out


def test_english_help_has_english_placeholders(cli) -> None:
    out = cli("--lang", "en", "dept", "add", "--help", db=False).stdout
    assert out.startswith("Usage: recoverykit dept add [OPTIONS] CODE NAME")
    assert "--recovery-contact NAME" in out
    assert "Show this message and exit." in out
    assert "KODE" not in out and "NAVN" not in out
    group = cli("--lang", "en", "dept", "--help", db=False).stdout
    assert group.startswith("Usage: recoverykit dept [OPTIONS] COMMAND [ARGS]...")


def test_english_help_shows_english_metavars_for_norwegian_ones(cli) -> None:
    nb = cli("fit", "record", "--help", db=False).stdout
    en = cli("--lang", "en", "fit", "record", "--help", db=False).stdout
    assert "--date DATO" in nb and "KLIENT --ors" in nb
    assert "--date DATE" in en and "CLIENT --ors" in en


# Every usage error the command line can give, as (arguments, bokmål line, English line).
USAGE_ERRORS = [
    (
        ["dept", "add"],
        "Feil: KODE: mangler (se «recoverykit dept add --help»)",
        "Error: CODE: is missing (see 'recoverykit dept add --help')",
    ),
    (
        ["dept", "add", "X"],
        "Feil: NAVN: mangler (se «recoverykit dept add --help»)",
        "Error: NAME: is missing (see 'recoverykit dept add --help')",
    ),
    (
        ["staff", "add", "Kari"],
        "Feil: --dept: mangler (se «recoverykit staff add --help»)",
        "Error: --dept: is missing (see 'recoverykit staff add --help')",
    ),
    (
        ["dept", "list", "--bogus"],
        "Feil: --bogus: ukjent valg (se «recoverykit dept list --help»)",
        "Error: --bogus: unknown option (see 'recoverykit dept list --help')",
    ),
    (
        ["dept", "list", "--formt", "csv"],
        "Feil: --formt: ukjent valg (mente du --format?) (se «recoverykit dept list --help»)",
        "Error: --formt: unknown option (did you mean --format?) (see 'recoverykit dept list --help')",
    ),
    (
        ["dept", "nope"],
        "Feil: ukjent kommando «nope» (se «recoverykit dept --help»)",
        "Error: unknown command 'nope' (see 'recoverykit dept --help')",
    ),
    (
        ["dept", "lst"],
        "Feil: ukjent kommando «lst» (mente du list eller set?) (se «recoverykit dept --help»)",
        "Error: unknown command 'lst' (did you mean list or set?) (see 'recoverykit dept --help')",
    ),
    (
        ["demo", "--seed", "abc"],
        "Feil: --seed: «abc» er ikke et heltall (se «recoverykit demo --help»)",
        "Error: --seed: 'abc' is not a whole number (see 'recoverykit demo --help')",
    ),
    (
        ["dept", "add", "--recovery-contact"],
        "Feil: --recovery-contact: mangler en verdi (se «recoverykit dept add --help»)",
        "Error: --recovery-contact: needs a value (see 'recoverykit dept add --help')",
    ),
    (
        ["fit", "record", "--replace=ja"],
        "Feil: --replace: tar ingen verdi (se «recoverykit fit record --help»)",
        "Error: --replace: takes no value (see 'recoverykit fit record --help')",
    ),
    (
        ["staff", "add", "Kari", "--dept", "BOLIG", "Nordmann"],
        "Feil: uventet ekstra argument (Nordmann); står det mellomrom i en verdi, sett den i "
        "anførselstegn (se «recoverykit staff add --help»)",
        "Error: unexpected extra argument (Nordmann); if a value has spaces, put it in quotes "
        "(see 'recoverykit staff add --help')",
    ),
    (
        ["dept", "list", "--lang", "de"],
        "Feil: --lang: «de» er ikke et språk recoverykit kan; velg nb eller en "
        "(se «recoverykit dept list --help»)",
        None,
    ),
    (
        ["--lang", "de", "dept", "list"],
        "Feil: --lang: «de» er ikke et språk recoverykit kan; velg nb eller en "
        "(se «recoverykit --help»)",
        None,
    ),
]


@pytest.mark.parametrize(("args", "nb", "en"), USAGE_ERRORS, ids=lambda v: str(v)[:40])
def test_usage_errors_are_one_line_with_exit_2(cli, db, args, nb, en) -> None:
    before = db.connection().scalar("SELECT count(*) FROM department")
    result = cli(*args)
    assert (result.exit_code, result.stderr, result.stdout) == (2, nb + "\n", "")
    if en is not None:
        english = cli("--lang", "en", *args)
        assert (english.exit_code, english.stderr) == (2, en + "\n")
        if args[-1] != "--recovery-contact":  # there "--lang" would be the option's value
            after = cli(*args, "--lang", "en")  # --lang after the command works too
            assert after.stderr == en + "\n"
    assert db.connection().scalar("SELECT count(*) FROM department") == before


def test_lang_after_the_command(cli) -> None:
    result = cli("dept", "list", "--lang", "en")
    assert result.exit_code == 0
    assert result.stdout == "No departments yet. Add one with 'recoverykit dept add CODE NAME'.\n"
    assert cli("dept", "list", "--lang=nb").stdout.startswith("Ingen avdelinger ennå.")


def test_domain_error_fields_are_placeholders_in_the_users_language(cli) -> None:
    nb = cli("dept", "add", "A B", "Navn")
    assert nb.exit_code == 2 and nb.stderr.startswith("Feil: KODE: «A B»")
    en = cli("--lang", "en", "dept", "add", "A B", "Navn")
    assert en.stderr.startswith("Error: CODE: 'A B'")


def test_ctrl_c_says_nothing_was_saved_and_exits_130(cli, monkeypatch) -> None:
    import recoverykit.services.departments as departments

    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(departments, "add_department", interrupted)
    result = cli("dept", "add", "BOLIG", "Bofellesskap")
    assert result.exit_code == 130
    assert result.stderr == "\nAvbrutt; ingenting ble lagret.\n"
    english = cli("--lang", "en", "dept", "add", "BOLIG", "Bofellesskap")
    assert (english.exit_code, english.stderr) == (130, "\nInterrupted; nothing was saved.\n")
    assert "BOLIG" not in cli("dept", "list").stdout


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


def _gettext_ids(path: Path) -> set[str]:
    """The message ids ``_("…")`` in a module's source."""
    ids = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id == "_"
            and node.args
            and isinstance(node.args[0], ast.Constant)
        ):
            ids.add(node.args[0].value)
    return ids


def test_catalogue_matches_typers_message_ids() -> None:
    """A Typer upgrade that changes its wording fails here instead of falling back to English."""
    ids = _gettext_ids(Path(typer.core.__file__))
    assert ids, "typer.core no longer marks messages with gettext; see cli/localise.py"
    assert set(MESSAGES) == ids


def test_shell_completion_answers_only_when_asked(tmp_path) -> None:
    env = {**os.environ, "RECOVERYKIT_HOME": str(tmp_path)}
    env.pop("RECOVERYKIT_LANG", None)
    complete = subprocess.run(
        [sys.executable, "-m", "recoverykit"],
        capture_output=True,
        text=True,
        env={
            **env,
            "_RECOVERYKIT_COMPLETE": "complete_bash",
            "COMP_WORDS": "recoverykit de",
            "COMP_CWORD": "1",
        },
    )
    assert complete.returncode == 0
    assert complete.stdout.split() == ["demo", "dept"]
    script = subprocess.run(
        [sys.executable, "-m", "recoverykit", "--show-completion", "bash"],
        capture_output=True,
        text=True,
        env=env,
    )
    assert script.returncode == 0 and "_RECOVERYKIT_COMPLETE" in script.stdout
