"""Revision 0003 (FIT): a database at 0002 upgrades keeping its data, downgrades cleanly, and the
per-command FIT queries read through indexes (no full scan of the sessions)."""

from __future__ import annotations

from datetime import date

import pytest

from recoverykit.config import parse_database_url
from recoverykit.store.connection import Database
from recoverykit.store.migrate import schema_state, upgrade


def test_database_at_0002_upgrades_to_0003_keeping_data(blank_db_url: str) -> None:
    db = Database(parse_database_url(blank_db_url))
    upgrade(db, "0002")
    with db.write() as conn:
        conn.execute(
            "INSERT INTO department (code, code_key, name) VALUES ('BOLIG', 'bolig', 'Bolig')"
        )
        conn.execute("INSERT INTO setting (key, value) VALUES ('other', '{\"a\": 1}')")
    upgrade(db, "0003")
    assert schema_state(db).current == "0003"
    with db.write() as conn:
        assert conn.scalar("SELECT name FROM department WHERE code = 'BOLIG'") == "Bolig"
        assert conn.scalar("SELECT value FROM setting WHERE key = 'other'") == '{"a": 1}'
        dept = conn.scalar("SELECT id FROM department")
        client = conn.insert(
            "INSERT INTO fit_client (code, code_key, department_id, clinician, clinician_key, "
            "age_group) VALUES ('K-1', 'k-1', :d, 'Kari', 'kari', 'adult')",
            {"d": dept},
        )
        episode = conn.insert(
            "INSERT INTO fit_episode (client_id, number, department_id, opened_on) "
            "VALUES (:c, 1, :d, :o)",
            {"c": client, "d": dept, "o": date(2026, 1, 5)},
        )
        conn.execute(
            "INSERT INTO fit_session (episode_id, department_id, session_no, session_date, rater, "
            "ors1, ors2, ors3, ors4, ors_total, srs_alert) "
            "VALUES (:e, :d, 1, :day, 'client', 5, 5, 5, 5, 20, :f)",
            {"e": episode, "d": dept, "day": date(2026, 1, 5), "f": False},
        )
    with db.read() as conn:
        assert conn.scalar("SELECT count(*) FROM fit_session") == 1
    db.close()


@pytest.mark.parametrize(
    ("column", "value"),
    [("ors1", 10.5), ("ors_total", 41), ("srs2", -1), ("rater", "'nurse'")],
)
def test_check_constraints_refuse_out_of_range_values(db, column: str, value: object) -> None:
    values = {
        "ors1": "5",
        "ors2": "5",
        "ors3": "5",
        "ors4": "5",
        "ors_total": "20",
        "srs1": "NULL",
        "srs2": "NULL",
        "srs3": "NULL",
        "srs4": "NULL",
        "srs_total": "NULL",
        "rater": "'client'",
    }
    values[column] = str(value)
    if column.startswith("srs"):
        values.update({"srs1": "9", "srs3": "9", "srs4": "9", "srs_total": "36"})
    with db.write() as conn:
        dept = conn.insert(
            "INSERT INTO department (code, code_key, name) VALUES ('B', 'b', 'B')", {}
        )
        client = conn.insert(
            "INSERT INTO fit_client (code, code_key, department_id, clinician, clinician_key, "
            "age_group) VALUES ('K', 'k', :d, 'C', 'c', 'adult')",
            {"d": dept},
        )
        episode = conn.insert(
            "INSERT INTO fit_episode (client_id, number, department_id, opened_on) "
            "VALUES (:c, 1, :d, '2026-01-01')",
            {"c": client, "d": dept},
        )
    with pytest.raises(Exception), db.write() as conn:  # noqa: B017 (backend-specific types)
        conn.execute(
            "INSERT INTO fit_session (episode_id, department_id, session_no, session_date, "
            f"rater, ors1, ors2, ors3, ors4, ors_total, srs1, srs2, srs3, srs4, srs_total, "
            f"srs_alert) VALUES (:e, :d, 1, '2026-01-01', {values['rater']}, {values['ors1']}, "
            f"{values['ors2']}, {values['ors3']}, {values['ors4']}, {values['ors_total']}, "
            f"{values['srs1']}, {values['srs2']}, {values['srs3']}, {values['srs4']}, "
            f"{values['srs_total']}, :f)",
            {"e": episode, "d": dept, "f": False},
        )


def test_record_and_show_queries_use_indexes(db, is_postgres: bool) -> None:
    if is_postgres:
        pytest.skip("EXPLAIN QUERY PLAN is SQLite's; PostgreSQL plans depend on statistics")
    from recoverykit.domain.fit.synthetic import generate
    from recoverykit.store import fit as q

    with db.write() as conn:
        q.bulk_insert_synthetic(conn=conn, unit=generate(seed=3, clients=200))
        conn.execute("ANALYZE")
    conn = db.connection()
    episode = conn.scalar("SELECT max(id) FROM fit_episode")
    statements = [
        (
            "SELECT c.id FROM fit_client c JOIN department d ON d.id = c.department_id "
            "LEFT JOIN fit_episode e ON e.client_id = c.id AND e.number = "
            "(SELECT max(number) FROM fit_episode x WHERE x.client_id = c.id) "
            "WHERE c.code_key = 'k-0001'"
        ),
        f"SELECT {q.SESSION_COLUMNS} FROM fit_session WHERE episode_id = {episode} "
        "ORDER BY session_no",
        "SELECT table_json FROM fit_expected ORDER BY id DESC LIMIT 1",
        "SELECT count(*) FROM fit_session WHERE department_id = 1 "
        "AND session_date BETWEEN '2025-01-01' AND '2025-01-31'",
    ]
    for sql in statements:
        plan = " | ".join(str(r[3]) for r in conn.raw.execute("EXPLAIN QUERY PLAN " + sql))
        assert "SCAN fit_session" not in plan, (sql, plan)
        assert "SCAN fit_client" not in plan, (sql, plan)
        assert "SCAN fit_episode" not in plan, (sql, plan)
