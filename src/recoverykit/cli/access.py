"""``recoverykit access``, ``audit``, ``client`` and ``retention``: who may see what, who saw it,
a client's own copy, erasure and retention."""

from __future__ import annotations

from pathlib import Path

import typer

from recoverykit.cli.common import (
    check_format,
    command,
    echo,
    format_option,
    group,
    store,
)
from recoverykit.errors import InvalidInput
from recoverykit.i18n import t, tr


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
    """Write ``text`` to a new file, mode 0600, through the one atomic writer (client-level)."""
    from recoverykit.files import write_text

    write_text(path, text, private=True, field="--out")


def register(app: typer.Typer) -> None:
    from recoverykit.cli.audit import register_audit
    from recoverykit.cli.client import register_client, register_retention

    _register_access(app)
    register_audit(app)
    register_client(app)
    register_retention(app)


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
