"""Shared metadata with a naming convention, so constraints have stable names on every backend."""

from typing import Any

from sqlalchemy import DateTime, func
from sqlmodel import Field, SQLModel

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = SQLModel.metadata
metadata.naming_convention = NAMING_CONVENTION


def created_at_field() -> Any:
    """``created_at``: set by the database when the row is written (plain ``DateTime``)."""
    return Field(
        default=None,
        sa_type=DateTime(),
        sa_column_kwargs={"server_default": func.current_timestamp()},
    )
