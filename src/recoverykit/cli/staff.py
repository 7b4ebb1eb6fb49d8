"""``recoverykit staff``: competence — who has read the booklet and taken the courses."""

from __future__ import annotations

import typer

from recoverykit.cli.common import check_format, command, echo, format_option, group, store
from recoverykit.cli.staff_access import login_option, register_staff_access
from recoverykit.i18n import t, tr


def _name_arg() -> str:
    return typer.Argument(..., help=tr("Den ansattes navn.", "The staff member's name."))  # type: ignore[no-any-return]


def _date_opt() -> str:
    return typer.Option(  # type: ignore[no-any-return]
        None, "--date", metavar="DATE", help=tr("Dato (standard i dag).", "Date (default today).")
    )


def listing(items: list[str], fmt: str) -> str | list[str]:
    """A list of names: one cell in a table (``, ``) or CSV (``; ``), a list in JSON."""
    if fmt == "json":
        return items
    return (", " if fmt == "table" else "; ").join(items) or ("–" if fmt == "table" else "")


def register(app: typer.Typer) -> None:
    staff = group(
        app,
        "staff",
        "Ansatte og minste felles kunnskapsgrunnlag: lest hefte, tatt kurs, dekning.",
        "Staff and required reading: booklet read, courses taken, coverage.",
    )

    @command(staff, "add", "Legg til en ansatt.", "Add a staff member.")
    def add(
        name: str = _name_arg(),
        dept: str = typer.Option(..., "--dept", help=tr("Avdelingens kode.", "Department code.")),
        role: str = typer.Option(None, "--role", help=tr("Rolle/stilling.", "Role or position.")),
        peer_worker: bool = typer.Option(
            False,
            "--peer-worker",
            help=tr("Erfaringskonsulent.", "Peer worker (lived experience)."),
        ),
        started: str = typer.Option(
            None, "--started", metavar="DATE", help=tr("Startdato.", "Start date.")
        ),
        login: str = login_option(),
    ) -> None:
        from recoverykit.services.staff import add_staff

        if login is not None:
            from recoverykit.services.access_admin import check_new_login

            check_new_login(store(), login)
        s = add_staff(store(), name, dept=dept, role=role, peer_worker=peer_worker, started=started)
        if login is not None:
            from recoverykit.services.access_admin import set_staff

            set_staff(store(), s.name, login=login)
        echo(t("La til {n} i {d}.", "Added {n} to {d}.", n=s.name, d=s.dept_code))

    @command(staff, "read", "Registrer at en ansatt har lest et dokument.", "Record a reading.")
    def read(
        name: str = _name_arg(),
        doc: str = typer.Argument(
            ...,
            help=tr(
                "Dokumentet: nummeret eller kort-id fra «staff require», eller tittelen "
                "(store/små bokstaver, bindestreker og anførselstegn spiller ingen rolle).",
                "The document: its number or short id from 'staff require', or the title "
                "(case, dashes and quotes do not matter).",
            ),
        ),
        on: str = _date_opt(),
    ) -> None:
        from recoverykit.cli.common import err
        from recoverykit.domain.coverage import ActivityKind
        from recoverykit.services.staff import record_activity

        r = record_activity(store(), name, ActivityKind.READ, doc, on)
        echo(
            t(
                "Registrerte at {n} har lest «{i}».",
                "Recorded that {n} read '{i}'.",
                n=r.staff.name,
                i=r.item,
            )
        )
        if r.matched is None and r.closest is not None:
            err(
                t(
                    "Advarsel: «{i}» er ikke et av enhetens krav og teller ikke i dekningen; "
                    "mente du {k}. «{c}» (id {s})?",
                    "Warning: '{i}' is not one of the unit's requirements and does not count "
                    "in the coverage; did you mean {k}. '{c}' (id {s})?",
                    i=r.item,
                    k=r.closest_number,
                    c=r.closest.item,
                    s=r.closest_id,
                )
            )

    @command(staff, "train", "Registrer et kurs en ansatt har tatt.", "Record a course taken.")
    def train(
        name: str = _name_arg(),
        course: str = typer.Argument(
            ...,
            help=tr(
                "Kurset, f.eks. MI (motiverende intervju) eller FIT.",
                "The course, e.g. MI (motivational interviewing) or FIT.",
            ),
        ),
        on: str = _date_opt(),
    ) -> None:
        from recoverykit.domain.coverage import ActivityKind
        from recoverykit.services.staff import record_activity

        s = record_activity(store(), name, ActivityKind.COURSE, course, on).staff
        echo(
            t(
                "Registrerte at {n} har tatt kurset «{i}».",
                "Recorded that {n} took the course '{i}'.",
                n=s.name,
                i=course.strip(),
            )
        )

    @command(
        staff,
        "leave",
        "Registrer at en ansatt har sluttet (historikken beholdes).",
        "Record that someone left (their history is kept).",
    )
    def leave(
        name: str = _name_arg(),
        on: str = typer.Option(
            ..., "--date", metavar="DATE", help=tr("Siste dag + 1.", "Date left.")
        ),
    ) -> None:
        from recoverykit.services.plans import show_date
        from recoverykit.services.staff import leave as leave_staff

        s = leave_staff(store(), name, on)
        echo(t("{n} sluttet {d}.", "{n} left on {d}.", n=s.name, d=show_date(s.left_on)))

    @command(staff, "list", "Vis de ansatte.", "List the staff.")
    def list_(
        dept: str = typer.Option(None, "--dept", help=tr("Bare én avdeling.", "One department.")),
        include_left: bool = typer.Option(
            False, "--all", help=tr("Ta med dem som har sluttet.", "Include those who left.")
        ),
        fmt: str = format_option(),
    ) -> None:
        from recoverykit.domain.coverage import ActivityKind
        from recoverykit.render.output import Column, print_rows
        from recoverykit.services.plans import show_date
        from recoverykit.services.staff import list_staff

        check_format(fmt)
        table = fmt == "table"
        rows = []
        for s, records in list_staff(store(), dept, include_left=include_left):
            read = [r.item for r in records if r.kind == ActivityKind.READ]
            courses = [r.item for r in records if r.kind == ActivityKind.COURSE]
            rows.append(
                {
                    "name": s.name,
                    "dept": s.dept_code,
                    "role": s.role,
                    "peer_worker": (tr("ja", "yes") if s.peer_worker else "–")
                    if table
                    else s.peer_worker,
                    "left_on": show_date(s.left_on) if table else s.left_on,
                    "read": listing(read, fmt),
                    "courses": listing(courses, fmt),
                }
            )
        columns = [
            Column("name", tr("Navn", "Name")),
            Column("dept", tr("Avdeling", "Department")),
            Column("role", tr("Rolle", "Role")),
            Column("peer_worker", tr("Erfaringskonsulent", "Peer worker")),
            *([Column("left_on", tr("Sluttet", "Left"))] if include_left or not table else []),
            Column("read", tr("Lest", "Read")),
            Column("courses", tr("Kurs", "Courses")),
        ]
        print_rows(
            rows,
            columns,
            fmt,
            empty=tr(
                "Ingen ansatte her. Legg til med «recoverykit staff add NAVN --dept AVD».",
                "No staff here. Add with 'recoverykit staff add NAME --dept DEPT'.",
            ),
        )

    @command(
        staff,
        "require",
        "Vis eller endre hva alle må ha lest eller tatt (standard: recoveryheftet).",
        "Show or change what everyone must have read or taken (default: the recovery booklet).",
    )
    def require(
        doc: str = typer.Option(
            None, "--doc", help=tr("Et påkrevd dokument.", "A required document.")
        ),
        course: str = typer.Option(
            None, "--course", help=tr("Et påkrevd kurs.", "A required course.")
        ),
        remove: bool = typer.Option(
            False, "--remove", help=tr("Fjern kravet i stedet.", "Remove the requirement instead.")
        ),
    ) -> None:
        from recoverykit.domain.coverage import numbered
        from recoverykit.services.staff import change_requirements

        for number, short, req in numbered(
            change_requirements(store(), doc=doc, course=course, remove=remove)
        ):
            echo(f"{number}. {req.label()} (id: {short})")

    @command(
        staff,
        "coverage",
        "Hvor mange i hver avdeling som har lest heftet og tatt kursene (antall og andel).",
        "How many in each department have read the booklet and taken the courses.",
    )
    def coverage(
        dept: str = typer.Option(None, "--dept", help=tr("Bare én avdeling.", "One department.")),
        doc: str = typer.Option(None, "--doc", help=tr("Dette dokumentet.", "This document.")),
        course: str = typer.Option(None, "--course", help=tr("Dette kurset.", "This course.")),
        fmt: str = format_option(),
    ) -> None:
        from recoverykit.render.output import Column, print_rows
        from recoverykit.services.staff import coverage as compute

        check_format(fmt)
        table = fmt == "table"
        rows = []
        for report in compute(store(), dept=dept, doc=doc, course=course):
            for c in [*report.departments, report.total]:
                share = c.share
                rows.append(
                    {
                        "requirement": str(report.requirement.label())
                        if table
                        else report.requirement.item,
                        "kind": report.requirement.kind.value,
                        "dept": tr("Hele enheten", "Whole unit")
                        if c.department == "*" and table
                        else c.department,
                        "active": c.active,
                        "covered": c.covered,
                        "share": (
                            ("–" if share is None else f"{round(100 * share)} %")
                            if table
                            else (None if share is None else round(share, 3))
                        ),
                        # names only for one department (--dept); the overview shows counts,
                        # so it never reads as a list of named people beside a gap
                        "missing": listing(list(c.missing), fmt)
                        if dept or not table
                        else str(len(c.missing)),
                    }
                )
        columns = [
            Column("requirement", tr("Krav", "Requirement")),
            *([] if table else [Column("kind", "kind")]),
            Column("dept", tr("Avdeling", "Department")),
            Column("active", tr("Ansatte", "Staff"), justify="right"),
            Column("covered", tr("Oppfylt", "Done"), justify="right"),
            Column("share", tr("Andel", "Share"), justify="right"),
            Column("missing", tr("Ikke registrert ennå", "Not recorded yet")),
        ]
        print_rows(rows, columns, fmt)

    from recoverykit.cli.corrections import staff_corrections

    staff_corrections(staff)
    register_staff_access(staff)
