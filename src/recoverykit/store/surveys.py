"""Survey queries: keyword-only, ``conn=``. One function per operation, so that access checks
and the access log (issue 10) can be added in one place per read or write of client-level data.

Department summaries read ``survey_response`` through ``(department_id, answered_on)``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from recoverykit.store.connection import Connection, Row


def insert_response(
    *,
    conn: Connection,
    client_id: int,
    department_id: int,
    instrument: str,
    version: str,
    rater: str,
    network_id: int | None,
    answered_on: date,
) -> int:
    return conn.insert(
        "INSERT INTO survey_response (client_id, department_id, instrument, version, rater, "
        "network_id, answered_on) VALUES (:c, :d, :i, :v, :r, :n, :on)",
        {
            "c": client_id,
            "d": department_id,
            "i": instrument,
            "v": version,
            "r": rater,
            "n": network_id,
            "on": answered_on,
        },
    )


def insert_answers(*, conn: Connection, response_id: int, answers: Sequence[Row]) -> None:
    """``answers``: dicts with item, state, value, text."""
    conn.executemany(
        "INSERT INTO survey_answer (response_id, item, state, value, text) "
        "VALUES (:r, :item, :state, :value, :text)",
        [{"r": response_id, **a} for a in answers],
    )


def insert_scores(*, conn: Connection, response_id: int, scores: Sequence[Row]) -> None:
    """``scores``: dicts with subscale, score, scored, missing."""
    conn.executemany(
        "INSERT INTO survey_score (response_id, subscale, score, scored, missing) "
        "VALUES (:r, :subscale, :score, :scored, :missing)",
        [{"r": response_id, **s} for s in scores],
    )


def client_scores(*, conn: Connection, client_id: int, instrument: str | None = None) -> list[Row]:
    """Every score of one client, oldest first (one row per response and subscale)."""
    where = "" if instrument is None else "AND r.instrument = :i "
    return conn.execute(
        "SELECT r.id AS response_id, r.instrument, r.version, r.rater, r.answered_on, "
        "s.subscale, s.score, s.scored, s.missing FROM survey_response r "
        "JOIN survey_score s ON s.response_id = r.id "
        f"WHERE r.client_id = :c {where}ORDER BY r.answered_on, r.id, s.id",
        {"c": client_id} if instrument is None else {"c": client_id, "i": instrument},
    )


def client_texts(*, conn: Connection, client_id: int, instrument: str | None = None) -> list[Row]:
    """Free-text answers of one client's forms (family feedback), oldest first."""
    where = "" if instrument is None else "AND r.instrument = :i "
    return conn.execute(
        "SELECT r.id AS response_id, r.instrument, r.answered_on, a.item, a.text "
        "FROM survey_response r JOIN survey_answer a ON a.response_id = r.id "
        f"WHERE r.client_id = :c AND a.text IS NOT NULL {where}ORDER BY r.answered_on, r.id",
        {"c": client_id} if instrument is None else {"c": client_id, "i": instrument},
    )


def _dept_clause(department_id: int | None) -> str:
    return "" if department_id is None else "AND r.department_id = :d "


def score_groups(
    *, conn: Connection, start: date, end: date, department_id: int | None = None
) -> list[Row]:
    """Per instrument and subscale in the period: responses, clients, the mean of the scores
    that were not withheld (n_scored). Plain counts and means; suppression is the caller's."""
    params: dict[str, object] = {"a": start, "b": end}
    if department_id is not None:
        params["d"] = department_id
    return conn.execute(
        "SELECT r.instrument, s.subscale, count(*) AS responses, "
        "count(DISTINCT r.client_id) AS clients, count(s.score) AS n_scored, "
        "avg(s.score) AS mean FROM survey_response r "
        "JOIN survey_score s ON s.response_id = r.id "
        f"WHERE r.answered_on BETWEEN :a AND :b {_dept_clause(department_id)}"
        "GROUP BY r.instrument, s.subscale ORDER BY r.instrument, s.subscale",
        params,
    )


def score_changes(
    *, conn: Connection, start: date, end: date, department_id: int | None = None
) -> list[Row]:
    """Per client, instrument and subscale: the first and the latest score up to ``end`` of
    clients with a response in the period, for change (first → latest); withheld scores skipped."""
    params: dict[str, object] = {"a": start, "b": end}
    if department_id is not None:
        params["d"] = department_id
    return conn.execute(
        "SELECT r.client_id, r.instrument, s.subscale, r.answered_on, s.score "
        "FROM survey_response r JOIN survey_score s ON s.response_id = r.id "
        "WHERE s.score IS NOT NULL AND r.answered_on <= :b AND r.client_id IN "
        "(SELECT x.client_id FROM survey_response x WHERE x.answered_on BETWEEN :a AND :b"
        f"{' AND x.department_id = :d' if department_id is not None else ''}) "
        f"{_dept_clause(department_id)}"
        "ORDER BY r.client_id, r.instrument, s.subscale, r.answered_on, r.id",
        params,
    )


def rater_counts(
    *, conn: Connection, start: date, end: date, department_id: int | None = None
) -> list[Row]:
    """Responses per instrument and rater in the period (family feedback response counts)."""
    params: dict[str, object] = {"a": start, "b": end}
    if department_id is not None:
        params["d"] = department_id
    return conn.execute(
        "SELECT r.instrument, r.rater, count(*) AS responses, "
        "count(DISTINCT r.client_id) AS clients FROM survey_response r "
        f"WHERE r.answered_on BETWEEN :a AND :b {_dept_clause(department_id)}"
        "GROUP BY r.instrument, r.rater ORDER BY r.instrument, r.rater",
        params,
    )
