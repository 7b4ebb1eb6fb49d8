"""``recoverykit goals``: the departments' measurable goals ("målbare mål") per half-year."""

from __future__ import annotations

import typer

from recoverykit.cli.common import check_format, command, echo, format_option, group, store
from recoverykit.i18n import t, tr


def _id_arg() -> str:
    return typer.Argument(  # type: ignore[no-any-return]
        ...,
        metavar="ID",
        help=tr("Målets ID (se «goals list»).", "The goal's id (see 'goals list')."),
    )


def _date_opt() -> str:
    return typer.Option(  # type: ignore[no-any-return]
        None, "--date", metavar="DATE", help=tr("Dato (standard i dag).", "Date (default today).")
    )


def register(app: typer.Typer) -> None:
    goals = group(
        app,
        "goals",
        "Avdelingenes målbare mål: ett eller to per halvår, målt, evaluert og delt.",
        "The departments' measurable goals: one or two per half-year, measured, evaluated "
        "and shared.",
    )

    @command(
        goals,
        "add",
        "Legg til et målbart mål for en avdeling og et halvår (høyst to uten --force).",
        "Add a measurable goal for a department and half-year (at most two without --force).",
    )
    def add(
        dept: str = typer.Argument(..., help=tr("Avdelingens kode.", "The department's code.")),
        period: str = typer.Argument(
            ..., help=tr("Halvår: 2026H1, 2026-1, «1. halvår 2026».", "Half-year: 2026H1, 2026-1.")
        ),
        text: str = typer.Argument(..., help=tr("Hva dere vil forbedre.", "What to improve.")),
        indicator: str = typer.Option(
            ..., "--indicator", help=tr("Hvordan det måles.", "How it is measured.")
        ),
        unit: str = typer.Option(None, "--unit", help=tr("Måleenhet, f.eks. %.", "Unit, e.g. %.")),
        baseline: str = typer.Option(
            None, "--baseline", metavar="N", help=tr("Utgangspunkt.", "Baseline.")
        ),
        target: str = typer.Option(None, "--target", metavar="N", help=tr("Mål.", "Target.")),
        force: bool = typer.Option(
            False, "--force", help=tr("Tillat et tredje mål.", "Allow a third goal.")
        ),
    ) -> None:
        from recoverykit.services.goals import add_goal

        g = add_goal(
            store(),
            dept,
            period,
            text,
            indicator=indicator,
            unit=unit,
            baseline=baseline,
            target=target,
            force=force,
        )
        echo(
            t(
                "La til mål {i} for {d}, {p}.",
                "Added goal {i} for {d}, {p}.",
                i=g.id,
                d=g.dept_code,
                p=g.period.label(),
            )
        )

    @command(goals, "reading", "Registrer en måling av indikatoren.", "Record a reading.")
    def reading(
        goal: str = _id_arg(),
        value: str = typer.Argument(..., help=tr("Verdien (7,5 eller 7.5).", "The value.")),
        on: str = _date_opt(),
    ) -> None:
        from recoverykit.render.goals import number
        from recoverykit.services.goals import add_reading

        g, recorded = add_reading(store(), goal, value, on)
        echo(
            t(
                "Registrerte måling for mål {i}: {v}.",
                "Recorded a reading for goal {i}: {v}.",
                i=g.id,
                v=number(recorded),
            )
        )

    @command(goals, "result", "Skriv hvordan det gikk.", "Record how it went.")
    def result(
        goal: str = _id_arg(),
        text: str = typer.Argument(..., help=tr("Hvordan det gikk.", "How it went.")),
        outcome: str = typer.Option(
            ..., "--outcome", metavar="met|partly|not-met", help=tr("Resultat.", "Outcome.")
        ),
        on: str = _date_opt(),
        replace: bool = typer.Option(
            False,
            "--replace",
            help=tr(
                "Erstatt et resultat som alt er registrert (det gamle tas vare på i historikken).",
                "Replace a result already recorded (the old one is kept in the history).",
            ),
        ),
    ) -> None:
        from recoverykit.domain.goals import outcome_label
        from recoverykit.services.goals import set_result

        g, replaced = set_result(store(), goal, text, outcome, on, replace=replace)
        assert g.outcome is not None
        echo(
            t(
                "Mål {i}: {o}.",
                "Goal {i}: {o}.",
                i=g.id,
                o=outcome_label(g.outcome),
            )
        )
        if replaced:
            echo(
                t(
                    "Erstattet det forrige resultatet; det er tatt vare på i historikken "
                    "(«recoverykit history --kind goal_result»).",
                    "Replaced the previous result; it is kept in the history "
                    "('recoverykit history --kind goal_result').",
                )
            )

    @command(
        goals,
        "shared",
        "Registrer hvor målet ble delt (intranett, internundervisning, møte).",
        "Record where the goal was shared (intranet, Wednesday teaching, meeting).",
    )
    def shared(
        goal: str = _id_arg(),
        where: str = typer.Option(..., "--where", help=tr("Hvor det ble delt.", "Where.")),
        on: str = _date_opt(),
    ) -> None:
        from recoverykit.services.goals import add_goal_share

        g = add_goal_share(store(), goal, where, on)
        echo(t("Registrerte deling av mål {i}.", "Recorded sharing of goal {i}.", i=g.id))

    @command(
        goals,
        "list",
        "Vis målene med fremgang, og hvilke avdelinger som mangler mål.",
        "List the goals with progress, and which departments have no goal yet.",
    )
    def list_(
        period: str = typer.Option(
            None, "--period", help=tr("Halvår (standard: alle).", "Half-year (default: all).")
        ),
        dept: str = typer.Option(None, "--dept", help=tr("Bare én avdeling.", "One department.")),
        fmt: str = format_option(),
    ) -> None:
        from recoverykit.render.goals import print_goals
        from recoverykit.services.goals import goals_overview

        check_format(fmt)
        print_goals(goals_overview(store(), period, dept), fmt)

    from recoverykit.cli.corrections import goals_corrections

    goals_corrections(goals)
