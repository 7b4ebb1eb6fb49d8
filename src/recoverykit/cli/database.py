"""``recoverykit init`` and ``recoverykit db``: create, upgrade, check and back up the database."""

from __future__ import annotations

import typer

from recoverykit.cli.common import STATE, command, echo, group
from recoverykit.i18n import t, tr


def register(app: typer.Typer) -> None:
    @command(
        app,
        "init",
        "Opprett eller oppgrader databasen (trygt å kjøre flere ganger).",
        "Create or upgrade the database (safe to run again).",
    )
    def init() -> None:
        create_or_upgrade()

    db = group(
        app,
        "db",
        "Databasen: sti, sjekk, sikkerhetskopi, oppgradering.",
        "The database: path, check, backup, upgrade.",
    )

    @command(
        db,
        "path",
        "Vis hvilken database som brukes, og hvorfor.",
        "Show which database is used, and why.",
    )
    def path() -> None:
        from recoverykit.config import resolve_database_url

        url = resolve_database_url(STATE.db)
        echo(url.display())
        sources = {
            "default": tr("standardfilen i datamappen", "the default file in the data folder"),
            "--db": tr("valget --db", "the --db option"),
            "RECOVERYKIT_DB": tr("miljøvariabelen RECOVERYKIT_DB", "the RECOVERYKIT_DB variable"),
        }
        source = sources.get(url.source) or tr(
            "konfigurasjonsfilen {f}", "the config file {f}", f=url.source
        )
        typer.echo(tr("(fra {s})", "(from {s})", s=source), err=True)

    @command(
        db,
        "check",
        "Sjekk integritet, fremmednøkler og skjemaversjon.",
        "Check integrity, foreign keys and schema version.",
    )
    def check() -> None:
        from recoverykit.services.database import check_database

        report = check_database(STATE.db)
        for line in report.lines:
            echo(line)
        if not report.ok:
            raise typer.Exit(1)
        echo(t("Alt ser bra ut.", "All is well."))

    @command(
        db,
        "backup",
        "Ta sikkerhetskopi av SQLite-databasen til en ny fil (filrettigheter 0600: bare eieren kan lese den).",
        "Back up the SQLite database to a new file (mode 0600).",
    )
    def backup(
        dest: str = typer.Argument(
            ..., metavar="DEST", help=tr("Ny fil for kopien.", "New file for the copy.")
        ),
    ) -> None:
        from recoverykit.services.database import backup_database

        target = backup_database(STATE.db, dest)
        echo(t("Sikkerhetskopi skrevet til {p}.", "Backup written to {p}.", p=str(target)))

    @command(
        db,
        "upgrade",
        "Oppgrader databaseskjemaet (også for PostgreSQL).",
        "Upgrade the database schema (PostgreSQL too).",
    )
    def upgrade() -> None:
        create_or_upgrade()


def create_or_upgrade() -> None:
    """``init`` and ``db upgrade``: the same step, said the same way (backup first if needed)."""
    from recoverykit.services.database import init_database

    db, result = init_database(STATE.db)
    where = db.url.display()
    if result.before is None:
        echo(
            t(
                "Opprettet databasen {w} (skjemaversjon {v}).",
                "Created the database {w} (schema version {v}).",
                w=where,
                v=result.after,
            )
        )
    elif result.changed:
        echo(
            t(
                "Oppgraderte {w} fra versjon {a} til {b}.",
                "Upgraded {w} from version {a} to {b}.",
                w=where,
                a=result.before,
                b=result.after,
            )
        )
    else:
        echo(
            t(
                "Databasen {w} er allerede oppdatert (versjon {v}).",
                "The database {w} is already up to date (version {v}).",
                w=where,
                v=result.after,
            )
        )
    if result.backup:
        echo(
            t(
                "Sikkerhetskopi før oppgradering: {p}",
                "Backup before upgrading: {p}",
                p=str(result.backup),
            )
        )
