"""The FIT section, per department only: clients, sessions, intake mean and alliance alerts in the
range; outcome groups among episodes closed so far in the half-year. Never a clinician, never a
ranking (departments are listed by code).

Every figure is counted in SQL (one row per department; sessions are never loaded), then hidden
with the same small-number rules ``fit summary`` uses: :func:`to_summary` hands the counts
to ``domain.fit.summary.suppress`` and ``small`` exactly as ``summarise`` does, and a test checks
that it gives ``summarise``'s result on the same data.

Definitions follow ``domain.fit.summary`` and ``store.fit.period_episodes``: the episodes of a
range are those with a session in it or closed in it; the intake is an episode's first ORS total;
an episode's outcome compares its first and latest ORS total (Jacobson & Truax 1991) in whole
tenths, so both backends classify identically.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from recoverykit.domain.fit.change import Category
from recoverykit.domain.fit.settings import FitSettings
from recoverykit.domain.fit.summary import (
    ONE_SESSION,
    OUTCOME_GROUPS,
    Summary,
    SummaryCounts,
    summary_from_counts,
)
from recoverykit.domain.text import norwegian_sort_key
from recoverykit.reports.scope import Scope
from recoverykit.store.connection import Connection

SETTING_KEY = "fit"  # as recoverykit.store.fit
DROPOUT_REASON = "dropped-out"
# An episode without any session has no intake: ``fit summary`` leaves it out, and so do we.
_HAS_SESSION = "EXISTS (SELECT 1 FROM fit_session x WHERE x.episode_id = e.id)"


@dataclass(frozen=True)
class FitCounts:
    """Unsuppressed counts for one department, as summarise would count them."""

    clients: int = 0
    sessions: int = 0
    episodes: int = 0
    intake_tenths: int = 0  # sum of intake ORS totals × 10 over ``episodes``
    alerts: int = 0
    outcomes: Mapping[str, int] = field(default_factory=lambda: dict.fromkeys(OUTCOME_GROUPS, 0))
    dropouts: int = 0
    measured: int = 0  # closed with at least two sessions
    change_tenths: int = 0  # sum of (latest − intake) × 10 over ``measured``

    @property
    def closed(self) -> int:
        return sum(self.outcomes.values())


def to_summary(c: FitCounts, settings: FitSettings) -> Summary:
    """The same small-number rules as ``fit summary`` (effect size left out of the report)."""
    intake_mean = round(c.intake_tenths / 10 / c.episodes, 1) if c.episodes else None
    counts = SummaryCounts(
        clients=c.clients,
        sessions=c.sessions,
        episodes=c.episodes,
        intake_mean=intake_mean,
        outcomes=c.outcomes,
        dropouts=c.dropouts,
        alerts=c.alerts,
    )
    return summary_from_counts(counts, settings)


@dataclass(frozen=True)
class DepartmentFit:
    dept_code: str
    month: Summary  # clients, sessions, episodes, intake mean, alerts in the range
    half: Summary  # outcomes among episodes closed from the half-year's start to the range's end
    mean_change: float | None  # among measured closed episodes; None below the threshold

    @property
    def improved(self) -> int | None:
        """Reliably improved, recovered included (None when either is hidden)."""
        a, b = (
            self.half.outcomes[Category.RECOVERED],
            self.half.outcomes[Category.RELIABLY_IMPROVED],
        )
        return None if a is None or b is None else a + b


@dataclass(frozen=True)
class FitSection:
    half_start: date
    threshold: int
    departments: tuple[DepartmentFit, ...]

    @property
    def has_data(self) -> bool:
        return bool(self.departments)

    @property
    def suppressed_any(self) -> bool:
        return any(
            d.month.clients is None
            or d.half.closed is None
            or any(v is None for v in d.half.outcomes.values())
            for d in self.departments
        )


def fit_settings(conn: Connection) -> FitSettings:
    raw = conn.scalar("SELECT value FROM setting WHERE key = :k", {"k": SETTING_KEY})
    return FitSettings() if raw is None else FitSettings.from_mapping(json.loads(str(raw)))


def _in(column: str, scope: Scope) -> str:
    return "" if scope.dept_id is None else f" AND {column} = :dept"


def range_counts(
    conn: Connection, scope: Scope, start: date, end: date
) -> dict[int, dict[str, int]]:
    """Per department id: sessions, alerts, episodes, clients and intake tenths in start–end."""
    params: dict[str, object] = {"start": start, "end": end, "dept": scope.dept_id}
    out: dict[int, dict[str, int]] = {}
    for r in conn.execute(
        "SELECT department_id AS dept, count(*) AS sessions, "
        "coalesce(sum(CASE WHEN srs_alert THEN 1 ELSE 0 END), 0) AS alerts "
        "FROM fit_session WHERE session_date BETWEEN :start AND :end"
        f"{_in('department_id', scope)} GROUP BY department_id",
        params,
    ):
        out.setdefault(int(r["dept"]), {}).update(
            sessions=int(r["sessions"]), alerts=int(r["alerts"])
        )
    for r in conn.execute(
        "WITH eps AS ("
        "SELECT episode_id AS id FROM fit_session WHERE session_date BETWEEN :start AND :end"
        f"{_in('department_id', scope)} "
        "UNION SELECT id FROM fit_episode e WHERE closed_on BETWEEN :start AND :end"
        f"{_in('department_id', scope)} AND {_HAS_SESSION}) "
        "SELECT e.department_id AS dept, count(*) AS episodes, "
        "count(DISTINCT e.client_id) AS clients, "
        "sum(round((SELECT s.ors_total FROM fit_session s WHERE s.episode_id = e.id "
        "ORDER BY s.session_no LIMIT 1) * 10)) AS intake10 "
        "FROM eps JOIN fit_episode e ON e.id = eps.id GROUP BY e.department_id",
        params,
    ):
        out.setdefault(int(r["dept"]), {}).update(
            episodes=int(r["episodes"]),
            clients=int(r["clients"]),
            intake_tenths=int(r["intake10"] or 0),
        )
    return out


def closed_counts(
    conn: Connection, scope: Scope, start: date, end: date, settings: FitSettings
) -> dict[int, dict[str, int]]:
    """Per department id: outcome groups, dropouts and change among episodes closed start–end."""
    op = ">=" if settings.reliable_change_inclusive else ">"
    params: dict[str, object] = {
        "start": start,
        "end": end,
        "dept": scope.dept_id,
        "rc": settings.reliable_change * 10,
        "cut_a": settings.ors_cutoff_adult,
        "cut_y": settings.ors_cutoff_adolescent,
        "cut_c": settings.ors_cutoff_child,
        "dropout": DROPOUT_REASON,
    }
    improved = f"n >= 2 AND d10 {op} :rc"
    worse = f"n >= 2 AND -d10 {op} :rc"
    recovered = f"{improved} AND intake <= cutoff AND latest > cutoff"
    # MATERIALIZED: each episode's three look-ups run once, not once per use in the CASEs below
    # (SQLite >= 3.35 and PostgreSQL >= 12 both accept it).
    rows = conn.execute(
        "WITH ep AS MATERIALIZED ("
        "SELECT e.department_id AS dept, e.close_reason, c.age_group, "
        "(SELECT count(*) FROM fit_session s WHERE s.episode_id = e.id) AS n, "
        "(SELECT s.ors_total FROM fit_session s WHERE s.episode_id = e.id "
        "ORDER BY s.session_no LIMIT 1) AS intake, "
        "(SELECT s.ors_total FROM fit_session s WHERE s.episode_id = e.id "
        "ORDER BY s.session_no DESC LIMIT 1) AS latest "
        "FROM fit_episode e JOIN fit_client c ON c.id = e.client_id "
        f"WHERE e.closed_on BETWEEN :start AND :end{_in('e.department_id', scope)} "
        f"AND {_HAS_SESSION}), "
        "cls AS (SELECT dept, close_reason, n, intake, latest, "
        "CASE age_group WHEN 'adult' THEN :cut_a WHEN 'adolescent' THEN :cut_y "
        "ELSE :cut_c END AS cutoff, "
        "round(latest * 10) - round(intake * 10) AS d10 FROM ep) "
        "SELECT dept, count(*) AS closed, "
        "sum(CASE WHEN n < 2 THEN 1 ELSE 0 END) AS one_session, "
        f"sum(CASE WHEN {recovered} THEN 1 ELSE 0 END) AS recovered, "
        f"sum(CASE WHEN {improved} THEN 1 ELSE 0 END) AS improved_all, "
        f"sum(CASE WHEN {worse} THEN 1 ELSE 0 END) AS deteriorated, "
        "sum(CASE WHEN close_reason = :dropout THEN 1 ELSE 0 END) AS dropouts, "
        "sum(CASE WHEN n >= 2 THEN 1 ELSE 0 END) AS measured, "
        "coalesce(sum(CASE WHEN n >= 2 THEN d10 ELSE 0 END), 0) AS change10 "
        "FROM cls GROUP BY dept",
        params,
    )
    out: dict[int, dict[str, int]] = {}
    for r in rows:
        closed, one = int(r["closed"]), int(r["one_session"])
        recovered_n, improved_n = int(r["recovered"]), int(r["improved_all"])
        worse_n = int(r["deteriorated"])
        out[int(r["dept"])] = {
            Category.RECOVERED.value: recovered_n,
            Category.RELIABLY_IMPROVED.value: improved_n - recovered_n,
            Category.RELIABLY_DETERIORATED.value: worse_n,
            Category.NO_RELIABLE_CHANGE.value: closed - one - improved_n - worse_n,
            ONE_SESSION: one,
            "dropouts": int(r["dropouts"]),
            "measured": int(r["measured"]),
            "change_tenths": round(float(r["change10"])),
        }
    return out


def fit_section(conn: Connection, scope: Scope, half_start: date | None = None) -> FitSection:
    """Range figures for ``scope`` and outcomes closed from ``half_start`` (default: the start of
    the half-year the range ends in) to the range's end."""
    settings = fit_settings(conn)
    threshold = settings.suppression_threshold
    since = half_start or scope.period.start
    ranged = range_counts(conn, scope, scope.start, scope.end)
    closed = closed_counts(conn, scope, since, scope.end, settings)
    codes = {int(r["id"]): r["code"] for r in conn.execute("SELECT id, code FROM department")}
    departments = []
    for dept_id in set(ranged) | set(closed):
        r, c = ranged.get(dept_id, {}), closed.get(dept_id, {})
        month = FitCounts(
            clients=r.get("clients", 0),
            sessions=r.get("sessions", 0),
            episodes=r.get("episodes", 0),
            intake_tenths=r.get("intake_tenths", 0),
            alerts=r.get("alerts", 0),
        )
        half = FitCounts(
            outcomes={g: c.get(g, 0) for g in OUTCOME_GROUPS},
            dropouts=c.get("dropouts", 0),
            measured=c.get("measured", 0),
            change_tenths=c.get("change_tenths", 0),
        )
        mean_change = (
            round(half.change_tenths / 10 / half.measured, 1)
            if half.measured >= threshold
            else None
        )
        departments.append(
            DepartmentFit(
                codes[dept_id],
                to_summary(month, settings),
                to_summary(half, settings),
                mean_change,
            )
        )
    departments.sort(key=lambda d: norwegian_sort_key(d.dept_code))
    return FitSection(since, threshold, tuple(departments))
