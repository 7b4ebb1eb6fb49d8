"""Access by work need: single-user mode, grants, the access matrix (role × command × department)
on SQLite through recoverykit's checks and on PostgreSQL through the server's grants and
row-level security (plain SQL too), and bad input."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from tests.access_helpers import Logins, acting_as, make_logins
from tests.conftest import PG_URL


@pytest.fixture
def logins(db_url: str) -> Iterator[Logins]:
    yield from make_logins(db_url)


def unit(cli: Any) -> None:
    for code, name in (("BOLIG", "Bolig"), ("RUS", "Rus")):
        assert cli("dept", "add", code, name).exit_code == 0
    assert cli("staff", "add", "Kari Lie", "--dept", "BOLIG").exit_code == 0
    assert cli("staff", "add", "Per Rud", "--dept", "RUS").exit_code == 0
    for code, dept, who in (("KA", "BOLIG", "Kari Lie"), ("KB", "RUS", "Per Rud")):
        assert cli("fit", "client", "add", code, "--dept", dept, "--clinician", who).exit_code == 0
        r = cli("fit", "record", code, "--ors", "3.7", "6.1", "2.9", "8.3", "--date", "2026-11-02")
        assert r.exit_code == 0, r.output


def own_records(cli: Any) -> None:
    """Issue 14's client-level rows for both clients (network member 1 is KA's, 2 is KB's)."""
    for code in ("KA", "KB"):
        for args in (
            ["client", "network", "add", code, "mor", "--feedback", "yes"],
            ["client", "goal", "add", code, "Gå tur hver dag", "--date", "2026-11-01"],
            ["client", "goal", "rate", code, "1", "5", "--date", "2026-11-02"],
            ["survey", "record", code, "brief-inspire", "3", "4", "2", "1", "0", "--date", "2026-11-02"],
            ["meeting", "add", code, "--date", "2026-11-02", "--kind", "treatment", "--present", "yes",
             "--note", "Møte"],
        ):  # fmt: skip
            r = cli(*args)
            assert r.exit_code == 0, r.output


def log_count(db_url: str) -> int:
    from recoverykit.services.store import open_store

    db = open_store(db_url)
    try:
        return int(db.connection().scalar("SELECT count(*) FROM access_log"))
    finally:
        db.close()


def test_single_user_mode_is_said_and_everything_is_allowed(cli: Any, is_postgres: bool) -> None:
    unit(cli)
    out = cli("access", "list").stdout
    if is_postgres:
        assert out.startswith("Du er recoverykit.\n")
    else:
        assert out.startswith("Enbrukermodus: ingen tilganger er gitt, så operativsystembrukeren")
        assert "En delt SQLite-fil har ingen tilgangskontroll" in out
    assert out.endswith("Ingen tilganger er gitt.\n")
    assert cli("fit", "show", "KA").exit_code == 0


def test_clinician_names_are_staff_members(cli: Any) -> None:
    unit(cli)
    new = cli("fit", "client", "add", "KC", "--dept", "RUS", "--clinician", "Åse Berg")
    assert new.exit_code == 0
    assert new.stderr == "Åse Berg er registrert som ansatt i RUS (se «recoverykit staff list»).\n"
    same = cli("fit", "client", "add", "KD", "--dept", "RUS", "--clinician", "kari lie")
    assert same.stdout == "La til klient KD i RUS (fagperson Kari Lie, voksen).\n"
    assert same.stderr == ""
    names = [r["name"] for r in json.loads(cli("staff", "list", "--format", "json").stdout)]
    assert sorted(names) == ["Kari Lie", "Per Rud", "Åse Berg"]
    renamed = cli("staff", "set", "Kari Lie", "--name", "Kari Lie-Hansen", "--role", "psykolog")
    assert renamed.stdout == "Oppdaterte Kari Lie-Hansen (BOLIG).\n"
    rows = json.loads(cli("fit", "client", "list", "--format", "json").stdout)
    assert {r["code"]: r["clinician"] for r in rows}["KD"] == "Kari Lie-Hansen"


