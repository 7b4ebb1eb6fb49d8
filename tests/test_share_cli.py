"""``recoverykit share``: the sharing log, with the department's recovery contact."""

from __future__ import annotations

import json

import pytest

from tests.rowdump import dump


@pytest.fixture
def depts(cli) -> None:
    cli("dept", "add", "BOLIG", "Bolig", "--recovery-contact", "Kari Nordmann")
    cli("dept", "add", "RUS", "Rus")


def test_add_and_list(cli, depts) -> None:
    out = cli("share", "add", "BOLIG", "Beboermøtet planlegger selv", "--where", "Pulsen",
              "--date", "04.03.2026")  # fmt: skip
    assert out.stdout == "Registrerte deling fra BOLIG.\n"
    cli("share", "add", "rus", "Ingen møter om meg, uten meg", "--date", "2026-02-01")
    assert cli("share", "list").stdout == (
        "Dato        Avdeling  Recoverykontakt  Hva                           Hvor\n"
        "----------  --------  ---------------  ----------------------------  ------\n"
        "01.02.2026  RUS       –                Ingen møter om meg, uten meg  –\n"
        "04.03.2026  BOLIG     Kari Nordmann    Beboermøtet planlegger selv   Pulsen\n"
    )
    rows = json.loads(cli("share", "list", "--dept", "BOLIG", "--format", "json").stdout)
    assert rows == [
        {
            "date": "2026-03-04",
            "dept": "BOLIG",
            "recovery_contact": "Kari Nordmann",
            "text": "Beboermøtet planlegger selv",
            "where": "Pulsen",
        }
    ]


def test_special_text_survives(cli, depts) -> None:
    text = "Dette er vi gode til: | *samvalg* <b>\nÆ Ø Å æøå"
    cli("share", "add", "BOLIG", text, "--date", "2026-03-04")
    assert json.loads(cli("share", "list", "--format", "json").stdout)[0]["text"] == text
    assert "Dette er vi gode til: | *samvalg* <b> ⏎ Æ Ø Å æøå" in cli("share", "list").stdout


def test_empty_list(cli) -> None:
    assert "recoverykit share add" in cli("share", "list").stdout


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (["NOPE", "Tekst"], "AVDELING"),
        (["BOLIG", ""], "TEKST"),
        (["BOLIG", "x" * 2001], "TEKST"),
        (["BOLIG", "Tekst", "--where", " "], "--where"),
        (["BOLIG", "Tekst", "--where", "x" * 201], "--where"),
        (["BOLIG", "Tekst", "--date", "31.02.2026"], "--date"),
        (["BOLIG", "Tekst", "--date", "2026-02-30"], "--date"),
    ],
)
def test_add_refuses_bad_input(cli, db_url, depts, args, field) -> None:
    before = dump(db_url)
    result = cli("share", "add", *args)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Feil: {field}: ")
    assert result.stderr.count("\n") == 1
    assert dump(db_url) == before


def test_list_refuses_unknown_department(cli, depts) -> None:
    result = cli("share", "list", "--dept", "NOPE")
    assert result.exit_code == 2
    assert result.stderr.startswith("Feil: --dept: ingen avdeling")


def test_department_that_shared_cannot_be_removed(cli, depts) -> None:
    cli("share", "add", "RUS", "Tekst", "--date", "2026-01-01")
    result = cli("dept", "remove", "RUS")
    assert result.exit_code == 2
    assert "(share: 1)" in result.stderr


def test_event_dates_in_the_future_are_refused(cli, db_url, depts) -> None:
    """A status change, reading, sharing or course happened on a day that has come; a date in
    the future (a typo such as 2062 for 2026) is refused with exit 2 and nothing is written."""
    from datetime import date, timedelta

    cli("plan", "add", "Plan", "--unit", "Enhet")
    cli("plan", "measure", "add", "1", "Tiltak", "--responsible", "Recoverykontakt")
    cli("goals", "add", "BOLIG", "2026H1", "Mål", "--indicator", "andel", "--baseline", "1",
        "--target", "2")  # fmt: skip
    cli("staff", "add", "Kari Nordmann", "--dept", "BOLIG")
    tomorrow = (date.today() + timedelta(days=1)).strftime("%d.%m.%Y")
    commands = [
        ["plan", "measure", "set", "1", "1", "--status", "done"],
        ["plan", "measure", "set", "1", "1", "--note", "Notat"],
        ["goals", "reading", "1", "2"],
        ["goals", "result", "1", "Bra", "--outcome", "met"],
        ["goals", "shared", "1", "--where", "Pulsen"],
        ["share", "add", "BOLIG", "Tekst"],
        ["staff", "read", "Kari Nordmann", "heftet"],
        ["staff", "train", "Kari Nordmann", "MI"],
    ]
    before = dump(db_url)
    for args in commands:
        result = cli(*args, "--date", tomorrow)
        assert result.exit_code == 2, args
        assert result.stderr == f"Feil: --date: {tomorrow} er i fremtiden; registrer det som " \
            "har skjedd, på dagen det skjedde\n", args  # fmt: skip
    assert dump(db_url) == before
    today = date.today().isoformat()
    assert cli("share", "add", "BOLIG", "Tekst", "--date", today).exit_code == 0
