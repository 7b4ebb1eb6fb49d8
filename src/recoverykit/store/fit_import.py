"""Bulk writing of imported FIT rows, and the look-ups an import needs.

One write transaction (the caller's ``db.write()``); ids are assigned here (the writer lock is
held, so ``max(id) + 1`` is safe) so that clients, episodes and sessions go in as plain tuples:
``executemany`` on SQLite, ``COPY … FROM STDIN`` through psycopg's copy support on PostgreSQL.
Rows are flushed in batches at client boundaries, so memory stays flat however long the file is.
``finish`` moves PostgreSQL's sequences past the new ids and runs ``ANALYZE`` so the next report
uses its indexes (DESIGN.md §7: nothing ran it after a bulk load).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from itertools import chain
from typing import Any

from recoverykit.store.connection import Connection, Row

BATCH = 20_000
# A big import into a small table: the two secondary indexes of fit_session are dropped and built
# again at the end (a sort, instead of a B-tree insert per row), inside the same transaction, so a
# rollback restores them and readers keep theirs. The unique (episode, date, rater) index stays:
# it is the table's own guard against a session counted twice. Measured in
# benchmarks/fit_import.py (benchmarks/README.md).
REBUILD_INDEXES = (
    ("ix_fit_session_department_id_session_date", "department_id, session_date"),
    ("ix_fit_session_episode_id_session_no", "episode_id, session_no"),
)
REBUILD_MIN_ROWS = 50_000
# Rows per multi-row INSERT on SQLite: one statement text (compiled once, small in the statement
# cache) for all but the last few rows of a batch.
MULTI_ROWS = 100
SQLITE_CACHE_KIB = 65_536  # 64 MB page cache for the import (default 2 MB); 128 MB was no faster
CLIENT_COLUMNS = (
    "id",
    "code",
    "code_key",
    "department_id",
    "clinician",
    "clinician_key",
    "age_group",
)
EPISODE_COLUMNS = (
    "id",
    "client_id",
    "number",
    "department_id",
    "opened_on",
    "closed_on",
    "close_reason",
)
SESSION_COLUMNS = (
    "id",
    "episode_id",
    "department_id",
    "session_no",
    "session_date",
    "rater",
    "ors1",
    "ors2",
    "ors3",
    "ors4",
    "ors_total",
    "srs1",
    "srs2",
    "srs3",
    "srs4",
    "srs_total",
    "srs_alert",
)


def departments(*, conn: Connection) -> list[Row]:
    return conn.execute("SELECT id, code, code_key, name FROM department ORDER BY id")


def clients(*, conn: Connection) -> list[Row]:
    """Every client with its latest episode (NULLs when it has none)."""
    return conn.execute(
        "SELECT c.id, c.code_key, c.department_id, c.age_group, e.id AS episode_id, "
        "e.number AS episode_number, e.closed_on "
        "FROM fit_client c LEFT JOIN fit_episode e ON e.client_id = c.id AND e.number = "
        "(SELECT max(number) FROM fit_episode x WHERE x.client_id = c.id)"
    )


def sessions_of(*, conn: Connection, client_ids: Sequence[int]) -> Iterable[Row]:
    """The stored sessions of ``client_ids`` in date order per client, 500 clients per query."""
    for start in range(0, len(client_ids), 500):
        ids = client_ids[start : start + 500]
        params = {f"c{i}": v for i, v in enumerate(ids)}
        marks = ", ".join(f":c{i}" for i in range(len(ids)))
        yield from conn.execute(
            "SELECT e.client_id, s.id, s.episode_id, e.number AS episode_number, "
            "s.session_no, s.session_date, s.rater, s.ors1, s.ors2, s.ors3, s.ors4, "
            "s.srs1, s.srs2, s.srs3, s.srs4, s.srs_total "
            "FROM fit_session s JOIN fit_episode e ON e.id = s.episode_id "
            f"WHERE e.client_id IN ({marks}) ORDER BY e.client_id, s.session_date",
            params,
        )


def insert_rows(
    conn: Connection, table: str, columns: Sequence[str], rows: list[tuple[Any, ...]]
) -> None:
    """Plain tuples straight to the driver: on SQLite as multi-row ``INSERT … VALUES (…), (…)``
    statements of as many rows as SQLite's bound-parameter limit allows (1M sessions: ~1.5 s less than
    ``executemany`` of one row at a time, benchmarks/README.md); on PostgreSQL
    ``COPY … FROM STDIN`` (row-by-row inserts there cost ~5× more: DESIGN.md §7)."""
    if not rows:
        return
    names = ", ".join(columns)
    if conn.is_sqlite:
        marks = "(" + ", ".join("?" * len(columns)) + ")"
        per = max(1, min(MULTI_ROWS, _variable_limit(conn) // len(columns)))
        whole = len(rows) - len(rows) % per
        if whole:
            sql = f"INSERT INTO {table} ({names}) VALUES {', '.join([marks] * per)}"
            for start in range(0, whole, per):
                conn.raw.execute(sql, list(chain.from_iterable(rows[start : start + per])))
        if whole < len(rows):
            conn.raw.executemany(f"INSERT INTO {table} ({names}) VALUES {marks}", rows[whole:])
        return
    with conn.raw.cursor() as cur, cur.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def _variable_limit(conn: Connection) -> int:
    """SQLite's limit on bound parameters per statement (32766 since 3.32; 999 before)."""
    try:
        return int(conn.raw.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER))
    except (AttributeError, sqlite3.Error):
        return 999


