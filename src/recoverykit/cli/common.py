"""What every command shares: global state, the error boundary and common options.

This module imports only Typer and recoverykit's light modules; anything heavy is imported
inside the command that needs it.
"""

from __future__ import annotations

import errno
import functools
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

import typer

from recoverykit.errors import Field, InvalidInput, RecoveryKitError
from recoverykit.i18n import t, tr

if TYPE_CHECKING:
    from recoverykit.store.connection import Database

F = TypeVar("F", bound=Callable[..., Any])


@dataclass
class State:
    db: str | None = None
    lang: str | None = None


STATE = State()


def reset_state() -> None:
    STATE.db = None
    STATE.lang = None


def store() -> Database:
    """Open the store for a command (lazy import: SQL and schema check only when needed)."""
    from recoverykit.services.store import open_store

    return open_store(STATE.db)


def err(message: object) -> None:
    from recoverykit.domain.text import visible

    typer.echo(visible(str(message)), err=True)


# Fields whose flag is not ``--`` and the field's name with ``_`` as ``-``. Services and domain
# name fields (:class:`recoverykit.errors.Field`); this is the one place they become flags.
FLAGS: dict[str, str] = {}


def flag_for(field: str) -> str:
    """How the command line names ``field``: a :class:`~recoverykit.errors.Field` as its flag
    (``dept`` → ``--dept``, ``to_date`` → ``--to-date``, ``ors ledd 2`` → ``--ors ledd 2``);
    any other field (a placeholder, a file, a column) as it is."""
    if not isinstance(field, Field):
        return field
    name, _, rest = str(field).partition(" ")
    flag = FLAGS.get(name) or "--" + name.replace("_", "-")
    return f"{flag} {rest}" if rest else flag


def fail(error: RecoveryKitError) -> typer.Exit:
    """One clear line on stderr, and the exit code of the contract."""
    if isinstance(error, InvalidInput):
        error.field = flag_for(error.field)
    label = tr("Feil", "Error")
    err(f"{label}: {without_identity_numbers(error)}")
    return typer.Exit(error.exit_code)


def without_identity_numbers(error: RecoveryKitError) -> str:
    """The error's line, unless it would repeat an identity number (typed into a date, a path,
    a look-up …): then only the field is named. The one place no message can slip past."""
    from recoverykit.domain.idnumber import find_identity_numbers

    text = str(error)
    if not find_identity_numbers(text):
        return text
    field = getattr(error, "field", "") or ""
    if find_identity_numbers(field):  # a file's path named as the field
        field = tr("filnavnet", "the file name") if "/" in field or "." in field else "?"
    said = identity_number_said()
    return f"{field}: {said}" if field else said


def identity_number_said() -> str:
    return tr(
        "inneholder det som ser ut som et fødselsnummer eller D-nummer; bruk en pseudonym "
        "kode (f.eks. K-0001), aldri fødselsnummer",
        "contains what looks like a national identity number (fødselsnummer or D-number); "
        "use a pseudonymous code (e.g. K-0001), never an identity number",
    )


def boundary(func: F) -> F:
    """The one error boundary: domain errors become one line and an exit code; no traceback.

    Anything unexpected is reported by its type only (its text may hold client data) unless
    ``RECOVERYKIT_DEBUG=1``.
    """

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            result = func(*args, **kwargs)
            try:  # a full standard output is this command's failure, said here
                sys.stdout.flush()
            except BrokenPipeError:
                raise
            except OSError as error:
                raise fail(stdout_failure(error)) from None
            return result
        except RecoveryKitError as error:
            raise fail(error) from None
        except (typer.Exit, typer.Abort, KeyboardInterrupt, SystemExit):
            raise
        except BrokenPipeError:
            # The reader went away (``recoverykit fit show K1 | head``): stop quietly, and keep
            # the interpreter from complaining when it flushes stdout on the way out.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            raise typer.Exit(1) from None
        except OSError as error:
            if os.environ.get("RECOVERYKIT_DEBUG") == "1":
                raise
            raise fail(os_failure(error)) from None
        except Exception as error:
            if os.environ.get("RECOVERYKIT_DEBUG") == "1":
                raise
            known = database_failure(error)
            if known is not None:
                raise fail(known) from None
            err(
                t(
                    "Uventet feil ({k}); ingenting ble skrevet halvveis. Kjør med "
                    "RECOVERYKIT_DEBUG=1 for detaljer.",
                    "Unexpected error ({k}); nothing was half-written. Run with "
                    "RECOVERYKIT_DEBUG=1 for details.",
                    k=type(error).__name__,
                )
            )
            raise typer.Exit(1) from None

    return wrapper  # type: ignore[return-value]


