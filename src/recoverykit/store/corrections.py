"""The corrections' history: what was changed or removed, before and after, by whom and when."""

from __future__ import annotations

from typing import Any

from recoverykit.store.connection import Connection, Row


def insert_correction(
    *,
    conn: Connection,
    kind: str,
    action: str,
    target: str,
    before_json: str | None,
    after_json: str | None,
    actor: str,
) -> int:
    from recoverykit import clock

    return conn.insert(
        "INSERT INTO correction (kind, action, target, before_json, after_json, actor, at) "
        "VALUES (:kind, :action, :target, :before, :after, :actor, :at)",
        {
            "at": clock.utc_now(),
            "kind": kind,
            "action": action,
            "target": target[:200],
            "before": before_json,
            "after": after_json,
            "actor": actor[:120],
        },
    )


def list_corrections(*, conn: Connection, kind: str | None = None) -> list[Row]:
    where = "" if kind is None else "WHERE kind = :kind "
    params: dict[str, Any] = {} if kind is None else {"kind": kind}
    return conn.execute(
        "SELECT id, at, actor, kind, action, target, before_json, after_json FROM correction "
        f"{where}ORDER BY id",
        params,
    )
