"""Implementation plans, measures, department goals, sharing, staff competence.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

from recoverykit.domain.coverage import ActivityKind
from recoverykit.domain.fit.scoring import sql_values
from recoverykit.domain.goals import Outcome
from recoverykit.domain.plans import MeasureStatus

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The allowed values come from the domain's enums (as in store/schema).
STATUSES = sql_values(MeasureStatus)
String = sqlmodel.sql.sqltypes.AutoString


def _id() -> sa.Column:
    return sa.Column("id", sa.Integer(), nullable=False)


def _created() -> sa.Column:
    return sa.Column(
        "created_at", sa.DateTime(), server_default=sa.func.current_timestamp(), nullable=False
    )


def _fk(table: str, column: str, target: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], [f"{target}.id"], name=op.f(f"fk_{table}_{column}_{target}")
    )


def _index(table: str, column: str) -> None:
    op.create_index(op.f(f"ix_{table}_{column}"), table, [column], unique=False)


def upgrade() -> None:
    op.create_table(
        "plan",
        _id(),
        sa.Column("title", String(length=200), nullable=False),
        sa.Column("title_key", String(length=200), nullable=False),
        sa.Column("unit", String(length=120), nullable=False),
        sa.Column("adopted_by", String(length=120), nullable=True),
        sa.Column("adopted_on", sa.Date(), nullable=True),
        sa.Column("period_start", sa.Date(), nullable=True),
        sa.Column("period_end", sa.Date(), nullable=True),
        sa.Column("period_code", String(length=8), nullable=True),
        sa.Column("description", String(), nullable=True),
        sa.Column("source", String(length=255), nullable=True),
        _created(),
        sa.CheckConstraint("length(title) BETWEEN 1 AND 200", name=op.f("ck_plan_title_length")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan")),
        sa.UniqueConstraint("title_key", name=op.f("uq_plan_title_key")),
    )
    op.create_table(
        "focus_area",
        _id(),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("key", String(length=32), nullable=False),
        sa.Column("name", String(length=120), nullable=False),
        sa.Column("description", String(), nullable=True),
        _fk("focus_area", "plan_id", "plan"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_focus_area")),
        sa.UniqueConstraint("plan_id", "key", name=op.f("uq_focus_area_plan_id_key")),
    )
    op.create_table(
        "measure",
        _id(),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("number_main", sa.Integer(), nullable=False),
        sa.Column("number_sub", String(length=1), nullable=False),
        sa.Column("text", String(), nullable=False),
        sa.Column("responsible", String(length=500), nullable=True),
        sa.Column("due", sa.Date(), nullable=True),
        sa.Column("status", String(length=16), nullable=False),
        sa.Column("focus_area_id", sa.Integer(), nullable=True),
        sa.Column("evaluation", String(), nullable=True),
        _created(),
        sa.CheckConstraint(f"status IN {STATUSES}", name=op.f("ck_measure_status")),
        sa.CheckConstraint("number_main BETWEEN 1 AND 999", name=op.f("ck_measure_number_main")),
        _fk("measure", "focus_area_id", "focus_area"),
        _fk("measure", "plan_id", "plan"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_measure")),
        sa.UniqueConstraint(
            "plan_id",
            "number_main",
            "number_sub",
            name=op.f("uq_measure_plan_id_number_main_number_sub"),
        ),
    )
    op.create_table(
        "measure_event",
        _id(),
        sa.Column("measure_id", sa.Integer(), nullable=False),
        sa.Column("event_date", sa.Date(), nullable=False),
        sa.Column("old_status", String(length=16), nullable=True),
        sa.Column("new_status", String(length=16), nullable=True),
        sa.Column("note", String(), nullable=True),
        _created(),
        sa.CheckConstraint(
            f"new_status IS NULL OR new_status IN {STATUSES}",
            name=op.f("ck_measure_event_new_status"),
        ),
        sa.CheckConstraint(
            "new_status IS NOT NULL OR note IS NOT NULL", name=op.f("ck_measure_event_has_content")
        ),
        _fk("measure_event", "measure_id", "measure"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_measure_event")),
    )
    _index("measure_event", "measure_id")
    op.create_table(
        "department_goal",
        _id(),
        sa.Column("department_id", sa.Integer(), nullable=False),
        sa.Column("period", String(length=8), nullable=False),
        sa.Column("text", String(), nullable=False),
        sa.Column("indicator", String(length=200), nullable=False),
        sa.Column("unit", String(length=16), nullable=True),
        sa.Column("baseline", sa.Float(), nullable=True),
        sa.Column("target", sa.Float(), nullable=True),
        sa.Column("outcome", String(length=8), nullable=True),
        sa.Column("result", String(), nullable=True),
        sa.Column("result_on", sa.Date(), nullable=True),
        _created(),
        sa.CheckConstraint(
            f"outcome IS NULL OR outcome IN {sql_values(Outcome)}",
            name=op.f("ck_department_goal_outcome"),
        ),
        sa.CheckConstraint(
            "(baseline IS NULL) = (target IS NULL)", name=op.f("ck_department_goal_baseline_target")
        ),
        _fk("department_goal", "department_id", "department"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_department_goal")),
    )
    _index("department_goal", "department_id")
    op.create_table(
        "goal_reading",
        _id(),
        sa.Column("goal_id", sa.Integer(), nullable=False),
        sa.Column("reading_on", sa.Date(), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        _created(),
        _fk("goal_reading", "goal_id", "department_goal"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_goal_reading")),
    )
    _index("goal_reading", "goal_id")
    op.create_table(
        "goal_share",
        _id(),
        sa.Column("goal_id", sa.Integer(), nullable=False),
        sa.Column("shared_on", sa.Date(), nullable=False),
        sa.Column("place", String(length=200), nullable=False),
        _created(),
        _fk("goal_share", "goal_id", "department_goal"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_goal_share")),
    )
    _index("goal_share", "goal_id")
    op.create_table(
        "share",
        _id(),
        sa.Column("department_id", sa.Integer(), nullable=False),
        sa.Column("text", String(), nullable=False),
        sa.Column("place", String(length=200), nullable=True),
        sa.Column("shared_on", sa.Date(), nullable=False),
        _created(),
        _fk("share", "department_id", "department"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_share")),
    )
    _index("share", "department_id")
    op.create_table(
        "staff",
        _id(),
        sa.Column("name", String(length=120), nullable=False),
        sa.Column("name_key", String(length=120), nullable=False),
        sa.Column("department_id", sa.Integer(), nullable=False),
        sa.Column("role", String(length=120), nullable=True),
        sa.Column("peer_worker", sa.Boolean(), nullable=False),
        sa.Column("started_on", sa.Date(), nullable=True),
        sa.Column("left_on", sa.Date(), nullable=True),
        _created(),
        _fk("staff", "department_id", "department"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_staff")),
        sa.UniqueConstraint("name_key", name=op.f("uq_staff_name_key")),
    )
    _index("staff", "department_id")
    op.create_table(
        "staff_activity",
        _id(),
        sa.Column("staff_id", sa.Integer(), nullable=False),
        sa.Column("kind", String(length=8), nullable=False),
        sa.Column("item", String(length=200), nullable=False),
        sa.Column("done_on", sa.Date(), nullable=False),
        _created(),
        sa.CheckConstraint(
            f"kind IN {sql_values(ActivityKind)}", name=op.f("ck_staff_activity_kind")
        ),
        _fk("staff_activity", "staff_id", "staff"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_staff_activity")),
    )
    _index("staff_activity", "staff_id")


def downgrade() -> None:
    for table, indexed in (
        ("staff_activity", "staff_id"),
        ("staff", "department_id"),
        ("share", "department_id"),
        ("goal_share", "goal_id"),
        ("goal_reading", "goal_id"),
        ("department_goal", "department_id"),
        ("measure_event", "measure_id"),
    ):
        op.drop_index(op.f(f"ix_{table}_{indexed}"), table_name=table)
        op.drop_table(table)
    op.drop_table("measure")
    op.drop_table("focus_area")
    op.drop_table("plan")
