"""The unit's own expected-response model (DESIGN.md §4; no vendor curves; Lambert et al. 2002
expected recovery curves, Finch, Lambert & Schaalje 2001 prediction/tolerance intervals).

Quantiles are Hyndman & Fan (1996) definition 7 — the same as ``statistics.quantiles(...,
method="inclusive")``, which the property test uses as the reference.
"""

from __future__ import annotations

import json
import statistics

import pytest
from hypothesis import given
from hypothesis import strategies as st

from recoverykit.domain.fit import expected
from recoverykit.domain.fit.expected import ExpectedStats, ExpectedStatus, band_index, quantile
from recoverykit.domain.fit.settings import DEFAULT_INTAKE_BANDS, FitSettings
from recoverykit.errors import InvalidInput


def ten_episodes() -> list[list[float]]:
    # Intake 15.0 (band 15–20); change at session 2 is 0, 1, …, 9; only the first four reach
    # session 3, each 2 points further on.
    out = [[15.0, 15.0 + d] for d in range(10)]
    for d in range(4):
        out[d].append(17.0 + d)
    return out


def test_hand_worked_cell() -> None:
    """One band, one session: the unit curve is the cell's own mean, so μ = 4.5; the residual SD
    is the sample SD s = √(82.5/9) = 3.0277; the prediction spread is s·√(1 + 1/(10 + 5)) =
    3.1270 with 9 + 10 degrees of freedom; t₁₉(0.10) = −1.3277 and t₁₉(0.25) = −0.6876 (tables,
    e.g. Abramowitz & Stegun 26.10): far below < 4.5 − 1.3277·3.1270 = 0.35, below <
    4.5 − 0.6876·3.1270 = 2.35 (Finch, Lambert & Schaalje 2001: a band for a NEW client)."""
    table = expected.fit([[15.0, 15.0 + d] for d in range(10)] + [[22.0]])  # one session: unused
    assert table.episodes == 10
    cell = table.cell(2, 2)
    assert cell is not None
    assert (cell.n, cell.median, cell.low, cell.far_low, cell.p75) == (10, 4.5, 2.35, 0.35, 6.65)
    assert cell.sufficient
    assert table.cell(0, 2) is None


@pytest.mark.parametrize(
    ("q", "df", "exact"),
    [(0.10, 9, -1.3830), (0.25, 9, -0.7027), (0.10, 19, -1.3277), (0.10, 3, -1.6377)],
)
def test_t_quantiles_match_the_tables(q: float, df: float, exact: float) -> None:
    assert expected.t_quantile(q, df) == pytest.approx(exact, abs=0.002)


def test_classify_on_track_below_far_below() -> None:
    table = expected.fit([[15.0, 15.0 + d] for d in range(10)])
    assert expected.classify(table, 15.0, 17.4, 2).status is ExpectedStatus.ON_TRACK  # 2.4
    assert expected.classify(table, 15.0, 17.3, 2).status is ExpectedStatus.BELOW  # 2.3 < 2.35
    assert expected.classify(table, 15.0, 15.4, 2).status is ExpectedStatus.BELOW  # 0.4
    far = expected.classify(table, 15.0, 15.3, 2)
    assert far.status is ExpectedStatus.FAR_BELOW and far.change == 0.3
    assert far.explain().en == (
        "Far below expected: change +0.3 at session 2; expected +4.5 (50% interval +2.35 to "
        "+6.65; below expected < +2.35, far below < +0.35) from 10 other closed episodes "
        "starting at 15.0–20.0 by session 2."
    )
    assert "endring +0,3" in far.explain().nb and "forventet +4,5" in far.explain().nb


def test_a_closed_episode_is_never_judged_against_itself() -> None:
    """Issue 11: with 10 closed episodes a closed one was judged by a cell of 10 that held
    itself; left out, the cell has 9 and says "not enough data"."""
    episodes = [[15.0, 15.0 + d] for d in range(10)]
    stats = expected.collect(("adult", e) for e in episodes)
    with_itself = expected.build(stats, "adult")
    assert expected.classify(with_itself, 15.0, 15.0, 2).status is ExpectedStatus.FAR_BELOW
    left_out = expected.build(stats, "adult", leave_out=episodes[0])
    r = expected.classify(left_out, 15.0, 15.0, 2)
    assert r.status is ExpectedStatus.NOT_ENOUGH_DATA and r.cell is not None and r.cell.n == 9
    assert "9 other closed episodes" in r.explain().en and "at least 10" in r.explain().en
    assert stats.episodes == {"adult": 10}  # leaving out does not change the stored sums


def test_the_minimum_cannot_go_below_the_floor() -> None:
    with pytest.raises(InvalidInput) as e:
        FitSettings(expected_min_episodes=1)
    assert e.value.field == "expected_min_episodes"
    assert FitSettings(expected_min_episodes=10).expected_min_episodes == 10
    assert expected.MIN_EPISODES_FLOOR == 10


