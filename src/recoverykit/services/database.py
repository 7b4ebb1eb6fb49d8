"""Database use cases: init, upgrade, check and backup."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from recoverykit.config import DatabaseURL, resolve_database_url
from recoverykit.errors import Field, InvalidInput, SchemaError
from recoverykit.i18n import Msg, t
from recoverykit.store.connection import Database
from recoverykit.store.migrate import (
    automatic_backup_path,
    backup_sqlite,
    head_revision,
    schema_state,
    upgrade,
)


@dataclass(frozen=True)
class UpgradeResult:
    before: str | None
    after: str
    backup: Path | None = None

    @property
    def changed(self) -> bool:
        return self.before != self.after


def _url(db_url: str | None) -> DatabaseURL:
    return resolve_database_url(db_url)


def init_database(db_url: str | None) -> tuple[Database, UpgradeResult]:
    """Create or upgrade the database (idempotent); backs up a non-blank SQLite file first."""
    from recoverykit.services.store import open_store

    db = open_store(_url(db_url), check=False, create=True, allow_empty=True)
    return db, upgrade_database(db)


def upgrade_database(db: Database) -> UpgradeResult:
    state = schema_state(db)
    if state.newer_than_code:
        raise SchemaError(
            t(
                "databasen har skjemaversjon {c}, nyere enn denne recoverykit kjenner",
                "the database has schema version {c}, newer than this recoverykit knows",
                c=state.current or "",
            )
        )
    if state.up_to_date:
        return UpgradeResult(state.current, state.head)
    backup = None
    if db.is_sqlite and not state.blank:
        backup = backup_sqlite(db, automatic_backup_path(db, state.current or "blank"))
    upgrade(db)
    return UpgradeResult(state.current, head_revision(), backup)


@dataclass
class CheckReport:
    ok: bool = True
    lines: list[Msg] = field(default_factory=list)

    def good(self, msg: Msg) -> None:
        self.lines.append(msg)

    def bad(self, msg: Msg) -> None:
        self.ok = False
        self.lines.append(msg)


def check_database(db_url: str | None) -> CheckReport:
    """Integrity, foreign keys (SQLite) and the schema version, in plain words."""
    from recoverykit.services.store import open_store

    url = _url(db_url)
    report = CheckReport()
    if url.is_sqlite and (url.path is None or not url.path.exists()):
        report.bad(
            t(
                "Databasefilen {p} finnes ikke.",
                "The database file {p} does not exist.",
                p=str(url.path),
            )
        )
        return report
    if url.is_sqlite:
        assert url.path is not None
        problem = _file_problem(url.path)
        if problem is not None:
            report.bad(problem)
            return report
    from recoverykit.errors import DamagedDatabase
    from recoverykit.store.migrate import check_file, integrity_problems

    db = open_store(url, check=False)
    try:
        conn = db.connection()
    except DamagedDatabase:
        assert url.path is not None
        report.bad(_damaged(url.path, check_file(url.path) or ["?"]))
        return report
    if db.is_sqlite:
        try:
            result = integrity_problems(conn.raw)
        except sqlite3.DatabaseError as exc:
            result = [str(exc)]
        if not result:
            report.good(t("Integritetssjekk: ok.", "Integrity check: ok."))
        else:
            assert url.path is not None
            report.bad(_damaged(url.path, result))
            db.close()
            return report
    else:
        conn.ping()
        report.good(t("Tilkobling til PostgreSQL: ok.", "Connection to PostgreSQL: ok."))
    state = schema_state(db)
    if state.up_to_date:
        report.good(
            t("Skjema: oppdatert (versjon {v}).", "Schema: up to date (version {v}).", v=state.head)
        )
    elif state.blank:
        report.bad(
            t(
                "Skjema: ingen recoverykit-tabeller; kjør «recoverykit init».",
                "Schema: no recoverykit tables; run 'recoverykit init'.",
            )
        )
    elif state.newer_than_code:
        report.bad(
            t(
                "Skjema: versjon {c} er nyere enn denne recoverykit.",
                "Schema: version {c} is newer than this recoverykit.",
                c=state.current or "",
            )
        )
    else:
        report.bad(
            t(
                "Skjema: versjon {c}, trenger {h}; kjør «recoverykit db upgrade».",
                "Schema: version {c}, needs {h}; run 'recoverykit db upgrade'.",
                c=state.current or "",
                h=state.head,
            )
        )
    db.close()
    return report


def _damaged(path: Path, problems: list[str]) -> Msg:
    from recoverykit.store.migrate import summarise

    return t(
        "Integritetssjekk: filen {p} er skadet. SQLite fant {n} feil: {e}. Ikke bruk den "
        "videre; gjenopprett fra en sikkerhetskopi med «recoverykit db restore KOPI».",
        "Integrity check: the file {p} is damaged. SQLite found {n} problems: {e}. Stop "
        "using it; restore from a backup with 'recoverykit db restore BACKUP'.",
        p=str(path),
        n=len(problems),
        e=summarise(problems),
    )


def _file_problem(path: Path) -> Msg | None:
    """What makes ``path`` unusable as a database, said plainly (None when it can be opened)."""
    from recoverykit.errors import StorageError
    from recoverykit.store.connection import check_sqlite_file

    try:
        check_sqlite_file(path)
    except StorageError as exc:
        return exc.message
    return None


def backup_database(db_url: str | None, dest: str) -> Path:
    """Back up the SQLite database to a new file ``dest``: verified, complete or absent."""
    from recoverykit.domain.idnumber import guard_text
    from recoverykit.files import check_target
    from recoverykit.services.store import open_store

    guard_text("DEST", dest)
    url = _url(db_url)
    if not url.is_sqlite:
        raise InvalidInput(
            "DEST",
            t(
                "sikkerhetskopi av PostgreSQL tas med pg_dump, ikke med recoverykit",
                "back up PostgreSQL with pg_dump, not with recoverykit",
            ),
        )
    target = Path(dest).expanduser()
    if not target.parent.is_dir():
        raise InvalidInput(
            "DEST",
            t("mappen {p} finnes ikke", "the folder {p} does not exist", p=str(target.parent)),
        )
    check_target(target, field="DEST")
    if target.exists():
        raise InvalidInput(
            "DEST",
            t(
                "{p} finnes allerede; velg et nytt filnavn",
                "{p} already exists; choose a new file name",
                p=str(target),
            ),
        )
    db = open_store(url)
    try:
        return backup_sqlite(db, target)
    finally:
        db.close()


@dataclass(frozen=True)
class RestoreResult:
    database: Path
    source: Path
    kept: Path | None


def restore_database(db_url: str | None, source: str) -> RestoreResult:
    """Put a verified backup in place of the SQLite database; the file it replaces (damaged, as
    a rule) is kept beside it under a new name, never deleted."""
    import os
    import sqlite3

    from recoverykit import clock
    from recoverykit.errors import DamagedDatabase
    from recoverykit.files import install_new, temporary_beside
    from recoverykit.store.migrate import (
        check_file,
        connect_read_only,
        integrity_problems,
        summarise,
    )

    url = _url(db_url)
    if not url.is_sqlite or url.path is None:
        raise InvalidInput(
            "BACKUP",
            t(
                "PostgreSQL gjenopprettes med pg_restore, ikke med recoverykit",
                "restore PostgreSQL with pg_restore, not with recoverykit",
            ),
        )
    backup = Path(source).expanduser()
    if not backup.is_file():
        raise InvalidInput(
            "BACKUP",
            t("{p} finnes ikke eller er ikke en fil", "{p} is missing or not a file", p=source),
        )
    problems = check_file(backup)
    if problems:
        raise DamagedDatabase(
            t(
                "sikkerhetskopien {p} kan ikke brukes ({e}); ingenting ble endret",
                "the backup {p} cannot be used ({e}); nothing was changed",
                p=source,
                e=summarise(problems),
            )
        )
    live = url.path
    if not live.parent.is_dir():
        raise InvalidInput(
            Field("db"),
            t("mappen {p} finnes ikke", "the folder {p} does not exist", p=str(live.parent)),
        )
    with temporary_beside(live, private=True, field=Field("db")) as tmp:
        src = connect_read_only(backup)
        dst = sqlite3.connect(tmp)
        try:
            src.backup(dst)
            copied = integrity_problems(dst)
        finally:
            dst.close()
            src.close()
        if copied:
            raise DamagedDatabase(
                t(
                    "kopien av {p} ble skadet underveis ({e}); ingenting ble endret",
                    "the copy of {p} was damaged on the way ({e}); nothing was changed",
                    p=source,
                    e=summarise(copied),
                )
            )
        kept: Path | None = None
        if os.path.lexists(live):
            stamp = clock.local_now().strftime("%Y%m%d-%H%M%S")
            kept = live.with_name(f"{live.name}.damaged-{stamp}")
            for suffix in ("", "-wal", "-shm"):
                old = Path(f"{live}{suffix}")
                if os.path.lexists(old):
                    os.rename(old, Path(f"{kept}{suffix}"))
        install_new(tmp, live, field=Field("db"))
    return RestoreResult(live, backup, kept)
