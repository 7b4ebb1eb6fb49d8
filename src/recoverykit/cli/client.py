"""``recoverykit client`` (a client's own copy, erasure) and ``recoverykit retention``."""

from __future__ import annotations

import typer

from recoverykit.cli.access import new_file, write_new
from recoverykit.cli.common import (
    check_choice,
    command,
    echo,
    group,
    stdin_is_terminal,
    store,
)
from recoverykit.errors import InvalidInput
from recoverykit.i18n import t, tr

ERASE_NOTE = (
    "Eldre sikkerhetskopier inneholder fortsatt klienten til de slettes: kopier tatt med "
    "«recoverykit db backup DIR --keep N» forsvinner når N nyere kopier er tatt; automatiske kopier "
    "før oppgradering (mappen backups/ ved databasen) og andre kopier må slettes for hånd.",
    "Older backups still hold the client until they are deleted: copies made with "
    "'recoverykit db backup DIR --keep N' go when N newer copies have been made; automatic copies "
    "taken before upgrades (the backups/ folder beside the database) and any other copies must be "
    "deleted by hand.",
)


def register_client(app: typer.Typer) -> None:
    client = group(
        app,
        "client",
        "Én klients data: nettverk og egne recoverymål, egen kopi (innsyn) og sletting.",
        "One client's data: network and own recovery goals, their own copy (access request) "
        "and erasure.",
    )
    from recoverykit.cli.client_records import register_client_records

    register_client_records(client)

    @command(
        client,
        "export",
        "Alt recoverykit har om én klient, med tilgangsloggen, til en ny fil (innsyn, GDPR art. 15).",
        "Everything recoverykit holds about one client, with its access log, to a new file "
        "(access request, GDPR art. 15).",
    )
    def export(
        code: str = typer.Argument(..., help=tr("Klientkoden.", "The client code.")),
        out: str = typer.Option(..., "--out", metavar="FILE", help=tr("Ny fil.", "New file.")),
        fmt: str = typer.Option(
            "html",
            "--format",
            metavar="json|pdf|html",
            help=tr("html (standard), pdf eller json.", "html (default), pdf or json."),
        ),
    ) -> None:
        from recoverykit.services.client_data import client_copy, copy_json

        check_choice("--format", fmt, ("json", "pdf", "html"))
        path = new_file(out)
        copy = client_copy(store(), code, str(path.resolve()))
        if fmt == "pdf":
            from recoverykit.files import write_bytes
            from recoverykit.render.client_copy import client_copy_pdf

            # Client-level data: mode 0600, through the one atomic writer.
            write_bytes(path, client_copy_pdf(copy), private=True, field="--out")
        elif fmt == "json":
            write_new(path, copy_json(copy) + "\n")
        else:
            from recoverykit.render.client_copy import client_copy_html

            write_new(path, client_copy_html(copy))
        echo(
            t(
                "Skrev {c} sine data til {p}.",
                "Wrote {c}'s data to {p}.",
                c=copy.client["code"],
                p=out,
            )
        )

    @command(
        client,
        "erase",
        "Slett alt om én klient for godt (én transaksjon; loggen beholder bare en enveis-hash).",
        "Erase everything about one client for good (one transaction; the log keeps a one-way hash only).",
    )
    def erase(
        code: str = typer.Argument(..., help=tr("Klientkoden.", "The client code.")),
        yes: bool = typer.Option(False, "--yes", help=tr("Ikke spør.", "Do not ask.")),
    ) -> None:
        from recoverykit.services.client_data import erase as do_erase

        if not yes:
            if not stdin_is_terminal():
                raise InvalidInput(
                    "--yes", t("bekreft slettingen med --yes", "confirm the erasure with --yes")
                )
            if not typer.confirm(tr("Slette {c} for godt?", "Erase {c} for good?", c=code.strip())):
                raise typer.Exit(1)
        r = do_erase(store(), code)
        echo(t("Slettet {c}: {n} rader.", "Erased {c}: {n} rows.", c=r.code, n=r.rows))
        if r.backend == "sqlite":
            echo(
                tr(
                    "Frigjorte sider er nullet ut og WAL-filen er tømt.",
                    "Freed pages were zeroed and the WAL file emptied.",
                )
            )
        else:
            echo(
                tr(
                    "Tabellene er støvsugd (VACUUM); serverens WAL og basekopier har dataene til de utløper.",
                    "The tables were vacuumed; the server's WAL and base backups hold the data until they expire.",
                )
            )
        echo(tr(*ERASE_NOTE))


def register_retention(app: typer.Typer) -> None:
    retention = group(
        app,
        "retention",
        "Lagringstid: slett klienter når alle forløp er avsluttet for lenge siden, og gamle oppføringer i tilgangsloggen.",
        "Retention: erase clients whose episodes all closed long ago, and old access-log entries.",
    )

    @command(
        retention,
        "set",
        "Sett lagringstid for avsluttede forløp.",
        "Set the retention of closed episodes.",
    )
    def set_(
        years: int | None = typer.Option(
            None,
            "--closed-episodes-after",
            metavar="YEARS",
            help=tr(
                "Slett klienter så mange år etter at siste forløp ble avsluttet.",
                "Erase clients this many years after their last episode closed.",
            ),
        ),
        log_years: int | None = typer.Option(
            None,
            "--access-log-after",
            metavar="YEARS",
            help=tr(
                "Slett oppføringer i tilgangsloggen eldre enn så mange år.",
                "Delete access-log entries older than this many years.",
            ),
        ),
    ) -> None:
        from recoverykit.services.client_data import set_retention

        n, m = set_retention(store(), years, log_years=log_years)
        if n is not None:
            echo(
                t(
                    "Klienter slettes {n} år etter at siste forløp ble avsluttet (kjør «recoverykit retention run»).",
                    "Clients are erased {n} years after their last episode closed (run 'recoverykit retention run').",
                    n=n,
                )
            )
        if m is not None:
            echo(
                t(
                    "Oppføringer i tilgangsloggen slettes når de er {n} år gamle (kjør «recoverykit retention run»).",
                    "Access-log entries are deleted when {n} years old (run 'recoverykit retention run').",
                    n=m,
                )
            )

    @command(
        retention,
        "run",
        "Slett det som har passert lagringstiden (trygt i cron).",
        "Erase what has passed its time (cron-safe).",
    )
    def run() -> None:
        from recoverykit.services.access import now
        from recoverykit.services.client_data import run_retention

        r = run_retention(store(), now().date())
        if r.years is None and r.log_years is None:
            echo(
                tr(
                    "Ingen lagringstid er satt; ingenting slettet (se «recoverykit retention set»).",
                    "No retention is set; nothing erased (see 'recoverykit retention set').",
                )
            )
            return
        if r.years is not None:
            echo(
                t(
                    "Slettet {c} klienter ({n} rader) med alle forløp avsluttet før {d}.",
                    "Erased {c} clients ({n} rows) whose episodes all closed before {d}.",
                    c=r.clients,
                    n=r.rows,
                    d=r.before.strftime("%d.%m.%Y") if r.before else "",
                )
            )
        if r.log_years is not None:
            echo(
                t(
                    "Slettet {n} oppføringer i tilgangsloggen fra før {d} (slettingen er registrert i tilgangsloggen).",
                    "Deleted {n} access-log entries from before {d} (the deletion is logged).",
                    n=r.log_rows,
                    d=r.log_before.strftime("%d.%m.%Y") if r.log_before else "",
                )
            )
