"""Aggregates over the client-level tables as SECURITY DEFINER functions (PostgreSQL only).

A login that may see aggregates but no single client (``reporter``, ``leader``) runs the
monthly report and ``fit summary`` through these; the SQL text lives in ``recoverykit.store``
(``store/aggregates.py`` lists them), and the same text runs directly on SQLite. Created here,
by the owner who runs the migrations, so the functions are owned by the table owner.

Also restores row-level security on ``fit_session``: revision 0007 rebuilt that table
(``batch_alter_table(recreate="always")`` copies it into a new table on PostgreSQL too), which
dropped the policy of 0006 and every grant on it, so a clinician saw every department's sessions.

And hides the access log's key (``setting`` row ``access.key``) from every login but the owner
(a policy on ``setting``); the keyed hash of a client code is computed by ``rk_client_ref``.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
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

    for table in ("fit_client", "fit_episode", "fit_session"):
        op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
        op.execute(f"DROP POLICY IF EXISTS {table}_by_department ON {table}")
        op.execute(
            f"CREATE POLICY {table}_by_department ON {table} USING (department_id = ANY "
            "(CAST((SELECT rk_login_department_ids(current_user::text)) AS integer[])))"
        )
    for sql in create_statements():
        op.execute(sql)
    # The access log's key: hidden from every login but the owner; the hash computed server-side.
    from recoverykit.store.access import PG_HIDE_KEY

    for sql in PG_HIDE_KEY:
        op.execute(sql)
    # Logins granted before this version get EXECUTE as ``access grant`` would give it.
    rows = bind.execute(sa.text(GRANTED_LOGINS))
    for who, roles in granted_logins(rows).items():
        for sql in grant_statements(who, roles):
            op.execute(sql)
        op.execute(f"GRANT EXECUTE ON FUNCTION rk_client_ref(text) TO {who}")
        if "clinician" in roles:  # the grant lost when 0007 rebuilt the table
            op.execute(f"GRANT SELECT, INSERT, UPDATE, DELETE ON fit_session TO {who}")


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        return
    from recoverykit.store.aggregates import all_aggregates

    for agg in all_aggregates():
        op.execute(f"DROP FUNCTION IF EXISTS {agg.signature}")
    op.execute("DROP FUNCTION IF EXISTS rk_client_ref(text)")
    op.execute("DROP POLICY IF EXISTS setting_hides_key ON setting")
    op.execute("ALTER TABLE setting DISABLE ROW LEVEL SECURITY")
