"""``recoverykit goals``: the two-goals rule, readings, results, sharing, the list."""

from __future__ import annotations

import csv
import io
import json

import pytest

from tests.rowdump import dump


@pytest.fixture
def depts(cli) -> None:
    cli("dept", "add", "BOLIG", "Bolig", "--recovery-contact", "Kari Nordmann")
    cli("dept", "add", "RUS", "Rus", "--recovery-contact", "Åse Ødegård")
    cli("dept", "add", "AKT", "Aktivitet")


@pytest.fixture
def goal(cli, depts) -> None:
    result = cli("goals", "add", "BOLIG", "2026H1", "Flere har egen plan", "--indicator",
                 "andel med plan", "--unit", "%", "--baseline", "40", "--target", "80")  # fmt: skip
    assert result.exit_code == 0, result.stderr


def listing(cli, *args: str) -> dict:
    return json.loads(cli("goals", "list", *args, "--format", "json").stdout)


def test_add_accepts_every_spelling_of_the_half_year(cli, depts) -> None:
    out = cli("goals", "add", "bolig", "1. halvår 2026", "Mål", "--indicator", "x")
    assert out.stdout == "La til mål 1 for BOLIG, 1. halvår 2026.\n"
    cli("goals", "add", "RUS", "2026-1", "Mål", "--indicator", "x")
    cli("goals", "add", "AKT", "H2 2026", "Mål", "--indicator", "x")
    assert [g["period"] for g in listing(cli)["goals"]] == ["2026H1", "2026H1", "2026H2"]


def test_a_third_goal_is_refused_with_the_reason_unless_forced(cli, db_url, goal) -> None:
    cli("goals", "add", "BOLIG", "2026H1", "Andre mål", "--indicator", "x")
    before = dump(db_url)
    third = cli("goals", "add", "BOLIG", "2026H1", "Tredje mål", "--indicator", "x")
    assert third.exit_code == 2
    assert third.stderr.startswith(
        "Feil: PERIODE: BOLIG har allerede 2 målbare mål for 1. halvår 2026. Planen vedtatt"
    )
    assert "--force" in third.stderr
    assert dump(db_url) == before
    forced = cli("goals", "add", "BOLIG", "2026H1", "Tredje mål", "--indicator", "x", "--force")
    assert forced.exit_code == 0
    assert len(listing(cli)["goals"]) == 3


def test_readings_result_and_sharing(cli, goal) -> None:
    assert cli("goals", "reading", "1", "50", "--date", "2026-02-01").stdout == (
        "Registrerte måling for mål 1: 50.\n"
    )
    assert cli("goals", "reading", "1", "62,5", "--date", "01.04.2026").stdout == (
        "Registrerte måling for mål 1: 62,5.\n"
    )
    out = cli("goals", "result", "1", "Godt | *på vei* <b>\nmer neste halvår", "--outcome",
              "partly", "--date", "2026-06-30")  # fmt: skip
    assert out.stdout == "Mål 1: delvis nådd.\n"
    out = cli("goals", "shared", "1", "--where", "Pulsen – intranett", "--date", "2026-06-10")
    assert out.stdout == "Registrerte deling av mål 1.\n"
    g = listing(cli)["goals"][0]
    assert g["readings"] == [
        {"date": "2026-02-01", "value": 50.0},
        {"date": "2026-04-01", "value": 62.5},
    ]
    assert (g["latest"], g["progress"], g["outcome"]) == (62.5, 56.2, "partly")
    assert g["result"] == "Godt | *på vei* <b>\nmer neste halvår"
    assert g["shared"] == [{"date": "2026-06-10", "where": "Pulsen – intranett"}]
    assert g["recovery_contact"] == "Kari Nordmann"


def test_list_shows_progress_and_departments_without_a_goal(cli, goal) -> None:
    cli("goals", "reading", "1", "50", "--date", "2026-02-01")
    cli("goals", "reading", "1", "60", "--date", "2026-04-01")
    assert cli("goals", "list", "--period", "2026H1").stdout == (
        "ID  Avdeling  Halvår  Mål                  Indikator       Start → mål  Siste  "
        "Fremgang         Målinger  Resultat  Sist delt\n"
        "--  --------  ------  -------------------  --------------  -----------  -----  "
        "---------------  --------  --------  ---------\n"
        " 1  BOLIG     2026H1  Flere har egen plan  andel med plan  40 → 80 %    60 %   "
        "█████░░░░░ 50 %  ▃▅        –         –\n"
        "\n"
        "Ingen målbare mål registrert for 1. halvår 2026: AKT, RUS.\n"
    )
    data = listing(cli, "--period", "2026-1")
    assert data["without_goal"] == ["AKT", "RUS"]
    assert listing(cli, "--period", "2026H1", "--dept", "BOLIG")["without_goal"] == []


