"""``fit import FILE``: sessions from the unit's own spreadsheets (CSV/TXT or .xlsx)."""

from __future__ import annotations

from contextlib import AbstractContextManager
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from recoverykit.cli.common import command, echo, err, stdout_is_terminal, store
from recoverykit.i18n import t, tr

if TYPE_CHECKING:
    from recoverykit.services.fit_import_rows import ImportSummary, Progress

FIELD_NAMES = {
    "client": ("klient", "client"),
    "department": ("avdeling", "department"),
    "clinician": ("fagperson", "clinician"),
    "date": ("dato", "date"),
    "rater": ("utfyller", "rater"),
    "age_group": ("aldersgruppe", "age group"),
    "episode": ("forløp", "episode"),
    "episode_end": ("forløp avsluttet", "episode end"),
    "end_reason": ("årsak", "end reason"),
}


def register_import(fit: typer.Typer) -> None:
    @command(
        fit,
        "import",
        "Importer samtaler fra enhetens regneark: CSV/TXT slik norsk Excel lagrer dem, eller "
        ".xlsx. Kolonnene kjennes igjen fra norske og engelske overskrifter; hver rad sjekkes "
        "som i «fit record». Én dårlig rad og ingenting importeres (exit 2), med mindre "
        "--skip-bad. Samme klient, dato og utfyller er samme samtale: en ny import legger "
        "ikke inn noe to ganger.",
        "Import sessions from the unit's spreadsheets: CSV/TXT as Norwegian Excel saves them, "
        "or .xlsx. Columns are recognised from Norwegian and English headers; every row is "
        "checked as 'fit record' checks it. One bad row and nothing is imported (exit 2), "
        "unless --skip-bad. Same client, date and rater is the same session: importing again "
        "adds nothing twice.",
    )
    def import_(
        file: Path = typer.Argument(
            ...,
            metavar="FILE",
            help=tr("Filen (.csv, .txt, .xlsx).", "The file (.csv, .txt, .xlsx)."),
        ),
        sheet: str = typer.Option(
            None,
            "--sheet",
            metavar="NAME",
            help=tr(
                "Arket i arbeidsboken (standard: det første).",
                "The workbook's sheet (default: the first).",
            ),
        ),
        maps: list[str] = typer.Option(
            None,
            "--map",
            metavar="COLUMN=FIELD",
            help=tr(
                "Kolonnen COLUMN er feltet FIELD (kan gjentas), f.eks. --map 'Pas.nr=client'.",
                "Column COLUMN is field FIELD (may be repeated), e.g. --map 'Pas.nr=client'.",
            ),
        ),
        dry_run: bool = typer.Option(
            False,
            "--dry-run",
            help=tr(
                "Vis kolonnene, de første radene og alle feil; skriv ingenting.",
                "Show the columns, the first rows and every problem; write nothing.",
            ),
        ),
        create_departments: bool = typer.Option(
            False,
            "--create-departments",
            help=tr(
                "Opprett avdelinger som ikke finnes (koden fra filen).",
                "Create departments that do not exist (code from the file).",
            ),
        ),
        skip_bad: bool = typer.Option(
            False,
            "--skip-bad",
            help=tr(
                "Importer de gode radene; de dårlige skrives uendret til --rejects.",
                "Import the good rows; the bad ones are written unchanged to --rejects.",
            ),
        ),
        rejects: Path = typer.Option(
            None,
            "--rejects",
            metavar="FILE",
            help=tr(
                "Filen for avviste rader (med --skip-bad).",
                "The file for rejected rows (with --skip-bad).",
            ),
        ),
        replace: bool = typer.Option(
            False,
            "--replace",
            help=tr(
                "Erstatt registrerte samtaler der filen har andre tall.",
                "Replace recorded sessions where the file has other scores.",
            ),
        ),
        gap_weeks: int = typer.Option(
            26,
            "--gap-weeks",
            metavar="N",
            help=tr(
                "Nytt forløp etter et opphold på mer enn N uker.",
                "A new episode after a gap of more than N weeks.",
            ),
        ),
        quiet: bool = typer.Option(
            False,
            "--quiet",
            "-q",
            help=tr("Bare feil og én sammendragslinje.", "Only errors and one summary line."),
        ),
    ) -> None:
        from recoverykit.cli.fit import today
        from recoverykit.services.fit_files import check_target
        from recoverykit.services.fit_import import ImportRefused, import_sessions
        from recoverykit.services.fit_import_rows import ImportOptions

        if rejects is not None:
            check_target("--rejects", rejects)
        options = ImportOptions(
            sheet=sheet,
            maps=tuple(maps or ()),
            dry_run=dry_run,
            create_departments=create_departments,
            skip_bad=skip_bad,
            rejects=rejects,
            replace=replace,
            gap_weeks=gap_weeks,
        )
        big = file.is_file() and file.stat().st_size > 200_000
        with progress_bar(enabled=big and not quiet and stdout_is_terminal()) as progress:
            try:
                summary = import_sessions(store(), file, options, today(), progress)
            except ImportRefused as refused:
                print_problems(refused.summary)
                raise
        print_summary(summary, quiet=quiet)