def test_grants_listed_and_first_grant_keeps_the_granter_admin(
    cli: Any, logins: Logins, is_postgres: bool
) -> None:
    unit(cli)
    kari = logins.new("kari")
    assert cli("staff", "set", "Kari Lie", "--login", kari).exit_code == 0
    r = cli("access", "grant", kari, "--role", "clinician", "--dept", "BOLIG", "--dept", "RUS")
    assert r.exit_code == 0, r.output
    assert r.stdout.startswith(f"{kari} har nå rollen clinician (BOLIG, RUS).\n")
    assert ("du ble samtidig administrator" in r.stdout) is not is_postgres
    rows = json.loads(cli("access", "list", "--format", "json").stdout)
    mine = [
        (g["login"], g["role"], g["department"], g["staff"]) for g in rows if g["login"] == kari
    ]
    assert mine == [
        (kari, "clinician", "BOLIG", "Kari Lie"),
        (kari, "clinician", "RUS", "Kari Lie"),
    ]
    assert cli("access", "revoke", kari, "--role", "clinician").stdout == (
        f"Tok bort 2 tilgang(er) fra {kari}.\n"
    )


# The matrix: (role, departments granted, command, outcome). Department A is BOLIG (client KA),
# B is RUS (client KB). "ok": done and logged; "denied": recoverykit refuses (exit 1); "hidden":
# a client the login may not see — refused by recoverykit on SQLite (exit 1), and on PostgreSQL the
# server's row-level security hides the row, so the client does not exist for that login (exit 2).
MATRIX = [
    ("clinician", ["BOLIG"], ["fit", "show", "KA"], "ok"),
    ("clinician", ["BOLIG"], ["fit", "show", "KB"], "hidden"),
    ("clinician", ["BOLIG"], ["fit", "record", "KA", "--ors", "5", "5", "5", "5"], "ok"),
    ("clinician", ["BOLIG"], ["fit", "record", "KB", "--ors", "5", "5", "5", "5"], "hidden"),
    ("clinician", ["BOLIG"], ["fit", "close", "KB", "--reason", "planned"], "hidden"),
    # (on PostgreSQL the unit's expected-response table is not refitted from one login's rows)
    ("clinician", ["BOLIG"], ["fit", "close", "KA", "--reason", "planned"], "ok"),
    ("clinician", ["BOLIG"], ["fit", "export", "--dept", "BOLIG"], "ok"),
    ("clinician", ["BOLIG"], ["fit", "export", "--dept", "RUS"], "denied"),
    ("clinician", ["BOLIG"], ["client", "export", "KB", "--out", "{tmp}/kb.json"], "hidden"),
    ("clinician", ["BOLIG"], ["client", "export", "KA", "--out", "{tmp}/ka.json"], "ok"),
    ("clinician", ["BOLIG"], ["client", "erase", "KB", "--yes"], "hidden"),
    ("clinician", ["BOLIG"], ["audit", "list"], "denied"),
    ("clinician", ["BOLIG"], ["access", "grant", "x", "--role", "admin"], "denied"),
    ("clinician", ["BOLIG"], ["fit", "mine", "--clinician", "Per Rud"], "denied"),
    ("clinician", [], ["fit", "show", "KB"], "ok"),  # a clinician for the whole unit
    ("leader", [], ["fit", "show", "KA"], "hidden"),
    ("leader", [], ["fit", "record", "KA", "--ors", "5", "5", "5", "5"], "hidden"),
    ("leader", [], ["fit", "export"], "denied"),
    ("leader", [], ["fit", "client", "list"], "denied"),
    ("clinician", ["RUS"], ["fit", "client", "list", "--dept", "BOLIG"], "denied"),
    ("leader", [], ["audit", "list"], "ok"),
    ("leader", [], ["audit", "review", "--month", "2026-11"], "ok"),
    ("leader", [], ["retention", "run"], "denied"),
    ("reporter", [], ["fit", "show", "KA"], "hidden"),
    ("reporter", [], ["fit", "export"], "denied"),
    ("reporter", [], ["audit", "list"], "denied"),
    ("recovery-contact", ["BOLIG"], ["fit", "show", "KA"], "hidden"),
    ("recovery-contact", ["BOLIG"], ["client", "erase", "KA", "--yes"], "hidden"),
    ("admin", [], ["fit", "show", "KA"], "denied"),
    # Aggregates for cron: on PostgreSQL through the definer functions of store/aggregates.py
    # (no right on the client-level tables themselves, see test_access_aggregates.py).
    ("reporter", [], ["report", "monthly", "--month", "2026-11", "--out", "{tmp}"], "ok"),
    ("leader", [], ["report", "monthly", "--month", "2026-11", "--out", "{tmp}"], "ok"),
    ("reporter", [], ["fit", "summary", "--month", "2026-11"], "ok"),
    ("leader", [], ["fit", "summary", "--dept", "BOLIG", "--month", "2026-11"], "ok"),
    ("admin", [], ["access", "grant", "{me}", "--role", "leader"], "ok"),
    ("admin", [], ["retention", "set", "--closed-episodes-after", "5"], "ok"),
    # Issue 14's client-level data: surveys, network, own goals, meetings.
    ("clinician", ["BOLIG"], ["survey", "record", "KA", "brief-inspire", "1", "2", "3", "4", "0"], "ok"),
    ("clinician", ["BOLIG"], ["survey", "record", "KB", "brief-inspire", "1", "2", "3", "4", "0"], "hidden"),
    ("clinician", ["BOLIG"], ["survey", "show", "KA"], "ok"),
    ("clinician", ["BOLIG"], ["survey", "show", "KB"], "hidden"),
    ("clinician", ["BOLIG"], ["client", "network", "add", "KA", "far"], "ok"),
    ("clinician", ["BOLIG"], ["client", "network", "add", "KB", "far"], "hidden"),
    ("clinician", ["BOLIG"], ["client", "network", "list", "KA"], "ok"),
    ("clinician", ["BOLIG"], ["client", "network", "list", "KB"], "hidden"),
    ("clinician", ["BOLIG"], ["client", "network", "remove", "KA", "1"], "ok"),
    ("clinician", ["BOLIG"], ["client", "network", "remove", "KB", "2"], "hidden"),
    ("clinician", ["BOLIG"], ["client", "goal", "add", "KA", "Sove bedre"], "ok"),
    ("clinician", ["BOLIG"], ["client", "goal", "add", "KB", "Sove bedre"], "hidden"),
    ("clinician", ["BOLIG"], ["client", "goal", "rate", "KA", "1", "6"], "ok"),
    ("clinician", ["BOLIG"], ["client", "goal", "rate", "KB", "1", "6"], "hidden"),
    ("clinician", ["BOLIG"], ["client", "goal", "reached", "KA", "1"], "ok"),
    ("clinician", ["BOLIG"], ["client", "goal", "reached", "KB", "1"], "hidden"),
    ("clinician", ["BOLIG"], ["client", "goal", "drop", "KB", "1"], "hidden"),
    ("clinician", ["BOLIG"], ["client", "goal", "list", "KA"], "ok"),
    ("clinician", ["BOLIG"], ["client", "goal", "list", "KB"], "hidden"),
    ("clinician", ["BOLIG"], ["meeting", "add", "KA", "--date", "2026-11-03", "--kind", "other", "--present", "no"], "ok"),
    ("clinician", ["BOLIG"], ["meeting", "add", "KB", "--date", "2026-11-03", "--kind", "other", "--present", "no"], "hidden"),
    ("clinician", ["BOLIG"], ["meeting", "list", "KA"], "ok"),
    ("clinician", ["BOLIG"], ["meeting", "list", "KB"], "hidden"),
    ("leader", [], ["client", "goal", "list", "KA"], "hidden"),
    ("leader", [], ["meeting", "list", "KA"], "hidden"),
    ("reporter", [], ["survey", "show", "KA"], "hidden"),
    ("recovery-contact", ["BOLIG"], ["client", "network", "list", "KA"], "hidden"),
    # An aggregate through the gate, logged without a client (on PostgreSQL it reads the
    # client-level tables directly, as the reports do: the same unfinished step).
    ("leader", [], ["survey", "summary", "--month", "2026-11"], "ok"),
]  # fmt: skip


