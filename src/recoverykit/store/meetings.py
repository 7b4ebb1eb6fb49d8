"""Meetings about a person and whether they took part: keyword-only, ``conn=``."""

from __future__ import annotations

from datetime import date

from recoverykit.store.aggregates import Aggregate, run
from recoverykit.store.connection import Connection, Row


def insert_meeting(
    *,
    conn: Connection,
    client_id: int,
    department_id: int,
    held_on: date,
    kind: str,
    present: str,
    note: str | None,
) -> int:
    return conn.insert(
        "INSERT INTO meeting (client_id, department_id, held_on, kind, present, note) "
        "VALUES (:c, :d, :on, :k, :p, :n)",
        {"c": client_id, "d": department_id, "on": held_on, "k": kind, "p": present, "n": note},
    )


def client_meetings(*, conn: Connection, client_id: int) -> list[Row]:
    return conn.execute(
        "SELECT id, held_on, kind, present, note FROM meeting WHERE client_id = :c "
        "ORDER BY held_on, id",
        {"c": client_id},
    )


MONTHLY_PRESENCE = Aggregate(
    "meeting_monthly_presence",
    "SELECT substr(CAST(held_on AS TEXT), 1, 7) AS month, count(*) AS meetings, "
    "count(CASE WHEN present = 'yes' THEN 1 END) AS present, "
    "count(CASE WHEN present = 'partly' THEN 1 END) AS partly "
    "FROM meeting WHERE held_on BETWEEN :a AND :b AND (:d IS NULL OR department_id = :d) "
    "GROUP BY substr(CAST(held_on AS TEXT), 1, 7) ORDER BY month",
    (("a", "date"), ("b", "date"), ("d", "bigint")),
)


def monthly_presence(
    *, conn: Connection, start: date, end: date, department_id: int | None = None
) -> list[Row]:
    """Per month (``YYYY-MM``): meetings, with the person present (yes), partly present.
    Plain counts; the share and its suppression are computed by the caller (an aggregate: on
    PostgreSQL a SECURITY DEFINER function, see store/aggregates.py)."""
    return run(conn, MONTHLY_PRESENCE, {"a": start, "b": end, "d": department_id})
