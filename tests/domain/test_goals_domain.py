import math

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from recoverykit.domain.goals import (
    MAX_GOALS_PER_PERIOD,
    SPARK_ASCII,
    SPARK_BLOCKS,
    Outcome,
    check_goal_limit,
    check_goal_numbers,
    departments_without_goal,
    goal_progress,
    goal_reached,
    outcome_label,
    parse_outcome,
    progress_bar,
    sparkline,
)
from recoverykit.domain.periods import Period
from recoverykit.errors import Conflict, InvalidInput

H1 = Period(2026, 1)


def test_one_or_two_goals_allowed_third_refused_with_reason() -> None:
    assert MAX_GOALS_PER_PERIOD == 2
    check_goal_limit("Rus poliklinikk", H1, 0)
    check_goal_limit("Rus poliklinikk", H1, 1)
    with pytest.raises(Conflict) as info:
        check_goal_limit("Rus poliklinikk", H1, 2)
    error = info.value
    assert isinstance(error, InvalidInput) and error.exit_code == 2
    assert "Rus poliklinikk" in error.message.nb
    assert "1. halvår 2026" in error.message.nb
    assert "«Hver avdeling lager ett eller to målbare mål»" in error.message.nb
    assert "29.09.16" in error.message.nb and "--force" in error.message.nb
    assert "first half of 2026" in error.message.en and "one or two" in error.message.en


def test_force_allows_a_third_goal() -> None:
    check_goal_limit("Bofellesskap", H1, 2, force=True)
    check_goal_limit("Bofellesskap", H1, 5, force=True)


def test_departments_without_goal() -> None:
    depts = ["Bofellesskap", "Rus poliklinikk", "Ærfugl", "Øst"]
    goals = [("rus POLIKLINIKK", H1), ("Bofellesskap", H1.previous()), ("ærfugl", H1)]
    assert departments_without_goal(depts, goals, H1) == ["Bofellesskap", "Øst"]
    assert departments_without_goal(depts, goals, H1.previous()) == [
        "Rus poliklinikk",
        "Ærfugl",
        "Øst",
    ]


@pytest.mark.parametrize(
    ("text", "outcome"),
    [("met", Outcome.MET), ("nådd", Outcome.MET), ("partly", Outcome.PARTLY),
     ("delvis nådd", Outcome.PARTLY), ("Delvis", Outcome.PARTLY), ("not-met", Outcome.NOT_MET),
     ("ikke nådd", Outcome.NOT_MET), ("not met", Outcome.NOT_MET)],
)  # fmt: skip
def test_parse_outcome(text: str, outcome: Outcome) -> None:
    assert parse_outcome("--outcome", text) is outcome


def test_outcome_labels_and_refusal() -> None:
    assert [outcome_label(o, "nb") for o in Outcome] == ["nådd", "delvis nådd", "ikke nådd"]
    assert [o.value for o in Outcome] == ["met", "partly", "not-met"]
    with pytest.raises(InvalidInput) as info:
        parse_outcome("--outcome", "kanskje")
    assert info.value.field == "--outcome" and "delvis nådd" in info.value.message.nb


def test_progress_increasing_goal() -> None:
    # Share of sessions with FIT from 20 % to 80 %.
    assert goal_progress(20, 80, 20) == 0
    assert goal_progress(20, 80, 56) == pytest.approx(60)
    assert goal_progress(20, 80, 80) == 100
    assert goal_progress(20, 80, 95) == 100  # beyond the target: clamped
    assert goal_progress(20, 80, 10) == 0  # worse than the start: clamped


def test_progress_decreasing_goal() -> None:
    # Reduce waiting time from 40 to 10 days.
    assert goal_progress(40, 10, 40) == 0
    assert goal_progress(40, 10, 25) == pytest.approx(50)
    assert goal_progress(40, 10, 10) == 100
    assert goal_progress(40, 10, 3) == 100
    assert goal_progress(40, 10, 55) == 0
    assert goal_reached(40, 10, 9) and not goal_reached(40, 10, 11)
    assert goal_reached(20, 80, 80) and not goal_reached(20, 80, 79)


def test_progress_unknown() -> None:
    assert goal_progress(None, 10, 5) is None
    assert goal_progress(1, None, 5) is None
    assert goal_progress(1, 10, None) is None
    assert goal_progress(5, 5, 5) is None


finite = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False, allow_infinity=False)


@given(finite, finite, finite)
def test_progress_always_clamped(baseline: float, target: float, latest: float) -> None:
    assume(baseline != target)
    progress = goal_progress(baseline, target, latest)
    assert progress is not None and 0 <= progress <= 100
    if goal_reached(baseline, target, latest):
        assert progress == 100


@given(finite, finite, finite, finite)
def test_progress_monotone_toward_target(
    baseline: float, target: float, a: float, b: float
) -> None:
    assume(baseline != target)
    closer, further = sorted((a, b), key=lambda v: abs(v - target))
    between = min(baseline, target) <= closer <= max(baseline, target)
    assume(between and min(baseline, target) <= further <= max(baseline, target))
    p_closer, p_further = (
        goal_progress(baseline, target, closer),
        goal_progress(baseline, target, further),
    )
    assert p_closer is not None and p_further is not None
    assert p_closer >= p_further - 1e-9


def test_goal_numbers_checked() -> None:
    check_goal_numbers(None, None)
    check_goal_numbers(40, 10)
    with pytest.raises(InvalidInput) as info:
        check_goal_numbers(20, None)
    assert info.value.field == "target"
    with pytest.raises(InvalidInput, match="ulikt utgangspunktet"):
        check_goal_numbers(20, 20)
    with pytest.raises(InvalidInput):
        check_goal_numbers(math.inf, 20)


def test_progress_bar() -> None:
    assert progress_bar(60) == "██████░░░░ 60 %"
    assert progress_bar(60, ascii=True) == "######---- 60 %"
    assert progress_bar(0) == "░░░░░░░░░░ 0 %"
    assert progress_bar(100, width=4) == "████ 100 %"
    assert progress_bar(250) == "██████████ 100 %"
    assert progress_bar(None) == "░░░░░░░░░░ –"
    assert progress_bar(None, ascii=True) == "---------- -"
    assert progress_bar(66.6) == "███████░░░ 67 %"


@given(st.floats(min_value=-50, max_value=150), st.integers(min_value=1, max_value=40))
def test_progress_bar_width(percent: float, width: int) -> None:
    bar = progress_bar(percent, width=width)
    blocks = bar.split(" ")[0]
    assert len(blocks) == width and set(blocks) <= {"█", "░"}
    assert bar.endswith(" %")


def test_sparkline() -> None:
    assert sparkline([]) == ""
    assert sparkline([1, 2, 3, 4, 5, 6, 7, 8]) == "▁▂▃▄▅▆▇█"
    assert sparkline([1, 8], ascii=True) == "_#"
    assert sparkline([5, 5, 5]) == "▄▄▄"
    # drawn against baseline 40 and target 10: falling readings reach the bottom
    assert sparkline([40, 25, 10], lo=10, hi=40) == "█▅▁"
    assert sparkline([100], lo=0, hi=50) == "█"  # outside the scale: clamped


@given(st.lists(finite, min_size=1, max_size=30), st.booleans())
def test_sparkline_one_char_per_value(values: list[float], ascii: bool) -> None:
    line = sparkline(values, ascii=ascii)
    assert len(line) == len(values)
    assert set(line) <= set(SPARK_ASCII if ascii else SPARK_BLOCKS)
    if ascii:
        assert line.isascii()
