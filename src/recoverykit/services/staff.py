"""Competence ("minste felles kunnskapsgrunnlag"): staff, what they read and which courses
they took, the unit's requirements, and coverage per department.

Staff are addressed by name (any case; æøå matched in Python), so names are unique in a unit.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date

from recoverykit import clock
from recoverykit.domain import coverage as _coverage
from recoverykit.domain.coverage import (
    ActivityKind,
    CompletionRecord,
    DepartmentCoverage,
    Requirement,
    StaffMember,
    department_coverage,
    total_coverage,
)
from recoverykit.domain.dates import parse_date
from recoverykit.domain.text import (
    NAME_MAX,
    clean_text,
    match_key,
    norwegian_sort_key,
    optional_text,
)
from recoverykit.errors import Conflict, Field, InvalidInput, NotFound
from recoverykit.i18n import t
from recoverykit.services.departments import DepartmentView, require_department
from recoverykit.services.ids import event_date
from recoverykit.store import departments as dq
from recoverykit.store import staff as q
from recoverykit.store.connection import Connection, Database, Row, as_date

ITEM_MAX = 200
DEFAULT_REQUIREMENTS = _coverage.DEFAULT_REQUIREMENTS


@dataclass(frozen=True)
class StaffView:
    id: int
    name: str
    dept_code: str
    role: str | None
    peer_worker: bool
    started_on: date | None
    left_on: date | None

    @classmethod
    def from_row(cls, row: Row) -> StaffView:
        return cls(
            int(row["id"]),
            row["name"],
            row["dept_code"],
            row["role"],
            bool(row["peer_worker"]),
            as_date(row["started_on"]),
            as_date(row["left_on"]),
        )

    def member(self) -> StaffMember:
        return StaffMember(self.id, self.name, self.dept_code, self.started_on, self.left_on)


@dataclass(frozen=True)
class CoverageReport:
    requirement: Requirement
    departments: list[DepartmentCoverage]
    total: DepartmentCoverage


def _when(value: str | None) -> date:
    return event_date(Field("date"), value)


def require_staff(conn: Connection, name: str, field: str = "NAME") -> StaffView:
    row = q.get_by_name_key(conn=conn, name_key=match_key(name or ""))
    if row is None:
        raise NotFound(
            field,
            t(
                "ingen ansatt med navnet «{n}»; se «recoverykit staff list»",
                "no staff member named '{n}'; see 'recoverykit staff list'",
                n=(name or "").strip(),
            ),
        )
    return StaffView.from_row(row)


def add_staff(
    db: Database,
    name: str,
    *,
    dept: str,
    role: str | None = None,
    peer_worker: bool = False,
    started: str | None = None,
) -> StaffView:
    clean = clean_text("NAME", name, max_length=NAME_MAX)
    clean_role = optional_text(Field("role"), role, max_length=NAME_MAX)
    start = None if started is None else parse_date(Field("started"), started)
    with db.write() as conn:
        d = require_department(conn, dept, Field("dept"))
        if q.get_by_name_key(conn=conn, name_key=match_key(clean)) is not None:
            raise Conflict(
                "NAME",
                t(
                    "«{n}» finnes allerede; skill like navn med f.eks. en initial",
                    "'{n}' already exists; tell equal names apart with e.g. an initial",
                    n=clean,
                ),
            )
        q.insert_staff(
            conn=conn,
            name=clean,
            name_key=match_key(clean),
            department_id=d.id,
            role=clean_role,
            peer_worker=peer_worker,
            started_on=start,
        )
        return require_staff(conn, clean)


@dataclass(frozen=True)
class Recorded:
    """What ``staff read`` stored: the requirement it matched, or the closest one when none."""

    staff: StaffView
    item: str
    matched: Requirement | None
    closest: Requirement | None
    closest_number: int | None = None
    closest_id: str | None = None


def record_activity(
    db: Database, name: str, kind: ActivityKind, item: str, on: str | None = None
) -> Recorded:
    """``name`` read a document (``READ``) or took a course (``COURSE``) on a date.

    A document is matched to the unit's requirements the way people type it (number or short
    id from ``staff require``, the title with any case, dash, quotes or spacing); an unknown one
    is stored as typed, and the closest requirement is given back for a warning."""
    from recoverykit.domain.coverage import numbered, resolve_requirement

    field = "DOC" if kind == ActivityKind.READ else "COURSE"
    clean = clean_text(field, item, max_length=ITEM_MAX)
    when = _when(on)
    with db.write() as conn:
        s = require_staff(conn, name)
        matched = closest = None
        number = sid = None
        if kind == ActivityKind.READ:
            reqs = _requirements(conn)
            matched, closest = resolve_requirement(clean, reqs, kind)
            if matched is not None:
                clean = matched.item
            for n, short, r in numbered(reqs):
                if r == closest:
                    number, sid = n, short
        if s.left_on is not None and when >= s.left_on:
            raise Conflict(
                Field("date"),
                t(
                    "{n} sluttet {d}; registrer bare det som skjedde før",
                    "{n} left on {d}; record only what happened before",
                    n=s.name,
                    d=s.left_on,
                ),
            )
        q.insert_activity(conn=conn, staff_id=s.id, kind=kind.value, item=clean, done_on=when)
    return Recorded(s, clean, matched, closest, number, sid)


def leave(db: Database, name: str, on: str) -> StaffView:
    """Record that someone left; their history stays (coverage before that date counts them)."""
    when = parse_date(Field("date"), on)
    with db.write() as conn:
        s = require_staff(conn, name)
        if s.left_on is not None:
            raise Conflict(
                "NAME",
                t(
                    "{n} er allerede registrert som sluttet {d}",
                    "{n} is already recorded as having left on {d}",
                    n=s.name,
                    d=s.left_on,
                ),
            )
        if s.started_on is not None and when < s.started_on:
            raise InvalidInput(Field("date"), t("er før startdatoen", "is before the start date"))
        q.set_left(conn=conn, staff_id=s.id, left_on=when)
        return require_staff(conn, s.name)


def list_staff(
    db: Database, dept: str | None = None, *, include_left: bool = False
) -> list[tuple[StaffView, list[CompletionRecord]]]:
    with db.read() as conn:
        d = None if dept is None else require_department(conn, dept, Field("dept"))
        staff = [
            StaffView.from_row(r)
            for r in q.list_staff(conn=conn, department_id=None if d is None else d.id)
        ]
        records = _records(conn)
    staff.sort(key=lambda s: (norwegian_sort_key(s.dept_code), norwegian_sort_key(s.name)))
    today = clock.today()
    return [
        (s, [r for r in records if r.staff_id == s.id])
        for s in staff
        if include_left or s.member().is_active(today)
    ]


def _records(conn: Connection) -> list[CompletionRecord]:
    return [
        CompletionRecord(
            int(r["staff_id"]),
            ActivityKind(r["kind"]),
            r["item"],
            as_date(r["done_on"]) or date.min,
        )
        for r in q.activities(conn=conn)
    ]


def _requirements(conn: Connection) -> list[Requirement]:
    return q.load_requirements(conn)


def change_requirements(
    db: Database, *, doc: str | None = None, course: str | None = None, remove: bool = False
) -> list[Requirement]:
    """Add (or with ``remove`` take away) a required document and/or course, all or nothing."""
    wanted = [
        Requirement(kind, clean_text(field, item, max_length=ITEM_MAX))
        for kind, field, item in (
            (ActivityKind.READ, Field("doc"), doc),
            (ActivityKind.COURSE, Field("course"), course),
        )
        if item is not None
    ]
    if remove and not wanted:
        raise InvalidInput(
            Field("remove"), t("trenger --doc eller --course", "needs --doc or --course")
        )
    with db.write() as conn:
        updated = _requirements(conn)
        if not wanted:
            return updated
        for req in wanted:
            field = Field("doc") if req.kind == ActivityKind.READ else Field("course")
            key = match_key(req.item)
            same = [r for r in updated if r.kind == req.kind and match_key(r.item) == key]
            if remove and not same:
                raise NotFound(
                    field, t("«{i}» er ikke et krav", "'{i}' is not a requirement", i=req.item)
                )
            if not remove and same:
                raise Conflict(
                    field,
                    t("«{i}» er allerede et krav", "'{i}' is already a requirement", i=req.item),
                )
            updated = [r for r in updated if r not in same] if remove else [*updated, req]
        data = [{"kind": r.kind.value, "item": r.item} for r in updated]
        q.put_setting(conn=conn, key=q.REQUIREMENTS_KEY, value=json.dumps(data, ensure_ascii=False))
    return updated


def coverage(
    db: Database,
    *,
    dept: str | None = None,
    doc: str | None = None,
    course: str | None = None,
    on: date | None = None,
) -> list[CoverageReport]:
    """Who has read / taken each requirement (or the ``doc``/``course`` asked about), per
    department, among the staff active on ``on`` (default today)."""
    asked = []
    if doc is not None:
        asked.append(
            Requirement(ActivityKind.READ, clean_text(Field("doc"), doc, max_length=ITEM_MAX))
        )
    if course is not None:
        asked.append(
            Requirement(
                ActivityKind.COURSE, clean_text(Field("course"), course, max_length=ITEM_MAX)
            )
        )
    day = on or clock.today()
    with db.read() as conn:
        d = None if dept is None else require_department(conn, dept, Field("dept"))
        reqs = asked or _requirements(conn)
        departments = [DepartmentView.from_row(r) for r in dq.list_departments(conn=conn)]
        staff = [StaffView.from_row(r).member() for r in q.list_staff(conn=conn)]
        records = _records(conn)
    if d is not None:
        departments = [d]
        staff = [m for m in staff if m.department == d.code]
    codes = [x.code for x in departments]
    reports = []
    for req in reqs:
        rows = department_coverage(staff, records, req, day, departments=codes)
        reports.append(CoverageReport(req, rows, total_coverage(rows)))
    return reports
