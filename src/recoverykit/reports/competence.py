"""The competence section: required reading and course coverage per department on the last day of
the range, counted as ``staff coverage`` counts (``recoverykit.domain.coverage``). Counts only:
the report never lists who has not read."""

from __future__ import annotations

from dataclasses import dataclass

from recoverykit.domain.coverage import (
    ActivityKind,
    CompletionRecord,
    DepartmentCoverage,
    Requirement,
    StaffMember,
    department_coverage,
    total_coverage,
)
from recoverykit.reports.scope import Scope
from recoverykit.store.connection import Connection, as_date
from recoverykit.store.departments import list_departments
from recoverykit.store.staff import load_requirements, report_activities, report_staff

LOW_COVERAGE = 80.0  # per cent; below this a department is named in "what to look at"


@dataclass(frozen=True)
class CoverageRow:
    dept_code: str
    active: int
    covered: int
    percent: float | None


@dataclass(frozen=True)
class RequirementCoverage:
    kind: str  # "read" | "course"
    item: str
    departments: tuple[CoverageRow, ...]
    total: CoverageRow


@dataclass(frozen=True)
class CompetenceSection:
    requirements: tuple[RequirementCoverage, ...]
    staff: int

    @property
    def has_data(self) -> bool:
        return self.staff > 0 and bool(self.requirements)

    def low(self, threshold: float = LOW_COVERAGE) -> list[tuple[str, str, str, int, int, float]]:
        """(department, kind, item, covered, active, percent) below ``threshold``."""
        return [
            (row.dept_code, req.kind, req.item, row.covered, row.active, row.percent)
            for req in self.requirements
            for row in req.departments
            if row.percent is not None and row.percent < threshold
        ]


def _row(c: DepartmentCoverage) -> CoverageRow:
    return CoverageRow(c.department, c.active, c.covered, c.percent)


def requirements(conn: Connection) -> list[Requirement]:
    return load_requirements(conn)


def competence_section(conn: Connection, scope: Scope) -> CompetenceSection:
    staff_rows = report_staff(conn=conn, end=scope.end, department_id=scope.dept_id)
    staff = [
        StaffMember(
            int(r["id"]), r["name"], r["code"], as_date(r["started_on"]), as_date(r["left_on"])
        )
        for r in staff_rows
    ]
    records = [
        CompletionRecord(
            int(r["staff_id"]),
            ActivityKind(r["kind"]),
            r["item"],
            as_date(r["done_on"]) or scope.end,
        )
        for r in report_activities(conn=conn, end=scope.end, department_id=scope.dept_id)
    ]
    dept_rows = sorted(list_departments(conn=conn), key=lambda d: int(d["id"]))
    codes = [d["code"] for d in dept_rows if scope.dept_id in (None, d["id"])]
    result = []
    for req in requirements(conn):
        rows = department_coverage(staff, records, req, scope.as_of, departments=codes)
        result.append(
            RequirementCoverage(
                req.kind.value,
                req.item,
                tuple(_row(r) for r in rows),
                _row(total_coverage(rows)),
            )
        )
    active = sum(1 for m in staff if m.is_active(scope.as_of))
    return CompetenceSection(tuple(result), active)