@pytest.mark.parametrize(("role", "depts", "args", "outcome"), MATRIX)
def test_access_matrix(
    cli: Any,
    logins: Logins,
    tmp_path: Any,
    is_postgres: bool,
    role: str,
    depts: list[str],
    args: list[str],
    outcome: str,
) -> None:
    from tests.fit_helpers import snapshot

    unit(cli)
    own_records(cli)
    who = logins.new("u")
    grant = ["access", "grant", who, "--role", role, *[x for d in depts for x in ("--dept", d)]]
    assert cli(*grant).exit_code == 0
    before = log_count(cli.db_url), snapshot(cli.db_url)
    filled = [a.replace("{tmp}", str(tmp_path)).replace("{me}", who) for a in args]
    result = logins.cli(who)(*filled)
    if outcome == "ok":
        assert result.exit_code == 0, result.output
        assert log_count(cli.db_url) == before[0] + 1
        return
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1
    if outcome == "hidden" and is_postgres and role == "clinician":
        assert result.exit_code == 2, result.output  # the row is not there for this login
        assert "ingen klient med kode" in result.stderr
    elif outcome == "hidden" and is_postgres:
        assert result.exit_code == 1, result.output  # no right on the table at all
        assert result.stderr == (
            "Feil: ingen tilgang: databaseserveren nekter denne brukeren det\n"
        )
    else:
        assert result.exit_code == 1, result.output
        assert result.stderr.startswith("Feil: ingen tilgang: ")
    assert (log_count(cli.db_url), snapshot(cli.db_url)) == before  # nothing read or written
    assert list(tmp_path.glob("*.json")) == list(tmp_path.glob("monthly-*")) == []


