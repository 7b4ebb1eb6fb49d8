"""Meetings about a person ("ingen møter om meg, uten meg") and the department indicator
``meetings-present``: the share of meetings per month where the person took part, computed from
the records (no readings typed), with its n, through the disclosure gate.

A meeting counts as "with the person present" when they were there (``--present yes``) or took
part in some of it (``partly``); ``partly`` is shown separately so that the stricter reading can
be worked out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from recoverykit.domain.idnumber import guard_text
from recoverykit.domain.text import optional_text
from recoverykit.errors import Field, InvalidInput
from recoverykit.i18n import t
from recoverykit.services.ids import event_date
from recoverykit.store import meetings as q
from recoverykit.store.connection import Connection, Database, Row

if TYPE_CHECKING:
    from recoverykit.domain.feedback_figures import MonthPresence

KINDS = ("treatment", "coordination", "network", "other")
PRESENCE = ("yes", "no", "partly")
NOTE_MAX = 500


def _choice(field: str, value: str, allowed: tuple[str, ...]) -> str:
    word = value.strip().casefold()
    if word not in allowed:
        raise InvalidInput(
            field,
            t(
                "«{v}» er ikke tillatt; velg {a}",
                "'{v}' is not allowed; choose {a}",
                v=value.strip(),
                a=" | ".join(allowed),
            ),
        )
    return word


@dataclass(frozen=True)
class MeetingView:
    client: str
    held_on: date
    kind: str
    present: str
    note: str | None


def add_meeting(
    db: Database,
    code: str,
    *,
    day: str,
    kind: str,
    present: str,
    note: str | None = None,
    today: date | None = None,
) -> MeetingView:
    from recoverykit.services.client_records import checked_client, log_write
    from recoverykit.services.fit import client_key

    client_key(code)
    for where, value in ((Field("date"), day), (Field("kind"), kind), (Field("present"), present)):
        guard_text(where, value)
    when = event_date(Field("date"), day, today=today)
    k = _choice(Field("kind"), kind, KINDS)
    p = _choice(Field("present"), present, PRESENCE)
    clean_note = optional_text(Field("note"), note, max_length=NOTE_MAX)
    with db.write() as conn:
        client = checked_client(db, conn, code, t("registrere møter", "record meetings"))
        q.insert_meeting(
            conn=conn,
            client_id=client["client_id"],
            department_id=client["department_id"],
            held_on=when,
            kind=k,
            present=p,
            note=clean_note,
        )
        log_write(db, conn, client, "meeting.add")
    return MeetingView(client["code"], when, k, p, clean_note)


def client_meetings(db: Database, code: str) -> tuple[str, list[Row]]:
    from recoverykit.services.client_records import checked_client, log_client_read
    from recoverykit.services.fit import client_key

    client_key(code)
    with db.read() as conn:
        client = checked_client(db, conn, code, t("se klientens møter", "see a client's meetings"))
        rows = q.client_meetings(conn=conn, client_id=client["client_id"])
    log_client_read(db, client, "meeting.list", len(rows))
    return client["code"], rows


def presence_by_month(
    conn: Connection, start: date, end: date, department_id: int | None, threshold: int
) -> list[MonthPresence]:
    """Per month with meetings: n, with the person present, and the share (gated)."""
    from recoverykit.domain.feedback_figures import month_presence

    rows = q.monthly_presence(conn=conn, start=start, end=end, department_id=department_id)
    return month_presence(rows, threshold)
