"""``recoverykit access``, ``audit``, ``client`` and ``retention``: who may see what, who saw it,
a client's own copy, erasure and retention."""

from __future__ import annotations

import os
from pathlib import Path

import typer

from recoverykit.cli.common import (
    check_choice,
    check_format,
    command,
    echo,
    format_option,
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


def new_file(out: str, field: str = "--out") -> Path:
    """A path for a new file: refused (exit 2, nothing written) if it exists or has no folder."""
    from recoverykit.domain.idnumber import guard_text

    guard_text(field, out)
    path = Path(out).expanduser()
    if path.exists() or path.is_symlink():
        raise InvalidInput(
            field,
            t(
                "{p} finnes allerede; velg et nytt filnavn",
                "{p} already exists; choose a new file name",
                p=out,
            ),
        )
    if not path.parent.is_dir():
        raise InvalidInput(
            field,
            t("mappen {p} finnes ikke", "the folder {p} does not exist", p=str(path.parent)),
        )
    return path


def write_new(path: Path, text: str) -> None:
    """Write ``text`` to a new file created mode 0600 (never over an existing one)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
            f.write(text)
    except BaseException:
        path.unlink(missing_ok=True)
        raise


def register(app: typer.Typer) -> None:
    _register_access(app)
    _register_audit(app)
    _register_client(app)
    _register_retention(app)


def _register_access(app: typer.Typer) -> None:
    access = group(
        app,
        "access",
        "Tilgang etter tjenstlig behov: roller per bruker og avdeling.",
        "Access by work need: roles per login and department.",
    )

    @command(
        access,
        "grant",
        "Gi en bruker en rolle (for én eller flere avdelinger, eller hele enheten).",
        "Give a login a role (in one or more departments, or the whole unit).",
    )
    def grant(
        login: str = typer.Argument(..., help=tr("Brukernavnet.", "The login.")),
        role: str = typer.Option(
            ...,
            "--role",
            metavar="leader|clinician|recovery-contact|reporter|admin",
            help=tr("Rollen.", "The role."),
        ),
        dept: list[str] = typer.Option(
            None, "--dept", help=tr("Avdeling (kan gjentas).", "Department (may be repeated).")
        ),
    ) -> None:
        from recoverykit.services.access_admin import grant as do_grant

        r = do_grant(store(), login, role, list(dept or []))
        where = ", ".join(r.departments) or tr("hele enheten", "the whole unit")
        echo(
            t(
                "{l} har nå rollen {r} ({w}).",
                "{l} now has the role {r} ({w}).",
                l=r.login,
                r=r.role,
                w=where,
            )
        )
        if r.self_admin:
            echo(
                t(
                    "Tilgangskontroll er nå på; du ble samtidig administrator.",
                    "Access control is now on; you were made admin at the same time.",
                )
            )

    @command(
        access,
        "revoke",
        "Ta bort en rolle (eller alle) fra en bruker.",
        "Take a role (or all) from a login.",
    )
    def revoke(
        login: str = typer.Argument(..., help=tr("Brukernavnet.", "The login.")),
        role: str = typer.Option(None, "--role", help=tr("Bare denne rollen.", "Only this role.")),
    ) -> None:
        from recoverykit.services.access_admin import revoke as do_revoke

        n = do_revoke(store(), login, role)
        echo(
            t(
                "Tok bort {n} tilgang(er) fra {l}.",
                "Removed {n} grant(s) from {l}.",
                n=n,
                l=login.strip(),
            )
        )

    @command(access, "list", "Vis hvem som har hvilke roller.", "Show who holds which roles.")
    def list_(fmt: str = format_option()) -> None:
        from recoverykit.render.output import Column, print_rows
        from recoverykit.services.access_admin import listing

        check_format(fmt)
        info = listing(store())
        if fmt == "table":
            if info.single_user:
                echo(
                    t(
                        "Enbrukermodus: ingen tilganger er gitt, så operativsystembrukeren "
                        "({l}) har alle rettigheter. En delt SQLite-fil har ingen "
                        "tilgangskontroll; flere brukere trenger PostgreSQL.",
                        "Single-user mode: no access has been granted, so the operating-system "
                        "user ({l}) has every right. A shared SQLite file has no access control; "
                        "several users need PostgreSQL.",
                        l=info.login,
                    )
                )
            else:
                echo(t("Du er {l}.", "You are {l}.", l=info.login))
        rows = [
            {
                "login": g["login"],
                "role": g["role"],
                "department": g["department"] or ("*" if fmt != "table" else tr("alle", "all")),
                "staff": g["staff"],
            }
            for g in info.grants
        ]
        print_rows(
            rows,
            [
                Column("login", tr("Bruker", "Login")),
                Column("role", tr("Rolle", "Role")),
                Column("department", tr("Avdeling", "Department")),
                Column("staff", tr("Ansatt", "Staff member")),
            ],
            fmt,
            empty=tr("Ingen tilganger er gitt.", "No access has been granted."),
        )
        if fmt == "table" and info.unresolved:
            echo(
                t(
                    "Fagpersonnavn uten ansatt (avklar med «recoverykit staff resolve»): {n}",
                    "Clinician names with no staff member (settle with 'recoverykit staff "
                    "resolve'): {n}",
                    n=", ".join(info.unresolved[:10])
                    + (
                        tr(" … og {k} til", " … and {k} more", k=len(info.unresolved) - 10)
                        if len(info.unresolved) > 10
                        else ""
                    ),
                )
            )


AUDIT_COLUMNS = (
    ("at", "Tidspunkt", "When"),
    ("login", "Bruker", "Login"),
    ("staff", "Ansatt", "Staff member"),
    ("action", "Handling", "Action"),
    ("client", "Klient", "Client"),
    ("department", "Avdeling", "Department"),
    ("rows", "Rader", "Rows"),
    ("path", "Fil", "File"),
)


def _audit_rows(rows: list[dict[str, object]], fmt: str) -> list[dict[str, object]]:
    out = []
    for r in rows:
        at = r["at"]
        shown = at.strftime("%d.%m.%Y %H:%M:%S") if fmt == "table" else at.isoformat()  # type: ignore[attr-defined]
        out.append({**r, "at": shown})
    return out


def _register_audit(app: typer.Typer) -> None:
    audit = group(
        app,
        "audit",
        "Tilgangsloggen: hvem har sett og endret hva (ledere og administratorer).",
        "The access log: who saw and changed what (leaders and admins).",
    )

    @command(audit, "list", "Vis tilgangsloggen.", "Show the access log.")
    def list_(
        client: str = typer.Option(
            None, "--client", help=tr("Bare denne klienten.", "Only this client.")
        ),
        login: str = typer.Option(
            None, "--login", help=tr("Bare denne brukeren.", "Only this login.")
        ),
        since: str = typer.Option(
            None, "--since", metavar="DATE", help=tr("Fra og med dato.", "From this date.")
        ),
        fmt: str = format_option(),
    ) -> None:
        from recoverykit.render.output import Column, print_rows
        from recoverykit.services.audit import entries

        check_format(fmt)
        rows = entries(store(), client=client, login=login, since=since)
        print_rows(
            _audit_rows(rows, fmt),
            [Column(k, tr(nb, en)) for k, nb, en in AUDIT_COLUMNS],
            fmt,
            empty=tr("Ingen oppføringer.", "No entries."),
        )

    @command(
        audit,
        "export",
        "Skriv tilgangsloggen til en ny fil (CSV eller JSON).",
        "Write the access log to a new file (CSV or JSON).",
    )
    def export(
        out: str = typer.Option(..., "--out", metavar="FILE", help=tr("Ny fil.", "New file.")),
        fmt: str = typer.Option(
            "csv", "--format", metavar="csv|json", help=tr("csv eller json.", "csv or json.")
        ),
        since: str = typer.Option(
            None, "--since", metavar="DATE", help=tr("Fra og med dato.", "From this date.")
        ),
    ) -> None:
        from recoverykit.render.output import Column, to_csv, to_json
        from recoverykit.services.audit import entries

        check_choice("--format", fmt, ("csv", "json"))
        path = new_file(out)
        rows = entries(store(), since=since, action="audit.export", path=str(path.resolve()))
        columns = [Column(k, k) for k, _, _ in AUDIT_COLUMNS]
        text = (
            to_json(_audit_rows(rows, fmt), columns) + "\n"
            if fmt == "json"
            else to_csv(_audit_rows(rows, fmt), columns)
        )
        write_new(path, text)
        echo(t("Skrev {n} oppføringer til {p}.", "Wrote {n} entries to {p}.", n=len(rows), p=out))

    @command(
        audit,
        "review",
        "Månedens gjennomgang: tilgang utenfor egne avdelinger, masseuttrekk, tilgang utenom "
        "arbeidstid og brukere uten ansatt.",
        "The month's review: access outside one's departments, bulk exports, access out of "
        "working hours and logins with no staff member.",
    )
    def review(
        month: str = typer.Option(
            None,
            "--month",
            metavar="YYYY-MM",
            help=tr("Måneden (standard: forrige).", "The month (default: last month)."),
        ),
    ) -> None:
        from recoverykit.services.access import now
        from recoverykit.services.audit import WORK_END, WORK_START
        from recoverykit.services.audit import review as do_review

        r = do_review(store(), month, now().date())
        echo(
            t(
                "Gjennomgang av tilgangsloggen {m}: {n} oppføringer.",
                "Access log review {m}: {n} entries.",
                m=r.month,
                n=r.entries,
            )
        )

        def section(title: object, items: list[dict[str, object]]) -> None:
            echo(f"\n{title}: {len(items)}")
            for e in items[:20]:
                at = e["at"].strftime("%d.%m.%Y %H:%M")  # type: ignore[attr-defined]
                dept = f" {e['department']}" if e["department"] else ""
                echo(f"- {at} {e['login']} {e['action']}{dept}")
            if len(items) > 20:
                echo(
                    t(
                        "… og {n} til (se «recoverykit audit list»)",
                        "… and {n} more (see 'recoverykit audit list')",
                        n=len(items) - 20,
                    )
                )

        section(
            t("Klienter utenfor brukerens avdelinger", "Clients outside the login's departments"),
            r.outside,
        )
        section(t("Masseuttrekk", "Bulk exports"), r.bulk)
        section(
            t(
                "Utenom arbeidstid (hverdager {a}–{b})",
                "Out of working hours (weekdays {a}–{b})",
                a=f"{WORK_START:02d}:00",
                b=f"{WORK_END:02d}:00",
            ),
            r.out_of_hours,
        )
        echo(f"\n{tr('Brukere uten ansatt', 'Logins with no staff member')}: {len(r.no_staff)}")
        for login in r.no_staff:
            echo(f"- {login}")


def _register_client(app: typer.Typer) -> None:
    client = group(
        app,
        "client",
        "Én klients data: egen kopi (innsyn) og sletting.",
        "One client's data: their own copy (access request) and erasure.",
    )

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
            metavar="json|html",
            help=tr("html (standard) eller json.", "html (default) or json."),
        ),
    ) -> None:
        from recoverykit.services.client_data import client_copy, copy_json

        check_choice("--format", fmt, ("json", "html"))
        path = new_file(out)
        copy = client_copy(store(), code, str(path.resolve()))
        if fmt == "json":
            text = copy_json(copy) + "\n"
        else:
            from recoverykit.render.client_copy import client_copy_html

            text = client_copy_html(copy)
        write_new(path, text)
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


def _register_retention(app: typer.Typer) -> None:
    retention = group(
        app,
        "retention",
        "Lagringstid: slett klienter når alle forløp er avsluttet for lenge siden.",
        "Retention: erase clients whose episodes all closed long ago.",
    )

    @command(
        retention,
        "set",
        "Sett lagringstid for avsluttede forløp.",
        "Set the retention of closed episodes.",
    )
    def set_(
        years: int = typer.Option(
            ..., "--closed-episodes-after", metavar="YEARS", help=tr("Antall år.", "Years.")
        ),
    ) -> None:
        from recoverykit.services.client_data import set_retention

        n = set_retention(store(), years)
        echo(
            t(
                "Klienter slettes {n} år etter at siste forløp ble avsluttet (kjør «recoverykit retention run»).",
                "Clients are erased {n} years after their last episode closed (run 'recoverykit retention run').",
                n=n,
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
        if r.years is None:
            echo(
                tr(
                    "Ingen lagringstid er satt; ingenting slettet (se «recoverykit retention set»).",
                    "No retention is set; nothing erased (see 'recoverykit retention set').",
                )
            )
            return
        echo(
            t(
                "Slettet {c} klienter ({n} rader) med alle forløp avsluttet før {d}.",
                "Erased {c} clients ({n} rows) whose episodes all closed before {d}.",
                c=r.clients,
                n=r.rows,
                d=r.before.strftime("%d.%m.%Y") if r.before else "",
            )
        )
