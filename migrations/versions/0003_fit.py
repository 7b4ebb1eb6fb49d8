"""Feedback-informed treatment: clients, episodes, sessions, expected response.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

from recoverykit.domain.fit.scoring import AgeGroup, CloseReason, sql_values

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

String = sqlmodel.sql.sqltypes.AutoString
# The allowed values come from the domain's enums (as in store/schema); a change to an enum needs
# a new migration that alters the constraint, which the drift test asks for.
AGE_GROUPS = sql_values(AgeGroup)
CLOSE_REASONS = sql_values(CloseReason)
RATERS = "('client', 'parent', 'other')"  # as of 0003; 0014 adds family, network


def _created() -> sa.Column:
    return sa.Column(
        "created_at", sa.DateTime(), server_default=sa.func.current_timestamp(), nullable=False
    )


def _fk(table: str, column: str, target: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], [f"{target}.id"], name=op.f(f"fk_{table}_{column}_{target}")
    )


def _items(prefix: str, nullable: bool) -> list[sa.Column]:
    out: list[sa.Column] = []
    for i in range(1, 5):
        name = f"{prefix}{i}"
        out.append(sa.Column(name, sa.Float(), nullable=nullable))
    out.append(sa.Column(f"{prefix}_total", sa.Float(), nullable=nullable))
    return out


def _item_checks(prefix: str, nullable: bool) -> list[sa.CheckConstraint]:
    checks = []
    for name in [f"{prefix}{i}" for i in range(1, 5)]:
        rule = f"{name} BETWEEN 0 AND 10"
        checks.append(
            sa.CheckConstraint(
                f"{name} IS NULL OR {rule}" if nullable else rule,
                name=op.f(f"ck_fit_session_{name}"),
            )
        )
    total = f"{prefix}_total BETWEEN 0 AND 40"
    checks.append(
        sa.CheckConstraint(
            f"{prefix}_total IS NULL OR {total}" if nullable else total,
            name=op.f(f"ck_fit_session_{prefix}_total"),
        )
    )
    return checks


def upgrade() -> None:
    op.create_table(
        "fit_client",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", String(length=32), nullable=False),
        sa.Column("code_key", String(length=32), nullable=False),
        sa.Column("department_id", sa.Integer(), nullable=False),
        sa.Column("clinician", String(length=120), nullable=False),
        sa.Column("clinician_key", String(length=120), nullable=False),
        sa.Column("age_group", String(length=16), nullable=False),
        _created(),
        sa.CheckConstraint("length(code) BETWEEN 1 AND 32", name=op.f("ck_fit_client_code_length")),
        sa.CheckConstraint(f"age_group IN {AGE_GROUPS}", name=op.f("ck_fit_client_age_group")),
        _fk("fit_client", "department_id", "department"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fit_client")),
        sa.UniqueConstraint("code_key", name=op.f("uq_fit_client_code_key")),
    )
    op.create_index(
        op.f("ix_fit_client_department_id"), "fit_client", ["department_id"], unique=False
    )
    op.create_index(
        op.f("ix_fit_client_clinician_key"), "fit_client", ["clinician_key"], unique=False
    )
    op.create_table(
        "fit_episode",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("department_id", sa.Integer(), nullable=False),
        sa.Column("opened_on", sa.Date(), nullable=False),
        sa.Column("closed_on", sa.Date(), nullable=True),
        sa.Column("close_reason", String(length=16), nullable=True),
        _created(),
        sa.CheckConstraint("number >= 1", name=op.f("ck_fit_episode_number")),
        sa.CheckConstraint(
            f"close_reason IS NULL OR close_reason IN {CLOSE_REASONS}",
            name=op.f("ck_fit_episode_close_reason"),
        ),
        sa.CheckConstraint(
            "(closed_on IS NULL) = (close_reason IS NULL)", name=op.f("ck_fit_episode_closed")
        ),
        _fk("fit_episode", "client_id", "fit_client"),
        _fk("fit_episode", "department_id", "department"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fit_episode")),
        sa.UniqueConstraint("client_id", "number", name=op.f("uq_fit_episode_client_id_number")),
    )
    op.create_index(
        "ix_fit_episode_department_id_closed_on",
        "fit_episode",
        ["department_id", "closed_on"],
        unique=False,
    )
    op.create_table(
        "fit_session",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("episode_id", sa.Integer(), nullable=False),
        sa.Column("department_id", sa.Integer(), nullable=False),
        sa.Column("session_no", sa.Integer(), nullable=False),
        sa.Column("session_date", sa.Date(), nullable=False),
        sa.Column("rater", String(length=8), nullable=False),
        *_items("ors", nullable=False),
        *_items("srs", nullable=True),
        sa.Column("srs_alert", sa.Boolean(), nullable=False),
        _created(),
        sa.CheckConstraint("session_no >= 1", name=op.f("ck_fit_session_session_no")),
        sa.CheckConstraint(f"rater IN {RATERS}", name=op.f("ck_fit_session_rater")),
        *_item_checks("ors", nullable=False),
        *_item_checks("srs", nullable=True),
        sa.CheckConstraint(
            "(srs1 IS NULL AND srs2 IS NULL AND srs3 IS NULL AND srs4 IS NULL "
            "AND srs_total IS NULL) OR (srs1 IS NOT NULL AND srs2 IS NOT NULL "
            "AND srs3 IS NOT NULL AND srs4 IS NOT NULL AND srs_total IS NOT NULL)",
            name=op.f("ck_fit_session_srs_complete"),
        ),
        _fk("fit_session", "department_id", "department"),
        _fk("fit_session", "episode_id", "fit_episode"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fit_session")),
        sa.UniqueConstraint(
            "episode_id", "session_date", name=op.f("uq_fit_session_episode_id_session_date")
        ),
    )
    op.create_index(
        "ix_fit_session_episode_id_session_no",
        "fit_session",
        ["episode_id", "session_no"],
        unique=False,
    )
    op.create_index(
        "ix_fit_session_department_id_session_date",
        "fit_session",
        ["department_id", "session_date"],
        unique=False,
    )
    op.create_table(
        "fit_expected",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("table_json", String(), nullable=False),
        sa.Column("episodes", sa.Integer(), nullable=False),
        sa.Column("fitted_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fit_expected")),
    )


def downgrade() -> None:
    op.drop_table("fit_expected")
    op.drop_index("ix_fit_session_department_id_session_date", table_name="fit_session")
    op.drop_index("ix_fit_session_episode_id_session_no", table_name="fit_session")
    op.drop_table("fit_session")
    op.drop_index("ix_fit_episode_department_id_closed_on", table_name="fit_episode")
    op.drop_table("fit_episode")
    op.drop_index(op.f("ix_fit_client_clinician_key"), table_name="fit_client")
    op.drop_index(op.f("ix_fit_client_department_id"), table_name="fit_client")
    op.drop_table("fit_client")
