"""Revision 0004 (values exercise, reflection cards): a database at 0003 upgrades keeping data."""

from __future__ import annotations

from datetime import date

from recoverykit.config import parse_database_url
from recoverykit.store.connection import Database
from recoverykit.store.migrate import schema_state, upgrade


def test_a_database_at_0003_upgrades_to_0004_keeping_its_data(blank_db_url: str) -> None:
    db = Database(parse_database_url(blank_db_url))
    try:
        upgrade(db, "0003")
        assert schema_state(db).current == "0003"
        with db.write() as conn:
            conn.execute(
                "INSERT INTO department (code, code_key, name) VALUES ('BØ', 'bø', 'Bolig Ærlig')"
            )
        upgrade(db, "0004")
        conn = db.connection()
        assert schema_state(db).current == "0004"
        assert conn.execute("SELECT code, name FROM department") == [
            {"code": "BØ", "name": "Bolig Ærlig"}
        ]
        with db.write() as conn:
            dept = conn.scalar("SELECT id FROM department")
            exercise = conn.insert(
                "INSERT INTO values_exercise (participant, department_id, done_on) "
                "VALUES (:p, :d, :on)",
                {"p": "A1", "d": dept, "on": date(2026, 11, 20)},
            )
            conn.execute(
                "INSERT INTO values_choice (exercise_id, position, value_id, name, kept) "
                "VALUES (:e, 1, NULL, 'Å bli sett', :k)",
                {"e": exercise, "k": True},
            )
            conn.execute(
                "INSERT INTO card_draw (group_name, group_key, deck_id, card_id, drawn_on, cycle) "
                "VALUES ('Ledergruppa', 'ledergruppa', 'chime', 'chime-hap', :on, 0)",
                {"on": date(2026, 11, 20)},
            )
        assert conn.scalar("SELECT name FROM values_choice") == "Å bli sett"
        assert conn.scalar("SELECT count(*) FROM card_draw") == 1
    finally:
        db.close()
