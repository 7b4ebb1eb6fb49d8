"""``staff set`` and ``staff resolve``: a staff member's details and login, and clinician names
that match no staff member (registered under the ``staff`` group by :mod:`recoverykit.cli.staff`)."""

from __future__ import annotations

import typer

from recoverykit.cli.common import command, echo, store
from recoverykit.i18n import t, tr


def login_option() -> str:
    return typer.Option(  # type: ignore[no-any-return]
        None,
        "--login",
        metavar="LOGIN",
        help=tr(
            "Brukernavnet (PostgreSQL-bruker eller OS-bruker) som hører til den ansatte.",
            "The login (PostgreSQL role or OS user) of this staff member.",
        ),
    )


def register_staff_access(staff: typer.Typer) -> None:
    @command(
        staff,
        "set",
        "Endre navn, avdeling, rolle, start eller brukernavn for en ansatt.",
        "Change a staff member's name, department, role, start or login.",
    )
    def set_(
        name: str = typer.Argument(..., help=tr("Den ansattes navn.", "The staff member's name.")),
        new_name: str = typer.Option(None, "--name", help=tr("Nytt navn.", "New name.")),
        dept: str = typer.Option(None, "--dept", help=tr("Avdelingens kode.", "Department code.")),
        role: str = typer.Option(None, "--role", help=tr("Rolle/stilling.", "Role or position.")),
        peer_worker: bool = typer.Option(
            None,
            "--peer-worker/--no-peer-worker",
            help=tr("Erfaringskonsulent.", "Peer worker (lived experience)."),
        ),
        started: str = typer.Option(
            None, "--started", metavar="DATE", help=tr("Startdato.", "Start date.")
        ),
        login: str = login_option(),
        no_login: bool = typer.Option(
            False, "--no-login", help=tr("Fjern brukernavnet.", "Remove the login.")
        ),
    ) -> None:
        from recoverykit.services.access_admin import set_staff

        s = set_staff(
            store(),
            name,
            new_name=new_name,
            dept=dept,
            role=role,
            peer_worker=peer_worker,
            started=started,
            login=login,
            no_login=no_login,
        )
        echo(t("Oppdaterte {n} ({d}).", "Updated {n} ({d}).", n=s.name, d=s.dept_code))

    @command(
        staff,
        "resolve",
        "Flytt klienter fra et fagpersonnavn uten ansatt til en ansatt.",
        "Move clients from a clinician name with no staff member to a staff member.",
    )
    def resolve(
        spelling: str = typer.Argument(
            ..., help=tr("Navnet slik det står på klientene.", "The name as the clients have it.")
        ),
        as_: str = typer.Option(..., "--as", help=tr("Den ansatte.", "The staff member.")),
    ) -> None:
        from recoverykit.services.access_admin import resolve_clinician

        s, n = resolve_clinician(store(), spelling, as_)
        echo(t("{k} klient(er) står nå på {n}.", "{k} client(s) now belong to {n}.", k=n, n=s.name))
