"""Department summary figures and small-number suppression."""

from __future__ import annotations

import statistics
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from recoverykit.domain.disclosure import Key, Relation, protect
from recoverykit.domain.fit.settings import FitSettings
from recoverykit.domain.fit.summary import (
    EpisodeRow,
    SessionRow,
    effect_size,
    mine_by_halfyear,
    summarise,
)
from recoverykit.errors import InvalidInput

# --- suppression of one table: hand-worked (the gate itself: tests/domain/test_disclosure.py) ---


def suppress(groups: dict[str, int], threshold: int) -> tuple[dict[str, int | None], int | None]:
    values: dict[Key, int] = {**groups, "total": sum(groups.values())}
    gate = protect(values, [Relation("total", tuple(groups))], threshold)
    return {k: gate.shown(k) for k in groups}, gate.shown("total")


def test_one_small_group_takes_the_next_smallest_with_it() -> None:
    groups, total = suppress({"a": 2, "b": 10, "c": 12}, 5)
    # a alone would be total − b − c; hiding b too leaves a + b = 12, a anywhere in 1..11.
    assert groups == {"a": None, "b": None, "c": 12} and total == 24


def test_nothing_small_nothing_hidden_and_zero_is_shown() -> None:
    groups, total = suppress({"a": 0, "b": 7, "c": 9}, 5)
    assert groups == {"a": 0, "b": 7, "c": 9} and total == 16


def test_two_small_groups_whose_sum_is_still_small() -> None:
    # a + b = 5 would be known; a could only be 1..4: not protected, so c is hidden too.
    groups, total = suppress({"a": 2, "b": 3, "c": 8, "d": 9}, 5)
    assert groups == {"a": None, "b": None, "c": None, "d": 9} and total == 22


def test_small_total_hides_everything() -> None:
    groups, total = suppress({"a": 3, "b": 0}, 5)
    # The zero says nothing about a: a and the total are tied to each other, both unknown.
    assert groups == {"a": None, "b": 0} and total is None


def test_total_is_hidden_when_no_group_is_left_to_hide() -> None:
    # Six groups of 1: total 6 and all hidden would still prove each is exactly 1.
    groups, total = suppress({k: 1 for k in "abcdef"}, 5)
    assert all(v is None for v in groups.values()) and total is None


def test_threshold_never_below_three() -> None:
    with pytest.raises(InvalidInput) as e:
        suppress({"a": 1}, 2)
    assert e.value.field == "suppression_threshold"
    with pytest.raises(InvalidInput):
        suppress({"a": -1}, 5)


@given(
    st.dictionaries(st.sampled_from("abcdefg"), st.integers(min_value=0, max_value=40), max_size=7),
    st.integers(min_value=3, max_value=10),
)
def test_suppression_never_reveals_a_small_group(groups: dict[str, int], threshold: int) -> None:
    cells, total = suppress(groups, threshold)
    shown = {k: v for k, v in cells.items() if v is not None}
    hidden = [k for k, v in cells.items() if v is None]
    # Shown values are true, and never small.
    for k, v in shown.items():
        assert v == groups[k]
        assert v == 0 or v >= threshold
    # Every small group is hidden.
    assert all(k in hidden for k, c in groups.items() if 0 < c < threshold)
    if total is None or not hidden:
        return
    assert total == sum(groups.values())
    # The attacker: knows the total and the shown groups, so the hidden sum S; knows hidden
    # groups are at least 1 (zeros are shown). A value v is possible for a hidden group if the
    # other k − 1 hidden groups can take the rest, each at least 1.
    rest = total - sum(shown.values())
    n_hidden = len(hidden)
    for name in hidden:
        possible = [
            v
            for v in range(1, rest + 1)
            if (rest - v >= n_hidden - 1 if n_hidden > 1 else rest - v == 0)
        ]
        assert groups[name] in possible
        assert len(possible) >= 2, "the hidden group's value is determined"
        assert max(possible) >= threshold, "the hidden group is known to be small"


# --- summary figures ---------------------------------------------------------------------------


def _episode(n: int, intake: float, latest: float, sessions: int, **kw: object) -> EpisodeRow:
    base: dict[str, object] = {
        "client": f"K-{n:04d}",
        "clinician": "F-001",
        "department": "A01",
        "intake": intake,
        "latest": latest,
        "sessions": sessions,
        "closed_on": date(2026, 3, 1),
    }
    base.update(kw)
    return EpisodeRow(**base)  # type: ignore[arg-type]


def department() -> list[EpisodeRow]:
    rows = [_episode(i, 18.0, 27.0, 5) for i in range(6)]  # recovered (+9, crosses 25)
    rows += [_episode(6 + i, 26.0, 33.0, 4) for i in range(5)]  # reliably improved (+7)
    rows.append(_episode(11, 20.0, 14.0, 3, dropout=True))  # reliably deteriorated (−6)
    rows.append(_episode(12, 15.0, 16.0, 2, closed_on=None))  # still open
    return rows


def sessions(alerts: int) -> list[SessionRow]:
    return [
        SessionRow(f"K-{i:04d}", date(2026, 2, 1), 20.0, 34.0 if i < alerts else 39.0, i < alerts)
        for i in range(13)
    ]


