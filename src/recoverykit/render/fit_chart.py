"""A client's ORS and SRS totals by session: a terminal chart and an SVG (``recoverykit fit show``).

Pure renderers: data in, text out; no I/O and no Rich. Colour in the terminal chart is plain ANSI
SGR laid over the finished characters, so it is decoration only: the chart reads the same in black
and white, piped to a file or printed. The SVG is self-contained (no fonts, scripts or styles from
outside), deterministic, and says everything it shows again in its ``<desc>`` for screen readers.

Terminal scales (the characters are bins, so a value is drawn in the bin that holds it):

- ORS: 0–40 in rows of 2.5 points, row ``r`` holding (2.5·(r−1), 2.5·r]. The clinical cutoff is
  its own row: totals at or below it are drawn below the line, totals above it above the line
  (DESIGN.md §4: "at or below the cutoff" is the clinical range), whatever the cutoff.
- SRS: 30–40 in rows of 2 points, row ``r`` holding [30 + 2r, 32 + 2r); the 36 line is its own row
  (totals below 36 are drawn below it). Totals under 30 are drawn as ``▼`` on the bottom row.

The SVG shows SRS 20–40 (totals under 20 as a ▼ at the floor, with their value). The SRS line is
``FitSettings.srs_total_below`` (36, Duncan et al. 2003): :class:`ChartData` carries no SRS
threshold, so a unit that changes that setting still sees the default line here.
"""

from __future__ import annotations

import itertools
import math
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from recoverykit.domain.fit.settings import FitSettings
from recoverykit.i18n import decimal_mark, language, tr

ORS_MAX = 40.0
SRS_ALERT = FitSettings().srs_total_below  # 36 (Duncan et al. 2003)
MIN_WIDTH = 40  # narrower requests are drawn at 40 columns
MAX_STEP = 6  # terminal columns between two sessions at most
_LINE = -1  # the key of a reference-line row in a panel
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
# ANSI SGR per plot character: decoration only, every meaning is in the character itself.
_SGR = {"●": "1;34", "·": "34", "─": "31", "╌": "31", "░": "36", "▒": "36", "■": "35", "▼": "1;31"}
_RANK = {" ": 0, "░": 1, "▒": 2, "╌": 3, "─": 3, "·": 4, "■": 5, "▼": 5, "●": 6}


@dataclass(frozen=True)
class ChartPoint:
    session: int
    day: date
    ors: float | None
    srs: float | None


@dataclass(frozen=True)
class ExpectedBand:
    """ORS totals expected at ``session`` (the unit's own table, turned into totals)."""

    session: int
    low: float
    median: float
    high: float


@dataclass(frozen=True)
class ChartData:
    client_code: str
    points: tuple[ChartPoint, ...]
    cutoff: float
    expected: tuple[ExpectedBand, ...]
    title: str


# --- shared helpers -------------------------------------------------------------------------


def _clean(text: str) -> str:
    """User text without control/format characters (terminal escapes, XML-invalid code points)."""
    return "".join("\ufffd" if unicodedata.category(ch)[0] == "C" else ch for ch in text).strip()


