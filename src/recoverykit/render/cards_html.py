"""Reflection cards as one HTML page to print from a browser (A4, print CSS), via Jinja."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from recoverykit.domain.cards import CHIME, Deck, chime_label
from recoverykit.render.cards_layout import (
    GRIDS,
    MARGIN,
    PAGE_H,
    PAGE_W,
    check_request,
    html_font_size,
)

TEMPLATE = "cards.html.j2"
LEAMY = (
    "Leamy M, Bird V, Le Boutillier C, Williams J, Slade M (2011). Conceptual framework for "
    "personal recovery in mental health. British Journal of Psychiatry 199: 445–452."
)


def _templates_dir(explicit: Path | None) -> Path:
    if explicit is not None:
        return explicit
    from recoverykit.resources import resource_path

    return resource_path("templates") / "cards"


def render_cards_html(
    decks: Sequence[Deck],
    *,
    per_page: int = 6,
    cut_marks: bool = True,
    cover: bool = False,
    lang: str = "nb",
    templates_dir: Path | None = None,
) -> str:
    """The cards as a standalone HTML document (autoescaped; StrictUndefined)."""
    import jinja2

    check_request(decks, per_page)
    cols, rows = GRIDS[per_page]
    cards: list[dict[str, Any]] = []
    for deck in decks:
        for card in deck.cards:
            cards.append(
                {
                    "id": card.id,
                    "deck": deck.title(lang),
                    "heading": card.heading,
                    "paragraphs": [p.strip() for p in card.text.split("\n") if p.strip()],
                    "chime": card.chime,
                    "chime_label": chime_label(card.chime, lang) if card.chime else None,
                    "size": html_font_size(card.text, card.heading, per_page),
                }
            )
    pages = [cards[i : i + per_page] for i in range(0, len(cards), per_page)]
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(_templates_dir(templates_dir))),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )
    return env.get_template(TEMPLATE).render(
        lang="en" if lang == "en" else "nb",
        title="Reflection cards" if lang == "en" else "Refleksjonskort",
        pages=pages,
        cols=cols,
        rows=rows,
        cell_w=(PAGE_W - 2 * MARGIN) / cols,
        cell_h=(PAGE_H - 2 * MARGIN) / rows,
        margin=MARGIN,
        cut_marks=cut_marks,
        cover=cover,
        chime=[(key, chime_label(key, lang)) for key in CHIME],
        cover_subtitle="The five processes (CHIME)"
        if lang == "en"
        else "De fem prosessene (CHIME)",
        leamy=LEAMY,
    )
