"""Access by work need: grants, the append-only access log, staff logins, clinicians as staff.

Revision ID: 0006
Revises: 0004
Create Date: 2026-12-02

- ``access_grant`` and ``access_log`` (see ``recoverykit.store.schema.access``);
- ``staff.login``;
- UPDATE and DELETE on ``access_log`` refused by triggers (SQLite and PostgreSQL);
- a random key for the one-way hash of client codes in the log (``setting`` ``access.key``);
- every free-text clinician name in ``fit_client`` that matches no staff member becomes a staff
  member in the department of that clinician's clients, unless the name is ambiguous (it differs
  from another clinician name or a staff member's name only in spaces, dots or dashes): those are
  kept as they are, for ``recoverykit staff resolve`` to settle;
- on PostgreSQL, row-level security on the tables that hold client-level rows, keyed on the
  departments a login is granted (the owner of the tables is not restricted).
"""

import secrets
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision: str = "0006"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

String = sqlmodel.sql.sqltypes.AutoString
CLIENT_TABLES = ("fit_client", "fit_episode", "fit_session")


def _created() -> sa.Column:
    return sa.Column(
        "created_at", sa.DateTime(), server_default=sa.func.current_timestamp(), nullable=False
    )


def loose_key(name: str) -> str:
    return "".join(ch for ch in name.casefold() if ch.isalnum())


def _clinicians_to_staff(bind: sa.engine.Connection) -> None:
    staff = bind.execute(sa.text("SELECT name_key FROM staff")).all()
    staff_keys = {r[0] for r in staff}
    rows = bind.execute(
        sa.text(
            "SELECT clinician, clinician_key, department_id, count(*) AS n FROM fit_client "
            "GROUP BY clinician, clinician_key, department_id"
        )
    ).all()
    spellings: dict[str, list[tuple[str, int, int]]] = {}
    for clinician, key, dept, n in rows:
        spellings.setdefault(key, []).append((clinician, dept, n))
    loose: dict[str, set[str]] = {}
    for key in [*spellings, *staff_keys]:
        loose.setdefault(loose_key(key), set()).add(key)
    for key, uses in sorted(spellings.items()):
        if key in staff_keys or len(loose[loose_key(key)]) > 1:
            continue  # already a staff member, or ambiguous: kept for `staff resolve`
        uses.sort(key=lambda u: (-u[2], u[1], u[0]))
        name, dept, _ = uses[0]
        bind.execute(
            sa.text(
                "INSERT INTO staff (name, name_key, department_id, peer_worker) "
                "VALUES (:name, :key, :dept, :peer)"
            ),
            {"name": name, "key": key, "dept": dept, "peer": False},
        )


