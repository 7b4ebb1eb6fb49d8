"""Listing output in the three formats of the contract: ``table``, ``json`` and ``csv``.

A table is drawn with Rich on a terminal and as plain aligned text when piped (cron, files).
JSON is UTF-8 with æøå as they are. CSV neutralises cells that a spreadsheet would run as a
formula (``=``, ``+``, ``-``, ``@``, tab, CR).
"""

from __future__ import annotations

import sys
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, TextIO

FORMATS = ("table", "json", "csv")


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    style: str | None = None
    justify: str = "left"
    render: Callable[[Any], str] | None = None


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def to_json(rows: Sequence[dict[str, Any]], columns: Sequence[Column]) -> str:

    data = [{c.key: _plain(row.get(c.key)) for c in columns} for row in rows]
    return dumps_json(data, indent=2)


def dumps_json(data: Any, *, indent: int = 2) -> str:
    """JSON with æøå as they are, and every invisible, bidirectional or line-separator character
    as a ``\\u`` escape with four hex digits: the same data, but nothing that can fool a terminal (json already
    escapes control characters)."""
    import json

    text = json.dumps(data, ensure_ascii=False, indent=indent)
    if text.isascii():
        return text
    return "".join(
        f"\\u{ord(ch):04x}" if unicodedata.category(ch) in ("Cf", "Zl", "Zp", "Cs") else ch
        for ch in text
    )


def neutralise_cell(value: Any) -> str:
    """A CSV cell that spreadsheets show as text, never run as a formula (OWASP CSV injection),
    with control and bidirectional characters shown as ``<U+…>``."""
    from recoverykit.domain.text import visible

    text = "" if value is None else visible(str(_plain(value)))
    if text and text[0] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + text
    return text


def to_csv(rows: Sequence[dict[str, Any]], columns: Sequence[Column], *, bom: bool = False) -> str:
    """CSV in the command's dialect (``recoverykit --dialect excel-nb|plain``; see
    :mod:`recoverykit.render.csv_dialect`): excel-nb has the columns' headers, plain their keys."""
    import io

    from recoverykit.render.csv_dialect import current_dialect, write_rows

    dialect = current_dialect()
    buf = io.StringIO()
    headers = [c.header if dialect == "excel-nb" else c.key for c in columns]
    write_rows(buf, headers, ([row.get(c.key) for c in columns] for row in rows), dialect, bom=bom)
    return buf.getvalue()


def cell_text(column: Column, value: Any) -> str:
    from recoverykit.domain.text import visible

    if column.render is not None:
        return visible(column.render(value))
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:.1f}"
    return visible(str(_plain(value)))


def one_line(text: str) -> str:
    """Table cells show newlines as ``⏎`` so that one row stays one line when piped."""
    return " ⏎ ".join(part.strip() for part in text.splitlines()) if "\n" in text else text


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def to_plain_table(rows: Sequence[dict[str, Any]], columns: Sequence[Column]) -> str:
    cells = [[one_line(cell_text(c, row.get(c.key))) for c in columns] for row in rows]
    headers = [c.header for c in columns]
    widths = [max([_width(h)] + [_width(r[i]) for r in cells]) for i, h in enumerate(headers)]

    def line(values: list[str]) -> str:
        parts = []
        for i, (value, column) in enumerate(zip(values, columns, strict=True)):
            pad = widths[i] - _width(value)
            parts.append(" " * pad + value if column.justify == "right" else value + " " * pad)
        return "  ".join(parts).rstrip()

    out = [line(headers), "  ".join("-" * w for w in widths)]
    out.extend(line(r) for r in cells)
    return "\n".join(out) + "\n"


def is_terminal(stream: TextIO | None = None) -> bool:
    stream = stream or sys.stdout
    return bool(getattr(stream, "isatty", lambda: False)())


def format_rows(
    rows: Sequence[dict[str, Any]],
    columns: Sequence[Column],
    fmt: str,
    *,
    document: Any = None,
) -> str:
    """A listing as JSON or CSV text (for a file, or for :func:`print_rows`): JSON is
    ``document`` when the listing has one (a header and nested parts), else the rows by the
    columns' keys; CSV is the rows in the dialect of :mod:`recoverykit.render.csv_dialect`."""
    if fmt == "json":
        if document is not None:
            return dumps_json(document, indent=2) + "\n"
        return to_json(rows, columns) + "\n"
    if fmt == "csv":
        return to_csv(rows, columns)
    raise ValueError(f"not a data format: {fmt}")


def print_rows(
    rows: Sequence[dict[str, Any]],
    columns: Sequence[Column],
    fmt: str = "table",
    *,
    title: str | None = None,
    empty: str | None = None,
    stream: TextIO | None = None,
    document: Any = None,
) -> None:
    """The one listing printer for ``--format table|json|csv``: ``rows`` by ``columns``; a table
    on a terminal is fitted to its width (``--wide``: never cut), piped never cut. JSON is
    ``document`` when given (see :func:`format_rows`)."""
    stream = stream or sys.stdout
    if fmt in ("json", "csv"):
        stream.write(format_rows(rows, columns, fmt, document=document))
        return
    if not rows and empty:
        stream.write(empty + "\n")
        return
    if is_terminal(stream):  # fitted to the terminal's width (render/fitting.py)
        from recoverykit.render import fitting

        if title:
            stream.write(title + "\n")
        cells = [[one_line(cell_text(c, row.get(c.key))) for c in columns] for row in rows]
        width = fitting.terminal_width(stream)
        headers = [c.header for c in columns]
        justify = [c.justify for c in columns]
        stream.write(fitting.fit_table(headers, cells, justify, width, wide=fitting.WIDE))
        return
    if title:
        stream.write(title + "\n")
    stream.write(to_plain_table(rows, columns))


def show_date(value: date | None) -> str:
    """A date in the user's language (``31.03.2026``), ``–`` for none."""
    from recoverykit.domain.dates import format_date
    from recoverykit.i18n import language

    return "–" if value is None else format_date(value, language())
