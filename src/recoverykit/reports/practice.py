"""The practice section: reflection cards discussed in the range and the notes recorded, and
values exercises held (how many, per department, and the list values most often kept).

Participants and their kept values pass the disclosure gate (``domain.values.gate_practice``),
the unit and every department together: below the threshold nothing about the participants or
their values appears.

Card draws belong to a group, not a department: a department's report shows the draws of the
groups named after its code or name. Participants of values exercises are never shown, and only
values from the shipped list are named (a participant's own words could tell who they are).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from recoverykit.domain.cards import Deck
from recoverykit.domain.text import match_key, norwegian_sort_key
from recoverykit.reports.scope import Scope
from recoverykit.store.connection import Connection, as_date

TOP_VALUES = 5

CardText = Callable[[str, str], str | None]


@dataclass(frozen=True)
class CardLine:
    on: date
    group: str
    deck_id: str
    card_id: str
    text: str | None  # the card's question, when its deck is available
    note: str | None


@dataclass(frozen=True)
class ValuesLine:
    dept_code: str | None  # None: no department given
    exercises: int | None  # None: hidden (small-number rule)


@dataclass(frozen=True)
class PracticeSection:
    cards: tuple[CardLine, ...]
    exercises: tuple[ValuesLine, ...]
    top_values: tuple[tuple[str, int], ...]
    total: int | None = None  # exercises in the scope; None: hidden
    threshold: int = 5
    hid_any: bool = False  # the output (unit and departments) hides something

    @property
    def rule(self) -> str:
        from recoverykit.domain.disclosure import rule_text

        return rule_text(self.threshold)

    @property
    def has_cards(self) -> bool:
        return bool(self.cards)

    @property
    def has_values(self) -> bool:
        return bool(self.exercises)

    @property
    def has_data(self) -> bool:
        return self.has_cards or self.has_values

    @property
    def exercise_count(self) -> int | None:
        return self.total


def card_text_from(decks: Iterable[Deck]) -> CardText:
    """Card texts from the given decks; ``None`` for unknown cards."""
    texts = {(d.id, c.id): c.text for d in decks for c in d.cards}
    return lambda deck, card: texts.get((deck, card))


def practice_section(
    conn: Connection,
    scope: Scope,
    card_text: CardText | None = None,
    threshold: int | None = None,
) -> PracticeSection:
    from recoverykit.domain.values import NO_DEPARTMENT, UNIT_KEY, gate_practice
    from recoverykit.store.cards import card_draws
    from recoverykit.store.fit import load_settings
    from recoverykit.store.values import exercises_by_department, kept_values_by_department

    lookup = card_text or (lambda deck, card: None)
    draws = card_draws(conn=conn, start=scope.start, end=scope.end)
    if scope.department is not None:
        keys = {match_key(scope.department.code), match_key(scope.department.name)}
        draws = [d for d in draws if match_key(d["group_name"]) in keys]
    # Text order in Python: PostgreSQL's collation and SQLite's byte order differ.
    draws.sort(key=lambda d: (str(d["drawn_on"]), norwegian_sort_key(d["group_name"])))
    cards = tuple(
        CardLine(
            as_date(d["drawn_on"]) or scope.end,
            d["group_name"],
            d["deck_id"],
            d["card_id"],
            lookup(d["deck_id"], d["card_id"]),
            d["note"],
        )
        for d in draws
    )
    # Every department's figures and the unit's pass the gate together (one output), whichever
    # scope this report is for.
    limit = threshold or load_settings(conn).suppression_threshold
    held = {
        r["code"] or NO_DEPARTMENT: int(r["n"])
        for r in exercises_by_department(conn=conn, start=scope.start, end=scope.end)
    }
    kept = {
        (r["code"] or NO_DEPARTMENT, str(r["name"])): int(r["n"])
        for r in kept_values_by_department(conn=conn, start=scope.start, end=scope.end)
    }
    gated = gate_practice(held, kept, limit)
    mine = UNIT_KEY if scope.department is None else scope.department.code
    chosen = [d for d in gated.exercises if scope.department is None or d == scope.department.code]
    exercises = tuple(
        ValuesLine(d or None, gated.exercises[d])
        for d in sorted(chosen, key=lambda d: (d == NO_DEPARTMENT, norwegian_sort_key(d)))
    )
    shown = [(n, c) for n, c in gated.kept.get(mine, {}).items() if c is not None]
    top = tuple(sorted(shown, key=lambda v: (-v[1], norwegian_sort_key(v[0])))[:TOP_VALUES])
    total = gated.total if scope.department is None else gated.exercises.get(mine)
    return PracticeSection(cards, exercises, top, total, limit, gated.hid_any)