def _cells(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _fit(text: str, width: int) -> str:
    if _cells(text) <= width:
        return text
    while text and _cells(text) > width - 1:
        text = text[:-1]
    return text + "…"


def _num(value: float) -> str:
    return decimal_mark(f"{value:.1f}")


def _label(value: float) -> str:
    return decimal_mark(f"{value:g}")


def _short(day: date) -> str:
    return (
        f"{day.day:02d}.{day.month:02d}"
        if language() == "nb"
        else f"{day.day} {_MONTHS[day.month - 1]}"
    )


def _long(day: date) -> str:
    return f"{day.day:02d}.{day.month:02d}.{day.year}" if language() == "nb" else day.isoformat()


def _clamp(value: float, low: float, high: float) -> float:
    return min(high, max(low, value))


def _heading(data: ChartData) -> str:
    title, code = _clean(data.title), _clean(data.client_code)
    if not title:
        return code
    return title if not code or code in title else f"{title} · {code}"


def _subtitle(points: Sequence[ChartPoint]) -> str:
    if not points:
        return tr("Ingen samtaler registrert", "No sessions recorded")
    n = len(points)
    count = tr("1 samtale", "1 session") if n == 1 else tr("{n} samtaler", "{n} sessions", n=n)
    first, last = points[0].day, points[-1].day
    span = _long(first) if first == last else f"{_long(first)}–{_long(last)}"
    return f"{span} · {count}"


def _domain(points: Sequence[ChartPoint], bands: Sequence[ExpectedBand]) -> tuple[int, int]:
    sessions = [p.session for p in points] + [b.session for b in bands]
    return (min(sessions), max(sessions)) if sessions else (1, 1)


def _runs(
    points: Sequence[ChartPoint], value: Callable[[ChartPoint], float | None]
) -> list[list[tuple[int, float]]]:
    """(session, value) of consecutive points that have a value; a missing value breaks the line."""
    runs: list[list[tuple[int, float]]] = [[]]
    for p in points:
        v = value(p)
        if v is None:
            runs.append([])
        else:
            runs[-1].append((p.session, v))
    return [r for r in runs if r]


def _every(spacing: float, needed: float) -> int:
    """The smallest 'nice' label interval k (in sessions) with k * spacing >= needed."""
    for k in (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000):
        if k * spacing >= needed:
            return k
    return 10_000


# --- terminal chart -------------------------------------------------------------------------


def _ors_row(value: float, cutoff: float, cut_row: int) -> int:
    row = math.ceil(_clamp(value, 0.0, ORS_MAX) / 2.5)
    return min(16, max(row, cut_row + 1)) if value > cutoff else row


def _srs_row(value: float) -> int:
    return min(5, max(0, math.floor((value - 30.0) / 2.0)))


def _paint(text: str) -> str:
    out, run, code = [], "", ""
    for ch in text + "\0":
        c = _SGR.get(ch, "")
        if c != code or ch == "\0":
            out.append(f"\x1b[{code}m{run}\x1b[0m" if code else run)
            run, code = "", c
        run += ch
    return "".join(out)


class _Canvas:
    """Display rows of one panel (top first), keyed by bin number or ``_LINE``."""

    def __init__(self, keys: list[int], width: int) -> None:
        self.keys = keys
        self.rows = {k: [" "] * width for k in keys}

    def put(self, key: int, col: int, ch: str) -> None:
        row = self.rows[key]
        if 0 <= col < len(row) and _RANK[ch] >= _RANK[row[col]]:
            row[col] = ch

    def fill(self, top: int, bottom: int, col: int, ch: str) -> None:
        """``ch`` on every display row from key ``top`` down to key ``bottom``."""
        i, j = self.keys.index(top), self.keys.index(bottom)
        for key in self.keys[min(i, j) : max(i, j) + 1]:
            self.put(key, col, ch)


def _place(buf: list[str], items: Sequence[tuple[int, str]]) -> None:
    """Write labels centred on columns (shifted in at the edges), first come first served, never
    touching another."""
    for col, text in items:
        start = min(max(0, col - (len(text) - 1) // 2), len(buf) - len(text))
        end = start + len(text)
        if start < 0 or any(c != " " for c in buf[max(0, start - 1) : end + 1]):
            continue
        buf[start:end] = list(text)


def _first_last_rest(items: list[tuple[int, str]]) -> list[tuple[int, str]]:
    return items[:1] + items[-1:] + items[1:-1] if len(items) > 1 else items


def terminal_chart(data: ChartData, *, width: int = 80, color: bool = True) -> str:
    """The chart as text for a terminal at least ``width`` columns wide (40 at least)."""
    width = max(MIN_WIDTH, width)
    points = sorted(data.points, key=lambda p: p.session)
    bands = sorted(data.expected, key=lambda b: b.session)
    cutoff = _clamp(data.cutoff, 0.0, ORS_MAX)
    session_t, date_t = tr("Samtale", "Session"), tr("Dato", "Date")
    lw = max(len(x) for x in (session_t, date_t, "ORS", "SRS", _label(cutoff), "40"))
    smin, smax = _domain(points, bands)
    span = smax - smin
    plot = min(width - lw - 2, 5 + span * MAX_STEP)
    step = min(float(MAX_STEP), (plot - 5) / span) if span else 0.0

    def col(session: float) -> int:
        return 2 + int((session - smin) * step + 0.5)

    # ORS panel
    cut_row = math.ceil(cutoff / 2.5)
    ors = _Canvas([*range(16, cut_row, -1), _LINE, *range(min(cut_row, 16), -1, -1)], plot)

    def ors_key(v: float) -> int:
        return _ors_row(v, cutoff, cut_row)

    for c in range(plot):
        ors.put(_LINE, c, "─")
    for a, b in list(itertools.pairwise(bands)) or [(b, b) for b in bands]:
        c1, c2 = col(a.session), col(b.session)
        for c in range(c1, c2 + 1):
            f = (c - c1) / (c2 - c1) if c2 > c1 else 0.0
            lo, hi = a.low + (b.low - a.low) * f, a.high + (b.high - a.high) * f
            ors.fill(ors_key(hi), ors_key(lo), c, "░")
            ors.put(ors_key(a.median + (b.median - a.median) * f), c, "▒")
    for run in _runs(points, lambda p: p.ors):
        for (s1, v1), (s2, v2) in itertools.pairwise(run):
            c1, c2 = col(s1), col(s2)
            for c in range(c1 + 1, c2):
                ors.put(ors_key(v1 + (v2 - v1) * (c - c1) / (c2 - c1)), c, "·")
        for s, v in run:
            ors.put(ors_key(v), col(s), "●")

    def panel(canvas: _Canvas, labels: dict[int, str]) -> list[str]:
        lines = []
        for key in canvas.keys:
            text = "".join(canvas.rows[key]).rstrip()
            axis = "┼" if key == _LINE else "┤" if key in labels else "│"
            lines.append(f"{labels.get(key, ''):>{lw}} {axis}{_paint(text) if color else text}")
        return lines

    def value_row(name: str, value: Callable[[ChartPoint], float | None]) -> str:
        buf = [" "] * plot
        _place(
            buf,
            _first_last_rest(
                [(col(p.session), _num(v)) for p in points if (v := value(p)) is not None]
            ),
        )
        return f"{name:>{lw}}  {''.join(buf)}".rstrip()

    k = _every(step, len(str(smax)) + 1) if span else 1
    ticks = [s for s in range(smin, smax + 1) if s in (smin, smax) or s % k == 0]
    session_buf, date_buf = [" "] * plot, [" "] * plot
    _place(session_buf, [(col(s), str(s)) for s in ticks if s != smax] + [(col(smax), str(smax))])
    _place(date_buf, _first_last_rest([(col(p.session), _short(p.day)) for p in points]))
    tick_cols = {col(s) for s in ticks}
    axis = f"{'':>{lw}} └" + "".join("┬" if c in tick_cols else "─" for c in range(plot))

    lines = [_fit(_heading(data), width), _fit(_subtitle(points), width), ""]
    lines.append(tr("ORS (sum 0–40)", "ORS (sum 0–40)"))
    ors_labels = {r: _label(r * 2.5) for r in (0, 4, 8, 12, 16)} | {_LINE: _label(cutoff)}
    lines += panel(ors, ors_labels)
    lines += [axis, f"{session_t:>{lw}}  {''.join(session_buf)}".rstrip()]
    lines += [f"{date_t:>{lw}}  {''.join(date_buf)}".rstrip(), value_row("ORS", lambda p: p.ors)]
    lines += ["", tr("SRS (sum 0–40)", "SRS (sum 0–40)")]
    srs_points = [p for p in points if p.srs is not None]
    if srs_points:
        srs = _Canvas([5, 4, 3, _LINE, 2, 1, 0], plot)
        for c in range(plot):
            srs.put(_LINE, c, "╌")
        for p in srs_points:
            v = p.srs or 0.0
            srs.put(_srs_row(v), col(p.session), "▼" if v < 30.0 else "■")
        lines += panel(srs, {5: "40", _LINE: _label(SRS_ALERT), 0: "30"})
        lines += [axis, value_row("SRS", lambda p: p.srs)]
    else:
        lines.append(f"{'':>{lw}}  " + tr("Ingen SRS registrert", "No SRS recorded"))
    lines += ["", *_legend(bands, srs_points, cutoff, width, color)]
    return "\n".join(lines) + "\n"


def _legend(
    bands: Sequence[ExpectedBand],
    srs_points: Sequence[ChartPoint],
    cutoff: float,
    width: int,
    color: bool,
) -> list[str]:
    entries = [
        ("●", "ORS"),
        ("─", tr("Klinisk grense {v}", "Clinical cutoff {v}", v=_label(cutoff))),
    ]
    if bands:
        entries += [("░", tr("Forventet bedring", "Expected improvement")), ("▒", "median")]
    if srs_points:
        entries += [("■", "SRS"), ("╌", f"SRS {_label(SRS_ALERT)}")]
        if any((p.srs or 0.0) < 30.0 for p in srs_points):
            entries.append(("▼", tr("SRS under 30", "SRS below 30")))
    lines, current, plain = [], "", ""
    for symbol, text in entries:
        item_plain = f"{symbol} {text}"
        item = f"{_paint(symbol) if color else symbol} {text}"
        if plain and _cells(plain) + 2 + _cells(item_plain) > width:
            lines.append(current)
            current, plain = "", ""
        current, plain = (
            (f"{current}  {item}", f"{plain}  {item_plain}") if plain else (item, item_plain)
        )
    return [*lines, current]


def svg_chart(data: ChartData) -> str:
    """The chart as a self-contained SVG document (see :mod:`recoverykit.render.fit_chart_svg`)."""
    from recoverykit.render.fit_chart_svg import render

    return render(data)
