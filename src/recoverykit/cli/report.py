"""``recoverykit report``: monthly, half-year and yearly reports in Markdown and HTML.

Made for cron: exit 0 when the reports are written (or already up to date), 2 for bad input, 3 when
another run holds the output folder's lock, 1 for anything else. ``--quiet`` prints nothing on
success; a progress bar is shown only on a terminal.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import typer

from recoverykit.cli.common import command, echo, group, stdout_is_terminal, store
from recoverykit.i18n import t, tr


def _dept() -> Any:
    return typer.Option(
        None,
        "--dept",
        metavar="KODE",
        help=tr(
            "Skriv også en rapport for denne avdelingen.",
            "Also write a report for this department.",
        ),
    )


def _each_dept() -> Any:
    return typer.Option(
        False,
        "--each-dept",
        help=tr("Skriv også én rapport per avdeling.", "Also write one report per department."),
    )


def _out() -> Any:
    return typer.Option(
        None,
        "--out",
        metavar="MAPPE",
        help=tr(
            "Mappe for rapportene (standard: reports/ i datamappen). Det skrives aldri utenfor "
            "den eller gjennom symbolske lenker.",
            "Folder for the reports (default: reports/ in the data folder). Nothing is ever "
            "written outside it or through symbolic links.",
        ),
    )


def _fmt() -> Any:
    return typer.Option(
        "both", "--format", metavar="md|html|both", help=tr("Filformat.", "File format.")
    )


def _stamp() -> Any:
    return typer.Option(
        False,
        "--stamp",
        help=tr(
            "Skriv tidspunktet rapporten ble laget nederst (ellers gir samme data samme filer).",
            "Write when the report was made at the end (otherwise the same data gives the "
            "same files).",
        ),
    )


def _quiet() -> Any:
    return typer.Option(
        False,
        "--quiet",
        "-q",
        help=tr("Skriv ingenting når alt går bra.", "Print nothing on success."),
    )


def _out_dir(out: Path | None) -> Path:
    if out is not None:
        return out
    from recoverykit.config import data_dir

    return data_dir() / "reports"


@contextmanager
def _progress(total: int, quiet: bool) -> Iterator[Callable[[str], None] | None]:
    """A Rich progress bar on a terminal; nothing under cron or with --quiet."""
    if quiet or total < 2 or not stdout_is_terminal():
        yield None
        return
    from rich.progress import Progress

    with Progress(transient=True) as bar:
        task = bar.add_task(tr("Lager rapporter", "Making reports"), total=total)
        yield lambda _name: bar.advance(task)


def _write(
    target: Any,
    dept: str | None,
    each_dept: bool,
    out: Path | None,
    fmt: str,
    stamp: bool,
    quiet: bool,
) -> None:
    """Check the input, open the store, write the reports with progress, say what was written."""
    from recoverykit.services import reports as svc

    svc.formats_for(fmt)
    db = store()
    with _progress(svc.count_jobs(db, dept=dept, each_dept=each_dept), quiet) as progress:
        written = svc.write_target(
            db, target, _out_dir(out), fmt=fmt, dept=dept, each_dept=each_dept, stamp=stamp,
            progress=progress, warn=_warn,
        )  # fmt: skip
    _report(written, quiet)


def _warn(message: str) -> None:
    typer.echo(message, err=True)


def _report(written: list[Any], quiet: bool) -> None:
    if quiet:
        return
    for w in written:
        if w.changed:
            echo(t("Skrev {p}", "Wrote {p}", p=str(w.path)))
        else:
            echo(t("Uendret {p}", "Unchanged {p}", p=str(w.path)))


def register(app: typer.Typer) -> None:
    report = group(
        app,
        "report",
        "Måneds-, halvårs- og årsrapporter i Markdown og HTML (kan trygt kjøres fra cron).",
        "Monthly, half-year and yearly reports in Markdown and HTML (safe to run from cron).",
    )

    @command(
        report,
        "monthly",
        "Månedsrapport for enheten (og avdelinger). Uten --month: måneden som nettopp "
        "er slutt (Europe/Oslo).",
        "Monthly report for the unit (and departments). Without --month: the month that just "
        "ended (Europe/Oslo).",
    )
    def monthly(
        month: str = typer.Option(
            None,
            "--month",
            metavar="ÅÅÅÅ-MM",
            help=tr("Måneden, f.eks. 2026-03.", "The month, e.g. 2026-03."),
        ),
        dept: str = _dept(),
        each_dept: bool = _each_dept(),
        out: Path = _out(),
        fmt: str = _fmt(),
        stamp: bool = _stamp(),
        quiet: bool = _quiet(),
    ) -> None:
        from recoverykit.services.reports import monthly_target

        _write(monthly_target(month), dept, each_dept, out, fmt, stamp, quiet)

    @command(
        report,
        "halfyear",
        "Halvårsrapport: målene – hva som ble satt, hvordan det gikk, hva som ble delt.",
        "Half-year report: the goals – what was set, how it went, what was shared.",
    )
    def halfyear(
        period: str = typer.Option(
            None,
            "--period",
            metavar="ÅÅÅÅH1|ÅÅÅÅH2",
            help=tr(
                "Halvåret, f.eks. 2026H1 (standard: halvåret som nettopp er slutt).",
                "The half-year, e.g. 2026H1 (default: the half-year that just ended).",
            ),
        ),
        dept: str = _dept(),
        each_dept: bool = _each_dept(),
        out: Path = _out(),
        fmt: str = _fmt(),
        stamp: bool = _stamp(),
        quiet: bool = _quiet(),
    ) -> None:
        from recoverykit.services.reports import halfyear_target

        _write(halfyear_target(period), dept, each_dept, out, fmt, stamp, quiet)

    @command(
        report,
        "year",
        "Årsrapport: underlag for stormøtet og evalueringen av planen.",
        "Yearly report: material for the open meeting and the plan evaluation.",
    )
    def year(
        year: int = typer.Option(
            None,
            "--year",
            metavar="ÅÅÅÅ",
            help=tr("Året (standard: fjoråret).", "The year (default: last year)."),
        ),
        dept: str = _dept(),
        each_dept: bool = _each_dept(),
        out: Path = _out(),
        fmt: str = _fmt(),
        stamp: bool = _stamp(),
        quiet: bool = _quiet(),
    ) -> None:
        from recoverykit.services.reports import year_target

        _write(year_target(year), dept, each_dept, out, fmt, stamp, quiet)
