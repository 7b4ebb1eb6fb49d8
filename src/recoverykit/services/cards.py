"""Reflection-card use cases: decks (shipped and the user's own), today's draw, notes, history,
and printing the cards as an A4 PDF or a print HTML page."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from recoverykit import clock
from recoverykit.domain.cards import Card, Deck, cycle_state, draw_card, find_deck
from recoverykit.domain.text import NAME_MAX, clean_text, match_key
from recoverykit.errors import Field, InvalidInput, NotFound
from recoverykit.i18n import t

if TYPE_CHECKING:  # the store is imported only by the functions that use it (start-up)
    from recoverykit.store.connection import Database, Row

DEFAULT_DECK = "refleksjon"
DEFAULT_GROUP = "personalmøte"
PER_PAGE = (4, 6, 8)
PRINT_FORMATS = ("pdf", "html")


def user_decks_dir() -> Path:
    """``<data folder>/decks``: where users put their own deck files."""
    from recoverykit.config import data_dir

    return data_dir() / "decks"


def load_decks(deck_files: Sequence[Path] = ()) -> list[Deck]:
    """Shipped decks, the user's ``decks/*.yaml`` and ``--deck-file`` files (ids unique)."""
    from recoverykit.loaders.decks import load_all_decks

    return load_all_decks(decks_dir=user_decks_dir(), deck_files=deck_files)


def pick_deck(decks: Sequence[Deck], deck_id: str | None) -> Deck:
    try:
        return find_deck(decks, (deck_id or DEFAULT_DECK).strip())
    except InvalidInput as error:
        raise InvalidInput(Field("deck"), error.message) from None


@dataclass(frozen=True)
class DrawView:
    id: int
    group: str
    deck: Deck
    card: Card | None  # None if the card has since been removed from the deck
    card_id: str
    drawn_on: date
    cycle: int  # 0-based
    remaining: int  # cards left in this cycle after this one
    note: str | None
    earlier_today: bool = False  # True when today's card had already been drawn


def clean_group(group: str | None, field: str = Field("group")) -> str:
    text = clean_text(field, group if group is not None else DEFAULT_GROUP, max_length=NAME_MAX)
    from recoverykit.domain.idnumber import guard_text

    return guard_text(field, text)


def clean_note(note: str | None, field: str = Field("note")) -> str | None:
    from recoverykit.domain.idnumber import guard_text

    return None if note is None else guard_text(field, clean_text(field, note))


def _card_or_none(deck: Deck, card_id: str) -> Card | None:
    return next((c for c in deck.cards if c.id == card_id), None)


def draw(
    db: Database,
    decks: Sequence[Deck],
    *,
    deck_id: str | None = None,
    group: str | None = None,
    note: str | None = None,
    on: date | None = None,
    new: bool = False,
) -> DrawView:
    """Today's card for ``group``: the same card again if already drawn that day (unless
    ``new``), else the next card of the rotation; recorded in one write transaction."""
    from recoverykit.store import cards as q

    deck = pick_deck(decks, deck_id)
    name = clean_group(group)
    key = match_key(name)
    text = clean_note(note)
    today = clock.today()
    day = on or today
    if day > today:
        raise InvalidInput(
            Field("date"),
            t(
                "{d} er i fremtiden; trekk kortet på møtedagen",
                "{d} is in the future; draw the card on the day of the meeting",
                d=day.isoformat(),
            ),
        )
    with db.write() as conn:
        existing = (
            None if new else q.draw_on(conn=conn, group_key=key, deck_id=deck.id, drawn_on=day)
        )
        if existing is not None:
            if text is not None:
                q.set_note(conn=conn, draw_id=int(existing["id"]), note=text)
            history = q.history_card_ids(conn=conn, group_key=key, deck_id=deck.id)
            state = cycle_state(deck.card_ids, history)
            left = len(state.unseen) if state.seen else 0
            return DrawView(
                int(existing["id"]),
                str(existing["group_name"]),
                deck,
                _card_or_none(deck, str(existing["card_id"])),
                str(existing["card_id"]),
                day,
                int(existing["cycle"]),
                left,
                text if text is not None else existing["note"],
                earlier_today=True,
            )
        history = q.history_card_ids(conn=conn, group_key=key, deck_id=deck.id)
        chosen = draw_card(deck.card_ids, history, group=key)
        draw_id = q.insert_draw(
            conn=conn,
            group_name=name,
            group_key=key,
            deck_id=deck.id,
            card_id=chosen.card_id,
            drawn_on=day,
            cycle=chosen.cycle,
            note=text,
        )
    card = deck.card(chosen.card_id)
    return DrawView(draw_id, name, deck, card, card.id, day, chosen.cycle, chosen.remaining, text)


def parse_draw_id(value: str) -> int:
    text = (value or "").strip().lstrip("#")
    if not text.isdigit() or int(text) < 1:
        raise InvalidInput(
            "DRAW_ID",
            t(
                "«{v}» er ikke et trekningsnummer; se «recoverykit cards history»",
                "'{v}' is not a draw number; see 'recoverykit cards history'",
                v=value,
            ),
        )
    return int(text)


