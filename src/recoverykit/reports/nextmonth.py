"""“What to look at next month”: a short list derived from the report's own figures.

Pure rules over the section view-models, in this order:

1. measures overdue at the end of the month (oldest due date first);
2. open measures due next month;
3. departments with no measurable goal for the half-year (and, in the half-year's last month,
   none yet for the next one);
4. goals with no indicator reading yet; in the half-year's last month, goals without a result;
5. departments whose coverage of a requirement is below 80 %;
6. departments with alliance alerts in the month (counts already suppressed are not named).

Each item is a list of parts; parts marked ``user`` are user text that the Markdown template
escapes. At most :data:`MAX_ITEMS` items (the rest are counted in a last line).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from recoverykit.domain.periods import Month, Period
from recoverykit.i18n import count as noun_count
from recoverykit.i18n import tr

MAX_ITEMS = 12
LOW_COVERAGE = 80.0


@dataclass(frozen=True)
class Part:
    text: str
    user: bool = False


@dataclass(frozen=True)
class LookItem:
    kind: str
    parts: tuple[Part, ...]


def _own(nb: str, en: str, **values: object) -> Part:
    return Part(tr(nb, en, **values))


def _user(text: str) -> Part:
    return Part(text, user=True)


@dataclass(frozen=True)
class Inputs:
    """Plain data for the rules (extracted from the sections by :func:`inputs_from`)."""

    month: Month
    overdue: Sequence[tuple[str, str, date]] = ()  # (number, text, due)
    open_measures: Sequence[tuple[str, str, date | None]] = ()  # (number, text, due)
    departments: Sequence[str] = ()
    goals: Sequence[tuple[str, str, str, int, bool]] = ()  # (period, dept, text, readings, result)
    # (dept, kind "read" | "course", item, covered, active staff, percent)
    low_coverage: Sequence[tuple[str, str, str, int, int, float]] = ()
    alerts: Sequence[tuple[str, int]] = ()  # (dept, alerts shown)


def _date(value: date) -> str:
    return tr(value.strftime("%d.%m.%Y"), value.isoformat())


def what_to_look_at(data: Inputs) -> list[LookItem]:
    month, nxt = data.month, data.month.next()
    period = month.period
    last_month_of_half = month.last_day == period.end
    items: list[LookItem] = []
    for number, text, due in sorted(data.overdue, key=lambda m: (m[2], m[0])):
        items.append(
            LookItem(
                "overdue",
                (
                    _own(
                        "Tiltak {n} er over frist (fristen var {d}): ",
                        "Measure {n} is overdue (due {d}): ",
                        n=number,
                        d=_date(due),
                    ),
                    _user(text),
                ),
            )
        )
    for number, text, when in data.open_measures:
        if when is not None and nxt.contains(when):
            items.append(
                LookItem(
                    "due-next",
                    (
                        _own(
                            "Tiltak {n} har frist {d}: ",
                            "Measure {n} is due {d}: ",
                            n=number,
                            d=_date(when),
                        ),
                        _user(text),
                    ),
                )
            )
    with_goal = {dept for p, dept, *_ in data.goals if p == period.code}
    for dept in data.departments:
        if dept not in with_goal:
            items.append(
                LookItem(
                    "no-goal",
                    (
                        _user(dept),
                        _own(
                            " har ikke målbart mål for {p}.",
                            " has no measurable goal for {p}.",
                            p=period.label(),
                        ),
                    ),
                )
            )
    if last_month_of_half:
        following: Period = period.next()
        with_next = {dept for p, dept, *_ in data.goals if p == following.code}
        missing = [d for d in data.departments if d not in with_next]
        if missing:
            items.append(
                LookItem(
                    "no-goal-next",
                    (
                        _own(
                            "Målbare mål for {p} mangler for {n}.",
                            "Measurable goals for {p} are missing for {n}.",
                            p=following.label(),
                            n=noun_count(
                                len(missing), "avdeling", "avdelinger", "department", "departments"
                            ),
                        ),
                    ),
                )
            )
    for p, dept, text, readings, has_result in data.goals:
        if p != period.code:
            continue
        if readings == 0:
            items.append(
                LookItem(
                    "no-reading",
                    (
                        _user(dept),
                        _own(": ingen måling ennå for målet ", ": no reading yet for the goal "),
                        _user(text),
                    ),
                )
            )
        elif last_month_of_half and not has_result:
            items.append(
                LookItem(
                    "no-result",
                    (
                        _user(dept),
                        _own(
                            ": skriv hvordan det gikk med målet ",
                            ": record how it went with the goal ",
                        ),
                        _user(text),
                    ),
                )
            )
    for dept, kind, item, covered, active, percent in data.low_coverage:
        if percent < LOW_COVERAGE:
            # Counts, not a percentage: «0 %» of one person reads as a ranking (language review).
            done = (
                _own(" har registrert at de har lest «", " have recorded that they have read '")
                if kind == "read"
                else _own(" har tatt kurset «", " have taken the course '")
            )
            items.append(
                LookItem(
                    "low-coverage",
                    (
                        _user(dept),
                        _own(
                            ": {c} av {n}",
                            ": {c} of {n}",
                            c=covered,
                            n=noun_count(active, "ansatt", "ansatte", "staff member", "staff"),
                        ),
                        done,
                        _user(item),
                        _own("».", "'."),
                    ),
                )
            )
    for dept, count in data.alerts:
        if count > 0:
            items.append(
                LookItem(
                    "alerts",
                    (
                        _user(dept),
                        _own(
                            ": {n} samtaler med allianse-varsel (SRS) i {m}; snakk om dem i teamet.",
                            ": {n} sessions with an alliance alert (SRS) in {m}; discuss them in the team.",
                            n=count,
                            m=month.label(),
                        ),
                    ),
                )
            )
    if len(items) > MAX_ITEMS:
        rest = len(items) - (MAX_ITEMS - 1)
        items = items[: MAX_ITEMS - 1]
        items.append(LookItem("more", (_own("… og {n} til.", "… and {n} more.", n=rest),)))
    return items
