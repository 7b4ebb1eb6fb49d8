"""The report's figures on surveys and meetings as SECURITY DEFINER aggregates (PostgreSQL only).

Revision 0012 made the tables of surveys, own goals, network and meetings client-level (rights
for clinicians only, row-level security); the monthly report and ``survey summary`` read them
through aggregate functions like the FIT figures (``store/aggregates.py``), so a reporter or
leader still gets the figures and no row. Re-creates every aggregate function from the code.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        return
    from recoverykit.store.aggregates import (
        GRANTED_LOGINS,
        create_statements,
        grant_statements,
        granted_logins,
    )

    for sql in create_statements():
        op.execute(sql)
    rows = bind.execute(sa.text(GRANTED_LOGINS))
    for who, roles in granted_logins(rows).items():
        for sql in grant_statements(who, roles):
            op.execute(sql)


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        return
    for name in (
        "rk_agg_survey_score_groups(date, date, bigint)",
        "rk_agg_survey_score_changes(date, date, bigint)",
        "rk_agg_survey_rater_counts(date, date, bigint)",
        "rk_agg_meeting_monthly_presence(date, date, bigint)",
    ):
        op.execute(f"DROP FUNCTION IF EXISTS {name}")
