"""Plan, focus-area, measure and measure-log queries: keyword-only, taking ``conn=``."""

from __future__ import annotations

from datetime import date

from recoverykit.store.connection import Connection, Row

_PLAN = (
    "id, title, unit, adopted_by, adopted_on, period_start, period_end, period_code, "
    "description, source"
)
_MEASURE = (
    "m.id, m.plan_id, m.number_main, m.number_sub, m.text, m.responsible, m.due, m.status, "
    "m.evaluation, f.key AS focus"
)


def get_plan(*, conn: Connection, plan_id: int) -> Row | None:
    return conn.one(f"SELECT {_PLAN} FROM plan WHERE id = :id", {"id": plan_id})


def get_plan_by_title_key(*, conn: Connection, title_key: str) -> Row | None:
    return conn.one(f"SELECT {_PLAN} FROM plan WHERE title_key = :k", {"k": title_key})


def latest_unit_name(*, conn: Connection) -> str | None:
    row = conn.one("SELECT unit FROM plan ORDER BY adopted_on DESC, id DESC LIMIT 1")
    return None if row is None else str(row["unit"])


def list_plans(*, conn: Connection) -> list[Row]:
    return conn.execute(f"SELECT {_PLAN} FROM plan ORDER BY id")


def insert_plan(
    *,
    conn: Connection,
    title: str,
    title_key: str,
    unit: str,
    adopted_by: str | None,
    adopted_on: date | None,
    period_start: date | None,
    period_end: date | None,
    period_code: str | None,
    description: str | None,
    source: str | None,
) -> int:
    return conn.insert(
        "INSERT INTO plan (title, title_key, unit, adopted_by, adopted_on, period_start, "
        "period_end, period_code, description, source) VALUES (:title, :title_key, :unit, "
        ":adopted_by, :adopted_on, :period_start, :period_end, :period_code, :description, "
        ":source)",
        {
            "title": title,
            "title_key": title_key,
            "unit": unit,
            "adopted_by": adopted_by,
            "adopted_on": adopted_on,
            "period_start": period_start,
            "period_end": period_end,
            "period_code": period_code,
            "description": description,
            "source": source,
        },
    )


def insert_focus_area(
    *, conn: Connection, plan_id: int, key: str, name: str, description: str | None
) -> int:
    return conn.insert(
        "INSERT INTO focus_area (plan_id, key, name, description) "
        "VALUES (:plan_id, :key, :name, :description)",
        {"plan_id": plan_id, "key": key, "name": name, "description": description},
    )


def focus_areas(*, conn: Connection, plan_id: int) -> list[Row]:
    return conn.execute(
        "SELECT id, key, name, description FROM focus_area WHERE plan_id = :p ORDER BY id",
        {"p": plan_id},
    )


def insert_measure(
    *,
    conn: Connection,
    plan_id: int,
    number_main: int,
    number_sub: str,
    text: str,
    responsible: str | None,
    due: date | None,
    status: str,
    focus_area_id: int | None,
) -> int:
    return conn.insert(
        "INSERT INTO measure (plan_id, number_main, number_sub, text, responsible, due, status, "
        "focus_area_id) VALUES (:plan_id, :main, :sub, :text, :responsible, :due, :status, "
        ":focus)",
        {
            "plan_id": plan_id,
            "main": number_main,
            "sub": number_sub,
            "text": text,
            "responsible": responsible,
            "due": due,
            "status": status,
            "focus": focus_area_id,
        },
    )


def measures(*, conn: Connection, plan_id: int | None = None) -> list[Row]:
    """Measures (of one plan, or all) in plan and number order, with their focus-area key."""
    where = "" if plan_id is None else "WHERE m.plan_id = :p "
    return conn.execute(
        f"SELECT {_MEASURE} FROM measure m LEFT JOIN focus_area f ON f.id = m.focus_area_id "
        f"{where}ORDER BY m.plan_id, m.number_main, m.number_sub",
        {} if plan_id is None else {"p": plan_id},
    )


def get_measure(*, conn: Connection, plan_id: int, number_main: int, number_sub: str) -> Row | None:
    return conn.one(
        f"SELECT {_MEASURE} FROM measure m LEFT JOIN focus_area f ON f.id = m.focus_area_id "
        "WHERE m.plan_id = :p AND m.number_main = :main AND m.number_sub = :sub",
        {"p": plan_id, "main": number_main, "sub": number_sub},
    )


def update_measure(*, conn: Connection, measure_id: int, **values: object) -> None:
    allowed = {"status", "evaluation", "due", "responsible", "text"}
    sets = [f"{key} = :{key}" for key in values if key in allowed]
    if sets:
        conn.execute(
            f"UPDATE measure SET {', '.join(sets)} WHERE id = :id",
            {**{k: v for k, v in values.items() if k in allowed}, "id": measure_id},
        )


