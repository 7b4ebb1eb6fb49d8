"""``recoverykit values``: the values exercise (verdiøvelsen) and its anonymous summary."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import typer

from recoverykit import clock
from recoverykit.cli.common import (
    check_format,
    command,
    echo,
    err,
    format_option,
    group,
    stdin_is_terminal,
    store,
)
from recoverykit.errors import InvalidInput
from recoverykit.i18n import t, tr

if TYPE_CHECKING:
    from recoverykit.domain.values import ValuesList
    from recoverykit.services.values import ExerciseResult


def terminal_width() -> int:
    import shutil

    return shutil.get_terminal_size((80, 24)).columns if sys.stdout.isatty() else 80


def register(app: typer.Typer) -> None:
    values = group(
        app,
        "values",
        "Verdiøvelsen: velg 10 verdier, behold 5, reflekter.",
        "The values exercise: choose 10 values, keep 5, reflect.",
    )

    @command(values, "list", "Vis verdilisten med numre.", "Show the numbered values list.")
    def list_(fmt: str = format_option()) -> None:
        from recoverykit.services.values import load_values_list
        from recoverykit.services.values_exercise import value_columns

        check_format(fmt)
        values_list = load_values_list()
        if fmt == "table":
            for line in value_columns(values_list.values, terminal_width()):
                echo(line)
            return
        from recoverykit.render.output import Column, print_rows

        rows = [
            {"number": i, "id": v.id, "name": v.name, "en": v.en}
            for i, v in enumerate(values_list.values, 1)
        ]
        columns = [
            Column("number", tr("Nr.", "No.")),
            Column("id", "Id"),
            Column("name", tr("Verdi", "Value")),
            Column("en", tr("Engelsk", "English")),
        ]
        print_rows(rows, columns, fmt)

    @command(
        values,
        "exercise",
        "Gjør verdiøvelsen: i terminalen steg for steg, eller med --pick og --keep.",
        "Do the values exercise: step by step in the terminal, or with --pick and --keep.",
    )
    def exercise(
        participant: str = typer.Option(
            None,
            "--participant",
            metavar="KODE",
            help=tr(
                "Valgfri pseudonym deltakerkode (aldri fødselsnummer).",
                "Optional pseudonymous participant code (never an identity number).",
            ),
        ),
        dept: str = typer.Option(
            None, "--dept", help=tr("Avdelingens kode.", "The department's code.")
        ),
        pick: str = typer.Option(
            None,
            "--pick",
            help=tr(
                "De 10 valgte verdiene: numre eller navn, skilt med komma.",
                "The 10 chosen values: numbers or names, separated by commas.",
            ),
        ),
        keep: str = typer.Option(
            None,
            "--keep",
            help=tr(
                "De 5 som beholdes: numre eller navn, skilt med komma.",
                "The 5 kept: numbers or names, separated by commas.",
            ),
        ),
        own: list[str] = typer.Option(
            None,
            "--own",
            help=tr(
                "En egen verdi som ikke står på listen (kan gjentas; teller blant de 10).",
                "An own value not on the list (repeatable; counts among the 10).",
            ),
        ),
        on: str = typer.Option(
            None, "--date", help=tr("Dato (standard: i dag).", "Date (default: today).")
        ),
    ) -> None:

        from recoverykit.domain.dates import parse_optional_date
        from recoverykit.services import values as svc

        code = svc.clean_participant(participant)
        done_on = parse_optional_date("--date", on) or clock.today()
        values_list = svc.load_values_list()
        if pick is not None or keep is not None or own:
            if pick is None or keep is None:
                raise InvalidInput(
                    "--keep" if keep is None else "--pick",
                    t(
                        "--pick og --keep må gis sammen",
                        "--pick and --keep must be given together",
                    ),
                )
            result = svc.check_flags(values_list, pick, keep, own or ())
            db = store()
        else:
            if not stdin_is_terminal():
                raise InvalidInput(
                    "--pick",
                    t(
                        "ingen terminal å spørre i; gi --pick og --keep",
                        "no terminal to ask in; give --pick and --keep",
                    ),
                )
            db = store()
            svc.require_department_id(db, dept)
            result = _interactive(values_list)
        saved = svc.save_exercise(db, result, participant=code, dept=dept, done_on=done_on)
        kept = ", ".join(c.name for c in saved.result.kept)
        echo(
            t(
                "Lagret verdiøvelse #{id}. Dine {n} viktigste verdier: {kept}.",
                "Saved values exercise #{id}. Your {n} most important values: {kept}.",
                id=saved.id,
                n=len(saved.result.kept),
                kept=kept,
            )
        )
        if saved.result.answers:
            echo(
                t(
                    "{n} refleksjonssvar lagret.",
                    "{n} reflection answers saved.",
                    n=len(saved.result.answers),
                )
            )

    @command(
        values,
        "summary",
        "Hvilke verdier de ansatte oftest holder høyest (anonymt).",
        "Which values the staff hold highest most often (anonymous).",
    )
    def summary(
        dept: str = typer.Option(
            None, "--dept", help=tr("Avdelingens kode.", "The department's code.")
        ),
        min_group: int = typer.Option(
            5,
            "--min-group",
            help=tr(
                "Vis ingenting for færre deltakere enn dette (minst 3).",
                "Show nothing for fewer participants than this (at least 3).",
            ),
        ),
        top: int = typer.Option(
            10, "--top", help=tr("Hvor mange verdier som vises.", "How many values to show.")
        ),
        fmt: str = format_option(),
    ) -> None:
        from recoverykit.cli.values_output import print_summary
        from recoverykit.services.values import values_summary

        check_format(fmt)
        if top < 1:
            raise InvalidInput("--top", t("skal være minst 1", "must be at least 1"))
        print_summary(values_summary(store(), dept, min_group=min_group), fmt, top)


def _interactive(values_list: ValuesList) -> ExerciseResult:
    """Run the exercise with Rich prompts; Ctrl-C or Ctrl-D stops it and nothing is saved."""
    from rich.console import Console
    from rich.prompt import Prompt

    from recoverykit.services.values_exercise import run_exercise

    console = Console(highlight=False)

    def ask(prompt: str) -> str:
        return Prompt.ask(prompt, console=console, default="", show_default=False)

    def say(text: str) -> None:
        console.print(text, markup=False)

    try:
        return run_exercise(values_list, ask, say, width=terminal_width())
    except (KeyboardInterrupt, EOFError):
        err("")
        err(tr("Avbrutt; ingenting ble lagret.", "Interrupted; nothing was saved."))
        raise typer.Exit(130) from None