def test_list_csv_and_english(cli, goal) -> None:
    rows = list(
        csv.DictReader(
            io.StringIO(cli("--dialect", "plain", "goals", "list", "--format", "csv").stdout)
        )
    )
    assert rows[0]["text"] == "Flere har egen plan"
    out = cli("--lang", "en", "goals", "list", "--period", "2026H1").stdout
    assert "No measurable goals recorded for first half of 2026: AKT, RUS." in out


def test_text_with_special_characters_survives(cli, depts) -> None:
    text = "Mer | *brukermedvirkning* <i>\nÆrlig og åpen – Ø"
    cli("goals", "add", "RUS", "2026H2", text, "--indicator", "antall <møter> | *x*")
    g = listing(cli)["goals"][0]
    assert (g["text"], g["indicator"]) == (text, "antall <møter> | *x*")
    assert "Mer | *brukermedvirkning* <i> ⏎ Ærlig" in cli("goals", "list").stdout


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (["NOPE", "2026H1", "T", "--indicator", "x"], "AVDELING"),
        (["BOLIG", "2026H3", "T", "--indicator", "x"], "PERIODE"),
        (["BOLIG", "2026-3", "T", "--indicator", "x"], "PERIODE"),
        (["BOLIG", "vår", "T", "--indicator", "x"], "PERIODE"),
        (["BOLIG", "2026H1", "", "--indicator", "x"], "TEKST"),
        (["BOLIG", "2026H1", "x" * 2001, "--indicator", "x"], "TEKST"),
        (["BOLIG", "2026H1", "T", "--indicator", " "], "--indicator"),
        (["BOLIG", "2026H1", "T", "--indicator", "x" * 201], "--indicator"),
        (["BOLIG", "2026H1", "T", "--indicator", "x", "--unit", "x" * 17], "--unit"),
        (
            ["BOLIG", "2026H1", "T", "--indicator", "x", "--baseline", "mange", "--target", "2"],
            "--baseline",
        ),
        (
            ["BOLIG", "2026H1", "T", "--indicator", "x", "--baseline", "1", "--target", "1e9x"],
            "--target",
        ),
        (["BOLIG", "2026H1", "T", "--indicator", "x", "--baseline", "1"], "--target"),
        (
            ["BOLIG", "2026H1", "T", "--indicator", "x", "--baseline", "5", "--target", "5,0"],
            "--target",
        ),
    ],
)
def test_add_refuses_bad_input(cli, db_url, depts, args, field) -> None:
    before = dump(db_url)
    result = cli("goals", "add", *args)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Feil: {field}: ")
    assert result.stderr.count("\n") == 1
    assert dump(db_url) == before


@pytest.mark.parametrize(
    "args",
    [
        ["reading", "x", "5"],
        ["reading", "9", "5"],
        ["reading", "1", "fem"],
        ["reading", "1", "5", "--date", "31.02.2026"],
        ["result", "1", "", "--outcome", "met"],
        ["result", "1", "Bra", "--outcome", "kanskje"],
        ["result", "1", "Bra", "--outcome", "met", "--date", "2026-02-30"],
        ["result", "2", "Bra", "--outcome", "met"],
        ["shared", "1", "--where", ""],
        ["shared", "1", "--where", "x" * 201],
        ["shared", "1", "--where", "Pulsen", "--date", "i går"],
        ["list", "--period", "2026H3"],
        ["list", "--dept", "NOPE"],
        ["list", "--format", "xml"],
    ],
)
def test_other_commands_refuse_bad_input(cli, db_url, goal, args) -> None:
    before = dump(db_url)
    result = cli("goals", *args)
    assert result.exit_code == 2
    assert result.stderr.startswith("Feil: ")
    assert result.stderr.count("\n") == 1
    assert dump(db_url) == before


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (["reading", "x", "5"], "ID"),
        (["reading", "1", "fem"], "VERDI"),
        (["reading", "1", "5", "--date", "31.02.2026"], "--date"),
        (["result", "1", "Bra", "--outcome", "kanskje"], "--outcome"),
        (["shared", "1", "--where", ""], "--where"),
        (["list", "--period", "2026H3"], "--period"),
        (["list", "--dept", "NOPE"], "--dept"),
    ],
)
def test_refusals_name_the_field(cli, goal, args, field) -> None:
    assert cli("goals", *args).stderr.startswith(f"Feil: {field}: ")


def test_invalid_date_message(cli, goal) -> None:
    result = cli("goals", "reading", "1", "5", "--date", "31.02.2026")
    assert result.stderr == "Feil: --date: 31.02.2026 finnes ikke i kalenderen\n"


def test_department_with_a_goal_cannot_be_removed(cli, db_url, goal) -> None:
    before = dump(db_url)
    result = cli("dept", "remove", "BOLIG")
    assert result.exit_code == 2
    assert result.stderr == (
        "Feil: KODE: avdelingen «BOLIG» er i bruk (department_goal: 1) og kan ikke fjernes\n"
    )
    assert dump(db_url) == before
