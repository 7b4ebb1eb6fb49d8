"""Access grants, the access log, erasure and retention queries: keyword-only, ``conn=``.

Every read of client-level data and every write is logged through :func:`append_log`, in the
transaction of the write, or in its own write transaction right after a read (so nothing is shown
that was not logged). The log is append-only: the database refuses UPDATE and DELETE on it.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from recoverykit.store import aggregates
from recoverykit.store.connection import Connection, Row

KEY_SETTING = "access.key"
RETENTION_SETTING = "retention.closed_episodes_after"
LOG_RETENTION_SETTING = "retention.access_log_after"

# The append-only triggers on SQLite, exactly as revision 0006 created them (the log retention
# step drops the DELETE trigger and re-creates it inside its own transaction).
SQLITE_LOG_TRIGGERS = {
    verb: f"CREATE TRIGGER access_log_no_{verb.lower()} BEFORE {verb} ON access_log "
    "BEGIN SELECT RAISE(ABORT, 'access_log is append-only'); END"
    for verb in ("UPDATE", "DELETE")
}

# --- who is acting ------------------------------------------------------------------------------


def database_login(*, conn: Connection) -> str:
    return str(conn.scalar("SELECT current_user AS who"))


def is_table_owner(*, conn: Connection) -> bool:
    """PostgreSQL: a superuser, or the role that owns the tables (the one that ran the
    migrations): the server does not restrict it, so neither does recoverykit."""
    row = conn.one(
        "SELECT r.rolsuper OR t.tableowner = current_user AS owner "
        "FROM pg_roles r, pg_tables t WHERE r.rolname = current_user "
        "AND t.schemaname = current_schema() AND t.tablename = 'fit_client'"
    )
    return bool(row and row["owner"])


def login_exists(*, conn: Connection, login: str) -> bool:
    return conn.scalar("SELECT 1 FROM pg_roles WHERE rolname = :l", {"l": login}) is not None


def any_grant(*, conn: Connection) -> bool:
    return conn.scalar("SELECT 1 FROM access_grant LIMIT 1") is not None


def grants_of(*, conn: Connection, login: str) -> list[Row]:
    return conn.execute(
        "SELECT g.role, g.department_id, d.code AS department FROM access_grant g "
        "LEFT JOIN department d ON d.id = g.department_id WHERE g.login = :l ORDER BY g.id",
        {"l": login},
    )


def all_grants(*, conn: Connection) -> list[Row]:
    return conn.execute(
        "SELECT g.login, g.role, d.code AS department, s.name AS staff FROM access_grant g "
        "LEFT JOIN department d ON d.id = g.department_id "
        "LEFT JOIN staff s ON s.login = g.login ORDER BY g.login, g.role, d.code_key"
    )


def grant_exists(*, conn: Connection, login: str, role: str, department_id: int | None) -> bool:
    if department_id is None:
        sql = "SELECT 1 FROM access_grant WHERE login = :l AND role = :r AND department_id IS NULL"
        return conn.scalar(sql, {"l": login, "r": role}) is not None
    sql = "SELECT 1 FROM access_grant WHERE login = :l AND role = :r AND department_id = :d"
    return conn.scalar(sql, {"l": login, "r": role, "d": department_id}) is not None


def insert_grant(*, conn: Connection, login: str, role: str, department_id: int | None) -> None:
    conn.execute(
        "INSERT INTO access_grant (login, role, department_id) VALUES (:l, :r, :d)",
        {"l": login, "r": role, "d": department_id},
    )


def delete_grants(*, conn: Connection, login: str, role: str | None) -> int:
    where = "login = :l" + ("" if role is None else " AND role = :r")
    params: dict[str, Any] = {"l": login} if role is None else {"l": login, "r": role}
    n = int(conn.scalar(f"SELECT count(*) FROM access_grant WHERE {where}", params) or 0)
    conn.execute(f"DELETE FROM access_grant WHERE {where}", params)
    return n


def logins_in_use(*, conn: Connection) -> list[str]:
    rows = conn.execute(
        "SELECT login FROM access_grant UNION SELECT login FROM access_log ORDER BY 1"
    )
    return [str(r["login"]) for r in rows]


def staff_logins(*, conn: Connection) -> dict[str, str]:
    rows = conn.execute("SELECT login, name FROM staff WHERE login IS NOT NULL")
    return {str(r["login"]): str(r["name"]) for r in rows}


def staff_for_login(*, conn: Connection, login: str) -> Row | None:
    return conn.one(
        "SELECT s.id, s.name, s.name_key, d.code AS department FROM staff s "
        "JOIN department d ON d.id = s.department_id WHERE s.login = :l",
        {"l": login},
    )


# --- PostgreSQL privileges (identifiers are quoted by the caller's checked login) ---------------

# Every table that holds client-level rows: clinicians only, rows limited by the row-level security
# policies of migrations 0006 (FIT) and 0012 (surveys, network, own goals, meetings).
CLIENT_TABLES = (
    "fit_client",
    "fit_episode",
    "fit_session",
    "survey_response",
    "survey_answer",
    "survey_score",
    "client_network",
    "client_goal",
    "client_goal_rating",
    "meeting",
)


def pg_apply_privileges(*, conn: Connection, login: str, roles: set[str]) -> None:
    """Give ``login`` exactly the table rights its roles need; rows are limited by the policies."""
    who = '"' + login.replace('"', '""') + '"'
    conn.execute(f"REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {who}")
    conn.execute(f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM {who}")
    conn.execute(f"REVOKE ALL ON FUNCTION rk_login_departments(text) FROM {who}")
    conn.execute(f"REVOKE ALL ON FUNCTION rk_client_log(text) FROM {who}")
    conn.execute(f"REVOKE ALL ON FUNCTION rk_login_department_ids(text) FROM {who}")
    conn.execute(f"REVOKE ALL ON FUNCTION rk_client_ref(text) FROM {who}")
    owner = conn.scalar(
        "SELECT tableowner FROM pg_tables WHERE schemaname = current_schema() "
        "AND tablename = 'fit_client'"
    )
    owner_q = '"' + str(owner).replace('"', '""') + '"'
    member = conn.scalar(
        "SELECT 1 FROM pg_auth_members m JOIN pg_roles a ON a.oid = m.roleid "
        "JOIN pg_roles b ON b.oid = m.member WHERE a.rolname = :o AND b.rolname = :l",
        {"o": owner, "l": login},
    )
    if "admin" in roles and not member:
        # Only the owner of the tables may grant rights on them and change the schema: an admin
        # is a member of the owning role (and could SET ROLE to it, as any DBA can).
        conn.execute(f"GRANT {owner_q} TO {who}")
    elif "admin" not in roles and member:
        conn.execute(f"REVOKE {owner_q} FROM {who}")
    if not roles:
        for sql in aggregates.grant_statements(who, roles):
            conn.execute(sql)
        return
    conn.execute(f"GRANT USAGE ON SCHEMA public TO {who}")
    tables = [
        r["tablename"]
        for r in conn.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY 1"
        )
    ]
    shared = [
        t for t in tables if t not in CLIENT_TABLES and t not in ("access_log", "access_grant")
    ]
    conn.execute(f"GRANT SELECT ON {', '.join(shared)} TO {who}")
    conn.execute(f"GRANT SELECT ON access_grant TO {who}")
    conn.execute(f"GRANT INSERT ON access_log TO {who}")
    conn.execute(f"GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO {who}")
    conn.execute(f"GRANT EXECUTE ON FUNCTION rk_login_departments(text) TO {who}")
    conn.execute(f"GRANT EXECUTE ON FUNCTION rk_login_department_ids(text) TO {who}")
    conn.execute(f"GRANT EXECUTE ON FUNCTION rk_client_ref(text) TO {who}")
    if roles & {"leader", "admin"}:
        conn.execute(f"GRANT SELECT ON access_log TO {who}")
    if roles & {"leader", "recovery-contact", "admin"}:
        writable = [t for t in shared if t not in ("alembic_version",)]
        conn.execute(f"GRANT INSERT, UPDATE, DELETE ON {', '.join(writable)} TO {who}")
    for sql in aggregates.grant_statements(who, roles):
        conn.execute(sql)
    if "clinician" in roles:
        conn.execute(f"GRANT EXECUTE ON FUNCTION rk_client_log(text) TO {who}")
        conn.execute(f"GRANT SELECT, INSERT, UPDATE, DELETE ON {', '.join(CLIENT_TABLES)} TO {who}")
        conn.execute(f"GRANT INSERT, UPDATE, DELETE ON fit_expected TO {who}")


# --- the log ------------------------------------------------------------------------------------


# PostgreSQL: the key's row in ``setting`` is hidden from every login but the owner by a policy,
# and the keyed hash is computed by this SECURITY DEFINER function: HMAC-SHA-256 (RFC 2104) over
# the built-in sha256(), so no extension is needed; the first 32 hex digits, exactly as
# ``services.access.client_ref`` computes it on SQLite.
PG_CLIENT_REF_FUNCTION = (
    "CREATE OR REPLACE FUNCTION rk_client_ref(code_key text) RETURNS text "
    "LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$ "
    "WITH k AS (SELECT CASE WHEN length(b) > 64 THEN sha256(b) ELSE b END AS b FROM "
    "(SELECT convert_to(value, 'UTF8') AS b FROM public.setting WHERE key = 'access.key') s), "
    "pad AS (SELECT decode(string_agg(lpad(to_hex((CASE WHEN i < length(k.b) "
    "THEN get_byte(k.b, i) ELSE 0 END) # 54), 2, '0'), '' ORDER BY i), 'hex') AS ipad, "
    "decode(string_agg(lpad(to_hex((CASE WHEN i < length(k.b) "
    "THEN get_byte(k.b, i) ELSE 0 END) # 92), 2, '0'), '' ORDER BY i), 'hex') AS opad "
    "FROM k, generate_series(0, 63) AS i) "
    "SELECT left(encode(sha256(opad || sha256(ipad || convert_to(code_key, 'UTF8'))), 'hex'), 32) "
    "FROM pad $$"
)
PG_HIDE_KEY = (
    "ALTER TABLE setting ENABLE ROW LEVEL SECURITY",
    "DROP POLICY IF EXISTS setting_hides_key ON setting",
    f"CREATE POLICY setting_hides_key ON setting USING (key <> '{KEY_SETTING}')",
    PG_CLIENT_REF_FUNCTION,
    "REVOKE ALL ON FUNCTION rk_client_ref(text) FROM PUBLIC",
)


def pg_client_refs(*, conn: Connection, code_keys: list[str]) -> dict[str, str]:
    """The keyed hashes of ``code_keys``, computed by the server (the key never leaves it)."""
    if not code_keys:
        return {}
    rows = conn.execute(
        "SELECT k, rk_client_ref(k) AS ref FROM unnest(CAST(:keys AS text[])) AS k",
        {"keys": code_keys},
    )
    return {str(r["k"]): str(r["ref"]) for r in rows}


def get_key(*, conn: Connection) -> str | None:
    value = conn.scalar("SELECT value FROM setting WHERE key = :k", {"k": KEY_SETTING})
    return None if value is None else str(value)


def append_log(
    *,
    conn: Connection,
    at: datetime,
    login: str,
    action: str,
    client_ref: str | None = None,
    department: str | None = None,
    rows: int | None = None,
    path: str | None = None,
    detail: str | None = None,
) -> None:
    conn.execute(
        "INSERT INTO access_log (at, login, action, client_ref, department, rows, path, detail) "
        "VALUES (:at, :login, :action, :ref, :dept, :rows, :path, :detail)",
        {
            "at": at,
            "login": login,
            "action": action,
            "ref": client_ref,
            "dept": department,
            "rows": rows,
            "path": path,
            "detail": detail,
        },
    )


def log_entries(
    *,
    conn: Connection,
    client_ref: str | None = None,
    login: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
) -> list[Row]:
    where: list[str] = []
    params: dict[str, Any] = {}
    if client_ref is not None:
        where.append("client_ref = :ref")
        params["ref"] = client_ref
    if login is not None:
        where.append("login = :login")
        params["login"] = login
    if since is not None:
        where.append("at >= :since")
        params["since"] = since
    if until is not None:
        where.append("at < :until")
        params["until"] = until
    clause = f"WHERE {' AND '.join(where)} " if where else ""
    return conn.execute(
        "SELECT id, at, login, action, client_ref, department, rows, path, detail "
        f"FROM access_log {clause}ORDER BY at, id",
        params,
    )


def client_log(*, conn: Connection, client_ref: str, restricted: bool) -> list[Row]:
    """One client's log entries; on PostgreSQL a login that is not the owner reads them through
    ``rk_client_log``, which shows only entries from the login's own departments."""
    if conn.is_sqlite or not restricted:
        return log_entries(conn=conn, client_ref=client_ref)
    return conn.execute(
        "SELECT id, at, login, action, client_ref, department, rows, path, detail "
        "FROM rk_client_log(:ref) ORDER BY at, id",
        {"ref": client_ref},
    )


