"""The command-line library's own words in the user's language, without matching English text.

Typer (0.28) carries its own copy of Click. Typer's part marks its messages with ``gettext``
(help headings, ``[default: …]``, ``Missing command.``): :func:`install_catalogue` answers those
calls from :mod:`recoverykit.i18n.click_messages`, a message catalogue keyed on the message ids.
Typer's copy of Click writes its usage errors as plain English f-strings, so those paths are
owned here instead: each error is recognised by its exception class and its structured fields
(the parameter, the option name, the extra arguments), never by its English sentence, and
written as one line: ``Feil: FELT: hva som er galt (se «… --help»)``, exit 2.

The command and group classes (Typer documents ``cls=`` for them) also give placeholders in the
user's language (``KODE``, ``AVDELING``), ``[VALG]`` in the usage line, ``--lang`` after the
command, number types that refuse in the user's language, and Ctrl-C as one line, exit 130.
"""

from __future__ import annotations

import gettext
import re
import sys
from typing import Any

import typer
import typer.core
from typer._click import exceptions as click_exc
from typer._click import types as click_types
from typer.core import TyperArgument, TyperCommand, TyperGroup, TyperOption

from recoverykit.i18n import (
    canonical_choice,
    language,
    normalise,
    placeholder,
    placeholders_in,
    tr,
)
from recoverykit.i18n.click_messages import MESSAGES


class Catalogue(gettext.NullTranslations):
    """Typer's gettext message ids in the current language (read when the text is used)."""

    def gettext(self, message: str) -> str:
        pair = MESSAGES.get(message)
        if pair is None:
            return message
        return pair[1] if language() == "en" else pair[0]


CATALOGUE = Catalogue()


def install_catalogue() -> None:
    """Answer typer.core's ``_()`` calls from our catalogue (it did ``from gettext import
    gettext as _``)."""
    typer.core._ = CATALOGUE.gettext  # type: ignore[attr-defined]


install_catalogue()


# --- errors we raise ourselves, with the structured fields the message needs -----------------


class UnknownCommand(click_exc.UsageError):
    """A command name that is not there, with the close matches."""

    def __init__(self, name: str, possibilities: list[str], ctx: Any) -> None:
        super().__init__(f"No such command {name!r}.", ctx)
        self.name = name
        from difflib import get_close_matches

        self.possibilities = get_close_matches(name, possibilities)


class ExtraArguments(click_exc.UsageError):
    """Words left over after every argument was filled (often an unquoted name)."""

    def __init__(self, extra: list[str], ctx: Any) -> None:
        super().__init__(f"Got unexpected extra argument(s) ({' '.join(extra)})", ctx)
        self.extra = extra


def _number_fail(kind_nb: str, kind_en: str) -> Any:
    def convert(self: Any, value: Any, param: Any, ctx: Any) -> Any:
        try:
            return self._number_class(value)
        except (ValueError, TypeError):
            self.fail(
                tr("«{v}» er ikke {k}", "'{v}' is not {k}", v=value, k=tr(kind_nb, kind_en)),
                param,
                ctx,
            )

    return convert


class _Int(click_types.IntParamType):
    convert = _number_fail("et heltall", "a whole number")


class _Float(click_types.FloatParamType):
    convert = _number_fail("et tall", "a number")


_CHOICES = re.compile(r"[a-z0-9-]+(\|[a-z0-9-]+)+")


def _accept_choice_words(option: TyperOption, allowed: tuple[str, ...]) -> None:
    """An option listing its choices (``adult|adolescent|child``) also takes the Norwegian
    words (``voksen``), in any case; the command sees the English id."""
    before = option.callback

    def callback(ctx: Any, param: Any, value: Any) -> Any:
        if isinstance(value, str):
            value = canonical_choice(value, allowed)
        elif isinstance(value, list | tuple):
            value = type(value)(
                canonical_choice(v, allowed) if isinstance(v, str) else v for v in value
            )
        return before(ctx, param, value) if before is not None else value

    option.callback = callback


def _localise_params(params: list[Any]) -> None:
    """Placeholders in the user's language (``KODE``/``CODE``, never ``<str>``), and number
    types that refuse in it."""
    for param in params:
        if type(param.type) is click_types.IntParamType:
            param.type = _Int()
        elif type(param.type) is click_types.FloatParamType:
            param.type = _Float()
        metavar = getattr(param, "metavar", None)
        if isinstance(param, TyperOption) and metavar and _CHOICES.fullmatch(metavar):
            _accept_choice_words(param, tuple(metavar.split("|")))
        if metavar is not None:
            param.metavar = placeholders_in(metavar)
        elif not param.name:
            continue
        elif isinstance(param, TyperArgument) or (
            isinstance(param, TyperOption) and not (param.is_flag or param.count)
        ):
            param.metavar = placeholder(param.name)


