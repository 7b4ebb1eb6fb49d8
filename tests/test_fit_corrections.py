"""Correcting FIT mistakes with history: fit session edit | remove, fit client set | remove,
fit close --undo. Bad input: exit 2, one line naming the field, nothing written (the history
included); every correction keeps before and after, who and when."""

from __future__ import annotations

import json

import pytest

from tests.fit_helpers import fixed_today, snapshot, unit_with_client  # noqa: F401

pytestmark = pytest.mark.usefixtures("fixed_today")


def everything(db_url: str) -> list[object]:
    from recoverykit.services.store import open_store

    db = open_store(db_url)
    try:
        return [*snapshot(db_url), db.connection().execute("SELECT * FROM correction ORDER BY id")]
    finally:
        db.close()


def history(cli, kind: str | None = None) -> list[dict[str, object]]:
    args = ["history", "--format", "json"] + (["--kind", kind] if kind else [])
    result = cli(*args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def three_sessions(cli) -> None:
    unit_with_client(cli)
    for day, ors in (("2026-09-01", "4"), ("2026-09-08", "5"), ("2026-09-15", "6")):
        r = cli("fit", "record", "K-0001", "--ors", ors, ors, ors, ors, "--date", day)
        assert r.exit_code == 0, r.output


def test_session_edit_changes_scores_and_keeps_before_and_after(cli, monkeypatch) -> None:
    monkeypatch.setenv("RECOVERYKIT_USER", "Kari Lie")
    three_sessions(cli)
    r = cli("fit", "session", "edit", "K-0001", "--date", "08.09.2026", "--ors", "7", "7", "7", "7")
    assert r.exit_code == 0, r.output
    assert r.stdout == (
        "Rettet samtale for K-0001 (forløp 1): 2026-09-08 · client · ORS 20 → "
        "2026-09-08 · client · ORS 28. Lagret i historikken.\n"
    )
    [h] = history(cli, "fit_session")
    assert (h["actor"], h["kind"], h["action"], h["target"]) == (
        "Kari Lie",
        "fit_session",
        "edit",
        "K-0001 2026-09-08 client",
    )
    assert json.loads(str(h["before"]))["ors_total"] == 20.0
    assert json.loads(str(h["after"]))["ors_total"] == 28.0
    show = cli("fit", "show", "K-0001").stdout
    assert " 2  08.09.2026  7,0 7,0 7,0 7,0  28,0" in show


def test_session_edit_to_an_earlier_date_renumbers_and_moves_the_start(cli) -> None:
    three_sessions(cli)
    r = cli("fit", "session", "edit", "K-0001", "--date", "2026-09-15", "--to-date", "2026-08-25")
    assert r.exit_code == 0, r.output
    show = cli("fit", "show", "K-0001").stdout
    assert "forløp 1 fra 25.08.2026" in show
    assert " 1  25.08.2026  6,0 6,0 6,0 6,0  24,0" in show
    assert " 3  08.09.2026  5,0 5,0 5,0 5,0  20,0     -4,0" in show


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--date", "2026-09-09", "--ors", "1", "1", "1", "1"],
            "Feil: --date: K-0001 har ingen samtale den 2026-09-09\n",
        ),
        (["--date", "2026-09-08", "--ors", "1", "1", "1", "11"], None),
        (
            ["--date", "2026-09-08"],
            "Feil: --ors: ingenting å endre; gi --ors, --srs, --no-srs, --to-date eller --to-rater\n",
        ),
        (
            ["--date", "2026-09-08", "--to-date", "2026-12-01"],
            "Feil: --to-date: 2026-12-01 er i fremtiden\n",
        ),
        (
            ["--date", "2026-09-08", "--to-date", "2026-09-15"],
            "Feil: --to-date: det finnes allerede en samtale den 2026-09-15 (client)\n",
        ),
        (["--date", "2026-09-08", "--rater", "uncle", "--ors", "1", "1", "1", "1"], None),
    ],
)
def test_session_edit_bad_input_writes_nothing(cli, args, message) -> None:
    three_sessions(cli)
    before = everything(cli.db_url)
    r = cli("fit", "session", "edit", "K-0001", *args)
    assert r.exit_code == 2, r.output
    assert r.stderr.count("\n") == 1
    if message is not None:
        assert r.stderr == message
    assert everything(cli.db_url) == before