def test_clinician_lists_only_own_departments_clients(cli: Any, logins: Logins) -> None:
    unit(cli)
    who = logins.new("kari")
    cli("access", "grant", who, "--role", "clinician", "--dept", "BOLIG")
    rows = json.loads(logins.cli(who)("fit", "client", "list", "--format", "json").stdout)
    assert [r["code"] for r in rows] == ["KA"]
    exported = json.loads(logins.cli(who)("fit", "export", "--format", "json").stdout)
    assert {r["client"] for r in exported} == {"KA"}


# Issue 14's tables, with the rows one client has after own_records().
ISSUE_14_TABLES = {
    "survey_response": 1,
    "survey_answer": 5,
    "survey_score": 1,
    "client_network": 1,
    "client_goal": 1,
    "client_goal_rating": 1,
    "meeting": 1,
}


@pytest.mark.skipif(not PG_URL, reason="the server's row-level security needs PostgreSQL")
def test_postgres_plain_sql_sees_only_granted_departments(cli: Any, logins: Logins) -> None:
    unit(cli)
    own_records(cli)
    kari, rep = logins.new("kari"), logins.new("rep")
    from recoverykit.services.store import open_store

    owner = open_store(cli.db_url)
    kb = owner.connection().one("SELECT id, department_id FROM fit_client WHERE code = 'KB'")
    assert kb is not None
    owner.close()
    cli("access", "grant", kari, "--role", "clinician", "--dept", "BOLIG")
    cli("access", "grant", rep, "--role", "reporter")
    import psycopg

    base = cli.db_url.replace("postgresql+psycopg://", "postgresql://")
    scheme, _, rest = base.partition("://")
    host = rest.partition("@")[2]
    with psycopg.connect(f"{scheme}://{kari}@{host}", autocommit=True) as conn:
        codes = [r[0] for r in conn.execute("SELECT code FROM fit_client ORDER BY code")]
        assert codes == ["KA"]
        depts = {r[0] for r in conn.execute("SELECT department_id FROM fit_session")}
        assert len(depts) == 1
        assert conn.execute("SELECT count(*) FROM fit_episode").fetchone() == (1,)
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("SELECT * FROM access_log")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("UPDATE access_log SET login = 'x'")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("DELETE FROM access_log")
        # Writing into another department's client is refused by the policy too.
        updated = conn.execute("UPDATE fit_session SET ors1 = 0 WHERE true")
        assert updated.rowcount == 1
        # Issue 14's client-level tables: only KA's rows (each client has one of each).
        for table in ISSUE_14_TABLES:
            n = conn.execute(f"SELECT count(*) FROM {table}").fetchone()
            assert n == (ISSUE_14_TABLES[table],), table
        assert conn.execute("SELECT text FROM client_goal").fetchall() == [("Gå tur hver dag",)]
        assert conn.execute("DELETE FROM meeting WHERE true").rowcount == 1
        assert conn.execute("UPDATE client_goal SET text = 'x' WHERE true").rowcount == 1
        for sql in (  # rows of KB: refused, the new row violates the policy
            "INSERT INTO meeting (client_id, department_id, held_on, kind, present) "
            f"VALUES ({kb['id']}, {kb['department_id']}, '2026-11-05', 'other', 'no')",
            "INSERT INTO client_goal (client_id, number, text, set_on, status) "
            f"VALUES ({kb['id']}, 9, 'x', '2026-11-05', 'active')",
            "INSERT INTO client_network (client_id, role, role_key) "
            f"VALUES ({kb['id']}, 'far', 'far')",
        ):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(sql)
    with psycopg.connect(f"{scheme}://{rep}@{host}", autocommit=True) as conn:
        for table in ("fit_client", "fit_episode", "fit_session", "access_log", *ISSUE_14_TABLES):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(f"SELECT count(*) FROM {table}")
        assert conn.execute("SELECT count(*) FROM department").fetchone() == (2,)


