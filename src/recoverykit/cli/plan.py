"""``recoverykit plan``: implementation plans, their measures and the status view."""

from __future__ import annotations

import typer

from recoverykit import clock
from recoverykit.cli.common import check_format, command, echo, format_option, group, store
from recoverykit.i18n import t, tr


def register(app: typer.Typer) -> None:
    plan = group(
        app,
        "plan",
        "Implementeringsplaner og tiltak. Planer har et nummer (se «plan list»); tiltak "
        "adresseres med plan og tiltaksnummer, f.eks. «plan measure set 2 4 --status done».",
        "Implementation plans and measures. Plans have a number (see 'plan list'); measures "
        "are addressed by plan and measure number, e.g. 'plan measure set 2 4 --status done'.",
    )

    @command(
        plan,
        "import",
        "Importer en hel plan fra en YAML-fil (format: docs/plan-format.md).",
        "Import a whole plan from a YAML file (format: docs/plan-format.md).",
    )
    def import_(
        file: str = typer.Argument(
            ..., metavar="FILE.yaml", help=tr("Planfilen.", "The plan file.")
        ),
        update: bool = typer.Option(
            False,
            "--update",
            help=tr(
                "Oppdater en plan som alt er importert (samme tittel), tiltak for tiltak etter "
                "nummer, og si hva som ble endret.",
                "Update a plan already imported (same title), measure by measure number, and "
                "say what changed.",
            ),
        ),
    ) -> None:
        from recoverykit.services.plans import import_plan

        if update:
            from recoverykit.cli.corrections import print_plan_update
            from recoverykit.services.record_corrections import update_plan

            print_plan_update(*update_plan(store(), file))
            return
        p, n = import_plan(store(), file)
        echo(
            t(
                "Importerte plan {i}: {ti} ({n} tiltak).",
                "Imported plan {i}: {ti} ({n} measures).",
                i=p.id,
                ti=p.title,
                n=n,
            )
        )

    @command(plan, "add", "Legg til en tom plan.", "Add an empty plan.")
    def add(
        title: str = typer.Argument(..., help=tr("Planens tittel.", "The plan's title.")),
        unit: str = typer.Option(
            ..., "--unit", help=tr("Enheten planen gjelder.", "The unit the plan is for.")
        ),
        adopted_by: str = typer.Option(
            None, "--adopted-by", help=tr("Hvem som vedtok planen.", "Who adopted the plan.")
        ),
        adopted_on: str = typer.Option(
            None, "--adopted-on", metavar="DATE", help=tr("Vedtaksdato.", "Date of adoption.")
        ),
        period: str = typer.Option(
            None, "--period", help=tr("Halvår, f.eks. 2026H1.", "Half-year, e.g. 2026H1.")
        ),
        start: str = typer.Option(
            None, "--from", metavar="DATE", help=tr("Periodens start.", "Start of the period.")
        ),
        end: str = typer.Option(
            None, "--to", metavar="DATE", help=tr("Periodens slutt.", "End of the period.")
        ),
    ) -> None:
        from recoverykit.services.plans import add_plan

        p = add_plan(
            store(),
            title,
            unit=unit,
            adopted_by=adopted_by,
            adopted_on=adopted_on,
            period=period,
            start=start,
            end=end,
        )
        echo(t("La til plan {i}: {ti}.", "Added plan {i}: {ti}.", i=p.id, ti=p.title))

    @command(plan, "list", "Vis planene.", "List the plans.")
    def list_(fmt: str = format_option()) -> None:
        from recoverykit.render.output import Column, print_rows
        from recoverykit.services.plans import list_plans, show_date

        check_format(fmt)
        rows = []
        for s in list_plans(store()):
            p = s.plan
            rows.append(
                {
                    "id": p.id,
                    "title": p.title,
                    "adopted_by": p.adopted_by,
                    "adopted_on": p.adopted_on if fmt != "table" else show_date(p.adopted_on),
                    "period": p.period_label(),
                    "measures": s.progress.total,
                    "carried_out": s.progress.carried_out,
                    "counted": s.progress.counted,
                    "progress": f"{s.progress.carried_out}/{s.progress.counted}",
                    "overdue": s.progress.overdue,
                }
            )
        table = fmt == "table"
        columns = [
            Column("id", "ID", justify="right"),
            Column("title", tr("Tittel", "Title")),
            Column("adopted_by", tr("Vedtatt av", "Adopted by")),
            Column("adopted_on", tr("Vedtatt", "Adopted")),
            Column("period", tr("Periode", "Period")),
            *(
                [Column("progress", tr("Gjennomført", "Done"), justify="right")]
                if table
                else [
                    Column("measures", tr("Tiltak", "Measures")),
                    Column("carried_out", tr("Gjennomført", "Carried out")),
                    Column("counted", tr("Telles med", "Counted")),
                ]
            ),
            Column("overdue", tr("Over frist", "Overdue"), justify="right"),
        ]
        print_rows(
            rows,
            columns,
            fmt,
            empty=tr(
                "Ingen planer ennå. Importer en med «recoverykit plan import FIL.yaml».",
                "No plans yet. Import one with 'recoverykit plan import FILE.yaml'.",
            ),
        )

    @command(
        plan,
        "status",
        "Status for planene: tiltak, ansvar, frist, status, siste notat (recovery-hjørnet).",
        "Status of the plans: measures, responsible, due, status, latest note (recovery corner).",
    )
    def status(
        plan_id: str = typer.Option(
            None, "--plan", metavar="ID", help=tr("Vis bare denne planen.", "Show only this plan.")
        ),
        fmt: str = format_option(),
    ) -> None:

        from recoverykit.render.plans import print_plan_status
        from recoverykit.services.plans import plan_status

        check_format(fmt)
        today = clock.today()
        print_plan_status(plan_status(store(), plan_id, today), fmt, today)

    from recoverykit.cli.plan_measure import register_measure

    register_measure(plan)

    from recoverykit.cli.corrections import plan_corrections

    plan_corrections(plan)