def check_lang(value: str | None) -> str | None:
    """``--lang``: nb or en (and their spellings: no, nb_NO, en-GB …); anything else exit 2."""
    if value is not None and normalise(value) is None:
        raise typer.BadParameter(
            tr(
                "«{v}» er ikke et språk recoverykit kan; velg nb eller en",
                "'{v}' is not a language recoverykit speaks; choose nb or en",
                v=value,
            )
        )
    return value


def _lang_option() -> TyperOption:
    """``--lang`` on every command too (hidden there): ``dept list --lang en`` works.

    The language itself is chosen from the arguments before the app is built
    (:func:`recoverykit.cli.language_from_args`); here it is only accepted and checked.
    """
    return TyperOption(
        param_decls=["--lang"],
        metavar="nb|en",
        expose_value=False,
        hidden=True,
        is_eager=True,
        callback=lambda ctx, param, value: check_lang(value),
        help=tr("Språk for utskrift: nb eller en.", "Output language: nb or en."),
    )


def _is_listing(params: list[Any]) -> bool:
    """A command that prints a table: it has ``--format`` with ``table`` among the choices."""
    return any(
        "--format" in getattr(p, "opts", ()) and "table" in str(getattr(p, "metavar", ""))
        for p in params
    )


def _set_wide(ctx: Any, param: Any, value: bool) -> bool:
    from recoverykit.render import fitting

    fitting.WIDE = bool(value)
    return bool(value)


def _wide_option() -> TyperOption:
    """``--wide`` on every listing: the whole table, one line per row, however wide."""
    return TyperOption(
        param_decls=["--wide"],
        is_flag=True,
        default=False,
        expose_value=False,
        callback=_set_wide,
        help=tr(
            "Vis alle kolonner og hele tekster på én linje per rad, selv om tabellen blir "
            "bredere enn skjermen.",
            "Show every column and whole texts, one line per row, even if the table is "
            "wider than the screen.",
        ),
    )


def _field(exc: Any) -> str:
    """The argument or option an error concerns, as the user typed or saw it."""
    if isinstance(exc, click_exc.NoSuchOption | click_exc.BadOptionUsage):
        return str(exc.option_name)
    param = getattr(exc, "param", None)
    if param is not None:
        opts = [o for o in getattr(param, "opts", []) if o.startswith("-")]
        if opts:
            return str(max(opts, key=len))
        return str(param.metavar or param.human_readable_name or param.name or "")
    hint = getattr(exc, "param_hint", None)
    return hint.strip("'") if isinstance(hint, str) else ""


def _option(ctx: Any, name: str) -> Any:
    command = getattr(ctx, "command", None)
    for param in getattr(command, "params", []):
        if name in getattr(param, "opts", []) or name in getattr(param, "secondary_opts", []):
            return param
    return None


def _what(exc: Any) -> str:
    """What is wrong, in the user's language, from the exception's class and fields."""
    if isinstance(exc, click_exc.MissingParameter):
        return tr("mangler", "is missing")
    if isinstance(exc, UnknownCommand):
        text = tr("ukjent kommando «{n}»", "unknown command '{n}'", n=exc.name)
        if exc.possibilities:
            text += tr(
                " (mente du {p}?)",
                " (did you mean {p}?)",
                p=tr(" eller ", " or ").join(exc.possibilities),
            )
        return text
    if isinstance(exc, ExtraArguments):
        return tr(
            "uventet ekstra argument ({a}); står det mellomrom i en verdi, sett den i anførselstegn",
            "unexpected extra argument ({a}); if a value has spaces, put it in quotes",
            a=" ".join(exc.extra),
        )
    if isinstance(exc, click_exc.NoSuchOption):
        text = tr("ukjent valg", "unknown option")
        if exc.possibilities:
            text += tr(
                " (mente du {p}?)", " (did you mean {p}?)", p=", ".join(sorted(exc.possibilities))
            )
        return text
    if isinstance(exc, click_exc.BadOptionUsage):
        option = _option(exc.ctx, exc.option_name)
        if option is not None and (option.is_flag or option.count):
            return tr("tar ingen verdi", "takes no value")
        nargs = getattr(option, "nargs", 1) or 1
        if nargs == 1:
            return tr("mangler en verdi", "needs a value")
        return tr("trenger {n} verdier", "needs {n} values", n=nargs)
    if isinstance(exc, click_exc.BadArgumentUsage):
        return tr("feil antall verdier", "wrong number of values")
    if isinstance(exc, click_exc.BadParameter):
        return str(exc.message)  # our own types and callbacks say it in the user's language
    if isinstance(exc, click_exc.UsageError) and str(exc.message) == CATALOGUE.gettext(
        "Missing command."
    ):
        return str(exc.message)
    return str(getattr(exc, "message", "") or exc)


