"""Foundation tables: the unit's departments and its settings."""

from datetime import datetime

from sqlalchemy import CheckConstraint, DateTime, func
from sqlmodel import Field, SQLModel

from recoverykit.store.schema import base as _base  # noqa: F401  (naming convention first)


class Department(SQLModel, table=True):
    """An avdeling. ``code_key`` is the case-folded code: codes are unique regardless of case."""

    __tablename__ = "department"
    __table_args__ = (
        CheckConstraint("length(code) BETWEEN 1 AND 16", name="code_length"),
        CheckConstraint("length(name) BETWEEN 1 AND 120", name="name_length"),
    )

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=16)
    code_key: str = Field(max_length=16, unique=True)
    name: str = Field(max_length=120)
    recovery_contact: str | None = Field(default=None, max_length=120)
    created_at: datetime = Field(
        default=None,
        sa_type=DateTime(),
        sa_column_kwargs={"server_default": func.current_timestamp()},
    )


class Setting(SQLModel, table=True):
    """A unit-wide setting (JSON text), e.g. FIT cutoffs changed from their defaults."""

    __tablename__ = "setting"

    key: str = Field(primary_key=True, max_length=80)
    value: str
