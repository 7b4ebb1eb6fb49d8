"""Half-year periods (``2026H1``) and calendar months (``2026-03``).

Department goals are set per half-year (the plan adopted 29.09.16: «Hver avdeling lager ett eller
to målbare mål som viser noe de vil forbedre i sin praksis neste halvår»); the monthly report covers
the month that just ended. Accepted spellings of a half-year: ``2026H1``, ``2026h2``, ``2026 H1``,
``2026-1``, ``2026-2``, ``H1 2026``, ``1. halvår 2026``, ``2. halvår 2026``. Nothing else: a third
half (``2026H3``, ``2026-3``) is refused, naming the field and what is allowed.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from recoverykit.errors import InvalidInput
from recoverykit.i18n import language, t

# Years outside this range are typing mistakes, not plans (the seeds start in 2012).
MIN_YEAR = 1900
MAX_YEAR = 2100

_PERIOD_FORMS = (
    re.compile(r"^(?P<year>\d{4})\s*-?\s*h\s*(?P<half>\d+)$"),  # 2026H1, 2026 h2, 2026-H1
    re.compile(r"^(?P<year>\d{4})\s*[-/]\s*(?P<half>\d)$"),  # 2026-1, 2026/2
    re.compile(r"^h\s*(?P<half>\d+)\s*[-/]?\s*(?P<year>\d{4})$"),  # H1 2026, H2-2026
    re.compile(r"^(?P<half>\d+)\s*\.?\s*halv(?:å|aa|a)r\s+(?P<year>\d{4})$"),  # 1. halvår 2026
)
_MONTH_FORM = re.compile(r"^(\d{4})-(\d{1,2})$")

# fmt: off
_MONTHS_NB = ("januar", "februar", "mars", "april", "mai", "juni", "juli", "august",
              "september", "oktober", "november", "desember")
_MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August",
              "September", "October", "November", "December")
# fmt: on


def _lang(lang: str | None) -> str:
    return lang if lang in ("nb", "en") else language()


def _check_year(field: str, year: int, text: str) -> None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise InvalidInput(
            field,
            t(
                "«{v}»: året må være mellom {lo} og {hi}",
                "'{v}': the year must be between {lo} and {hi}",
                v=text,
                lo=MIN_YEAR,
                hi=MAX_YEAR,
            ),
        )


@dataclass(frozen=True, order=True)
class Period:
    """A half-year: ``half`` 1 is January–June, 2 is July–December."""

    year: int
    half: int

    def __post_init__(self) -> None:
        if self.half not in (1, 2):
            raise InvalidInput("period", t("halvår må være 1 eller 2", "the half must be 1 or 2"))

    @classmethod
    def containing(cls, day: date) -> Period:
        return cls(day.year, 1 if day.month <= 6 else 2)

    @property
    def start(self) -> date:
        return date(self.year, 1 if self.half == 1 else 7, 1)

    @property
    def end(self) -> date:
        return date(self.year, 6, 30) if self.half == 1 else date(self.year, 12, 31)

    @property
    def code(self) -> str:
        return f"{self.year}H{self.half}"

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end

    def label(self, lang: str | None = None) -> str:
        """``1. halvår 2026`` in Norwegian, ``first half of 2026`` in English."""
        if _lang(lang) == "en":
            return f"{'first' if self.half == 1 else 'second'} half of {self.year}"
        return f"{self.half}. halvår {self.year}"

    def next(self) -> Period:
        return Period(self.year, 2) if self.half == 1 else Period(self.year + 1, 1)

    def previous(self) -> Period:
        return Period(self.year - 1, 2) if self.half == 1 else Period(self.year, 1)

    def __str__(self) -> str:
        return self.code


def parse_period(field: str, value: str) -> Period:
    """Parse a half-year in any accepted spelling; refuse anything else, naming ``field``."""
    text = " ".join((value or "").split())
    folded = text.casefold()
    for form in _PERIOD_FORMS:
        m = form.match(folded)
        if m:
            year, half = int(m["year"]), int(m["half"])
            if half not in (1, 2):
                raise InvalidInput(
                    field,
                    t(
                        "«{v}»: et år har bare to halvår, 1 og 2 (f.eks. {y}H1 eller {y}H2)",
                        "'{v}': a year has only two halves, 1 and 2 (e.g. {y}H1 or {y}H2)",
                        v=text,
                        y=year,
                    ),
                )
            _check_year(field, year, text)
            return Period(year, half)
    raise InvalidInput(
        field,
        t(
            "«{v}» er ikke et halvår; skriv 2026H1, 2026H2, 2026-1, H1 2026 eller 1. halvår 2026",
            "'{v}' is not a half-year; write 2026H1, 2026H2, 2026-1, H1 2026 or 1. halvår 2026",
            v=text,
        ),
    )


@dataclass(frozen=True, order=True)
class Month:
    """A calendar month, written ``YYYY-MM``."""

    year: int
    month: int

    def __post_init__(self) -> None:
        if not 1 <= self.month <= 12:
            raise InvalidInput("month", t("måned må være 1–12", "the month must be 1–12"))

    @classmethod
    def containing(cls, day: date) -> Month:
        return cls(day.year, day.month)

    @property
    def first_day(self) -> date:
        return date(self.year, self.month, 1)

    @property
    def last_day(self) -> date:
        return date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])

    @property
    def code(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    @property
    def period(self) -> Period:
        """The half-year this month belongs to."""
        return Period.containing(self.first_day)

    def contains(self, day: date) -> bool:
        return (day.year, day.month) == (self.year, self.month)

    def label(self, lang: str | None = None) -> str:
        """``mars 2026`` in Norwegian, ``March 2026`` in English."""
        names = _MONTHS_EN if _lang(lang) == "en" else _MONTHS_NB
        return f"{names[self.month - 1]} {self.year}"

    def next(self) -> Month:
        return Month(self.year + 1, 1) if self.month == 12 else Month(self.year, self.month + 1)

    def previous(self) -> Month:
        return Month(self.year - 1, 12) if self.month == 1 else Month(self.year, self.month - 1)

    def __str__(self) -> str:
        return self.code


def parse_month(field: str, value: str) -> Month:
    """Parse ``YYYY-MM`` (``2026-3`` too); refuse month 0 or 13, naming ``field``."""
    text = (value or "").strip()
    m = _MONTH_FORM.match(text)
    if not m:
        raise InvalidInput(
            field,
            t(
                "«{v}» er ikke en måned; skriv år og måned, f.eks. 2026-03",
                "'{v}' is not a month; write year and month, e.g. 2026-03",
                v=text,
            ),
        )
    year, month = int(m[1]), int(m[2])
    if not 1 <= month <= 12:
        raise InvalidInput(
            field,
            t(
                "«{v}»: måned må være mellom 01 og 12",
                "'{v}': the month must be between 01 and 12",
                v=text,
            ),
        )
    _check_year(field, year, text)
    return Month(year, month)


def last_completed_month(today: date) -> Month:
    """The month that just ended: on 2026-03-01 and on 2026-03-31 it is 2026-02."""
    return Month.containing(today).previous()