def usage_error_line(exc: Any) -> str:
    """One line for a usage error: ``Feil: FELT: hva som er galt (se «… --help»)``."""
    field = _field(exc)
    text = _what(exc).strip()
    ctx = getattr(exc, "ctx", None)
    path = getattr(ctx, "command_path", "recoverykit") or "recoverykit"
    hint = tr("se «{p} --help»", "see '{p} --help'", p=path)
    label = tr("Feil", "Error")
    from recoverykit.domain.idnumber import find_identity_numbers

    if find_identity_numbers(text) or find_identity_numbers(field):
        from recoverykit.cli.common import identity_number_said

        text = identity_number_said()  # never repeat it, not even in a usage error
        if find_identity_numbers(field):
            field = tr("et argument", "an argument")
    return f"{label}: {field}: {text} ({hint})" if field else f"{label}: {text} ({hint})"


def _has_surrogate(text: str) -> bool:
    """Bytes that were not UTF-8 reach Python as lone surrogates (U+DC80–U+DCFF)."""
    return any("\ud800" <= ch <= "\udfff" for ch in text)


def _invalid_field(command: Any, args: list[str], index: int) -> str:
    """The option or argument that ``args[index]`` belongs to, as the user would name it."""
    params = list(getattr(command, "params", []))
    arg = args[index]
    by_opt = {o: p for p in params for o in getattr(p, "opts", []) if o.startswith("-")}
    if arg.startswith("-"):
        name = arg.split("=", 1)[0]
        return name if not _has_surrogate(name) else tr("et valg", "an option")
    for back in range(index - 1, max(-1, index - 5), -1):  # an option's value (up to 4)
        before = args[back]
        if before.startswith("--") and not _has_surrogate(before):
            param = by_opt.get(before)
            if param is None or not getattr(param, "is_flag", False):
                return before
            break
        if before.startswith("-"):
            break
    positional = [p for p in params if getattr(p, "param_type_name", "") == "argument"]
    seen = 0
    i = 0
    while i < index:
        current = args[i]
        if current in by_opt and not getattr(by_opt[current], "is_flag", False):
            i += 1 + max(1, int(getattr(by_opt[current], "nargs", 1) or 1))
            continue
        if not current.startswith("-"):
            seen += 1
        i += 1
    if seen < len(positional):
        param = positional[seen]
        name = str(getattr(param, "human_readable_name", "") or param.name).upper()
        return name.split()[0] if name.split() else name
    if positional and getattr(positional[-1], "nargs", 1) == -1:
        return str(getattr(positional[-1], "human_readable_name", "")).upper()
    return tr("et argument", "an argument")


def refuse_invalid_text(command: Any, ctx: Any, args: list[str]) -> None:
    """Exit 2 with one line naming the field when an argument is not valid text (bytes that are
    not UTF-8, or a lone surrogate): nothing downstream can store or print it faithfully."""
    commands = getattr(command, "commands", None)
    for index, arg in enumerate(args):
        if commands is not None and arg in commands:
            break  # the rest belongs to the subcommand, which checks it itself
        if arg == "--":
            continue
        if _has_surrogate(arg):
            field = _invalid_field(command, args, index)
            label = tr("Feil", "Error")
            typer.echo(
                f"{label}: {field}: "
                + tr(
                    "er ikke gyldig tekst (ugyldige UTF-8-byte eller et enslig surrogattegn)",
                    "is not valid text (bytes that are not UTF-8, or a lone surrogate)",
                ),
                err=True,
            )
            raise typer.Exit(2)


def interrupted() -> typer.Exit:
    """Ctrl-C: one line and exit code 130 (128 + SIGINT). Every write is one transaction, so
    nothing of the interrupted command is half-saved."""
    typer.echo("", err=True)
    typer.echo(tr("Avbrutt; ingenting ble lagret.", "Interrupted; nothing was saved."), err=True)
    return typer.Exit(130)


