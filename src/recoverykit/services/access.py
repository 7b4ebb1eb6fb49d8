"""Who is acting, what their roles allow, and the access log (Normen: "tjenstlig behov").

The acting login is the PostgreSQL ``current_user``, or on SQLite the operating-system user
(``getpass.getuser()``). Roles are stored in ``access_grant``; a login can hold several, each for one
department or for the whole unit.

- ``clinician``: client-level data of the departments granted, and their own ``fit mine``;
- ``leader``: plans, goals, all aggregates, the access log; no client-level scores;
- ``recovery-contact``: their department's goals, cards and staff;
- ``reporter``: aggregates only (what cron needs);
- ``admin``: schema and roles; a client's own copy and erasure.

Single-user mode: on SQLite, while no grant exists at all, the operating-system user acts as
admin with every role in every department (a one-person SQLite file has no one to keep out; a
shared SQLite file has no access control at all). On PostgreSQL the owner of the tables (or a
superuser) is not restricted, because the server does not restrict it either; every other login
is limited by the server's grants and row-level security *and* by these checks.
"""

from __future__ import annotations

import getpass
import hashlib
import hmac
from dataclasses import dataclass, field
from datetime import datetime

from recoverykit.errors import AccessDenied
from recoverykit.i18n import Msg, t
from recoverykit.store import access as q
from recoverykit.store.connection import Connection, Database

ROLES = ("leader", "clinician", "recovery-contact", "reporter", "admin")
ALL = "*"
__all__ = ["AccessDenied", "Actor", "actor", "log", "log_read", "require_client_access"]


def now() -> datetime:
    """The time of an access, in Europe/Oslo, without a zone (as the log stores it)."""
    from recoverykit import clock

    return clock.local_now()


def os_login() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no user name in the environment or the password database
        return "unknown"


@dataclass(frozen=True)
class Actor:
    login: str
    roles: frozenset[str]
    departments: dict[str, frozenset[int | None]] = field(default_factory=dict)
    unrestricted: bool = False  # single-user mode on SQLite, or the table owner on PostgreSQL
    staff_name: str | None = None
    staff_key: str | None = None

    def has(self, *roles: str) -> bool:
        return self.unrestricted or bool(self.roles & set(roles))

    def in_department(self, role: str, department_id: int) -> bool:
        if self.unrestricted:
            return True
        depts = self.departments.get(role, frozenset())
        return None in depts or department_id in depts

    def describe_roles(self) -> str:
        return ", ".join(sorted(self.roles)) or "–"


def actor(db: Database, conn: Connection | None = None) -> Actor:
    """The acting login and its roles, read once per store."""
    cached = getattr(db, "actor", None)
    if isinstance(cached, Actor):
        return cached
    if conn is None:
        with db.read() as c:
            found = _resolve(c)
    else:
        found = _resolve(conn)
    db.actor = found
    return found


def _resolve(conn: Connection) -> Actor:
    if conn.is_sqlite:
        login = os_login()
        unrestricted = not q.any_grant(conn=conn)
    else:
        login = q.database_login(conn=conn)
        unrestricted = q.is_table_owner(conn=conn)
    roles: set[str] = set()
    depts: dict[str, set[int | None]] = {}
    for g in q.grants_of(conn=conn, login=login):
        roles.add(g["role"])
        depts.setdefault(g["role"], set()).add(g["department_id"])
    if unrestricted:
        roles = set(ROLES)
    staff = q.staff_for_login(conn=conn, login=login)
    return Actor(
        login=login,
        roles=frozenset(roles),
        departments={k: frozenset(v) for k, v in depts.items()},
        unrestricted=unrestricted,
        staff_name=None if staff is None else str(staff["name"]),
        staff_key=None if staff is None else str(staff["name_key"]),
    )


def denied(who: Actor, what: Msg) -> AccessDenied:
    return AccessDenied(
        t(
            "ingen tilgang: {l} ({r}) kan ikke {w}",
            "access denied: {l} ({r}) may not {w}",
            l=who.login,
            r=who.describe_roles(),
            w=str(what),
        )
    )


def require_role(db: Database, what: Msg, *roles: str, conn: Connection | None = None) -> Actor:
    """The actor, if it holds one of ``roles``; else :class:`AccessDenied`."""
    who = actor(db, conn)
    if not who.has(*roles):
        raise denied(who, what)
    return who


def require_client_access(
    db: Database, conn: Connection, department_id: int, what: Msg, *, also: tuple[str, ...] = ()
) -> Actor:
    """Client-level data: a clinician of the client's department (or one of ``also``)."""
    who = actor(db, conn)
    if who.in_department("clinician", department_id) or who.has(*also):
        return who
    raise denied(who, what)


def client_departments(who: Actor) -> frozenset[int | None] | None:
    """The departments whose clients the actor may list (``None``: all)."""
    if who.unrestricted:
        return None
    depts = who.departments.get("clinician", frozenset())
    return None if None in depts else depts


# --- the log ------------------------------------------------------------------------------------


def client_ref(conn: Connection, code_key: str) -> str:
    """The one-way, keyed hash that names a client in the log (never the code itself)."""
    return client_refs(conn, [code_key])[code_key]


def client_refs(conn: Connection, code_keys: list[str]) -> dict[str, str]:
    """:func:`client_ref` of each key. On PostgreSQL the server computes them (``rk_client_ref``)
    and only the owner can read the key; on SQLite (no access control) recoverykit does."""
    if not conn.is_sqlite:
        return q.pg_client_refs(conn=conn, code_keys=code_keys)
    key = q.get_key(conn=conn)
    if not key:
        from recoverykit.errors import StorageError

        raise StorageError(
            t(
                "nøkkelen til tilgangsloggen mangler i databasen (setting «access.key»)",
                "the access log's key is missing from the database (setting 'access.key')",
            )
        )
    return {
        k: hmac.new(key.encode(), k.encode(), hashlib.sha256).hexdigest()[:32] for k in code_keys
    }


def log(
    db: Database,
    conn: Connection,
    action: str,
    *,
    client_key: str | None = None,
    department: str | None = None,
    rows: int | None = None,
    path: str | None = None,
    detail: str | None = None,
) -> None:
    """Append one entry, inside the caller's write transaction."""
    who = actor(db, conn)
    q.append_log(
        conn=conn,
        at=now(),
        login=who.login,
        action=action,
        client_ref=None if client_key is None else client_ref(conn, client_key),
        department=department,
        rows=rows,
        path=path,
        detail=detail,
    )


def log_read(
    db: Database,
    action: str,
    *,
    client_key: str | None = None,
    department: str | None = None,
    rows: int | None = None,
    path: str | None = None,
    detail: str | None = None,
) -> None:
    """Log a read in its own write transaction, before what was read is shown."""
    with db.write() as conn:
        log(
            db,
            conn,
            action,
            client_key=client_key,
            department=department,
            rows=rows,
            path=path,
            detail=detail,
        )
