"""FIT queries: keyword-only, taking the open connection as ``conn=``.

Every query that runs per command reads through an index: clients by ``code_key``, episodes by
``(client_id, number)``, sessions by ``(episode_id, session_no)``, and department summaries by
``(department_id, session_date)`` / ``(department_id, closed_on)``. The expected-response table is
one stored row. Bulk loading (demo, benchmarks) is in :mod:`recoverykit.store.fit_bulk`.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from typing import Any

from recoverykit.domain.fit.settings import FitSettings
from recoverykit.store.connection import Connection, Row


def __getattr__(name: str) -> Any:
    """The bulk loader (demo, benchmarks) lives in fit_bulk and loads only when asked for, so
    that ``fit record`` does not import it and the synthetic generator."""
    if name in ("BulkCounts", "bulk_insert_synthetic"):
        from recoverykit.store import fit_bulk

        return getattr(fit_bulk, name)
    raise AttributeError(name)


SETTING_KEY = "fit"
SESSION_COLUMNS = (
    "session_no, session_date, rater, ors1, ors2, ors3, ors4, ors_total, "
    "srs1, srs2, srs3, srs4, srs_total, srs_alert"
)

# --- settings (the shared ``setting`` table, key "fit") -----------------------------------------


def get_settings_json(*, conn: Connection) -> str | None:
    value = conn.scalar("SELECT value FROM setting WHERE key = :k", {"k": SETTING_KEY})
    return None if value is None else str(value)


def load_settings(conn: Connection) -> FitSettings:
    """The unit's FIT settings: the defaults with the overrides stored under ``setting.fit``.
    The one loader, for the commands and the reports alike."""
    import json

    from recoverykit.errors import ConfigError
    from recoverykit.i18n import t

    raw = get_settings_json(conn=conn)
    if raw is None:
        return FitSettings()
    try:
        data = json.loads(raw)
    except ValueError:
        data = None
    if not isinstance(data, dict):
        raise ConfigError(
            t(
                "FIT-innstillingene i databasen er ødelagt; tilbakestill med "
                "«recoverykit fit settings --reset all»",
                "the FIT settings in the database are broken; reset them with "
                "'recoverykit fit settings --reset all'",
            )
        )
    return FitSettings.from_mapping(data)


def put_settings_json(*, conn: Connection, value: str | None) -> None:
    conn.execute("DELETE FROM setting WHERE key = :k", {"k": SETTING_KEY})
    if value is not None:
        conn.execute(
            "INSERT INTO setting (key, value) VALUES (:k, :v)", {"k": SETTING_KEY, "v": value}
        )


# --- clients and episodes -----------------------------------------------------------------------

_CLIENT = (
    "c.id AS client_id, c.code, c.clinician, c.age_group, c.department_id, d.code AS department"
)


def client_with_latest_episode(*, conn: Connection, code_key: str) -> Row | None:
    """The client and its latest episode (episode columns are NULL when it has none)."""
    return conn.one(
        f"SELECT {_CLIENT}, e.id AS episode_id, e.number AS episode_number, e.opened_on, "
        "e.closed_on, e.close_reason "
        "FROM fit_client c JOIN department d ON d.id = c.department_id "
        "LEFT JOIN fit_episode e ON e.client_id = c.id AND e.number = "
        "(SELECT max(number) FROM fit_episode x WHERE x.client_id = c.id) "
        "WHERE c.code_key = :k",
        {"k": code_key},
    )


def client_exists(*, conn: Connection, code_key: str) -> bool:
    return conn.scalar("SELECT 1 FROM fit_client WHERE code_key = :k", {"k": code_key}) is not None


def insert_client(
    *,
    conn: Connection,
    code: str,
    code_key: str,
    department_id: int,
    clinician: str,
    clinician_key: str,
    age_group: str,
) -> int:
    return conn.insert(
        "INSERT INTO fit_client (code, code_key, department_id, clinician, clinician_key, "
        "age_group) VALUES (:code, :code_key, :dept, :clinician, :clinician_key, :age_group)",
        {
            "code": code,
            "code_key": code_key,
            "dept": department_id,
            "clinician": clinician,
            "clinician_key": clinician_key,
            "age_group": age_group,
        },
    )


def list_clients(*, conn: Connection, department_id: int | None = None) -> list[Row]:
    """Clients with their latest episode's number, state and session count."""
    where = "" if department_id is None else "WHERE c.department_id = :dept"
    return conn.execute(
        f"SELECT c.code, d.code AS department, c.clinician, c.age_group, "
        "e.number AS episode_number, e.opened_on, e.closed_on, e.close_reason, "
        "(SELECT count(*) FROM fit_session s WHERE s.episode_id = e.id) AS sessions, "
        "(SELECT max(session_date) FROM fit_session s WHERE s.episode_id = e.id) AS last_session "
        "FROM fit_client c JOIN department d ON d.id = c.department_id "
        "LEFT JOIN fit_episode e ON e.client_id = c.id AND e.number = "
        "(SELECT max(number) FROM fit_episode x WHERE x.client_id = c.id) "
        f"{where} ORDER BY c.code_key",
        {} if department_id is None else {"dept": department_id},
    )