@contextmanager
def checked_rows(conn: Connection) -> Iterator[None]:
    """Around (outside) the write transaction of a bulk load whose rows were all checked
    before they reach the store: SQLite's per-row foreign-key and CHECK evaluation is switched
    off for this connection, and always switched back on afterwards, even on an error.

    Safe because the rows are built from what the same transaction read (department ids, the
    new clients' and episodes' ids assigned under the writer lock) and every value passed the
    rules of ``fit record``; the tests run ``PRAGMA foreign_key_check`` and the CHECK
    constraints' own conditions after imports of every shape. Measured: 1M sessions, 7.2 s → 2 s
    for the insert itself (benchmarks/fit_import.py). A no-op on PostgreSQL (COPY there).
    ``foreign_keys`` can only change outside a transaction, hence a context around it."""
    if not conn.is_sqlite:
        yield
        return
    conn.raw.execute("PRAGMA foreign_keys = OFF")
    conn.raw.execute("PRAGMA ignore_check_constraints = ON")
    try:
        yield
    finally:
        conn.raw.execute("PRAGMA ignore_check_constraints = OFF")
        conn.raw.execute("PRAGMA foreign_keys = ON")


def bulk_prepare(conn: Connection, expected: int) -> bool:
    """Before a bulk write of about ``expected`` sessions: a page cache big enough not to spill
    in the middle of the transaction (SQLite), and, when the import is big and the table small,
    the secondary indexes dropped to be built again by :func:`bulk_finish`. True if so."""
    if conn.is_sqlite:
        conn.raw.execute(f"PRAGMA cache_size = -{SQLITE_CACHE_KIB}")
    if expected < REBUILD_MIN_ROWS:
        return False
    stored = int(conn.scalar("SELECT count(*) FROM fit_session") or 0)
    if expected < stored:
        return False
    for name, _columns in REBUILD_INDEXES:
        conn.execute(f"DROP INDEX {name}")
    return True


def bulk_finish(conn: Connection, rebuilt: bool) -> None:
    if rebuilt:
        for name, columns in REBUILD_INDEXES:
            conn.execute(f"CREATE INDEX {name} ON fit_session ({columns})")


def _next_id(conn: Connection, table: str) -> int:
    return int(conn.scalar(f"SELECT coalesce(max(id), 0) FROM {table}") or 0) + 1


class BulkWriter:
    """Buffers new clients, episodes and sessions and writes them in batches."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.sqlite = conn.is_sqlite
        self.client_id = _next_id(conn, "fit_client")
        self.episode_id = _next_id(conn, "fit_episode")
        self.session_id = _next_id(conn, "fit_session")
        self.clients: list[tuple[Any, ...]] = []
        self.episodes: list[tuple[Any, ...]] = []
        self.sessions: list[tuple[Any, ...]] = []
        self.written = 0
        self.rebuild = False

    def prepare(self, expected: int) -> None:
        self.rebuild = bulk_prepare(self.conn, expected)

    def day(self, value: date | None) -> Any:
        if value is None:
            return None
        return value.isoformat() if self.sqlite else value

    def new_client_id(self) -> int:
        self.client_id += 1
        return self.client_id - 1

    def new_episode_id(self) -> int:
        self.episode_id += 1
        return self.episode_id - 1

    def new_session_id(self) -> int:
        self.session_id += 1
        return self.session_id - 1

    def maybe_flush(self) -> bool:
        """Call at a client boundary (every episode of the buffered clients is complete); True
        when a batch was written."""
        if len(self.sessions) >= BATCH:
            self.flush()
            return True
        return False

    def flush(self) -> None:
        if self.clients:  # new clients' clinicians are staff members, as with fit client add
            from recoverykit.store.staff import register_clinicians

            at = {c: i for i, c in enumerate(CLIENT_COLUMNS)}
            register_clinicians(
                conn=self.conn,
                clinicians={
                    str(r[at["clinician_key"]]): (
                        str(r[at["clinician"]]),
                        int(r[at["department_id"]]),
                    )
                    for r in self.clients
                },
            )
        insert_rows(self.conn, "fit_client", CLIENT_COLUMNS, self.clients)
        insert_rows(self.conn, "fit_episode", EPISODE_COLUMNS, self.episodes)
        insert_rows(self.conn, "fit_session", SESSION_COLUMNS, self.sessions)
        self.written += len(self.sessions)
        self.clients.clear()
        self.episodes.clear()
        self.sessions.clear()

    def close_episode(self, episode_id: int, closed_on: date, reason: str) -> None:
        self.conn.execute(
            "UPDATE fit_episode SET closed_on = :d, close_reason = :r WHERE id = :id",
            {"d": closed_on, "r": reason, "id": episode_id},
        )

    def update_session(self, session_id: int, values: dict[str, Any]) -> None:
        sets = ", ".join(f"{k} = :{k}" for k in values)
        self.conn.execute(
            f"UPDATE fit_session SET {sets} WHERE id = :id", {**values, "id": session_id}
        )

    def finish(self) -> None:
        self.flush()
        bulk_finish(self.conn, self.rebuild)
        self.rebuild = False
        if not self.sqlite:
            for table in ("fit_client", "fit_episode", "fit_session"):
                self.conn.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                    f"(SELECT coalesce(max(id), 1) FROM {table}))"
                )
        if self.written:
            if self.sqlite:
                for table in ("fit_client", "fit_episode", "fit_session"):
                    self.conn.execute(f"ANALYZE {table}")
            else:
                self.conn.execute("ANALYZE fit_client, fit_episode, fit_session")


def add_department(*, conn: Connection, code: str, code_key: str, name: str) -> int:
    from recoverykit.store.departments import insert_department

    return insert_department(
        conn=conn, code=code, code_key=code_key, name=name, recovery_contact=None
    )
