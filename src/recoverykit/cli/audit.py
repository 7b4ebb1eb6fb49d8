"""``recoverykit audit``: the access log (leaders and admins)."""

from __future__ import annotations

import typer

from recoverykit.cli.access import new_file, write_new
from recoverykit.cli.common import (
    check_choice,
    check_format,
    command,
    echo,
    format_option,
    group,
    store,
)
from recoverykit.i18n import t, tr

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


def register_audit(app: typer.Typer) -> None:
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
        from recoverykit.render.output import Column, format_rows
        from recoverykit.services.audit import entries

        check_choice("--format", fmt, ("csv", "json"))
        path = new_file(out)
        rows = entries(store(), since=since, action="audit.export", path=str(path.resolve()))
        columns = [Column(k, tr(nb, en)) for k, nb, en in AUDIT_COLUMNS]
        text = format_rows(_audit_rows(rows, fmt), columns, fmt)
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