def add_note(db: Database, draw_id: str, text: str) -> int:
    """Record what the meeting talked about on an earlier draw (replaces an earlier note)."""
    from recoverykit.store import cards as q

    number = parse_draw_id(draw_id)
    note = clean_note(text, "TEXT")
    assert note is not None
    with db.write() as conn:
        if q.get_draw(conn=conn, draw_id=number) is None:
            raise NotFound(
                "DRAW_ID",
                t(
                    "ingen trekning med nummer {n}; se «recoverykit cards history»",
                    "no draw with number {n}; see 'recoverykit cards history'",
                    n=number,
                ),
            )
        q.set_note(conn=conn, draw_id=number, note=note)
    return number


@dataclass(frozen=True)
class HistoryRow:
    id: int
    drawn_on: date
    group: str
    deck: str
    card: str
    round: int  # 1-based for people
    text: str | None
    note: str | None


def history(db: Database, decks: Sequence[Deck], group: str | None = None) -> list[HistoryRow]:
    from recoverykit.store import cards as q
    from recoverykit.store.connection import as_date

    key = match_key(clean_group(group)) if group is not None else None
    with db.read() as conn:
        rows: list[Row] = q.list_draws(conn=conn, group_key=key)
    by_deck = {d.id: d for d in decks}
    out: list[HistoryRow] = []
    for r in rows:
        deck = by_deck.get(str(r["deck_id"]))
        card = _card_or_none(deck, str(r["card_id"])) if deck else None
        day = as_date(r["drawn_on"])
        assert day is not None
        out.append(
            HistoryRow(
                int(r["id"]),
                day,
                str(r["group_name"]),
                str(r["deck_id"]),
                str(r["card_id"]),
                int(r["cycle"]) + 1,
                card.text if card else None,
                r["note"],
            )
        )
    return out


def choose_print_decks(
    decks: Sequence[Deck], deck_ids: Sequence[str], all_decks: bool
) -> list[Deck]:
    if deck_ids and all_decks:
        raise InvalidInput(
            Field("all"), t("kan ikke brukes sammen med --deck", "cannot be combined with --deck")
        )
    if all_decks:
        return list(decks)
    return [pick_deck(decks, d) for d in (deck_ids or [DEFAULT_DECK])]


def check_out_path(out: Path) -> Path:
    """``--out``: its folder must exist; it must not be a folder or a symbolic link."""
    from recoverykit.domain.idnumber import guard_text

    guard_text(Field("out"), str(out))
    if str(out).strip() in ("", "."):
        raise InvalidInput(Field("out"), t("mangler filnavn", "missing a file name"))
    if out.is_dir():
        raise InvalidInput(Field("out"), t("{p} er en mappe", "{p} is a folder", p=str(out)))
    if not out.parent.is_dir():
        raise InvalidInput(
            Field("out"),
            t("mappen {p} finnes ikke", "the folder {p} does not exist", p=str(out.parent)),
        )
    from recoverykit.files import check_target

    return check_target(out, field=Field("out"))


def print_format(fmt: str | None, out: Path) -> str:
    if fmt is None:
        return "html" if out.suffix.lower() in (".html", ".htm") else "pdf"
    if fmt not in PRINT_FORMATS:
        raise InvalidInput(
            Field("format"),
            t(
                "«{v}» er ikke tillatt; velg {a}",
                "'{v}' is not allowed; choose {a}",
                v=fmt,
                a=" | ".join(PRINT_FORMATS),
            ),
        )
    return fmt


@dataclass(frozen=True)
class PrintResult:
    path: Path
    fmt: str
    cards: int
    pages: int | None


def print_cards(
    decks: Sequence[Deck],
    out: Path,
    *,
    fmt: str = "pdf",
    per_page: int = 6,
    cut_marks: bool = True,
    cover: bool = False,
    lang: str = "nb",
) -> PrintResult:
    """Write the cards to ``out`` atomically (checked first: nothing is written on bad input)."""
    if per_page not in PER_PAGE:
        raise InvalidInput(
            Field("per_page"),
            t("skal være 4, 6 eller 8, ikke {v}", "must be 4, 6 or 8, not {v}", v=per_page),
        )
    check_out_path(out)
    count = sum(len(d.cards) for d in decks)
    if fmt == "html":
        from recoverykit.files import write_text
        from recoverykit.render.cards_html import render_cards_html

        html = render_cards_html(
            decks, per_page=per_page, cut_marks=cut_marks, cover=cover, lang=lang
        )
        write_text(out, html, private=False)  # a printout of shipped or unit cards
        return PrintResult(out, fmt, count, None)
    from recoverykit.render.cards_pdf import render_cards_pdf

    layout = render_cards_pdf(
        decks, out, per_page=per_page, cut_marks=cut_marks, cover=cover, lang=lang
    )
    return PrintResult(out, fmt, count, layout.pages)