def test_the_log_cannot_be_changed_even_by_the_owner(db: Any) -> None:
    with db.write() as conn:
        conn.execute(
            "INSERT INTO access_log (at, login, action) VALUES ('2026-11-02 10:00:00', 'a', 'x')"
        )
    for sql in ("UPDATE access_log SET login = 'b'", "DELETE FROM access_log"):
        with pytest.raises(Exception, match="append-only"), db.write() as conn:
            conn.execute(sql)
    assert db.connection().scalar("SELECT login FROM access_log") == "a"


def test_every_client_level_access_is_logged(cli: Any, tmp_path: Any) -> None:
    unit(cli)
    cli("fit", "show", "KA")
    cli("fit", "client", "list")
    cli("fit", "export", "--dept", "RUS", "--out", str(tmp_path / "x.csv"))
    rows = json.loads(cli("audit", "list", "--format", "json").stdout)
    actions = [(r["action"], r["client"], r["department"], r["rows"]) for r in rows]
    assert actions == [
        ("client.add", "KA", "BOLIG", None),
        ("fit.record", "KA", "BOLIG", 1),
        ("client.add", "KB", "RUS", None),
        ("fit.record", "KB", "RUS", 1),
        ("fit.show", "KA", "BOLIG", 1),
        ("client.list", None, None, 2),
        ("fit.export", None, "RUS", 1),
    ]
    assert rows[-1]["path"] == str(tmp_path / "x.csv")
    only = json.loads(cli("audit", "list", "--client", "kb", "--format", "json").stdout)
    assert [r["action"] for r in only] == ["client.add", "fit.record"]
    assert cli("audit", "list", "--since", "2999-01-01").stdout == "Ingen oppføringer.\n"


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (
            ["access", "grant", "bad login", "--role", "clinician"],
            "Feil: LOGIN: «bad login» er ikke et gyldig brukernavn (1–63 tegn: bokstaver, tall, _ . @ -)\n",
        ),
        (
            ["access", "grant", "ok", "--role", "boss"],
            "Feil: --role: «boss» er ikke en rolle; velg leader | clinician | recovery-contact | reporter | admin\n",
        ),
        (["access", "grant", "{login}", "--role", "clinician", "--dept", "NOPE"], None),
        (["access", "revoke", "{login}"], "Feil: LOGIN: «{login}» har ingen slik tilgang\n"),
        (
            ["client", "erase", "NOPE", "--yes"],
            "Feil: KODE: ingen klient med kode «NOPE»; se «recoverykit fit client list»\n",
        ),
        (
            ["client", "export", "NOPE", "--out", "{tmp}/n.json"],
            "Feil: KODE: ingen klient med kode «NOPE»; se «recoverykit fit client list»\n",
        ),
        (
            ["client", "export", "KA", "--out", "{tmp}/exists.json"],
            "Feil: --out: {tmp}/exists.json finnes allerede; velg et nytt filnavn\n",
        ),
        (["client", "erase", "KA"], "Feil: --yes: bekreft slettingen med --yes\n"),
        (
            ["staff", "set", "Kari Lie", "--login", "a b"],
            "Feil: --login: «a b» er ikke et gyldig brukernavn (1–63 tegn: bokstaver, tall, _ . @ -)\n",
        ),
        (
            ["staff", "set", "Nobody", "--role", "x"],
            "Feil: NAVN: ingen ansatt med navnet «Nobody»; se «recoverykit staff list»\n",
        ),
        (
            ["retention", "set", "--closed-episodes-after", "0"],
            "Feil: --closed-episodes-after: må være et helt antall år fra 1 til 100\n",
        ),
        (
            ["audit", "review", "--month", "nov"],
            "Feil: --month: «nov» er ikke en måned (ÅÅÅÅ-MM)\n",
        ),
    ],
)
def test_bad_input_one_line_exit_2_nothing_written(
    cli: Any, logins: Logins, tmp_path: Any, args: list[str], line: str | None
) -> None:
    from tests.fit_helpers import snapshot

    unit(cli)
    who = logins.new("x")
    (tmp_path / "exists.json").write_text("keep", encoding="utf-8")
    before = snapshot(cli.db_url), log_count(cli.db_url)
    fill = {"{tmp}": str(tmp_path), "{login}": who}
    full = [a for a in args]
    for k, v in fill.items():
        full = [a.replace(k, v) for a in full]
    result = cli(*full)
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1
    if line is not None:
        for k, v in fill.items():
            line = line.replace(k, v)
        assert result.stderr == line
    assert (snapshot(cli.db_url), log_count(cli.db_url)) == before
    assert (tmp_path / "exists.json").read_text(encoding="utf-8") == "keep"
    assert not (tmp_path / "n.json").exists()


