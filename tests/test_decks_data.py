"""The shipped decks: complete, restored Norwegian, no duplicates or empty texts."""

from __future__ import annotations

import unicodedata

from recoverykit.domain.cards import CHIME, check_unique_ids, find_deck
from recoverykit.loaders.decks import data_dir, load_builtin_decks
from tests.test_values_data import ocr_leftovers


def _texts(deck_list: list) -> list[str]:  # type: ignore[type-arg]
    out: list[str] = []
    for deck in deck_list:
        out += [deck.title_nb, deck.description, deck.source or ""]
        for card in deck.cards:
            out += [card.text, card.heading or "", card.source or ""]
    return [t for t in out if t]


def test_every_text_is_clean_and_unique() -> None:
    decks = load_builtin_decks()
    check_unique_ids(decks)
    for text in _texts(decks):
        assert text == unicodedata.normalize("NFC", text)
        assert ocr_leftovers(text) == [], text
    cards = [c for d in decks for c in d.cards]
    assert all(c.text.strip() for c in cards)
    texts = [" ".join(c.text.split()).casefold() for c in cards]
    assert len(set(texts)) == len(texts)
    assert all(c.chime in (None, *CHIME) for c in cards)
    raw = (data_dir() / "reflection_cards.yaml").read_text(encoding="utf-8")
    for bad in ("Beerum", "Baerum", "Bzerum", "Beaerum"):
        assert bad not in raw
    assert "Bærum" in raw


def test_seed_reflection_questions_all_fifteen() -> None:
    deck = find_deck(load_builtin_decks(), "refleksjon")
    assert len(deck.cards) == 15
    joined = " ".join(" ".join(c.text.split()) for c in deck.cards)
    for phrase in [
        "respekt, anerkjennelse og bekreftelse",
        "«Det viktigste har vært å avlære meg. Jeg trenger ikke ha alle svarene.»",
        "samhørighet, tilhørighet",
        "Utgjør du en HÅP-inspirerende relasjon",
        "gjenoppbygge/redefinere en positiv identitet",
        "recovery og discovery",
        "tabell 1 på s. 16 i heftet «100 råd som fremmer recovery»",
        "ser brukerens ressurser?",
    ]:
        assert phrase in joined


def test_chime_deck_has_the_five_processes() -> None:
    deck = find_deck(load_builtin_decks(), "chime")
    assert [c.chime for c in deck.cards] == list(CHIME)
    assert [c.heading for c in deck.cards] == [
        "TILHØRIGHET",
        "HÅP",
        "IDENTITET",
        "MENING",
        "EMPOWERMENT/SELVHEVDELSE",
    ]
    assert all(c.text.startswith("Dette betyr begrepet for meg") for c in deck.cards)


def test_strategy_table_has_nine_cells() -> None:
    deck = find_deck(load_builtin_decks(), "hjelperstrategier")
    assert len(deck.cards) == 9
    headings = {c.heading for c in deck.cards}
    for row in ("verdier", "holdninger", "atferd"):
        for col in ("mellommenneskelige", "indre", "eksterne"):
            assert any(row in h and col in h for h in headings if h)
    joined = " ".join(c.text for c in deck.cards)
    for item in [
        "Lytt uten å fordømme.",
        "Støtt nære relasjoner.",
        "Sorg er en nødvendig del av tap.",
        "«Mislykkede forsøk»",
        "utforsking av åndelighet",
        "Vær tilgjengelig ved kriser.",
    ]:
        assert item in joined


def test_leader_corner_deck_cites_the_seeds() -> None:
    deck = find_deck(load_builtin_decks(), "recovery-hjornet")
    assert 12 <= len(deck.cards) <= 16
    assert all(c.source for c in deck.cards)
    joined = " ".join(c.text for c in deck.cards)
    for idea in [
        "ledere som leder",
        "Endring tar tid",
        "dem som har lyst",
        "«Dette er vi gode til»",
        "«Ingen møter om meg, uten meg.»",
        "Målbare mål",
        "Delekultur",
        "FIT er læring",
    ]:
        assert idea in joined
