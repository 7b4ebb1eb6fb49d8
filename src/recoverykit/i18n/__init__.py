"""User-facing language: Norwegian bokmål by default, English with --lang en or RECOVERYKIT_LANG=en.

Messages live next to the code that says them, as a pair: ``t("Norsk tekst", "English text")``.
A :class:`Msg` keeps both and renders in the language that is current when it is printed, so
domain code can build messages without knowing the language.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date, datetime
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
        """Fill in ``values``; a date is written ``30.11.2026`` in bokmål and ``2026-11-30`` in
        English, so a sentence never mixes the two; a :class:`Msg` value in the same language."""
        return Msg(
            self.nb.format(**{k: _shown(v, "nb") for k, v in values.items()}),
            self.en.format(**{k: _shown(v, "en") for k, v in values.items()}),
        )


def _shown(value: Any, lang: str) -> Any:
    if isinstance(value, Msg):
        return value.en if lang == "en" else value.nb
    if isinstance(value, date) and not isinstance(value, datetime):
        return format_date(value, lang)
    return value


def format_date(value: date, lang: str | None = None) -> str:
    """The one date format in sentences: ``30.11.2026`` (nb), ``2026-11-30`` (en)."""
    if (lang or language()) == "en":
        return value.isoformat()
    return f"{value.day:02d}.{value.month:02d}.{value.year}"


def count(n: int, nb_one: str, nb_many: str, en_one: str, en_many: str) -> Msg:
    """A number with its noun in the right form: ``1 avsluttet forløp``, ``2 avsluttede forløp``
    (``1 samtale``, ``3 samtaler``). The number is written with the language's digit grouping
    (``12 345`` in bokmål)."""
    return Msg(
        f"{format_int(n, 'nb')} {nb_one if n == 1 else nb_many}",
        f"{format_int(n, 'en')} {en_one if n == 1 else en_many}",
    )


def format_int(n: int, lang: str | None = None) -> str:
    """``2 009`` (nb: a no-break space groups thousands, so a count never reads as a year) or
    ``2,009`` (en)."""
    if (lang or language()) == "en":
        return f"{n:,}"
    return f"{n:,}".replace(",", "\u00a0") if abs(n) >= 1000 else str(n)


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


# Placeholders in help, usage lines and error fields: (bokmål, English). A parameter's name or
# an English placeholder finds its pair; what is not listed is left as it is.
PLACEHOLDERS: tuple[tuple[str, str], ...] = (
    ("KODE", "CODE"),
    ("NAVN", "NAME"),
    ("AVDELING", "DEPT"),
    ("PERIODE", "PERIOD"),
    ("VERDI", "VALUE"),
    ("NUMMER", "NUMBER"),
    ("TALL", "N"),
    ("TREKK_ID", "DRAW_ID"),
    ("KLIENT", "CLIENT"),
    ("DATO", "DATE"),
    ("TEKST", "TEXT"),
    ("TITTEL", "TITLE"),
    ("FIL", "FILE"),
    ("FIL.yaml", "FILE.yaml"),
    ("MÅLFIL", "DEST"),
    ("MAPPE", "FOLDER"),
    ("FORLØP", "COURSE"),
    ("DOKUMENT", "DOC"),
    ("PLAN", "PLAN"),
    ("MÅNED", "MONTH"),
    ("ÅR", "YEAR"),
    ("DAG", "DAY"),
    ("ÅÅÅÅ", "YYYY"),
    ("ÅÅÅÅ-MM", "YYYY-MM"),
    ("ÅÅÅÅH1|ÅÅÅÅH2", "YYYYH1|YYYYH2"),
    ("NØKKEL=VERDI", "KEY=VALUE"),
    ("NØKKEL|all", "KEY|all"),
    ("ROLLE", "ROLE"),
    ("KORTSTOKK", "DECK"),
    ("STATUS", "STATUS"),
    ("NOTAT", "NOTE"),
    ("ENHET", "UNIT"),
    ("STED", "WHERE"),
    ("MÅL", "TARGET"),
    ("INDIKATOR", "INDICATOR"),
    ("ANSVARLIG", "RESPONSIBLE"),
    ("FRIST", "DUE"),
    ("FORMAT", "FMT"),
)
# Parameter names whose placeholder is another word than the name in capitals.
_PARAM_PLACEHOLDERS = {
    "dept": "DEPT",
    "new_code": "CODE",
    "recovery_contact": "NAME",
    "clinician": "NAME",
    "peer_worker": "NAME",
    "adopted_by": "NAME",
    "participant": "NAME",
    "out": "FILE",
    "svg": "FILE",
    "dest": "DEST",
    "on": "DATE",
    "day": "DATE",
    "started": "DATE",
    "start": "DATE",
    "end": "DATE",
    "adopted_on": "DATE",
    "baseline": "VALUE",
    "evaluation": "DATE",
    "plan_id": "PLAN",
    "seed": "N",
    "top": "N",
    "keep": "N",
    "min_group": "N",
    "per_page": "N",
    "focus": "TEXT",
    "outcome": "TEXT",
    "pick": "VALUE",
    "new": "NAME",
    "remove": "VALUE",
}
_BY_EN = {en.upper(): (nb, en) for nb, en in PLACEHOLDERS}
_BY_NB = {nb.upper(): (nb, en) for nb, en in PLACEHOLDERS}


def placeholder(name: str) -> str:
    """``KODE`` (nb) or ``CODE`` (en) for a parameter name or a placeholder in either language."""
    key = _PARAM_PLACEHOLDERS.get(name, name).upper()
    pair = _BY_EN.get(key) or _BY_NB.get(key)
    if pair is None:
        return name.upper() if name.islower() else name
    return pair[1] if language() == "en" else pair[0]


def placeholders_in(text: str) -> str:
    """Each space-separated placeholder of ``text`` (``CLIENT --ors A B C D``) in the current
    language; anything not in :data:`PLACEHOLDERS` (option names, choice lists) unchanged."""
    out = []
    for token in text.split(" "):
        bare = token.strip("[]{}.")
        pair = (_BY_EN.get(bare) or _BY_NB.get(bare)) if bare.isupper() else None
        if pair is not None:
            token = token.replace(bare, pair[1] if language() == "en" else pair[0])
        out.append(token)
    return " ".join(out)


# Enumerated option values: the English id, and the Norwegian words the help and messages show.
# An option whose metavar lists its choices (``adult|adolescent|child``) accepts either, in any
# case (recoverykit.cli.localise); what is stored and printed in JSON/CSV is the English id.
CHOICE_WORDS: dict[str, tuple[str, ...]] = {
    "table": ("tabell",),
    "both": ("begge",),
    "adult": ("voksen",),
    "adolescent": ("ungdom",),
    "child": ("barn",),
    "client": ("klient",),
    "parent": ("forelder", "foresatt"),
    "family": ("familie",),
    "network": ("nettverk",),
    "other": ("annet", "annen"),
    "planned": ("planlagt", "ferdig"),
    "dropped-out": ("avbrutt",),
    "moved": ("flyttet",),
    "met": ("nådd",),
    "partly": ("delvis", "delvis-nådd"),
    "not-met": ("ikke-nådd",),
}
_FOLD = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "é": "e", " ": "-", "_": "-"})


def fold(word: str) -> str:
    """A spelling-tolerant key for ids: lower case, æøå as ae/o/a (``recovery-hjørnet`` finds
    ``recovery-hjornet``), space and underscore as hyphen."""
    return word.strip().lower().translate(_FOLD)


def canonical_choice(value: str, allowed: tuple[str, ...]) -> str:
    """``value`` as one of ``allowed`` if it is one, or one of its Norwegian words, in any case
    or æøå spelling; else ``value`` unchanged (the command then refuses it, listing ``allowed``)."""
    key = fold(value)
    for choice in allowed:
        if key == fold(choice) or key in {fold(w) for w in CHOICE_WORDS.get(choice, ())}:
            return choice
    return value


def sentence(text: str) -> str:
    """``text`` ending with a full stop (or its own ? or !), to stand before another sentence:
    «… bare velges én gang. Prøv igjen.»"""
    text = text.rstrip()
    return text if not text or text[-1] in ".?!:…" else text + "."


def whole(n: int) -> Msg:
    """A whole number for a message, grouped per language (``12 345`` / ``12,345``)."""
    return Msg(format_int(n, "nb"), format_int(n, "en"))
