"""Parsing the short numeric ids users type (plan 2, goal 7)."""

from __future__ import annotations

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
