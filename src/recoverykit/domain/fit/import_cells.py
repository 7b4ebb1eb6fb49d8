"""The cells of a FIT spreadsheet, one at a time: text as a message may echo it, dates as
spreadsheets have them (``dd.mm.yyyy``, ``dd.mm.yy``, ISO, Excel serial numbers), and the
Norwegian and English words of the optional columns (rater, age group, episode end and reason).
The item and date rules are ``fit record``'s own (:mod:`recoverykit.domain.dates`,
:mod:`recoverykit.domain.fit.scoring`); :mod:`recoverykit.domain.fit.import_rows` puts the cells
of a row together."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any

from recoverykit.domain.dates import parse_date
from recoverykit.domain.fit.scoring import parse_age_group, parse_item, parse_rater
from recoverykit.domain.text import NAME_MAX, clean_text
from recoverykit.errors import InvalidInput
from recoverykit.i18n import t

CLOSE_REASONS = ("planned", "dropped-out", "moved", "other")
FORMULA_START = ("=", "+", "-", "@")
EXCEL_EPOCH = date(1899, 12, 30)  # Excel's day 0 (with its 1900 leap-year bug, from 1.3.1900)

_TRUE = {"ja", "j", "yes", "y", "x", "1", "sann", "true", "avsluttet", "closed"}
_FALSE = {"", "nei", "n", "no", "0", "usann", "false"}
_RATERS = {
    "klient": "client",
    "forelder": "parent",
    "foresatt": "parent",
    "foreldre": "parent",
    "familie": "family",
    "nettverk": "network",
    "annen": "other",
    "annet": "other",
}
_AGE_GROUPS = {"voksen": "adult", "ungdom": "adolescent", "barn": "child"}
_REASONS = {
    "planlagt": "planned",
    "avbrutt": "dropped-out",
    "flyttet": "moved",
    "annet": "other",
    "annen": "other",
}
_SHORT_YEAR = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{2})$")


def cell_text(value: Any) -> str:
    """A cell as text (what a message may echo, after the identity-number guard)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else str(value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def to_date(field: str, value: Any) -> date:
    """A date cell: ISO, ``dd.mm.yyyy``, ``dd.mm.yy`` (20yy before 70, else 19yy), a date value,
    or an Excel serial number (days since 30.12.1899)."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if 1 <= value < 2958466 and float(value).is_integer():
            return EXCEL_EPOCH + timedelta(days=int(value))
        return parse_date(field, cell_text(value))
    text = str(value).strip()
    m = _SHORT_YEAR.match(text)
    if m:
        dd, mm, yy = m.groups()
        text = f"{dd}.{mm}.{(2000 if int(yy) < 70 else 1900) + int(yy)}"
        try:
            return parse_date(field, text)
        except InvalidInput:
            raise InvalidInput(
                field,
                t(
                    "{v} finnes ikke i kalenderen",
                    "{v} does not exist in the calendar",
                    v=str(value).strip(),
                ),
            ) from None
    if text.replace(".", "", 1).isdigit() and "." not in text[:3]:
        try:
            number = float(text)
        except ValueError:
            number = -1.0
        if number.is_integer() and 1 <= number < 2958466:
            return EXCEL_EPOCH + timedelta(days=int(number))
    return parse_date(field, text)


def nowhere(_index: int) -> str:
    return ""


def item_tenths(field: str, value: str) -> int:
    return round(parse_item(field, value) * 10)


def clean_name(field: str, value: Any) -> str:
    return clean_text(field, cell_text(value), max_length=NAME_MAX)


def big_number(value: Any) -> bool:
    return type(value) in (int, float) and abs(value) >= 1e9


def learnable(value: Any) -> bool:
    return type(value) in (str, float, int, date, datetime) and not big_number(value)


def is_number(text: str) -> bool:
    return bool(re.fullmatch(r"[+-]?(\d+([.,]\d*)?|[.,]\d+)", text))


def parse_total(field: str, value: Any) -> float:
    from recoverykit.domain.dates import parse_decimal

    number = parse_decimal(field, value if not isinstance(value, str) else value.strip())
    if not 0 <= number <= 40:
        raise InvalidInput(
            field,
            t("«{v}» er ikke mellom 0 og 40", "'{v}' is not between 0 and 40", v=cell_text(value)),
        )
    return round(number * 10) / 10


def parse_rater_word(field: str, value: Any) -> str:
    text = cell_text(value).casefold()
    return parse_rater(field, _RATERS.get(text, text)).value


def parse_age_group_word(field: str, value: Any) -> str:
    text = cell_text(value).casefold()
    return parse_age_group(field, _AGE_GROUPS.get(text, text)).value


def parse_end(field: str, value: Any) -> date | bool | None:
    if isinstance(value, bool):
        return True if value else None
    if isinstance(value, (date | datetime, int | float)):
        if isinstance(value, int | float) and value in (0, 1):
            return True if value == 1 else None
        return to_date(field, value)
    text = cell_text(value).casefold()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return None
    return to_date(field, value)


def parse_reason(field: str, value: Any) -> str:
    text = cell_text(value).casefold()
    text = _REASONS.get(text, text)
    if text not in CLOSE_REASONS:
        raise InvalidInput(
            field,
            t(
                "«{v}» er ikke tillatt; velg {a} (eller planlagt, avbrutt, flyttet, annet)",
                "'{v}' is not allowed; choose {a}",
                v=cell_text(value),
                a=" | ".join(CLOSE_REASONS),
            ),
        )
    return text


TEXT_PARSERS: dict[str, Callable[[str, Any], Any]] = {
    "department": clean_name,
    "clinician": clean_name,
    "rater": parse_rater_word,
    "age_group": parse_age_group_word,
    "episode": lambda _h, v: cell_text(v),
}