def upgrade() -> None:
    with op.batch_alter_table("staff") as batch:
        batch.add_column(sa.Column("login", String(length=63), nullable=True))
    op.create_index(op.f("ix_staff_login"), "staff", ["login"], unique=True)
    op.create_table(
        "access_grant",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("login", String(length=63), nullable=False),
        sa.Column("role", String(length=20), nullable=False),
        sa.Column("department_id", sa.Integer(), nullable=True),
        _created(),
        sa.CheckConstraint(
            "role IN ('leader', 'clinician', 'recovery-contact', 'reporter', 'admin')",
            name=op.f("ck_access_grant_role"),
        ),
        sa.CheckConstraint(
            "length(login) BETWEEN 1 AND 63", name=op.f("ck_access_grant_login_length")
        ),
        sa.ForeignKeyConstraint(
            ["department_id"],
            ["department.id"],
            name=op.f("fk_access_grant_department_id_department"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_access_grant")),
    )
    op.create_index("ix_access_grant_login_role", "access_grant", ["login", "role"])
    op.create_table(
        "access_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("login", String(length=63), nullable=False),
        sa.Column("action", String(length=40), nullable=False),
        sa.Column("client_ref", String(length=64), nullable=True),
        sa.Column("department", String(length=16), nullable=True),
        sa.Column("rows", sa.Integer(), nullable=True),
        sa.Column("path", String(), nullable=True),
        sa.Column("detail", String(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_access_log")),
    )
    op.create_index("ix_access_log_client_ref", "access_log", ["client_ref"])
    op.create_index("ix_access_log_login_at", "access_log", ["login", "at"])
    op.create_index("ix_access_log_at", "access_log", ["at"])
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        for verb in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER access_log_no_{verb.lower()} BEFORE {verb} ON access_log "
                "BEGIN SELECT RAISE(ABORT, 'access_log is append-only'); END"
            )
    else:
        op.execute(
            "CREATE FUNCTION access_log_refuse() RETURNS trigger LANGUAGE plpgsql AS $$ "
            "BEGIN RAISE EXCEPTION 'access_log is append-only'; END $$"
        )
        op.execute(
            "CREATE TRIGGER access_log_append_only BEFORE UPDATE OR DELETE ON access_log "
            "FOR EACH ROW EXECUTE FUNCTION access_log_refuse()"
        )
        op.execute(
            "CREATE TRIGGER access_log_no_truncate BEFORE TRUNCATE ON access_log "
            "FOR EACH STATEMENT EXECUTE FUNCTION access_log_refuse()"
        )
        # The departments a login may read client-level rows in. SECURITY DEFINER, so that a
        # login needs no right to read access_grant itself.
        op.execute(
            "CREATE FUNCTION rk_login_departments(who text) RETURNS SETOF integer "
            "LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$ "
            "SELECT d.id FROM public.department d WHERE EXISTS (SELECT 1 FROM public.access_grant g "
            "WHERE g.login = who AND g.role = 'clinician' "
            "AND (g.department_id IS NULL OR g.department_id = d.id)) $$"
        )
        # A client's own access log, for the clinicians of the departments it was in (the log
        # itself is readable only by leaders and admins).
        op.execute(
            "CREATE FUNCTION rk_client_log(ref text) RETURNS SETOF access_log "
            "LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$ "
            "SELECT l.* FROM public.access_log l WHERE l.client_ref = ref AND l.department IN "
            "(SELECT d.code FROM public.department d "
            "WHERE d.id IN (SELECT rk_login_departments(session_user::text))) $$"
        )
        op.execute("REVOKE ALL ON FUNCTION rk_client_log(text) FROM PUBLIC")
        op.execute("REVOKE ALL ON FUNCTION rk_login_departments(text) FROM PUBLIC")
        # The same as an array, for the policies: wrapped in a scalar subquery it is evaluated
        # once per statement (an InitPlan), not once per row.
        op.execute(
            "CREATE FUNCTION rk_login_department_ids(who text) RETURNS integer[] "
            "LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$ "
            "SELECT coalesce(array_agg(id), '{}') FROM rk_login_departments(who) AS d(id) $$"
        )
        op.execute("REVOKE ALL ON FUNCTION rk_login_department_ids(text) FROM PUBLIC")
        for table in CLIENT_TABLES:
            op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
            op.execute(
                f"CREATE POLICY {table}_by_department ON {table} USING (department_id = ANY "
                "(CAST((SELECT rk_login_department_ids(current_user::text)) AS integer[])))"
            )
    op.execute(
        sa.text("INSERT INTO setting (key, value) VALUES ('access.key', :v)").bindparams(
            v=secrets.token_hex(32)
        )
    )
    _clinicians_to_staff(bind)


def downgrade() -> None:
    bind = op.get_bind()
    op.execute("DELETE FROM setting WHERE key = 'access.key'")
    if bind.dialect.name != "sqlite":
        for table in CLIENT_TABLES:
            op.execute(f"DROP POLICY IF EXISTS {table}_by_department ON {table}")
            op.execute(f"ALTER TABLE {table} DISABLE ROW LEVEL SECURITY")
        op.execute("DROP FUNCTION IF EXISTS rk_client_log(text)")
        op.execute("DROP FUNCTION IF EXISTS rk_login_department_ids(text)")
        op.execute("DROP FUNCTION IF EXISTS rk_login_departments(text)")
    op.drop_index("ix_access_log_at", table_name="access_log")
    op.drop_index("ix_access_log_login_at", table_name="access_log")
    op.drop_index("ix_access_log_client_ref", table_name="access_log")
    op.drop_table("access_log")
    if bind.dialect.name != "sqlite":
        op.execute("DROP FUNCTION IF EXISTS access_log_refuse()")
    op.drop_index("ix_access_grant_login_role", table_name="access_grant")
    op.drop_table("access_grant")
    op.drop_index(op.f("ix_staff_login"), table_name="staff")
    with op.batch_alter_table("staff") as batch:
        batch.drop_column("login")
