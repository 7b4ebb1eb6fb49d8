"""The unit's own expected-response table (DESIGN.md §4; no vendor curves).

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
from recoverykit.domain.fit.expected import ExpectedStatus, ExpectedTable, band_index, quantile
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
    table = expected.fit([*ten_episodes(), [22.0]])  # a one-session episode adds nothing
    assert table.episodes == 10
    cell = table.cell(2, 2)
    assert cell is not None
    # Changes 0..9: median 4.5; p25 = 0 + 9 × 0.25 = 2.25; p75 = 6.75; p10 = 0.9.
    assert (cell.n, cell.median, cell.p25, cell.p75) == (10, 4.5, 2.25, 6.75)
    assert (cell.low, cell.far_low, cell.sufficient) == (2.25, 0.9, True)
    s3 = table.cell(2, 3)
    assert s3 is not None and s3.n == 4 and not s3.sufficient and s3.median == 3.5
    assert table.cell(0, 2) is None


def test_classify_on_track_below_far_below() -> None:
    table = expected.fit(ten_episodes())
    assert expected.classify(table, 15.0, 17.3, 2).status is ExpectedStatus.ON_TRACK
    assert expected.classify(table, 15.0, 17.2, 2).status is ExpectedStatus.BELOW  # 2.2 < 2.25
    assert expected.classify(table, 15.0, 15.9, 2).status is ExpectedStatus.BELOW  # 0.9 is p10
    far = expected.classify(table, 15.0, 15.8, 2)
    assert far.status is ExpectedStatus.FAR_BELOW and far.change == 0.8
    text = far.explain().en
    assert text == (
        "Far below expected: change +0.8 at session 2; in the unit 10 episodes starting at "
        "15.0–20.0 changed by a median of +4.5 (25th–75th percentile +2.25 to +6.75; below "
        "expected < +2.25, far below < +0.9) by session 2."
    )
    assert "endring +0,8" in far.explain().nb and "median +4,5" in far.explain().nb


def test_not_enough_data_says_the_numbers() -> None:
    table = expected.fit(ten_episodes())
    r = expected.classify(table, 15.0, 15.0, 3)  # only four episodes reached session 3
    assert r.status is ExpectedStatus.NOT_ENOUGH_DATA
    assert "4 closed episodes" in r.explain().en and "at least 10" in r.explain().en
    empty = expected.classify(table, 5.0, 9.0, 2)  # no episodes at all in band 0–10
    assert empty.status is ExpectedStatus.NOT_ENOUGH_DATA and empty.cell is None
    first = expected.classify(table, 15.0, 15.0, 1)
    assert first.status is ExpectedStatus.NOT_ENOUGH_DATA
    assert "session 2" in first.explain().en
    lower_min = expected.fit(ten_episodes(), FitSettings(expected_min_episodes=4))
    assert expected.classify(lower_min, 15.0, 21.0, 3).status is ExpectedStatus.ON_TRACK


def test_sessions_beyond_max_use_the_last_cell() -> None:
    s = FitSettings(expected_max_session=2, expected_min_episodes=4)
    table = expected.fit(ten_episodes(), s)
    assert table.cell(2, 3) is None  # session 3 is beyond max_session and not fitted
    r = expected.classify(table, 15.0, 20.0, 7)
    assert r.compared_session == 2 and r.cell is not None and r.cell.n == 10


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


def test_table_is_a_serialisable_value() -> None:
    table = expected.fit(ten_episodes())
    stored = json.dumps(table.to_mapping())
    again = ExpectedTable.from_mapping(json.loads(stored))
    assert again == table
    broken = table.to_mapping() | {"version": 99}
    with pytest.raises(InvalidInput) as e:
        ExpectedTable.from_mapping(broken)
    assert e.value.field == "expected_table"
    with pytest.raises(InvalidInput):
        ExpectedTable.from_mapping({"version": 1})


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
