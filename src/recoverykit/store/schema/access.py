"""Tables for: who may see what (access grants) and who saw it (the append-only access log).

``access_grant`` gives a login (PostgreSQL ``current_user``, or the operating-system user on
SQLite) a role, for one department or (``department_id`` NULL) for the whole unit. A login can
hold several grants. ``staff.login`` (declared with the staff table) ties a login to a person.

``access_log`` is append-only: the database refuses UPDATE and DELETE on it (triggers on both
backends, created by revision 0006). A client is named in it by ``client_ref``, a keyed one-way
hash of the client's code, so the log keeps its entries when a client is erased and still never
holds the code itself.
"""

from datetime import datetime

from sqlalchemy import CheckConstraint, DateTime, Index
from sqlmodel import Field, SQLModel

from recoverykit.store.schema.base import created_at_field  # (also sets the naming convention)

ROLES = "('leader', 'clinician', 'recovery-contact', 'reporter', 'admin')"


class AccessGrant(SQLModel, table=True):
    """One role for one login, in one department (or unit-wide when ``department_id`` is NULL)."""

    __tablename__ = "access_grant"
    __table_args__ = (
        CheckConstraint(f"role IN {ROLES}", name="role"),
        CheckConstraint("length(login) BETWEEN 1 AND 63", name="login_length"),
        Index("ix_access_grant_login_role", "login", "role"),
    )

    id: int | None = Field(default=None, primary_key=True)
    login: str = Field(max_length=63)
    role: str = Field(max_length=20)
    department_id: int | None = Field(default=None, foreign_key="department.id")
    created_at: datetime = created_at_field()


class AccessLog(SQLModel, table=True):
    """One access: when, who, what, which client (hashed), how many rows, where it was written."""

    __tablename__ = "access_log"
    __table_args__ = (
        Index("ix_access_log_client_ref", "client_ref"),
        Index("ix_access_log_login_at", "login", "at"),
        Index("ix_access_log_at", "at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(sa_type=DateTime())
    login: str = Field(max_length=63)
    action: str = Field(max_length=40)
    client_ref: str | None = Field(default=None, max_length=64)
    department: str | None = Field(default=None, max_length=16)
    rows: int | None = None
    path: str | None = None
    detail: str | None = None
