"""Department rules: what a valid code, name and recovery contact are."""

from __future__ import annotations

import re

from recoverykit.domain.text import CODE_MAX, NAME_MAX, clean_text, match_key
from recoverykit.errors import InvalidInput
from recoverykit.i18n import t

_CODE = re.compile(r"^[\wæøåÆØÅ][\wæøåÆØÅ-]*$")


def clean_code(value: str | None, field: str = "CODE") -> str:
    """A department code: 1–16 letters, digits, ``-`` or ``_`` (æøå allowed), no spaces."""
    code = clean_text(field, value, max_length=CODE_MAX)
    if not _CODE.match(code):
        raise InvalidInput(
            field,
            t(
                "«{v}» er ikke en gyldig kode; bruk 1–16 bokstaver, tall, - eller _ uten mellomrom",
                "'{v}' is not a valid code; use 1–16 letters, digits, - or _ without spaces",
                v=code,
            ),
        )
    return code


def code_key(code: str) -> str:
    return match_key(code)


def clean_name(value: str | None, field: str = "NAME") -> str:
    return clean_text(field, value, max_length=NAME_MAX)


def clean_person_name(value: str | None, field: str) -> str:
    """A staff member's name (recovery contact, clinician); never a client's."""
    return clean_text(field, value, max_length=NAME_MAX)