def test_not_enough_data_says_the_numbers() -> None:
    episodes = [[15.0, 15.0 + d] for d in range(10)]
    for d in range(4):
        episodes[d].append(17.0 + d)
    table = expected.fit(episodes)
    r = expected.classify(table, 15.0, 15.0, 3)  # only four episodes reached session 3
    assert r.status is ExpectedStatus.NOT_ENOUGH_DATA
    assert "4 other closed episodes" in r.explain().en and "at least 10" in r.explain().en
    empty = expected.classify(table, 5.0, 9.0, 2)  # no episodes at all in band 0–10
    assert empty.status is ExpectedStatus.NOT_ENOUGH_DATA and empty.cell is None
    first = expected.classify(table, 15.0, 15.0, 1)
    assert first.status is ExpectedStatus.NOT_ENOUGH_DATA
    assert "session 2" in first.explain().en


def test_expected_change_is_non_decreasing_in_session_number() -> None:
    """The demo's table went +3.4 at session 9 and +8.2 at session 10; a dip in the middle of a
    rising unit curve is smoothed away (pool adjacent violators)."""
    episodes = []
    for i in range(12):
        noise = (i % 5) - 2
        episodes.append([15.0, 17.0 + noise, 21.0 + noise, 16.0 + noise, 23.0 + noise])
    table = expected.fit(episodes)
    medians = [table.cell(2, k).median for k in range(2, 6)]  # type: ignore[union-attr]
    assert medians == sorted(medians)
    assert all(c.low <= c.median <= c.p75 for c in table.cells)


def test_age_group_gets_its_own_model_only_with_enough_data() -> None:
    adults = [("adult", [15.0, 15.0 + d % 10]) for d in range(30)]
    young = [("adolescent", [15.0, 20.0 + d % 3]) for d in range(12)]
    stats = expected.collect([*adults, *young])
    own = expected.build(stats, "adult")
    assert own.group == "adult" and own.pooled_reason is None and own.episodes == 30
    pooled = expected.build(stats, "adolescent")
    assert pooled.group == "all" and pooled.episodes == 42
    assert pooled.pooled_reason is not None
    assert pooled.pooled_reason.en == (
        "all age groups pooled: 12 closed episodes in the group, its own model from 30"
    )


def test_calibration_on_a_unit_where_everyone_is_on_track() -> None:
    """The benchmark's synthetic process, a few units: far below stays near its nominal 10 %."""
    import random

    from benchmarks.expected_calibration import BANDS, SESSIONS, unit_rates

    s = FitSettings(expected_intake_bands=BANDS, expected_max_session=SESSIONS)
    rng = random.Random(7)
    rates = [unit_rates(rng, 30, s)[0] for _ in range(30)]
    assert abs(sum(rates) / len(rates) - 0.10) <= 0.03


def test_band_boundaries() -> None:
    bands = DEFAULT_INTAKE_BANDS
    assert band_index(bands, 0.0) == 0
    assert band_index(bands, 9.9) == 0
    assert band_index(bands, 10.0) == 1  # [lower, upper)
    assert band_index(bands, 24.9) == 3
    assert band_index(bands, 25.0) == 4
    assert band_index(bands, 40.0) == 4  # the last band includes 40
    with pytest.raises(InvalidInput):
        band_index(bands, 40.1)


def test_stored_sums_are_a_serialisable_value() -> None:
    stats = expected.collect(("adult", [15.0, 15.0 + d]) for d in range(10))
    stored = json.dumps(stats.to_mapping())
    again = ExpectedStats.from_mapping(json.loads(stored))
    assert again == stats
    broken = stats.to_mapping() | {"version": 99}
    with pytest.raises(InvalidInput) as e:
        ExpectedStats.from_mapping(broken)
    assert e.value.field == "expected_table"
    with pytest.raises(InvalidInput):
        ExpectedStats.from_mapping({"version": 2})


@given(st.lists(st.integers(min_value=-400, max_value=400), min_size=2, max_size=60))
def test_quantiles_match_the_reference_definition(values: list[int]) -> None:
    data = sorted(v / 10 for v in values)
    ref = statistics.quantiles(data, n=4, method="inclusive")
    assert quantile(data, 0.25) == pytest.approx(ref[0])
    assert quantile(data, 0.5) == pytest.approx(ref[1])
    assert quantile(data, 0.75) == pytest.approx(ref[2])


@given(
    st.lists(
        st.lists(st.integers(min_value=0, max_value=400), min_size=1, max_size=8),
        max_size=40,
    )
)
def test_cell_counts_match_episodes(raw: list[list[int]]) -> None:
    episodes = [[x / 10 for x in e] for e in raw]
    table = expected.fit(episodes)
    assert table.episodes == sum(1 for e in episodes if len(e) >= 2)
    for c in table.cells:
        behind = [
            e for e in episodes if len(e) >= c.session and band_index(table.bands, e[0]) == c.band
        ]
        assert c.n == len(behind)
        assert c.far_low <= c.low <= c.median <= c.p75
        assert c.sufficient == (c.n >= table.min_episodes)
        assert table.min_episodes >= expected.MIN_EPISODES_FLOOR


def test_sessions_beyond_max_use_the_last_cell() -> None:
    s = FitSettings(expected_max_session=2)
    table = expected.fit([[15.0, 15.0 + d, 30.0] for d in range(10)], s)
    assert table.cell(2, 3) is None  # session 3 is beyond max_session and not fitted
    r = expected.classify(table, 15.0, 20.0, 7)
    assert r.compared_session == 2 and r.cell is not None and r.cell.n == 10
