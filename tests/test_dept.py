"""``recoverykit dept``: exact output, every option's bad input, nothing written on refusal."""

from __future__ import annotations

import csv
import io
import json

import pytest


def rows(cli) -> list[dict[str, str]]:
    return json.loads(cli("dept", "list", "--format", "json").stdout)


def test_add_and_list(cli) -> None:
    result = cli("dept", "add", "BOLIG", "Boligtjenesten", "--recovery-contact", "Kari Nordmann")
    assert result.exit_code == 0
    assert result.stdout == "La til avdeling BOLIG (Boligtjenesten).\n"
    listing = cli("dept", "list")
    assert listing.stdout == (
        "Kode   Navn            Recoverykontakt\n"
        "-----  --------------  ---------------\n"
        "BOLIG  Boligtjenesten  Kari Nordmann\n"
    )


def test_empty_list_says_how_to_add(cli) -> None:
    result = cli("dept", "list")
    assert result.exit_code == 0
    assert "recoverykit dept add" in result.stdout


def test_text_with_special_characters_survives(cli) -> None:
    name = "Rus | psykisk *helse* <b>Ærlig</b> ØÅ"
    assert cli("dept", "add", "RØD", name).exit_code == 0
    assert rows(cli) == [{"code": "RØD", "name": name, "recovery_contact": None}]
    table = cli("dept", "list").stdout
    assert name in table
    parsed = list(
        csv.DictReader(
            io.StringIO(cli("--dialect", "plain", "dept", "list", "--format", "csv").stdout)
        )
    )
    assert parsed == [{"code": "RØD", "name": name, "recovery_contact": ""}]


def test_csv_neutralises_formulas(cli) -> None:
    cli("dept", "add", "X1", '=HYPERLINK("http://x")')
    out = cli("--dialect", "plain", "dept", "list", "--format", "csv").stdout
    assert "'=HYPERLINK" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["", "Navn"], "Feil: KODE: kan ikke være tom\n"),
        (["A" * 17, "Navn"], "Feil: KODE: er 17 tegn lang; høyst 16 tegn er tillatt\n"),
        (
            ["A B", "Navn"],
            "Feil: KODE: «A B» er ikke en gyldig kode; bruk 1–16 bokstaver, tall, - eller _ uten mellomrom\n",
        ),
        (["OK", "  "], "Feil: NAVN: kan ikke være tom\n"),
        (["OK", "N" * 121], "Feil: NAVN: er 121 tegn lang; høyst 120 tegn er tillatt\n"),
        (["OK", "Navn", "--recovery-contact", ""], "Feil: --recovery-contact: kan ikke være tom\n"),
        (
            ["OK", "Navn", "--recovery-contact", "x" * 121],
            "Feil: --recovery-contact: er 121 tegn lang; høyst 120 tegn er tillatt\n",
        ),
    ],
)
def test_add_refuses_bad_input_and_writes_nothing(cli, args, message) -> None:
    result = cli("dept", "add", *args)
    assert result.exit_code == 2
    assert result.stderr == message
    assert rows(cli) == []


def test_duplicate_code_is_refused_regardless_of_case(cli) -> None:
    cli("dept", "add", "Bolig", "Bolig")
    result = cli("dept", "add", "BOLIG", "Annen")
    assert result.exit_code == 2
    assert "finnes allerede" in result.stderr
    assert [r["name"] for r in rows(cli)] == ["Bolig"]


def test_set_changes_fields(cli) -> None:
    cli("dept", "add", "RUS", "Rus")
    result = cli("dept", "set", "rus", "--name", "Rusteamet", "--recovery-contact", "Åse Ødegård")
    assert result.exit_code == 0
    assert result.stdout == "Oppdaterte avdeling RUS: Rusteamet, recoverykontakt Åse Ødegård.\n"
    cli("dept", "set", "RUS", "--code", "RT", "--clear-recovery-contact")
    assert rows(cli) == [{"code": "RT", "name": "Rusteamet", "recovery_contact": None}]


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (["NOPE", "--name", "X"], "KODE"),
        (["RUS", "--name", ""], "--name"),
        (["RUS", "--code", ""], "--code"),
        (["RUS", "--code", "AKT"], "--code"),
        (["RUS", "--recovery-contact", ""], "--recovery-contact"),
        (["RUS", "--recovery-contact", "A", "--clear-recovery-contact"], "--recovery-contact"),
        (["RUS"], "dept set"),
    ],
)
def test_set_refuses_bad_input_and_writes_nothing(cli, args, field) -> None:
    cli("dept", "add", "RUS", "Rus", "--recovery-contact", "Kari")
    cli("dept", "add", "AKT", "Aktivitet")
    before = rows(cli)
    result = cli("dept", "set", *args)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Feil: {field}: ")
    assert result.stderr.count("\n") == 1
    assert rows(cli) == before


def test_remove(cli) -> None:
    cli("dept", "add", "RUS", "Rus")
    assert cli("dept", "remove", "RUS").stdout == "Fjernet avdeling RUS.\n"
    assert rows(cli) == []
    again = cli("dept", "remove", "RUS")
    assert again.exit_code == 2
    assert "ingen avdeling med kode «RUS»" in again.stderr


def test_english_output(cli) -> None:
    result = cli("--lang", "en", "dept", "add", "RUS", "Rus")
    assert result.stdout == "Added department RUS (Rus).\n"
    result = cli("--lang", "en", "dept", "add", "RUS", "Rus")
    assert result.stderr == "Error: CODE: department 'RUS' already exists\n"


def test_bad_format_is_refused(cli) -> None:
    result = cli("dept", "list", "--format", "xml")
    assert result.exit_code == 2
    assert result.stderr == "Feil: --format: «xml» er ikke tillatt; velg table | json | csv\n"
