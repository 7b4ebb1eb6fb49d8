"""Schema check and upgrade.

The check runs on every command that opens the store and costs one query: it compares the
database's Alembic revision with the head revision (:data:`HEAD_REVISION`, a constant checked
against Alembic by a test), without importing Alembic. Alembic (and SQLAlchemy) load only when an
upgrade is due.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from recoverykit import clock
from recoverykit.errors import SchemaError
from recoverykit.i18n import t
from recoverykit.resources import resource_path
from recoverykit.store.connection import Connection, Database, create_private_file

# The Alembic revisions in order, first to head: a constant, not read from the migration files'
# text (``tests/test_migrations.py`` checks it against Alembic's own view of migrations/versions).
# A new migration adds its id here.
REVISIONS: tuple[str, ...] = ("0001", "0002", "0003", "0004")
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
    if not state.blank:
        backup_sqlite(db, automatic_backup_path(db, state.current or "blank"))
    elif _has_foreign_tables(db.connection()):
        raise SchemaError(
            t(
                "filen er en SQLite-database, men ikke en recoverykit-database",
                "the file is a SQLite database, but not a recoverykit database",
            )
        )
    upgrade(db)
    return schema_state(db)


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
    return db.url.path.parent / "backups" / f"{db.url.path.stem}-{revision}-{stamp}.db"


def backup_sqlite(db: Database, dest: Path) -> Path:
    """Copy the live database with SQLite's backup API into a new file created mode 0600."""
    if dest.exists():
        raise SchemaError(t("{p} finnes allerede", "{p} already exists", p=str(dest)))
    create_private_file(dest)
    os.chmod(dest, 0o600)
    target = sqlite3.connect(dest)
    try:
        db.connection().raw.backup(target)
    finally:
        target.close()
    return dest
