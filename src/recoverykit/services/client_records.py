"""The client's network (by role, never by name) and the client's own recovery goals.

Client-level data: every read and write is checked with :func:`checked_client` (a clinician of
the client's department, as for FIT) and lands in the access log. Free text is guarded for
identity numbers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from recoverykit.domain.idnumber import guard_text
from recoverykit.domain.text import NAME_MAX, clean_text, match_key, optional_text
from recoverykit.errors import Conflict, Field, InvalidInput, NotFound
from recoverykit.i18n import Msg, t
from recoverykit.services import access
from recoverykit.services.ids import event_date, parse_id
from recoverykit.store import client_records as q
from recoverykit.store.connection import Connection, Database, Row, as_date

# Roles, never names (the national guideline on relatives: pårørende by their relation).
ROLES = (
    "mor", "far", "forelder", "steforelder", "partner", "ektefelle", "samboer", "kjæreste",
    "barn", "sønn", "datter", "søsken", "bror", "søster", "besteforelder", "barnebarn",
    "slekt", "venn", "nabo", "kollega", "verge", "fosterforelder", "annen",
)  # fmt: skip
MINOR_ROLES = ("barn", "sønn", "datter", "barnebarn", "søsken", "bror", "søster")
GOAL_TEXT_MAX = 500


def checked_client(db: Database, conn: Connection, code: str, what: Msg) -> Row:
    """The client, if the acting login may work with its client-level data (as ``fit record``
    and ``fit show`` check it); else :class:`~recoverykit.errors.AccessDenied`."""
    from recoverykit.services.fit import require_client

    client = require_client(conn, code)
    access.require_client_access(db, conn, client["department_id"], what)
    return client


def log_write(db: Database, conn: Connection, client: Row, action: str, rows: int = 1) -> None:
    """Log a write of one client's data, inside the write's transaction."""
    access.log(
        db,
        conn,
        action,
        client_key=match_key(client["code"]),
        department=client["department"],
        rows=rows,
    )


def log_client_read(db: Database, client: Row, action: str, rows: int) -> None:
    """Log a read of one client's data, before it is shown."""
    access.log_read(
        db, action, client_key=match_key(client["code"]), department=client["department"], rows=rows
    )


def _yes_no(field_name: str, value: str | None) -> bool:
    if value is None:
        return False
    word = value.strip().casefold()
    if word in ("yes", "ja", "y", "j"):
        return True
    if word in ("no", "nei", "n"):
        return False
    raise InvalidInput(field_name, t("svar yes eller no", "answer yes or no"))


def parse_role(value: str) -> str:
    guard_text("ROLE", value)
    role = match_key(clean_text("ROLE", value, max_length=40))
    if role not in ROLES:
        raise InvalidInput(
            "ROLE",
            t(
                "«{v}» er ikke en rolle; bruk en rolle, aldri et navn: {r}",
                "'{v}' is not a role; use a role, never a name: {r}",
                v=value.strip(),
                r=", ".join(ROLES),
            ),
        )
    return role


@dataclass(frozen=True)
class Member:
    id: int
    role: str
    closest_relative: bool
    share_consent: bool
    feedback_consent: bool
    minor: bool
    note: str | None

    @classmethod
    def from_row(cls, r: Row) -> Member:
        return cls(
            int(r["id"]),
            r["role"],
            bool(r["closest_relative"]),
            bool(r["share_consent"]),
            bool(r["feedback_consent"]),
            bool(r["minor"]),
            r["note"],
        )


@dataclass(frozen=True)
class Network:
    client: str
    members: list[Member]

    @property
    def minors(self) -> int:
        return sum(1 for m in self.members if m.minor)


