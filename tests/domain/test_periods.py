from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from recoverykit.domain.periods import (
    Month,
    Period,
    last_completed_month,
    parse_month,
    parse_period,
)
from recoverykit.errors import InvalidInput


@pytest.mark.parametrize(
    ("text", "year", "half"),
    [
        ("2026H1", 2026, 1),
        ("2026h2", 2026, 2),
        ("2026 H1", 2026, 1),
        ("2026-1", 2026, 1),
        ("2026-2", 2026, 2),
        ("1. halvår 2026", 2026, 1),
        ("2. halvår 2026", 2026, 2),
        ("2. Halvår 2026", 2026, 2),
        ("  1.  halvår   2026 ", 2026, 1),
        ("H1 2026", 2026, 1),
        ("h2 2026", 2026, 2),
    ],
)
def test_accepted_spellings(text: str, year: int, half: int) -> None:
    assert parse_period("period", text) == Period(year, half)


@pytest.mark.parametrize("text", ["2026H3", "2026-3", "2026h0", "3. halvår 2026", "H3 2026"])
def test_third_half_refused_naming_field_and_allowed(text: str) -> None:
    with pytest.raises(InvalidInput) as info:
        parse_period("--period", text)
    assert info.value.field == "--period"
    assert "1 og 2" in info.value.message.nb
    assert "1 and 2" in info.value.message.en


@pytest.mark.parametrize("text", ["", "2026", "våren 2026", "2026-01", "26H1", "2026H1x"])
def test_garbage_refused_with_allowed_forms(text: str) -> None:
    with pytest.raises(InvalidInput) as info:
        parse_period("period", text)
    assert info.value.field == "period"
    assert "2026H1" in info.value.message.nb and "1. halvår 2026" in info.value.message.nb


def test_absurd_year_refused() -> None:
    with pytest.raises(InvalidInput, match="1900"):
        parse_period("period", "0001H1")


def test_start_end_code_label() -> None:
    h1, h2 = Period(2026, 1), Period(2026, 2)
    assert (h1.start, h1.end) == (date(2026, 1, 1), date(2026, 6, 30))
    assert (h2.start, h2.end) == (date(2026, 7, 1), date(2026, 12, 31))
    assert h1.code == "2026H1" == str(h1)
    assert h1.label("nb") == "1. halvår 2026"
    assert h2.label("en") == "second half of 2026"
    assert h1.label("en") == "first half of 2026"


def test_containing_next_previous() -> None:
    assert Period.containing(date(2026, 6, 30)) == Period(2026, 1)
    assert Period.containing(date(2026, 7, 1)) == Period(2026, 2)
    assert Period(2026, 2).next() == Period(2027, 1)
    assert Period(2026, 1).previous() == Period(2025, 2)
    assert Period(2025, 2) < Period(2026, 1) < Period(2026, 2)
    assert Period(2026, 1).contains(date(2026, 3, 3))
    assert not Period(2026, 1).contains(date(2026, 7, 1))


@given(st.dates(min_value=date(1901, 1, 1), max_value=date(2099, 12, 31)))
def test_period_containing_roundtrip(day: date) -> None:
    period = Period.containing(day)
    assert period.start <= day <= period.end
    assert parse_period("p", period.code) == period
    assert parse_period("p", period.label("nb")) == period
    assert period.next().previous() == period
    assert period.next().start == date.fromordinal(period.end.toordinal() + 1)


def test_month_parsing_and_bounds() -> None:
    assert parse_month("month", "2026-02") == Month(2026, 2)
    assert parse_month("month", "2024-2").last_day == date(2024, 2, 29)
    assert Month(2026, 2).last_day == date(2026, 2, 28)
    assert Month(2026, 12).first_day == date(2026, 12, 1)
    assert Month(2026, 3).code == "2026-03"
    assert Month(2026, 3).label("nb") == "mars 2026"
    assert Month(2026, 3).label("en") == "March 2026"
    assert Month(2026, 8).period == Period(2026, 2)


@pytest.mark.parametrize("text", ["2026-13", "2026-00", "2026-0"])
def test_month_out_of_range_refused(text: str) -> None:
    with pytest.raises(InvalidInput) as info:
        parse_month("--month", text)
    assert info.value.field == "--month"
    assert "01 og 12" in info.value.message.nb


@pytest.mark.parametrize("text", ["mars 2026", "03.2026", "2026", "2026-03-01"])
def test_month_garbage_refused(text: str) -> None:
    with pytest.raises(InvalidInput, match="2026-03"):
        parse_month("--month", text)


def test_last_completed_month() -> None:
    assert last_completed_month(date(2026, 3, 1)) == Month(2026, 2)
    assert last_completed_month(date(2026, 3, 31)) == Month(2026, 2)
    assert last_completed_month(date(2026, 1, 15)) == Month(2025, 12)
    assert Month(2025, 12).next() == Month(2026, 1)
