"""The declared schema: SQLModel tables, one module per feature.

Importing this package loads SQLModel (~400 ms), so only migrations, the schema drift test and
rarely used commands import it. Every table module must be imported here so that
``metadata`` is complete for Alembic.
"""

from recoverykit.store.schema import (  # noqa: F401  (register their tables)
    access,
    cards,
    feedback,
    fit,
    plans,
)
from recoverykit.store.schema.base import metadata
from recoverykit.store.schema.core import Department, Setting

__all__ = ["Department", "Setting", "metadata"]
