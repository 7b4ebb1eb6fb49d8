"""The unit's own expected-response model: fitted from closed episodes, stored, shown, validated.

What is stored is one row of per-cell sums (``ExpectedStats.to_mapping`` as JSON); the model
itself (``domain.fit.expected.build``) is derived from them at read time, per age group, and for
a closed episode without that episode (leave-one-out). The sums are refitted when an episode
closes (in a unit whose table already rests on more than ``REFIT_DAILY_FROM`` episodes at most
once a day), after a correction in a closed episode, and on ``fit expected --refit``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime

from recoverykit import clock
from recoverykit.domain.fit import change as fit_change
from recoverykit.domain.fit import expected as fit_expected
from recoverykit.domain.fit.expected import ExpectedStats, ExpectedStatus, ExpectedTable
from recoverykit.domain.fit.settings import FitSettings
from recoverykit.i18n import t
from recoverykit.services.fit import load_expected, load_settings
from recoverykit.store import fit as q
from recoverykit.store.connection import Database

REFIT_DAILY_FROM = 1000
VALIDATE_MAX_EPISODES = 2000  # per age group; beyond it, every k-th episode (said in the output)
EARLY_SESSION = 3  # "early" below expected: at the third session


@dataclass(frozen=True)
class ExpectedView:
    tables: tuple[ExpectedTable, ...]  # one per age group with closed episodes (or pooled)
    fitted_at: datetime | None
    settings: FitSettings
    closed_episodes: int  # closed episodes now (the table may predate some)

    @property
    def table(self) -> ExpectedTable | None:
        return self.tables[0] if self.tables else None


def refit(db: Database, now: datetime | None = None) -> ExpectedStats:
    """Collect the sums from every closed episode and store them."""
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
        stats = fit_expected.collect(
            (
                (group, scores)
                for _id, group, scores in q.closed_episode_series(
                    conn=conn, max_session=settings.expected_max_session
                )
            ),
            settings,
        )
    with db.write() as conn:
        q.put_expected(
            conn=conn,
            table_json=json.dumps(stats.to_mapping()),
            episodes=sum(stats.episodes.values()),
            fitted_at=(now or clock.local_now()).replace(microsecond=0),
        )
    return stats


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
        stats = load_expected(conn)
        closed = q.count_closed_episodes(conn=conn)
    fitted = None
    if row is not None and stats is not None:
        value = row["fitted_at"]
        fitted = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    tables: list[ExpectedTable] = []
    if stats is not None:
        groups = [g for g in fit_expected.AGE_GROUPS if stats.episodes.get(g, 0) > 0]
        built = [fit_expected.build(stats, g, settings) for g in groups]
        own = [t for t in built if t.group != fit_expected.POOLED]
        pooled = next((t for t in built if t.group == fit_expected.POOLED), None)
        tables = own + ([pooled] if pooled is not None else [])
        if not tables:
            tables = [fit_expected.build(stats, "adult", settings)]
    return ExpectedView(tuple(tables), fitted, settings, closed)


# --- fit expected --validate -------------------------------------------------------------------


@dataclass(frozen=True)
class GroupValidation:
    """Out-of-sample figures for one age group (each episode judged by a model without it)."""

    group: str
    episodes: int  # closed episodes with at least two ORS
    used: int  # episodes validated (all, or every k-th when there are very many)
    judged: int  # sessions with a usable cell
    below: int  # sessions flagged below expected (not far below)
    far_below: int
    nominal_below: float  # expected share below OR far below
    nominal_far_below: float
    model: str  # "adult"/"adolescent"/"child" or "all" (pooled)
    # Early below expected (at session EARLY_SESSION) against the final outcome (no reliable
    # improvement by the last session): true positives, false negatives, false positives, true
    # negatives; among episodes that reached the early session with a usable cell.
    tp: int
    fn: int
    fp: int
    tn: int

    @property
    def sensitivity(self) -> float | None:
        return None if self.tp + self.fn == 0 else self.tp / (self.tp + self.fn)

    @property
    def specificity(self) -> float | None:
        return None if self.fp + self.tn == 0 else self.tn / (self.fp + self.tn)


def validate(db: Database) -> tuple[GroupValidation, ...]:
    """Judge every closed episode against the model fitted without it (out of sample)."""
    with db.read() as conn:
        settings = load_settings(conn)
        series = [
            (group, scores)
            for _id, group, scores in q.closed_episode_series(
                conn=conn, max_session=settings.expected_max_session
            )
            if len(scores) >= 2
        ]
    stats = fit_expected.collect(series, settings)
    out = []
    for group in fit_expected.AGE_GROUPS:
        mine = [s for g, s in series if g == group]
        if not mine:
            continue
        step = max(1, -(-len(mine) // VALIDATE_MAX_EPISODES))
        chosen = mine[::step]
        judged = below = far = tp = fn = fp = tn = 0
        model = fit_expected.POOLED
        for scores in chosen:
            table = fit_expected.build(stats, group, settings, leave_out=scores)
            model = table.group
            early_flag: bool | None = None
            for k in range(2, len(scores) + 1):
                r = fit_expected.classify(table, scores[0], scores[k - 1], k)
                if r.status is ExpectedStatus.NOT_ENOUGH_DATA:
                    continue
                judged += 1
                far += r.status is ExpectedStatus.FAR_BELOW
                below += r.status is ExpectedStatus.BELOW
                if k == EARLY_SESSION:
                    early_flag = r.status in (ExpectedStatus.BELOW, ExpectedStatus.FAR_BELOW)
            if early_flag is None:
                continue
            final = fit_change.classify(scores, cutoff=settings.cutoff(group), settings=settings)
            poor = not final.improved
            if early_flag and poor:
                tp += 1
            elif poor:
                fn += 1
            elif early_flag:
                fp += 1
            else:
                tn += 1
        out.append(
            GroupValidation(
                group,
                len(mine),
                len(chosen),
                judged,
                below,
                far,
                settings.expected_below_quantile,
                settings.expected_far_below_quantile,
                model,
                tp,
                fn,
                fp,
                tn,
            )
        )
    return tuple(out)
