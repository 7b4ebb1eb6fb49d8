"""Domain errors. The CLI turns each into one line on stderr and the exit code of the contract.

Exit codes (DESIGN.md §5): 0 done; 2 bad usage or bad input, nothing written; 1 anything else.
"""

from __future__ import annotations

from recoverykit.i18n import Msg, placeholders_in


class Field(str):
    """A field the user gave a command, named by the parameter (``dept``, ``date``, ``ors``,
    ``to_date``), never by its flag. Services and domain raise :class:`InvalidInput` with it;
    the CLI boundary (``recoverykit.cli.common.flag_for``) shows it as the flag (``--dept``).
    A plain ``str`` field (a file name, a column, a settings key, ``KODE``) is shown as it is."""

    __slots__ = ()


class RecoveryKitError(Exception):
    """Base class. ``message`` is bilingual; ``str(error)`` is in the current language."""

    exit_code = 1

    def __init__(self, message: Msg | str) -> None:
        self.message = message if isinstance(message, Msg) else Msg(message, message)
        super().__init__(str(self.message))

    def __str__(self) -> str:
        return str(self.message)


class InvalidInput(RecoveryKitError):
    """Bad input from the user. ``field`` names the argument or option it concerns."""

    exit_code = 2

    def __init__(self, field: str, message: Msg | str) -> None:
        self.field = field
        super().__init__(message)

    def __str__(self) -> str:
        if not self.field:
            return str(self.message)
        return f"{placeholders_in(self.field)}: {self.message}"


class NotFound(InvalidInput):
    """Something the user named does not exist (department, plan, client ...)."""


class Conflict(InvalidInput):
    """The input clashes with what is stored (duplicate code, still referenced ...)."""


class SchemaError(RecoveryKitError):
    """The database schema is out of date, newer than this version, or broken."""


class DatabaseBusy(RecoveryKitError):
    """Another process held the database lock longer than the busy timeout."""


class StorageError(RecoveryKitError):
    """The database could not be opened, read or written."""


class DamagedDatabase(StorageError):
    """The database file is damaged (``PRAGMA integrity_check`` found errors) or not a database."""


class ConfigError(RecoveryKitError):
    """A configuration file or setting is wrong."""


class AccessDenied(RecoveryKitError):
    """The acting login may not do this (its roles, or the database server, refuse it)."""
