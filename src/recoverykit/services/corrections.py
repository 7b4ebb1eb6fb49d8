"""Keeping corrections in the record: every edit or removal writes what it was before and after,
who did it and when (the ``correction`` table), in the same transaction as the change.

Who: ``RECOVERYKIT_USER`` when set (a shared service account can name the person), else the
operating-system login. When the access log lands (issue 10) it will record the same events.
"""

from __future__ import annotations

import getpass
import json
import os
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from recoverykit.store import corrections as q
from recoverykit.store.connection import Connection, Database, Row

KINDS = (
    "fit_session",
    "fit_client",
    "fit_episode",
    "plan",
    "measure",
    "goal",
    "goal_result",
    "share",
    "staff",
)


def actor() -> str:
    named = os.environ.get("RECOVERYKIT_USER", "").strip()
    if named:
        return named
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return "ukjent"


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    return value


def as_json(values: Mapping[str, Any] | None) -> str | None:
    if values is None:
        return None
    return json.dumps({k: _plain(v) for k, v in values.items()}, ensure_ascii=False, sort_keys=True)


def log(
    conn: Connection,
    kind: str,
    action: str,
    target: str,
    before: Mapping[str, Any] | None,
    after: Mapping[str, Any] | None,
) -> None:
    """Write one history row (inside the caller's write transaction)."""
    q.insert_correction(
        conn=conn,
        kind=kind,
        action=action,
        target=target,
        before_json=as_json(before),
        after_json=as_json(after),
        actor=actor(),
    )


def history(db: Database, kind: str | None = None) -> list[Row]:
    from recoverykit.errors import Field, InvalidInput
    from recoverykit.i18n import t

    if kind is not None and kind not in KINDS:
        raise InvalidInput(
            Field("kind"),
            t(
                "«{v}» er ikke tillatt; velg {a}",
                "'{v}' is not allowed; choose {a}",
                v=kind,
                a=" | ".join(KINDS),
            ),
        )
    with db.read() as conn:
        return q.list_corrections(conn=conn, kind=kind)
