"""``recoverykit cards``: reflection cards for meetings: list, draw, note, history, print."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from recoverykit.cli.common import check_format, command, echo, format_option, group, store
from recoverykit.i18n import t, tr


def _deck_option() -> Any:
    return typer.Option(
        None,
        "--deck",
        help=tr(
            "Kortstokkens id (standard: refleksjon); se «recoverykit cards list».",
            "The deck's id (default: refleksjon); see 'recoverykit cards list'.",
        ),
    )


def _deck_file_option() -> Any:
    return typer.Option(
        None,
        "--deck-file",
        help=tr(
            "En egen kortstokkfil (YAML; kan gjentas). Filer i <datamappe>/decks leses alltid.",
            "An own deck file (YAML; repeatable). Files in <data folder>/decks are always read.",
        ),
    )


def _group_option(default_help: bool = True) -> Any:
    return typer.Option(
        None,
        "--group",
        help=tr(
            "Gruppen som møtes, f.eks. ledergruppa (standard: personalmøte).",
            "The group that meets, e.g. ledergruppa (default: personalmøte).",
        )
        if default_help
        else tr("Bare denne gruppen.", "Only this group."),
    )


def register(app: typer.Typer) -> None:
    cards = group(
        app,
        "cards",
        "Refleksjonskort til møter: trekk dagens kort, noter, skriv ut.",
        "Reflection cards for meetings: draw today's card, take notes, print.",
    )

    @command(
        cards,
        "list",
        "Vis kortstokkene, eller kortene i én kortstokk.",
        "List the decks, or the cards of one deck.",
    )
    def list_(
        deck: str = _deck_option(),
        deck_file: list[Path] = _deck_file_option(),
        fmt: str = format_option(),
    ) -> None:
        from recoverykit.domain.cards import chime_label
        from recoverykit.i18n import language
        from recoverykit.render.output import Column, print_rows
        from recoverykit.services.cards import load_decks, pick_deck

        check_format(fmt)
        decks = load_decks(deck_file or ())
        lang = language()
        if deck is None:
            rows: list[dict[str, Any]] = [
                {"deck": d.id, "title": d.title(lang), "cards": len(d.cards)} for d in decks
            ]
            columns = [
                Column("deck", tr("Kortstokk", "Deck"), style="bold"),
                Column("title", tr("Tittel", "Title")),
                Column("cards", tr("Kort", "Cards"), justify="right"),
            ]
        else:
            chosen = pick_deck(decks, deck)
            rows = [
                {
                    "card": c.id,
                    "chime": chime_label(c.chime, lang) if c.chime else None,
                    "text": c.text,
                }
                for c in chosen.cards
            ]
            columns = [
                Column("card", tr("Kort", "Card"), style="bold"),
                Column("chime", "CHIME"),
                Column("text", tr("Tekst", "Text")),
            ]
        print_rows(rows, columns, fmt)

    @command(
        cards,
        "draw",
        "Trekk dagens kort for en gruppe (ingen kort kommer igjen før alle er vist).",
        "Draw today's card for a group (no card comes back before all have been shown).",
    )
    def draw(
        deck: str = _deck_option(),
        group_name: str = _group_option(),
        note: str = typer.Option(
            None,
            "--note",
            help=tr("Hva møtet snakket om.", "What the meeting talked about."),
        ),
        on: str = typer.Option(
            None, "--date", help=tr("Møtedato (standard: i dag).", "Meeting date (default: today).")
        ),
        new: bool = typer.Option(
            False,
            "--new",
            help=tr(
                "Trekk et nytt kort selv om gruppen alt har trukket i dag.",
                "Draw a new card even if the group has already drawn one today.",
            ),
        ),
        deck_file: list[Path] = _deck_file_option(),
    ) -> None:
        from recoverykit.cli.cards_output import print_draw
        from recoverykit.domain.dates import parse_optional_date
        from recoverykit.services.cards import draw as draw_card
        from recoverykit.services.cards import load_decks

        day = parse_optional_date("--date", on)
        decks = load_decks(deck_file or ())
        print_draw(
            draw_card(store(), decks, deck_id=deck, group=group_name, note=note, on=day, new=new)
        )

    @command(
        cards,
        "note",
        "Legg til et notat om hva møtet snakket om (for en trekning).",
        "Record what the meeting talked about on a draw.",
    )
    def note(
        draw_id: str = typer.Argument(
            ..., metavar="DRAW_ID", help=tr("Trekningens nummer.", "The draw's number.")
        ),
        text: str = typer.Argument(..., metavar="TEXT", help=tr("Notatet.", "The note.")),
    ) -> None:
        from recoverykit.services.cards import add_note

        number = add_note(store(), draw_id, text)
        echo(t("Notat lagret på trekning #{n}.", "Note saved on draw #{n}.", n=number))

    @command(
        cards,
        "history",
        "Vis hvilke kort som er trukket når.",
        "Show which cards were drawn when.",
    )
    def history(
        group_name: str = _group_option(default_help=False),
        deck_file: list[Path] = _deck_file_option(),
        fmt: str = format_option(),
    ) -> None:
        from recoverykit.cli.cards_output import print_history
        from recoverykit.services.cards import history as draw_history
        from recoverykit.services.cards import load_decks

        check_format(fmt)
        decks = load_decks(deck_file or ())
        print_history(draw_history(store(), decks, group_name), fmt)

    @command(
        cards,
        "print",
        "Skriv ut kortene: A4-PDF til å klippe ut (eller HTML for nettleseren).",
        "Print the cards: an A4 PDF to cut (or HTML for the browser).",
    )
    def print_(
        out: Path = typer.Option(
            ...,
            "--out",
            help=tr("Filen som skrives, f.eks. kort.pdf.", "File to write, e.g. kort.pdf."),
        ),
        deck: list[str] = typer.Option(
            None,
            "--deck",
            help=tr(
                "Kortstokk(er) å skrive ut (kan gjentas; standard: refleksjon).",
                "Deck(s) to print (repeatable; default: refleksjon).",
            ),
        ),
        all_decks: bool = typer.Option(
            False, "--all", help=tr("Alle kortstokkene.", "All the decks.")
        ),
        per_page: int = typer.Option(
            6, "--per-page", metavar="4|6|8", help=tr("Kort per A4-ark.", "Cards per A4 sheet.")
        ),
        cut_marks: bool = typer.Option(
            True, "--cut-marks/--no-cut-marks", help=tr("Skjæremerker.", "Cut marks.")
        ),
        cover: bool = typer.Option(
            False, "--cover", help=tr("Forside med CHIME-ordene.", "A cover with the CHIME words.")
        ),
        fmt: str = typer.Option(
            None,
            "--format",
            metavar="pdf|html",
            help=tr(
                "pdf eller html (standard: etter filendelsen).",
                "pdf or html (default: from the file's suffix).",
            ),
        ),
        deck_file: list[Path] = _deck_file_option(),
    ) -> None:
        from recoverykit.i18n import language
        from recoverykit.services.cards import (
            choose_print_decks,
            load_decks,
            print_cards,
            print_format,
        )

        kind = print_format(fmt, out)
        chosen = choose_print_decks(load_decks(deck_file or ()), deck or (), all_decks)
        done = print_cards(
            chosen,
            out,
            fmt=kind,
            per_page=per_page,
            cut_marks=cut_marks,
            cover=cover,
            lang=language(),
        )
        if done.pages is not None:
            echo(
                t(
                    "Skrev {n} kort på {p} A4-side til {o}.",
                    "Wrote {n} cards on {p} A4 page to {o}.",
                    n=done.cards,
                    p=done.pages,
                    o=str(done.path),
                )
                if done.pages == 1
                else t(
                    "Skrev {n} kort på {p} A4-sider til {o}.",
                    "Wrote {n} cards on {p} A4 pages to {o}.",
                    n=done.cards,
                    p=done.pages,
                    o=str(done.path),
                )
            )
        else:
            echo(
                t(
                    "Skrev {n} kort til {o}; skriv ut fra nettleseren på A4.",
                    "Wrote {n} cards to {o}; print from the browser on A4.",
                    n=done.cards,
                    o=str(done.path),
                )
            )
