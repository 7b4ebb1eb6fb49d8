"""Database use cases: init, upgrade, check and backup."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from recoverykit.config import DatabaseURL, resolve_database_url
from recoverykit.errors import InvalidInput, SchemaError
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

    db = open_store(_url(db_url), check=False, create=True)
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
    db = open_store(url, check=False)
    conn = db.connection()
    if db.is_sqlite:
        result = [r["integrity_check"] for r in conn.execute("PRAGMA integrity_check")]
        if result == ["ok"]:
            report.good(t("Integritetssjekk: ok.", "Integrity check: ok."))
        else:
            report.bad(
                t(
                    "Integritetssjekk fant feil: {e}",
                    "Integrity check found errors: {e}",
                    e="; ".join(result[:5]),
                )
            )
        broken = conn.execute("PRAGMA foreign_key_check")
        if not broken:
            report.good(t("Fremmednøkler: ok.", "Foreign keys: ok."))
        else:
            tables = sorted({str(r["table"]) for r in broken})
            report.bad(
                t(
                    "Fremmednøkler: {n} rader peker på noe som mangler (tabeller: {tb}).",
                    "Foreign keys: {n} rows point to something missing (tables: {tb}).",
                    n=len(broken),
                    tb=", ".join(tables),
                )
            )
    else:
        conn.scalar("SELECT 1")
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


def backup_database(db_url: str | None, dest: str) -> Path:
    from recoverykit.services.store import open_store

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
    if target.exists():
        raise InvalidInput(
            "DEST",
            t(
                "{p} finnes allerede; velg et nytt filnavn",
                "{p} already exists; choose a new file name",
                p=str(target),
            ),
        )
    if not target.parent.is_dir():
        raise InvalidInput(
            "DEST",
            t("mappen {p} finnes ikke", "the folder {p} does not exist", p=str(target.parent)),
        )
    db = open_store(url)
    try:
        return backup_sqlite(db, target)
    finally:
        db.close()
