"""CSV as Norwegian Excel opens it (``excel-nb``), or plain for scripts.

``excel-nb`` (the default when the language is Norwegian): ``;`` between cells, decimal comma,
dates ``dd.mm.yyyy``, headers in the current language, UTF-8 with a BOM (so Excel does not read
it as Windows-1252) and CRLF line ends. ``plain`` (the default in English): ``,``, decimal point,
ISO dates, the column keys as headers, no BOM, LF — what recoverykit wrote before.

Cells a spreadsheet would run as a formula are neutralised in both (OWASP CSV injection).
"""

from __future__ import annotations

import csv
import os
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any, TextIO

DIALECTS = ("excel-nb", "plain")
_chosen: str | None = None


def set_dialect(value: str | None) -> None:
    """The dialect for this command (``--dialect`` before the command); None: the default."""
    global _chosen
    _chosen = value


def current_dialect() -> str:
    """``--dialect``, else ``RECOVERYKIT_CSV_DIALECT``, else by language (nb: excel-nb)."""
    from recoverykit.i18n import language

    chosen = _chosen or os.environ.get("RECOVERYKIT_CSV_DIALECT")
    if chosen in DIALECTS:
        return chosen
    return "excel-nb" if language() == "nb" else "plain"


def neutralise(text: str) -> str:
    """A cell spreadsheets show as text, never run as a formula (OWASP CSV injection), with
    control, bidirectional and invisible characters shown as ``<U+…>``."""
    from recoverykit.domain.text import visible

    text = visible(text)
    if text and text[0] in ("=", "+", "-", "@", "\t", "\r") and not _signed_number(text):
        return "'" + text
    return text


def _signed_number(text: str) -> bool:
    body = text[1:] if text[0] in "+-" else ""
    return bool(body) and body.replace(",", "", 1).replace(".", "", 1).isdigit()


def format_cell(value: Any, dialect: str) -> str:
    """One cell's text in ``dialect`` (numbers and dates as that locale writes them)."""
    if value is None:
        return ""
    if dialect == "plain":  # exactly what recoverykit wrote before the dialects
        from recoverykit.domain.text import visible

        text = value.isoformat() if isinstance(value, date | datetime) else visible(str(value))
        return "'" + text if text and text[0] in ("=", "+", "-", "@", "\t", "\r") else text
    if isinstance(value, bool):
        return "ja" if value else "nei"
    if isinstance(value, datetime):
        return value.strftime("%d.%m.%Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, float):
        text = f"{value:g}" if abs(value) < 1e15 else repr(value)
        return text.replace(".", ",")
    if isinstance(value, int):
        return str(value)
    return neutralise(str(value))


def write_rows(
    stream: TextIO,
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
    dialect: str,
    *,
    bom: bool = False,
    crlf: bool = False,
) -> None:
    """Header and rows in ``dialect``; ``stream`` is opened with ``newline=""`` for files.
    ``excel-nb`` always has the BOM and CRLF; ``bom``/``crlf`` keep them in ``plain`` too (what
    ``fit export`` wrote before the dialects)."""
    if dialect == "excel-nb":
        stream.write("\ufeff")
        writer = csv.writer(stream, delimiter=";", lineterminator="\r\n")
    else:
        if bom:
            stream.write("\ufeff")
        writer = csv.writer(stream, lineterminator="\r\n" if crlf else "\n")
    writer.writerow([neutralise(h) for h in headers])
    for row in rows:
        writer.writerow([format_cell(v, dialect) for v in row])