def client_codes(*, conn: Connection) -> dict[str, str]:
    """Every client's code by its lookup key."""
    rows = conn.execute("SELECT code_key, code FROM fit_client")
    return {str(r["code_key"]): str(r["code"]) for r in rows}


# --- a client's own copy and erasure ----------------------------------------------------------


def client_row(*, conn: Connection, code_key: str) -> Row | None:
    return conn.one(
        "SELECT c.id, c.code, c.clinician, c.age_group, c.created_at, d.code AS department, "
        "d.name AS department_name FROM fit_client c JOIN department d ON d.id = c.department_id "
        "WHERE c.code_key = :k",
        {"k": code_key},
    )


def client_episodes(*, conn: Connection, client_id: int) -> list[Row]:
    return conn.execute(
        "SELECT e.id, e.number, d.code AS department, e.opened_on, e.closed_on, e.close_reason "
        "FROM fit_episode e JOIN department d ON d.id = e.department_id "
        "WHERE e.client_id = :c ORDER BY e.number",
        {"c": client_id},
    )


def client_sessions(*, conn: Connection, client_id: int) -> list[Row]:
    return conn.execute(
        "SELECT e.number AS episode, s.session_no, s.session_date, s.rater, "
        "s.ors1, s.ors2, s.ors3, s.ors4, s.ors_total, s.srs1, s.srs2, s.srs3, s.srs4, "
        "s.srs_total FROM fit_session s JOIN fit_episode e ON e.id = s.episode_id "
        "WHERE e.client_id = :c ORDER BY e.number, s.session_no",
        {"c": client_id},
    )


