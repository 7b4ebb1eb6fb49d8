"""The practice section: reflection cards discussed in the range and the notes recorded, and
values exercises held (how many, per department, and the list values most often kept).

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
    exercises: int


@dataclass(frozen=True)
class PracticeSection:
    cards: tuple[CardLine, ...]
    exercises: tuple[ValuesLine, ...]
    top_values: tuple[tuple[str, int], ...]

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
    def exercise_count(self) -> int:
        return sum(v.exercises for v in self.exercises)


def card_text_from(decks: Iterable[Deck]) -> CardText:
    """Card texts from the given decks; ``None`` for unknown cards."""
    texts = {(d.id, c.id): c.text for d in decks for c in d.cards}
    return lambda deck, card: texts.get((deck, card))


def practice_section(
    conn: Connection, scope: Scope, card_text: CardText | None = None
) -> PracticeSection:
    lookup = card_text or (lambda deck, card: None)
    params: dict[str, object] = {"start": scope.start, "end": scope.end}
    draws = conn.execute(
        "SELECT drawn_on, group_name, group_key, deck_id, card_id, note FROM card_draw "
        "WHERE drawn_on BETWEEN :start AND :end ORDER BY drawn_on, id",
        params,
    )
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
    where = ""
    if scope.dept_id is not None:
        params["dept"] = scope.dept_id
        where = " AND x.department_id = :dept"
    rows = conn.execute(
        "SELECT d.code, COUNT(*) AS n FROM values_exercise x "
        "LEFT JOIN department d ON d.id = x.department_id "
        f"WHERE x.done_on BETWEEN :start AND :end{where} GROUP BY d.code",
        params,
    )
    exercises = tuple(
        ValuesLine(r["code"], int(r["n"]))
        for r in sorted(
            rows, key=lambda r: (r["code"] is None, norwegian_sort_key(r["code"] or ""))
        )
    )
    top = tuple(
        (r["name"], int(r["n"]))
        for r in conn.execute(
            "SELECT c.value_id, MIN(c.name) AS name, COUNT(*) AS n FROM values_choice c "
            "JOIN values_exercise x ON x.id = c.exercise_id "
            f"WHERE c.kept AND c.value_id IS NOT NULL AND x.done_on BETWEEN :start AND :end{where} "
            "GROUP BY c.value_id",
            params,
        )
    )
    top = tuple(sorted(top, key=lambda v: (-v[1], norwegian_sort_key(v[0])))[:TOP_VALUES])
    return PracticeSection(cards, exercises, top)