class _Localised:
    """Mixin for Typer's group and command classes."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.options_metavar: str | None = tr("[VALG]", "[OPTIONS]")
        params: list[Any] = self.params  # type: ignore[attr-defined]
        _localise_params(params)
        if not any(p.name == "lang" for p in params):
            params.append(_lang_option())
        if _is_listing(params) and not any(p.name == "wide" for p in params):
            params.append(_wide_option())

    def get_help_option(self, ctx: Any) -> Any:
        option = super().get_help_option(ctx)  # type: ignore[misc]
        if option is not None:
            option.help = tr("Vis denne hjelpen og avslutt.", "Show this message and exit.")
        return option

    def format_usage(self, ctx: Any, formatter: Any) -> None:
        pieces: list[str] = self.collect_usage_pieces(ctx)  # type: ignore[attr-defined]
        # Typer writes a required argument as {CODE}; the contract writes CODE.
        pieces = [p[1:-1] if p.startswith("{") and p.endswith("}") else p for p in pieces]
        formatter.write_usage(ctx.command_path, " ".join(pieces), prefix=tr("Bruk: ", "Usage: "))

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)  # type: ignore[misc]
        except KeyboardInterrupt:
            raise interrupted() from None

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        refuse_invalid_text(self, ctx, args)
        allowed = ctx.allow_extra_args
        ctx.allow_extra_args = True
        try:
            rest: list[str] = super().parse_args(ctx, args)  # type: ignore[misc]
        except click_exc.ClickException as exc:  # a parser error knows no command: give it this
            if getattr(exc, "ctx", None) is None:
                exc.ctx = ctx  # type: ignore[attr-defined]
            raise
        finally:
            ctx.allow_extra_args = allowed
        if rest and not allowed and not ctx.resilient_parsing:
            raise ExtraArguments(rest, ctx)
        return rest

    def main(self, *args: Any, standalone_mode: bool = True, **kwargs: Any) -> Any:
        if not standalone_mode:
            return super().main(*args, standalone_mode=False, **kwargs)  # type: ignore[misc]
        try:
            result = super().main(*args, standalone_mode=False, **kwargs)  # type: ignore[misc]
        except typer.Exit:
            raise
        except KeyboardInterrupt:
            raise interrupted() from None
        except click_exc.NoArgsIsHelpError as exc:
            typer.echo(exc.ctx.get_help(), err=False)
            sys.exit(2)
        except typer.Abort:
            typer.echo(
                tr("Avbrutt; ingenting ble lagret.", "Aborted; nothing was saved."), err=True
            )
            sys.exit(1)
        except click_exc.FileError as exc:
            typer.echo(f"{tr('Feil', 'Error')}: {exc.format_message()}", err=True)
            sys.exit(int(exc.exit_code))
        except click_exc.ClickException as exc:
            typer.echo(usage_error_line(exc), err=True)
            sys.exit(int(exc.exit_code))
        sys.exit(result if isinstance(result, int) else 0)


_COMPLETION_HELP = {
    "install_completion": (
        "Installer fullføring med Tab for skallet ditt (bash, zsh eller fish).",
        "Install Tab completion for your shell (bash, zsh or fish).",
    ),
    "show_completion": (
        "Vis skriptet for fullføring med Tab, til å kopiere eller tilpasse.",
        "Show the Tab completion script, to copy or adapt.",
    ),
}


class Group(_Localised, TyperGroup):
    """A command group whose help and usage errors speak the user's language."""

    def get_params(self, ctx: Any) -> list[Any]:
        params: list[Any] = super().get_params(ctx)
        for param in params:
            if param.name in _COMPLETION_HELP:  # Typer adds these after the group is built
                param.help = tr(*_COMPLETION_HELP[param.name])
        return params

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.subcommand_metavar = tr("KOMMANDO ...", "COMMAND [ARGS]...")

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        """The commands with the first sentence of their help, wrapped under itself rather than
        cut with «...» (Click's way): what a command is for stays readable at 80 columns."""
        rows = []
        for name in self.list_commands(ctx):
            command = self.get_command(ctx, name)
            if command is not None and not command.hidden:
                rows.append((name, command.get_short_help_str(limit=1_000)))
        if rows:
            with formatter.section(CATALOGUE.gettext("Commands")):
                formatter.write_dl(rows)

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        name = args[0] if args else ""
        unknown = name and not name.startswith("-") and self.get_command(ctx, name) is None
        if unknown and not ctx.resilient_parsing:
            raise UnknownCommand(name, self.list_commands(ctx), ctx)
        return super().resolve_command(ctx, args)


class Command(_Localised, TyperCommand):
    """A command whose help and usage errors speak the user's language."""
