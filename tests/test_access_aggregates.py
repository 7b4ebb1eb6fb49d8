"""Aggregates without client rows: on PostgreSQL the reporter and the leader run the reports
and ``fit summary`` through the SECURITY DEFINER functions of ``store/aggregates.py`` and get the
owner's output byte for byte, while plain SQL on the client-level tables stays refused."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.access_helpers import Logins, make_logins
from tests.conftest import PG_URL

pytestmark = pytest.mark.skipif(not PG_URL, reason="definer functions need PostgreSQL")
MONTH = "2025-11"


@pytest.fixture
def logins(db_url: str) -> Iterator[Logins]:
    yield from make_logins(db_url)


def load(db_url: str) -> None:
    from recoverykit.domain.fit.synthetic import generate
    from recoverykit.services.store import open_store
    from recoverykit.store.fit import bulk_insert_synthetic

    db = open_store(db_url)
    try:
        with db.write() as conn:
            bulk_insert_synthetic(conn=conn, unit=generate(2026, clients=400))
    finally:
        db.close()


def plain(db_url: str, login: str) -> Any:
    import psycopg

    scheme, _, rest = db_url.replace("postgresql+psycopg://", "postgresql://").partition("://")
    return psycopg.connect(f"{scheme}://{login}@{rest.partition('@')[2]}", autocommit=True)


REPORTS = (
    ("monthly", "--month", MONTH, "--each-dept"),
    ("halfyear", "--period", "2025H2", "--each-dept"),
    ("year", "--year", "2025"),
)


def report_bytes(run: Any, out: Path) -> dict[str, bytes]:
    out.mkdir()
    for args in REPORTS:
        r = run("report", *args, "--out", str(out), "--quiet")
        assert r.exit_code == 0, r.output
    return {p.name: p.read_bytes() for p in sorted(out.iterdir())}


def test_reporter_and_leader_get_the_owners_figures_and_no_rows(
    cli: Any, logins: Logins, tmp_path: Path
) -> None:
    load(cli.db_url)
    rep, lead = logins.new("rep"), logins.new("lead")
    assert cli("access", "grant", rep, "--role", "reporter").exit_code == 0
    assert cli("access", "grant", lead, "--role", "leader").exit_code == 0
    owner = report_bytes(cli, tmp_path / "owner")
    assert owner and any(b"FIT" in b for b in owner.values())
    assert {n.split("-")[0] for n in owner} == {"monthly", "halfyear", "year"} and len(owner) == 30
    assert report_bytes(logins.cli(rep), tmp_path / "rep") == owner
    assert report_bytes(logins.cli(lead), tmp_path / "lead") == owner
    for args in (("fit", "summary", "--month", MONTH), ("fit", "summary", "--period", "2025H2")):
        mine = cli(*args)
        assert mine.exit_code == 0, mine.output
        for who in (rep, lead):
            theirs = logins.cli(who)(*args)
            assert (theirs.exit_code, theirs.stdout) == (0, mine.stdout)
    for who in (rep, lead):
        with plain(cli.db_url, who) as conn:
            import psycopg

            for table in ("fit_client", "fit_episode", "fit_session"):
                with pytest.raises(psycopg.errors.InsufficientPrivilege):
                    conn.execute(f"SELECT * FROM {table} LIMIT 1")
            # What the function gives is counts per department, not rows of clients.
            rows = conn.execute(
                "SELECT r FROM rk_agg_range_sessions('2025-11-01', '2025-11-30') AS r"
            ).fetchall()
            assert rows and all(set(r[0]) == {"dept", "sessions", "alerts"} for r in rows)


def test_only_aggregate_roles_may_execute_and_bodies_match_the_code(
    cli: Any, logins: Logins, tmp_path: Path
) -> None:
    import psycopg

    from recoverykit.store.aggregates import AGGREGATE_ROLES, all_aggregates

    assert cli("dept", "add", "BOLIG", "Bolig").exit_code == 0
    rc = logins.new("rc")
    assert (
        cli("access", "grant", rc, "--role", "recovery-contact", "--dept", "BOLIG").exit_code == 0
    )
    assert "recovery-contact" not in AGGREGATE_ROLES
    with plain(cli.db_url, rc) as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
        conn.execute("SELECT * FROM rk_agg_unit_size()")
    r = logins.cli(rc)("report", "monthly", "--month", MONTH, "--out", str(tmp_path))
    assert (r.exit_code, r.stdout) == (1, "")
    assert r.stderr == "Feil: ingen tilgang: databaseserveren nekter denne brukeren det\n"
    assert list(tmp_path.iterdir()) == []
    with plain(cli.db_url, rc) as conn:
        for agg in all_aggregates():
            row = conn.execute(
                "SELECT p.prosrc, p.prosecdef, p.proconfig, pg_get_userbyid(p.proowner), "
                "has_function_privilege('public', p.oid, 'EXECUTE') "
                "FROM pg_proc p WHERE p.proname = %s",
                (agg.function,),
            ).fetchone()
            assert row is not None, agg.function
            src, definer, config, owner, public = row
            assert src == agg.body()  # a changed SQL text needs a migration that re-creates
            assert definer and config == ["search_path=pg_catalog, public"]
            assert not public
            tables_owner = conn.execute(
                "SELECT tableowner FROM pg_tables WHERE tablename = 'fit_client'"
            ).fetchone()
            assert (owner,) == tables_owner


def test_every_client_level_table_has_its_policy(cli: Any, logins: Logins) -> None:
    """Revision 0007 rebuilt fit_session (and lost its policy); 0012 restores it."""
    assert cli("dept", "add", "BOLIG", "Bolig").exit_code == 0
    who = logins.new("k")
    assert cli("access", "grant", who, "--role", "clinician", "--dept", "BOLIG").exit_code == 0
    with plain(cli.db_url, who) as conn:
        rows = conn.execute(
            "SELECT c.relname, c.relrowsecurity, (SELECT count(*) FROM pg_policy p "
            "WHERE p.polrelid = c.oid) FROM pg_class c WHERE c.relname IN "
            "('fit_client', 'fit_episode', 'fit_session') ORDER BY 1"
        ).fetchall()
    assert rows == [("fit_client", True, 1), ("fit_episode", True, 1), ("fit_session", True, 1)]


def test_the_log_key_stays_with_the_owner(cli: Any, logins: Logins) -> None:
    """The keyed hash of client codes: the key is readable by the owner only; the server computes
    the same HMAC recoverykit computes on SQLite, so log entries keep their names."""
    import hashlib
    import hmac

    import psycopg

    from recoverykit.services.store import open_store

    assert cli("dept", "add", "BOLIG", "Bolig").exit_code == 0
    assert (
        cli("fit", "client", "add", "KA", "--dept", "BOLIG", "--clinician", "Kari").exit_code == 0
    )
    kari = logins.new("kari")
    assert cli("access", "grant", kari, "--role", "clinician", "--dept", "BOLIG").exit_code == 0
    db = open_store(cli.db_url)
    try:
        key = str(db.connection().scalar("SELECT value FROM setting WHERE key = 'access.key'"))
        refs = [
            r["client_ref"]
            for r in db.connection().execute("SELECT client_ref FROM access_log")
            if r["client_ref"]
        ]
    finally:
        db.close()
    assert len(key) == 64
    want = hmac.new(key.encode(), b"ka", hashlib.sha256).hexdigest()[:32]
    assert refs and set(refs) == {want}
    with plain(cli.db_url, kari) as conn:
        assert conn.execute("SELECT value FROM setting WHERE key = 'access.key'").fetchall() == []
        assert all(r[0] != "access.key" for r in conn.execute("SELECT key FROM setting"))
        assert conn.execute("SELECT rk_client_ref('ka')").fetchone() == (want,)
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("UPDATE setting SET value = 'x' WHERE key = 'access.key'")
    # A leader may change settings, but not the key: the row is not there for that login.
    lead = logins.new("lead")
    assert cli("access", "grant", lead, "--role", "leader").exit_code == 0
    with plain(cli.db_url, lead) as conn:
        assert conn.execute("SELECT value FROM setting WHERE key = 'access.key'").fetchall() == []
        assert conn.execute("UPDATE setting SET value = 'x' WHERE key = 'access.key'").rowcount == 0
        assert conn.execute("DELETE FROM setting WHERE key = 'access.key'").rowcount == 0
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("INSERT INTO setting (key, value) VALUES ('access.key', 'x')")
    # The clinician's own reads are logged under the same name.
    assert logins.cli(kari)("fit", "show", "KA").exit_code == 0
    db = open_store(cli.db_url)
    try:
        last = db.connection().one(
            "SELECT login, client_ref FROM access_log ORDER BY id DESC LIMIT 1"
        )
        assert db.connection().scalar("SELECT value FROM setting WHERE key = 'access.key'") == key
    finally:
        db.close()
    assert last == {"login": kari, "client_ref": want}
