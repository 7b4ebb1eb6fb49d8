"""Several raters per session date, SRS without ORS, and a history of corrections.

- ``fit_session``: one row per (episode, date, rater), so a child and a parent (or another
  collateral rater) can rate the same session; the ORS may be missing when only an SRS was given
  (all four items or none, and at least one of ORS and SRS).
- ``correction``: what was changed or removed, before and after (JSON), by whom and when.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

String = sqlmodel.sql.sqltypes.AutoString
ORS_COMPLETE = (
    "(ors1 IS NULL AND ors2 IS NULL AND ors3 IS NULL AND ors4 IS NULL AND ors_total IS NULL) "
    "OR (ors1 IS NOT NULL AND ors2 IS NOT NULL AND ors3 IS NOT NULL AND ors4 IS NOT NULL "
    "AND ors_total IS NOT NULL)"
)
SOME_RATING = "ors_total IS NOT NULL OR srs_total IS NOT NULL"


def upgrade() -> None:
    with op.batch_alter_table("fit_session", recreate="always") as batch:
        for name in ("ors1", "ors2", "ors3", "ors4", "ors_total"):
            batch.alter_column(name, existing_type=sa.Float(), nullable=True)
        batch.drop_constraint("uq_fit_session_episode_id_session_date", type_="unique")
        batch.create_unique_constraint(
            "uq_fit_session_episode_id_session_date_rater", ["episode_id", "session_date", "rater"]
        )
        batch.create_check_constraint(op.f("ck_fit_session_ors_complete"), ORS_COMPLETE)
        batch.create_check_constraint(op.f("ck_fit_session_some_rating"), SOME_RATING)
    op.create_table(
        "correction",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", String(length=32), nullable=False),
        sa.Column("action", String(length=16), nullable=False),
        sa.Column("target", String(length=200), nullable=False),
        sa.Column("before_json", String(), nullable=True),
        sa.Column("after_json", String(), nullable=True),
        sa.Column("actor", String(length=120), nullable=False),
        sa.Column(
            "at", sa.DateTime(), server_default=sa.func.current_timestamp(), nullable=False
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_correction")),
    )
    op.create_index(op.f("ix_correction_kind"), "correction", ["kind"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_correction_kind"), table_name="correction")
    op.drop_table("correction")
    with op.batch_alter_table("fit_session", recreate="always") as batch:
        batch.drop_constraint("ck_fit_session_some_rating", type_="check")
        batch.drop_constraint("ck_fit_session_ors_complete", type_="check")
        batch.drop_constraint("uq_fit_session_episode_id_session_date_rater", type_="unique")
        batch.create_unique_constraint(
            "uq_fit_session_episode_id_session_date", ["episode_id", "session_date"]
        )
        for name in ("ors1", "ors2", "ors3", "ors4", "ors_total"):
            batch.alter_column(name, existing_type=sa.Float(), nullable=False)