def test_unknown_login_on_postgres_is_refused(cli: Any, is_postgres: bool) -> None:
    if not is_postgres:
        pytest.skip("on SQLite any well-formed OS user name can be granted")
    unit(cli)
    r = cli("access", "grant", "rk_no_such_login_x", "--role", "clinician")
    assert r.exit_code == 2
    assert r.stderr == (
        "Feil: LOGIN: det finnes ingen databasebruker «rk_no_such_login_x»; "
        "opprett den først (CREATE ROLE … LOGIN)\n"
    )


def test_last_admin_cannot_be_revoked_on_sqlite(cli: Any, is_postgres: bool) -> None:
    if is_postgres:
        pytest.skip("PostgreSQL's owner is never limited")
    unit(cli)
    with acting_as("boss"):
        assert cli("access", "grant", "boss", "--role", "admin").exit_code == 0
        cli("access", "grant", "kari", "--role", "clinician")
        r = cli("access", "revoke", "boss")
    assert (
        r.exit_code == 2 and r.stderr == "Feil: LOGIN: kan ikke fjerne den siste administratoren\n"
    )


def test_fit_mine_only_for_oneself(cli: Any, logins: Logins) -> None:
    unit(cli)
    kari = logins.new("kari")
    cli("staff", "set", "Kari Lie", "--login", kari)
    cli("access", "grant", kari, "--role", "clinician", "--dept", "BOLIG")
    cli("fit", "close", "KA", "--reason", "planned", "--date", "2026-11-03")
    own = logins.cli(kari)("fit", "mine", "--clinician", "kari lie")
    assert own.exit_code == 0, own.output
    other = logins.cli(kari)("fit", "mine", "--clinician", "Per Rud")
    assert other.stderr == (
        f"Feil: ingen tilgang: «fit mine» viser bare dine egne resultater ({kari} er ikke Per Rud)\n"
    )


def test_aggregates_are_logged_without_clients(cli: Any, tmp_path: Any) -> None:
    unit(cli)
    assert cli("fit", "summary", "--dept", "BOLIG", "--month", "2026-11").exit_code == 0
    assert cli("report", "monthly", "--month", "2026-11", "--out", str(tmp_path)).exit_code == 0
    rows = json.loads(cli("audit", "list", "--format", "json").stdout)
    last = [(r["action"], r["client"], r["department"], r["path"]) for r in rows[-2:]]
    assert last == [
        ("fit.summary", None, "BOLIG", None),
        ("report.monthly", None, None, str(tmp_path)),
    ]


