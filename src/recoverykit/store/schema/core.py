"""Foundation tables: the unit's departments and its settings."""

from datetime import datetime

from sqlalchemy import CheckConstraint
from sqlmodel import Field, SQLModel

from recoverykit.store.schema.base import created_at_field  # (also sets the naming convention)


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
    created_at: datetime = created_at_field()


class Setting(SQLModel, table=True):
    """A unit-wide setting (JSON text), e.g. FIT cutoffs changed from their defaults."""

    __tablename__ = "setting"

    key: str = Field(primary_key=True, max_length=80)
    value: str
