"""``recoverykit history``: the corrections kept in the record (before and after, who, when)."""

from __future__ import annotations

import typer

from recoverykit.cli.common import check_format, command, format_option, store
from recoverykit.i18n import tr


def register(app: typer.Typer) -> None:
    @command(
        app,
        "history",
        "Rettelser og slettinger med hva det var før og etter, hvem og når.",
        "Corrections and removals with what it was before and after, who and when.",
    )
    def history(
        kind: str = typer.Option(
            None,
            "--kind",
            metavar="KIND",
            help=tr(
                "Bare denne typen: fit_session, fit_client, fit_episode, plan, measure, goal, "
                "goal_result, share eller staff.",
                "Only this kind: fit_session, fit_client, fit_episode, plan, measure, goal, "
                "goal_result, share or staff.",
            ),
        ),
        fmt: str = format_option(),
    ) -> None:
        from recoverykit.render.output import Column, print_rows
        from recoverykit.services.corrections import history as load

        check_format(fmt)
        rows = [
            {
                "at": str(r["at"])[:19],
                "actor": r["actor"],
                "kind": r["kind"],
                "action": r["action"],
                "target": r["target"],
                "before": r["before_json"] or "",
                "after": r["after_json"] or "",
            }
            for r in load(store(), kind)
        ]
        columns = [
            Column("at", tr("Når (UTC)", "When (UTC)")),
            Column("actor", tr("Hvem", "Who")),
            Column("kind", tr("Type", "Kind")),
            Column("action", tr("Handling", "Action")),
            Column("target", tr("Hva", "What")),
            Column("before", tr("Før", "Before")),
            Column("after", tr("Etter", "After")),
        ]
        print_rows(rows, columns, fmt)
