"""The ``recoverykit`` command line: one Typer app per command group, registered here.

Help texts are built when the app is built, in the language chosen by ``--lang`` or
``RECOVERYKIT_LANG`` (read from the arguments before Typer parses them).
"""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Sequence

import typer

from recoverykit import __version__
from recoverykit.cli.common import STATE, reset_state
from recoverykit.i18n import set_language, tr

# Command groups, in the order they appear in --help. Each module has register(app).
GROUPS = (
    "demo",
    "database",
    "dept",
    "plan",
    "goals",
    "share",
    "staff",
    "fit",
    "values",
    "cards",
    "report",
    "history",
    "access",
    # issue 14: instruments, surveys, the client's network and goals, meetings
    "instruments",
    "surveys",
    "meetings",
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"recoverykit {__version__}")
        raise typer.Exit()


def _lang(value: str | None) -> str | None:
    from recoverykit.cli.localise import check_lang

    return check_lang(value)


def make_app(groups: Sequence[str] = ()) -> typer.Typer:
    from recoverykit.cli.localise import Group

    app = typer.Typer(
        name="recoverykit",
        cls=Group,
        help=tr(
            "recoverykit: recoveryorientert praksis i kommunalt psykisk helse- og rusarbeid "
            "– implementeringsplan, målbare mål, FIT, verdiøvelse, refleksjonskort og "
            "månedsrapporter.",
            "recoverykit: recovery-oriented practice in municipal mental-health and "
            "substance-use services: implementation plan, measurable goals, FIT, values "
            "exercise, reflection cards and monthly reports.",
        ),
        no_args_is_help=True,
        rich_markup_mode=None,
        # --install-completion / --show-completion (bash, zsh, fish); completing is answered
        # only when _RECOVERYKIT_COMPLETE is set, so it costs nothing otherwise
        add_completion=True,
        pretty_exceptions_enable=False,
        context_settings={"help_option_names": ["-h", "--help"]},
    )

    @app.callback()
    def root(
        version: bool = typer.Option(
            False,
            "--version",
            callback=_version,
            is_eager=True,
            help=tr("Vis versjonen og avslutt.", "Show the version and exit."),
        ),
        lang: str = typer.Option(
            None,
            "--lang",
            metavar="nb|en",
            callback=_lang,
            help=tr(
                "Språk for teksten verktøyet viser: nb (standard) eller en. Også RECOVERYKIT_LANG.",
                "Output language: nb (default) or en. Also RECOVERYKIT_LANG.",
            ),
        ),
        db: str = typer.Option(
            None,
            "--db",
            metavar="URL",
            help=tr(
                "Database: filsti, sqlite:///STI eller postgresql+psycopg://… "
                "(ellers RECOVERYKIT_DB, konfigurasjonsfil, standardfil).",
                "Database: file path, sqlite:///PATH or postgresql+psycopg://… "
                "(else RECOVERYKIT_DB, config file, default file).",
            ),
        ),
        dialect: str = typer.Option(
            None,
            "--dialect",
            metavar="excel-nb|plain",
            help=tr(
                "CSV fra --format csv: excel-nb (; desimalkomma, dd.mm.åååå, norske "
                "overskrifter, BOM; standard på norsk) eller plain (, punktum, ISO; standard på "
                "engelsk). Også RECOVERYKIT_CSV_DIALECT.",
                "CSV from --format csv: excel-nb (; decimal comma, dd.mm.yyyy, Norwegian "
                "headers, BOM; the default in Norwegian) or plain (, point, ISO; the default in "
                "English). Also RECOVERYKIT_CSV_DIALECT.",
            ),
        ),
    ) -> None:
        STATE.db = db
        STATE.lang = lang
        if dialect is not None:
            from recoverykit.cli.common import check_choice, fail
            from recoverykit.errors import InvalidInput
            from recoverykit.render.csv_dialect import DIALECTS, set_dialect

            try:
                set_dialect(check_choice("--dialect", dialect, DIALECTS))
            except InvalidInput as error:
                raise fail(error) from None

    if groups == INDEX:
        _register_index(app)
        return app
    for name in groups or GROUPS:
        importlib.import_module(f"recoverykit.cli.{name}").register(app)
    return app


def _register_index(app: typer.Typer) -> None:
    """The top-level commands as the index lists them (``recoverykit --help``): their names and
    help without importing and building every group (``scripts/cli_index.py`` makes the index
    from the groups; a test compares the two helps)."""
    from recoverykit.cli.index import TOP_LEVEL
    from recoverykit.cli.localise import Command, Group

    for name, _module, is_group, help_nb, help_en in TOP_LEVEL:
        if is_group:
            app.add_typer(
                typer.Typer(cls=Group, help=tr(help_nb, help_en), add_completion=False),
                name=name,
            )
        else:
            app.command(name, cls=Command, help=tr(help_nb, help_en))(_listed_only)


def _listed_only() -> None:  # pragma: no cover - only listed, never run (see groups_for)
    raise typer.Exit(2)


INDEX = ("<index>",)  # make_app: the top-level help from cli/index.py, no group imported

_ROOT_VALUE_OPTIONS = ("--lang", "--db", "--dialect")


def groups_for(args: Sequence[str]) -> tuple[str, ...]:
    """Only the module of the command being run (start-up: ``cards list`` need not import the
    other groups); the index for the top-level help; every group for completion or anything
    unknown (so a mistyped command gets its suggestions)."""
    skip = False
    for arg in args:
        if skip:
            skip = False
            continue
        if arg in _ROOT_VALUE_OPTIONS:
            skip = True
            continue
        if arg.startswith("-"):
            if arg in ("--install-completion", "--show-completion"):
                return GROUPS
            continue
        from recoverykit.cli.index import TOP_LEVEL

        module = next((entry[1] for entry in TOP_LEVEL if entry[0] == arg), None)
        return (module,) if module is not None else GROUPS
    return INDEX  # no command: the top-level help (or --version), from the index


def language_from_args(args: Sequence[str]) -> str | None:
    """``--lang X`` or ``--lang=X`` before any ``--``; Typer parses it again later."""
    for i, arg in enumerate(args):
        if arg == "--":
            break
        if arg == "--lang" and i + 1 < len(args):
            return args[i + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return None


def prepare(args: Sequence[str], *, every_group: bool = False) -> typer.Typer:
    """Reset state, choose the language, build the app (also used by tests with CliRunner);
    ``every_group``: the whole app whatever ``args`` name (the reference, walks over every
    command)."""
    reset_state()
    set_language(language_from_args(args))
    from recoverykit.render.csv_dialect import set_dialect

    set_dialect(None)
    completing = bool(os.environ.get("_RECOVERYKIT_COMPLETE"))
    return make_app(GROUPS if completing or every_group else groups_for(args))


def main(argv: Sequence[str] | None = None) -> None:
    args = list(sys.argv[1:] if argv is None else argv)
    app = prepare(args)
    app(args=args, prog_name="recoverykit")
