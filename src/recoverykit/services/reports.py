"""Writing the monthly, half-year and yearly reports: one use case for the CLI, cron and the demo.

Order of work, so that cron can trust the exit code:

1. check every input (month, period, year, department, formats) → ``InvalidInput`` (exit 2) before
   anything is written;
2. take the output folder's lock → ``ReportLocked`` (exit 3) if another run holds it;
3. read everything in one snapshot, render, and write each file atomically (temp file + rename;
   refused outside ``--out`` or through a symlink).

Nothing in the body depends on the clock: the same data gives the same bytes, unless ``stamp`` is
set (a "made on" line at the end).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from recoverykit.domain.periods import (
    Month,
    Period,
    last_completed_month,
    parse_month,
    parse_period,
)
from recoverykit.domain.text import match_key
from recoverykit.errors import Field, InvalidInput, NotFound, RecoveryKitError
from recoverykit.i18n import language, t, tr
from recoverykit.reports.practice import CardText
from recoverykit.reports.scope import Department, Scope, file_slug, oslo_now, oslo_today
from recoverykit.store.connection import Connection, Database

FORMATS = ("md", "html", "both")
Progress = Callable[[str], None]


@dataclass(frozen=True)
class Job:
    """One report to render: its kind, scope and base file name (without extension)."""

    kind: str
    scope: Scope
    name: str


@dataclass(frozen=True)
class Written:
    path: Path
    changed: bool


EMPTY_UNIT_EXIT = 4


class EmptyUnit(RecoveryKitError):
    """The unit has no departments, plans or FIT data: a report would say nothing (exit 4)."""

    exit_code = EMPTY_UNIT_EXIT


def refuse_empty_unit(conn: Connection) -> None:
    """Stop before writing anything when there is nothing to report on (cron alerts on exit 4)."""
    from recoverykit.store.departments import unit_is_empty

    if unit_is_empty(conn=conn):
        raise EmptyUnit(
            t(
                "enheten har ingen avdelinger, planer eller FIT-data; ingen rapport skrevet "
                "(er --db riktig database?)",
                "the unit has no departments, plans or FIT data; no report written "
                "(is --db the right database?)",
            )
        )


def formats_for(value: str) -> tuple[str, ...]:
    if value not in FORMATS:
        raise InvalidInput(
            Field("format"),
            t(
                "«{v}» er ikke tillatt; velg md, html eller both",
                "'{v}' is not allowed; choose md, html or both",
                v=value,
            ),
        )
    return ("md", "html") if value == "both" else (value,)


def choose_month(value: str | None, today: date | None = None) -> Month:
    """``--month`` or, without it, the month that just ended in Europe/Oslo."""
    if value is None:
        return last_completed_month(today or oslo_today())
    return parse_month(Field("month"), value)


def choose_period(value: str | None, today: date | None = None) -> Period:
    """``--period`` or, without it, the half-year that just ended."""
    if value is None:
        return Period.containing(today or oslo_today()).previous()
    return parse_period(Field("period"), value)


def choose_year(value: int | None, today: date | None = None) -> int:
    if value is None:
        return (today or oslo_today()).year - 1
    if not 1900 <= value <= 2100:
        raise InvalidInput(
            Field("year"),
            t("året må være mellom 1900 og 2100", "the year must be between 1900 and 2100"),
        )
    return value


def _department(conn: Connection, code: str) -> Department:
    from recoverykit.store.departments import get_by_code_key

    row = get_by_code_key(conn=conn, code_key=match_key(code))
    if row is None:
        raise NotFound(
            Field("dept"),
            t(
                "ingen avdeling med koden «{c}»; se «recoverykit dept list»",
                "no department with the code '{c}'; see 'recoverykit dept list'",
                c=code,
            ),
        )
    return Department(int(row["id"]), row["code"], row["name"], row["recovery_contact"])


def plan_jobs(
    conn: Connection, kind: str, scope: Scope, base: str, *, dept: str | None, each_dept: bool
) -> list[Job]:
    """The unit's report, plus one per department asked for."""
    from recoverykit.reports.build import departments

    if dept is not None and each_dept:
        raise InvalidInput(
            Field("dept"),
            t("bruk enten --dept eller --each-dept", "use either --dept or --each-dept"),
        )
    jobs = [Job(kind, scope, base)]
    chosen = (
        [_department(conn, dept)] if dept is not None else departments(conn) if each_dept else []
    )
    used: set[str] = {base}
    for d in chosen:
        name = f"{base}-{file_slug(d.code)}"
        if name in used:  # two codes that differ only in characters a file name cannot hold
            name = f"{name}-{d.id}"
        used.add(name)
        jobs.append(Job(kind, scope.for_department(d), name))
    return jobs


def render_report(report: object, fmt: str, *, stamp: str | None = None) -> str:
    from recoverykit.render.templates import render
    from recoverykit.reports.build import Report
    from recoverykit.reports.fmt import Formatter

    assert isinstance(report, Report)
    from recoverykit.reports.markdown import tidy_markdown

    ext = "md" if fmt == "md" else "html"
    text = render(f"reports/{report.kind}.{ext}.j2", r=report, f=Formatter(language()), stamp=stamp)
    return tidy_markdown(text) if fmt == "md" else text


