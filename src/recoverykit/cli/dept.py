"""``recoverykit dept``: the unit's departments (the pattern every command group follows)."""

from __future__ import annotations

import typer

from recoverykit.cli.common import check_format, command, echo, format_option, group, store
from recoverykit.i18n import t, tr


def register(app: typer.Typer) -> None:
    dept = group(
        app, "dept", "Avdelinger og recoverykontakter.", "Departments and recovery contacts."
    )

    @command(dept, "add", "Legg til en avdeling.", "Add a department.")
    def add(
        code: str = typer.Argument(
            ..., help=tr("Kort kode, f.eks. BOLIG.", "Short code, e.g. BOLIG.")
        ),
        name: str = typer.Argument(..., help=tr("Avdelingens navn.", "The department's name.")),
        recovery_contact: str = typer.Option(
            None,
            "--recovery-contact",
            help=tr("Avdelingens recoverykontakt.", "The department's recovery contact."),
        ),
    ) -> None:
        from recoverykit.services.departments import add_department

        d = add_department(store(), code, name, recovery_contact)
        echo(t("La til avdeling {c} ({n}).", "Added department {c} ({n}).", c=d.code, n=d.name))

    @command(dept, "list", "Vis avdelingene.", "List the departments.")
    def list_(fmt: str = format_option()) -> None:
        from recoverykit.render.output import Column, print_rows
        from recoverykit.services.departments import list_departments

        check_format(fmt)
        rows = [vars(d) for d in list_departments(store())]
        columns = [
            Column("code", tr("Kode", "Code"), style="bold"),
            Column("name", tr("Navn", "Name")),
            Column("recovery_contact", tr("Recoverykontakt", "Recovery contact")),
        ]
        print_rows(
            rows,
            columns,
            fmt,
            empty=tr(
                "Ingen avdelinger ennå. Legg til med «recoverykit dept add KODE NAVN».",
                "No departments yet. Add one with 'recoverykit dept add CODE NAME'.",
            ),
        )

    @command(
        dept,
        "set",
        "Endre kode, navn eller recoverykontakt.",
        "Change code, name or recovery contact.",
    )
    def set_(
        code: str = typer.Argument(..., help=tr("Avdelingens kode.", "The department's code.")),
        new_code: str = typer.Option(None, "--code", help=tr("Ny kode.", "New code.")),
        name: str = typer.Option(None, "--name", help=tr("Nytt navn.", "New name.")),
        recovery_contact: str = typer.Option(
            None, "--recovery-contact", help=tr("Ny recoverykontakt.", "New recovery contact.")
        ),
        clear_recovery_contact: bool = typer.Option(
            False,
            "--clear-recovery-contact",
            help=tr("Fjern recoverykontakten.", "Remove the recovery contact."),
        ),
    ) -> None:
        from recoverykit.services.departments import set_department

        d = set_department(
            store(),
            code,
            new_code=new_code,
            name=name,
            recovery_contact=recovery_contact,
            clear_recovery_contact=clear_recovery_contact,
        )
        contact = d.recovery_contact or "–"
        echo(
            t(
                "Oppdaterte avdeling {c}: {n}, recoverykontakt {r}.",
                "Updated department {c}: {n}, recovery contact {r}.",
                c=d.code,
                n=d.name,
                r=contact,
            )
        )

    @command(
        dept,
        "remove",
        "Fjern en avdeling som ikke er i bruk.",
        "Remove a department that is not in use.",
    )
    def remove(
        code: str = typer.Argument(..., help=tr("Avdelingens kode.", "The department's code.")),
    ) -> None:
        from recoverykit.services.departments import remove_department

        d = remove_department(store(), code)
        echo(t("Fjernet avdeling {c}.", "Removed department {c}.", c=d.code))
