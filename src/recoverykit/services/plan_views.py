"""What the plan use cases return: plans, measures, their log and a plan's status."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from recoverykit.domain import plans as rules
from recoverykit.domain.periods import parse_period
from recoverykit.domain.plans import MeasureNumber, MeasureStatus, PlanProgress
from recoverykit.i18n import tr
from recoverykit.render.output import show_date as show_date  # re-exported for the commands
from recoverykit.store.connection import Row, as_date


@dataclass(frozen=True)
class PlanView:
    id: int
    title: str
    unit: str
    adopted_by: str | None
    adopted_on: date | None
    period_start: date | None
    period_end: date | None
    period_code: str | None
    description: str | None = None

    @classmethod
    def from_row(cls, row: Row) -> PlanView:
        return cls(
            int(row["id"]),
            row["title"],
            row["unit"],
            row["adopted_by"],
            as_date(row["adopted_on"]),
            as_date(row["period_start"]),
            as_date(row["period_end"]),
            row["period_code"],
            row["description"],
        )

    def period_label(self) -> str | None:
        """``2. halvår 2015``, ``fra 29.09.2016`` or ``01.01.2026–31.12.2026``."""
        if self.period_code:
            return parse_period("period", self.period_code).label()
        if self.period_start is None:
            return None
        if self.period_end is None:
            return tr("fra {d}", "from {d}", d=show_date(self.period_start))
        return f"{show_date(self.period_start)}–{show_date(self.period_end)}"


@dataclass(frozen=True)
class MeasureView:
    id: int
    plan_id: int
    number: MeasureNumber
    text: str
    responsible: str | None
    due: date | None
    status: MeasureStatus
    focus: str | None
    evaluation: str | None
    latest_note: str | None = None
    latest_note_on: date | None = None

    @classmethod
    def from_row(cls, row: Row, note: Row | None = None) -> MeasureView:
        return cls(
            int(row["id"]),
            int(row["plan_id"]),
            MeasureNumber(int(row["number_main"]), row["number_sub"]),
            row["text"],
            row["responsible"],
            as_date(row["due"]),
            MeasureStatus(row["status"]),
            row["focus"],
            row["evaluation"],
            None if note is None else note["note"],
            None if note is None else as_date(note["event_date"]),
        )

    def overdue(self, today: date) -> bool:
        return rules.is_overdue(self.due, self.status, today)


@dataclass(frozen=True)
class MeasureEvent:
    on: date
    old_status: MeasureStatus | None
    new_status: MeasureStatus | None
    note: str | None


@dataclass(frozen=True)
class PlanStatus:
    plan: PlanView
    measures: list[MeasureView]
    progress: PlanProgress
