"""``recoverykit share``: the sharing culture — what a department shared, where and when."""

from __future__ import annotations

import typer

from recoverykit.cli.common import check_format, command, echo, format_option, group, store
from recoverykit.i18n import t, tr


def register(app: typer.Typer) -> None:
    share = group(
        app,
        "share",
        "Delekultur: hva avdelingene har delt («dette er vi gode til»).",
        "Sharing culture: what the departments have shared ('what we are good at').",
    )

    @command(share, "add", "Registrer noe en avdeling delte.", "Record what a department shared.")
    def add(
        dept: str = typer.Argument(..., help=tr("Avdelingens kode.", "The department's code.")),
        text: str = typer.Argument(..., help=tr("Hva som ble delt.", "What was shared.")),
        where: str = typer.Option(
            None, "--where", help=tr("Hvor, f.eks. Pulsen.", "Where, e.g. the intranet.")
        ),
        on: str = typer.Option(
            None,
            "--date",
            metavar="DATE",
            help=tr("Dato (standard i dag).", "Date (default today)."),
        ),
    ) -> None:
        from recoverykit.services.sharing import add_share

        s = add_share(store(), dept, text, where=where, on=on)
        echo(t("Registrerte deling fra {d}.", "Recorded sharing from {d}.", d=s.dept_code))

    @command(share, "list", "Vis hva som er delt.", "List what has been shared.")
    def list_(
        dept: str = typer.Option(None, "--dept", help=tr("Bare én avdeling.", "One department.")),
        fmt: str = format_option(),
    ) -> None:
        from recoverykit.render.output import Column, print_rows
        from recoverykit.services.plans import show_date
        from recoverykit.services.sharing import list_shares

        check_format(fmt)
        table = fmt == "table"
        rows = [
            {
                "date": show_date(s.shared_on) if table else s.shared_on,
                "dept": s.dept_code,
                "recovery_contact": s.recovery_contact,
                "text": s.text,
                "where": s.place,
            }
            for s in list_shares(store(), dept)
        ]
        columns = [
            Column("date", tr("Dato", "Date")),
            Column("dept", tr("Avdeling", "Department")),
            Column("recovery_contact", tr("Recoverykontakt", "Recovery contact")),
            Column("text", tr("Hva", "What")),
            Column("where", tr("Hvor", "Where")),
        ]
        print_rows(
            rows,
            columns,
            fmt,
            empty=tr(
                "Ingenting delt ennå. Registrer med «recoverykit share add AVD TEKST».",
                "Nothing shared yet. Record with 'recoverykit share add DEPT TEXT'.",
            ),
        )

    from recoverykit.cli.corrections import share_corrections

    share_corrections(share)
