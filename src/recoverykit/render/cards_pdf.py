"""Reflection cards to print and cut: an A4 PDF (fpdf2, embedded DejaVu Sans) and print HTML.

Each card gets one cell of a 2-column grid (4, 6 or 8 per page). The question is set as large as
fits: words are wrapped at spaces only (never broken), and the size shrinks until every line fits
the cell. The deck name and the CHIME word are printed small on each card. The output is
deterministic: the same decks give the same bytes (fixed creation date, no random ids).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from recoverykit.domain.cards import CHIME, Deck, chime_label
from recoverykit.errors import InvalidInput
from recoverykit.i18n import t
from recoverykit.render.cards_html import render_cards_html
from recoverykit.render.cards_layout import (
    PAGE_W,
    Box,
    cell_boxes,
    check_request,
    fit_text,
    text_area,
)

FONT = "DejaVu"
FONT_FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf"}
FIXED_DATE = datetime(2000, 1, 1, tzinfo=UTC)
CHIME_RGB: dict[str, tuple[int, int, int]] = {
    "tilhorighet": (0, 105, 92),
    "hap": (191, 87, 0),
    "identitet": (81, 45, 168),
    "mening": (21, 101, 192),
    "empowerment": (173, 20, 87),
}
__all__ = ["CardsLayout", "PlacedCard", "render_cards_html", "render_cards_pdf"]
LEAMY = (
    "Leamy M, Bird V, Le Boutillier C, Williams J, Slade M (2011). Conceptual framework for "
    "personal recovery in mental health. British Journal of Psychiatry 199: 445–452."
)


@dataclass(frozen=True)
class PlacedCard:
    page: int  # 0-based page index in the PDF (the cover, if any, is page 0)
    deck_id: str
    card_id: str
    cell: Box
    text_box: Box  # where the heading and text were set; always inside ``cell``
    font_size: float
    lines: tuple[str, ...]


@dataclass(frozen=True)
class CardsLayout:
    pages: int
    cards: tuple[PlacedCard, ...]


def _fonts_dir(explicit: Path | None) -> Path:
    if explicit is not None:
        return explicit
    from recoverykit.loaders.decks import data_dir

    return data_dir() / "fonts"


def render_cards_pdf(
    decks: Sequence[Deck],
    out_path: Path,
    *,
    per_page: int = 6,
    cut_marks: bool = True,
    cover: bool = False,
    lang: str = "nb",
    fonts_dir: Path | None = None,
) -> CardsLayout:
    """Write the cards of ``decks`` to ``out_path`` (atomically) and return where each card went."""
    from fpdf import FPDF

    check_request(decks, per_page)
    fonts = _fonts_dir(fonts_dir)
    pdf = FPDF(orientation="P", unit="mm", format="A4")
    pdf.set_auto_page_break(False)
    pdf.set_margins(0, 0, 0)
    for style, name in FONT_FILES.items():
        pdf.add_font(FONT, style, str(fonts / name))
    pdf.set_creation_date(FIXED_DATE)
    pdf.set_creator("recoverykit")
    pdf.set_title("Reflection cards" if lang == "en" else "Refleksjonskort")
    pdf.set_lang("en" if lang == "en" else "nb")

    def measure(size: float, bold: bool) -> Callable[[str], float]:
        pdf.set_font(FONT, "B" if bold else "", size)
        return lambda s: float(pdf.get_string_width(s))

    if cover:
        pdf.add_page()
        _cover(pdf, decks, lang)
    cells = cell_boxes(per_page)
    placed: list[PlacedCard] = []
    slot = 0
    for deck in decks:
        for card in deck.cards:
            if slot % per_page == 0:
                pdf.add_page()
                if cut_marks:
                    _cut_marks(pdf, cells)
            cell = cells[slot % per_page]
            area = text_area(cell, per_page)
            fitted = fit_text(card.text, card.heading, area, per_page, measure)
            if fitted is None:
                raise InvalidInput(
                    f"{deck.id}/{card.id}",
                    t(
                        "teksten får ikke plass; kort den ned eller skriv ut færre kort per ark",
                        "the text does not fit on the card; shorten it or print fewer per sheet",
                    ),
                )
            _card_frame(pdf, cell, deck.title(lang), card.chime, lang)
            for line in fitted.lines:
                pdf.set_font(FONT, "B" if line.bold else "", line.size)
                pdf.set_text_color(*((90, 90, 90) if line.bold else (20, 20, 20)))
                pdf.text(line.x, line.baseline, line.text)
            placed.append(
                PlacedCard(
                    page=pdf.page - 1,
                    deck_id=deck.id,
                    card_id=card.id,
                    cell=cell,
                    text_box=fitted.box,
                    font_size=fitted.size,
                    lines=tuple(line.text for line in fitted.lines),
                )
            )
            slot += 1
    _write_atomic(pdf, Path(out_path))
    return CardsLayout(pages=pdf.page, cards=tuple(placed))


def _write_atomic(pdf: Any, out_path: Path) -> None:
    from recoverykit.files import write_bytes

    write_bytes(out_path, bytes(pdf.output()), private=False)  # a printout, not client data


def _card_frame(pdf: Any, cell: Box, deck_title: str, chime: str | None, lang: str) -> None:
    inset = 2.5
    pdf.set_draw_color(190, 190, 190)
    pdf.set_line_width(0.3)
    pdf.rect(
        cell.x + inset,
        cell.y + inset,
        cell.w - 2 * inset,
        cell.h - 2 * inset,
        round_corners=True,
        corner_radius=3,
    )
    pdf.set_font(FONT, "", 7)
    pdf.set_text_color(110, 110, 110)
    label = _shorten(pdf, deck_title, cell.w - 16)
    pdf.text(cell.x + 8, cell.y + 9, label)
    if chime:
        rgb = CHIME_RGB.get(chime, (60, 60, 60))
        pdf.set_fill_color(*rgb)
        pdf.circle(x=cell.x + 9.25, y=cell.y + cell.h - 8.5, radius=1.25, style="F")
        pdf.set_font(FONT, "B", 7.5)
        pdf.set_text_color(*rgb)
        pdf.text(cell.x + 12, cell.y + cell.h - 7.5, chime_label(chime, lang).upper())


def _shorten(pdf: Any, text: str, width: float) -> str:
    """Drop whole trailing words (never split one) until ``text`` fits ``width``."""
    words = text.split()
    while len(words) > 1 and pdf.get_string_width(" ".join(words) + " …") > width:
        words.pop()
    short = " ".join(words)
    return short if short == text else short + " …"


def _cut_marks(pdf: Any, cells: Sequence[Box]) -> None:
    xs = sorted({round(c.x, 3) for c in cells} | {round(c.x + c.w, 3) for c in cells})
    ys = sorted({round(c.y, 3) for c in cells} | {round(c.y + c.h, 3) for c in cells})
    top, bottom = ys[0], ys[-1]
    left, right = xs[0], xs[-1]
    pdf.set_draw_color(0, 0, 0)
    pdf.set_line_width(0.2)
    gap, length = 1.5, 5.0
    for x in xs:
        pdf.line(x, top - gap, x, top - gap - length)
        pdf.line(x, bottom + gap, x, bottom + gap + length)
    for y in ys:
        pdf.line(left - gap, y, left - gap - length, y)
        pdf.line(right + gap, y, right + gap + length, y)


def _cover(pdf: Any, decks: Sequence[Deck], lang: str) -> None:
    pdf.set_text_color(30, 30, 30)
    pdf.set_font(FONT, "B", 34)
    title = "Recovery"
    pdf.text((PAGE_W - pdf.get_string_width(title)) / 2, 45, title)
    pdf.set_font(FONT, "", 14)
    sub = "The five processes (CHIME)" if lang == "en" else "De fem prosessene (CHIME)"
    pdf.text((PAGE_W - pdf.get_string_width(sub)) / 2, 58, sub)
    y = 85.0
    for key in CHIME:
        word = chime_label(key, lang)
        pdf.set_fill_color(*CHIME_RGB[key])
        pdf.rect(35, y - 11, 6, 14, style="F")
        pdf.set_text_color(*CHIME_RGB[key])
        pdf.set_font(FONT, "B", 28 if len(word) < 14 else 24)
        pdf.text(48, y, word)
        y += 30
    pdf.set_text_color(90, 90, 90)
    pdf.set_font(FONT, "", 8)
    pdf.set_xy(25, 240)
    pdf.multi_cell(PAGE_W - 50, 4, LEAMY, align="C")
    names = ", ".join(d.title(lang) for d in decks if d.cards)
    pdf.set_xy(25, 256)
    label = "Decks: " if lang == "en" else "Kortstokker: "
    pdf.multi_cell(PAGE_W - 50, 4, label + names, align="C")
