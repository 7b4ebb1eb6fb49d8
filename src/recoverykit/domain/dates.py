"""Dates and decimals as people type them: ISO ``2026-11-20`` or Norwegian ``20.11.2026``;
decimals with ``.`` or ``,``."""

from __future__ import annotations

import re
from datetime import date

from recoverykit.errors import InvalidInput
from recoverykit.i18n import t

_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_NORWEGIAN = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")


def parse_date(field: str, value: str) -> date:
    """Parse ISO or ``dd.mm.yyyy``; refuse impossible dates such as 31.02.2026, naming ``field``."""
    text = (value or "").strip()
    m = _ISO.match(text)
    if m:
        year, month, day = (int(g) for g in m.groups())
    else:
        m = _NORWEGIAN.match(text)
        if not m:
            raise InvalidInput(
                field,
                t(
                    "«{v}» er ikke en dato; skriv 2026-11-20 eller 20.11.2026",
                    "'{v}' is not a date; write 2026-11-20 or 20.11.2026",
                    v=text,
                ),
            )
        day, month, year = (int(g) for g in m.groups())
    try:
        return date(year, month, day)
    except ValueError:
        raise InvalidInput(
            field,
            t("{v} finnes ikke i kalenderen", "{v} does not exist in the calendar", v=text),
        ) from None


def parse_optional_date(field: str, value: str | None) -> date | None:
    return None if value is None else parse_date(field, value)


def format_date(value: date, lang: str = "nb") -> str:
    """How dates are shown: ``20.11.2026`` in Norwegian, ISO in English."""
    return value.strftime("%d.%m.%Y") if lang == "nb" else value.isoformat()


def parse_decimal(field: str, value: str | float | int) -> float:
    """A number with ``.`` or ``,`` as decimal mark (``7,5`` and ``7.5`` are the same)."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    from recoverykit.domain.idnumber import guard_text

    guard_text(field, str(value))  # a number field is no place for an identity number either
    text = str(value).strip().replace(",", ".")
    if not re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)", text):
        raise InvalidInput(
            field, t("«{v}» er ikke et tall", "'{v}' is not a number", v=str(value).strip())
        )
    return float(text)
