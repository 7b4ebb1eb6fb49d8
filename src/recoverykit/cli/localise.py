"""Typer's own words in the user's language: help headings, and usage errors as one line.

Typer documents ``cls=`` for custom group and command classes; these two subclasses use it to
(1) translate the fixed parts of every help page (``Usage:``, ``Options:``, ``Show this message
and exit.`` …) and (2) turn a usage error (missing argument, unknown option, a value of the wrong
type) into one line on stderr that names the field, in the user's language, with exit code 2, as
the command-line contract asks. Our own help texts are already bilingual.
"""

from __future__ import annotations

import re
import sys
from typing import Any

import typer
from typer.core import TyperCommand, TyperGroup

from recoverykit.i18n import language, tr

# Whole lines (or line starts) that Typer's help formatter writes, and their Norwegian.
_HELP_LINES = {
    "Options:": "Valg:",
    "Arguments:": "Argumenter:",
    "Commands:": "Kommandoer:",
}
_HELP_PHRASES = (
    ("Show this message and exit.", "Vis denne hjelpen og avslutt."),
    ("[default: ", "[standard: "),
    ("[required]", "[påkrevd]"),
)


_BRACED = re.compile(r"\{([^{}]+)\}")
_OPTIONAL_ARG = re.compile(r"\[([a-z][a-z0-9_]*)(\.\.\.)?\]")


def _argument_names(text: str) -> str:
    """Arguments as the contract writes them (``dept add CODE NAME``), not Typer's ``{code}``."""
    lines = text.split("\n")
    in_arguments = False
    for i, line in enumerate(lines):
        if line.startswith("Usage: "):
            line = _BRACED.sub(
                lambda m: m.group(1).upper() if m.group(1).islower() else m.group(1), line
            )
            lines[i] = _OPTIONAL_ARG.sub(
                lambda m: f"[{m.group(1).upper()}{m.group(2) or ''}]", line
            )
        elif line == "Arguments:":
            in_arguments = True
        elif in_arguments and line.startswith("  ") and not line.startswith("   "):
            name, _, rest = line[2:].partition(" ")
            lines[i] = f"  {name.upper()} {rest}" if name.islower() else line
        elif not line.strip():
            in_arguments = False
    return "\n".join(lines)


def localise_help(text: str) -> str:
    """Argument names in capitals, and the fixed words of a help page in Norwegian."""
    text = _argument_names(text)
    if language() == "en":
        return text
    lines = []
    for line in text.split("\n"):
        if line.startswith("Usage: "):
            line = "Bruk: " + line[len("Usage: ") :]
            line = line.replace("[OPTIONS]", "[VALG]").replace("COMMAND [ARGS]...", "KOMMANDO ...")
        line = _HELP_LINES.get(line, line)
        for english, norwegian in _HELP_PHRASES:
            line = line.replace(english, norwegian)
        lines.append(line)
    return "\n".join(lines)


def _field(exc: Any) -> str:
    """The argument or option an error concerns, as the user typed or saw it."""
    param = getattr(exc, "param", None)
    if param is not None:
        opts = [o for o in getattr(param, "opts", []) if o.startswith("-")]
        if opts:
            return str(max(opts, key=len))
        return str(getattr(param, "human_readable_name", "") or param.name or "").upper()
    hint = getattr(exc, "param_hint", None)
    if isinstance(hint, str):
        return hint.strip("'")
    option = getattr(exc, "option_name", None)
    return str(option) if option else ""


