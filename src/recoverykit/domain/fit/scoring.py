"""ORS and SRS numbers as a clinician enters them: four items, each 0.0–10.0 with one decimal.

ORS (Outcome Rating Scale; Miller & Duncan 2000; Miller et al. 2003) and SRS (Session Rating Scale;
Duncan et al. 2003) both have four items marked on a 10 cm line, read to one decimal; the total is
0–40. Children 6–12 use CORS, which has the same 4 × 0–10 shape (Duncan et al. 2006).

Licence (DESIGN.md §4): the forms' wording is © Miller & Duncan. recoverykit stores the numbers a
licensed clinician enters and never shows the wording; items are named here only by neutral short
codes.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from recoverykit.domain.dates import parse_decimal
from recoverykit.domain.idnumber import guard_text
from recoverykit.errors import Field, InvalidInput
from recoverykit.i18n import canonical_choice, t, tr

ITEM_COUNT = 4
ITEM_MIN = 0.0
ITEM_MAX = 10.0
TOTAL_MAX = ITEM_COUNT * ITEM_MAX

_ONE_DECIMAL = re.compile(r"^\s*[+-]?\d+([.,]\d)?\s*$")


class Instrument(StrEnum):
    ORS = "ors"
    SRS = "srs"


class AgeGroup(StrEnum):
    ADULT = "adult"
    ADOLESCENT = "adolescent"  # 13–17
    CHILD = "child"  # 6–12 (CORS)


class Rater(StrEnum):
    """Who filled in a form: the client, or a collateral rater (a parent, family, the network,
    someone else). One vocabulary for ``fit record``, ``fit import`` and the stored CHECK."""

    CLIENT = "client"
    PARENT = "parent"
    FAMILY = "family"
    NETWORK = "network"
    OTHER = "other"


class CloseReason(StrEnum):
    """Why an episode was closed (``fit close --reason``)."""

    PLANNED = "planned"
    DROPPED_OUT = "dropped-out"
    MOVED = "moved"
    OTHER = "other"


def sql_values(kind: type[StrEnum]) -> str:
    """An enum's allowed values as an SQL list, ``('a', 'b')``: the schema, the migrations and
    the queries take the allowed values of an enumerated column from the domain's enum."""
    return "(" + ", ".join(f"'{member.value}'" for member in kind) + ")"


# Neutral short codes only (never the forms' wording).
ITEM_CODES: dict[Instrument, tuple[str, str, str, str]] = {
    Instrument.ORS: ("individual", "interpersonal", "social", "overall"),
    Instrument.SRS: ("relationship", "goals", "approach", "overall"),
}


@dataclass(frozen=True)
class InstrumentInfo:
    """Registry entry: where an instrument comes from and whether its text may be shown."""

    code: str
    name: str
    source: str
    text_may_be_shown: bool


INSTRUMENTS: dict[Instrument, InstrumentInfo] = {
    Instrument.ORS: InstrumentInfo(
        "ors",
        "Outcome Rating Scale",
        "Miller & Duncan 2000; Miller et al. 2003, J Brief Therapy 2(2):91–100",
        text_may_be_shown=False,
    ),
    Instrument.SRS: InstrumentInfo(
        "srs",
        "Session Rating Scale",
        "Duncan et al. 2003, J Brief Therapy 3(1):3–12",
        text_may_be_shown=False,
    ),
}


@dataclass(frozen=True)
class Rating:
    """Four item scores of one instrument at one session."""

    instrument: Instrument
    items: tuple[float, float, float, float]

    @property
    def total(self) -> float:
        return total(self.items)

    @property
    def lowest_item(self) -> float:
        return min(self.items)


def total(items: Sequence[float]) -> float:
    """The total of item scores, 0–40, rounded to one decimal (summed in tenths, no float drift)."""
    return sum(round(x * 10) for x in items) / 10