def insert_event(
    *,
    conn: Connection,
    measure_id: int,
    event_date: date,
    old_status: str | None,
    new_status: str | None,
    note: str | None,
) -> int:
    return conn.insert(
        "INSERT INTO measure_event (measure_id, event_date, old_status, new_status, note) "
        "VALUES (:m, :d, :old, :new, :note)",
        {"m": measure_id, "d": event_date, "old": old_status, "new": new_status, "note": note},
    )


def events(*, conn: Connection, measure_id: int) -> list[Row]:
    return conn.execute(
        "SELECT event_date, old_status, new_status, note FROM measure_event "
        "WHERE measure_id = :m ORDER BY event_date, id",
        {"m": measure_id},
    )


def latest_notes(*, conn: Connection, plan_id: int | None = None) -> dict[int, Row]:
    """The latest note of each measure (by date, then entry order), keyed by measure id."""
    where = "" if plan_id is None else "AND m.plan_id = :p "
    rows = conn.execute(
        "SELECT e.measure_id, e.event_date, e.note FROM measure_event e "
        "JOIN measure m ON m.id = e.measure_id "
        f"WHERE e.note IS NOT NULL {where}ORDER BY e.event_date, e.id",
        {} if plan_id is None else {"p": plan_id},
    )
    return {int(r["measure_id"]): r for r in rows}


# --- the reports' plan section -------------------------------------------------------------------

_STATUS_ON = """
COALESCE(
  (SELECT e.new_status FROM measure_event e
    WHERE e.measure_id = m.id AND e.new_status IS NOT NULL AND e.event_date <= :end
    ORDER BY e.event_date DESC, e.id DESC LIMIT 1),
  (SELECT e.old_status FROM measure_event e
    WHERE e.measure_id = m.id AND e.new_status IS NOT NULL AND e.event_date > :end
    ORDER BY e.event_date, e.id LIMIT 1),
  m.status)
"""


def report_plans(
    *, conn: Connection, start: date, end: date
) -> tuple[list[Row], list[Row], list[Row]]:
    """Plans adopted by ``end``, every measure with its status on ``end``, and the status
    changes start–end."""
    params = {"start": start, "end": end}
    plans = conn.execute(
        "SELECT id, title, adopted_on FROM plan "
        "WHERE adopted_on IS NULL OR adopted_on <= :end ORDER BY adopted_on, id",
        params,
    )
    measures = conn.execute(
        "SELECT m.id, m.plan_id, m.number_main, m.number_sub, m.text, m.responsible, m.due, "
        "m.evaluation, "
        f"{_STATUS_ON} AS status_on FROM measure m "
        "ORDER BY m.plan_id, m.number_main, m.number_sub",
        params,
    )
    events = conn.execute(
        "SELECT m.plan_id, m.number_main, m.number_sub, m.text, e.event_date, e.old_status, "
        "e.new_status, e.note FROM measure_event e JOIN measure m ON m.id = e.measure_id "
        "WHERE e.event_date BETWEEN :start AND :end "
        "ORDER BY e.event_date, m.number_main, m.number_sub, e.id",
        params,
    )
    return plans, measures, events


# --- corrections (plan remove, plan measure edit | remove) ----------------------------------------


def delete_measure(*, conn: Connection, measure_id: int) -> int:
    """A measure and its log; returns the number of log entries removed."""
    events = int(
        conn.scalar("SELECT count(*) FROM measure_event WHERE measure_id = :m", {"m": measure_id})
        or 0
    )
    conn.execute("DELETE FROM measure_event WHERE measure_id = :m", {"m": measure_id})
    conn.execute("DELETE FROM measure WHERE id = :m", {"m": measure_id})
    return events


def set_measure_focus(*, conn: Connection, measure_id: int, focus_area_id: int | None) -> None:
    conn.execute(
        "UPDATE measure SET focus_area_id = :f WHERE id = :m",
        {"f": focus_area_id, "m": measure_id},
    )


def delete_plan(*, conn: Connection, plan_id: int) -> dict[str, int]:
    """A plan with its focus areas, measures and their logs; returns how many measures went."""
    count = int(conn.scalar("SELECT count(*) FROM measure WHERE plan_id = :p", {"p": plan_id}) or 0)
    conn.execute(
        "DELETE FROM measure_event WHERE measure_id IN (SELECT id FROM measure WHERE plan_id = :p)",
        {"p": plan_id},
    )
    conn.execute("DELETE FROM measure WHERE plan_id = :p", {"p": plan_id})
    conn.execute("DELETE FROM focus_area WHERE plan_id = :p", {"p": plan_id})
    conn.execute("DELETE FROM plan WHERE id = :p", {"p": plan_id})
    return {"measures": count}
