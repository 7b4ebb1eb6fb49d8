"""User-facing language: Norwegian bokmål by default, English with --lang en or RECOVERYKIT_LANG=en.

Messages live next to the code that says them, as a pair: ``t("Norsk tekst", "English text")``.
A :class:`Msg` keeps both and renders in the language that is current when it is printed, so
domain code can build messages without knowing the language.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

SUPPORTED = ("nb", "en")
_current: str | None = None


def normalise(lang: str | None) -> str | None:
    """Map a user's language code to one we support ('no', 'nb_NO', 'en-GB' ...), else None."""
    if not lang:
        return None
    code = lang.strip().lower().replace("_", "-").split("-")[0]
    if code in ("nb", "no", "nn"):
        return "nb"
    if code == "en":
        return "en"
    return None


def set_language(lang: str | None) -> str:
    """Set the current language; ``None`` means from the environment (default nb)."""
    global _current
    chosen = normalise(lang) or normalise(os.environ.get("RECOVERYKIT_LANG")) or "nb"
    _current = chosen
    return chosen


def language() -> str:
    if _current is None:
        return set_language(None)
    return _current


@dataclass(frozen=True)
class Msg:
    """A message in both languages; ``str()`` gives the current one."""

    nb: str
    en: str

    def __str__(self) -> str:
        return self.en if language() == "en" else self.nb

    def format(self, **values: Any) -> Msg:
        return Msg(self.nb.format(**values), self.en.format(**values))


def t(nb: str, en: str, **values: Any) -> Msg:
    """A bilingual message, optionally formatted with ``values``."""
    msg = Msg(nb, en)
    return msg.format(**values) if values else msg


def decimal_mark(number_text: str) -> str:
    """A formatted number with the current language's decimal mark: ``7,5`` (nb), ``7.5`` (en)."""
    return number_text if language() == "en" else number_text.replace(".", ",")


def tr(nb: str, en: str, **values: Any) -> str:
    """The message in the current language, as a plain string (help texts, table headers)."""
    return str(t(nb, en, **values))
