"""The unit's own expected-response table: fitted from closed episodes, stored, shown.

The table is stored as one row (``ExpectedTable.to_mapping`` as JSON) and read by ``fit record``
and ``fit show``; it is never recomputed from all episodes per record. It is refitted when an
episode closes (in a unit whose table already rests on more than ``REFIT_DAILY_FROM`` episodes at
most once a day, since one more episode barely moves it and a refit reads every closed
episode) and on ``fit expected --refit``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime

from recoverykit.domain.fit import expected as fit_expected
from recoverykit.domain.fit.expected import ExpectedTable
from recoverykit.domain.fit.settings import FitSettings
from recoverykit.i18n import t
from recoverykit.services.fit import load_expected, load_settings
from recoverykit.store import fit as q
from recoverykit.store.connection import Database

REFIT_DAILY_FROM = 1000


@dataclass(frozen=True)
class ExpectedView:
    table: ExpectedTable | None
    fitted_at: datetime | None
    settings: FitSettings
    closed_episodes: int  # closed episodes now (the table may predate some)


def refit(db: Database, now: datetime | None = None) -> ExpectedTable:
    """Fit the table from every closed episode and store it."""
    if sees_part_of_unit(db):
        from recoverykit.errors import AccessDenied

        raise AccessDenied(
            t(
                "ingen tilgang: på PostgreSQL ser denne brukeren bare sine avdelingers forløp; "
                "tilpasningen kjøres av eieren av databasen",
                "access denied: on PostgreSQL this login sees only its departments' episodes; "
                "the database owner runs the refit",
            )
        )
    with db.read() as conn:
        settings = load_settings(conn)
        table = fit_expected.fit(
            q.closed_episode_scores(conn=conn, max_session=settings.expected_max_session),
            settings,
        )
    with db.write() as conn:
        q.put_expected(
            conn=conn,
            table_json=json.dumps(table.to_mapping()),
            episodes=table.episodes,
            fitted_at=(now or datetime.now()).replace(microsecond=0),
        )
    return table


def sees_part_of_unit(db: Database) -> bool:
    """On PostgreSQL, a login that is not the owner sees only its departments' rows."""
    from recoverykit.services.access import actor

    return not db.is_sqlite and not actor(db).unrestricted


def refit_after_close(db: Database, today: date) -> bool:
    """Refit after an episode closed, unless a large table was already refitted today."""
    if sees_part_of_unit(db):
        return False  # row-level security: a refit from one login's departments would be wrong
    with db.read() as conn:
        row = q.get_expected(conn=conn)
    if row is not None and int(row["episodes"]) >= REFIT_DAILY_FROM:
        fitted = row["fitted_at"]
        fitted_day = (
            fitted.date() if isinstance(fitted, datetime) else date.fromisoformat(str(fitted)[:10])
        )
        if fitted_day >= today:
            return False
    refit(db)
    return True


def show_expected(db: Database, *, do_refit: bool = False) -> ExpectedView:
    if do_refit:
        refit(db)
    with db.read() as conn:
        settings = load_settings(conn)
        row = q.get_expected(conn=conn)
        table = load_expected(conn)
        closed = q.count_closed_episodes(conn=conn)
    fitted = None
    if row is not None:
        value = row["fitted_at"]
        fitted = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    return ExpectedView(table, fitted, settings, closed)
