"""Staff, reading/course records and competence requirements: keyword-only, ``conn=``."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from recoverykit.store.connection import Connection, Row

if TYPE_CHECKING:
    from recoverykit.domain.coverage import Requirement

REQUIREMENTS_KEY = "staff.requirements"
_STAFF = (
    "s.id, s.name, s.department_id, d.code AS dept_code, d.name AS dept_name, s.role, "
    "s.peer_worker, s.started_on, s.left_on"
)


def get_by_name_key(*, conn: Connection, name_key: str) -> Row | None:
    return conn.one(
        f"SELECT {_STAFF} FROM staff s JOIN department d ON d.id = s.department_id "
        "WHERE s.name_key = :k",
        {"k": name_key},
    )


def insert_staff(
    *,
    conn: Connection,
    name: str,
    name_key: str,
    department_id: int,
    role: str | None,
    peer_worker: bool,
    started_on: date | None,
) -> int:
    return conn.insert(
        "INSERT INTO staff (name, name_key, department_id, role, peer_worker, started_on) "
        "VALUES (:name, :key, :d, :role, :peer, :started)",
        {
            "name": name,
            "key": name_key,
            "d": department_id,
            "role": role,
            "peer": peer_worker,
            "started": started_on,
        },
    )


def set_left(*, conn: Connection, staff_id: int, left_on: date) -> None:
    conn.execute("UPDATE staff SET left_on = :d WHERE id = :id", {"d": left_on, "id": staff_id})


def list_staff(*, conn: Connection, department_id: int | None = None) -> list[Row]:
    where = "" if department_id is None else "WHERE s.department_id = :d "
    return conn.execute(
        f"SELECT {_STAFF} FROM staff s JOIN department d ON d.id = s.department_id "
        f"{where}ORDER BY d.code_key, s.name_key",
        {} if department_id is None else {"d": department_id},
    )


def insert_activity(*, conn: Connection, staff_id: int, kind: str, item: str, done_on: date) -> int:
    return conn.insert(
        "INSERT INTO staff_activity (staff_id, kind, item, done_on) VALUES (:s, :kind, :item, :on)",
        {"s": staff_id, "kind": kind, "item": item, "on": done_on},
    )


def activities(*, conn: Connection, staff_id: int | None = None) -> list[Row]:
    where = "" if staff_id is None else "WHERE staff_id = :s "
    return conn.execute(
        f"SELECT staff_id, kind, item, done_on FROM staff_activity {where}ORDER BY done_on, id",
        {} if staff_id is None else {"s": staff_id},
    )


def get_setting(*, conn: Connection, key: str) -> str | None:
    value = conn.scalar("SELECT value FROM setting WHERE key = :k", {"k": key})
    return None if value is None else str(value)


def put_setting(*, conn: Connection, key: str, value: str) -> None:
    conn.execute("DELETE FROM setting WHERE key = :k", {"k": key})
    conn.execute("INSERT INTO setting (key, value) VALUES (:k, :v)", {"k": key, "v": value})


def load_requirements(conn: Connection) -> list[Requirement]:
    """The unit's competence requirements (the default booklet when none are set): the one
    loader, for ``staff`` and the reports alike."""
    import json

    from recoverykit.domain.coverage import DEFAULT_REQUIREMENTS, ActivityKind, Requirement

    raw = get_setting(conn=conn, key=REQUIREMENTS_KEY)
    if raw is None:
        return list(DEFAULT_REQUIREMENTS)
    return [Requirement(ActivityKind(r["kind"]), r["item"]) for r in json.loads(raw)]


def report_staff(*, conn: Connection, end: date, department_id: int | None) -> list[Row]:
    where = "" if department_id is None else " AND s.department_id = :dept"
    return conn.execute(
        "SELECT s.id, s.name, d.code, s.started_on, s.left_on FROM staff s "
        "JOIN department d ON d.id = s.department_id "
        f"WHERE (s.started_on IS NULL OR s.started_on <= :end){where} ORDER BY s.id",
        {"end": end, "dept": department_id},
    )


def report_activities(*, conn: Connection, end: date, department_id: int | None) -> list[Row]:
    where = "" if department_id is None else " AND s.department_id = :dept"
    return conn.execute(
        "SELECT a.staff_id, a.kind, a.item, a.done_on FROM staff_activity a "
        "JOIN staff s ON s.id = a.staff_id "
        f"WHERE a.done_on <= :end{where} ORDER BY a.id",
        {"end": end, "dept": department_id},
    )


def count_activities(*, conn: Connection, staff_id: int) -> int:
    return int(
        conn.scalar("SELECT count(*) FROM staff_activity WHERE staff_id = :s", {"s": staff_id}) or 0
    )


def delete_staff(*, conn: Connection, staff_id: int) -> None:
    """A staff member with their readings and courses."""
    conn.execute("DELETE FROM staff_activity WHERE staff_id = :s", {"s": staff_id})
    conn.execute("DELETE FROM staff WHERE id = :s", {"s": staff_id})


def update_staff(*, conn: Connection, staff_id: int, values: dict[str, object]) -> None:
    sets = ", ".join(f"{k} = :{k}" for k in values)
    conn.execute(f"UPDATE staff SET {sets} WHERE id = :id", {**values, "id": staff_id})


def rename_clinician(*, conn: Connection, old_key: str, name: str, key: str) -> None:
    """Clients registered to a clinician (by name key) follow the staff member's new name."""
    conn.execute(
        "UPDATE fit_client SET clinician = :name, clinician_key = :key WHERE clinician_key = :old",
        {"name": name, "key": key, "old": old_key},
    )


def count_clinician(*, conn: Connection, key: str) -> int:
    return int(
        conn.scalar("SELECT count(*) FROM fit_client WHERE clinician_key = :k", {"k": key}) or 0
    )


def register_clinicians(*, conn: Connection, clinicians: dict[str, tuple[str, int]]) -> int:
    """Clinician names (name key -> (name, department id)) that are no staff member yet become
    staff members of that department, as ``fit client add`` makes them; returns how many."""
    known = {str(r["name_key"]) for r in conn.execute("SELECT name_key FROM staff")}
    added = 0
    for key, (name, dept) in sorted(clinicians.items()):
        if key not in known:
            conn.execute(
                "INSERT INTO staff (name, name_key, department_id, peer_worker) "
                "VALUES (:n, :k, :d, :p)",
                {"n": name, "k": key, "d": dept, "p": False},
            )
            added += 1
    return added
