"""Department use cases."""

from __future__ import annotations

from dataclasses import dataclass

from recoverykit.domain import departments as rules
from recoverykit.domain.text import optional_text
from recoverykit.errors import Conflict, Field, NotFound
from recoverykit.i18n import t
from recoverykit.store import departments as q
from recoverykit.store.connection import Connection, Database, Row


@dataclass(frozen=True)
class DepartmentView:
    id: int
    code: str
    name: str
    recovery_contact: str | None

    @classmethod
    def from_row(cls, row: Row) -> DepartmentView:
        return cls(row["id"], row["code"], row["name"], row["recovery_contact"])


def require_department(conn: Connection, code: str, field: str = "DEPT") -> DepartmentView:
    """The department with ``code`` (any case), or NotFound naming ``field``."""
    row = q.get_by_code_key(conn=conn, code_key=rules.code_key(code))
    if row is None:
        raise NotFound(
            field,
            t(
                "ingen avdeling med kode «{c}»; se «recoverykit dept list»",
                "no department with code '{c}'; see 'recoverykit dept list'",
                c=code.strip(),
            ),
        )
    return DepartmentView.from_row(row)


def add_department(
    db: Database, code: str, name: str, recovery_contact: str | None = None
) -> DepartmentView:
    clean_code = rules.clean_code(code)
    clean_name = rules.clean_name(name)
    contact = optional_text(Field("recovery_contact"), recovery_contact, max_length=120)
    with db.write() as conn:
        if q.get_by_code_key(conn=conn, code_key=rules.code_key(clean_code)) is not None:
            raise Conflict(
                "CODE",
                t(
                    "avdelingen «{c}» finnes allerede",
                    "department '{c}' already exists",
                    c=clean_code,
                ),
            )
        new_id = q.insert_department(
            conn=conn,
            code=clean_code,
            code_key=rules.code_key(clean_code),
            name=clean_name,
            recovery_contact=contact,
        )
    return DepartmentView(new_id, clean_code, clean_name, contact)


def list_departments(db: Database) -> list[DepartmentView]:
    with db.read() as conn:
        return [DepartmentView.from_row(r) for r in q.list_departments(conn=conn)]


def set_department(
    db: Database,
    code: str,
    *,
    new_code: str | None = None,
    name: str | None = None,
    recovery_contact: str | None = None,
    clear_recovery_contact: bool = False,
) -> DepartmentView:
    changes: dict[str, str | None] = {}
    if new_code is not None:
        changes["code"] = rules.clean_code(new_code, Field("code"))
        changes["code_key"] = rules.code_key(changes["code"] or "")
    if name is not None:
        changes["name"] = rules.clean_name(name, Field("name"))
    if recovery_contact is not None and clear_recovery_contact:
        raise Conflict(
            Field("recovery_contact"),
            t(
                "kan ikke brukes sammen med --clear-recovery-contact",
                "cannot be combined with --clear-recovery-contact",
            ),
        )
    if recovery_contact is not None:
        changes["recovery_contact"] = rules.clean_person_name(
            recovery_contact, Field("recovery_contact")
        )
    if clear_recovery_contact:
        changes["recovery_contact"] = None
    if not changes:
        raise Conflict(
            "dept set",
            t(
                "ingenting å endre; gi --code, --name, --recovery-contact "
                "eller --clear-recovery-contact",
                "nothing to change; give --code, --name, --recovery-contact "
                "or --clear-recovery-contact",
            ),
        )
    with db.write() as conn:
        current = require_department(conn, code, "CODE")
        key = changes.get("code_key")
        taken = key is not None and key != rules.code_key(current.code)
        if taken and q.get_by_code_key(conn=conn, code_key=key or "") is not None:
            raise Conflict(
                Field("code"),
                t(
                    "avdelingen «{c}» finnes allerede",
                    "department '{c}' already exists",
                    c=changes["code"] or "",
                ),
            )
        q.update_department(conn=conn, department_id=current.id, **changes)
        updated = q.get_by_code_key(
            conn=conn, code_key=key if key is not None else rules.code_key(current.code)
        )
    assert updated is not None
    return DepartmentView.from_row(updated)


def remove_department(db: Database, code: str) -> DepartmentView:
    """Remove a department; refused while anything refers to it."""
    with db.write() as conn:
        current = require_department(conn, code, "CODE")
        refs = q.count_references(conn=conn, department_id=current.id)
        if refs:
            detail = ", ".join(f"{table}: {n}" for table, n in sorted(refs.items()))
            raise Conflict(
                "CODE",
                t(
                    "avdelingen «{c}» er i bruk ({d}) og kan ikke fjernes",
                    "department '{c}' is in use ({d}) and cannot be removed",
                    c=current.code,
                    d=detail,
                ),
            )
        q.delete_department(conn=conn, department_id=current.id)
    return current