def test_session_remove_renumbers_and_keeps_the_removed_values(cli) -> None:
    three_sessions(cli)
    r = cli("fit", "session", "remove", "K-0001", "--date", "2026-09-01")
    assert r.exit_code == 0, r.output
    assert r.stdout == (
        "Slettet samtale for K-0001 (forløp 1): 2026-09-01 · client · ORS 16. Lagret i historikken.\n"
    )
    show = cli("fit", "show", "K-0001").stdout
    assert "forløp 1 fra 08.09.2026" in show and "2 samtaler" in show
    [h] = history(cli)
    assert h["action"] == "remove" and h["after"] == ""
    assert json.loads(str(h["before"]))["ors_total"] == 16.0
    before = everything(cli.db_url)
    bad = cli("fit", "session", "remove", "K-0001", "--date", "2026-09-01")
    assert bad.exit_code == 2 and everything(cli.db_url) == before


def test_client_set_and_remove(cli) -> None:
    three_sessions(cli)
    assert cli("dept", "add", "ROP", "Rus og psykisk helse").exit_code == 0
    r = cli("fit", "client", "set", "K-0001", "--dept", "ROP", "--age-group", "adolescent")
    assert r.exit_code == 0, r.output
    assert r.stdout == (
        "Rettet klient K-0001: department: BOLIG → ROP, age_group: adult → adolescent. "
        "Lagret i historikken.\n"
    )
    before = everything(cli.db_url)
    refused = cli("fit", "client", "remove", "K-0001")
    assert refused.exit_code == 2
    assert refused.stderr == (
        "Feil: KLIENT: K-0001 har 3 registrerte samtaler; gi --with-sessions for å slette dem også\n"
    )
    assert cli("fit", "client", "set", "K-0001", "--age-group", "senior").exit_code == 2
    assert cli("fit", "client", "set", "K-0001").exit_code == 2
    assert everything(cli.db_url) == before
    gone = cli("fit", "client", "remove", "K-0001", "--with-sessions")
    assert gone.exit_code == 0, gone.output
    assert gone.stdout == "Slettet klient K-0001 (3 samtaler). Lagret i historikken.\n"
    assert [h["action"] for h in history(cli, "fit_client")] == ["edit", "remove"]
    assert cli("fit", "show", "K-0001").exit_code == 2


def test_client_remove_asks_on_a_terminal(cli, monkeypatch) -> None:
    three_sessions(cli)
    monkeypatch.setattr("recoverykit.cli.fit_corrections.stdin_is_terminal", lambda: True)
    before = everything(cli.db_url)
    no = cli("fit", "client", "remove", "K-0001", "--with-sessions", input="n\n")
    assert no.exit_code == 2 and "avbrutt; ingenting slettet" in no.stderr
    assert everything(cli.db_url) == before
    yes = cli("fit", "client", "remove", "K-0001", "--with-sessions", input="y\n")
    assert yes.exit_code == 0, yes.output


def test_close_undo_reopens_with_history(cli) -> None:
    three_sessions(cli)
    assert (
        cli("fit", "close", "K-0001", "--reason", "planned", "--date", "2026-09-15").exit_code == 0
    )
    r = cli("fit", "close", "K-0001", "--undo")
    assert r.exit_code == 0, r.output
    assert r.stdout == (
        "Gjenåpnet forløp 1 for K-0001 (var avsluttet 2026-09-15, planlagt avslutning). "
        "Lagret i historikken.\n"
    )
    [h] = history(cli, "fit_episode")
    assert json.loads(str(h["before"])) == {
        "close_reason": "planned",
        "closed_on": "2026-09-15",
        "episode": 1,
    }
    before = everything(cli.db_url)
    again = cli("fit", "close", "K-0001", "--undo")
    assert again.exit_code == 2
    assert (
        again.stderr == "Feil: KLIENT: klienten «K-0001» har ikke noe avsluttet forløp å gjenåpne\n"
    )
    assert everything(cli.db_url) == before
    rec = cli("fit", "record", "K-0001", "--ors", "7", "7", "7", "7", "--date", "2026-09-22")
    assert rec.stdout.startswith("Registrerte samtale 4 for K-0001 (forløp 1,")
