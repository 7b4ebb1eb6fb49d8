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
        "Databasen: sti, sjekk, sikkerhetskopi, gjenoppretting, oppgradering.",
        "The database: path, check, backup, restore, upgrade.",
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
        "Ta sikkerhetskopi av SQLite-databasen til en ny fil (filrettigheter 0600: bare eieren "
        "kan lese den), kontrollert med integritetssjekk; hel eller ingen.",
        "Back up the SQLite database to a new file (mode 0600: only the owner can read it), "
        "verified with an integrity check; complete or absent.",
    )
    def backup(
        dest: str = typer.Argument(
            ..., metavar="DEST", help=tr("Ny fil for kopien.", "New file for the copy.")
        ),
        keep: int = typer.Option(
            None,
            "--keep",
            metavar="N",
            help=tr(
                "DEST er en mappe: skriv en datert kopi der og behold bare de N nyeste.",
                "DEST is a folder: write a dated copy there and keep only the N newest.",
            ),
        ),
    ) -> None:
        from recoverykit.services.database import backup_database

        if keep is not None:
            from recoverykit.services.backup_rotation import backup_rotated

            target, removed = backup_rotated(STATE.db, dest, keep)
            echo(t("Sikkerhetskopi skrevet til {p}.", "Backup written to {p}.", p=str(target)))
            for old in removed:
                echo(t("Slettet eldre kopi {p}.", "Deleted older copy {p}.", p=str(old)))
            return
        target = backup_database(STATE.db, dest)
        echo(t("Sikkerhetskopi skrevet til {p}.", "Backup written to {p}.", p=str(target)))

    @command(
        db,
        "restore",
        "Sett en kontrollert sikkerhetskopi på plass; den gamle filen beholdes ved siden av.",
        "Put a verified backup in place; the old file is kept beside it.",
    )
    def restore(
        source: str = typer.Argument(
            ...,
            metavar="BACKUP",
            help=tr("Sikkerhetskopien som skal brukes.", "The backup to put in place."),
        ),
    ) -> None:
        from recoverykit.services.database import restore_database

        result = restore_database(STATE.db, source)
        echo(
            t(
                "Gjenopprettet {d} fra {b} (integritetssjekk: ok).",
                "Restored {d} from {b} (integrity check: ok).",
                d=str(result.database),
                b=str(result.source),
            )
        )
        if result.kept is not None:
            echo(
                t(
                    "Den forrige filen er beholdt som {k}.",
                    "The previous file is kept as {k}.",
                    k=str(result.kept),
                )
            )

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
