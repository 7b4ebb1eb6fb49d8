from dataclasses import dataclass
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from recoverykit.domain.plans import (
    MeasureNumber,
    MeasureStatus,
    check_status_change,
    is_overdue,
    next_measure_number,
    numbering_problems,
    parse_measure_number,
    parse_status,
    plan_progress,
    status_label,
)
from recoverykit.errors import InvalidInput

S = MeasureStatus
DUE = date(2015, 12, 20)


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("planned", S.PLANNED),
        ("planlagt", S.PLANNED),
        ("in-progress", S.IN_PROGRESS),
        ("In Progress", S.IN_PROGRESS),
        ("pågår", S.IN_PROGRESS),
        ("PÅGÅR", S.IN_PROGRESS),
        ("pagar", S.IN_PROGRESS),
        ("i gang", S.IN_PROGRESS),
        ("done", S.DONE),
        ("gjennomført", S.DONE),
        ("ferdig", S.DONE),
        ("ongoing", S.ONGOING),
        ("løpende", S.ONGOING),
        ("i drift", S.ONGOING),
        ("dropped", S.DROPPED),
        ("skrinlagt", S.DROPPED),
        ("droppet", S.DROPPED),
    ],
)
def test_parse_status_accepts_code_and_norwegian(text: str, status: MeasureStatus) -> None:
    assert parse_status("--status", text) is status


def test_parse_status_refusal_lists_allowed() -> None:
    with pytest.raises(InvalidInput) as info:
        parse_status("--status", "halvferdig")
    assert info.value.field == "--status"
    for word in ("planlagt", "pågår", "gjennomført", "løpende", "skrinlagt", "in-progress"):
        assert word in info.value.message.nb
    assert "in-progress" in info.value.message.en


def test_labels() -> None:
    assert [status_label(s, "nb") for s in S] == [
        "planlagt",
        "pågår",
        "gjennomført",
        "løpende",
        "skrinlagt",
    ]
    assert status_label(S.IN_PROGRESS, "en") == "in progress"
    assert [s.value for s in S] == ["planned", "in-progress", "done", "ongoing", "dropped"]


def test_overdue_rules() -> None:
    after = date(2015, 12, 21)
    assert is_overdue(DUE, S.PLANNED, after)
    assert is_overdue(DUE, S.IN_PROGRESS, after)
    assert not is_overdue(DUE, S.PLANNED, DUE)  # due today is not yet overdue
    for status in (S.DONE, S.DROPPED, S.ONGOING):
        assert not is_overdue(DUE, status, date(2030, 1, 1))
    assert not is_overdue(None, S.PLANNED, date(2030, 1, 1))


def test_status_change_rules() -> None:
    check_status_change(S.PLANNED, S.IN_PROGRESS)
    check_status_change(S.IN_PROGRESS, S.DONE)
    check_status_change(S.PLANNED, S.ONGOING)
    with pytest.raises(InvalidInput, match="allerede"):
        check_status_change(S.DONE, S.DONE)
    with pytest.raises(InvalidInput) as info:
        check_status_change(S.PLANNED, S.DROPPED)
    assert info.value.field == "note"
    check_status_change(S.PLANNED, S.DROPPED, note="Erstattet av punkt 3 i 2016-planen")
    with pytest.raises(InvalidInput, match="åpnes igjen"):
        check_status_change(S.DONE, S.IN_PROGRESS, note="  ")
    check_status_change(S.DONE, S.IN_PROGRESS, note="Evalueringen viste at ikke alle har lest")
    with pytest.raises(InvalidInput):
        check_status_change(S.DROPPED, S.PLANNED)


@dataclass
class M:
    status: str
    due: date | None = None


def test_progress_excludes_dropped_and_counts_ongoing() -> None:
    today = date(2016, 1, 10)
    measures = [
        M(S.DONE),
        M(S.DONE),
        M(S.DONE),
        M(S.ONGOING),
        M(S.DROPPED, DUE),
        M(S.PLANNED, DUE),  # overdue
        M("in-progress", date(2016, 6, 1)),  # plain code strings work too
    ]
    progress = plan_progress(measures, today)
    assert (progress.total, progress.counted, progress.carried_out) == (7, 6, 4)
    assert (progress.dropped, progress.overdue, progress.in_progress) == (1, 1, 1)
    assert progress.percent == pytest.approx(400 / 6)
    assert (
        progress.summary().nb
        == "4 av 6 tiltak gjennomført eller i drift (1 over frist, 1 skrinlagt)"
    )


def test_progress_of_empty_or_all_dropped_plan() -> None:
    assert plan_progress([], date(2016, 1, 1)).percent is None
    assert plan_progress([M(S.DROPPED)], date(2016, 1, 1)).percent is None


@given(st.lists(st.sampled_from(list(S)), max_size=30))
def test_progress_percent_bounded(statuses: list[MeasureStatus]) -> None:
    progress = plan_progress([M(s, DUE) for s in statuses], date(2020, 1, 1))
    assert progress.total == len(statuses)
    if progress.percent is not None:
        assert 0 <= progress.percent <= 100


@pytest.mark.parametrize(
    ("value", "expected"),
    [(3, MeasureNumber(3)), ("3", MeasureNumber(3)), ("2a", MeasureNumber(2, "a")),
     ("2 B", MeasureNumber(2, "b")), ("2.c", MeasureNumber(2, "c")), ("12)", MeasureNumber(12))],
)  # fmt: skip
def test_parse_measure_number(value: str | int, expected: MeasureNumber) -> None:
    assert parse_measure_number("number", value) == expected


@pytest.mark.parametrize("value", ["0", "", "a", "2ab", "1000", "-1", "2.1"])
def test_bad_measure_number_refused(value: str) -> None:
    with pytest.raises(InvalidInput) as info:
        parse_measure_number("number", value)
    assert info.value.field == "number"
    assert "2a" in info.value.message.nb


def test_measure_ordering() -> None:
    numbers = [parse_measure_number("n", v) for v in ["10", "2b", "3", "2", "1", "2a"]]
    assert [str(n) for n in sorted(numbers)] == ["1", "2", "2a", "2b", "3", "10"]
    assert MeasureNumber(2, "a").parent == MeasureNumber(2)
    assert MeasureNumber(2).parent is None


def test_numbering_problems() -> None:
    numbers = [MeasureNumber(1), MeasureNumber(1), MeasureNumber(3, "a"), MeasureNumber(2, "a")]
    numbers.append(MeasureNumber(2))
    problems = numbering_problems(numbers)
    assert [i for i, _ in problems] == [1, 2]
    assert "twice" in problems[0][1].en
    assert "3a" in problems[1][1].nb and "3" in problems[1][1].nb


def test_next_measure_number() -> None:
    assert next_measure_number([]) == MeasureNumber(1)
    assert next_measure_number([MeasureNumber(2), MeasureNumber(2, "c")]) == MeasureNumber(3)
