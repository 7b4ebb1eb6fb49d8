"""Issue 14's tables are client-level data: row-level security on PostgreSQL.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-02

Surveys, the client's network, own goals and meetings get the same policy as ``fit_client``,
``fit_episode`` and ``fit_session``: a login sees and writes only rows of the departments it is
granted as clinician (``rk_login_departments``). ``survey_response`` and ``meeting`` carry the
department; the other tables reach it through their parent row (the table owner is not
restricted). The table rights themselves are given by ``recoverykit access grant``. SQLite has
no row-level security: nothing changes there.

``fit_session`` gets its policy back: revision 0007 rebuilt the table (``recreate="always"``),
which on PostgreSQL dropped the row-level security that 0006 had put on it.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_MINE = "(SELECT rk_login_departments(current_user::text))"
_CLIENTS = f"(SELECT c.id FROM fit_client c WHERE c.department_id IN {_MINE})"
_RESPONSES = f"(SELECT r.id FROM survey_response r WHERE r.department_id IN {_MINE})"
_GOALS = f"(SELECT g.id FROM client_goal g WHERE g.client_id IN {_CLIENTS})"
REBUILT = (("fit_session", f"department_id IN {_MINE}"),)
POLICIES = (
    ("survey_response", f"department_id IN {_MINE}"),
    ("meeting", f"department_id IN {_MINE}"),
    ("client_network", f"client_id IN {_CLIENTS}"),
    ("client_goal", f"client_id IN {_CLIENTS}"),
    ("survey_answer", f"response_id IN {_RESPONSES}"),
    ("survey_score", f"response_id IN {_RESPONSES}"),
    ("client_goal_rating", f"goal_id IN {_GOALS}"),
)


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        return
    for table, rule in (*REBUILT, *POLICIES):
        op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
        op.execute(f"DROP POLICY IF EXISTS {table}_by_department ON {table}")
        op.execute(f"CREATE POLICY {table}_by_department ON {table} USING ({rule})")
        # Logins granted before this revision could read these tables as shared data: from now
        # on only clinicians have rights on them (as `access grant` gives them).
        op.execute(
            "DO $$ DECLARE r record; BEGIN FOR r IN SELECT DISTINCT g.login, "
            "bool_or(g.role = 'clinician') AS clinician FROM access_grant g "
            "JOIN pg_roles p ON p.rolname = g.login GROUP BY g.login LOOP "
            f"EXECUTE format('REVOKE ALL ON {table} FROM %I', r.login); "
            "IF r.clinician THEN EXECUTE format("
            f"'GRANT SELECT, INSERT, UPDATE, DELETE ON {table} TO %I', r.login); END IF; "
            "END LOOP; END $$"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        return
    for table, _ in POLICIES:
        op.execute(f"DROP POLICY IF EXISTS {table}_by_department ON {table}")
        op.execute(f"ALTER TABLE {table} DISABLE ROW LEVEL SECURITY")