def _silence_stdout() -> None:
    """Point standard output at the null device so the interpreter's last flush stays quiet."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def stdout_failure(error: OSError) -> RecoveryKitError:
    """One line for standard output that cannot be written (a full device, say)."""
    _silence_stdout()
    if error.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        return RecoveryKitError(
            t(
                "standard utdata er full (disken eller enheten har ikke mer plass); "
                "utskriften er ufullstendig",
                "standard output is full (the disk or device has no room left); the output "
                "is incomplete",
            )
        )
    return RecoveryKitError(
        t(
            "kunne ikke skrive til standard utdata ({e})",
            "could not write to standard output ({e})",
            e=error.strerror or type(error).__name__,
        )
    )


def os_failure(error: OSError) -> RecoveryKitError:
    """One line for an operating-system error that reached the boundary: one without a file
    name comes from writing standard output (files are named by the one file writer)."""
    from recoverykit.files import os_error

    if error.filename is None:
        return stdout_failure(error)
    return os_error(error, error.filename)


def database_failure(error: Exception) -> RecoveryKitError | None:
    """One line for a database error that reached the boundary untranslated, or None."""
    module = type(error).__module__
    if not (module.startswith("sqlite3") or module.startswith("psycopg")):
        return None
    from recoverykit.store.connection import translate_error

    translated = translate_error(error)
    return translated if isinstance(translated, RecoveryKitError) else None


def command(
    app: typer.Typer, name: str, help_nb: str, help_en: str, **kwargs: Any
) -> Callable[[F], F]:
    """Register ``func`` as a command with bilingual help and the error boundary."""

    def decorate(func: F) -> F:
        from recoverykit.cli.localise import Command

        kwargs.setdefault("cls", Command)
        app.command(name, help=tr(help_nb, help_en), **kwargs)(boundary(func))
        return func

    return decorate


def group(parent: typer.Typer, name: str, help_nb: str, help_en: str) -> typer.Typer:
    from recoverykit.cli.localise import Group

    sub = typer.Typer(
        cls=Group,
        help=tr(help_nb, help_en),
        no_args_is_help=True,
        rich_markup_mode=None,
        add_completion=False,
        pretty_exceptions_enable=False,
    )
    parent.add_typer(sub, name=name)
    return sub


def format_option() -> Any:
    return typer.Option(
        "table",
        "--format",
        help=tr("Utdataformat: table, json eller csv.", "Output format: table, json or csv."),
        metavar="table|json|csv",
    )


def check_choice(field: str, value: str, allowed: tuple[str, ...]) -> str:
    """Refuse a value outside ``allowed`` with one line that lists what is allowed."""
    if value not in allowed:
        raise InvalidInput(
            field,
            t(
                "«{v}» er ikke tillatt; velg {a}",
                "'{v}' is not allowed; choose {a}",
                v=value,
                a=" | ".join(allowed),
            ),
        )
    return value


def check_format(value: str) -> str:
    return check_choice("--format", value, ("table", "json", "csv"))


def echo(message: object = "") -> None:
    """A line on standard output; control and bidirectional characters are shown as ``<U+…>``."""
    from recoverykit.domain.text import visible

    typer.echo(visible(str(message)))


def stdin_is_terminal() -> bool:
    """Whether a person can answer prompts (tests replace this where it is used)."""
    return sys.stdin.isatty()


def stdout_is_terminal() -> bool:
    return sys.stdout.isatty()
