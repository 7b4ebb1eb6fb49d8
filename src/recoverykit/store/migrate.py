"""Schema check and upgrade.

The check runs on every command that opens the store and costs one query: it compares the
database's Alembic revision with the head revision (:data:`HEAD_REVISION`, a constant checked
against Alembic by a test), without importing Alembic. Alembic (and SQLAlchemy) load only when an
upgrade is due.
"""

from __future__ import annotations

import sqlite3
import sys
from dataclasses import dataclass
from pathlib import Path

from recoverykit import clock
from recoverykit.errors import DamagedDatabase, SchemaError
from recoverykit.i18n import t
from recoverykit.resources import resource_path
from recoverykit.store.connection import Connection, Database

# The Alembic revisions in order, first to head: a constant, not read from the migration files'
# text (``tests/test_migrations.py`` checks it against Alembic's own view of migrations/versions).
# A new migration adds its id here.
REVISIONS: tuple[str, ...] = (
    "0001",
    "0002",
    "0003",
    "0004",
    "0006",
    "0007",
    "0011",
    "0012",
    "0013",
    "0014",
    "0015",
)
HEAD_REVISION = REVISIONS[-1]


def revision_chain() -> tuple[str, ...]:
    """All revisions from the first to the head."""
    return REVISIONS


def head_revision() -> str:
    return HEAD_REVISION


def current_revision(conn: Connection) -> str | None:
    """The database's revision, or ``None`` when it has no recoverykit schema yet."""
    if conn.is_sqlite:
        exists = conn.scalar(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'"
        )
    else:
        exists = conn.scalar("SELECT to_regclass('alembic_version') IS NOT NULL AS present")
    if not exists:
        return None
    value = conn.scalar("SELECT version_num FROM alembic_version")
    return None if value is None else str(value)


@dataclass(frozen=True)
class SchemaState:
    current: str | None
    head: str

    @property
    def up_to_date(self) -> bool:
        return self.current == self.head

    @property
    def blank(self) -> bool:
        return self.current is None

    @property
    def newer_than_code(self) -> bool:
        return self.current is not None and self.current not in revision_chain()


def schema_state(db: Database) -> SchemaState:
    return SchemaState(current_revision(db.connection()), head_revision())


def ensure_schema(db: Database) -> SchemaState:
    """Check the schema; a local SQLite file is backed up and upgraded, a server only checked."""
    state = schema_state(db)
    if state.up_to_date:
        return state
    if state.newer_than_code:
        raise SchemaError(
            t(
                "databasen har skjemaversjon {c}, som er nyere enn denne recoverykit "
                "(kjenner til {h}); oppgrader recoverykit",
                "the database has schema version {c}, newer than this recoverykit knows "
                "(up to {h}); upgrade recoverykit",
                c=state.current or "",
                h=state.head,
            )
        )
    if not db.is_sqlite:
        if state.blank:
            raise SchemaError(
                t(
                    "databasen har ingen recoverykit-tabeller ennå; kjør «recoverykit init»",
                    "the database has no recoverykit tables yet; run 'recoverykit init'",
                )
            )
        raise SchemaError(
            t(
                "databasen har skjemaversjon {c}, men denne recoverykit trenger {h}; "
                "kjør «recoverykit db upgrade»",
                "the database has schema version {c} but this recoverykit needs {h}; "
                "run 'recoverykit db upgrade'",
                c=state.current or "",
                h=state.head,
            )
        )
    backup: Path | None = None
    if not state.blank:
        backup = backup_sqlite(db, automatic_backup_path(db, state.current or "blank"))
    elif _has_foreign_tables(db.connection()):
        raise SchemaError(
            t(
                "filen er en SQLite-database, men ikke en recoverykit-database",
                "the file is a SQLite database, but not a recoverykit database",
            )
        )
    upgrade(db)
    after = schema_state(db)
    if backup is not None:  # an older schema was upgraded on the way: say so, and where
        print(
            t(
                "Merk: oppgraderte databasen {p} fra skjemaversjon {a} til {b}; "
                "sikkerhetskopi før oppgradering: {k}",
                "Note: upgraded the database {p} from schema version {a} to {b}; "
                "backup before upgrading: {k}",
                p=str(db.url.path),
                a=state.current or "",
                b=after.current or "",
                k=str(backup),
            ),
            file=sys.stderr,
        )
    return after


