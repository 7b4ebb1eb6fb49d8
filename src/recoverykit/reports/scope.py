"""What a report is about: a date range, the half-year it belongs to, and one department or all.

Every section builder takes ``(conn, scope)``. The date range is inclusive. ``as_of`` is the day the
figures are taken on (the last day of the range): statuses, coverage and readings are as they stood
then, so running the report again later for the same month gives the same figures unless someone
back-dates a record.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from recoverykit.domain.periods import Month, Period


@dataclass(frozen=True)
class Department:
    id: int
    code: str
    name: str
    recovery_contact: str | None = None


@dataclass(frozen=True)
class Scope:
    start: date
    end: date
    department: Department | None = None

    @property
    def as_of(self) -> date:
        return self.end

    @property
    def period(self) -> Period:
        """The half-year the range ends in (goals and FIT outcomes are per half-year)."""
        return Period.containing(self.end)

    @property
    def dept_id(self) -> int | None:
        return None if self.department is None else self.department.id

    def for_department(self, department: Department | None) -> Scope:
        return Scope(self.start, self.end, department)

    @classmethod
    def month(cls, month: Month, department: Department | None = None) -> Scope:
        return cls(month.first_day, month.last_day, department)

    @classmethod
    def half_year(cls, period: Period, department: Department | None = None) -> Scope:
        return cls(period.start, period.end, department)

    @classmethod
    def year(cls, year: int, department: Department | None = None) -> Scope:
        return cls(date(year, 1, 1), date(year, 12, 31), department)


def oslo_today(now: datetime | None = None) -> date:
    """Today in Europe/Oslo (``recoverykit.clock``, the one clock)."""
    from recoverykit import clock

    return clock.today(now)


def oslo_now(now: datetime | None = None) -> datetime:
    from recoverykit import clock

    return clock.now(now)


_UNSAFE = re.compile(r"[^A-Za-z0-9_-]+")


def file_slug(code: str) -> str:
    """A department code as part of a file name: letters, digits, ``_`` and ``-`` only."""
    slug = _UNSAFE.sub("_", code).strip("_")
    return slug or "dept"