def department_codes(*, conn: Connection, ids: frozenset[int | None]) -> set[str]:
    """The codes of the departments with these ids (for filtering listings by access)."""
    wanted = {i for i in ids if i is not None}
    rows = conn.execute("SELECT id, code FROM department")
    return {str(r["code"]) for r in rows if r["id"] in wanted}


def insert_episode(
    *, conn: Connection, client_id: int, number: int, department_id: int, opened_on: date
) -> int:
    return conn.insert(
        "INSERT INTO fit_episode (client_id, number, department_id, opened_on) "
        "VALUES (:client, :number, :dept, :opened)",
        {"client": client_id, "number": number, "dept": department_id, "opened": opened_on},
    )


def episode_closed_on(*, conn: Connection, client_id: int, number: int) -> Any:
    return conn.scalar(
        "SELECT closed_on FROM fit_episode WHERE client_id = :c AND number = :n",
        {"c": client_id, "n": number},
    )


def set_episode_opened(*, conn: Connection, episode_id: int, opened_on: date) -> None:
    conn.execute(
        "UPDATE fit_episode SET opened_on = :o WHERE id = :id", {"o": opened_on, "id": episode_id}
    )


def close_episode(*, conn: Connection, episode_id: int, closed_on: date, reason: str) -> None:
    conn.execute(
        "UPDATE fit_episode SET closed_on = :closed, close_reason = :reason WHERE id = :id",
        {"closed": closed_on, "reason": reason, "id": episode_id},
    )


# --- sessions -----------------------------------------------------------------------------------


def episode_sessions(*, conn: Connection, episode_id: int) -> list[Row]:
    """An episode's sessions in order (index ``(episode_id, session_no)``)."""
    return conn.execute(
        f"SELECT id, {SESSION_COLUMNS} FROM fit_session WHERE episode_id = :e "
        "ORDER BY session_no, rater",
        {"e": episode_id},
    )


def insert_session(*, conn: Connection, values: dict[str, Any]) -> int:
    columns = ", ".join(values)
    params = ", ".join(f":{k}" for k in values)
    return conn.insert(f"INSERT INTO fit_session ({columns}) VALUES ({params})", values)


def update_session(*, conn: Connection, session_id: int, values: dict[str, Any]) -> None:
    sets = ", ".join(f"{k} = :{k}" for k in values)
    conn.execute(f"UPDATE fit_session SET {sets} WHERE id = :id", {**values, "id": session_id})


def shift_later_sessions(*, conn: Connection, episode_id: int, after: date) -> None:
    """Make room for a session recorded late: later sessions move one number up."""
    conn.execute(
        "UPDATE fit_session SET session_no = session_no + 1 "
        "WHERE episode_id = :e AND session_date > :d",
        {"e": episode_id, "d": after},
    )


# --- the stored expected-response table ---------------------------------------------------------


def get_expected(*, conn: Connection) -> Row | None:
    return conn.one(
        "SELECT table_json, episodes, fitted_at FROM fit_expected ORDER BY id DESC LIMIT 1"
    )


def put_expected(*, conn: Connection, table_json: str, episodes: int, fitted_at: datetime) -> None:
    conn.execute("DELETE FROM fit_expected")
    conn.execute(
        "INSERT INTO fit_expected (table_json, episodes, fitted_at) VALUES (:j, :n, :at)",
        {"j": table_json, "n": episodes, "at": fitted_at},
    )


def closed_episode_series(
    *, conn: Connection, max_session: int
) -> Iterator[tuple[int, str, list[float]]]:
    """``(episode id, age group, primary ORS series up to max_session)`` of every closed
    episode (the series of the intake rater; see ``PRIMARY_RATER``)."""
    rows = conn.execute(
        "SELECT s.episode_id, c.age_group, s.ors_total FROM fit_session s "
        "JOIN fit_episode e ON e.id = s.episode_id JOIN fit_client c ON c.id = e.client_id "
        f"WHERE e.closed_on IS NOT NULL AND s.session_no <= :m AND {PRIMARY_SERIES} "
        "ORDER BY s.episode_id, s.session_no",
        {"m": max_session},
    )
    current: int | None = None
    group = ""
    scores: list[float] = []
    for row in rows:
        if row["episode_id"] != current:
            if scores and current is not None:
                yield current, group, scores
            current, group, scores = row["episode_id"], str(row["age_group"]), []
        scores.append(float(row["ors_total"]))
    if scores and current is not None:
        yield current, group, scores