def test_audit_review_and_export(
    cli: Any, logins: Logins, tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from datetime import datetime

    unit(cli)
    kari = logins.new("kari")
    cli("staff", "set", "Kari Lie", "--login", kari)
    cli("access", "grant", kari, "--role", "clinician")  # the whole unit
    per = logins.new("per")
    cli("access", "grant", per, "--role", "clinician", "--dept", "RUS")
    when = iter([datetime(2026, 11, 7, 23, 15), datetime(2026, 11, 9, 10, 0)])
    monkeypatch.setattr("recoverykit.services.access.now", lambda: next(when))
    assert logins.cli(kari)("fit", "show", "KA").exit_code == 0  # a Saturday night
    assert logins.cli(per)("fit", "export", "--dept", "RUS").exit_code == 0  # one client
    monkeypatch.setattr("recoverykit.services.access.now", lambda: datetime(2026, 12, 1, 8, 0))
    out = cli("audit", "review", "--month", "2026-11").stdout
    # Logins in the month's log or with a grant, and no staff member (on SQLite the OS user who
    # made the first grant became admin).
    no_staff = sorted([per] if PG_URL else [per, __import__("getpass").getuser()])
    assert out == (
        "Gjennomgang av tilgangsloggen 2026-11: 2 oppføringer.\n"
        "\n"
        "Klienter utenfor brukerens avdelinger: 0\n"
        "\n"
        "Masseuttrekk: 0\n"
        "\n"
        "Utenom arbeidstid (hverdager 07:00–17:00): 1\n"
        f"- 07.11.2026 23:15 {kari} fit.show BOLIG\n"
        "\n"
        f"Brukere uten ansatt: {len(no_staff)}\n" + "".join(f"- {lg}\n" for lg in no_staff)
    )
    target = tmp_path / "log.csv"
    r = cli("audit", "export", "--out", str(target))
    assert r.exit_code == 0, r.output
    text = target.read_text(encoding="utf-8")
    # the Norwegian Excel dialect by default: ";", Norwegian headers, a BOM
    assert (
        text.splitlines()[0] == "\ufeffTidspunkt;Bruker;Ansatt;Handling;Klient;Avdeling;Rader;Fil"
    )
    assert f"{kari};Kari Lie;fit.show;KA;BOLIG;1;" in text
    again = cli("audit", "export", "--out", str(target))
    assert again.exit_code == 2 and target.read_text(encoding="utf-8") == text


def test_issue_14_reads_and_writes_are_logged(cli: Any) -> None:
    unit(cli)
    own_records(cli)
    for args in (
        ["client", "goal", "rate", "KA", "1", "7", "--date", "2026-11-03"],
        ["client", "goal", "drop", "KB", "1", "--date", "2026-11-03"],
        ["client", "network", "remove", "KB", "2"],
        ["client", "network", "list", "KA"],
        ["client", "goal", "list", "KA"],
        ["survey", "show", "KA"],
        ["meeting", "list", "KB"],
        ["fit", "show", "KA"],
        ["survey", "summary", "--dept", "BOLIG", "--month", "2026-11"],
    ):
        r = cli(*args)
        assert r.exit_code == 0, r.output
    rows = json.loads(cli("audit", "list", "--format", "json").stdout)
    actions = [(r["action"], r["client"], r["department"], r["rows"]) for r in rows[4:]]
    assert actions == [
        ("client.network.add", "KA", "BOLIG", 1),
        ("client.goal.add", "KA", "BOLIG", 1),
        ("client.goal.rate", "KA", "BOLIG", 1),
        ("survey.record", "KA", "BOLIG", 1),
        ("meeting.add", "KA", "BOLIG", 1),
        ("client.network.add", "KB", "RUS", 1),
        ("client.goal.add", "KB", "RUS", 1),
        ("client.goal.rate", "KB", "RUS", 1),
        ("survey.record", "KB", "RUS", 1),
        ("meeting.add", "KB", "RUS", 1),
        ("client.goal.rate", "KA", "BOLIG", 1),
        ("client.goal.dropped", "KB", "RUS", 1),
        ("client.network.remove", "KB", "RUS", 1),
        ("client.network.list", "KA", "BOLIG", 1),
        ("client.goal.list", "KA", "BOLIG", 1),
        ("survey.show", "KA", "BOLIG", 1),
        ("meeting.list", "KB", "RUS", 1),
        ("fit.show", "KA", "BOLIG", 2),  # one session and the person's own goal
        ("survey.summary", None, "BOLIG", None),  # an aggregate: no client
    ]
