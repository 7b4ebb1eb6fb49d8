"""The sharing culture ("delekultur"): what a department shared, where and when."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from recoverykit.domain.text import clean_text, optional_text
from recoverykit.errors import Field
from recoverykit.services.departments import require_department
from recoverykit.services.ids import event_date
from recoverykit.store import goals as q
from recoverykit.store.connection import Database, Row, as_date

PLACE_MAX = 200


@dataclass(frozen=True)
class ShareView:
    id: int
    shared_on: date
    dept_code: str
    dept_name: str
    recovery_contact: str | None
    text: str
    place: str | None

    @classmethod
    def from_row(cls, row: Row) -> ShareView:
        return cls(
            int(row["id"]),
            as_date(row["shared_on"]) or date.min,
            row["dept_code"],
            row["dept_name"],
            row["recovery_contact"],
            row["text"],
            row["place"],
        )


def add_share(
    db: Database, dept: str, text: str, *, where: str | None = None, on: str | None = None
) -> ShareView:
    clean = clean_text("TEXT", text)
    place = optional_text(Field("where"), where, max_length=PLACE_MAX)
    when = event_date(Field("date"), on)
    with db.write() as conn:
        d = require_department(conn, dept)
        new_id = q.insert_share(
            conn=conn, department_id=d.id, text=clean, place=place, shared_on=when
        )
    return ShareView(new_id, when, d.code, d.name, d.recovery_contact, clean, place)


def list_shares(db: Database, dept: str | None = None) -> list[ShareView]:
    with db.read() as conn:
        d = None if dept is None else require_department(conn, dept, Field("dept"))
        rows = q.list_shares(conn=conn, department_id=None if d is None else d.id)
    return [ShareView.from_row(r) for r in rows]
