"""Norwegian identity numbers. Rules from Skatteetaten (weights 3 7 6 1 8 9 4 5 2 and
5 4 3 2 7 6 5 4 3 2; D-number day + 40; H-number month + 40; Tenor test numbers month + 80) and
"Nytt fødselsnummer fra 2032" (Skatteetaten, Folkeregisteret API documentation: from 2032 the k1
remainder may be 0, 1, 2 or 3; k2 unchanged).

No real person's number is used: valid numbers are built here from invented dates and individual
numbers, with the check digits computed in this file independently of the module, plus the worked
examples in Skatteetaten's 2032 documentation (numbers not yet issued).
"""

from __future__ import annotations

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from recoverykit.domain.idnumber import (
    Kind,
    Rule,
    check_digits,
    check_digits_rule,
    find_identity_numbers,
    guard_text,
    identity_number_spans,
    is_identity_number,
    kind_of,
)
from recoverykit.errors import InvalidInput

W1 = (3, 7, 6, 1, 8, 9, 4, 5, 2)
W2 = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)


def make(nine: str, remainder: int = 0) -> str | None:
    """Worked the way Skatteetaten writes it: k1 = (11 + remainder) − (sum1 mod 11), 11 → 0,
    10 → not issued; k2 = 11 − (sum2 mod 11), same rules."""
    s1 = sum(int(d) * w for d, w in zip(nine, W1, strict=True))
    k1 = (11 + remainder - s1 % 11) % 11
    if k1 == 10:
        return None
    s2 = sum(int(d) * w for d, w in zip(nine + str(k1), W2, strict=True))
    k2 = (11 - s2 % 11) % 11
    return None if k2 == 10 else f"{nine}{k1}{k2}"


def valid(prefix6: str, start: int = 100, remainder: int = 0) -> str:
    """The first valid number for an invented date and individual numbers from ``start``."""
    for individual in range(start, 1000):
        n = make(f"{prefix6}{individual:03d}", remainder)
        if n is not None:
            return n
    raise AssertionError("no valid individual number")


def test_skatteetaten_2032_worked_examples() -> None:
    # 02.01.2032, individual 999: k1 = 11 − (156 mod 11) = 9, k2 = 11 − (169 mod 11) = 7.
    assert check_digits("020132999") == "97"
    assert check_digits_rule("02013299997") is Rule.CLASSIC
    # Same date, k1 with remainder 2 under the new rule: 02013299903.
    assert check_digits("020132999", remainder=2) == "03"
    assert check_digits_rule("02013299903") is Rule.FROM_2032
    # 30.10.1982 given a number in 2032: 30108299920 (classic), 30108299939 (remainder 1).
    assert check_digits("301082999") == "20"
    assert check_digits("301082999", remainder=1) == "39"
    for n in ("02013299997", "02013299903", "30108299920", "30108299939", "02013299806"):
        assert is_identity_number(n)
    # The classic rule alone refuses the numbers that need the 2032 rule.
    assert is_identity_number("02013299997", rule_2032=False)
    assert not is_identity_number("02013299903", rule_2032=False)
    assert not is_identity_number("30108299939", rule_2032=False)


def test_kinds() -> None:
    fnr = valid("150385")
    assert kind_of(fnr) is Kind.FODSELSNUMMER and is_identity_number(fnr)
    d = valid("550385")  # day 15 + 40
    assert kind_of(d) is Kind.D_NUMBER and is_identity_number(d)
    h = valid("154385")  # month 03 + 40
    assert kind_of(h) is Kind.H_NUMBER and is_identity_number(h)
    syn = valid("158385")  # month 03 + 80 (Tenor)
    assert kind_of(syn) is Kind.SYNTHETIC and is_identity_number(syn)
    assert not is_identity_number(syn, synthetic=False)
    syn_d = valid("558385")
    assert kind_of(syn_d) is Kind.SYNTHETIC


