"""Typer's own messages in our two languages, keyed on their gettext message ids.

``typer.core`` marks its user-facing words with ``gettext`` (help headings, ``[default: …]``,
``Missing command.``); :mod:`recoverykit.cli.localise` installs this catalogue as a
:class:`gettext.NullTranslations` object there, so no English sentence is matched afterwards.
An id Typer changes in a future release falls back to Typer's English, and
``tests/test_click_catalogue.py`` fails until the catalogue follows: every id here must occur in
the installed Typer, and every id Typer marks must be here.

(Typer's copy of Click writes its usage errors as plain f-strings, not through gettext; those
error paths are owned in :mod:`recoverykit.cli.localise` by exception class.)
"""

from __future__ import annotations

# msgid -> (bokmål, English)
MESSAGES: dict[str, tuple[str, str]] = {
    "Arguments": ("Argumenter", "Arguments"),
    "Options": ("Valg", "Options"),
    "Commands": ("Kommandoer", "Commands"),
    "default: {default}": ("standard: {default}", "default: {default}"),
    "required": ("påkrevd", "required"),
    "env var: {var}": ("miljøvariabel: {var}", "env var: {var}"),
    "(dynamic)": ("(beregnes)", "(dynamic)"),
    "Aborted!": ("Avbrutt; ingenting ble lagret.", "Aborted; nothing was saved."),
    "Missing command.": ("mangler en kommando", "a command is missing"),
    "No such command {name!r}.": ("ukjent kommando «{name}»", "unknown command '{name}'"),
}
