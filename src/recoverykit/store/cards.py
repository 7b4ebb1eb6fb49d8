"""Card-draw queries: keyword-only, taking the open connection as ``conn=``."""

from __future__ import annotations

from datetime import date

from recoverykit.store.connection import Connection, Row

_COLUMNS = "id, group_name, group_key, deck_id, card_id, drawn_on, cycle, note"


def history_card_ids(*, conn: Connection, group_key: str, deck_id: str) -> list[str]:
    """The cards drawn for a group from a deck, oldest first (what the rotation replays)."""
    rows = conn.execute(
        "SELECT card_id FROM card_draw WHERE group_key = :g AND deck_id = :d ORDER BY drawn_on, id",
        {"g": group_key, "d": deck_id},
    )
    return [str(r["card_id"]) for r in rows]


def draw_on(*, conn: Connection, group_key: str, deck_id: str, drawn_on: date) -> Row | None:
    """The latest draw for a group from a deck on a day, if any."""
    return conn.one(
        f"SELECT {_COLUMNS} FROM card_draw WHERE group_key = :g AND deck_id = :d "
        "AND drawn_on = :day ORDER BY id DESC LIMIT 1",
        {"g": group_key, "d": deck_id, "day": drawn_on},
    )


def insert_draw(
    *,
    conn: Connection,
    group_name: str,
    group_key: str,
    deck_id: str,
    card_id: str,
    drawn_on: date,
    cycle: int,
    note: str | None,
) -> int:
    return conn.insert(
        "INSERT INTO card_draw (group_name, group_key, deck_id, card_id, drawn_on, cycle, note) "
        "VALUES (:group_name, :group_key, :deck_id, :card_id, :drawn_on, :cycle, :note)",
        {
            "group_name": group_name,
            "group_key": group_key,
            "deck_id": deck_id,
            "card_id": card_id,
            "drawn_on": drawn_on,
            "cycle": cycle,
            "note": note,
        },
    )


def get_draw(*, conn: Connection, draw_id: int) -> Row | None:
    return conn.one(f"SELECT {_COLUMNS} FROM card_draw WHERE id = :id", {"id": draw_id})


def set_note(*, conn: Connection, draw_id: int, note: str) -> None:
    conn.execute("UPDATE card_draw SET note = :note WHERE id = :id", {"note": note, "id": draw_id})


def list_draws(*, conn: Connection, group_key: str | None = None) -> list[Row]:
    """Draws oldest first, for one group or all."""
    where = "" if group_key is None else " WHERE group_key = :g"
    return conn.execute(
        f"SELECT {_COLUMNS} FROM card_draw{where} ORDER BY drawn_on, id", {"g": group_key}
    )


def card_draws(*, conn: Connection, start: date, end: date) -> list[Row]:
    return conn.execute(
        "SELECT drawn_on, group_name, group_key, deck_id, card_id, note FROM card_draw "
        "WHERE drawn_on BETWEEN :start AND :end ORDER BY drawn_on, id",
        {"start": start, "end": end},
    )
