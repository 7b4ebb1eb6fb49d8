"""Competence coverage: who has read the required booklet or taken a required course.

Sandnes calls the booklet «et minste felles kunnskapsgrunnlag» and names the difficulty: «Vanskelig
å sikre at alle leser tilgjengelig informasjon». Coverage is counted per department among the staff
who are *active* on a date: started on or before it (or no start date) and not yet left (a person
who leaves on 2026-03-01 is active on 28.02 but not on 01.03). Staff who left are excluded from
current coverage, but their records are kept: coverage on an earlier date still counts them.
Records dated after the date asked about do not count.
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from difflib import SequenceMatcher
from enum import StrEnum

from recoverykit.domain.text import match_key, norwegian_sort_key
from recoverykit.i18n import Msg, t


class ActivityKind(StrEnum):
    READ = "read"  # read a document (staff read NAME DOC)
    COURSE = "course"  # took a course or training (staff train NAME COURSE)


@dataclass(frozen=True)
class StaffMember:
    id: Hashable
    name: str
    department: str
    started: date | None = None
    left: date | None = None

    def is_active(self, on: date) -> bool:
        started = self.started is None or self.started <= on
        return started and (self.left is None or on < self.left)


@dataclass(frozen=True)
class CompletionRecord:
    """``staff_id`` read document / took course ``item`` on ``on``."""

    staff_id: Hashable
    kind: ActivityKind
    item: str
    on: date


@dataclass(frozen=True)
class Requirement:
    kind: ActivityKind
    item: str

    def label(self) -> Msg:
        if self.kind == ActivityKind.READ:
            return t("lest «{i}»", "read '{i}'", i=self.item)
        return t("tatt kurset «{i}»", "taken the course '{i}'", i=self.item)


@dataclass(frozen=True)
class DepartmentCoverage:
    department: str
    active: int
    covered: int
    missing: tuple[str, ...]  # names of active staff who have not, in Norwegian order

    @property
    def share(self) -> float | None:
        """Covered among active staff, 0.0–1.0; ``None`` for a department with no active staff."""
        return None if self.active == 0 else self.covered / self.active

    @property
    def percent(self) -> float | None:
        share = self.share
        return None if share is None else 100.0 * share


def _done_by(
    records: Iterable[CompletionRecord], requirement: Requirement, on: date
) -> set[Hashable]:
    wanted = match_key(requirement.item)
    return {
        r.staff_id
        for r in records
        if r.kind == requirement.kind and match_key(r.item) == wanted and r.on <= on
    }


def department_coverage(
    staff: Iterable[StaffMember],
    records: Iterable[CompletionRecord],
    requirement: Requirement,
    on: date,
    *,
    departments: Iterable[str] = (),
) -> list[DepartmentCoverage]:
    """Coverage of ``requirement`` per department on date ``on``, sorted by department name.

    ``departments`` lists departments to include even when they have no active staff
    (they get ``active == 0`` and ``share is None``). Department names match ignoring case.
    """
    done = _done_by(records, requirement, on)
    names: dict[str, str] = {match_key(d): d for d in departments}
    active: dict[str, list[StaffMember]] = {key: [] for key in names}
    for member in staff:
        key = match_key(member.department)
        names.setdefault(key, member.department)
        active.setdefault(key, [])
        if member.is_active(on):
            active[key].append(member)
    result = []
    for key, members in active.items():
        missing = sorted((m.name for m in members if m.id not in done), key=norwegian_sort_key)
        result.append(
            DepartmentCoverage(
                department=names[key],
                active=len(members),
                covered=len(members) - len(missing),
                missing=tuple(missing),
            )
        )
    return sorted(result, key=lambda c: norwegian_sort_key(c.department))


def total_coverage(rows: Iterable[DepartmentCoverage]) -> DepartmentCoverage:
    """All departments together (``department`` is ``"*"``)."""
    rows = list(rows)
    missing = sorted((n for r in rows for n in r.missing), key=norwegian_sort_key)
    return DepartmentCoverage(
        department="*",
        active=sum(r.active for r in rows),
        covered=sum(r.covered for r in rows),
        missing=tuple(missing),
    )


def coverage_matrix(
    staff: Iterable[StaffMember],
    records: Iterable[CompletionRecord],
    requirements: Iterable[Requirement],
    on: date,
) -> dict[Requirement, list[DepartmentCoverage]]:
    """:func:`department_coverage` for several requirements (same staff, same date)."""
    staff = list(staff)
    records = list(records)
    departments = [m.department for m in staff]
    return {
        req: department_coverage(staff, records, req, on, departments=departments)
        for req in requirements
    }


def history(staff_id: Hashable, records: Iterable[CompletionRecord]) -> list[CompletionRecord]:
    """Everything one person has read or taken, oldest first (kept after they leave)."""
    return sorted((r for r in records if r.staff_id == staff_id), key=lambda r: (r.on, r.item))


# The booklet every employee must read (Sandnes' plan for autumn 2015, measure 1).
DEFAULT_REQUIREMENTS = (Requirement(ActivityKind.READ, "RECOVERY – en veileder for alle ansatte"),)
# --- naming a requirement the way people type it (staff read NAME DOC) --------------------------

_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212-"
_QUOTES = "«»\"'‘’‚‛“”„‟‹›`´"
_BOOKLET_WORDS = {"heftet", "recoveryheftet", "booklet", "the booklet", "veilederen"}


def doc_key(text: str) -> str:
    """A title as a matching key: case, every kind of dash, quotes and spacing do not matter."""
    key = match_key(text)
    for dash in _DASHES:
        key = key.replace(dash, "-")
    for quote in _QUOTES:
        key = key.replace(quote, "")
    key = re.sub(r"\s*-\s*", " - ", key)
    return " ".join(key.split())


def short_id(requirement: Requirement, taken: set[str]) -> str:
    """A short id for ``staff require``'s list: the title's first word, made unique."""
    words = re.findall(r"\w+", doc_key(requirement.item))
    base = words[0] if words else "krav"
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}{n}", n + 1
    return candidate


def numbered(requirements: Iterable[Requirement]) -> list[tuple[int, str, Requirement]]:
    """``(number, short id, requirement)`` in the order ``staff require`` lists them."""
    taken: set[str] = set()
    out = []
    for i, req in enumerate(requirements, start=1):
        sid = short_id(req, taken)
        taken.add(sid)
        out.append((i, sid, req))
    return out


def resolve_requirement(
    item: str, requirements: Sequence[Requirement], kind: ActivityKind
) -> tuple[Requirement | None, Requirement | None]:
    """``(the requirement meant, None)`` or ``(None, the closest one of that kind)``.

    Accepts the number or short id from ``staff require``, the title in any case with any dash,
    quotes or spacing, "heftet" / "booklet" for the unit's one required booklet, and a part of
    one title (at least four characters) that fits no other."""
    listed = numbered(requirements)
    mine = [(n, sid, r) for n, sid, r in listed if r.kind == kind]
    key = doc_key(item)
    for n, sid, r in mine:
        if key in (str(n), sid) or doc_key(r.item) == key:
            return r, None
    if key in _BOOKLET_WORDS and mine:
        return mine[0][2], None
    partial = [r for _n, _s, r in mine if len(key) >= 4 and key in doc_key(r.item)]
    if len(partial) == 1:
        return partial[0], None
    if not mine:
        return None, None
    closest = max(mine, key=lambda x: SequenceMatcher(None, key, doc_key(x[2].item)).ratio())[2]
    return None, closest
