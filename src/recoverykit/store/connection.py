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
import stat
import sys
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
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

    def __init__(self, raw: Any, kind: str, where: str = "") -> None:
        self.raw = raw
        self.kind = kind
        self.where = where

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
            raise _translate(exc, self.where) from exc

    def executemany(self, sql: str, rows: Sequence[Mapping[str, Any]]) -> None:
        try:
            if self.is_sqlite:
                self.raw.executemany(sql, [_adapt(r) for r in rows])
            else:
                with self.raw.cursor() as cur:
                    cur.executemany(self._sql(sql), [_adapt(r) for r in rows])
        except Exception as exc:
            raise _translate(exc, self.where) from exc

    def one(self, sql: str, params: Mapping[str, Any] | None = None) -> Row | None:
        rows = self.execute(sql, params)
        return rows[0] if rows else None

    def scalar(self, sql: str, params: Mapping[str, Any] | None = None) -> Any:
        row = self.one(sql, params)
        return None if row is None else next(iter(row.values()))

    def ping(self) -> None:
        """A round trip to the server (``db check``)."""
        self.scalar("SELECT 1")

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


def _translate(exc: Exception, where: str = "") -> Exception:
    """A database error as one line that says what happened (the original stays chained)."""
    from recoverykit.errors import DamagedDatabase
    from recoverykit.files import DiskFull

    text = str(exc).lower()
    state = str(getattr(exc, "sqlstate", "") or "")
    place = where or "databasen"
    if "database is locked" in text or "lock timeout" in text:
        return DatabaseBusy(
            t(
                "databasen er opptatt av en annen bruker; prøv igjen om litt",
                "the database is busy with another user; try again shortly",
            )
        )
    if (
        "disk is full" in text
        or state == "53100"
        or (("disk i/o error" in text or "unable to open" in text) and _no_room(where))
    ):
        return DiskFull(
            t(
                "disken som rommer {p} er full; ingenting ble lagret. Frigjør plass og prøv igjen",
                "the disk holding {p} is full; nothing was saved. Free some space and try again",
                p=where or "the database",
            )
        )
    if "readonly database" in text or "read-only" in text or state == "25006":
        return StorageError(
            t(
                "{p} er skrivebeskyttet (filen eller mappen); ingenting ble lagret",
                "{p} is read-only (the file or its folder); nothing was saved",
                p=where or "the database",
            )
        )
    if "malformed" in text or "not a database" in text or "corrupt" in text:
        return DamagedDatabase(
            t(
                "databasefilen {p} er skadet ({e}); kjør «recoverykit db check», og se "
                "«Når databasen er skadet» i README",
                "the database file {p} is damaged ({e}); run 'recoverykit db check' and see "
                "'When the database is damaged' in the README",
                p=place,
                e=str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__,
            )
        )
    if "disk i/o error" in text:
        return StorageError(
            t(
                "disken meldte en lese- eller skrivefeil for {p}",
                "the disk reported an input/output error for {p}",
                p=where or "the database",
            )
        )
    if "unable to open database file" in text:
        return StorageError(
            t(
                "kunne ikke åpne {p} (mangler mappen, eller mangler tillatelse til mappen?)",
                "could not open {p} (is the folder missing, or not writable?)",
                p=where or "the database",
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


def _no_room(where: str) -> bool:
    """Whether the file system holding ``where`` has (almost) no free space: SQLite reports a
    full disk under WAL as an I/O error when its shared-memory file cannot grow."""
    if not where or not hasattr(os, "statvfs"):
        return False
    try:
        st = os.statvfs(Path(where).parent)
    except OSError:
        return False
    return st.f_bavail * st.f_frsize < 64 * 1024


def translate_error(exc: Exception, where: str = "") -> Exception:
    """Public name of the translation, for the CLI's error boundary."""
    return _translate(exc, where)


class Database:
    """A database URL with connections that follow the house rules."""

    def __init__(self, url: DatabaseURL, *, allow_empty: bool = False) -> None:
        self.url = url
        self.allow_empty = allow_empty  # ``init`` may make a 0-byte file a database, and says so
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
            check_sqlite_file(path, allow_empty=self.allow_empty)
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
            except OSError as exc:
                from recoverykit.files import os_error

                raise os_error(exc, path) from None
            if str(mode).lower() != "wal":
                print(
                    t(
                        "Advarsel: SQLite kunne ikke slå på WAL her (journal_mode={m}).",
                        "Warning: SQLite could not enable WAL here (journal_mode={m}).",
                        m=mode,
                    ),
                    file=sys.stderr,
                )
            return Connection(raw, "sqlite", str(path))
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
            raise _translate(exc, conn.where) from exc
        try:
            yield conn
        except BaseException:
            with suppress(Exception):
                conn.raw.execute("ROLLBACK")
            raise
        try:
            conn.raw.execute("COMMIT")
        except Exception as exc:
            with suppress(Exception):
                conn.raw.execute("ROLLBACK")
            raise _translate(exc, conn.where) from exc

    @contextmanager
    def read(self) -> Iterator[Connection]:
        """A consistent read: one snapshot for several queries."""
        conn = self.connection()
        try:
            conn.raw.execute("BEGIN")
        except Exception as exc:
            raise _translate(exc, conn.where) from exc
        try:
            yield conn
        finally:
            conn.raw.execute("ROLLBACK")

    def close(self) -> None:
        if self._conn is not None:
            self._conn.raw.close()
            self._conn = None


SQLITE_HEADER = b"SQLite format 3\x00"


def check_sqlite_file(path: Path, *, allow_empty: bool = False) -> None:
    """Refuse, in one line and without touching it, a file that cannot be this database: not a
    regular file, empty (0 bytes), shorter than a header, or not a SQLite file at all."""
    from recoverykit.errors import DamagedDatabase

    try:
        st = os.stat(path)
    except FileNotFoundError:
        return
    except OSError as exc:
        from recoverykit.files import os_error

        raise os_error(exc, path) from None
    if not stat.S_ISREG(st.st_mode):
        raise StorageError(t("{p} er ikke en vanlig fil", "{p} is not a regular file", p=str(path)))
    if st.st_size == 0:
        if allow_empty:
            return
        raise DamagedDatabase(
            t(
                "{p} er en tom fil (0 byte), ikke en database; ingenting ble endret. Kjør "
                "«recoverykit init» for å gjøre den til en ny database, eller sjekk --db",
                "{p} is an empty file (0 bytes), not a database; nothing was changed. Run "
                "'recoverykit init' to make it a new database, or check --db",
                p=str(path),
            )
        )
    try:
        with open(path, "rb") as fh:
            head = fh.read(100)
    except OSError as exc:
        raise StorageError(
            t(
                "kunne ikke lese {p} ({e})",
                "could not read {p} ({e})",
                p=str(path),
                e=exc.strerror or type(exc).__name__,
            )
        ) from None
    if not head.startswith(SQLITE_HEADER):
        raise DamagedDatabase(
            t(
                "{p} er ikke en SQLite-database (filen begynner med noe annet); "
                "ingenting ble endret. Sjekk --db",
                "{p} is not a SQLite database (the file starts with something else); "
                "nothing was changed. Check --db",
                p=str(path),
            )
        )
    if len(head) < 100:
        raise DamagedDatabase(
            t(
                "{p} er avkortet ({n} byte); gjenopprett fra en sikkerhetskopi "
                "(«recoverykit db restore»)",
                "{p} is truncated ({n} bytes); restore it from a backup ('recoverykit db restore')",
                p=str(path),
                n=st.st_size,
            )
        )


def _translate_open(exc: sqlite3.Error, where: str) -> Exception:
    translated = _translate(exc, where)
    if translated is not exc:
        return translated
    return StorageError(
        t("kunne ikke åpne {p}: {e}", "could not open {p}: {e}", p=where, e=str(exc))
    )