def count_closed_episodes(*, conn: Connection) -> int:
    return int(conn.scalar("SELECT count(*) FROM fit_episode WHERE closed_on IS NOT NULL") or 0)


# --- summaries, "mine" and export ----------------------------------------------------------------

# Per episode: first and latest ORS and the number of sessions, each an index seek on
# (episode_id, session_no) — never all sessions as rows.
# The episode's primary series: the rater of the intake ORS, the client's own when several rated
# that day (alphabetical: client first); domain.fit.series.primary_rater in Python.
PRIMARY_RATER = (
    "(SELECT r.rater FROM fit_session r WHERE r.episode_id = e.id AND r.ors_total IS NOT NULL "
    "ORDER BY r.session_no, r.rater LIMIT 1)"
)


def primary_series(rater: str = PRIMARY_RATER) -> str:
    """The rows ``s`` of episode ``e``'s primary series; ``rater`` may be the primary rater
    already worked out once per episode (a column holding :data:`PRIMARY_RATER`)."""
    return f"s.episode_id = e.id AND s.ors_total IS NOT NULL AND s.rater = {rater}"


PRIMARY_SERIES = primary_series()
_EPISODE_FIGURES = (
    "e.id, c.code AS client, c.clinician_key AS clinician, d.code AS department, c.age_group, "
    "e.closed_on, e.close_reason, "
    f"(SELECT s.ors_total FROM fit_session s WHERE {PRIMARY_SERIES} "
    "ORDER BY s.session_no LIMIT 1) AS intake, "
    f"(SELECT s.ors_total FROM fit_session s WHERE {PRIMARY_SERIES} "
    "ORDER BY s.session_no DESC LIMIT 1) AS latest, "
    f"(SELECT count(*) FROM fit_session s WHERE {PRIMARY_SERIES}) AS sessions "
    "FROM fit_episode e JOIN fit_client c ON c.id = e.client_id "
    "JOIN department d ON d.id = e.department_id "
)


def period_episodes(
    *, conn: Connection, department_id: int | None, start: date, end: date
) -> list[Row]:
    """Episodes with a session in the period or closed in it, with their figures."""
    dept = "" if department_id is None else "department_id = :dept AND "
    params: dict[str, Any] = {"a": start, "b": end}
    if department_id is not None:
        params["dept"] = department_id
    return conn.execute(
        f"SELECT {_EPISODE_FIGURES} WHERE e.id IN ("
        f"SELECT episode_id FROM fit_session WHERE {dept}session_date BETWEEN :a AND :b "
        f"UNION SELECT id FROM fit_episode WHERE {dept}closed_on BETWEEN :a AND :b) "
        "ORDER BY e.id",
        params,
    )


def clinician_closed_episodes(*, conn: Connection, clinician_key: str) -> list[Row]:
    return conn.execute(
        f"SELECT {_EPISODE_FIGURES} WHERE c.clinician_key = :k AND e.closed_on IS NOT NULL "
        "ORDER BY e.closed_on, e.id",
        {"k": clinician_key},
    )


def export_sessions(*, conn: Connection, department_id: int | None) -> list[Row]:
    where = "" if department_id is None else "WHERE s.department_id = :dept "
    return conn.execute(
        "SELECT c.code AS client, d.code AS department, e.number AS episode, "
        "s.session_no AS session, s.session_date AS date, s.rater, "
        "s.ors1, s.ors2, s.ors3, s.ors4, s.ors_total, "
        "s.srs1, s.srs2, s.srs3, s.srs4, s.srs_total, c.clinician, c.age_group, "
        "e.closed_on, e.close_reason "
        "FROM fit_session s JOIN fit_episode e ON e.id = s.episode_id "
        "JOIN fit_client c ON c.id = e.client_id JOIN department d ON d.id = s.department_id "
        f"{where}ORDER BY c.code_key, e.number, s.session_no",
        {} if department_id is None else {"dept": department_id},
    )


def clinician_has_clients(*, conn: Connection, clinician_key: str) -> bool:
    found = conn.one("SELECT 1 FROM fit_client WHERE clinician_key = :k", {"k": clinician_key})
    return found is not None


def demo_open_client(*, conn: Connection, department_code: str, before: date) -> str | None:
    """A client of the department with an open episode of at least three sessions, the last
    before ``before`` (the demo shows it)."""
    code = conn.scalar(
        "SELECT c.code FROM fit_client c JOIN fit_episode e ON e.client_id = c.id "
        "JOIN department d ON d.id = c.department_id "
        "WHERE e.closed_on IS NULL AND d.code = :dept "
        "AND (SELECT count(*) FROM fit_session s WHERE s.episode_id = e.id) >= 3 "
        "AND (SELECT max(session_date) FROM fit_session s WHERE s.episode_id = e.id) < :today "
        "ORDER BY c.code LIMIT 1",
        {"today": before, "dept": department_code},
    )
    return None if code is None else str(code)


