"""The plan section: measures done / in progress / overdue as they stood at the end of the range,
and what changed in the range (from the measures' status log).

A measure's status on a day is the new status of its last logged change on or before that day;
before its first logged change it is that change's old status; with no log it is the measure's
current status. Progress and overdue follow ``recoverykit.domain.plans`` (as ``plan status``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from recoverykit.domain.plans import (
    MeasureNumber,
    MeasureStatus,
    PlanProgress,
    is_overdue,
    plan_progress,
    status_label,
)
from recoverykit.reports.scope import Scope
from recoverykit.store.connection import Connection, as_date
from recoverykit.store.plans import report_plans


@dataclass(frozen=True)
class MeasureLine:
    number: str
    text: str
    responsible: str | None
    due: date | None
    status: MeasureStatus
    status_label: str
    overdue: bool
    evaluation: str | None = None  # the measure's evaluation as recorded (shown in the year report)


@dataclass(frozen=True)
class ChangeLine:
    on: date
    number: str
    text: str
    old_label: str | None
    new_label: str | None
    note: str | None


@dataclass(frozen=True)
class PlanBlock:
    id: int
    title: str
    adopted_on: date | None
    progress: PlanProgress
    measures: tuple[MeasureLine, ...]
    changes: tuple[ChangeLine, ...]

    @property
    def overdue(self) -> tuple[MeasureLine, ...]:
        return tuple(m for m in self.measures if m.overdue)

    @property
    def in_progress(self) -> tuple[MeasureLine, ...]:
        return tuple(
            m for m in self.measures if m.status is MeasureStatus.IN_PROGRESS and not m.overdue
        )

    @property
    def done(self) -> tuple[MeasureLine, ...]:
        return tuple(
            m for m in self.measures if m.status in (MeasureStatus.DONE, MeasureStatus.ONGOING)
        )

    @property
    def open(self) -> tuple[MeasureLine, ...]:
        """Planned or in progress (whether overdue or not)."""
        return tuple(
            m
            for m in self.measures
            if m.status in (MeasureStatus.PLANNED, MeasureStatus.IN_PROGRESS)
        )


@dataclass(frozen=True)
class PlanSection:
    as_of: date
    plans: tuple[PlanBlock, ...]

    @property
    def has_data(self) -> bool:
        return bool(self.plans)

    @property
    def overdue(self) -> tuple[MeasureLine, ...]:
        return tuple(m for p in self.plans for m in p.overdue)


def _label(status: str | None) -> str | None:
    return None if status is None else status_label(MeasureStatus(status))


def plan_section(conn: Connection, scope: Scope) -> PlanSection:
    """Every plan's measures as they stood on ``scope.as_of`` and the changes in the range."""
    plans, measures, events = report_plans(conn=conn, start=scope.start, end=scope.end)
    blocks = []
    for plan in plans:
        lines = []
        for row in measures:
            if row["plan_id"] != plan["id"]:
                continue
            status = MeasureStatus(row["status_on"])
            due = as_date(row["due"])
            lines.append(
                MeasureLine(
                    str(MeasureNumber(int(row["number_main"]), row["number_sub"] or "")),
                    row["text"],
                    row["responsible"],
                    due,
                    status,
                    status_label(status),
                    is_overdue(due, status, scope.as_of),
                    row["evaluation"] or None,
                )
            )
        changes = tuple(
            ChangeLine(
                as_date(e["event_date"]) or scope.end,
                str(MeasureNumber(int(e["number_main"]), e["number_sub"] or "")),
                e["text"],
                _label(e["old_status"]) if e["new_status"] else None,
                _label(e["new_status"]),
                e["note"],
            )
            for e in events
            if e["plan_id"] == plan["id"]
        )
        blocks.append(
            PlanBlock(
                int(plan["id"]),
                plan["title"],
                as_date(plan["adopted_on"]),
                plan_progress(lines, scope.as_of),
                tuple(lines),
                changes,
            )
        )
    return PlanSection(scope.as_of, tuple(blocks))