def card_texts(warn: Progress | None = None) -> CardText:
    """Card texts from the shipped decks and the unit's own. A broken deck of the unit's is not
    swallowed: ``warn`` says so plainly, and the report names only the shipped cards' texts."""
    from recoverykit.errors import RecoveryKitError
    from recoverykit.loaders.decks import load_builtin_decks
    from recoverykit.reports.practice import card_text_from
    from recoverykit.services.cards import load_decks

    try:
        return card_text_from(load_decks())
    except RecoveryKitError as error:
        if warn is not None:
            warn(
                tr(
                    "Advarsel: kortstokkene deres kunne ikke leses ({e}); rapporten viser bare "
                    "tekstene til kortene som følger med recoverykit.",
                    "Warning: your decks could not be read ({e}); the report shows only the "
                    "texts of the cards shipped with recoverykit.",
                    e=str(error),
                )
            )
        return card_text_from(load_builtin_decks())


def stamp_text() -> str:
    now = oslo_now()
    zone = now.tzname() or ""
    return f"{now:%Y-%m-%d %H:%M} {zone}".strip()


def write_reports(
    db: Database,
    kind: str,
    scope: Scope,
    base: str,
    out: Path,
    *,
    formats: tuple[str, ...],
    dept: str | None = None,
    each_dept: bool = False,
    stamp: bool = False,
    progress: Progress | None = None,
    warn: Progress | None = None,
) -> list[Written]:
    """Build, render and write the reports; returns what was written (and whether it changed)."""
    from recoverykit.domain.idnumber import guard_text

    guard_text(Field("out"), str(out))  # a file name is text like any other
    from recoverykit.files import file_set
    from recoverykit.reports.build import build_report
    from recoverykit.reports.fit import FitCache
    from recoverykit.reports.output import prepare_out_dir, run_lock, staged_write

    with db.read() as conn:  # refuse a bad --dept before the folder is touched
        refuse_empty_unit(conn)
        jobs = plan_jobs(conn, kind, scope, base, dept=dept, each_dept=each_dept)
    out_dir = prepare_out_dir(out)
    written: list[Written] = []
    stamp_line = stamp_text() if stamp else None
    card_text = card_texts(warn)
    fit_cache: FitCache = {}  # the unit's and the departments' reports: one gated output
    # All files of the run or none: staged beside their targets, renamed into place at the end.
    with run_lock(out_dir), db.read() as conn, file_set(field=Field("out"), no_links=True) as files:
        for job in jobs:
            report = build_report(
                conn, job.kind, job.scope, card_text=card_text, fit_cache=fit_cache
            )
            for fmt in formats:
                text = render_report(report, fmt, stamp=stamp_line)
                path, changed = staged_write(files, out_dir, f"{job.name}.{fmt}", text)
                written.append(Written(path, changed))
            if progress is not None:
                progress(job.name)
    from recoverykit.services import access

    # An aggregate through the disclosure gate: logged without client codes.
    access.log_read(db, f"report.{kind}", rows=len(written), path=str(out_dir), detail=base)
    return written


@dataclass(frozen=True)
class Target:
    """What one ``report`` command writes: its kind, period and file-name stem."""

    kind: str
    scope: Scope
    base: str


def monthly_target(month: str | None) -> Target:
    chosen = choose_month(month)
    return Target("monthly", Scope.month(chosen), f"monthly-{chosen.code}")


def halfyear_target(period: str | None) -> Target:
    chosen = choose_period(period)
    return Target("halfyear", Scope.half_year(chosen), f"halfyear-{chosen.code}")


def year_target(year: int | None) -> Target:
    chosen = choose_year(year)
    return Target("year", Scope.year(chosen), f"year-{chosen}")


def write_target(
    db: Database,
    target: Target,
    out: Path,
    *,
    fmt: str = "both",
    dept: str | None = None,
    each_dept: bool = False,
    stamp: bool = False,
    progress: Progress | None = None,
    warn: Progress | None = None,
) -> list[Written]:
    return write_reports(
        db, target.kind, target.scope, target.base, out,
        formats=formats_for(fmt), dept=dept, each_dept=each_dept, stamp=stamp, progress=progress,
        warn=warn,
    )  # fmt: skip


def monthly(db: Database, out: Path, *, month: str | None = None, **options: Any) -> list[Written]:
    """The monthly report(s); ``options`` as :func:`write_target`."""
    return write_target(db, monthly_target(month), out, **options)


def count_jobs(db: Database, *, dept: str | None, each_dept: bool) -> int:
    """How many reports a run writes (for the progress bar)."""
    if dept is not None:
        return 2
    if not each_dept:
        return 1
    from recoverykit.store.departments import count_departments

    return 1 + count_departments(conn=db.connection())
