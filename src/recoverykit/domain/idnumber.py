"""Spot Norwegian national identity numbers in free text, so that they are never stored.

recoverykit identifies clients by pseudonymous codes; a fødselsnummer typed into a note or a code
is refused (:func:`guard_text`) without echoing it back.

Structure (Skatteetaten; Folkeregisteret): 11 digits ``DDMMYY III K1 K2`` — birth date, a
three-digit individual number, two check digits.

- *fødselsnummer*: ``DD`` 01–31, ``MM`` 01–12.
- *D-number*: the day plus 40 (``DD`` 41–71).
- *H-number* (help number used in health services): the month plus 40 (``MM`` 41–52).
- *synthetic test numbers* (Skatteetaten's Tenor test population): the month plus 80
  (``MM`` 81–92), optionally combined with the D-number day offset. Recognised unless
  ``synthetic=False``; NAV's synthetic numbers (month plus 40) look like H-numbers and are
  recognised as such.

The date part is checked against the calendar: 29 February only in a year that can be a leap year
(``YY`` divisible by 4; 00 counts, as 2000 was a leap year).

Check digits, weights from Skatteetaten:

- k1 weights 3 7 6 1 8 9 4 5 2 over the nine first digits; k2 weights 5 4 3 2 7 6 5 4 3 2 over
  the nine digits and k1.
- *Classic rule* (numbers issued up to 2031): ``k1 = 11 − (sum1 mod 11)``, ``k2 = 11 − (sum2 mod
  11)``, where 11 becomes 0 and 10 means the number is never issued. Equivalently: the weighted sum
  of all ten digits with k1's weight 1 (``3 7 6 1 8 9 4 5 2 1``) is divisible by 11, and likewise
  for k2 (``5 4 3 2 7 6 5 4 3 2 1``).
- *Rule from 2032* ("Nytt fødselsnummer fra 2032", Skatteetaten / Folkeregisteret API
  documentation, nyttfnr2032): to give out more numbers per birth date, k1 may be any of
  ``{11, 12, 13, 14} − (sum1 mod 11)``, taken modulo 11, except 10 — i.e. the remainder of the
  ten-digit k1 sum modulo 11 may be 0, 1, 2 or 3 instead of only 0. k2 is computed exactly as
  before (with the k1 actually used), remainder 0 only. Both rules apply side by side: every
  classic number also satisfies the 2032 rule. From 2032 the individual number no longer tells
  the century or the sex, so neither is checked here.

Not recognised: FH-numbers (felles hjelpenummer, first digit 8 or 9, no date part).
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from enum import StrEnum

from recoverykit.errors import InvalidInput
from recoverykit.i18n import t

K1_WEIGHTS = (3, 7, 6, 1, 8, 9, 4, 5, 2, 1)
K2_WEIGHTS = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2, 1)
# Remainders of the k1 sum that are valid: classic rule {0}; from 2032 {0, 1, 2, 3}.
K1_REMAINDERS_CLASSIC = frozenset({0})
K1_REMAINDERS_2032 = frozenset({0, 1, 2, 3})


class Kind(StrEnum):
    FODSELSNUMMER = "fodselsnummer"
    D_NUMBER = "d_number"
    H_NUMBER = "h_number"
    SYNTHETIC = "synthetic"


class Rule(StrEnum):
    CLASSIC = "classic"
    FROM_2032 = "2032"


def _weighted(digits: str, weights: tuple[int, ...]) -> int:
    return sum(int(d) * w for d, w in zip(digits, weights, strict=False))


def check_digits_rule(digits: str) -> Rule | None:
    """Which rule the check digits of an 11-digit string satisfy (classic first), or None."""
    if len(digits) != 11 or not digits.isascii() or not digits.isdigit():
        return None
    if _weighted(digits, K2_WEIGHTS) % 11 != 0:
        return None
    remainder = _weighted(digits, K1_WEIGHTS) % 11
    if remainder in K1_REMAINDERS_CLASSIC:
        return Rule.CLASSIC
    if remainder in K1_REMAINDERS_2032:
        return Rule.FROM_2032
    return None


def check_digits(first_nine: str, *, remainder: int = 0) -> str | None:
    """The two check digits for ``first_nine`` with k1 chosen so the k1 sum leaves ``remainder``
    (0 = classic rule; 1–3 only under the 2032 rule); None if that k1 or k2 would be 10."""
    if len(first_nine) != 9 or not first_nine.isdigit() or remainder not in K1_REMAINDERS_2032:
        raise ValueError("need nine digits and a remainder 0–3")
    k1 = (11 + remainder - _weighted(first_nine, K1_WEIGHTS[:9]) % 11) % 11
    if k1 == 10:
        return None
    k2 = (11 - _weighted(first_nine + str(k1), K2_WEIGHTS[:10]) % 11) % 11
    if k2 == 10:
        return None
    return f"{k1}{k2}"


def _date_ok(day: int, month: int, yy: int) -> bool:
    year = 2000 + yy if yy % 4 == 0 else 1900 + yy  # a leap year whenever YY allows one
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def kind_of(digits: str, *, synthetic: bool = True) -> Kind | None:
    """The kind of number the date part says (fødselsnummer, D-, H- or synthetic), or None if
    the date part is impossible. Check digits are not looked at."""
    if len(digits) != 11 or not digits.isascii() or not digits.isdigit():
        return None
    day, month, yy = int(digits[0:2]), int(digits[2:4]), int(digits[4:6])
    kind = Kind.FODSELSNUMMER
    if day > 40:
        day -= 40
        kind = Kind.D_NUMBER
    if month > 80 and synthetic:
        month -= 80
        kind = Kind.SYNTHETIC
    elif month > 40:
        month -= 40
        if kind is Kind.FODSELSNUMMER:
            kind = Kind.H_NUMBER
    return kind if _date_ok(day, month, yy) else None


def is_identity_number(s: str, *, rule_2032: bool = True, synthetic: bool = True) -> bool:
    """Whether ``s`` as a whole (11 digits, however spelled: see :func:`identity_number_spans`)
    is a valid identity number: a possible date part and check digits under the classic rule
    (or the 2032 rule, by default)."""
    normal, _ = _normalised((s or "").strip())
    normal = normal.strip()
    found = _candidates(normal)
    return any(
        start == 0 and end == len(normal) and _valid(digits, rule_2032, synthetic)
        for start, end, digits in found
    )


def _valid(digits: str, rule_2032: bool, synthetic: bool) -> bool:
    if kind_of(digits, synthetic=synthetic) is None:
        return False
    rule = check_digits_rule(digits)
    return rule is Rule.CLASSIC or (rule is Rule.FROM_2032 and rule_2032)


# Between the parts of a number people type spaces (one or more, also no-break and thin spaces),
# dots, hyphens and dashes, slashes, backslashes, underscores and colons: a "separator run".
_SEPARATORS = frozenset(" .-/\\_:") | frozenset(
    "\u00a0\u2009\u202f\u2010\u2011\u2012\u2013\u2014\u2212"
)
_MAX_RUN = 3


def _normalised(text: str) -> tuple[str, list[int]]:
    """``text`` with each character NFKC-normalised (full-width digits become ASCII), any
    Unicode decimal digit as its ASCII digit, and invisible formatting characters (zero-width
    space, joiners, bidi marks, soft hyphen) removed; with the original offset of each char."""
    out: list[str] = []
    where: list[int] = []
    for index, ch in enumerate(text):
        if unicodedata.category(ch) == "Cf":
            continue
        for part in unicodedata.normalize("NFKC", ch):
            digit = unicodedata.decimal(part, None)
            out.append(str(digit) if digit is not None else part)
            where.append(index)
    return "".join(out), where


def _candidates(text: str) -> list[tuple[int, int, str]]:
    """Every run of digit groups joined by separator runs whose digits number exactly 11, as
    (start, end, digits) in ``text``; a group of more than 11 digits is never a candidate."""
    groups = [(m.start(), m.end()) for m in re.finditer(r"[0-9]+", text)]
    found: list[tuple[int, int, str]] = []
    for first in range(len(groups)):
        digits = ""
        for k in range(first, len(groups)):
            start, end = groups[k]
            if k > first:
                gap = text[groups[k - 1][1] : start]
                if len(gap) > _MAX_RUN or any(ch not in _SEPARATORS for ch in gap):
                    break
            digits += text[start:end]
            if len(digits) >= 11:
                if len(digits) == 11:
                    found.append((groups[first][0], end, digits))
                break
    return found


def identity_number_spans(
    text: str, *, rule_2032: bool = True, synthetic: bool = True
) -> list[tuple[int, int]]:
    """Start and end offsets (in ``text``) of every identity number in it, however spelled:
    full-width digits, invisible characters, any separator run between the parts."""
    if not text or (text.isascii() and sum(map(str.isdigit, text)) < 11):
        return []  # plain ASCII with fewer than 11 digits cannot hold one (the common case)
    normal, where = _normalised(text)
    spans: list[tuple[int, int]] = []
    for start, end, digits in _candidates(normal):
        if _valid(digits, rule_2032, synthetic):
            span = (where[start], where[end - 1] + 1)
            if not spans or span[0] >= spans[-1][1]:
                spans.append(span)
    return spans


def find_identity_numbers(text: str, *, rule_2032: bool = True, synthetic: bool = True) -> bool:
    """Whether any 11-digit sequence in ``text`` (also ``010190 12345``, ``010190.12345``) is a
    valid identity number."""
    return bool(identity_number_spans(text, rule_2032=rule_2032, synthetic=synthetic))


def guard_text(field: str, text: str) -> str:
    """Return ``text`` unchanged, or refuse it if it holds what looks like an identity number.

    The message never repeats the number (it would end up in logs and terminal scrollback)."""
    if find_identity_numbers(text):
        raise InvalidInput(
            field,
            t(
                "inneholder det som ser ut som et fødselsnummer eller D-nummer; "
                "bruk en pseudonym kode (f.eks. K-0001), aldri fødselsnummer",
                "contains what looks like a national identity number (fødselsnummer or "
                "D-number); use a pseudonymous code (e.g. K-0001), never an identity number",
            ),
        )
    return text
