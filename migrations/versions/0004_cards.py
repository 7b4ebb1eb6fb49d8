"""Values exercise and reflection cards.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

String = sqlmodel.sql.sqltypes.AutoString


def _created() -> sa.Column:
    return sa.Column(
        "created_at", sa.DateTime(), server_default=sa.func.current_timestamp(), nullable=False
    )


def upgrade() -> None:
    op.create_table(
        "values_exercise",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("participant", String(length=40), nullable=True),
        sa.Column("department_id", sa.Integer(), nullable=True),
        sa.Column("done_on", sa.Date(), nullable=False),
        _created(),
        sa.ForeignKeyConstraint(
            ["department_id"],
            ["department.id"],
            name=op.f("fk_values_exercise_department_id_department"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_values_exercise")),
    )
    op.create_index(op.f("ix_values_exercise_department_id"), "values_exercise", ["department_id"])
    op.create_table(
        "values_choice",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("exercise_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("value_id", String(length=40), nullable=True),
        sa.Column("name", String(length=80), nullable=False),
        sa.Column("kept", sa.Boolean(), nullable=False),
        sa.CheckConstraint(
            "length(name) BETWEEN 1 AND 80", name=op.f("ck_values_choice_name_length")
        ),
        sa.ForeignKeyConstraint(
            ["exercise_id"],
            ["values_exercise.id"],
            name=op.f("fk_values_choice_exercise_id_values_exercise"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_values_choice")),
        sa.UniqueConstraint(
            "exercise_id", "position", name=op.f("uq_values_choice_exercise_id_position")
        ),
    )
    op.create_index(op.f("ix_values_choice_exercise_id"), "values_choice", ["exercise_id"])
    op.create_table(
        "values_reflection",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("exercise_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("question", String(), nullable=False),
        sa.Column("answer", String(), nullable=False),
        sa.ForeignKeyConstraint(
            ["exercise_id"],
            ["values_exercise.id"],
            name=op.f("fk_values_reflection_exercise_id_values_exercise"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_values_reflection")),
        sa.UniqueConstraint(
            "exercise_id", "position", name=op.f("uq_values_reflection_exercise_id_position")
        ),
    )
    op.create_index(op.f("ix_values_reflection_exercise_id"), "values_reflection", ["exercise_id"])
    op.create_table(
        "card_draw",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("group_name", String(length=120), nullable=False),
        sa.Column("group_key", String(length=120), nullable=False),
        sa.Column("deck_id", String(length=40), nullable=False),
        sa.Column("card_id", String(length=40), nullable=False),
        sa.Column("drawn_on", sa.Date(), nullable=False),
        sa.Column("cycle", sa.Integer(), nullable=False),
        sa.Column("note", String(), nullable=True),
        _created(),
        sa.CheckConstraint(
            "length(group_name) BETWEEN 1 AND 120", name=op.f("ck_card_draw_group_name_length")
        ),
        sa.CheckConstraint("cycle >= 0", name=op.f("ck_card_draw_cycle")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_card_draw")),
    )
    op.create_index(op.f("ix_card_draw_group_key"), "card_draw", ["group_key"])


def downgrade() -> None:
    op.drop_index(op.f("ix_card_draw_group_key"), table_name="card_draw")
    op.drop_table("card_draw")
    op.drop_index(op.f("ix_values_reflection_exercise_id"), table_name="values_reflection")
    op.drop_table("values_reflection")
    op.drop_index(op.f("ix_values_choice_exercise_id"), table_name="values_choice")
    op.drop_table("values_choice")
    op.drop_index(op.f("ix_values_exercise_department_id"), table_name="values_exercise")
    op.drop_table("values_exercise")
