"""Values exercise: forgiving matching, pick 10 / keep 5, anonymous group summary."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from recoverykit.domain.values import (
    Choice,
    check_keep,
    check_pick,
    edit_distance,
    match_value,
    skeleton,
    summarise,
)
from recoverykit.errors import InvalidInput
from recoverykit.loaders.values import load_values

VALUES = load_values().values
TEN = [
    "Håp",
    "Respekt",
    "Humor",
    "Familie",
    "Frihet",
    "Helse",
    "Kunnskap",
    "Mot",
    "Trygghet",
    "Vennskap",
]


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("arlighet", "Ærlighet"),
        ("aerlighet", "Ærlighet"),
        ("ÆRLIGHET", "Ærlighet"),
        ("haap", "Håp"),
        ("hap", "Håp"),
        ("HÅP", "Håp"),
        ("miljovern", "Miljøvern"),
        ("Miljoevern", "Miljøvern"),
        ("kjaerlighet", "Kjærlighet"),
        ("kjærlihet", "Kjærlighet"),
        ("respket", "Respekt"),
        ("a vaere et forbilde", "Å være et forbilde"),
        ("andelighet", "Åndelighet"),
        ("apenhet", "Åpenhet"),
        ("pagangsmot", "Pågangsmot"),
        ("okologisk", "Økologisk"),
        ("laere nye ting", "Lære nye ting"),
        ("  tid ", "Tid"),
        ("renomme", "Godt renommé"),
        ("berommelse", "Berømmelse"),
        ("dyrevern", "Dyr/dyrevern"),
    ],
)
def test_match_forgives_ascii_case_and_typos(typed: str, expected: str) -> None:
    match = match_value(typed, VALUES)
    assert match.value is not None and match.value.name == expected


def test_ambiguous_gives_candidates() -> None:
    match = match_value("okonomisk", VALUES)
    assert match.value is None
    assert {v.name for v in match.candidates} == {"Økonomisk trygghet", "Økonomisk vekst"}
    with pytest.raises(InvalidInput, match="Økonomisk trygghet"):
        check_pick(["okonomisk", *TEN[1:]], VALUES)


def test_unknown_value() -> None:
    assert match_value("xylofon", VALUES).value is None
    assert match_value("", VALUES).value is None


def test_skeleton_and_distance() -> None:
    assert skeleton("Ærlighet") == skeleton("aerlighet") == skeleton("arlighet")
    assert edit_distance("respekt", "respket") == 1  # a swap counts one
    assert edit_distance("abc", "xyz", limit=1) == 2


def test_pick_ten_keep_five() -> None:
    picked = check_pick(TEN, VALUES)
    assert [c.name for c in picked] == TEN
    kept = check_keep(["hap", "respekt", "humor", "familie", "frihet"], picked)
    assert [c.value_id for c in kept] == ["hap", "respekt", "humor", "familie", "frihet"]


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        (TEN[:9], "nøyaktig 10"),
        ([*TEN, "Lykke"], "nøyaktig 10"),
        ([*TEN[:9], "haap"], "to ganger"),
        ([*TEN[:9], "xylofon"], "ikke på verdilisten"),
    ],
)
def test_pick_errors_explain(typed: list[str], message: str) -> None:
    with pytest.raises(InvalidInput, match=message) as info:
        check_pick(typed, VALUES)
    assert info.value.field == "pick"


def test_own_values_count_in_the_pick() -> None:
    picked = check_pick(TEN[:8], VALUES, own=["Hagearbeid", "Barnebarn"])
    assert [c.own for c in picked][-2:] == [True, True]
    again = check_pick([*TEN[:8], "hagearbeid"], VALUES, own=["Hagearbeid", "Barnebarn"])
    assert len(again) == 10
    kept = check_keep(["hagearbeid", "hap", "mot", "helse", "frihet"], picked)
    assert kept[0].key == "egen:hagearbeid"


def test_keep_errors() -> None:
    picked = check_pick(TEN, VALUES)
    with pytest.raises(InvalidInput, match="ikke blant"):
        check_keep(["Lykke", "Håp", "Mot", "Helse", "Frihet"], picked)
    with pytest.raises(InvalidInput, match="nøyaktig 5"):
        check_keep(["Håp", "Mot", "Helse", "Frihet"], picked)
    with pytest.raises(InvalidInput, match="to ganger"):
        check_keep(["Håp", "haap", "Mot", "Helse", "Frihet"], picked)


def _person(*names: str) -> tuple[Choice, ...]:
    """A participant's kept values; "+Name" is an own value."""
    out = []
    for name in names:
        value = None if name.startswith("+") else match_value(name, VALUES).value
        out.append(Choice(value.name, value.id) if value else Choice(name))
    return tuple(out)


def test_summary_suppressed_below_threshold() -> None:
    group = [_person("Håp", "Mot") for _ in range(4)]
    summary = summarise(group)
    assert summary.suppressed and summary.rows == () and summary.participants == 4
    with pytest.raises(InvalidInput, match="3"):
        summarise(group, min_group=2)
    assert not summarise(group[:3], min_group=3).suppressed


def test_summary_counts_most_held_first_and_pools_rare_own_values() -> None:
    group = [
        _person("Håp", "Mot", "+Hagearbeid"),
        _person("Håp", "Humor", "+Fiske"),
        _person("Håp", "Mot", "+Fiske"),
        _person("Mot", "Humor", "+Fiske"),
        _person("Håp", "Åpenhet"),
    ]
    summary = summarise(group)
    assert not summary.suppressed
    rows = [(r.name, r.count) for r in summary.rows]
    assert rows[0] == ("Håp", 4)
    assert set(rows[1:3]) == {("Mot", 3), ("+Fiske", 3)}
    assert ("Humor", 2) in rows and ("Åpenhet", 1) in rows
    assert "+Hagearbeid" not in [r.name for r in summary.rows]  # pooled: one person only
    assert rows[-1] == ("Egne verdier", 1)
    assert summary.rows[0].share == pytest.approx(0.8)


@given(st.text(max_size=30))
def test_match_never_crashes(typed: str) -> None:
    match_value(typed, VALUES)
