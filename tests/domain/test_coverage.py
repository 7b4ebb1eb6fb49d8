from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from recoverykit.domain.coverage import (
    ActivityKind,
    CompletionRecord,
    DepartmentCoverage,
    Requirement,
    StaffMember,
    coverage_matrix,
    department_coverage,
    history,
    total_coverage,
)

DOC = "RECOVERY – en veileder for alle ansatte"
BOOKLET = Requirement(ActivityKind.READ, DOC)
MI = Requirement(ActivityKind.COURSE, "Motiverende intervju")

STAFF = [
    StaffMember(1, "Åse", "Bofellesskap", started=date(2015, 1, 1)),
    StaffMember(2, "Bjørn", "Bofellesskap", started=date(2015, 1, 1), left=date(2016, 3, 1)),
    StaffMember(3, "Cecilie", "Bofellesskap", started=date(2016, 2, 1)),
    StaffMember(4, "Ørjan", "Rus poliklinikk"),
    StaffMember(5, "Anne", "rus poliklinikk", started=date(2017, 1, 1)),  # not started yet
]
RECORDS = [
    CompletionRecord(1, ActivityKind.READ, DOC, date(2015, 10, 1)),
    CompletionRecord(2, ActivityKind.READ, DOC.lower().replace("en v", "EN v"), date(2015, 11, 1)),
    CompletionRecord(4, ActivityKind.READ, DOC, date(2016, 5, 2)),
    CompletionRecord(4, ActivityKind.COURSE, "Motiverende intervju", date(2015, 9, 1)),
    # reading the booklet is not taking a course with the same name
    CompletionRecord(3, ActivityKind.COURSE, DOC, date(2016, 2, 2)),
]  # fmt: skip


def by_dept(rows: list[DepartmentCoverage]) -> dict[str, DepartmentCoverage]:
    return {r.department: r for r in rows}


def test_staff_who_left_excluded_from_current_coverage() -> None:
    rows = by_dept(department_coverage(STAFF, RECORDS, BOOKLET, date(2016, 6, 1)))
    bo = rows["Bofellesskap"]
    # Bjørn left 2016-03-01: not counted; Åse read it; Cecilie has not.
    assert (bo.active, bo.covered, bo.missing) == (2, 1, ("Cecilie",))
    assert bo.share == pytest.approx(0.5) and bo.percent == pytest.approx(50)
    rus = rows["Rus poliklinikk"]  # department names match ignoring case
    assert (rus.active, rus.covered, rus.missing) == (1, 1, ())


def test_history_kept_for_staff_who_left() -> None:
    # On 2016-02-15 Bjørn was still employed and counts as having read it.
    rows = by_dept(department_coverage(STAFF, RECORDS, BOOKLET, date(2016, 2, 15)))
    assert (rows["Bofellesskap"].active, rows["Bofellesskap"].covered) == (3, 2)
    assert [r.item for r in history(2, RECORDS)] == ["recovery – EN veileder for alle ansatte"]


def test_leave_date_is_the_first_day_away() -> None:
    bjorn = STAFF[1]
    assert bjorn.is_active(date(2016, 2, 29))
    assert not bjorn.is_active(date(2016, 3, 1))
    assert not STAFF[4].is_active(date(2016, 12, 31))
    assert STAFF[3].is_active(date(1990, 1, 1))  # no start date: always started


def test_records_after_the_date_do_not_count() -> None:
    rows = by_dept(department_coverage(STAFF, RECORDS, BOOKLET, date(2016, 5, 1)))
    assert rows["Rus poliklinikk"].covered == 0
    assert rows["Rus poliklinikk"].missing == ("Ørjan",)


def test_courses_are_separate_from_documents() -> None:
    rows = by_dept(department_coverage(STAFF, RECORDS, MI, date(2016, 6, 1)))
    assert rows["Bofellesskap"].covered == 0
    assert rows["Bofellesskap"].missing == ("Cecilie", "Åse")  # Norwegian order: Å last
    assert rows["Rus poliklinikk"].covered == 1


def test_departments_without_active_staff_and_totals() -> None:
    rows = department_coverage(
        STAFF, RECORDS, BOOKLET, date(2016, 6, 1), departments=["Ærfugl", "Bofellesskap"]
    )
    assert [r.department for r in rows] == ["Bofellesskap", "Rus poliklinikk", "Ærfugl"]
    empty = rows[-1]
    assert (empty.active, empty.covered, empty.share) == (0, 0, None)
    total = total_coverage(rows)
    assert (total.active, total.covered, total.missing) == (3, 2, ("Cecilie",))


def test_matrix() -> None:
    matrix = coverage_matrix(STAFF, RECORDS, [BOOKLET, MI], date(2016, 6, 1))
    assert set(matrix) == {BOOKLET, MI}
    assert [r.covered for r in matrix[MI]] == [0, 1]
    assert BOOKLET.label().nb.startswith("lest «RECOVERY")


@given(
    st.lists(
        st.tuples(st.sampled_from(["A", "B"]), st.booleans(), st.booleans()),
        max_size=20,
    )
)
def test_covered_never_exceeds_active(people: list[tuple[str, bool, bool]]) -> None:
    on = date(2020, 1, 1)
    staff = [
        StaffMember(i, f"p{i}", dept, left=date(2019, 1, 1) if left else None)
        for i, (dept, left, _) in enumerate(people)
    ]
    records = [
        CompletionRecord(i, ActivityKind.READ, "Heftet", date(2018, 1, 1))
        for i, (_, _, read) in enumerate(people)
        if read
    ]
    rows = department_coverage(staff, records, Requirement(ActivityKind.READ, "heftet"), on)
    for row in rows:
        assert 0 <= row.covered <= row.active
        assert row.active - row.covered == len(row.missing)
    assert sum(r.active for r in rows) == sum(1 for _, left, _ in people if not left)