def add_member(
    db: Database,
    code: str,
    role: str,
    *,
    closest: bool = False,
    share: str | None = None,
    feedback: str | None = None,
    minor: bool = False,
    note: str | None = None,
) -> tuple[str, Member]:
    from recoverykit.services.fit import client_key

    client_key(code)
    for where, value in ((Field("share"), share), (Field("feedback"), feedback)):
        if value is not None:
            guard_text(where, value)
    clean_role = parse_role(role)
    share_ok = _yes_no(Field("share"), share)
    feedback_ok = _yes_no(Field("feedback"), feedback)
    clean_note = optional_text(Field("note"), note, max_length=NAME_MAX)
    if minor and clean_role not in MINOR_ROLES:
        raise InvalidInput(
            Field("minor"),
            t(
                "gjelder barn og søsken ({r})",
                "applies to children and siblings ({r})",
                r=", ".join(MINOR_ROLES),
            ),
        )
    with db.write() as conn:
        client = checked_client(
            db, conn, code, t("endre klientens nettverk", "change a client's network")
        )
        if closest:
            q.clear_closest_relative(conn=conn, client_id=client["client_id"])
        mid = q.insert_member(
            conn=conn,
            client_id=client["client_id"],
            role=clean_role,
            role_key=clean_role,
            closest_relative=closest,
            share_consent=share_ok,
            feedback_consent=feedback_ok,
            minor=minor,
            note=clean_note,
        )
        log_write(db, conn, client, "client.network.add")
    return client["code"], Member(
        mid, clean_role, closest, share_ok, feedback_ok, minor, clean_note
    )


def network(db: Database, code: str) -> Network:
    from recoverykit.services.fit import client_key

    client_key(code)
    with db.read() as conn:
        client = checked_client(
            db, conn, code, t("se klientens nettverk", "see a client's network")
        )
        rows = q.list_members(conn=conn, client_id=client["client_id"])
    log_client_read(db, client, "client.network.list", len(rows))
    return Network(client["code"], [Member.from_row(r) for r in rows])


def remove_member(db: Database, code: str, member: str) -> tuple[str, Member]:
    from recoverykit.services.fit import client_key

    client_key(code)
    hint = t("«recoverykit client network list KLIENT»", "'recoverykit client network list CLIENT'")
    mid = parse_id("MEMBER", member, hint)
    with db.write() as conn:
        client = checked_client(
            db, conn, code, t("endre klientens nettverk", "change a client's network")
        )
        found = [
            m
            for m in map(Member.from_row, q.list_members(conn=conn, client_id=client["client_id"]))
            if m.id == mid
        ]
        if not found:
            raise NotFound(
                "MEMBER",
                t(
                    "{c} har ingen i nettverket med ID {m}",
                    "{c} has nobody in the network with id {m}",
                    c=client["code"],
                    m=mid,
                ),
            )
        q.detach_member_responses(conn=conn, member_id=mid)
        q.delete_member(conn=conn, member_id=mid)
        log_write(db, conn, client, "client.network.remove")
    return client["code"], found[0]


# --- own recovery goals -------------------------------------------------------------------------------

STATUSES = ("active", "reached", "dropped")


@dataclass(frozen=True)
class OwnGoal:
    number: int
    text: str
    set_on: date
    status: str
    closed_on: date | None
    ratings: list[tuple[date, int]] = field(default_factory=list)

    @property
    def latest(self) -> int | None:
        return self.ratings[-1][1] if self.ratings else None


def _goal_number(value: str) -> int:
    hint = t("«recoverykit client goal list KLIENT»", "'recoverykit client goal list CLIENT'")
    return parse_id("GOAL", value, hint)


def add_goal(
    db: Database, code: str, text: str, day: str | None = None, today: date | None = None
) -> tuple[str, OwnGoal]:
    from recoverykit.services.fit import client_key

    client_key(code)
    clean = clean_text("TEXT", text, max_length=GOAL_TEXT_MAX)
    when = event_date(Field("date"), day, today=today)
    with db.write() as conn:
        client = checked_client(db, conn, code, t("sette klientens mål", "set a client's goals"))
        number = q.next_goal_number(conn=conn, client_id=client["client_id"])
        q.insert_goal(
            conn=conn, client_id=client["client_id"], number=number, text=clean, set_on=when
        )
        log_write(db, conn, client, "client.goal.add")
    return client["code"], OwnGoal(number, clean, when, "active", None)