# --- corrections (fit session edit|remove, fit client set|remove, fit close --undo) ------------


def client_sessions_on(*, conn: Connection, client_id: int, day: date) -> list[Row]:
    """The client's sessions on one date (any episode, any rater), with their episode."""
    return conn.execute(
        f"SELECT s.id, s.episode_id, {', '.join('s.' + c.strip() for c in SESSION_COLUMNS.split(','))}, "
        "e.number AS episode_number, e.opened_on, e.closed_on FROM fit_session s "
        "JOIN fit_episode e ON e.id = s.episode_id "
        "WHERE e.client_id = :c AND s.session_date = :d ORDER BY s.rater",
        {"c": client_id, "d": day},
    )


def delete_session(*, conn: Connection, session_id: int) -> None:
    conn.execute("DELETE FROM fit_session WHERE id = :id", {"id": session_id})


def delete_episode(*, conn: Connection, episode_id: int) -> None:
    conn.execute("DELETE FROM fit_episode WHERE id = :id", {"id": episode_id})


def reopen_episode(*, conn: Connection, episode_id: int) -> None:
    conn.execute(
        "UPDATE fit_episode SET closed_on = NULL, close_reason = NULL WHERE id = :id",
        {"id": episode_id},
    )


def client_row(*, conn: Connection, client_id: int) -> Row | None:
    return conn.one(
        "SELECT c.code, d.code AS department, c.clinician, c.age_group FROM fit_client c "
        "JOIN department d ON d.id = c.department_id WHERE c.id = :id",
        {"id": client_id},
    )


def update_client(*, conn: Connection, client_id: int, values: dict[str, Any]) -> None:
    sets = ", ".join(f"{k} = :{k}" for k in values)
    conn.execute(f"UPDATE fit_client SET {sets} WHERE id = :id", {**values, "id": client_id})


def move_client_department(*, conn: Connection, client_id: int, department_id: int) -> None:
    """The client's open episode and its sessions follow the client to the new department."""
    conn.execute(
        "UPDATE fit_session SET department_id = :d WHERE episode_id IN "
        "(SELECT id FROM fit_episode WHERE client_id = :c AND closed_on IS NULL)",
        {"d": department_id, "c": client_id},
    )
    conn.execute(
        "UPDATE fit_episode SET department_id = :d WHERE client_id = :c AND closed_on IS NULL",
        {"d": department_id, "c": client_id},
    )


def count_client_sessions(*, conn: Connection, client_id: int) -> int:
    return int(
        conn.scalar(
            "SELECT count(*) FROM fit_session s JOIN fit_episode e ON e.id = s.episode_id "
            "WHERE e.client_id = :c",
            {"c": client_id},
        )
        or 0
    )


def delete_client(*, conn: Connection, client_id: int) -> None:
    """The client with its episodes and sessions."""
    conn.execute(
        "DELETE FROM fit_session WHERE episode_id IN "
        "(SELECT id FROM fit_episode WHERE client_id = :c)",
        {"c": client_id},
    )
    conn.execute("DELETE FROM fit_episode WHERE client_id = :c", {"c": client_id})
    conn.execute("DELETE FROM fit_client WHERE id = :c", {"c": client_id})


def demo_client_recorded_on(*, conn: Connection, day: date) -> str | None:
    """The client whose session was recorded last on ``day`` (the demo shows it)."""
    code = conn.scalar(
        "SELECT c.code FROM fit_client c JOIN fit_episode e ON e.client_id = c.id "
        "JOIN fit_session s ON s.episode_id = e.id WHERE s.session_date = :today "
        "ORDER BY s.id DESC LIMIT 1",
        {"today": day},
    )
    return None if code is None else str(code)


def demo_department_clients(*, conn: Connection, department_code: str, limit: int) -> list[str]:
    """The first ``limit`` client codes of a department (the demo records feedback for them)."""
    rows = conn.execute(
        "SELECT c.code FROM fit_client c JOIN department d ON d.id = c.department_id "
        "WHERE d.code = :d ORDER BY c.code LIMIT :n",
        {"d": department_code, "n": limit},
    )
    return [str(r["code"]) for r in rows]


def unresolved_clinicians(*, conn: Connection) -> list[str]:
    """Clinician names on clients that match no staff member."""
    rows = conn.execute(
        "SELECT DISTINCT c.clinician FROM fit_client c "
        "WHERE NOT EXISTS (SELECT 1 FROM staff s WHERE s.name_key = c.clinician_key) "
        "ORDER BY 1"
    )
    return [str(r["clinician"]) for r in rows]
