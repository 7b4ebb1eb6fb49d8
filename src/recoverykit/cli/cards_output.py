"""How ``recoverykit cards draw`` and ``cards history`` print."""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING, Any

from recoverykit.cli.common import echo
from recoverykit.i18n import language, tr

if TYPE_CHECKING:
    from recoverykit.services.cards import DrawView, HistoryRow


def print_draw(view: DrawView) -> None:
    from recoverykit.domain.cards import chime_label
    from recoverykit.domain.dates import format_date

    lang = language()
    size = len(view.deck.cards)
    echo(
        tr(
            "Kort for {g} {d} – {deck} (kort {k} av {n} i runde {r}):",
            "Card for {g} {d} – {deck} (card {k} of {n} in round {r}):",
            g=view.group,
            d=format_date(view.drawn_on, lang),
            deck=view.deck.title(lang),
            k=size - view.remaining,
            n=size,
            r=view.cycle + 1,
        )
    )
    if view.earlier_today:
        echo(
            tr(
                "(trukket tidligere i dag; --new trekker et nytt)",
                "(drawn earlier today; --new draws another)",
            )
        )
    echo()
    card = view.card
    if card is None:
        echo(f"  [{view.card_id}]")
    else:
        if card.heading:
            echo(f"  {card.heading}")
        for paragraph in card.text.splitlines():
            for line in textwrap.wrap(paragraph, 76) or [""]:
                echo(f"  {line}")
        if card.chime:
            echo()
            echo(f"  CHIME: {chime_label(card.chime, lang)}")
    echo()
    if view.note:
        echo(tr("Notat: {n}", "Note: {n}", n=view.note))
    else:
        echo(
            tr(
                'Trekning #{i}. Etter møtet: recoverykit cards note {i} "hva vi snakket om"',
                'Draw #{i}. After the meeting: recoverykit cards note {i} "what we talked about"',
                i=view.id,
            )
        )


def print_history(rows: list[HistoryRow], fmt: str) -> None:
    from recoverykit.domain.dates import format_date
    from recoverykit.render.output import Column, print_rows

    lang = language()
    data: list[dict[str, Any]] = [
        {
            "id": r.id,
            "date": r.drawn_on if fmt != "table" else format_date(r.drawn_on, lang),
            "group": r.group,
            "deck": r.deck,
            "card": r.card,
            "round": r.round,
            "text": r.text,
            "note": r.note,
        }
        for r in rows
    ]
    columns = [
        Column("id", "#", justify="right"),
        Column("date", tr("Dato", "Date")),
        Column("group", tr("Gruppe", "Group")),
        Column("deck", tr("Kortstokk", "Deck")),
        Column("card", tr("Kort", "Card")),
        Column("round", tr("Runde", "Round"), justify="right"),
        Column("note", tr("Notat", "Note")),
    ]
    if fmt != "table":
        columns.insert(5, Column("text", tr("Tekst", "Text")))
    print_rows(
        data,
        columns,
        fmt,
        empty=tr(
            "Ingen kort er trukket ennå. Trekk med «recoverykit cards draw --group GRUPPE».",
            "No cards drawn yet. Draw one with 'recoverykit cards draw --group GROUP'.",
        ),
    )
