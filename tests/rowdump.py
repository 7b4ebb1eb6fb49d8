"""Proof that nothing was written: every row of the plans/goals/sharing/staff tables."""

from __future__ import annotations

from typing import Any

TABLES = (
    "department", "setting", "plan", "focus_area", "measure", "measure_event",
    "department_goal", "goal_reading", "goal_share", "share", "staff", "staff_activity",
    "correction",
)  # fmt: skip


def dump(db_url: str) -> dict[str, list[dict[str, Any]]]:
    from recoverykit.services.store import open_store

    db = open_store(db_url)
    try:
        with db.read() as conn:
            return {t: conn.execute(f"SELECT * FROM {t} ORDER BY 1") for t in TABLES}
    finally:
        db.close()