class _NoBar(AbstractContextManager["Progress | None"]):
    def __enter__(self) -> Progress | None:
        return None

    def __exit__(self, *args: object) -> None:
        return None


def progress_bar(*, enabled: bool) -> AbstractContextManager[Progress | None]:
    if not enabled:
        return _NoBar()
    from contextlib import contextmanager

    from rich.progress import Progress as Bar

    @contextmanager
    def bar():  # type: ignore[no-untyped-def]
        with Bar(transient=True) as p:
            task = p.add_task(tr("Leser", "Reading"), total=None)
            words = {
                "read": tr("Leser", "Reading"),
                "save": tr("Lagrer", "Saving"),
                "finish": tr("Fullfører", "Finishing"),
            }

            def update(done: int, total: int | None, phase: str = "read") -> None:
                p.update(task, completed=done, total=total, description=words[phase])

            yield update

    return bar()


def print_problems(summary: ImportSummary) -> None:
    for problem in summary.problems:
        err(problem)


def _field(name: str) -> str:
    nb_en = FIELD_NAMES.get(name)
    return name if nb_en is None else tr(*nb_en)


def print_summary(summary: ImportSummary, *, quiet: bool = False) -> None:
    if not quiet:
        if summary.dry_run:
            echo(
                t(
                    "Prøvekjøring av {s}: ingenting blir skrevet.",
                    "Dry run of {s}: nothing is written.",
                    s=summary.source,
                )
            )
            echo(tr("Kolonner:", "Columns:"))
            for header, name in summary.mapping:
                echo(f"  {header} → {_field(name)}")
            if summary.ignored:
                echo(t("Brukes ikke: {c}", "Not used: {c}", c=", ".join(summary.ignored)))
            echo(tr("De første radene slik de leses:", "The first rows as read:"))
            for location, cells in summary.preview:
                echo(f"  {location}: " + "; ".join(f"{h}={v}" for h, v in cells))
        for problem in summary.problems:
            err(problem)
        for conflict in summary.conflicts:
            echo(t("Konflikt {c}", "Conflict {c}", c=str(conflict)))
    verb = (tr("ville bli", "would be") + " ") if summary.dry_run else ""
    echo(
        t(
            "{r} rader lest: {n} nye samtaler {v}importert, {u} uendret, {k} i konflikt "
            "(ikke endret), {x} erstattet, {b} avvist.",
            "{r} rows read: {n} new sessions {v}imported, {u} unchanged, {k} conflicting "
            "(not changed), {x} replaced, {b} rejected.",
            r=summary.rows,
            n=summary.new,
            v=verb,
            u=summary.unchanged,
            k=len(summary.conflicts),
            x=summary.replaced,
            b=summary.rejected,
        )
    )
    if quiet:
        return
    echo(
        t(
            "{c} nye klienter, {e} nye forløp; {a} forløp avsluttet av en sluttrad, {g} etter "
            "et opphold på mer enn {w} uker (årsak «annet»).",
            "{c} new clients, {e} new episodes; {a} episodes closed by an end row, {g} after a "
            "gap of more than {w} weeks (reason 'other').",
            c=summary.clients_new,
            e=summary.episodes_new,
            a=summary.closed_by_end,
            g=summary.closed_by_gap,
            w=summary.gap_weeks,
        )
    )
    if summary.departments_new:
        names = ", ".join(summary.departments_new)
        if summary.dry_run:
            echo(
                t(
                    "Nye avdelinger (ville bli opprettet): {d}",
                    "New departments (would be created): {d}",
                    d=names,
                )
            )
        else:
            echo(t("Nye avdelinger: {d}", "New departments: {d}", d=names))