# The client's rows, children first, so that no foreign key to ``fit_client`` blocks the delete:
# (table, the condition that picks the client's rows).
_RESPONSES = "response_id IN (SELECT id FROM survey_response WHERE client_id = :c)"
_CLIENT_ROWS: tuple[tuple[str, str], ...] = (
    ("survey_score", _RESPONSES),
    ("survey_answer", _RESPONSES),
    ("survey_response", "client_id = :c"),
    ("client_goal_rating", "goal_id IN (SELECT id FROM client_goal WHERE client_id = :c)"),
    ("client_goal", "client_id = :c"),
    ("meeting", "client_id = :c"),
    ("client_network", "client_id = :c"),
    ("fit_session", "episode_id IN (SELECT id FROM fit_episode WHERE client_id = :c)"),
    ("fit_episode", "client_id = :c"),
    ("fit_client", "id = :c"),
)


def erase_client(*, conn: Connection, client_id: int) -> int:
    """Delete every row about one client (FIT, surveys, goals, network, meetings); the number of
    rows deleted."""
    n = 0
    params = {"c": client_id}
    for table, where in _CLIENT_ROWS:
        n += int(conn.scalar(f"SELECT count(*) FROM {table} WHERE {where}", params) or 0)
        conn.execute(f"DELETE FROM {table} WHERE {where}", params)
    return n


