"""Revision 0002 (plans, goals, sharing, staff) upgrades a 0001 database and keeps its data."""

from __future__ import annotations

from recoverykit.config import parse_database_url
from recoverykit.store.connection import Database
from recoverykit.store.migrate import schema_state, upgrade

NEW_TABLES = {
    "plan", "focus_area", "measure", "measure_event", "department_goal", "goal_reading",
    "goal_share", "share", "staff", "staff_activity",
}  # fmt: skip


def tables(db: Database) -> set[str]:
    conn = db.connection()
    if conn.is_sqlite:
        rows = conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
    else:
        rows = conn.execute(
            "SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema()"
        )
    return {r["name"] for r in rows}


def test_0001_with_departments_upgrades_to_0002_keeping_data(blank_db_url: str) -> None:
    db = Database(parse_database_url(blank_db_url))
    upgrade(db, "0001")
    with db.write() as conn:
        conn.execute(
            "INSERT INTO department (code, code_key, name, recovery_contact) VALUES "
            "('BOLIG', 'bolig', 'Bolig | *x* <æøå>', 'Åse Ødegård'), ('RUS', 'rus', 'Rus', NULL)"
        )
        conn.execute("INSERT INTO setting (key, value) VALUES ('fit.cutoff', '25')")
    assert not NEW_TABLES & tables(db)
    db.close()

    upgrade(db, "0002")
    assert schema_state(db).current == "0002"
    assert tables(db) >= NEW_TABLES
    conn = db.connection()
    rows = conn.execute("SELECT code, name, recovery_contact FROM department ORDER BY code_key")
    assert rows == [
        {"code": "BOLIG", "name": "Bolig | *x* <æøå>", "recovery_contact": "Åse Ødegård"},
        {"code": "RUS", "name": "Rus", "recovery_contact": None},
    ]
    assert conn.scalar("SELECT value FROM setting WHERE key = 'fit.cutoff'") == "25"
    with db.write() as conn:
        dept = conn.scalar("SELECT id FROM department WHERE code = 'BOLIG'")
        conn.insert(
            "INSERT INTO staff (name, name_key, department_id, peer_worker) "
            "VALUES ('Kari', 'kari', :d, :p)",
            {"d": dept, "p": False},
        )
    assert conn.scalar("SELECT count(*) FROM staff") == 1
    db.close()


def test_0002_downgrades_to_0001(blank_db_url: str) -> None:
    from alembic import command
    from alembic.config import Config
    from sqlalchemy import create_engine, pool

    from recoverykit.resources import resource_path

    db = Database(parse_database_url(blank_db_url))
    upgrade(db, "0002")
    db.close()
    cfg = Config()
    cfg.set_main_option("script_location", str(resource_path("migrations")))
    engine = create_engine(db.url.sqlalchemy_url(), poolclass=pool.NullPool)
    try:
        with engine.begin() as connection:
            cfg.attributes["connection"] = connection
            command.downgrade(cfg, "0001")
    finally:
        engine.dispose()
    assert schema_state(db).current == "0001"
    assert not NEW_TABLES & tables(db)
    db.close()
