"""Survey queries: keyword-only, ``conn=``. One function per operation, so that access checks
and the access log (issue 10) can be added in one place per read or write of client-level data.

Department summaries read ``survey_response`` through ``(department_id, answered_on)``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from recoverykit.store.aggregates import Aggregate, run
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


# The report's and ``survey summary``'s figures: aggregates only (see store/aggregates.py: on
# PostgreSQL they run as SECURITY DEFINER functions, so a reporter gets them without any right
# on the client-level tables). ``:d`` NULL means the whole unit.
_PERIOD = "r.answered_on BETWEEN :a AND :b AND (:d IS NULL OR r.department_id = :d)"
_ARGS = (("a", "date"), ("b", "date"), ("d", "bigint"))

SCORE_GROUPS = Aggregate(
    "survey_score_groups",
    "SELECT r.instrument, s.subscale, count(*) AS responses, "
    "count(DISTINCT r.client_id) AS clients, count(s.score) AS n_scored, "
    "avg(s.score) AS mean FROM survey_response r "
    "JOIN survey_score s ON s.response_id = r.id "
    f"WHERE {_PERIOD} "
    "GROUP BY r.instrument, s.subscale ORDER BY r.instrument, s.subscale",
    _ARGS,
)

# Change first → latest score (up to ``:b``) per instrument and subscale, over the clients with a
# response in the period and at least two scores: how many clients, and the sum of their changes.
SCORE_CHANGES = Aggregate(
    "survey_score_changes",
    "SELECT instrument, subscale, count(*) AS n, sum(latest - first) AS total_change FROM ("
    "SELECT client_id, instrument, subscale, count(*) AS k, "
    "max(CASE WHEN up = 1 THEN score END) AS first, "
    "max(CASE WHEN down = 1 THEN score END) AS latest FROM ("
    "SELECT r.client_id, r.instrument, s.subscale, s.score, "
    "row_number() OVER (PARTITION BY r.client_id, r.instrument, s.subscale "
    "ORDER BY r.answered_on, r.id) AS up, "
    "row_number() OVER (PARTITION BY r.client_id, r.instrument, s.subscale "
    "ORDER BY r.answered_on DESC, r.id DESC) AS down "
    "FROM survey_response r JOIN survey_score s ON s.response_id = r.id "
    "WHERE s.score IS NOT NULL AND r.answered_on <= :b "
    "AND (:d IS NULL OR r.department_id = :d) AND r.client_id IN "
    "(SELECT x.client_id FROM survey_response x WHERE x.answered_on BETWEEN :a AND :b "
    "AND (:d IS NULL OR x.department_id = :d))) AS o "
    "GROUP BY client_id, instrument, subscale) AS per "
    "WHERE k >= 2 GROUP BY instrument, subscale ORDER BY instrument, subscale",
    _ARGS,
)

RATER_COUNTS = Aggregate(
    "survey_rater_counts",
    "SELECT r.instrument, r.rater, count(*) AS responses, "
    "count(DISTINCT r.client_id) AS clients FROM survey_response r "
    f"WHERE {_PERIOD} "
    "GROUP BY r.instrument, r.rater ORDER BY r.instrument, r.rater",
    _ARGS,
)


def _params(start: date, end: date, department_id: int | None) -> dict[str, object]:
    return {"a": start, "b": end, "d": department_id}


def score_groups(
    *, conn: Connection, start: date, end: date, department_id: int | None = None
) -> list[Row]:
    """Per instrument and subscale in the period: responses, clients, the mean of the scores
    that were not withheld (n_scored). Plain counts and means; suppression is the caller's."""
    return run(conn, SCORE_GROUPS, _params(start, end, department_id))


def score_changes(
    *, conn: Connection, start: date, end: date, department_id: int | None = None
) -> list[Row]:
    """Per instrument and subscale: how many clients with a response in the period have a first
    and a later score up to ``end`` (``n``), and the sum of their changes (``total_change``)."""
    return run(conn, SCORE_CHANGES, _params(start, end, department_id))


def rater_counts(
    *, conn: Connection, start: date, end: date, department_id: int | None = None
) -> list[Row]:
    """Responses per instrument and rater in the period (family feedback response counts)."""
    return run(conn, RATER_COUNTS, _params(start, end, department_id))
