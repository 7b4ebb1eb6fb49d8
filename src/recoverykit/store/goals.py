"""Department goal, reading, goal-sharing and sharing-log queries: keyword-only, ``conn=``."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from recoverykit.store.connection import Connection, Row

_GOAL = (
    "g.id, g.department_id, d.code AS dept_code, d.name AS dept_name, "
    "d.recovery_contact, g.period, g.text, g.indicator, g.unit, g.baseline, g.target, "
    "g.outcome, g.result, g.result_on"
)


def count_goals(*, conn: Connection, department_id: int, period: str) -> int:
    return int(
        conn.scalar(
            "SELECT count(*) FROM department_goal WHERE department_id = :d AND period = :p",
            {"d": department_id, "p": period},
        )
    )


def insert_goal(
    *,
    conn: Connection,
    department_id: int,
    period: str,
    text: str,
    indicator: str,
    unit: str | None,
    baseline: float | None,
    target: float | None,
) -> int:
    return conn.insert(
        "INSERT INTO department_goal (department_id, period, text, indicator, unit, baseline, "
        "target) VALUES (:d, :p, :text, :indicator, :unit, :baseline, :target)",
        {
            "d": department_id,
            "p": period,
            "text": text,
            "indicator": indicator,
            "unit": unit,
            "baseline": baseline,
            "target": target,
        },
    )


def get_goal(*, conn: Connection, goal_id: int) -> Row | None:
    return conn.one(
        f"SELECT {_GOAL} FROM department_goal g JOIN department d ON d.id = g.department_id "
        "WHERE g.id = :id",
        {"id": goal_id},
    )


def list_goals(
    *, conn: Connection, period: str | None = None, department_id: int | None = None
) -> list[Row]:
    where: list[str] = []
    params: dict[str, object] = {}
    if period is not None:
        where.append("g.period = :p")
        params["p"] = period
    if department_id is not None:
        where.append("g.department_id = :d")
        params["d"] = department_id
    clause = f"WHERE {' AND '.join(where)} " if where else ""
    return conn.execute(
        f"SELECT {_GOAL} FROM department_goal g JOIN department d ON d.id = g.department_id "
        f"{clause}ORDER BY g.period, d.code_key, g.id",
        params,
    )


def set_result(
    *, conn: Connection, goal_id: int, result: str, outcome: str, result_on: date
) -> None:
    conn.execute(
        "UPDATE department_goal SET result = :r, outcome = :o, result_on = :d WHERE id = :id",
        {"r": result, "o": outcome, "d": result_on, "id": goal_id},
    )


def insert_reading(*, conn: Connection, goal_id: int, reading_on: date, value: float) -> int:
    return conn.insert(
        "INSERT INTO goal_reading (goal_id, reading_on, value) VALUES (:g, :d, :v)",
        {"g": goal_id, "d": reading_on, "v": value},
    )


def readings(*, conn: Connection) -> list[Row]:
    return conn.execute(
        "SELECT goal_id, reading_on, value FROM goal_reading ORDER BY goal_id, reading_on, id"
    )


def insert_goal_share(*, conn: Connection, goal_id: int, shared_on: date, place: str) -> int:
    return conn.insert(
        "INSERT INTO goal_share (goal_id, shared_on, place) VALUES (:g, :d, :p)",
        {"g": goal_id, "d": shared_on, "p": place},
    )


def goal_shares(*, conn: Connection) -> list[Row]:
    return conn.execute(
        "SELECT goal_id, shared_on, place FROM goal_share ORDER BY goal_id, shared_on, id"
    )


def insert_share(
    *, conn: Connection, department_id: int, text: str, place: str | None, shared_on: date
) -> int:
    return conn.insert(
        "INSERT INTO share (department_id, text, place, shared_on) VALUES (:d, :t, :p, :on)",
        {"d": department_id, "t": text, "p": place, "on": shared_on},
    )


def list_shares(*, conn: Connection, department_id: int | None = None) -> list[Row]:
    where = "" if department_id is None else "WHERE s.department_id = :d "
    return conn.execute(
        "SELECT s.id, s.shared_on, d.code AS dept_code, d.name AS dept_name, "
        "d.recovery_contact, s.text, s.place FROM share s "
        f"JOIN department d ON d.id = s.department_id {where}"
        "ORDER BY s.shared_on, s.id",
        {} if department_id is None else {"d": department_id},
    )


# --- the reports' goals section ------------------------------------------------------------------


def report_goals(
    *, conn: Connection, periods: Sequence[str], end: date, department_id: int | None
) -> tuple[list[Row], list[Row], list[Row]]:
    """Goals of ``periods`` with their readings and shares up to ``end``."""
    params: dict[str, object] = {"end": end}
    dept_filter = ""
    if department_id is not None:
        params["dept"] = department_id
        dept_filter = " AND g.department_id = :dept"
    marks = ", ".join(f":p{i}" for i in range(len(periods)))
    params.update({f"p{i}": code for i, code in enumerate(periods)})
    goal_rows = conn.execute(
        "SELECT g.id, g.period, d.code AS dept_code, d.name AS dept_name, g.text, g.indicator, "
        "g.unit, g.baseline, g.target, g.outcome, g.result, g.result_on "
        "FROM department_goal g JOIN department d ON d.id = g.department_id "
        f"WHERE g.period IN ({marks}){dept_filter} ORDER BY g.id",
        params,
    )
    reading_rows = conn.execute(
        "SELECT r.goal_id, r.reading_on, r.value FROM goal_reading r "
        "JOIN department_goal g ON g.id = r.goal_id "
        f"WHERE g.period IN ({marks}) AND r.reading_on <= :end{dept_filter} "
        "ORDER BY r.goal_id, r.reading_on, r.id",
        params,
    )
    share_rows = conn.execute(
        "SELECT s.goal_id, s.shared_on, s.place FROM goal_share s "
        "JOIN department_goal g ON g.id = s.goal_id "
        f"WHERE g.period IN ({marks}) AND s.shared_on <= :end{dept_filter} "
        "ORDER BY s.goal_id, s.shared_on, s.id",
        params,
    )
    return goal_rows, reading_rows, share_rows


def report_shares(
    *, conn: Connection, start: date, end: date, department_id: int | None
) -> list[Row]:
    """Things shared ("dette er vi gode til") start–end."""
    where = "" if department_id is None else " AND s.department_id = :dept"
    return conn.execute(
        "SELECT s.shared_on, d.code, s.text, s.place FROM share s "
        "JOIN department d ON d.id = s.department_id "
        f"WHERE s.shared_on BETWEEN :start AND :end{where} "
        "ORDER BY s.shared_on, s.id",
        {"start": start, "end": end, "dept": department_id},
    )


# --- corrections (goals edit | remove, share remove) ----------------------------------------------


def update_goal(*, conn: Connection, goal_id: int, values: dict[str, object]) -> None:
    allowed = {"text", "indicator", "unit", "baseline", "target"}
    sets = [f"{k} = :{k}" for k in values if k in allowed]
    if sets:
        conn.execute(
            f"UPDATE department_goal SET {', '.join(sets)} WHERE id = :id",
            {**{k: v for k, v in values.items() if k in allowed}, "id": goal_id},
        )


def delete_goal(*, conn: Connection, goal_id: int) -> dict[str, int]:
    """The goal with its readings and sharings; returns how many of each went."""
    counts = {
        "readings": int(
            conn.scalar("SELECT count(*) FROM goal_reading WHERE goal_id = :g", {"g": goal_id}) or 0
        ),
        "shared": int(
            conn.scalar("SELECT count(*) FROM goal_share WHERE goal_id = :g", {"g": goal_id}) or 0
        ),
    }
    conn.execute("DELETE FROM goal_reading WHERE goal_id = :g", {"g": goal_id})
    conn.execute("DELETE FROM goal_share WHERE goal_id = :g", {"g": goal_id})
    conn.execute("DELETE FROM department_goal WHERE id = :g", {"g": goal_id})
    return counts


def get_share(*, conn: Connection, share_id: int) -> Row | None:
    return conn.one(
        "SELECT s.id, s.shared_on, d.code AS dept_code, d.name AS dept_name, "
        "d.recovery_contact, s.text, s.place FROM share s "
        "JOIN department d ON d.id = s.department_id WHERE s.id = :id",
        {"id": share_id},
    )


def delete_share(*, conn: Connection, share_id: int) -> None:
    conn.execute("DELETE FROM share WHERE id = :id", {"id": share_id})