def _item_error(field: str, value: object) -> InvalidInput:
    guard_text(field, str(value))  # never echo an identity number typed in the wrong place
    return InvalidInput(
        field,
        t(
            "«{v}» er ikke tillatt; skriv et tall fra 0 til 10 med høyst én desimal, "
            "f.eks. 7,5 eller 7.5",
            "'{v}' is not allowed; write a number from 0 to 10 with at most one decimal, "
            "e.g. 7.5 or 7,5",
            v=str(value).strip(),
        ),
    )


def parse_item(field: str, value: str | float | int) -> float:
    """One item: 0.0–10.0, at most one decimal; ``7,5`` and ``7.5`` are the same."""
    if isinstance(value, bool):
        raise _item_error(field, value)
    if isinstance(value, str) and not _ONE_DECIMAL.match(value):
        raise _item_error(field, value)
    try:
        number = parse_decimal(field, value)
    except InvalidInput:
        raise _item_error(field, value) from None
    tenths = number * 10
    if number != number or abs(tenths - round(tenths)) > 1e-6:  # NaN or more than one decimal
        raise _item_error(field, value)
    if not ITEM_MIN <= number <= ITEM_MAX:
        raise _item_error(field, value)
    return round(tenths) / 10


def item_field(field: str, n: int) -> str:
    """How an error names item ``n`` of ``field``: ``--ors ledd 2`` / ``--ors item 2``."""
    text = tr("{f} ledd {n}", "{f} item {n}", f=field, n=n)
    return Field(text) if isinstance(field, Field) else text


def parse_items(
    field: str, values: Sequence[str | float | int]
) -> tuple[float, float, float, float]:
    """Four items for ``field`` (e.g. ``--ors``); errors name ``--ors ledd 2`` (``--ors item 2`` in English)."""
    if isinstance(values, str) or len(values) != ITEM_COUNT:
        got = 1 if isinstance(values, str) else len(values)
        raise InvalidInput(
            field,
            t(
                "trenger {n} tall (ett per ledd, 0–10), fikk {got}",
                "needs {n} numbers (one per item, 0–10), got {got}",
                n=ITEM_COUNT,
                got=got,
            ),
        )
    a, b, c, d = (parse_item(item_field(field, i), v) for i, v in enumerate(values, start=1))
    return (a, b, c, d)


def parse_rating(
    instrument: Instrument | str, values: Sequence[str | float | int], *, field: str | None = None
) -> Rating:
    """Parse the four items of ``instrument``; ``field`` defaults to ``--ors``/``--srs``."""
    inst = Instrument(instrument)
    return Rating(inst, parse_items(field or Field(inst.value), values))


def parse_ors(values: Sequence[str | float | int], *, field: str = Field("ors")) -> Rating:
    return parse_rating(Instrument.ORS, values, field=field)


def parse_srs(values: Sequence[str | float | int], *, field: str = Field("srs")) -> Rating:
    return parse_rating(Instrument.SRS, values, field=field)


def parse_age_group(field: str, value: str) -> AgeGroup:
    guard_text(field, value or "")
    text = (value or "").strip().casefold()
    try:
        return AgeGroup(text)
    except ValueError:
        raise InvalidInput(
            field,
            t(
                "«{v}» er ingen aldersgruppe; bruk adult (voksen), adolescent (13–17) "
                "eller child (6–12)",
                "'{v}' is not an age group; use adult, adolescent (13–17) or child (6–12)",
                v=value,
            ),
        ) from None


def parse_rater(field: str, value: str) -> Rater:
    guard_text(field, value or "")
    text = canonical_choice((value or "").strip(), tuple(Rater))
    try:
        return Rater(text)
    except ValueError:
        raise InvalidInput(
            field,
            t(
                "«{v}» er ingen utfyller; bruk client (klient), parent (forelder), family "
                "(familie), network (nettverk) eller other (annen)",
                "'{v}' is not a rater; use client, parent, family, network or other",
                v=value,
            ),
        ) from None
