"""``recoverykit plan measure``: a plan's numbered measures and their dated log."""

from __future__ import annotations

import typer

from recoverykit import clock
from recoverykit.cli.common import check_format, command, echo, format_option, group, store
from recoverykit.i18n import t, tr


def _plan_arg() -> str:
    return typer.Argument(..., metavar="PLAN", help=tr("Planens ID.", "The plan's id."))  # type: ignore[no-any-return]


def _number_arg() -> str:
    return typer.Argument(  # type: ignore[no-any-return]
        ...,
        metavar="NUMBER",
        help=tr("Tiltaksnummer, f.eks. 4 eller 2a.", "Measure number, e.g. 4 or 2a."),
    )


def register_measure(plan: typer.Typer) -> None:
    measure = group(plan, "measure", "Tiltakene i en plan.", "A plan's measures.")

    @command(measure, "add", "Legg til et tiltak i en plan.", "Add a measure to a plan.")
    def add(
        plan_id: str = _plan_arg(),
        text: str = typer.Argument(..., help=tr("Hva tiltaket er.", "What the measure is.")),
        responsible: str = typer.Option(
            ...,
            "--responsible",
            help=tr("Ansvarlig rolle (flere med komma).", "Responsible role (several: commas)."),
        ),
        due: str = typer.Option(None, "--due", metavar="DATE", help=tr("Frist.", "Due date.")),
        focus: str = typer.Option(
            None, "--focus", help=tr("Fokusområdets ID.", "The focus area's id.")
        ),
        number: str = typer.Option(
            None,
            "--number",
            help=tr("Nummer (standard: neste ledige).", "Number (default: the next free one)."),
        ),
        status: str = typer.Option(
            None, "--status", help=tr("Status (standard: planned).", "Status (default planned).")
        ),
    ) -> None:
        from recoverykit.services.plans import add_measure

        m = add_measure(
            store(),
            plan_id,
            text,
            responsible=responsible,
            due=due,
            focus=focus,
            number=number,
            status=status,
        )
        echo(
            t(
                "La til tiltak {n} i plan {p}.",
                "Added measure {n} to plan {p}.",
                n=m.number,
                p=m.plan_id,
            )
        )

    @command(
        measure,
        "set",
        "Endre status, notat, evaluering, frist eller ansvar; status og notat logges med dato.",
        "Change status, note, evaluation, due date or responsible; status and note are logged "
        "with a date.",
    )
    def set_(
        plan_id: str = _plan_arg(),
        number: str = _number_arg(),
        status: str = typer.Option(
            None,
            "--status",
            help=tr(
                "planned, in-progress, done, ongoing eller dropped (også norske ord).",
                "planned, in-progress, done, ongoing or dropped (Norwegian words too).",
            ),
        ),
        note: str = typer.Option(None, "--note", help=tr("Et notat til loggen.", "A log note.")),
        evaluation: str = typer.Option(
            None, "--evaluation", help=tr("Evaluering av tiltaket.", "Evaluation of the measure.")
        ),
        due: str = typer.Option(
            None, "--due", metavar="DATE", help=tr("Ny frist.", "New due date.")
        ),
        responsible: str = typer.Option(
            None, "--responsible", help=tr("Ny ansvarlig.", "New responsible.")
        ),
        on: str = typer.Option(
            None,
            "--date",
            metavar="DATE",
            help=tr("Dato i loggen (standard i dag).", "Date in the log (default today)."),
        ),
    ) -> None:
        from recoverykit.domain.plans import status_label
        from recoverykit.services.plans import set_measure

        before, after = set_measure(
            store(),
            plan_id,
            number,
            status=status,
            note=note,
            evaluation=evaluation,
            due=due,
            responsible=responsible,
            on=on,
        )
        if before.status != after.status:
            echo(
                t(
                    "Tiltak {n} i plan {p}: {a} → {b}.",
                    "Measure {n} of plan {p}: {a} → {b}.",
                    n=after.number,
                    p=after.plan_id,
                    a=status_label(before.status),
                    b=status_label(after.status),
                )
            )
        else:
            echo(
                t(
                    "Oppdaterte tiltak {n} i plan {p}.",
                    "Updated measure {n} of plan {p}.",
                    n=after.number,
                    p=after.plan_id,
                )
            )

    @command(measure, "list", "Vis en plans tiltak.", "List a plan's measures.")
    def list_(plan_id: str = _plan_arg(), fmt: str = format_option()) -> None:

        from recoverykit.domain.plans import status_label
        from recoverykit.render.output import Column, print_rows
        from recoverykit.services.plans import list_measures, show_date

        check_format(fmt)
        today = clock.today()
        _plan, measures = list_measures(store(), plan_id)
        table = fmt == "table"
        rows = [
            {
                "number": str(m.number),
                "text": m.text,
                "responsible": m.responsible,
                "due": show_date(m.due) if table else m.due,
                "status": status_label(m.status) if table else m.status.value,
                "overdue": m.overdue(today),
                "focus": m.focus,
                "latest_note": m.latest_note,
                "evaluation": m.evaluation,
            }
            for m in measures
        ]
        yes_no = (tr("ja", "yes"), "")
        columns = [
            Column("number", tr("Nr.", "No."), justify="right"),
            Column("text", tr("Tiltak", "Measure")),
            Column("responsible", tr("Ansvarlig", "Responsible")),
            Column("due", tr("Frist", "Due")),
            Column("status", tr("Status", "Status")),
            Column("overdue", tr("Over frist", "Overdue"), render=lambda v: yes_no[0 if v else 1]),
            Column("focus", tr("Fokus", "Focus")),
            Column("latest_note", tr("Siste notat", "Latest note")),
            Column("evaluation", tr("Evaluering", "Evaluation")),
        ]
        print_rows(
            rows,
            columns,
            fmt,
            empty=tr(
                "Planen har ingen tiltak ennå. Legg til med «recoverykit plan measure add».",
                "The plan has no measures yet. Add one with 'recoverykit plan measure add'.",
            ),
        )

    @command(
        measure,
        "show",
        "Vis ett tiltak med evaluering og hele den daterte loggen.",
        "Show one measure with its evaluation and its whole dated log.",
    )
    def show(plan_id: str = _plan_arg(), number: str = _number_arg()) -> None:
        from recoverykit.domain.plans import status_label
        from recoverykit.services.plans import measure_log, show_date

        m, events = measure_log(store(), plan_id, number)
        echo(t("Tiltak {n} i plan {p}", "Measure {n} of plan {p}", n=m.number, p=m.plan_id))
        echo(m.text)
        echo(f"{tr('Ansvarlig', 'Responsible')}: {m.responsible or '–'}")
        echo(f"{tr('Frist', 'Due')}: {show_date(m.due)}")
        echo(f"{tr('Status', 'Status')}: {status_label(m.status)}")
        echo(f"{tr('Evaluering', 'Evaluation')}: {m.evaluation or '–'}")
        echo(f"{tr('Logg', 'Log')}:")
        if not events:
            echo("  –")
        for e in events:
            parts = []
            if e.new_status is not None:
                old = status_label(e.old_status) if e.old_status else "–"
                parts.append(f"{old} → {status_label(e.new_status)}")
            if e.note:
                parts.append(e.note)
            echo(f"  {show_date(e.on)}  " + ": ".join(parts))

    from recoverykit.cli.corrections import measure_corrections

    measure_corrections(measure)
