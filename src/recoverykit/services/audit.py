"""``audit list|export|review``: reading the access log (leaders and admins only).

The log names clients by a keyed one-way hash; a listing shows the code of a client that still
exists (and that the reader may see), else ``#`` and the start of the hash (e.g. an erased client).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from recoverykit.domain.dates import parse_date
from recoverykit.errors import Field
from recoverykit.i18n import t
from recoverykit.services import access
from recoverykit.services.fit import client_key
from recoverykit.store import access as q
from recoverykit.store.connection import Connection, Database, Row

WORK_START, WORK_END = 7, 17  # working hours, Monday to Friday (Europe/Oslo)
ADMIN_ACTIONS = ("client.export", "client.erase", "retention.erase")
BULK_ROWS = 100  # an export of this many rows or more, or of more than one client, is "bulk"


def _reader(db: Database, conn: Connection) -> access.Actor:
    return access.require_role(
        db, t("lese tilgangsloggen", "read the access log"), "leader", "admin", conn=conn
    )


def _codes(db: Database, conn: Connection) -> dict[str, str]:
    """Client codes by hash, where the actor may read clients (on PostgreSQL a leader sees none)."""
    who = access.actor(db, conn)
    if not (conn.is_sqlite or who.unrestricted or "clinician" in who.roles):
        return {}
    codes = q.client_codes(conn=conn)
    refs = access.client_refs(conn, list(codes))
    return {refs[k]: c for k, c in codes.items()}


def entries(
    db: Database,
    *,
    client: str | None = None,
    login: str | None = None,
    since: str | None = None,
    action: str = "audit.list",
    path: str | None = None,
) -> list[dict[str, Any]]:
    start = None if since is None else parse_date(Field("since"), since)
    with db.read() as conn:
        _reader(db, conn)
        ref = (
            None if client is None else access.client_ref(conn, client_key(client, Field("client")))
        )
        rows = q.log_entries(
            conn=conn,
            client_ref=ref,
            login=None if login is None else login.strip(),
            since=None if start is None else datetime.combine(start, datetime.min.time()),
        )
        codes = _codes(db, conn)
        staff = q.staff_logins(conn=conn)
    out = [_plain(r, codes, staff) for r in rows]
    access.log_read(db, action, rows=len(out), path=path)
    return out


def _plain(r: Row, codes: dict[str, str], staff: dict[str, str]) -> dict[str, Any]:
    ref = r["client_ref"]
    client = None
    if ref is not None:
        client = codes.get(ref) or f"#{ref[:8]}"
    at = r["at"]
    return {
        "at": at if isinstance(at, datetime) else datetime.fromisoformat(str(at)),
        "login": r["login"],
        "staff": staff.get(r["login"]),
        "action": r["action"],
        "client": client,
        "department": r["department"],
        "rows": r["rows"],
        "path": r["path"],
        "detail": r["detail"],
    }


@dataclass(frozen=True)
class Review:
    month: str
    entries: int
    outside: list[dict[str, Any]]
    bulk: list[dict[str, Any]]
    out_of_hours: list[dict[str, Any]]
    no_staff: list[str]


def month_bounds(month: str | None, today: date) -> tuple[str, date, date]:
    if month is None:
        first = today.replace(day=1)
        end = first
        start = (first - timedelta(days=1)).replace(day=1)
    else:
        try:
            start = date.fromisoformat(month.strip() + "-01")
        except ValueError:
            from recoverykit.errors import Field, InvalidInput

            raise InvalidInput(
                Field("month"),
                t("«{v}» er ikke en måned (ÅÅÅÅ-MM)", "'{v}' is not a month (YYYY-MM)", v=month),
            ) from None
        end = (start + timedelta(days=32)).replace(day=1)
    return start.strftime("%Y-%m"), start, end


def review(db: Database, month: str | None, today: date) -> Review:
    label, start, end = month_bounds(month, today)
    with db.read() as conn:
        _reader(db, conn)
        rows = q.log_entries(
            conn=conn,
            since=datetime.combine(start, datetime.min.time()),
            until=datetime.combine(end, datetime.min.time()),
        )
        staff = q.staff_logins(conn=conn)
        grants: dict[str, list[Row]] = {}
        for g in q.all_grants(conn=conn):
            grants.setdefault(str(g["login"]), []).append(g)
    plain = [_plain(r, {}, staff) for r in rows]  # (no client codes in a review)
    outside = []
    for e in plain:
        if e["department"] is None or e["client"] is None or not grants:
            continue  # not about one client, or single-user mode (no grants at all)
        mine = grants.get(e["login"], [])
        if e["action"] in ADMIN_ACTIONS and any(g["role"] == "admin" for g in mine):
            continue
        clinician = [g for g in mine if g["role"] == "clinician"]
        if any(g["department"] is None for g in clinician):
            continue
        if e["department"] not in {g["department"] for g in clinician}:
            outside.append(e)
    bulk = [
        e
        for e in plain
        if e["action"].endswith(".export")
        and e["action"] != "client.export"
        and ((e["rows"] or 0) >= BULK_ROWS or int(e["detail"] or 0) > 1)
    ]
    late = [
        e for e in plain if e["at"].weekday() >= 5 or not (WORK_START <= e["at"].hour < WORK_END)
    ]
    logins = sorted({e["login"] for e in plain} | set(grants))
    no_staff = [lg for lg in logins if lg not in staff]
    access.log_read(db, "audit.review", rows=len(plain), detail=label)
    return Review(label, len(plain), outside, bulk, late, no_staff)