_PATTERNS: tuple[tuple[re.Pattern[str], str, str], ...] = (
    (re.compile(r"^No such command '(.+)'\.$"), "ukjent kommando «{0}»", "unknown command '{0}'"),
    (re.compile(r"^Missing command\.$"), "mangler en kommando", "a command is missing"),
    (
        re.compile(r"^Got unexpected extra arguments? \((.+)\)$"),
        "uventet ekstra argument ({0})",
        "unexpected extra argument ({0})",
    ),
    (
        re.compile(r"^Option '(.+)' requires an argument\.$"),
        "mangler en verdi",
        "needs a value",
    ),
    (
        re.compile(r"^Option '(.+)' requires (\d+) arguments\.$"),
        "trenger {1} verdier",
        "needs {1} values",
    ),
    (re.compile(r"^No such option: (.+)$"), "ukjent valg", "unknown option"),
    (
        re.compile(r"^'(.*)' is not a valid (?:int|integer)\.?$"),
        "«{0}» er ikke et heltall",
        "'{0}' is not a whole number",
    ),
    (
        re.compile(r"^'(.*)' is not a valid float\.?$"),
        "«{0}» er ikke et tall",
        "'{0}' is not a number",
    ),
    (
        re.compile(r"^'(.*)' is not a valid bool(?:ean)?\b.*$"),
        "«{0}» er ikke ja eller nei",
        "'{0}' is not yes or no",
    ),
    (
        re.compile(r"^'(.*)' is not one of (.+)\.$"),
        "«{0}» er ikke tillatt; velg en av {1}",
        "'{0}' is not allowed; choose one of {1}",
    ),
)


def usage_error_line(exc: Any) -> str:
    """One line for a Click usage error: ``Feil: FIELD: what is wrong (se «… --help»)``."""
    kind = type(exc).__name__
    field = _field(exc)
    message = str(getattr(exc, "message", "") or "").strip()
    if kind == "MissingParameter":
        text = tr("mangler", "is missing")
    else:
        text = message
        for pattern, nb, en in _PATTERNS:
            match = pattern.match(message)
            if match:
                text = (en if language() == "en" else nb).format(*match.groups())
                if kind == "NoSuchOption" and not field:
                    field = match.group(1)
                break
        possibilities = getattr(exc, "possibilities", None)
        if possibilities:
            text += tr(
                " (mente du {p}?)", " (did you mean {p}?)", p=", ".join(sorted(possibilities))
            )
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


class _Localised:
    """Mixin for Typer's group and command classes."""

    def get_help(self, ctx: Any) -> str:
        return localise_help(super().get_help(ctx))  # type: ignore[misc]

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        refuse_invalid_text(self, ctx, args)
        try:
            return super().parse_args(ctx, args)  # type: ignore[misc,no-any-return]
        except Exception as exc:  # a parser error knows no command: give it this one
            if getattr(exc, "ctx", None) is None and hasattr(exc, "format_message"):
                exc.ctx = ctx  # type: ignore[attr-defined]
            raise

    def main(self, *args: Any, standalone_mode: bool = True, **kwargs: Any) -> Any:
        if not standalone_mode:
            return super().main(*args, standalone_mode=False, **kwargs)  # type: ignore[misc]
        try:
            result = super().main(*args, standalone_mode=False, **kwargs)  # type: ignore[misc]
        except (typer.Exit, typer.Abort):
            raise
        except Exception as exc:
            kind = type(exc).__name__
            if kind == "NoArgsIsHelpError":
                typer.echo(exc.ctx.get_help(), err=False)  # type: ignore[attr-defined]
                sys.exit(2)
            if kind == "Abort":
                typer.echo(tr("Avbrutt.", "Aborted."), err=True)
                sys.exit(1)
            if hasattr(exc, "format_message") and hasattr(exc, "exit_code"):
                if kind == "FileError":
                    typer.echo(f"{tr('Feil', 'Error')}: {exc.format_message()}", err=True)
                else:
                    typer.echo(usage_error_line(exc), err=True)
                sys.exit(int(exc.exit_code))
            raise
        sys.exit(result if isinstance(result, int) else 0)


class Group(_Localised, TyperGroup):
    """A command group whose help and usage errors speak the user's language."""


class Command(_Localised, TyperCommand):
    """A command whose help and usage errors speak the user's language."""
