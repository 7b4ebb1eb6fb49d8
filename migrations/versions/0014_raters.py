"""One rater vocabulary: FIT ratings by family and network too.

``fit_session.rater`` accepts client, parent, family, network and other (the survey raters'
family and network, issue 14, as collateral ORS raters; ``domain.fit.scoring.Rater``). SQLite
rebuilds the table for the new CHECK (Alembic batch mode); PostgreSQL alters it in place (so
the row-level security policy of ``fit_session`` stays).

On PostgreSQL it also re-creates the aggregate functions of ``store/aggregates.py``: the FIT
figures now count the primary rater's series and sessions as meetings (one per episode and date).

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-02
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Frozen here, not taken from the domain, so the migration stays what it was.
RATERS = "('client', 'parent', 'family', 'network', 'other')"
OLD_RATERS = "('client', 'parent', 'other')"


def _rater_check(values: str) -> None:
    with op.batch_alter_table("fit_session", recreate="auto") as batch:
        batch.drop_constraint(op.f("ck_fit_session_rater"), type_="check")
        batch.create_check_constraint(op.f("ck_fit_session_rater"), f"rater IN {values}")


def upgrade() -> None:
    _rater_check(RATERS)
    if op.get_bind().dialect.name != "sqlite":
        from recoverykit.store.aggregates import create_statements

        for sql in create_statements():
            op.execute(sql)


def downgrade() -> None:
    # Fails (nothing lost) while family or network ratings are stored.
    _rater_check(OLD_RATERS)
