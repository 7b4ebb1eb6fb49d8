"""Connections with the house rules applied (DESIGN.md §3).

SQLite: WAL, ``busy_timeout``, ``foreign_keys=ON`` on every connection; every write transaction
starts with ``BEGIN IMMEDIATE``; the file and its WAL/SHM are created mode 0600.
PostgreSQL: psycopg 3, one transaction per ``write()``.

SQL is written once, with ``:name`` parameters, and runs on both backends.
"""

from __future__ import annotations

import os
import re
import sqlite3
import sys
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import Any

from recoverykit.config import DatabaseURL
from recoverykit.errors import AccessDenied, DatabaseBusy, StorageError
from recoverykit.i18n import t

BUSY_TIMEOUT_MS = 10_000
WRITER_LOCK_KEY = 0x7265636F76  # "recov": the advisory lock every PostgreSQL writer takes
Row = dict[str, Any]
_PARAM = re.compile(r"(?<![:\w]):([A-Za-z_]\w*)")


def _to_pyformat(sql: str) -> str:
    """``:name`` parameters to psycopg's ``%(name)s`` (and ``%`` to ``%%``)."""
    return _PARAM.sub(r"%(\1)s", sql.replace("%", "%%"))


def create_private_file(path: Path) -> None:
    """Create ``path`` empty with mode 0600 unless it exists (WAL/SHM inherit the mode)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return
    os.close(fd)


class Connection:
    """One open connection; ``execute`` returns rows as dicts on both backends."""

    def __init__(self, raw: Any, kind: str) -> None:
        self.raw = raw
        self.kind = kind

    @property
    def is_sqlite(self) -> bool:
        return self.kind == "sqlite"

    def _sql(self, sql: str) -> str:
        return sql if self.is_sqlite else _to_pyformat(sql)

    def execute(self, sql: str, params: Mapping[str, Any] | None = None) -> list[Row]:
        try:
            cur = self.raw.execute(self._sql(sql), _adapt(params or {}))
            if cur.description is None:
                return []
            names = [d[0] for d in cur.description]
            return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]
        except Exception as exc:
            raise _translate(exc) from exc

    def executemany(self, sql: str, rows: Sequence[Mapping[str, Any]]) -> None:
        try:
            if self.is_sqlite:
                self.raw.executemany(sql, [_adapt(r) for r in rows])
            else:
                with self.raw.cursor() as cur:
                    cur.executemany(self._sql(sql), [_adapt(r) for r in rows])
        except Exception as exc:
            raise _translate(exc) from exc

    def one(self, sql: str, params: Mapping[str, Any] | None = None) -> Row | None:
        rows = self.execute(sql, params)
        return rows[0] if rows else None

    def scalar(self, sql: str, params: Mapping[str, Any] | None = None) -> Any:
        row = self.one(sql, params)
        return None if row is None else next(iter(row.values()))

    def insert(self, sql: str, params: Mapping[str, Any]) -> int:
        """Run an INSERT … RETURNING id and give the new id."""
        row = self.one(sql + " RETURNING id", params)
        assert row is not None
        return int(row["id"])


def _adapt(params: Mapping[str, Any]) -> dict[str, Any]:
    """Dates as ISO text on both backends' terms (SQLite has no date type)."""
    out: dict[str, Any] = {}
    for key, value in params.items():
        if isinstance(value, datetime):
            out[key] = value.isoformat(sep=" ")
        elif isinstance(value, date):
            out[key] = value.isoformat()
        else:
            out[key] = value
    return out


def as_date(value: Any) -> date | None:
    """A date column's value as ``date`` (SQLite returns text, PostgreSQL a date)."""
    if value is None or (isinstance(value, date) and not isinstance(value, datetime)):
        return value
    if isinstance(value, datetime):
        return value.date()
    return date.fromisoformat(str(value)[:10])


