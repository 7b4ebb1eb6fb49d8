"""Corrections of plans, measures, goals, sharing and staff: exact output, history with before
and after, and bad input refused with exit 2 and nothing written (the history included)."""

from __future__ import annotations

import json

import pytest

from tests.rowdump import dump
from tests.test_goals_cli import depts, goal  # noqa: F401
from tests.test_plan_cli import measures, small  # noqa: F401


def history(cli, kind: str) -> list[dict[str, object]]:
    return json.loads(cli("history", "--kind", kind, "--format", "json").stdout)


def refused(cli, db_url: str, *args: str) -> str:
    before = dump(db_url)
    r = cli(*args)
    assert r.exit_code == 2, r.output
    assert r.stderr.count("\n") == 1
    assert dump(db_url) == before
    return r.stderr


@pytest.mark.usefixtures("goal")
def test_goal_result_keeps_history_and_replace_says_so(cli, db_url) -> None:
    assert cli("goals", "result", "1", "Godt", "--outcome", "partly").exit_code == 0
    err = refused(cli, db_url, "goals", "result", "1", "Bedre", "--outcome", "met")
    assert err.startswith("Feil: --replace: mål 1 har allerede et resultat (registrert ")
    r = cli("goals", "result", "1", "Bedre", "--outcome", "met", "--replace")
    assert r.exit_code == 0, r.output
    assert r.stdout.splitlines()[1] == (
        "Erstattet det forrige resultatet; det er tatt vare på i historikken "
        "(«recoverykit history --kind goal_result»)."
    )
    h = history(cli, "goal_result")
    assert [x["action"] for x in h] == ["set", "replace"]
    assert json.loads(str(h[1]["before"]))["result"] == "Godt"
    assert json.loads(str(h[1]["after"]))["result"] == "Bedre"


@pytest.mark.usefixtures("goal")
def test_goal_edit_and_remove(cli, db_url) -> None:
    r = cli("goals", "edit", "1", "--target", "90")
    assert r.exit_code == 0, r.output
    assert r.stdout == "Rettet mål 1: target: 80.0 → 90.0. Lagret i historikken.\n"
    refused(cli, db_url, "goals", "edit", "1")
    refused(cli, db_url, "goals", "edit", "1", "--target", "mange")
    refused(cli, db_url, "goals", "edit", "9", "--target", "1")
    cli("goals", "reading", "1", "50", "--date", "2026-02-01")
    gone = cli("goals", "remove", "1")
    assert gone.stdout == (
        "Slettet mål 1 (BOLIG 2026H1, 1 målinger, 0 delinger). Lagret i historikken.\n"
    )
    assert [x["action"] for x in history(cli, "goal")] == ["edit", "remove"]
    refused(cli, db_url, "goals", "remove", "1")


@pytest.mark.usefixtures("depts")
def test_share_remove(cli, db_url) -> None:
    assert cli("share", "add", "BOLIG", "Erfaringer fra bolig", "--where", "Allmøte").exit_code == 0
    refused(cli, db_url, "share", "remove", "2")
    refused(cli, db_url, "share", "remove", "x")
    r = cli("share", "remove", "1")
    assert r.stdout == "Slettet deling 1 (BOLIG). Lagret i historikken.\n"
    [h] = history(cli, "share")
    assert json.loads(str(h["before"]))["text"] == "Erfaringer fra bolig"


@pytest.mark.usefixtures("depts")
def test_staff_remove(cli, db_url) -> None:
    cli("staff", "add", "Ola Hansen", "--dept", "BOLIG")
    cli("staff", "read", "Ola Hansen", "1", "--date", "2025-05-01")
    err = refused(cli, db_url, "staff", "remove", "Ola Hansen")
    assert "gi --with-records" in err
    refused(cli, db_url, "staff", "remove", "Ingen")
    r = cli("staff", "remove", "ola hansen", "--with-records")
    assert r.stdout == "Slettet Ola Hansen (1 lesinger/kurs). Lagret i historikken.\n"
    assert json.loads(str(history(cli, "staff")[0]["before"]))["records"] == 1


@pytest.mark.usefixtures("small")
def test_plan_measure_edit_remove_and_plan_remove(cli, db_url) -> None:
    r = cli("plan", "measure", "edit", "1", "2", "--text", "Plakat i hver avdeling", "--no-due")
    assert r.exit_code == 0, r.output
    assert r.stdout == (
        "Rettet tiltak 2: text: Plakat i alle avdelinger → Plakat i hver avdeling; "
        "due: 2099-12-31 → None. Lagret i historikken.\n"
    )
    refused(cli, db_url, "plan", "measure", "edit", "1", "2")
    refused(cli, db_url, "plan", "measure", "edit", "1", "9", "--text", "x")
    refused(cli, db_url, "plan", "measure", "edit", "1", "2", "--due", "2026-02-30")
    refused(cli, db_url, "plan", "measure", "edit", "1", "2", "--focus", "ukjent")
    assert cli("plan", "measure", "remove", "1", "3").stdout == (
        "Slettet tiltak 3 (0 logglinjer). Lagret i historikken.\n"
    )
    assert [m["number"] for m in measures(cli)] == ["1", "2"]
    refused(cli, db_url, "plan", "remove", "7")
    r = cli("plan", "remove", "1")
    assert r.stdout == (
        "Slettet plan 1 «Plan for | *recovery* <2026>» (2 tiltak). Lagret i historikken.\n"
    )
    assert [x["action"] for x in history(cli, "measure")] == ["edit", "remove"]
    assert json.loads(str(history(cli, "plan")[0]["before"]))["measures"] == 2


def test_plan_import_update_by_measure_number_says_what_changed(cli, db_url, tmp_path) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text(
        "title: Prøveplan\nunit: Enheten\nmeasures:\n"
        "  - number: 1\n    text: Alle leser heftet\n    responsible: [Recoverykontakt]\n"
        "  - number: 2\n    text: Plakat\n    responsible: [Ledergruppa]\n",
        encoding="utf-8",
    )
    assert cli("plan", "import", str(plan)).exit_code == 0
    same = cli("plan", "import", str(plan), "--update")
    assert same.stdout == "Plan 1: Prøveplan er allerede lik filen.\n"
    plan.write_text(
        "title: Prøveplan\nunit: Enheten\nmeasures:\n"
        "  - number: 1\n    text: Alle leser heftet før jul\n    responsible: [Recoverykontakt]\n"
        "    status: ongoing\n"
        "  - number: 3\n    text: Forskning\n    responsible: [Implementeringsgruppa]\n",
        encoding="utf-8",
    )
    r = cli("plan", "import", str(plan), "--update")
    assert r.exit_code == 0, r.output
    assert r.stdout == (
        "Tiltak 1 endret: text, status\n"
        "Tiltak 3 lagt til: Forskning\n"
        "Tiltak 2 finnes ikke i filen og er beholdt: Plakat\n"
        "Oppdaterte plan 1: Prøveplan (2 endringer). Lagret i historikken.\n"
    )
    assert [(m["number"], m["status"]) for m in measures(cli)] == [
        ("1", "ongoing"),
        ("2", "planned"),
        ("3", "planned"),
    ]
    h = history(cli, "measure")
    assert json.loads(str(h[0]["before"])) == {"status": "planned", "text": "Alle leser heftet"}
    other = tmp_path / "other.yaml"
    other.write_text(
        "title: Ukjent\nunit: X\nmeasures:\n  - number: 1\n    text: T\n", encoding="utf-8"
    )
    err = refused(cli, db_url, "plan", "import", str(other), "--update")
    assert "ingen plan med tittelen «Ukjent»" in err