def sqlite_scrub(*, conn: Connection) -> None:
    """After an erasure on SQLite: the freed pages are zeroed (``secure_delete`` was on for the
    delete) and the WAL is checkpointed into the file and truncated to nothing."""
    conn.raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def pg_vacuum(*, conn: Connection) -> None:
    for table, _ in _CLIENT_ROWS:
        conn.raw.execute(f"VACUUM {table}")


def set_secure_delete(*, conn: Connection) -> None:
    conn.raw.execute("PRAGMA secure_delete = ON")


# --- retention ----------------------------------------------------------------------------------


def get_setting(*, conn: Connection, key: str) -> str | None:
    value = conn.scalar("SELECT value FROM setting WHERE key = :k", {"k": key})
    return None if value is None else str(value)


def put_setting(*, conn: Connection, key: str, value: str) -> None:
    conn.execute("DELETE FROM setting WHERE key = :k", {"k": key})
    conn.execute("INSERT INTO setting (key, value) VALUES (:k, :v)", {"k": key, "v": value})


def clients_closed_before(*, conn: Connection, before: date) -> list[Row]:
    """Clients with no open episode whose latest episode closed before ``before``."""
    return conn.execute(
        "SELECT c.id, c.code_key, d.code AS department FROM fit_client c "
        "JOIN department d ON d.id = c.department_id "
        "WHERE EXISTS (SELECT 1 FROM fit_episode e WHERE e.client_id = c.id) "
        "AND NOT EXISTS (SELECT 1 FROM fit_episode e WHERE e.client_id = c.id "
        "AND (e.closed_on IS NULL OR e.closed_on >= :b)) ORDER BY c.id",
        {"b": before},
    )


def delete_log_before(*, conn: Connection, before: datetime) -> int:
    """Delete the access-log entries older than ``before``, inside the caller's write
    transaction: the append-only guard is lifted for this one statement and restored before the
    transaction commits (SQLite: the trigger is dropped and re-created; PostgreSQL: the trigger
    is disabled and enabled, which only the table owner may do). The number deleted."""
    params = {"b": before}
    n = int(conn.scalar("SELECT count(*) FROM access_log WHERE at < :b", params) or 0)
    if not n:
        return 0
    if conn.is_sqlite:
        conn.execute("DROP TRIGGER access_log_no_delete")
        conn.execute("DELETE FROM access_log WHERE at < :b", params)
        conn.execute(SQLITE_LOG_TRIGGERS["DELETE"])
    else:
        conn.execute("ALTER TABLE access_log DISABLE TRIGGER access_log_append_only")
        conn.execute("DELETE FROM access_log WHERE at < :b", params)
        conn.execute("ALTER TABLE access_log ENABLE TRIGGER access_log_append_only")
    return n
