"""``recoverykit plan``: import, add, measures, the dated log, status; bad input writes nothing."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from recoverykit.resources import resource_path
from tests.rowdump import dump

PLANS = resource_path("data") / "plans"


@pytest.fixture
def small(cli) -> None:
    """Plan 1 with three measures: one overdue since 2020, one far in the future, one open."""
    assert cli("plan", "add", "Plan for | *recovery* <2026>", "--unit", "Enheten",
               "--adopted-by", "Ledergruppa", "--adopted-on", "15.01.2026",
               "--period", "2026H1").exit_code == 0  # fmt: skip
    cli("plan", "measure", "add", "1", "Alle leser heftet", "--responsible", "Recoverykontakt",
        "--due", "2020-06-30")  # fmt: skip
    cli("plan", "measure", "add", "1", "Plakat i alle avdelinger", "--responsible",
        "Ledergruppa, Recoverykontakt", "--due", "31.12.2099")  # fmt: skip
    cli("plan", "measure", "add", "1", "Forskning", "--responsible", "Implementeringsgruppa")


def measures(cli, plan: str = "1") -> list[dict]:
    return json.loads(cli("plan", "measure", "list", plan, "--format", "json").stdout)


def test_import_both_shipped_plans(cli) -> None:
    first = cli("plan", "import", str(PLANS / "sandnes-2015-host.yaml"))
    assert first.exit_code == 0
    assert first.stdout == (
        "Importerte plan 1: Plan for implementering av Recovery i Mestringsenheten, "
        "høsten 2015 (7 tiltak).\n"
    )
    second = cli("plan", "import", str(PLANS / "sandnes-2016.yaml"))
    assert second.stdout == (
        "Importerte plan 2: Implementeringsplan for recoveryorientert praksis, "
        "Mestringsenheten, Sandnes kommune (8 tiltak).\n"
    )
    numbers = [m["number"] for m in measures(cli, "2")]
    assert numbers == ["1", "2", "2a", "2b", "2c", "3", "4", "5"]
    assert measures(cli, "2")[0]["status"] == "ongoing"
    assert measures(cli, "2")[1]["focus"] == "kvalitet"


def test_importing_the_same_plan_twice_is_refused(cli, db_url) -> None:
    cli("plan", "import", str(PLANS / "sandnes-2016.yaml"))
    before = dump(db_url)
    again = cli("plan", "import", str(PLANS / "sandnes-2016.yaml"))
    assert again.exit_code == 2
    assert "finnes allerede (plan 1)" in again.stderr
    assert dump(db_url) == before


def test_broken_file_names_every_bad_field_and_imports_nothing(cli, db_url, tmp_path) -> None:
    before = dump(db_url)
    path = tmp_path / "plan.yaml"
    path.write_text(
        "title: Plan\n"
        "unit: Enheten\n"
        "adopted_on: 31.02.2026\n"
        "measures:\n"
        "  - number: 1\n"
        "    text: Første\n"
        "    status: halvferdig\n"
        "  - number: 1\n"
        "    text: Andre\n",
        encoding="utf-8",
    )
    result = cli("plan", "import", str(path))
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert "linje 3: adopted_on: 31.02.2026 finnes ikke i kalenderen" in result.stderr
    assert "linje 7: measures[1].status: «halvferdig» er ikke en status" in result.stderr
    assert "linje 8: measures[2].number: nummer 1 er brukt før" in result.stderr
    assert dump(db_url) == before


def test_missing_file(cli) -> None:
    result = cli("plan", "import", "finnes-ikke.yaml")
    assert result.exit_code == 2
    assert result.stderr == "Feil: finnes-ikke.yaml: filen finnes ikke\n"


def test_list(cli, small) -> None:
    assert cli("plan", "list").stdout == (
        "ID  Tittel                        Vedtatt av   Vedtatt     Periode         Gjennomført  Over frist\n"
        "--  ----------------------------  -----------  ----------  --------------  -----------  ----------\n"
        " 1  Plan for | *recovery* <2026>  Ledergruppa  15.01.2026  1. halvår 2026          0/3           1\n"
    )


def test_status_plain_when_piped(cli, small) -> None:
    cli("plan", "measure", "set", "1", "3", "--status", "pågår", "--note",
        "Første møte | holdt *i dag* <ok>\nneste i mai", "--date", "01.02.2026")  # fmt: skip
    assert cli("plan", "status").stdout == (
        "Plan 1: Plan for | *recovery* <2026>\n"
        "Vedtatt av Ledergruppa 15.01.2026 · periode 1. halvår 2026\n"
        "0 av 3 tiltak gjennomført eller i drift (1 over frist, 0 skrinlagt)\n"
        "\n"
        "Nr.  Tiltak                    Ansvarlig                     Frist       Status"
        "                 Siste notat\n"
        "---  ------------------------  ----------------------------  ----------  ------"
        "---------------  ----------------------------------------------\n"
        "  1  Alle leser heftet         Recoverykontakt               30.06.2020  planlagt – OVER FRIST"
        "  –\n"
        "  2  Plakat i alle avdelinger  Ledergruppa, Recoverykontakt  31.12.2099  planlagt"
        "               –\n"
        "  3  Forskning                 Implementeringsgruppa         –           pågår"
        "                  Første møte | holdt *i dag* <ok> ⏎ neste i mai\n"
    )


def test_status_in_english(cli, small) -> None:
    out = cli("--lang", "en", "plan", "status").stdout
    assert "0 of 3 measures done or ongoing (1 overdue, 0 dropped)" in out
    assert "planned – OVERDUE" in out
    assert "2020-06-30" in out


def test_status_json_and_csv_keep_text_exactly(cli, small) -> None:
    note = "Første møte | holdt *i dag* <ok>\nneste i mai æøå"
    cli("plan", "measure", "set", "1", "3", "--note", note, "--date", "2026-02-01")
    data = json.loads(cli("plan", "status", "--plan", "1", "--format", "json").stdout)
    assert [p["id"] for p in data] == [1]
    assert data[0]["title"] == "Plan for | *recovery* <2026>"
    assert (data[0]["counted"], data[0]["carried_out"], data[0]["overdue"]) == (3, 0, 1)
    third = data[0]["measures"][2]
    assert third["latest_note"] == note
    assert third["latest_note_on"] == "2026-02-01"
    assert data[0]["measures"][0]["overdue"] is True
    rows = list(
        csv.DictReader(
            io.StringIO(cli("--dialect", "plain", "plan", "status", "--format", "csv").stdout)
        )
    )
    assert [r["number"] for r in rows] == ["1", "2", "3"]
    assert rows[2]["latest_note"] == note


def test_status_uses_colour_only_on_a_terminal(small, cli) -> None:
    from recoverykit.render.plans import print_plan_status
    from recoverykit.services.plans import plan_status
    from recoverykit.services.store import open_store

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    db = open_store(cli.db_url)
    statuses = plan_status(db)
    db.close()
    tty, pipe = Terminal(), io.StringIO()
    from datetime import date

    print_plan_status(statuses, "table", date(2026, 3, 1), stream=tty)
    print_plan_status(statuses, "table", date(2026, 3, 1), stream=pipe)
    assert "\x1b[" in tty.getvalue()
    assert "\x1b[" not in pipe.getvalue()


def test_status_without_plans(cli) -> None:
    assert "recoverykit plan import" in cli("plan", "status").stdout


def test_measure_set_logs_every_change_with_its_date(cli, small) -> None:
    out = cli("plan", "measure", "set", "1", "1", "--status", "done", "--date", "2026-03-01",
              "--note", "Alle har fått heftet")  # fmt: skip
    assert out.stdout == "Tiltak 1 i plan 1: planlagt → gjennomført.\n"
    cli("plan", "measure", "set", "1", "1", "--status", "in-progress", "--date", "2026-04-01",
        "--note", "To nye ansatte mangler")  # fmt: skip
    cli("plan", "measure", "set", "1", "1", "--evaluation", "Bra | *nok* <ja>")
    show = cli("plan", "measure", "show", "1", "1")
    assert show.stdout == (
        "Tiltak 1 i plan 1\n"
        "Alle leser heftet\n"
        "Ansvarlig: Recoverykontakt\n"
        "Frist: 30.06.2020\n"
        "Status: pågår\n"
        "Evaluering: Bra | *nok* <ja>\n"
        "Logg:\n"
        "  01.03.2026  planlagt → gjennomført: Alle har fått heftet\n"
        "  01.04.2026  gjennomført → pågår: To nye ansatte mangler\n"
    )


def test_measure_add_numbers_and_sub_points(cli, small) -> None:
    cli("plan", "measure", "add", "1", "Underpunkt", "--responsible", "R", "--number", "2a")
    assert cli("plan", "measure", "add", "1", "Neste", "--responsible", "R").stdout == (
        "La til tiltak 4 i plan 1.\n"
    )
    assert [m["number"] for m in measures(cli)] == ["1", "2", "2a", "3", "4"]


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (["", "--unit", "E"], "TITTEL"),
        (["T" * 201, "--unit", "E"], "TITTEL"),
        (["Ny", "--unit", ""], "--unit"),
        (["Ny", "--unit", "E", "--adopted-on", "31.02.2026"], "--adopted-on"),
        (["Ny", "--unit", "E", "--adopted-by", " "], "--adopted-by"),
        (["Ny", "--unit", "E", "--period", "2026H3"], "--period"),
        (["Ny", "--unit", "E", "--period", "2026H1", "--from", "2026-01-01"], "--period"),
        (["Ny", "--unit", "E", "--from", "2026-05-01", "--to", "2026-01-01"], "--to"),
        (["Ny", "--unit", "E", "--to", "2026-01-01"], "--to"),
        (["Plan for | *recovery* <2026>", "--unit", "E"], "TITTEL"),
    ],
)
def test_add_refuses_bad_input(cli, db_url, small, args, field) -> None:
    before = dump(db_url)
    result = cli("plan", "add", *args)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Feil: {field}: ")
    assert result.stderr.count("\n") == 1
    assert dump(db_url) == before


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (["9", "Tekst", "--responsible", "R"], "PLAN"),
        (["abc", "Tekst", "--responsible", "R"], "PLAN"),
        (["1", "", "--responsible", "R"], "TEKST"),
        (["1", "x" * 2001, "--responsible", "R"], "TEKST"),
        (["1", "Tekst", "--responsible", ""], "--responsible"),
        (["1", "Tekst", "--responsible", "R", "--due", "31.02.2026"], "--due"),
        (["1", "Tekst", "--responsible", "R", "--status", "halvferdig"], "--status"),
        (["1", "Tekst", "--responsible", "R", "--focus", "ukjent"], "--focus"),
        (["1", "Tekst", "--responsible", "R", "--number", "1"], "--number"),
        (["1", "Tekst", "--responsible", "R", "--number", "7b"], "--number"),
        (["1", "Tekst", "--responsible", "R", "--number", "x"], "--number"),
    ],
)
def test_measure_add_refuses_bad_input(cli, db_url, small, args, field) -> None:
    before = dump(db_url)
    result = cli("plan", "measure", "add", *args)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Feil: {field}: ")
    assert result.stderr.count("\n") == 1
    assert dump(db_url) == before


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (["9", "1", "--status", "done"], "PLAN"),
        (["1", "9", "--status", "done"], "NUMMER"),
        (["1", "x", "--status", "done"], "NUMMER"),
        (["1", "1", "--status", "halvferdig"], "--status"),
        (["1", "1", "--status", "planned"], "--status"),
        (["1", "1", "--status", "dropped"], "--note"),
        (["1", "2", "--status", "in-progress", "--date", "31.02.2026"], "--date"),
        (["1", "1", "--note", ""], "--note"),
        (["1", "1", "--evaluation", "x" * 2001], "--evaluation"),
        (["1", "1", "--due", "2026-13-01"], "--due"),
        (["1", "1"], "plan measure set"),
    ],
)
def test_measure_set_refuses_bad_input(cli, db_url, small, args, field) -> None:
    before = dump(db_url)
    result = cli("plan", "measure", "set", *args)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Feil: {field}: ")
    assert result.stderr.count("\n") == 1
    assert dump(db_url) == before


def test_reopening_a_done_measure_needs_a_reason(cli, db_url, small) -> None:
    cli("plan", "measure", "set", "1", "1", "--status", "done")
    before = dump(db_url)
    result = cli("plan", "measure", "set", "1", "1", "--status", "in-progress")
    assert result.exit_code == 2
    assert result.stderr.startswith("Feil: --note: tiltaket er gjennomført")
    assert dump(db_url) == before


def test_status_unknown_plan_and_bad_format(cli, small) -> None:
    assert cli("plan", "status", "--plan", "7").stderr.startswith("Feil: --plan: ingen plan")
    assert cli("plan", "status", "--format", "xml").exit_code == 2


def test_measure_list_table_shows_newlines_as_one_line(cli, small, tmp_path: Path) -> None:
    cli("plan", "measure", "add", "1", "Linje én\nlinje to | *æøå* <b>", "--responsible", "R")
    assert measures(cli)[3]["text"] == "Linje én\nlinje to | *æøå* <b>"
    assert "Linje én ⏎ linje to | *æøå* <b>" in cli("plan", "measure", "list", "1").stdout
