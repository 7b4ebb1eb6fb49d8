"""Values-exercise queries: keyword-only, taking the open connection as ``conn=``.

The exercise's tables hold no client data and are never joined with any.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from recoverykit.store.connection import Connection, Row


def insert_exercise(
    *, conn: Connection, participant: str | None, department_id: int | None, done_on: date
) -> int:
    return conn.insert(
        "INSERT INTO values_exercise (participant, department_id, done_on) "
        "VALUES (:participant, :department_id, :done_on)",
        {"participant": participant, "department_id": department_id, "done_on": done_on},
    )


def insert_choices(
    *, conn: Connection, exercise_id: int, choices: Sequence[dict[str, Any]]
) -> None:
    """``choices``: dicts with position, value_id, name and kept."""
    conn.executemany(
        "INSERT INTO values_choice (exercise_id, position, value_id, name, kept) "
        "VALUES (:exercise_id, :position, :value_id, :name, :kept)",
        [{**c, "exercise_id": exercise_id} for c in choices],
    )


def insert_reflections(
    *, conn: Connection, exercise_id: int, answers: Sequence[dict[str, Any]]
) -> None:
    """``answers``: dicts with position, question and answer."""
    if answers:
        conn.executemany(
            "INSERT INTO values_reflection (exercise_id, position, question, answer) "
            "VALUES (:exercise_id, :position, :question, :answer)",
            [{**a, "exercise_id": exercise_id} for a in answers],
        )


def kept_choices(*, conn: Connection, department_id: int | None = None) -> list[Row]:
    """Every kept value with its exercise id (no participant), optionally for one department."""
    dept = "" if department_id is None else " AND e.department_id = :dept"
    return conn.execute(
        "SELECT c.exercise_id, c.value_id, c.name FROM values_choice c "
        "JOIN values_exercise e ON e.id = c.exercise_id "
        f"WHERE c.kept = :kept{dept} ORDER BY c.exercise_id, c.position",
        {"dept": department_id, "kept": True},
    )


def count_exercises(*, conn: Connection, department_id: int | None = None) -> int:
    where = "" if department_id is None else " WHERE department_id = :dept"
    return int(
        conn.scalar(f"SELECT count(*) FROM values_exercise{where}", {"dept": department_id}) or 0
    )


def count_reflections(*, conn: Connection, department_id: int | None = None) -> int:
    where = "" if department_id is None else " WHERE e.department_id = :dept"
    return int(
        conn.scalar(
            "SELECT count(*) FROM values_reflection r "
            f"JOIN values_exercise e ON e.id = r.exercise_id{where}",
            {"dept": department_id},
        )
        or 0
    )


# --- the reports' practice section ---------------------------------------------------------------


def exercises_by_department(*, conn: Connection, start: date, end: date) -> list[Row]:
    """Exercises held start–end per department code (``code`` None: no department)."""
    return conn.execute(
        "SELECT d.code, COUNT(*) AS n FROM values_exercise x "
        "LEFT JOIN department d ON d.id = x.department_id "
        "WHERE x.done_on BETWEEN :start AND :end GROUP BY d.code",
        {"start": start, "end": end},
    )


def kept_values_by_department(*, conn: Connection, start: date, end: date) -> list[Row]:
    """Per department code and list value: how many exercises kept it (own words left out)."""
    return conn.execute(
        "SELECT d.code, c.value_id, MIN(c.name) AS name, COUNT(DISTINCT x.id) AS n "
        "FROM values_choice c JOIN values_exercise x ON x.id = c.exercise_id "
        "LEFT JOIN department d ON d.id = x.department_id "
        "WHERE c.kept AND c.value_id IS NOT NULL AND x.done_on BETWEEN :start AND :end "
        "GROUP BY d.code, c.value_id",
        {"start": start, "end": end},
    )
