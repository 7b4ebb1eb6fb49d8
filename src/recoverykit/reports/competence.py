"""The competence section: required reading and course coverage per department on the last day of
the range, counted as ``staff coverage`` counts (``recoverykit.domain.coverage``). Counts only:
the report never lists who has not read."""

from __future__ import annotations

import json
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

REQUIREMENTS_KEY = "staff.requirements"  # as recoverykit.store.staff
# The booklet every employee must read (Sandnes' plan for autumn 2015, measure 1); the same
# default as ``staff coverage`` uses when the unit has set no requirements.
DEFAULT_REQUIREMENT = Requirement(ActivityKind.READ, "RECOVERY – en veileder for alle ansatte")
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

    def low(self, threshold: float = LOW_COVERAGE) -> list[tuple[str, str, float]]:
        """(department, item, percent) below ``threshold``."""
        return [
            (row.dept_code, req.item, row.percent)
            for req in self.requirements
            for row in req.departments
            if row.percent is not None and row.percent < threshold
        ]


def _row(c: DepartmentCoverage) -> CoverageRow:
    return CoverageRow(c.department, c.active, c.covered, c.percent)


def requirements(conn: Connection) -> list[Requirement]:
    raw = conn.scalar("SELECT value FROM setting WHERE key = :k", {"k": REQUIREMENTS_KEY})
    if raw is None:
        return [DEFAULT_REQUIREMENT]
    return [Requirement(ActivityKind(r["kind"]), r["item"]) for r in json.loads(str(raw))]


def competence_section(conn: Connection, scope: Scope) -> CompetenceSection:
    params: dict[str, object] = {"end": scope.end}
    where = ""
    if scope.dept_id is not None:
        params["dept"] = scope.dept_id
        where = " AND s.department_id = :dept"
    staff_rows = conn.execute(
        "SELECT s.id, s.name, d.code, s.started_on, s.left_on FROM staff s "
        "JOIN department d ON d.id = s.department_id "
        f"WHERE (s.started_on IS NULL OR s.started_on <= :end){where} ORDER BY s.id",
        params,
    )
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
        for r in conn.execute(
            "SELECT a.staff_id, a.kind, a.item, a.done_on FROM staff_activity a "
            "JOIN staff s ON s.id = a.staff_id "
            f"WHERE a.done_on <= :end{where} ORDER BY a.id",
            params,
        )
    ]
    dept_rows = conn.execute("SELECT id, code FROM department ORDER BY id")
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
