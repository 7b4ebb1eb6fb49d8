"""Department queries: keyword-only, taking the open connection as ``conn=``."""

from __future__ import annotations

from typing import Any

from recoverykit.store.aggregates import Aggregate, run
from recoverykit.store.connection import Connection, Row

_COLUMNS = "id, code, name, recovery_contact"


def list_departments(*, conn: Connection) -> list[Row]:
    return conn.execute(f"SELECT {_COLUMNS} FROM department ORDER BY code_key")


def count_departments(*, conn: Connection) -> int:
    return int(conn.scalar("SELECT count(*) FROM department") or 0)


def get_by_code_key(*, conn: Connection, code_key: str) -> Row | None:
    return conn.one(f"SELECT {_COLUMNS} FROM department WHERE code_key = :k", {"k": code_key})


def insert_department(
    *, conn: Connection, code: str, code_key: str, name: str, recovery_contact: str | None
) -> int:
    return conn.insert(
        "INSERT INTO department (code, code_key, name, recovery_contact) "
        "VALUES (:code, :code_key, :name, :contact)",
        {"code": code, "code_key": code_key, "name": name, "contact": recovery_contact},
    )


def update_department(*, conn: Connection, department_id: int, **values: Any) -> None:
    allowed = {"code", "code_key", "name", "recovery_contact"}
    sets = [f"{key} = :{key}" for key in values if key in allowed]
    if not sets:
        return
    conn.execute(
        f"UPDATE department SET {', '.join(sets)} WHERE id = :id",
        {**{k: v for k, v in values.items() if k in allowed}, "id": department_id},
    )


def delete_department(*, conn: Connection, department_id: int) -> None:
    conn.execute("DELETE FROM department WHERE id = :id", {"id": department_id})


def count_references(*, conn: Connection, department_id: int) -> dict[str, int]:
    """Rows in other tables that refer to the department, by table (from the declared schema)."""
    from recoverykit.store.schema import metadata

    counts: dict[str, int] = {}
    for table in metadata.sorted_tables:
        for fk in table.foreign_keys:
            if fk.column.table.name == "department" and fk.column.name == "id":
                column = fk.parent.name
                n = conn.scalar(
                    f"SELECT count(*) FROM {table.name} WHERE {column} = :id",
                    {"id": department_id},
                )
                if n:
                    counts[table.name] = counts.get(table.name, 0) + int(n)
    return counts


UNIT_SIZE = Aggregate(
    "unit_size",
    "SELECT (SELECT count(*) FROM department) AS d, (SELECT count(*) FROM plan) AS p, "
    "(SELECT count(*) FROM fit_episode) AS f",
    (),
)


def unit_is_empty(*, conn: Connection) -> bool:
    """True when the unit has no departments, no plans and no FIT episodes: nothing to report."""
    (row,) = run(conn, UNIT_SIZE, {})
    return not (int(row["d"]) or int(row["p"]) or int(row["f"]))


def id_by_code(*, conn: Connection, code: str) -> int:
    """The id of the department with exactly this code (the code as stored)."""
    return int(conn.scalar("SELECT id FROM department WHERE code = :c", {"c": code}))