def test_summary_unsuppressed_numbers() -> None:
    s = summarise(department(), sessions(3), suppress_small=False)
    assert (s.clients, s.sessions, s.episodes, s.closed) == (13, 13, 13, 12)
    assert s.intake_mean == 21.0  # (6×18 + 5×26 + 20 + 15) / 13 = 273 / 13
    assert s.outcomes == {
        "recovered": 6,
        "reliably_improved": 5,
        "no_reliable_change": 0,
        "reliably_deteriorated": 1,
        "one_session": 0,
    }
    assert s.improved_share == round(11 / 12, 3)
    assert s.recovered_share == 0.5
    assert s.deteriorated_share == round(1 / 12, 3)
    assert s.dropout_share == round(1 / 12, 3)
    assert s.srs_alerts == 3
    # Becker 1988: mean change 83/12 over the sample SD of the intakes (sqrt(177/11)).
    assert s.effect_size == round((83 / 12) / (177 / 11) ** 0.5, 2) == 1.72
    assert s.effect_size_n == 12


def test_summary_suppressed() -> None:
    s = summarise(department(), sessions(3))
    assert s.outcomes["reliably_deteriorated"] is None  # 1 < 5
    assert s.outcomes["reliably_improved"] is None  # complementary
    assert s.outcomes["recovered"] == 6
    assert s.closed == 12
    assert s.recovered_share == 0.5
    assert s.improved_share is None and s.deteriorated_share is None
    assert s.dropouts is None and s.dropout_share is None  # 1 dropout
    assert s.srs_alerts is None  # 3 < 5
    assert s.clients == 13 and s.effect_size == 1.72


def test_tiny_department_shows_almost_nothing() -> None:
    rows = department()[:3]
    s = summarise(rows, [], FitSettings(suppression_threshold=5))
    assert s.clients is None and s.episodes is None and s.closed is None
    assert s.intake_mean is None and s.effect_size is None
    assert s.sessions is None  # counts about a hidden group of clients are hidden with it


def test_effect_size_edge_cases() -> None:
    assert effect_size([]) is None
    assert effect_size([(10.0, 20.0)]) is None
    assert effect_size([(10.0, 20.0), (10.0, 15.0)]) is None  # no spread at intake
    pairs = [(10.0, 16.0), (14.0, 18.0), (18.0, 20.0)]
    expected = statistics.fmean([6, 4, 2]) / statistics.stdev([10, 14, 18])
    assert effect_size(pairs) == round(expected, 2) == 1.0


# --- "mine" ------------------------------------------------------------------------------------


def test_mine_compares_only_with_own_earlier_periods() -> None:
    rows: list[EpisodeRow] = []
    n = 0

    def add(clinician: str, closed: date, improved: bool) -> None:
        nonlocal n
        n += 1
        latest = 27.0 if improved else 19.0
        rows.append(_episode(n, 18.0, latest, 4, clinician=clinician, closed_on=closed))

    for i in range(5):  # 2025H1: 2 of 5 improved
        add("F-001", date(2025, 3, 1), i < 2)
    for i in range(6):  # 2025H2: 4 of 6 improved
        add("F-001", date(2025, 9, 1), i < 4)
    for _ in range(2):  # 2026H1: too few to compare
        add("F-001", date(2026, 2, 1), True)
    for _ in range(5):  # 2026H2: 5 of 5; compared with 2025H2 (the last with enough)
        add("F-001", date(2026, 10, 1), True)
    for _ in range(20):  # someone else, who must never show up
        add("F-002", date(2025, 9, 1), False)
    rows.append(_episode(999, 18.0, 30.0, 4, clinician="F-001", closed_on=None))  # open

    result = mine_by_halfyear(rows, "F-001")
    assert [r.period for r in result] == ["2025H1", "2025H2", "2026H1", "2026H2"]
    h1, h2, h3, h4 = result
    assert (h1.closed, h1.improved, h1.improved_share, h1.compared_with) == (5, 2, 0.4, None)
    assert h1.mean_change == round((2 * 9 + 3 * 1) / 5, 1)
    assert (h2.improved_share, h2.compared_with, h2.improved_share_change) == (
        0.667,
        "2025H1",
        0.267,
    )
    assert (h3.closed, h3.compared_with, h3.improved_share_change) == (2, None, None)
    assert (h4.compared_with, h4.improved_share_change) == ("2025H2", 0.333)
    assert sum(r.closed for r in result) == 18


def test_effect_size_n_never_reveals_a_hidden_group() -> None:
    # Found in the demo (AKT, 2026H1): closed 16 shown, "one session only" (6) hidden as the
    # complement of two small improvement groups, and n = 10 shown beside the effect size gave
    # away one session = 16 − 10 = 6 and so improved in all = 16 − 7 − 0 − 6 = 3.
    rows = [_episode(0, 18.0, 27.0, 5)]  # recovered
    rows += [_episode(1 + i, 26.0, 33.0, 4) for i in range(2)]  # reliably improved
    rows += [_episode(3 + i, 20.0, 21.0 + i % 3, 3) for i in range(7)]  # no reliable change
    rows += [_episode(10 + i, 20.0, 20.0, 1) for i in range(6)]  # one session only
    # The gate treats n as a cell (closed = n + one session; n = the four change groups), so the
    # partner of the small improvement groups is chosen among the change groups instead.
    s = summarise(rows, [])
    assert s.closed == 16 and s.outcomes["one_session"] == 6 and s.effect_size_n == 10
    assert s.outcomes["recovered"] is None and s.outcomes["reliably_improved"] is None
    assert s.outcomes["no_reliable_change"] is None  # the partner: improved + 7 = 10 is known
    assert s.effect_size is not None  # a mean over 10 episodes reveals no count
    # When the one-session group is shown, n = closed − one session is public anyway.
    shown = summarise(department(), [])
    assert shown.outcomes["one_session"] == 0 and shown.effect_size_n == 12
