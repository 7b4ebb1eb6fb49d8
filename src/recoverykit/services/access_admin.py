"""``access grant|revoke|list``, staff logins (``staff add|set --login``) and settling clinician
names that match no staff member (``staff resolve``)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from recoverykit.domain.text import NAME_MAX, clean_text, match_key, optional_text
from recoverykit.errors import Conflict, Field, InvalidInput, NotFound
from recoverykit.i18n import t
from recoverykit.services import access
from recoverykit.services.departments import require_department
from recoverykit.services.staff import StaffView, require_staff
from recoverykit.store import access as q
from recoverykit.store import staff as staff_q
from recoverykit.store.connection import Connection, Database, Row

_LOGIN = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.@-]{0,62}$")


def check_login(conn: Connection, login: str | None, field: str = "LOGIN") -> str:
    """A login that can exist: 1–63 letters, digits, ``_ . @ -``; on PostgreSQL it must exist."""
    value = (login or "").strip()
    if not _LOGIN.match(value):
        raise InvalidInput(
            field,
            t(
                "«{v}» er ikke et gyldig brukernavn (1–63 tegn: bokstaver, tall, _ . @ -)",
                "'{v}' is not a valid login (1–63 characters: letters, digits, _ . @ -)",
                v=value,
            ),
        )
    if not conn.is_sqlite and not q.login_exists(conn=conn, login=value):
        raise NotFound(
            field,
            t(
                "det finnes ingen databasebruker «{v}»; opprett den først (CREATE ROLE … LOGIN)",
                "there is no database login '{v}'; create it first (CREATE ROLE … LOGIN)",
                v=value,
            ),
        )
    return value


def check_role(role: str) -> str:
    if role not in access.ROLES:
        raise InvalidInput(
            Field("role"),
            t(
                "«{v}» er ikke en rolle; velg {a}",
                "'{v}' is not a role; choose {a}",
                v=role,
                a=" | ".join(access.ROLES),
            ),
        )
    return role


def _admin(db: Database, conn: Connection) -> access.Actor:
    return access.require_role(db, t("endre tilganger", "change access rights"), "admin", conn=conn)


def _apply(conn: Connection, login: str) -> None:
    if not conn.is_sqlite:
        roles = {str(g["role"]) for g in q.grants_of(conn=conn, login=login)}
        q.pg_apply_privileges(conn=conn, login=login, roles=roles)


@dataclass(frozen=True)
class GrantResult:
    login: str
    role: str
    departments: tuple[str, ...]
    self_admin: bool  # the acting login was made admin too (the first grant on SQLite)


def grant(db: Database, login: str, role: str, departments: list[str]) -> GrantResult:
    check_role(role)
    with db.write() as conn:
        who = _admin(db, conn)
        name = check_login(conn, login)
        depts = [require_department(conn, d, Field("dept")) for d in departments]
        self_admin = False
        if (
            conn.is_sqlite
            and not q.any_grant(conn=conn)
            and not (name == who.login and role == "admin")
        ):
            # Leaving single-user mode: the one who turns access control on keeps admin.
            q.insert_grant(conn=conn, login=who.login, role="admin", department_id=None)
            self_admin = True
        targets: list[int | None] = [d.id for d in depts] or [None]
        for dept_id in targets:
            if not q.grant_exists(conn=conn, login=name, role=role, department_id=dept_id):
                q.insert_grant(conn=conn, login=name, role=role, department_id=dept_id)
        _apply(conn, name)
        access.log(
            db, conn, "access.grant", detail=f"{name} {role} {','.join(d.code for d in depts)}"
        )
    return GrantResult(name, role, tuple(d.code for d in depts), self_admin)


def revoke(db: Database, login: str, role: str | None) -> int:
    if role is not None:
        check_role(role)
    with db.write() as conn:
        _admin(db, conn)
        name = check_login(conn, login) if not conn.is_sqlite else (login or "").strip()
        n = q.delete_grants(conn=conn, login=name, role=role)
        if n == 0:
            raise NotFound(
                "LOGIN",
                t("«{l}» har ingen slik tilgang", "'{l}' has no such access", l=name),
            )
        if conn.is_sqlite and q.any_grant(conn=conn):
            admins = [g for g in q.all_grants(conn=conn) if g["role"] == "admin"]
            if not admins:
                raise Conflict(
                    "LOGIN",
                    t(
                        "kan ikke fjerne den siste administratoren",
                        "cannot remove the last admin",
                    ),
                )
        _apply(conn, name)
        access.log(db, conn, "access.revoke", detail=f"{name} {role or '*'}")
    return n


@dataclass(frozen=True)
class AccessListing:
    backend: str
    login: str
    single_user: bool
    unrestricted: bool
    grants: list[Row]
    unresolved: list[str]


def listing(db: Database) -> AccessListing:
    with db.read() as conn:
        who = access.actor(db, conn)
        rows = q.all_grants(conn=conn)
        unresolved = unresolved_clinicians(conn)
        single = conn.is_sqlite and not rows
    return AccessListing(
        "sqlite" if db.is_sqlite else "postgresql",
        who.login,
        single,
        who.unrestricted,
        rows,
        unresolved,
    )


# --- staff logins and clinician names -------------------------------------------------------------


def unresolved_clinicians(conn: Connection) -> list[str]:
    from recoverykit.store import fit as q

    return q.unresolved_clinicians(conn=conn)


def set_staff(
    db: Database,
    name: str,
    *,
    new_name: str | None = None,
    dept: str | None = None,
    role: str | None = None,
    peer_worker: bool | None = None,
    started: str | None = None,
    login: str | None = None,
    no_login: bool = False,
) -> StaffView:
    """``staff set``: change a staff member's name, department, role, peer-worker mark, start
    date or login. A new name follows the staff member onto their FIT clients."""
    from recoverykit.domain.dates import parse_date

    values: dict[str, object] = {}
    clean_name = (
        None if new_name is None else clean_text(Field("name"), new_name, max_length=NAME_MAX)
    )
    if clean_name is not None:
        values["name"] = clean_name
        values["name_key"] = match_key(clean_name)
    if role is not None:
        values["role"] = optional_text(Field("role"), role, max_length=NAME_MAX)
    if peer_worker is not None:
        values["peer_worker"] = peer_worker
    if started is not None:
        values["started_on"] = parse_date(Field("started"), started)
    if login is not None and no_login:
        raise InvalidInput(
            Field("login"), t("kan ikke brukes med --no-login", "conflicts with --no-login")
        )
    with db.write() as conn:
        s = require_staff(conn, name)
        if login is not None or no_login:
            _admin(db, conn)
            values["login"] = None if no_login else check_login(conn, login, Field("login"))
            if values["login"] is not None:
                other = q.staff_for_login(conn=conn, login=str(values["login"]))
                if other is not None and int(other["id"]) != s.id:
                    raise Conflict(
                        Field("login"),
                        t(
                            "«{l}» er allerede knyttet til {n}",
                            "'{l}' is already tied to {n}",
                            l=values["login"],
                            n=other["name"],
                        ),
                    )
        if dept is not None:
            values["department_id"] = require_department(conn, dept, Field("dept")).id
        if (
            clean_name is not None
            and match_key(clean_name) != match_key(s.name)
            and staff_q.get_by_name_key(conn=conn, name_key=match_key(clean_name)) is not None
        ):
            raise Conflict(
                Field("name"),
                t("«{n}» finnes allerede", "'{n}' already exists", n=clean_name),
            )
        if not values:
            raise InvalidInput(
                "NAME",
                t(
                    "ingenting å endre; gi f.eks. --login, --name, --dept eller --role",
                    "nothing to change; give e.g. --login, --name, --dept or --role",
                ),
            )
        staff_q.update_staff(conn=conn, staff_id=s.id, values=values)
        if clean_name is not None:
            staff_q.rename_clinician(
                conn=conn, old_key=match_key(s.name), name=clean_name, key=match_key(clean_name)
            )
        access.log(db, conn, "staff.set", detail=f"{s.name}: {', '.join(sorted(values))}")
        return require_staff(conn, clean_name or s.name)


def resolve_clinician(db: Database, spelling: str, staff_name: str) -> tuple[StaffView, int]:
    """Clients registered to ``spelling`` (a clinician name that matches no staff member) are
    moved to the staff member ``staff_name``."""
    text = clean_text("SPELLING", spelling, max_length=NAME_MAX)
    with db.write() as conn:
        s = require_staff(conn, staff_name, Field("as"))
        n = staff_q.count_clinician(conn=conn, key=match_key(text))
        if n == 0:
            raise NotFound(
                "SPELLING",
                t(
                    "ingen klienter er registrert på «{c}»",
                    "no clients are registered to '{c}'",
                    c=text,
                ),
            )
        staff_q.rename_clinician(
            conn=conn, old_key=match_key(text), name=s.name, key=match_key(s.name)
        )
        access.log(db, conn, "staff.resolve", rows=n, detail=f"{text} -> {s.name}")
    return s, n


def check_new_login(db: Database, login: str) -> str:
    """Before ``staff add --login``: the login is valid, free, and the actor may set it."""
    with db.read() as conn:
        _admin(db, conn)
        name = check_login(conn, login, Field("login"))
        other = q.staff_for_login(conn=conn, login=name)
        if other is not None:
            raise Conflict(
                Field("login"),
                t(
                    "«{l}» er allerede knyttet til {n}",
                    "'{l}' is already tied to {n}",
                    l=name,
                    n=other["name"],
                ),
            )
    return name
