"""``recoverykit survey``: questionnaires from the instrument registry (INSPIRE, family feedback).

ORS and SRS keep their own fast ``fit record``. Items are named by number and a short label of
recoverykit's own; the authors' wording is shown only where the instrument's licence allows it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import typer

from recoverykit.cli.common import (
    check_format,
    command,
    err,
    format_option,
    group,
    stdin_is_terminal,
    store,
)
from recoverykit.errors import InvalidInput
from recoverykit.i18n import t, tr

if TYPE_CHECKING:  # the registry's types; the module loads only when a survey is recorded
    from recoverykit.domain.instruments import Instrument


def ask_answers(inst: Instrument, ask: Callable[[str], str]) -> list[str]:
    """Ask item by item (like ``fit record``); a bad answer is explained and asked again."""
    from recoverykit.domain.idnumber import guard_text
    from recoverykit.domain.instruments import ScaleKind, parse_answer

    out: list[str] = []
    for item in inst.items:
        hints = []
        if item.scale.kind is ScaleKind.TEXT:
            hints.append(tr("fritekst, tom: hopp over", "free text, empty: skip"))
        else:
            hints.append(item.scale.describe())
            hints.append(tr("? = mangler", "? = missing"))
            if item.scale.not_applicable:
                hints.append(tr("na = ikke aktuelt", "na = not applicable"))
            if item.gated:
                hints.append(tr("- = ikke viktig for meg", "- = not important to me"))
        wording = f": {item.wording}" if inst.wording_shown and item.wording else ""
        prompt = f"{item.number}. {item.label}{wording} ({'; '.join(hints)})"
        while True:
            answer = ask(prompt)
            try:
                where = str(t("ledd {n}", "item {n}", n=item.number))
                guard_text(where, answer)
                parse_answer(where, item, answer)
            except InvalidInput as error:
                err(error)
                continue
            out.append(answer if answer.strip() else "?")
            break
    return out


def register(app: typer.Typer) -> None:
    survey = group(
        app,
        "survey",
        "Spørreskjema fra instrumentregisteret: INSPIRE, tilbakemelding fra familie og nettverk.",
        "Questionnaires from the instrument registry: INSPIRE, feedback from family and network.",
    )

    @command(
        survey,
        "record",
        "Registrer et utfylt skjema: CLIENT INSTRUMENT [SVAR …]. Ett svar per ledd: tall på "
        "skalaen, ? mangler, na ikke aktuelt, - ikke viktig. Uten svar i en terminal spør "
        "kommandoen ledd for ledd. Familie/nettverk krever klientens samtykke.",
        "Record a filled-in form: CLIENT INSTRUMENT [ANSWER …]. One answer per item: a number on "
        "the scale, ? missing, na not applicable, - not important. Without answers at a terminal "
        "the command asks item by item. Family/network needs the client's consent.",
    )
    def record(
        client: str = typer.Argument(
            ..., metavar="CLIENT", help=tr("Klientkoden.", "The client code.")
        ),
        instrument: str = typer.Argument(
            ..., metavar="INSTRUMENT", help=tr("Instrumentets ID.", "The instrument's id.")
        ),
        items: list[str] = typer.Argument(
            None,
            metavar="[ITEM …]",
            help=tr("Svarene, ledd 1 først.", "The answers, item 1 first."),
        ),
        day: str = typer.Option(
            None, "--date", help=tr("Dato (standard i dag).", "Date (default today).")
        ),
        rater: str = typer.Option(
            None,
            "--rater",
            metavar="client|family|network|staff",
            help=tr(
                "Hvem fylte ut (standard: instrumentets første).",
                "Who filled in (default: the instrument's first).",
            ),
        ),
        relative: str = typer.Option(
            None,
            "--relative",
            metavar="ROLE",
            help=tr(
                "Hvem i nettverket som svarte (rolle), for --rater family|network.",
                "Who in the network answered (role), for --rater family|network.",
            ),
        ),
    ) -> None:
        from recoverykit.cli.fit import rich_ask
        from recoverykit.cli.surveys_output import print_recorded
        from recoverykit.services.instruments import require_instrument
        from recoverykit.services.surveys import check_recordable, record_survey

        answers = list(items or [])
        if not answers and stdin_is_terminal():
            inst = require_instrument(instrument)
            check_recordable(inst)
            answers = ask_answers(inst, rich_ask)
        print_recorded(
            record_survey(
                store(), client, instrument, answers, day=day, rater=rater, relative=relative
            )
        )

    @command(
        survey,
        "show",
        "Klientens skårer over tid per delskala, med endring og pålitelig endring der "
        "instrumentet har en grense.",
        "The client's scores over time per subscale, with change and reliable change where the "
        "instrument has a value for it.",
    )
    def show(
        client: str = typer.Argument(
            ..., metavar="CLIENT", help=tr("Klientkoden.", "The client code.")
        ),
        instrument: str = typer.Option(
            None,
            "--instrument",
            metavar="ID",
            help=tr("Bare dette instrumentet.", "Only this instrument."),
        ),
        svg: str = typer.Option(
            None,
            "--svg",
            metavar="FILE",
            help=tr("Skriv grafen som SVG hit.", "Write the graph as SVG here."),
        ),
    ) -> None:
        from recoverykit.cli.surveys_output import check_svg_target, print_show, write_survey_svg
        from recoverykit.services.surveys import client_surveys

        view = client_surveys(store(), client, instrument)
        if svg is not None:
            check_svg_target(view, svg)
        print_show(view)
        if svg is not None:
            write_survey_svg(view, svg)

    @command(
        survey,
        "summary",
        "Avdelingens skårer og svar per instrument for en måned eller et halvår; små grupper "
        "skjules.",
        "The department's scores and responses per instrument for a month or half-year; small "
        "groups are hidden.",
    )
    def summary(
        dept: str = typer.Option(
            None, "--dept", help=tr("Bare denne avdelingen.", "Only this department.")
        ),
        month: str = typer.Option(
            None,
            "--month",
            metavar="YYYY-MM",
            help=tr(
                "Måned (standard: forrige hele måned).", "Month (default: the last whole month)."
            ),
        ),
        period: str = typer.Option(
            None,
            "--period",
            metavar="2026H1",
            help=tr("Halvår i stedet for måned.", "Half-year instead of a month."),
        ),
        fmt: str = format_option(),
    ) -> None:
        from recoverykit.cli.surveys_output import print_summary
        from recoverykit.services.surveys import survey_summary

        check_format(fmt)
        print_summary(survey_summary(store(), dept, month, period), fmt)
