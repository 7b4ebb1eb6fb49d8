"""``recoverykit instrument``: the registry of questionnaires (INSPIRE, family feedback, ORS/SRS)."""

from __future__ import annotations

import typer

from recoverykit.cli.common import check_format, command, echo, format_option, group
from recoverykit.i18n import tr


def register(app: typer.Typer) -> None:
    inst = group(
        app,
        "instrument",
        "Spørreskjemaene recoverykit kjenner: kilde, lisens, ledd, skåring og grenser.",
        "The questionnaires recoverykit knows: source, licence, items, scoring and limits.",
    )

    @command(inst, "list", "Vis instrumentene.", "List the instruments.")
    def list_(fmt: str = format_option()) -> None:
        from recoverykit.cli.instruments_output import print_list
        from recoverykit.services.instruments import registry

        check_format(fmt)
        print_list(list(registry().values()), fmt)

    @command(
        inst,
        "show",
        "Vis ett instrument: kilde, lisens, ledd, delskalaer, skåringsregel, grenser.",
        "Show one instrument: source, licence, items, subscales, scoring rule, limits.",
    )
    def show(
        instrument: str = typer.Argument(
            ..., metavar="ID", help=tr("Instrumentets ID.", "The instrument's id.")
        ),
    ) -> None:
        from recoverykit.cli.instruments_output import show_lines
        from recoverykit.services.instruments import require_instrument

        for line in show_lines(require_instrument(instrument, "ID")):
            echo(line)
