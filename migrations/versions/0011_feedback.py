"""Surveys (instrument registry), the client's network and own goals, meetings.

Revision ID: 0011
Revises: 0007
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision: str = "0011"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

String = sqlmodel.sql.sqltypes.AutoString


def upgrade() -> None:
    op.create_table(
        "client_goal",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("text", String(), nullable=False),
        sa.Column("set_on", sa.Date(), nullable=False),
        sa.Column("status", String(length=8), nullable=False),
        sa.Column("closed_on", sa.Date(), nullable=True),
        sa.Column(
            "created_at", sa.DateTime(), server_default=sa.text("CURRENT_TIMESTAMP"), nullable=False
        ),
        sa.CheckConstraint(
            "(status = 'active') = (closed_on IS NULL)", name=op.f("ck_client_goal_closed")
        ),
        sa.CheckConstraint(
            "status IN ('active', 'reached', 'dropped')", name=op.f("ck_client_goal_status")
        ),
        sa.CheckConstraint("number >= 1", name=op.f("ck_client_goal_number")),
        sa.ForeignKeyConstraint(
            ["client_id"], ["fit_client.id"], name=op.f("fk_client_goal_client_id_fit_client")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_client_goal")),
        sa.UniqueConstraint("client_id", "number", name=op.f("uq_client_goal_client_id_number")),
    )
    op.create_table(
        "client_network",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column("role", String(length=40), nullable=False),
        sa.Column("role_key", String(length=40), nullable=False),
        sa.Column("closest_relative", sa.Boolean(), nullable=False),
        sa.Column("share_consent", sa.Boolean(), nullable=False),
        sa.Column("feedback_consent", sa.Boolean(), nullable=False),
        sa.Column("minor", sa.Boolean(), nullable=False),
        sa.Column("note", String(), nullable=True),
        sa.Column(
            "created_at", sa.DateTime(), server_default=sa.text("CURRENT_TIMESTAMP"), nullable=False
        ),
        sa.CheckConstraint(
            "length(role) BETWEEN 1 AND 40", name=op.f("ck_client_network_role_length")
        ),
        sa.ForeignKeyConstraint(
            ["client_id"], ["fit_client.id"], name=op.f("fk_client_network_client_id_fit_client")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_client_network")),
    )
    op.create_index(
        op.f("ix_client_network_client_id"), "client_network", ["client_id"], unique=False
    )
    op.create_table(
        "meeting",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column("department_id", sa.Integer(), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("kind", String(length=16), nullable=False),
        sa.Column("present", String(length=8), nullable=False),
        sa.Column("note", String(), nullable=True),
        sa.Column(
            "created_at", sa.DateTime(), server_default=sa.text("CURRENT_TIMESTAMP"), nullable=False
        ),
        sa.CheckConstraint(
            "kind IN ('treatment', 'coordination', 'network', 'other')",
            name=op.f("ck_meeting_kind"),
        ),
        sa.CheckConstraint("present IN ('yes', 'no', 'partly')", name=op.f("ck_meeting_present")),
        sa.ForeignKeyConstraint(
            ["client_id"], ["fit_client.id"], name=op.f("fk_meeting_client_id_fit_client")
        ),
        sa.ForeignKeyConstraint(
            ["department_id"], ["department.id"], name=op.f("fk_meeting_department_id_department")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meeting")),
    )
    op.create_index(op.f("ix_meeting_client_id"), "meeting", ["client_id"], unique=False)
    op.create_index(
        "ix_meeting_department_id_held_on", "meeting", ["department_id", "held_on"], unique=False
    )
    op.create_table(
        "client_goal_rating",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("goal_id", sa.Integer(), nullable=False),
        sa.Column("rated_on", sa.Date(), nullable=False),
        sa.Column("value", sa.Integer(), nullable=False),
        sa.CheckConstraint("value BETWEEN 0 AND 10", name=op.f("ck_client_goal_rating_value")),
        sa.ForeignKeyConstraint(
            ["goal_id"], ["client_goal.id"], name=op.f("fk_client_goal_rating_goal_id_client_goal")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_client_goal_rating")),
        sa.UniqueConstraint(
            "goal_id", "rated_on", name=op.f("uq_client_goal_rating_goal_id_rated_on")
        ),
    )
    op.create_table(
        "survey_response",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column("department_id", sa.Integer(), nullable=False),
        sa.Column("instrument", String(length=40), nullable=False),
        sa.Column("version", String(length=20), nullable=False),
        sa.Column("rater", String(length=8), nullable=False),
        sa.Column("network_id", sa.Integer(), nullable=True),
        sa.Column("answered_on", sa.Date(), nullable=False),
        sa.Column(
            "created_at", sa.DateTime(), server_default=sa.text("CURRENT_TIMESTAMP"), nullable=False
        ),
        sa.CheckConstraint(
            "rater IN ('client', 'family', 'network', 'staff')",
            name=op.f("ck_survey_response_rater"),
        ),
        sa.ForeignKeyConstraint(
            ["client_id"], ["fit_client.id"], name=op.f("fk_survey_response_client_id_fit_client")
        ),
        sa.ForeignKeyConstraint(
            ["department_id"],
            ["department.id"],
            name=op.f("fk_survey_response_department_id_department"),
        ),
        sa.ForeignKeyConstraint(
            ["network_id"],
            ["client_network.id"],
            name=op.f("fk_survey_response_network_id_client_network"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_survey_response")),
    )
    op.create_index(
        op.f("ix_survey_response_client_id"), "survey_response", ["client_id"], unique=False
    )
    op.create_index(
        "ix_survey_response_department_id_answered_on",
        "survey_response",
        ["department_id", "answered_on"],
        unique=False,
    )
    op.create_table(
        "survey_answer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("response_id", sa.Integer(), nullable=False),
        sa.Column("item", sa.Integer(), nullable=False),
        sa.Column("state", String(length=16), nullable=False),
        sa.Column("value", sa.Float(), nullable=True),
        sa.Column("text", String(), nullable=True),
        sa.CheckConstraint(
            "state IN ('answered', 'missing', 'not-applicable', 'not-important')",
            name=op.f("ck_survey_answer_state"),
        ),
        sa.CheckConstraint("item >= 1", name=op.f("ck_survey_answer_item")),
        sa.ForeignKeyConstraint(
            ["response_id"],
            ["survey_response.id"],
            name=op.f("fk_survey_answer_response_id_survey_response"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_survey_answer")),
        sa.UniqueConstraint("response_id", "item", name=op.f("uq_survey_answer_response_id_item")),
    )
    op.create_table(
        "survey_score",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("response_id", sa.Integer(), nullable=False),
        sa.Column("subscale", String(length=40), nullable=False),
        sa.Column("score", sa.Float(), nullable=True),
        sa.Column("scored", sa.Integer(), nullable=False),
        sa.Column("missing", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["response_id"],
            ["survey_response.id"],
            name=op.f("fk_survey_score_response_id_survey_response"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_survey_score")),
        sa.UniqueConstraint(
            "response_id", "subscale", name=op.f("uq_survey_score_response_id_subscale")
        ),
    )


def downgrade() -> None:
    op.drop_table("survey_score")
    op.drop_table("survey_answer")
    op.drop_index("ix_survey_response_department_id_answered_on", table_name="survey_response")
    op.drop_index(op.f("ix_survey_response_client_id"), table_name="survey_response")
    op.drop_table("survey_response")
    op.drop_table("client_goal_rating")
    op.drop_index("ix_meeting_department_id_held_on", table_name="meeting")
    op.drop_index(op.f("ix_meeting_client_id"), table_name="meeting")
    op.drop_table("meeting")
    op.drop_index(op.f("ix_client_network_client_id"), table_name="client_network")
    op.drop_table("client_network")
    op.drop_table("client_goal")