def _has_foreign_tables(conn: Connection) -> bool:
    return bool(conn.scalar("SELECT count(*) FROM sqlite_master WHERE type = 'table'"))


def upgrade(db: Database, target: str = "head") -> None:
    """Run the Alembic migrations up to ``target`` (imports Alembic and SQLAlchemy)."""
    from alembic import command
    from alembic.config import Config
    from sqlalchemy import create_engine, event, pool

    cfg = Config()
    cfg.set_main_option("script_location", str(resource_path("migrations")))
    url = db.url.sqlalchemy_url()
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    engine = create_engine(url, poolclass=pool.NullPool)
    if db.is_sqlite:

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_conn: sqlite3.Connection, _record: object) -> None:
            dbapi_conn.execute("PRAGMA foreign_keys = ON")
            dbapi_conn.execute("PRAGMA busy_timeout = 10000")

    try:
        with engine.begin() as connection:
            cfg.attributes["connection"] = connection
            command.upgrade(cfg, target)
    finally:
        engine.dispose()


def automatic_backup_path(db: Database, revision: str) -> Path:
    assert db.url.path is not None
    stamp = clock.local_now().strftime("%Y%m%d-%H%M%S")
    (db.url.path.parent / "backups").mkdir(mode=0o700, parents=True, exist_ok=True)
    return db.url.path.parent / "backups" / f"{db.url.path.stem}-{revision}-{stamp}.db"


def backup_sqlite(db: Database, dest: Path) -> Path:
    """Copy the live database with SQLite's backup API to ``dest``, complete or not at all.

    The copy is written under a temporary name beside ``dest`` (mode 0600), checked with
    ``PRAGMA integrity_check`` and only then given its name; a damaged copy is refused and
    removed, so that nothing damaged is ever called a backup. ``dest`` is never replaced."""
    from recoverykit.files import install_new, temporary_beside

    with temporary_beside(dest, private=True, field="DEST") as tmp:
        target = sqlite3.connect(tmp)
        try:
            db.connection().raw.backup(target)
            problems = integrity_problems(target)
        except sqlite3.DatabaseError as exc:
            problems = [str(exc)]
        finally:
            target.close()
        if problems:
            raise DamagedDatabase(
                t(
                    "kopien av {s} er skadet ({e}); den ble ikke lagret som sikkerhetskopi. "
                    "Selve databasen er trolig skadet: kjør «recoverykit db check»",
                    "the copy of {s} is damaged ({e}); it was not kept as a backup. The "
                    "database itself is probably damaged: run 'recoverykit db check'",
                    s=str(db.url.path),
                    e=summarise(problems),
                )
            )
        install_new(tmp, dest, field="DEST")
    return dest


def integrity_problems(raw: sqlite3.Connection) -> list[str]:
    """What ``PRAGMA integrity_check`` found (empty when the file is sound)."""
    rows = [str(r[0]) for r in raw.execute("PRAGMA integrity_check").fetchall()]
    return [] if rows == ["ok"] else rows


def connect_read_only(path: Path) -> sqlite3.Connection:
    """Open a file only to read it, leaving no -wal/-shm beside it (immutable unless a -wal
    file next to it holds part of the data)."""
    uri = f"{path.resolve().as_uri()}?mode=ro"
    if not Path(f"{path}-wal").exists():
        uri += "&immutable=1"
    return sqlite3.connect(uri, uri=True)


def check_file(path: Path) -> list[str]:
    """Open ``path`` read-only and return what is wrong with it as a recoverykit database."""
    try:
        raw = connect_read_only(path)
    except sqlite3.Error as exc:
        return [str(exc)]
    try:
        problems = integrity_problems(raw)
        if (
            not problems
            and not raw.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'"
            ).fetchone()
        ):
            problems = ["not a recoverykit database"]
        return problems
    except sqlite3.DatabaseError as exc:
        return [str(exc)]
    finally:
        raw.close()


def summarise(problems: list[str], limit: int = 3) -> str:
    """The first few integrity-check lines, one line of text."""
    shown = "; ".join(p.replace("\n", " ").strip() for p in problems[:limit])
    more = len(problems) - limit
    return shown + (f"; … (+{more})" if more > 0 else "")