@pytest.mark.parametrize(
    ("prefix", "ok"),
    [
        ("310185", True),
        ("320185", False),  # day 32
        ("000185", False),  # day 0
        ("150085", False),  # month 0
        ("151385", False),  # month 13
        ("310485", False),  # 31 April
        ("290204", True),  # 2004 (or 1904) can be a leap year
        ("290200", True),  # 2000 was a leap year
        ("290201", False),  # no leap year ends in 01
        ("720185", False),  # D-number day 32
        ("155385", False),  # H-number month 13
        ("159385", False),  # synthetic month 13
    ],
)
def test_date_part_is_checked(prefix: str, ok: bool) -> None:
    n = valid(prefix)
    assert check_digits_rule(n) is Rule.CLASSIC  # check digits always fine here
    assert is_identity_number(n) is ok


def test_formats_and_wrong_check_digits() -> None:
    n = valid("150385")
    assert is_identity_number(f"{n[:6]} {n[6:]}")
    assert is_identity_number(f"{n[:6]}.{n[6:]}")
    assert is_identity_number(f" {n[:6]}-{n[6:]} ")
    assert is_identity_number(f"{n[:6]}  {n[6:]}")  # two spaces: still the number (issue 12)
    assert not is_identity_number(n[:-1] + str((int(n[-1]) + 1) % 10))
    assert not is_identity_number(n + "0")
    assert not is_identity_number("")
    assert not is_identity_number("١٥٠٣٨٥١٠٠٠٠")  # non-ASCII digits


def test_find_in_free_text() -> None:
    n = valid("150385")
    assert find_identity_numbers(f"Ringte {n} i dag")
    assert find_identity_numbers(f"fnr:{n[:6]} {n[6:]}.")
    assert find_identity_numbers(f"({n[:6]}.{n[6:]})")
    spans = identity_number_spans(f"a {n} b {n[:6]} {n[6:]}")
    assert spans == [(2, 13), (16, 28)]
    assert not find_identity_numbers(f"x{n}9")  # inside a longer run of digits
    assert not find_identity_numbers(f"9{n}")
    assert not find_identity_numbers("Ring 22 33 44 55 eller 90012345 kl. 10.30, 2026-11-20")
    assert not find_identity_numbers("konto 1234.56.78903")
    assert not find_identity_numbers("")


def test_guard_refuses_without_echoing_the_number() -> None:
    n = valid("150385")
    assert guard_text("note", "Klienten K-0001 har det bedre") == "Klienten K-0001 har det bedre"
    for text in (f"ny klient {n}", f"ny klient {n[:6]} {n[6:]}"):
        with pytest.raises(InvalidInput) as e:
            guard_text("note", text)
        assert e.value.field == "note"
        for rendered in (e.value.message.nb, e.value.message.en, str(e.value)):
            assert n not in rendered and n[:6] not in rendered and n[6:] not in rendered
        assert "pseudonym" in e.value.message.en and "pseudonym" in e.value.message.nb
        assert "identity number" in e.value.message.en
        assert "fødselsnummer" in e.value.message.nb


prefixes = st.builds(
    lambda d, m, y, i: f"{d:02d}{m:02d}{y:02d}{i:03d}",
    st.integers(1, 28),
    st.integers(1, 12),
    st.integers(0, 99),
    st.integers(0, 999),
)


@given(prefixes, st.integers(0, 3))
def test_generated_numbers_are_recognised_under_the_right_rule(nine: str, rem: int) -> None:
    n = make(nine, rem)
    assume(n is not None)
    assert n is not None
    assert check_digits(nine, remainder=rem) == n[9:]
    assert is_identity_number(n)
    assert is_identity_number(n, rule_2032=False) == (rem == 0)


@given(prefixes, st.integers(0, 3), st.integers(0, 10), st.integers(1, 9))
def test_any_single_digit_error_is_caught(nine: str, rem: int, pos: int, delta: int) -> None:
    # k2's weights (5 4 3 2 7 6 5 4 3 2 1) are all non-zero and below 11, a prime, so changing
    # one digit always changes the k2 sum modulo 11.
    n = make(nine, rem)
    assume(n is not None)
    assert n is not None
    wrong = n[:pos] + str((int(n[pos]) + delta) % 10) + n[pos + 1 :]
    assert check_digits_rule(wrong) is None
    assert not is_identity_number(wrong)
