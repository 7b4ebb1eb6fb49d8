"""Parsing the short numeric ids users type (plan 2, goal 7), and the date of an event."""

from __future__ import annotations

from datetime import date

from recoverykit import clock
from recoverykit.domain.dates import parse_date
from recoverykit.errors import InvalidInput
from recoverykit.i18n import Msg, t

ID_MAX = 2**31 - 1


def parse_id(field: str, value: str | int, hint: Msg) -> int:
    """A positive whole number; anything else is refused naming ``field`` and where to look."""
    text = str(value).strip()
    if text.isascii() and text.isdigit() and 0 < int(text) <= ID_MAX:
        return int(text)
    raise InvalidInput(
        field,
        t(
            "«{v}» er ikke en ID; bruk et heltall fra {hn}",
            "'{v}' is not an id; use a whole number from {he}",
            v=text,
            hn=hint.nb,
            he=hint.en,
        ),
    )


def event_date(field: str, value: str | None, *, today: date | None = None) -> date:
    """The date something happened (a status change, a reading, a sharing, a course): today by
    default; a date in the future is refused, naming ``field``."""
    day = today or clock.today()
    if value is None:
        return day
    when = parse_date(field, value)
    if when > day:
        raise InvalidInput(
            field,
            t(
                "{v} er i fremtiden; registrer det som har skjedd, på dagen det skjedde",
                "{v} is in the future; record what has happened, on the day it happened",
                v=value.strip(),
            ),
        )
    return when
