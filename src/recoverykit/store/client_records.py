"""The client's network and own recovery goals: keyword-only, ``conn=``. One function per
operation (issue 10 adds access checks and the access log here)."""

from __future__ import annotations

from datetime import date

from recoverykit.store.aggregates import Aggregate, run
from recoverykit.store.connection import Connection, Row

_MEMBER = (
    "id, role, role_key, closest_relative, share_consent, feedback_consent, minor, note, created_at"
)


# --- network ------------------------------------------------------------------------------------


def insert_member(
    *,
    conn: Connection,
    client_id: int,
    role: str,
    role_key: str,
    closest_relative: bool,
    share_consent: bool,
    feedback_consent: bool,
    minor: bool,
    note: str | None,
) -> int:
    return conn.insert(
        "INSERT INTO client_network (client_id, role, role_key, closest_relative, "
        "share_consent, feedback_consent, minor, note) VALUES (:c, :role, :key, :closest, "
        ":share, :feedback, :minor, :note)",
        {
            "c": client_id,
            "role": role,
            "key": role_key,
            "closest": closest_relative,
            "share": share_consent,
            "feedback": feedback_consent,
            "minor": minor,
            "note": note,
        },
    )


def list_members(*, conn: Connection, client_id: int) -> list[Row]:
    return conn.execute(
        f"SELECT {_MEMBER} FROM client_network WHERE client_id = :c ORDER BY id", {"c": client_id}
    )


def clear_closest_relative(*, conn: Connection, client_id: int) -> None:
    conn.execute(
        "UPDATE client_network SET closest_relative = :f WHERE client_id = :c",
        {"c": client_id, "f": False},
    )


def member_in_use(*, conn: Connection, member_id: int) -> bool:
    return (
        conn.scalar("SELECT 1 FROM survey_response WHERE network_id = :m LIMIT 1", {"m": member_id})
        is not None
    )


def detach_member_responses(*, conn: Connection, member_id: int) -> None:
    """Keep a relative's earlier answers (counted, anonymous) when the relative is removed."""
    conn.execute(
        "UPDATE survey_response SET network_id = NULL WHERE network_id = :m", {"m": member_id}
    )


def delete_member(*, conn: Connection, member_id: int) -> None:
    conn.execute("DELETE FROM client_network WHERE id = :m", {"m": member_id})


# --- own recovery goals ---------------------------------------------------------------------------


def next_goal_number(*, conn: Connection, client_id: int) -> int:
    value = conn.scalar(
        "SELECT max(number) FROM client_goal WHERE client_id = :c", {"c": client_id}
    )
    return 1 if value is None else int(value) + 1


def insert_goal(*, conn: Connection, client_id: int, number: int, text: str, set_on: date) -> int:
    return conn.insert(
        "INSERT INTO client_goal (client_id, number, text, set_on, status) "
        "VALUES (:c, :n, :t, :on, 'active')",
        {"c": client_id, "n": number, "t": text, "on": set_on},
    )


def get_goal(*, conn: Connection, client_id: int, number: int) -> Row | None:
    return conn.one(
        "SELECT id, number, text, set_on, status, closed_on FROM client_goal "
        "WHERE client_id = :c AND number = :n",
        {"c": client_id, "n": number},
    )


def close_goal(*, conn: Connection, goal_id: int, status: str, closed_on: date) -> None:
    conn.execute(
        "UPDATE client_goal SET status = :s, closed_on = :on WHERE id = :g",
        {"s": status, "on": closed_on, "g": goal_id},
    )


def rating_exists(*, conn: Connection, goal_id: int, rated_on: date) -> bool:
    return (
        conn.scalar(
            "SELECT 1 FROM client_goal_rating WHERE goal_id = :g AND rated_on = :on",
            {"g": goal_id, "on": rated_on},
        )
        is not None
    )


def insert_rating(*, conn: Connection, goal_id: int, rated_on: date, value: int) -> int:
    return conn.insert(
        "INSERT INTO client_goal_rating (goal_id, rated_on, value) VALUES (:g, :on, :v)",
        {"g": goal_id, "on": rated_on, "v": value},
    )


def client_goals(*, conn: Connection, client_id: int) -> list[Row]:
    return conn.execute(
        "SELECT id, number, text, set_on, status, closed_on FROM client_goal "
        "WHERE client_id = :c ORDER BY number",
        {"c": client_id},
    )


def client_goal_ratings(*, conn: Connection, client_id: int) -> list[Row]:
    return conn.execute(
        "SELECT g.number, r.rated_on, r.value FROM client_goal_rating r "
        "JOIN client_goal g ON g.id = r.goal_id WHERE g.client_id = :c "
        "ORDER BY g.number, r.rated_on",
        {"c": client_id},
    )


GOAL_COUNTS = Aggregate(
    "goal_counts",
    "SELECT count(DISTINCT CASE WHEN g.set_on <= :b THEN g.client_id END) AS with_goal, "
    "count(DISTINCT CASE WHEN g.status = 'reached' AND g.closed_on BETWEEN :a AND :b "
    "THEN g.client_id END) AS clients_reached, "
    "count(CASE WHEN g.status = 'reached' AND g.closed_on BETWEEN :a AND :b THEN 1 END) "
    "AS goals_reached FROM client_goal g JOIN fit_client c ON c.id = g.client_id "
    "WHERE :d IS NULL OR c.department_id = :d",
    (("a", "date"), ("b", "date"), ("d", "bigint")),
)


def goal_counts(
    *, conn: Connection, start: date, end: date, department_id: int | None = None
) -> Row:
    """Clients (current department) with at least one own goal set by ``end``; clients with a
    goal reached in the period; goals reached in the period. Counts only, never the text."""
    params = {"a": start, "b": end, "d": department_id}
    (row,) = run(conn, GOAL_COUNTS, params)
    return row
