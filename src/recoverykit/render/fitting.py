"""Tables that fit the terminal: no word, header or bar is ever cut.

Every listing on a terminal goes through :func:`fit_table`. The rule, in order:

1. If the whole table fits the terminal's width on one line per row, that is what is shown.
2. Otherwise the long text columns (measure, goal, note …: left-aligned columns wider than
   :data:`LONG` characters, other than the first) leave the grid and are written under their row,
   each on its own line, labelled with the column's header and wrapped at word boundaries.
3. If the remaining short columns are still too wide, they are dropped one at a time from the
   right (never the first column, which names the row), and a last line says which were left out
   and that ``--wide`` shows them.

``--wide`` (on every listing command) shows the whole table on one line per row, however wide.
Piped output (not a terminal) is never fitted: it is the full plain table, whatever the width.
"""

from __future__ import annotations

import shutil
import textwrap
import unicodedata
from collections.abc import Callable, Sequence
from typing import TextIO

from recoverykit.i18n import tr

LONG = 24  # a text column wider than this may move under its row
GAP = "  "
MIN_WIDTH = 40  # below this we still never cut; lines simply run over

# Set by the hidden-in-plain-sight ``--wide`` option every listing command has
# (recoverykit.cli.localise); reset for each command.
WIDE = False


def width_of(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def terminal_width(stream: TextIO) -> int | None:
    """The terminal's width in columns, or None when ``stream`` is not a terminal."""
    if not getattr(stream, "isatty", lambda: False)():
        return None
    return max(shutil.get_terminal_size((100, 24)).columns, MIN_WIDTH)


Style = Callable[[int, str], str | None]  # (row index, cell text) -> ANSI code, or None

BOLD = "\x1b[1m"
RESET = "\x1b[0m"


def _grid(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    justify: Sequence[str],
    styles: Sequence[Style | None] | None = None,
    color: bool = False,
) -> list[str]:
    widths = [max([width_of(h)] + [width_of(r[i]) for r in rows]) for i, h in enumerate(headers)]

    def line(values: Sequence[str], row: int | None) -> str:
        parts = []
        for i, (value, w, j) in enumerate(zip(values, widths, justify, strict=True)):
            pad = " " * (w - width_of(value))
            style = styles[i] if styles and row is not None else None
            code = (
                (BOLD if row is None else style(row, value) if style else None) if color else None
            )
            text = f"{code}{value}{RESET}" if code else value
            parts.append(pad + text if j == "right" else text + pad)
        return GAP.join(parts).rstrip()

    return [
        line(headers, None),
        GAP.join("-" * w for w in widths),
        *(line(r, n) for n, r in enumerate(rows)),
    ]


def _total(headers: Sequence[str], rows: Sequence[Sequence[str]], keep: Sequence[int]) -> int:
    widths = [max([width_of(headers[i])] + [width_of(r[i]) for r in rows]) for i in keep]
    return sum(widths) + len(GAP) * (len(widths) - 1)


def fit_table(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    justify: Sequence[str],
    width: int | None,
    *,
    wide: bool = False,
    styles: Sequence[Style | None] | None = None,
    color: bool = False,
) -> str:
    """The table as text for a terminal ``width`` columns wide (None or ``wide``: no limit).
    With ``color``, headers are bold and ``styles[i]`` may colour column ``i``'s cells."""
    everything = list(range(len(headers)))
    if width is None or wide or _total(headers, rows, everything) <= width:
        return "\n".join(_grid(headers, rows, justify, styles, color)) + "\n"
    natural = [max([width_of(h)] + [width_of(r[i]) for r in rows]) for i, h in enumerate(headers)]
    long = [i for i in everything[1:] if justify[i] != "right" and natural[i] > LONG]
    keep = [i for i in everything if i not in long]
    dropped: list[int] = []
    while len(keep) > 1 and _total(headers, rows, keep) > width:
        dropped.insert(0, keep.pop())
    grid = _grid(
        [headers[i] for i in keep],
        [[r[i] for i in keep] for r in rows],
        [justify[i] for i in keep],
        [styles[i] for i in keep] if styles else None,
        color,
    )
    out = grid[:2]
    for n, row in enumerate(rows):
        out.append(grid[2 + n])
        for i in long:
            text = row[i].strip()
            if not text or text == "–":
                continue
            label = f"    {headers[i]}: "
            out.extend(
                textwrap.wrap(
                    text,
                    width=width,
                    initial_indent=label,
                    subsequent_indent=" " * len(label),
                    break_long_words=False,
                    break_on_hyphens=False,
                )
            )
    if dropped:
        out.append(
            tr(
                "(Utelatt for å få plass: {c}. Bruk --wide for å se alt.)",
                "(Left out to fit: {c}. Use --wide to see everything.)",
                c=", ".join(headers[i] for i in dropped),
            )
        )
    return "\n".join(line.rstrip() for line in out) + "\n"


def wrap_lines(text: str, stream: TextIO, *, indent: str = "") -> str:
    """Prose for a terminal: each line wrapped at word boundaries to its width (piped: as is).
    Continuation lines are indented like the line's own leading spaces plus ``indent``."""
    width = terminal_width(stream)
    if width is None:
        return text
    out = []
    for line in text.split("\n"):
        if width_of(line) <= width:
            out.append(line)
            continue
        lead = line[: len(line) - len(line.lstrip())]
        out.extend(
            textwrap.wrap(
                line,
                width=width,
                subsequent_indent=lead + indent,
                break_long_words=False,
                break_on_hyphens=False,
            )
        )
    return "\n".join(out)