def _active_goal(conn: Connection, client: Row, number: int) -> Row:
    row = q.get_goal(conn=conn, client_id=client["client_id"], number=number)
    if row is None:
        raise NotFound(
            "GOAL",
            t(
                "{c} har ikke mål {n}; se «recoverykit client goal list {c}»",
                "{c} has no goal {n}; see 'recoverykit client goal list {c}'",
                c=client["code"],
                n=number,
            ),
        )
    if row["status"] != "active":
        raise Conflict(
            "GOAL",
            t(
                "mål {n} er ikke lenger aktivt ({s})",
                "goal {n} is no longer active ({s})",
                n=number,
                s=row["status"],
            ),
        )
    return row


def rate_goal(
    db: Database,
    code: str,
    goal: str,
    value: str,
    day: str | None = None,
    today: date | None = None,
) -> tuple[str, int, int, date]:
    from recoverykit.services.fit import client_key

    client_key(code)
    guard_text("VALUE", value)
    number = _goal_number(goal)
    text = value.strip()
    if not (text.isascii() and text.isdigit() and 0 <= int(text) <= 10):
        raise InvalidInput(
            "VALUE",
            t(
                "«{v}»: gi et helt tall fra 0 til 10",
                "'{v}': give a whole number from 0 to 10",
                v=text,
            ),
        )
    when = event_date(Field("date"), day, today=today)
    with db.write() as conn:
        client = checked_client(db, conn, code, t("vurdere klientens mål", "rate a client's goals"))
        row = _active_goal(conn, client, number)
        if when < (as_date(row["set_on"]) or when):
            raise InvalidInput(
                Field("date"), t("er før målet ble satt", "is before the goal was set")
            )
        if q.rating_exists(conn=conn, goal_id=row["id"], rated_on=when):
            raise Conflict(
                Field("date"),
                t(
                    "mål {n} er allerede vurdert {d}",
                    "goal {n} is already rated on {d}",
                    n=number,
                    d=when.isoformat(),
                ),
            )
        q.insert_rating(conn=conn, goal_id=row["id"], rated_on=when, value=int(text))
        log_write(db, conn, client, "client.goal.rate")
    return client["code"], number, int(text), when


def close_goal(
    db: Database,
    code: str,
    goal: str,
    status: str,
    day: str | None = None,
    today: date | None = None,
) -> tuple[str, int, date]:
    from recoverykit.services.fit import client_key

    assert status in ("reached", "dropped")
    client_key(code)
    number = _goal_number(goal)
    when = event_date(Field("date"), day, today=today)
    with db.write() as conn:
        client = checked_client(db, conn, code, t("endre klientens mål", "change a client's goals"))
        row = _active_goal(conn, client, number)
        if when < (as_date(row["set_on"]) or when):
            raise InvalidInput(
                Field("date"), t("er før målet ble satt", "is before the goal was set")
            )
        q.close_goal(conn=conn, goal_id=row["id"], status=status, closed_on=when)
        log_write(db, conn, client, f"client.goal.{status}")
    return client["code"], number, when


def own_goals_of(conn: Connection, client_id: int) -> list[OwnGoal]:
    """The client's goals with their ratings (used by ``client goal list`` and ``fit show``)."""
    ratings: dict[int, list[tuple[date, int]]] = {}
    for r in q.client_goal_ratings(conn=conn, client_id=client_id):
        ratings.setdefault(int(r["number"]), []).append(
            (as_date(r["rated_on"]) or date.min, int(r["value"]))
        )
    return [
        OwnGoal(
            int(r["number"]),
            r["text"],
            as_date(r["set_on"]) or date.min,
            r["status"],
            as_date(r["closed_on"]),
            ratings.get(int(r["number"]), []),
        )
        for r in q.client_goals(conn=conn, client_id=client_id)
    ]


def own_goals(db: Database, code: str) -> tuple[str, list[OwnGoal]]:
    from recoverykit.services.fit import client_key

    client_key(code)
    with db.read() as conn:
        client = checked_client(db, conn, code, t("se klientens mål", "see a client's goals"))
        goals = own_goals_of(conn, client["client_id"])
    log_client_read(db, client, "client.goal.list", len(goals))
    return client["code"], goals
