"""Card rotation: no repeat before the whole deck is seen; deterministic; fair; deck changes."""

from __future__ import annotations

from collections import Counter
from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from recoverykit.domain.cards import cycle_order, cycle_state, draw_card
from recoverykit.errors import InvalidInput

DECK = [f"k{i}" for i in range(7)]


def _draw_many(deck: list[str], n: int, group: str = "avd-1", seed: str = "") -> list[str]:
    history: list[str] = []
    for _ in range(n):
        history.append(draw_card(deck, history, group=group, seed=seed).card_id)
    return history


def test_no_repeat_before_whole_deck_seen() -> None:
    history = _draw_many(DECK, 3 * len(DECK))
    for start in range(0, len(history), len(DECK)):
        assert sorted(history[start : start + len(DECK)]) == sorted(DECK)
    assert cycle_state(DECK, history).cycle == 3


def test_deterministic_and_group_dependent() -> None:
    assert _draw_many(DECK, 14) == _draw_many(DECK, 14)
    assert _draw_many(DECK, 14, seed="x") == _draw_many(DECK, 14, seed="x")
    orders = {tuple(_draw_many(DECK, 7, group=f"g{i}")) for i in range(10)}
    assert len(orders) > 5
    # each cycle has its own order
    history = _draw_many(DECK, 21)
    assert len({tuple(history[i : i + 7]) for i in (0, 7, 14)}) > 1


def test_fair_over_many_cycles_and_groups() -> None:
    deck = ["a", "b", "c", "d", "e"]
    expected = 2000 / len(deck)
    by_cycle: Counter[str] = Counter(cycle_order(deck, group="g", cycle=c)[0] for c in range(2000))
    by_group: Counter[str] = Counter(
        draw_card(deck, [], group=f"avd-{g}").card_id for g in range(2000)
    )
    for counts in (by_cycle, by_group):
        assert all(0.8 * expected < counts[c] < 1.2 * expected for c in deck), counts
    # draw_card follows the cycle's order: after k whole cycles the next card is its first
    # (unless that is the card just drawn: then it comes second)
    history = _draw_many(deck, 3 * len(deck), group="g")
    first, second = cycle_order(deck, group="g", cycle=3)[:2]
    expected_next = second if history[-1] == first else first
    assert draw_card(deck, history, group="g").card_id == expected_next
    # every position of a cycle is fair too (not just the first)
    last: Counter[str] = Counter(cycle_order(deck, group="g", cycle=c)[-1] for c in range(2000))
    assert all(0.8 * expected < last[c] < 1.2 * expected for c in deck), last


def test_card_added_mid_cycle_comes_this_cycle() -> None:
    history = _draw_many(DECK, 3)
    bigger = [*DECK, "ny"]
    rest = []
    for _ in range(len(bigger) - 3):
        rest.append(draw_card(bigger, history + rest, group="avd-1").card_id)
    assert sorted(history + rest) == sorted(bigger)


def test_removed_and_unknown_cards_are_skipped() -> None:
    history = _draw_many(DECK, 4)
    smaller = [c for c in DECK if c != history[0]]
    state = cycle_state(smaller, [*history, "gammelt-kort"])
    assert state.cycle == 0 and len(state.seen) == 3
    rest = []
    for _ in range(len(smaller) - 3):
        rest.append(draw_card(smaller, history + rest, group="avd-1").card_id)
    assert sorted(history[1:] + rest) == sorted(smaller)
    assert cycle_state(smaller, history + rest).cycle == 1


def test_no_card_twice_in_a_row_across_cycles() -> None:
    """A new cycle does not open with the card that closed the last one (seen with a 2-card deck:
    draws went egen-2, egen-1 | egen-1, egen-2)."""
    for deck in (["a", "b"], ["a", "b", "c"], DECK):
        for g in range(40):
            history = _draw_many(deck, 6 * len(deck), group=f"g{g}")
            assert all(x != y for x, y in pairwise(history)), history
    assert _draw_many(["solo"], 3) == ["solo", "solo", "solo"]


def test_empty_deck() -> None:
    with pytest.raises(InvalidInput):
        draw_card([], [], group="g")


@settings(max_examples=60, deadline=None)
@given(
    deck=st.lists(
        st.sampled_from([f"c{i}" for i in range(12)]), min_size=1, max_size=12, unique=True
    ),
    draws=st.integers(0, 40),
    group=st.text(max_size=5),
)
def test_property_cycles_are_permutations(deck: list[str], draws: int, group: str) -> None:
    history = _draw_many(deck, draws, group=group)
    for start in range(0, len(history), len(deck)):
        chunk = history[start : start + len(deck)]
        assert len(set(chunk)) == len(chunk)
    if len(deck) > 1:
        assert all(x != y for x, y in pairwise(history))
    assert draw_card(deck, history, group=group).remaining == len(deck) - 1 - (draws % len(deck))
