"""Loading a synthetic unit (demo, benchmarks) at stdlib speed: ``executemany`` in the caller's
one write transaction, ids assigned here, no per-row round trips.

Use inside ``db.write()``::

    with db.write() as conn:
        bulk_insert_synthetic(conn=conn, unit=generate(seed=1, clients=300))
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from recoverykit.domain.fit.scoring import CloseReason
from recoverykit.domain.fit.settings import FitSettings
from recoverykit.domain.fit.synthetic import SyntheticUnit
from recoverykit.domain.text import match_key
from recoverykit.store.connection import Connection

BATCH = 20_000
SESSIONS_PER_CLIENT = 6  # about what the generator makes; only decides the index rebuild
CLOSE_REASONS = {"completed": CloseReason.PLANNED.value, "dropout": CloseReason.DROPPED_OUT.value}


@dataclass(frozen=True)
class BulkCounts:
    departments_added: int
    clients: int
    episodes: int
    sessions: int


def srs_alert_flag(
    items: Sequence[float], total: float, previous_total: float | None, s: FitSettings
) -> bool:
    """Whether ``domain.fit.alerts.srs_alerts`` would raise any alert (without building the
    messages: this runs once per session when a million are loaded)."""
    return srs_alert_check(s)(items, total, previous_total)


def srs_alert_check(
    s: FitSettings,
) -> Callable[[Sequence[float], float, float | None], bool]:
    """:func:`srs_alert_flag` with the settings read once (it runs once per imported session)."""
    total_alert, total_below = s.srs_total_alert, s.srs_total_below
    drop_alert, drop_min = s.srs_drop_alert, s.srs_drop_min
    item_alert, item_below = s.srs_item_alert, s.srs_item_below

    def check(items: Sequence[float], total: float, previous_total: float | None) -> bool:
        if total_alert and total < total_below:
            return True
        if (
            drop_alert
            and previous_total is not None
            and round(previous_total - total, 1) >= drop_min
        ):
            return True
        return item_alert and min(items) < item_below

    return check


def _many(
    conn: Connection, table: str, columns: Sequence[str], rows: list[tuple[Any, ...]]
) -> None:
    """executemany on SQLite, COPY on PostgreSQL (the import's fast path)."""
    from recoverykit.store.fit_import import insert_rows

    insert_rows(conn, table, columns, rows)


def _next_id(conn: Connection, table: str) -> int:
    return int(conn.scalar(f"SELECT coalesce(max(id), 0) FROM {table}") or 0) + 1


def _departments(
    conn: Connection, unit: SyntheticUnit, mapping: Mapping[str, str] | None
) -> tuple[dict[str, int], int]:
    ids: dict[str, int] = {}
    added = 0
    for dept in unit.departments:
        code = (mapping or {}).get(dept.code, dept.code)
        key = match_key(code)
        found = conn.scalar("SELECT id FROM department WHERE code_key = :k", {"k": key})
        if found is None:
            found = conn.insert(
                "INSERT INTO department (code, code_key, name) VALUES (:c, :k, :n)",
                {"c": code, "k": key, "n": dept.name},
            )
            added += 1
        ids[dept.code] = int(found)
    return ids, added


def bulk_insert_synthetic(
    *,
    conn: Connection,
    unit: SyntheticUnit,
    departments: Mapping[str, str] | None = None,
    settings: FitSettings | None = None,
) -> BulkCounts:
    """Insert ``unit``'s clients, episodes and sessions. ``departments`` maps the synthetic
    department codes (``A01``…) to existing department codes; unmapped or missing ones are
    created. SRS alerts are flagged under ``settings`` (default: the defaults)."""
    from recoverykit.store.fit_import import bulk_finish, bulk_prepare

    s = settings or FitSettings()
    srs_alert = srs_alert_check(s)
    dept_ids, added = _departments(conn, unit, departments)
    rebuilt = bulk_prepare(conn, unit.client_count * SESSIONS_PER_CLIENT)
    sqlite = conn.is_sqlite

    def day(value: date) -> Any:
        return value.isoformat() if sqlite else value

    client_id = _next_id(conn, "fit_client")
    episode_id = _next_id(conn, "fit_episode")
    session_id = _next_id(conn, "fit_session")
    clients: list[tuple[Any, ...]] = []
    episodes: list[tuple[Any, ...]] = []
    sessions: list[tuple[Any, ...]] = []
    counts = [0, 0, 0]

    def flush(final: bool = False) -> None:
        if len(sessions) >= BATCH or final:
            from recoverykit.store.fit_import import (
                CLIENT_COLUMNS,
                EPISODE_COLUMNS,
                SESSION_COLUMNS,
            )

            _many(conn, "fit_client", CLIENT_COLUMNS, clients)
            _many(conn, "fit_episode", EPISODE_COLUMNS, episodes)
            _many(conn, "fit_session", SESSION_COLUMNS, sessions)
            counts[0] += len(clients)
            counts[1] += len(episodes)
            counts[2] += len(sessions)
            clients.clear()
            episodes.clear()
            sessions.clear()

    clinicians: dict[str, tuple[str, int]] = {}  # name key -> (name, first department)
    for client in unit.clients():
        dept = dept_ids[client.department]
        clinicians.setdefault(match_key(client.clinician), (client.clinician, dept))
        clients.append(
            (
                client_id,
                client.code,
                match_key(client.code),
                dept,
                client.clinician,
                match_key(client.clinician),
                client.age_group,
            )
        )
        for number, ep in enumerate(client.episodes, start=1):
            episodes.append(
                (
                    episode_id,
                    client_id,
                    number,
                    dept,
                    day(ep.sessions[0].on if ep.sessions else ep.started),
                    None if ep.closed_on is None else day(ep.closed_on),
                    None if ep.close_reason is None else CLOSE_REASONS[ep.close_reason],
                )
            )
            previous: float | None = None
            for ses in ep.sessions:
                srs = ses.srs
                if srs is None:
                    alert = False
                    srs_values: Iterable[Any] = (None, None, None, None, None)
                else:
                    assert ses.srs_total is not None
                    alert = srs_alert(srs, ses.srs_total, previous)
                    previous = ses.srs_total
                    srs_values = (*srs, ses.srs_total)
                sessions.append(
                    (
                        session_id,
                        episode_id,
                        dept,
                        ses.number,
                        day(ses.on),
                        ep.rater,
                        *ses.ors,
                        ses.ors_total,
                        *srs_values,
                        alert,
                    )
                )
                session_id += 1
            episode_id += 1
        client_id += 1
        flush()
    flush(final=True)
    bulk_finish(conn, rebuilt)
    from recoverykit.store.staff import register_clinicians

    register_clinicians(conn=conn, clinicians=clinicians)
    if not sqlite:
        for table in ("fit_client", "fit_episode", "fit_session"):
            conn.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"(SELECT coalesce(max(id), 1) FROM {table}))"
            )
    return BulkCounts(added, counts[0], counts[1], counts[2])
