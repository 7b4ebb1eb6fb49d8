"""ORS/SRS items and totals (Miller et al. 2003; Duncan et al. 2003: 4 items × 0–10, one decimal)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from recoverykit.domain.fit.scoring import (
    INSTRUMENTS,
    AgeGroup,
    Instrument,
    Rater,
    parse_age_group,
    parse_item,
    parse_ors,
    parse_rater,
    parse_srs,
    total,
)
from recoverykit.errors import Field, InvalidInput


def test_comma_and_dot_are_the_same() -> None:
    assert parse_item("--ors item 1", "7,5") == 7.5
    assert parse_item("--ors item 1", "7.5") == 7.5
    assert parse_item("--ors item 1", "10") == 10.0
    assert parse_item("--ors item 1", "0,0") == 0.0
    assert parse_item("--ors item 1", 3) == 3.0


def test_total_is_exact_to_one_decimal() -> None:
    r = parse_ors(["7,5", "6.1", "8.2", "5.3"])
    assert r.instrument is Instrument.ORS
    assert r.items == (7.5, 6.1, 8.2, 5.3)
    assert r.total == 27.1  # not 27.099999999999998
    assert parse_srs(["10", "10", "10", "10"]).total == 40.0
    assert total([0.1, 0.2, 0.3, 0.4]) == 1.0


@pytest.mark.parametrize("bad", ["10.5", "-1", "7.55", "7,25", "abc", "", "1e1", "nan", "7."])
def test_bad_item_names_field_and_says_what_is_allowed(bad: str) -> None:
    with pytest.raises(InvalidInput) as e:
        parse_ors(["5", bad, "5", "5"])
    # a field, not a flag: the CLI shows it as "--ors ledd 2" ("--ors item 2" with --lang en)
    assert e.value.field == "ors ledd 2" and isinstance(e.value.field, Field)
    assert "0 to 10" in e.value.message.en and "one decimal" in e.value.message.en
    assert "0 til 10" in e.value.message.nb and "én desimal" in e.value.message.nb


def test_float_with_two_decimals_is_refused() -> None:
    with pytest.raises(InvalidInput):
        parse_item("--srs item 4", 7.25)
    with pytest.raises(InvalidInput):
        parse_item("--srs item 4", True)


@pytest.mark.parametrize("values", [["5", "5", "5"], ["5"] * 5, "5555"])
def test_wrong_number_of_items(values: list[str]) -> None:
    with pytest.raises(InvalidInput) as e:
        parse_srs(values)
    assert e.value.field == "srs" and isinstance(e.value.field, Field)
    assert "4" in e.value.message.en


def test_age_group_and_rater() -> None:
    assert parse_age_group("--age-group", " Adolescent ") is AgeGroup.ADOLESCENT
    assert parse_rater("--rater", "parent") is Rater.PARENT
    with pytest.raises(InvalidInput) as e:
        parse_age_group("--age-group", "elder")
    assert e.value.field == "--age-group"
    with pytest.raises(InvalidInput):
        parse_rater("--rater", "teacher")


def test_registry_never_allows_showing_the_copyrighted_wording() -> None:
    # DESIGN.md §4: ORS/SRS wording is © Miller & Duncan.
    assert all(not info.text_may_be_shown for info in INSTRUMENTS.values())


tenths = st.integers(min_value=0, max_value=100)


@given(st.lists(tenths, min_size=4, max_size=4), st.booleans())
def test_totals_always_between_0_and_40(items: list[int], comma: bool) -> None:
    texts = [f"{i // 10}{',' if comma else '.'}{i % 10}" for i in items]
    r = parse_ors(texts)
    assert 0.0 <= r.total <= 40.0
    assert r.total == sum(items) / 10
    assert round(r.total, 1) == r.total
