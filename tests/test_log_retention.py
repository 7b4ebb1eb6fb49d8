"""Deleting old access-log entries: a separate, logged retention step; the log stays append-only
for everyone else (SQLite triggers re-created in the same transaction; PostgreSQL: the owner's
trigger switch, and no right at all for other logins)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime
from typing import Any

import pytest

from tests.access_helpers import Logins, make_logins
from tests.conftest import PG_URL


@pytest.fixture
def logins(db_url: str) -> Iterator[Logins]:
    yield from make_logins(db_url)


def entries(db_url: str) -> list[dict[str, Any]]:
    from recoverykit.services.store import open_store

    db = open_store(db_url)
    try:
        return db.connection().execute(
            "SELECT at, action, rows, detail FROM access_log ORDER BY id"
        )
    finally:
        db.close()


def test_old_log_entries_are_deleted_in_one_logged_step(
    cli: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert cli("dept", "add", "BOLIG", "Bolig").exit_code == 0
    assert (
        cli("fit", "client", "add", "KA", "--dept", "BOLIG", "--clinician", "Kari").exit_code == 0
    )
    assert cli("fit", "show", "KA").exit_code == 0
    old = len(entries(cli.db_url))
    assert old >= 2
    monkeypatch.setattr("recoverykit.services.access.now", lambda: datetime(2029, 1, 10, 12))
    r = cli("retention", "set", "--access-log-after", "2")
    assert r.stdout == (
        "Oppføringer i tilgangsloggen slettes når de er 2 år gamle "
        "(kjør «recoverykit retention run»).\n"
    )
    r = cli("retention", "run")
    assert r.stdout == (
        f"Slettet {old} oppføringer i tilgangsloggen fra før 10.01.2027 (slettingen er registrert i tilgangsloggen).\n"
    )
    left = entries(cli.db_url)
    assert [(e["action"], e["rows"], e["detail"]) for e in left] == [
        ("retention.set", None, "access_log 2"),
        ("retention.log", old, "2 2027-01-10"),
    ]
    # Nothing older is left to delete; the step is logged again with 0.
    assert "Slettet 0 oppføringer" in cli("retention", "run").stdout
    # The guard is back: not even the owner may change or delete an entry from SQL.
    from recoverykit.services.store import open_store

    db = open_store(cli.db_url)
    try:
        for sql in ("UPDATE access_log SET login = 'b'", "DELETE FROM access_log"):
            with pytest.raises(Exception, match="append-only"), db.write() as conn:
                conn.execute(sql)
        if not db.is_sqlite:
            state = db.connection().execute(
                "SELECT tgname, tgenabled FROM pg_trigger WHERE tgrelid = 'access_log'::regclass "
                "AND NOT tgisinternal ORDER BY 1"
            )
            assert [(s["tgname"], s["tgenabled"]) for s in state] == [
                ("access_log_append_only", "O"),
                ("access_log_no_truncate", "O"),
            ]
        else:
            names = db.connection().execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'access_log' "
                "ORDER BY 1"
            )
            assert [n["name"] for n in names] == ["access_log_no_delete", "access_log_no_update"]
    finally:
        db.close()
    assert len(entries(cli.db_url)) == 3


@pytest.mark.skipif(not PG_URL, reason="logins other than the owner need PostgreSQL")
def test_only_the_owner_may_run_the_log_retention(cli: Any, logins: Logins) -> None:
    import psycopg

    assert cli("retention", "set", "--access-log-after", "1").exit_code == 0
    lead, adm = logins.new("lead"), logins.new("adm")
    assert cli("access", "grant", lead, "--role", "leader").exit_code == 0
    assert cli("access", "grant", adm, "--role", "admin").exit_code == 0
    r = logins.cli(lead)("retention", "run")
    assert (r.exit_code, r.stdout) == (1, "")
    # An admin is a member of the owning role, so may run it (and it is logged as the admin).
    assert logins.cli(adm)("retention", "run").exit_code == 0
    scheme, _, rest = cli.db_url.replace("postgresql+psycopg://", "postgresql://").partition("://")
    with psycopg.connect(f"{scheme}://{lead}@{rest.partition('@')[2]}", autocommit=True) as conn:
        for sql in (
            "UPDATE access_log SET login = 'x'",
            "DELETE FROM access_log",
            "ALTER TABLE access_log DISABLE TRIGGER access_log_append_only",
        ):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(sql)
    logged = [(e["action"], e["detail"]) for e in entries(cli.db_url)]
    assert logged[-1][0] == "retention.log"


@pytest.mark.parametrize(
    ("args", "field"),
    [
        ((), "--closed-episodes-after"),
        (("--access-log-after", "0"), "--access-log-after"),
    ],
)
def test_bad_retention_settings(cli: Any, args: tuple[str, ...], field: str) -> None:
    r = cli("retention", "set", *args)
    assert r.exit_code == 2 and r.stdout == ""
    assert r.stderr.count("\n") == 1 and r.stderr.startswith(f"Feil: {field}: ")
    assert json.loads(cli("audit", "list", "--format", "json").stdout) == []