def _translate(exc: Exception) -> Exception:
    text = str(exc).lower()
    if "database is locked" in text or "lock timeout" in text:
        return DatabaseBusy(
            t(
                "databasen er opptatt av en annen bruker; prøv igjen om litt",
                "the database is busy with another user; try again shortly",
            )
        )
    if "permission denied" in text or "row-level security" in text:
        return AccessDenied(
            t(
                "ingen tilgang: databaseserveren nekter denne brukeren det",
                "access denied: the database server refuses this login",
            )
        )
    return exc


class Database:
    """A database URL with connections that follow the house rules."""

    def __init__(self, url: DatabaseURL) -> None:
        self.url = url
        self._conn: Connection | None = None
        self.actor: Any = None  # the acting login, resolved once (recoverykit.services.access)

    @property
    def is_sqlite(self) -> bool:
        return self.url.is_sqlite

    def connection(self) -> Connection:
        if self._conn is None:
            self._conn = self._open()
        return self._conn

    def _open(self) -> Connection:
        if self.url.is_sqlite:
            assert self.url.path is not None
            path = self.url.path
            create_private_file(path)
            try:
                raw: Any = sqlite3.connect(
                    path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None
                )
                raw.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
                raw.execute("PRAGMA foreign_keys = ON")
                mode = raw.execute("PRAGMA journal_mode = WAL").fetchone()[0]
                raw.execute("PRAGMA synchronous = NORMAL")
            except sqlite3.Error as exc:
                raise _translate_open(exc, str(path)) from None
            if str(mode).lower() != "wal":
                print(
                    t(
                        "Advarsel: SQLite kunne ikke slå på WAL her (journal_mode={m}).",
                        "Warning: SQLite could not enable WAL here (journal_mode={m}).",
                        m=mode,
                    ),
                    file=sys.stderr,
                )
            return Connection(raw, "sqlite")
        try:
            import psycopg
        except ImportError:
            raise StorageError(
                t(
                    "PostgreSQL krever psycopg: pip install 'recoverykit[postgres]'",
                    "PostgreSQL needs psycopg: pip install 'recoverykit[postgres]'",
                )
            ) from None
        try:
            pg: Any = psycopg.connect(self.url.dsn or "", autocommit=True, connect_timeout=10)
        except psycopg.Error as exc:
            raise StorageError(
                t(
                    "kunne ikke koble til {u}: {e}",
                    "could not connect to {u}: {e}",
                    u=self.url.display(),
                    e=str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__,
                )
            ) from None
        return Connection(pg, "postgresql")

    @contextmanager
    def write(self) -> Iterator[Connection]:
        """One write transaction: ``BEGIN IMMEDIATE`` on SQLite, an advisory writer lock on
        PostgreSQL; rolled back on any error."""
        conn = self.connection()
        try:
            if conn.is_sqlite:
                conn.raw.execute("BEGIN IMMEDIATE")
            else:
                # The PostgreSQL twin of BEGIN IMMEDIATE: one writer at a time, so that a
                # read-then-write inside the transaction cannot lose an update.
                conn.raw.execute("BEGIN")
                conn.raw.execute("SELECT pg_advisory_xact_lock(%s)", (WRITER_LOCK_KEY,))
        except Exception as exc:
            raise _translate(exc) from exc
        try:
            yield conn
        except BaseException:
            conn.raw.execute("ROLLBACK")
            raise
        try:
            conn.raw.execute("COMMIT")
        except Exception as exc:
            conn.raw.execute("ROLLBACK")
            raise _translate(exc) from exc

    @contextmanager
    def read(self) -> Iterator[Connection]:
        """A consistent read: one snapshot for several queries."""
        conn = self.connection()
        conn.raw.execute("BEGIN")
        try:
            yield conn
        finally:
            conn.raw.execute("ROLLBACK")

    def close(self) -> None:
        if self._conn is not None:
            self._conn.raw.close()
            self._conn = None


def _translate_open(exc: sqlite3.Error, where: str) -> Exception:
    return StorageError(
        t("kunne ikke åpne {p}: {e}", "could not open {p}: {e}", p=where, e=str(exc))
    )
