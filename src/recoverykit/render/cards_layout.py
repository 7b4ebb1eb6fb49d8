"""Layout of printable cards, independent of the PDF library: grid cells, word wrap, fit.

All lengths are millimetres, font sizes points. ``measure(size, bold)`` returns a function that
gives the width of a string in mm at that size; the PDF renderer passes fpdf2's metrics.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from recoverykit.domain.cards import Deck
from recoverykit.errors import InvalidInput
from recoverykit.i18n import t

PAGE_W, PAGE_H = 210.0, 297.0  # A4
MARGIN = 12.0  # room for the cut marks around the grid
GRIDS: dict[int, tuple[int, int]] = {4: (2, 2), 6: (2, 3), 8: (2, 4)}  # per page → (cols, rows)
MAX_SIZE: dict[int, float] = {4: 24.0, 6: 19.0, 8: 15.0}
MIN_SIZE = 6.0
STEP = 0.5
LEADING = 1.3  # line height as a multiple of the font size
PT = 25.4 / 72  # mm per point
HEADING_RATIO = 0.6
PAD_X, PAD_TOP, PAD_BOTTOM = 8.0, 13.0, 13.0  # keep clear of the deck name and CHIME word

Measure = Callable[[float, bool], Callable[[str], float]]


@dataclass(frozen=True)
class Box:
    x: float
    y: float
    w: float
    h: float

    def contains(self, other: Box, tolerance: float = 0.01) -> bool:
        return (
            other.x >= self.x - tolerance
            and other.y >= self.y - tolerance
            and other.x + other.w <= self.x + self.w + tolerance
            and other.y + other.h <= self.y + self.h + tolerance
        )


@dataclass(frozen=True)
class Line:
    text: str
    x: float  # left edge, mm
    baseline: float  # mm from the top of the page
    size: float
    bold: bool
    width: float


@dataclass(frozen=True)
class Fitted:
    size: float  # the body text size
    lines: tuple[Line, ...]
    box: Box  # the union of all line boxes


def cell_boxes(per_page: int) -> list[Box]:
    """The cells of the grid, row by row, covering the page inside the margin."""
    cols, rows = GRIDS[per_page]
    w = (PAGE_W - 2 * MARGIN) / cols
    h = (PAGE_H - 2 * MARGIN) / rows
    return [Box(MARGIN + c * w, MARGIN + r * h, w, h) for r in range(rows) for c in range(cols)]


def text_area(cell: Box, per_page: int) -> Box:
    """Where a card's heading and text may go inside its cell."""
    del per_page
    return Box(cell.x + PAD_X, cell.y + PAD_TOP, cell.w - 2 * PAD_X, cell.h - PAD_TOP - PAD_BOTTOM)


def wrap_words(text: str, width: float, measure: Callable[[str], float]) -> list[str] | None:
    """Greedy wrap of one paragraph at spaces; ``None`` if a single word is wider than ``width``."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        if measure(word) > width:
            return None
        candidate = f"{current} {word}" if current else word
        if measure(candidate) <= width:
            current = candidate
        else:
            lines.append(current)
            current = word
    if current:
        lines.append(current)
    return lines


def _paragraphs(text: str) -> list[str]:
    return [p for p in (part.strip() for part in text.split("\n")) if p]


def fit_text(
    text: str, heading: str | None, area: Box, per_page: int, measure: Measure
) -> Fitted | None:
    """Largest size at which ``heading`` and ``text`` fit ``area``, centred; else ``None``."""
    size = MAX_SIZE[per_page]
    while size >= MIN_SIZE - 1e-9:
        fitted = _try(text, heading, area, size, measure)
        if fitted is not None:
            return fitted
        size -= STEP
    return None


def _try(text: str, heading: str | None, area: Box, size: float, measure: Measure) -> Fitted | None:
    blocks: list[tuple[str, float, bool, float]] = []  # text, size, bold, gap before
    heading_size = max(MIN_SIZE, round(size * HEADING_RATIO * 2) / 2)
    parts: list[tuple[str, float, bool]] = []
    if heading:
        parts.append((heading, heading_size, True))
    parts += [(p, size, False) for p in _paragraphs(text)]
    for index, (para, para_size, bold) in enumerate(parts):
        wrapped = wrap_words(para, area.w, measure(para_size, bold))
        if wrapped is None:
            return None
        gap = 0.0 if index == 0 else para_size * PT * (0.9 if parts[index - 1][2] else 0.5)
        for n, line in enumerate(wrapped):
            blocks.append((line, para_size, bold, gap if n == 0 else 0.0))
    height = sum(s * PT * LEADING + g for _, s, _, g in blocks)
    if height > area.h:
        return None
    y = area.y + (area.h - height) / 2
    lines: list[Line] = []
    for line, line_size, bold, gap in blocks:
        y += gap
        width = measure(line_size, bold)(line)
        x = area.x + (area.w - width) / 2
        # baseline: the line box is size*LEADING tall; put the baseline ~80 % down the font size
        baseline = y + line_size * PT * ((LEADING - 1) / 2 + 0.8)
        lines.append(Line(line, x, baseline, line_size, bold, width))
        y += line_size * PT * LEADING
    top = min(ln.baseline - ln.size * PT * 0.95 for ln in lines)
    bottom = max(ln.baseline + ln.size * PT * 0.25 for ln in lines)
    left = min(ln.x for ln in lines)
    right = max(ln.x + ln.width for ln in lines)
    return Fitted(size, tuple(lines), Box(left, top, right - left, bottom - top))


def html_font_size(text: str, heading: str | None, per_page: int) -> float:
    """A print size for the HTML cards (no font metrics there): smaller for longer texts."""
    chars = len(text) + (len(heading) // 2 if heading else 0)
    cols, rows = GRIDS[per_page]
    area = (PAGE_W - 2 * MARGIN) / cols * (PAGE_H - 2 * MARGIN) / rows * 0.45  # mm² for text
    # a character of size s pt takes about (0.55 s PT) × (LEADING s PT) mm²
    size = float((area / max(chars, 1) / (0.55 * LEADING * PT * PT)) ** 0.5)
    return max(MIN_SIZE + 2, min(MAX_SIZE[per_page], round(size * 2) / 2))


def check_request(decks: Sequence[Deck], per_page: int) -> None:
    if per_page not in GRIDS:
        raise InvalidInput(
            "--per-page",
            t("må være 4, 6 eller 8, ikke {n}", "must be 4, 6 or 8, not {n}", n=per_page),
        )
    if not any(deck.cards for deck in decks):
        raise InvalidInput("--deck", t("ingen kort å skrive ut", "no cards to print"))
