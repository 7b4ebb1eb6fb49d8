"""Reflection cards: the deck model and the rotation that picks today's card. Pure, no I/O.

Rotation: a group sees every card of a deck once before any card comes back (a *cycle*). Within a
cycle the order is a shuffle of the deck made with ``random.Random`` seeded from the group, the
cycle number and an optional seed, so the draw is fair (every order equally likely) and
deterministic (the same history gives the same card). The cycle is recomputed from the history
and the deck's *current* cards, so cards added to a deck come up in the current cycle and cards
removed from it are simply skipped.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from recoverykit.errors import InvalidInput
from recoverykit.i18n import Msg, fold, t

# CHIME: the five recovery processes (Leamy et al. 2011). Keys are ASCII for files and databases.
CHIME: tuple[str, ...] = ("tilhorighet", "hap", "identitet", "mening", "empowerment")
CHIME_LABELS: dict[str, Msg] = {
    "tilhorighet": t("Tilhørighet", "Connectedness"),
    "hap": t("Håp", "Hope"),
    "identitet": t("Identitet", "Identity"),
    "mening": t("Mening", "Meaning"),
    "empowerment": t("Egenmakt (empowerment)", "Empowerment"),
}


def chime_label(key: str, lang: str = "nb") -> str:
    """The CHIME word for ``key`` in ``lang`` ('nb' or 'en')."""
    msg = CHIME_LABELS[key]
    return msg.en if lang == "en" else msg.nb


@dataclass(frozen=True)
class Card:
    id: str
    text: str
    chime: str | None = None
    source: str | None = None
    heading: str | None = None


@dataclass(frozen=True)
class Deck:
    id: str
    title_nb: str
    description: str
    cards: tuple[Card, ...]
    title_en: str | None = None
    source: str | None = None
    origin: str = ""  # the file the deck was read from (for messages)

    def title(self, lang: str = "nb") -> str:
        return self.title_en if lang == "en" and self.title_en else self.title_nb

    @property
    def card_ids(self) -> tuple[str, ...]:
        return tuple(card.id for card in self.cards)

    def card(self, card_id: str) -> Card:
        for card in self.cards:
            if card.id == card_id:
                return card
        raise InvalidInput(
            "card",
            t(
                "kortet «{card}» finnes ikke i kortstokken «{deck}»",
                "card '{card}' is not in deck '{deck}'",
                card=card_id,
                deck=self.id,
            ),
        )


@dataclass(frozen=True)
class CycleState:
    """Where a group is in the rotation of one deck."""

    cycle: int  # 0 for the first round through the deck
    seen: frozenset[str]  # cards of the current deck already drawn in this cycle
    unseen: tuple[str, ...]  # cards still to come in this cycle, sorted


@dataclass(frozen=True)
class Draw:
    card_id: str
    cycle: int
    remaining: int  # cards left in this cycle after this one


def cycle_state(deck_ids: Iterable[str], history: Sequence[str]) -> CycleState:
    """Replay ``history`` (card ids drawn for a group, oldest first) against the current deck.

    Ids no longer in the deck are ignored. A cycle ends when every current card has been seen;
    a card drawn again before that (possible only if the deck changed) starts a new cycle.
    """
    deck = set(deck_ids)
    if not deck:
        raise InvalidInput("deck", t("kortstokken har ingen kort", "the deck has no cards"))
    cycle = 0
    seen: set[str] = set()
    for card_id in history:
        if card_id not in deck:
            continue
        if card_id in seen:
            cycle += 1
            seen = set()
        seen.add(card_id)
        if seen >= deck:
            cycle += 1
            seen = set()
    return CycleState(cycle, frozenset(seen), tuple(sorted(deck - seen)))


def cycle_order(deck_ids: Iterable[str], *, group: str, cycle: int, seed: str = "") -> list[str]:
    """The shuffled order of the deck for ``group`` in ``cycle`` (deterministic)."""
    import hashlib  # here, not at start-up: ``cards list`` draws nothing
    import random

    digest = hashlib.sha256(f"{seed}\x1f{group}\x1f{cycle}".encode()).digest()
    order = sorted(set(deck_ids))
    random.Random(int.from_bytes(digest[:8], "big")).shuffle(order)
    return order


def draw_card(
    deck_ids: Sequence[str], history: Sequence[str], *, group: str, seed: str = ""
) -> Draw:
    """Today's card for ``group``: the first card of this cycle's order not yet seen.

    A new cycle never opens with the card that closed the previous one (unless the deck has
    only that card), so a group does not get the same card twice in a row at a cycle boundary.
    """
    state = cycle_state(deck_ids, history)
    unseen = set(state.unseen)
    order = cycle_order(deck_ids, group=group, cycle=state.cycle, seed=seed)
    if not state.seen and len(order) > 1:
        deck = set(order)
        last = next((c for c in reversed(history) if c in deck), None)
        if last == order[0]:
            order[0], order[1] = order[1], order[0]
    for card_id in order:
        if card_id in unseen:
            return Draw(card_id, state.cycle, len(unseen) - 1)
    raise AssertionError("unreachable: a cycle always has an unseen card")  # pragma: no cover


def check_unique_ids(decks: Sequence[Deck]) -> None:
    """Deck ids and card ids must be unique across all decks (the history stores card ids)."""
    deck_seen: dict[str, Deck] = {}
    card_seen: dict[str, Deck] = {}
    for deck in decks:
        if deck.id in deck_seen:
            other = deck_seen[deck.id]
            raise InvalidInput(
                deck.origin or "deck",
                t(
                    "kortstokken «{id}» finnes allerede (i {other})",
                    "deck '{id}' already exists (in {other})",
                    id=deck.id,
                    other=other.origin or other.id,
                ),
            )
        deck_seen[deck.id] = deck
        for card in deck.cards:
            if card.id in card_seen:
                other = card_seen[card.id]
                raise InvalidInput(
                    deck.origin or "card",
                    t(
                        "kort-id «{id}» i «{deck}» er allerede brukt i «{other}» ({file})",
                        "card id '{id}' in deck '{deck}' is already used in '{other}' ({file})",
                        id=card.id,
                        deck=deck.id,
                        other=other.id,
                        file=other.origin or "?",
                    ),
                )
            card_seen[card.id] = deck


def find_deck(decks: Sequence[Deck], deck_id: str) -> Deck:
    for deck in decks:
        if deck.id == deck_id:
            return deck
    for deck in decks:  # recovery-hjørnet, Recovery-Hjornet …
        if fold(deck.id) == fold(deck_id):
            return deck
    raise InvalidInput(
        "deck",
        t(
            "ukjent kortstokk «{id}»; kjente: {known}",
            "unknown deck '{id}'; known: {known}",
            id=deck_id,
            known=", ".join(d.id for d in decks),
        ),
    )
