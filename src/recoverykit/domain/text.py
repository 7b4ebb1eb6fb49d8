"""Free text and names: NFC normalisation, length limits, no identity numbers, and matching
with æøå done in Python."""

from __future__ import annotations

import unicodedata

from recoverykit.domain.idnumber import guard_text
from recoverykit.errors import InvalidInput
from recoverykit.i18n import t

# Bidirectional embeddings, overrides and isolates, and the marks: text that displays in another
# order than it is stored (Unicode TR9; "Trojan Source", CVE-2021-42574).
BIDI_CONTROLS = frozenset(
    "\u061c\u200e\u200f" + "".join(chr(c) for c in range(0x202A, 0x202F))
    + "".join(chr(c) for c in range(0x2066, 0x206A))
)  # fmt: skip

# Sane limits for what people type at a terminal; long texts belong in documents, not here.
NAME_MAX = 120
TEXT_MAX = 2000
CODE_MAX = 16


def clean_text(field: str, value: str | None, *, max_length: int = TEXT_MAX) -> str:
    """NFC-normalise and strip ``value``; refuse empty and over-long text, naming ``field``."""
    text = unicodedata.normalize("NFC", value or "").strip()
    if not text:
        raise InvalidInput(field, t("kan ikke være tom", "must not be empty"))
    if len(text) > max_length:
        raise InvalidInput(
            field,
            t(
                "er {n} tegn lang; høyst {max} tegn er tillatt",
                "is {n} characters long; at most {max} are allowed",
                n=len(text),
                max=max_length,
            ),
        )
    if any(unicodedata.category(ch) in ("Cc", "Cs") and ch not in "\n\t" for ch in text):
        raise InvalidInput(field, t("inneholder kontrolltegn", "contains control characters"))
    if any(ch in BIDI_CONTROLS for ch in text) or (
        max_length <= NAME_MAX and any(unicodedata.category(ch) == "Cf" for ch in text)
    ):
        # A name that displays as something else (U+202E turns "exe.txt" around) is refused;
        # so are invisible characters in codes and names, where they make look-alikes.
        raise InvalidInput(
            field,
            t(
                "inneholder usynlige tegn eller tegn som snur skriveretningen "
                "(f.eks. U+202E, U+200B); skriv teksten på nytt",
                "contains invisible characters or characters that reverse the writing "
                "direction (e.g. U+202E, U+200B); type the text again",
            ),
        )
    # Health data: no free text anywhere may carry a national identity number (DESIGN.md §3).
    return guard_text(field, text)


def optional_text(field: str, value: str | None, *, max_length: int = TEXT_MAX) -> str | None:
    """Like :func:`clean_text`, but ``None`` (not given) stays ``None``."""
    if value is None:
        return None
    return clean_text(field, value, max_length=max_length)


def match_key(value: str) -> str:
    """Key for case-insensitive matching of names with æøå (SQLite's NOCASE is ASCII only)."""
    return unicodedata.normalize("NFC", value).strip().casefold()


# Norwegian alphabetical order: a–z, then æ, ø, å.
_NORWEGIAN_TAIL = {"æ": "{", "ø": "|", "å": "}"}


def norwegian_sort_key(value: str) -> str:
    """Sort key that orders æ, ø, å after z, as Norwegian dictionaries do."""
    key = match_key(value)
    return "".join(_NORWEGIAN_TAIL.get(ch, ch) for ch in unicodedata.normalize("NFC", key))


def visible(text: str) -> str:
    """``text`` as it may be shown anywhere (terminal, Markdown, HTML, CSV): control characters,
    bidirectional controls and invisible formatting characters become visible ``<U+202E>``
    escapes; newlines and tabs stay. Text that is all printable is returned as it is."""
    if text.isprintable():
        return text
    out = []
    for ch in text:
        if ch in "\n\t" or ch.isprintable() or unicodedata.category(ch) in ("Zs", "Co", "Cn"):
            out.append(ch)
        else:
            out.append(f"<U+{ord(ch):04X}>")
    return "".join(out)
