"""Tables for: Implementation plans, measures, department goals, sharing, staff competence.

Dates are ``DATE`` columns (ISO text on SQLite); moments are ``created_at`` timestamps. Tables
that belong to a department refer to ``department.id``, so ``dept remove`` is refused while a
goal, a sharing entry or a staff member refers to it. Statuses, outcomes and activity kinds are
CHECK constraints with the codes of ``recoverykit.domain``.
"""

from datetime import date, datetime

from sqlalchemy import CheckConstraint, UniqueConstraint
from sqlmodel import Field, SQLModel

from recoverykit.domain.coverage import ActivityKind
from recoverykit.domain.fit.scoring import sql_values
from recoverykit.domain.goals import Outcome
from recoverykit.domain.plans import MeasureStatus
from recoverykit.store.schema.base import created_at_field  # (also sets the naming convention)

MEASURE_STATUSES = sql_values(MeasureStatus)
GOAL_OUTCOMES = sql_values(Outcome)
ACTIVITY_KINDS = sql_values(ActivityKind)


class Plan(SQLModel, table=True):
    """An implementation plan ("implementeringsplan"), adopted by the leadership on a date."""

    __tablename__ = "plan"
    __table_args__ = (
        CheckConstraint("length(title) BETWEEN 1 AND 200", name="title_length"),
        UniqueConstraint("title_key"),
    )

    id: int | None = Field(default=None, primary_key=True)
    title: str = Field(max_length=200)
    title_key: str = Field(max_length=200)
    unit: str = Field(max_length=120)
    adopted_by: str | None = Field(default=None, max_length=120)
    adopted_on: date | None = None
    period_start: date | None = None
    period_end: date | None = None
    period_code: str | None = Field(default=None, max_length=8)
    description: str | None = None
    source: str | None = Field(default=None, max_length=255)
    created_at: datetime = created_at_field()


class FocusArea(SQLModel, table=True):
    """A plan's focus area ("fokusområde"); ``key`` is the short id users type."""

    __tablename__ = "focus_area"
    __table_args__ = (UniqueConstraint("plan_id", "key"),)

    id: int | None = Field(default=None, primary_key=True)
    plan_id: int = Field(foreign_key="plan.id")
    key: str = Field(max_length=32)
    name: str = Field(max_length=120)
    description: str | None = None


class Measure(SQLModel, table=True):
    """A numbered measure ("tiltak") of a plan: ``2`` or ``2a`` is (main 2, sub '' / 'a')."""

    __tablename__ = "measure"
    __table_args__ = (
        UniqueConstraint("plan_id", "number_main", "number_sub"),
        CheckConstraint(f"status IN {MEASURE_STATUSES}", name="status"),
        CheckConstraint("number_main BETWEEN 1 AND 999", name="number_main"),
    )

    id: int | None = Field(default=None, primary_key=True)
    plan_id: int = Field(foreign_key="plan.id")
    number_main: int
    number_sub: str = Field(default="", max_length=1)
    text: str
    responsible: str | None = Field(default=None, max_length=500)
    due: date | None = None
    status: str = Field(max_length=16)
    focus_area_id: int | None = Field(default=None, foreign_key="focus_area.id")
    evaluation: str | None = None
    created_at: datetime = created_at_field()


class MeasureEvent(SQLModel, table=True):
    """The dated log of a measure: every status change and every note."""

    __tablename__ = "measure_event"
    __table_args__ = (
        CheckConstraint(
            f"new_status IS NULL OR new_status IN {MEASURE_STATUSES}", name="new_status"
        ),
        CheckConstraint("new_status IS NOT NULL OR note IS NOT NULL", name="has_content"),
    )

    id: int | None = Field(default=None, primary_key=True)
    measure_id: int = Field(foreign_key="measure.id", index=True)
    event_date: date
    old_status: str | None = Field(default=None, max_length=16)
    new_status: str | None = Field(default=None, max_length=16)
    note: str | None = None
    created_at: datetime = created_at_field()


class DepartmentGoal(SQLModel, table=True):
    """A measurable goal ("målbart mål") of a department for a half-year (``2026H1``)."""

    __tablename__ = "department_goal"
    __table_args__ = (
        CheckConstraint(f"outcome IS NULL OR outcome IN {GOAL_OUTCOMES}", name="outcome"),
        CheckConstraint("(baseline IS NULL) = (target IS NULL)", name="baseline_target"),
    )

    id: int | None = Field(default=None, primary_key=True)
    department_id: int = Field(foreign_key="department.id", index=True)
    period: str = Field(max_length=8)
    text: str
    indicator: str = Field(max_length=200)
    unit: str | None = Field(default=None, max_length=16)
    baseline: float | None = None
    target: float | None = None
    outcome: str | None = Field(default=None, max_length=8)
    result: str | None = None
    result_on: date | None = None
    created_at: datetime = created_at_field()


class GoalReading(SQLModel, table=True):
    """One reading of a goal's indicator on a date."""

    __tablename__ = "goal_reading"

    id: int | None = Field(default=None, primary_key=True)
    goal_id: int = Field(foreign_key="department_goal.id", index=True)
    reading_on: date
    value: float
    created_at: datetime = created_at_field()


class GoalShare(SQLModel, table=True):
    """Where a goal and how it went was shared (intranet page, Wednesday teaching, meeting)."""

    __tablename__ = "goal_share"

    id: int | None = Field(default=None, primary_key=True)
    goal_id: int = Field(foreign_key="department_goal.id", index=True)
    shared_on: date
    place: str = Field(max_length=200)
    created_at: datetime = created_at_field()


class Share(SQLModel, table=True):
    """What a department shared ("dette er vi gode til"), where and when."""

    __tablename__ = "share"

    id: int | None = Field(default=None, primary_key=True)
    department_id: int = Field(foreign_key="department.id", index=True)
    text: str
    place: str | None = Field(default=None, max_length=200)
    shared_on: date
    created_at: datetime = created_at_field()


class Staff(SQLModel, table=True):
    """A member of staff; ``left_on`` keeps the history of people who have left."""

    __tablename__ = "staff"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=120)
    name_key: str = Field(max_length=120, unique=True)
    department_id: int = Field(foreign_key="department.id", index=True)
    role: str | None = Field(default=None, max_length=120)
    peer_worker: bool = False
    started_on: date | None = None
    left_on: date | None = None
    created_at: datetime = created_at_field()
    # The database login (PostgreSQL role or operating-system user) of this person (revision 0006).
    login: str | None = Field(default=None, max_length=63, unique=True, index=True)


class StaffActivity(SQLModel, table=True):
    """A document read (``read``) or a course taken (``course``) by a member of staff."""

    __tablename__ = "staff_activity"
    __table_args__ = (CheckConstraint(f"kind IN {ACTIVITY_KINDS}", name="kind"),)

    id: int | None = Field(default=None, primary_key=True)
    staff_id: int = Field(foreign_key="staff.id", index=True)
    kind: str = Field(max_length=8)
    item: str = Field(max_length=200)
    done_on: date
    created_at: datetime = created_at_field()
