"""Enumerated options take the Norwegian words the help shows, in any case, and ids their æøå
spellings; what is stored is the English id."""

from __future__ import annotations

import pytest

from recoverykit.i18n import canonical_choice, fold


@pytest.mark.parametrize(
    ("typed", "allowed", "expected"),
    [
        ("voksen", ("adult", "adolescent", "child"), "adult"),
        ("VOKSEN", ("adult", "adolescent", "child"), "adult"),
        ("Ungdom", ("adult", "adolescent", "child"), "adolescent"),
        ("ferdig", ("planned", "dropped-out", "moved", "other"), "planned"),
        ("Avbrutt", ("planned", "dropped-out", "moved", "other"), "dropped-out"),
        ("Dropped-Out", ("planned", "dropped-out", "moved", "other"), "dropped-out"),
        ("ikke nådd", ("met", "partly", "not-met"), "not-met"),
        ("ikke-nadd", ("met", "partly", "not-met"), "not-met"),
        ("tabell", ("table", "json", "csv"), "table"),
        ("JSON", ("table", "json", "csv"), "json"),
        ("xml", ("table", "json", "csv"), "xml"),  # left for the command to refuse
    ],
)
def test_canonical_choice(typed: str, allowed: tuple[str, ...], expected: str) -> None:
    assert canonical_choice(typed, allowed) == expected


def test_fold_spells_aeoeaa_as_ascii() -> None:
    assert fold("Recovery-Hjørnet") == fold("recovery-hjornet") == "recovery-hjornet"
    assert fold("Tæl å") == "tael-a"


def test_age_group_in_norwegian_is_stored_as_the_id(cli, db) -> None:
    cli("dept", "add", "BOLIG", "Bofellesskap")
    result = cli(
        "fit",
        "client",
        "add",
        "K-1",
        "--dept",
        "BOLIG",
        "--clinician",
        "F",
        "--age-group",
        "Voksen",
    )
    assert result.exit_code == 0, result.stderr
    assert db.connection().scalar("SELECT age_group FROM fit_client WHERE code = 'K-1'") == "adult"
    bad = cli(
        "fit",
        "client",
        "add",
        "K-2",
        "--dept",
        "BOLIG",
        "--clinician",
        "F",
        "--age-group",
        "gammel",
    )
    assert bad.exit_code == 2 and bad.stderr.startswith("Feil: --age-group: «gammel»")


def test_close_reason_in_norwegian(cli, db) -> None:
    cli("dept", "add", "BOLIG", "Bofellesskap")
    cli("fit", "client", "add", "K-1", "--dept", "BOLIG", "--clinician", "F")
    assert cli("fit", "record", "K-1", "--ors", "5", "5", "5", "5").exit_code == 0
    result = cli("fit", "close", "K-1", "--reason", "ferdig")
    assert result.exit_code == 0, result.stderr
    reason = db.connection().scalar("SELECT close_reason FROM fit_episode")
    assert reason == "planned"


def test_format_in_any_case_and_in_norwegian(cli) -> None:
    cli("dept", "add", "BOLIG", "Bofellesskap")
    assert cli("dept", "list", "--format", "JSON").stdout.lstrip().startswith("[")
    assert cli("dept", "list", "--format", "tabell").stdout.startswith("Kode")


def test_deck_with_aeoeaa_spelling(cli) -> None:
    result = cli("cards", "draw", "--group", "g", "--deck", "recovery-hjørnet")
    assert result.exit_code == 0, result.stderr
    assert "Recovery-hjørnet" in result.stdout
