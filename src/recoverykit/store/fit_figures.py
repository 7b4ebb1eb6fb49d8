"""FIT figures per department, counted in SQL: the one read path of ``fit summary`` and the
reports (one row per department; sessions are never loaded).

This is the production FIT outcome classification (Jacobson & Truax 1991, in whole tenths so
both backends classify identically); ``domain.fit.summary.summarise`` (Python, over
``domain.fit.change.classify``) is its test oracle only.

Definitions follow ``domain.fit.summary``: the episodes of a range are those with a session in it
or closed in it; an episode without any ORS has no intake and is left out; the intake, the latest
ORS and the number of ORS ratings are those of the episode's primary series (the intake rater's,
``store.fit.PRIMARY_SERIES``), so a parent's or another collateral rating, or an SRS given
without an ORS, never becomes an intake or a latest score. Sessions are meetings: one per
(episode, date), however many raters rated it.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from recoverykit.domain.fit.change import Category
from recoverykit.domain.fit.scoring import AgeGroup, CloseReason
from recoverykit.domain.fit.settings import FitSettings
from recoverykit.domain.fit.summary import ONE_SESSION, OUTCOME_GROUPS, SummaryCounts
from recoverykit.store.aggregates import Aggregate, run
from recoverykit.store.connection import Connection
from recoverykit.store.fit import PRIMARY_RATER, PRIMARY_SERIES, primary_series

DROPOUT_REASON = CloseReason.DROPPED_OUT.value
_HAS_ORS = (
    "EXISTS (SELECT 1 FROM fit_session x WHERE x.episode_id = e.id AND x.ors_total IS NOT NULL)"
)


@dataclass(frozen=True)
class FitCounts:
    """Unsuppressed counts for one department (or the unit)."""

    clients: int = 0
    sessions: int = 0
    episodes: int = 0
    intake_tenths: int = 0  # sum of intake ORS totals × 10 over ``episodes``
    alerts: int = 0
    outcomes: Mapping[str, int] = field(default_factory=lambda: dict.fromkeys(OUTCOME_GROUPS, 0))
    dropouts: int = 0
    measured: int = 0  # closed with at least two sessions
    change_tenths: int = 0  # sum of (latest − intake) × 10 over ``measured``
    measured_intake_tenths: int = 0  # sum of intake × 10 over ``measured``
    measured_intake_sq: int = 0  # sum of (intake × 10)² over ``measured``

    def counts(self) -> SummaryCounts:
        """As the domain's :class:`SummaryCounts` (means and the effect size worked out)."""
        n = self.measured
        mean_change = round(self.change_tenths / 10 / n, 1) if n else None
        effect: float | None = None
        if n >= 2:
            var = (self.measured_intake_sq - self.measured_intake_tenths**2 / n) / (n - 1)
            if var > 1e-9:
                effect = round((self.change_tenths / n) / math.sqrt(var), 2)
        return SummaryCounts(
            clients=self.clients,
            sessions=self.sessions,
            episodes=self.episodes,
            intake_mean=round(self.intake_tenths / 10 / self.episodes, 1)
            if self.episodes
            else None,
            outcomes=dict(self.outcomes),
            dropouts=self.dropouts,
            alerts=self.alerts,
            measured=n,
            effect_size=effect,
            mean_change=mean_change,
        )


def department_codes(conn: Connection) -> dict[int, str]:
    return {int(r["id"]): str(r["code"]) for r in conn.execute("SELECT id, code FROM department")}


UNIT_ROW = -1  # the row of ``range_counts`` with the whole unit's distinct clients


_DATES = (("start", "date"), ("end", "date"))

RANGE_SESSIONS = Aggregate(
    "range_sessions",
    # Sessions are meetings: one per (episode, date), however many raters rated it.
    "SELECT dept, count(*) AS sessions, coalesce(sum(alerts), 0) AS alerts FROM ("
    "SELECT department_id AS dept, sum(CASE WHEN srs_alert THEN 1 ELSE 0 END) AS alerts "
    "FROM fit_session WHERE session_date BETWEEN :start AND :end "
    "GROUP BY department_id, episode_id, session_date) m GROUP BY dept",
    _DATES,
)

RANGE_EPISODES = Aggregate(
    "range_episodes",
    "WITH eps AS ("
    "SELECT episode_id AS id FROM fit_session WHERE session_date BETWEEN :start AND :end "
    "UNION SELECT id FROM fit_episode e WHERE closed_on BETWEEN :start AND :end "
    f"AND {_HAS_ORS}), "
    "ec AS MATERIALIZED (SELECT e.id, e.department_id AS dept, e.client_id "
    "FROM eps JOIN fit_episode e ON e.id = eps.id) "
    "SELECT dept, count(intake10) AS episodes, count(DISTINCT client_id) AS clients, "
    "sum(intake10) AS intake10 FROM (SELECT e.dept, e.client_id, "
    f"round((SELECT s.ors_total FROM fit_session s WHERE {PRIMARY_SERIES} "
    "ORDER BY s.session_no LIMIT 1) * 10) AS intake10 FROM ec e) i GROUP BY dept "
    f"UNION ALL SELECT {UNIT_ROW}, 0, count(DISTINCT client_id), 0 FROM ec",
    _DATES,
)


def range_counts(conn: Connection, start: date, end: date) -> dict[int, dict[str, int]]:
    """Per department id: sessions, alerts, episodes, clients and intake tenths in start–end;
    under :data:`UNIT_ROW` the unit's distinct clients (a client may move between departments),
    from the same pass over the episodes."""
    params: dict[str, object] = {"start": start, "end": end}
    out: dict[int, dict[str, int]] = {}
    for r in run(conn, RANGE_SESSIONS, params):
        out.setdefault(int(r["dept"]), {}).update(
            sessions=int(r["sessions"]), alerts=int(r["alerts"])
        )
    for r in run(conn, RANGE_EPISODES, params):
        out.setdefault(int(r["dept"]), {}).update(
            episodes=int(r["episodes"]),
            clients=int(r["clients"]),
            intake_tenths=int(r["intake10"] or 0),
        )
    return out


def _closed_sql(op: str) -> str:
    improved = f"n >= 2 AND d10 {op} :rc"
    worse = f"n >= 2 AND -d10 {op} :rc"
    recovered = f"{improved} AND intake <= cutoff AND latest > cutoff"
    # MATERIALIZED: each episode's three look-ups run once, not once per use in the CASEs below
    # (SQLite >= 3.35 and PostgreSQL >= 12 both accept it).
    # The primary rater once per episode (``pr``), then its series' three look-ups.
    series = primary_series("e.rater")
    return (
        "WITH pr AS MATERIALIZED ("
        "SELECT e.id, e.department_id AS dept, e.close_reason, c.age_group, "
        f"{PRIMARY_RATER} AS rater "
        "FROM fit_episode e JOIN fit_client c ON c.id = e.client_id "
        f"WHERE e.closed_on BETWEEN :start AND :end AND {_HAS_ORS}), "
        "ep AS MATERIALIZED (SELECT e.dept, e.close_reason, e.age_group, "
        f"(SELECT count(*) FROM fit_session s WHERE {series}) AS n, "
        f"(SELECT s.ors_total FROM fit_session s WHERE {series} "
        "ORDER BY s.session_no LIMIT 1) AS intake, "
        f"(SELECT s.ors_total FROM fit_session s WHERE {series} "
        "ORDER BY s.session_no DESC LIMIT 1) AS latest "
        "FROM pr e), "
        "cls AS (SELECT dept, close_reason, n, intake, latest, "
        "CASE age_group WHEN :adult THEN :cut_a WHEN :adolescent THEN :cut_y "
        "ELSE :cut_c END AS cutoff, round(intake * 10) AS i10, "
        "round(latest * 10) - round(intake * 10) AS d10 FROM ep) "
        "SELECT dept, count(*) AS closed, "
        "sum(CASE WHEN n < 2 THEN 1 ELSE 0 END) AS one_session, "
        f"sum(CASE WHEN {recovered} THEN 1 ELSE 0 END) AS recovered, "
        f"sum(CASE WHEN {improved} THEN 1 ELSE 0 END) AS improved_all, "
        f"sum(CASE WHEN {worse} THEN 1 ELSE 0 END) AS deteriorated, "
        "sum(CASE WHEN close_reason = :dropout THEN 1 ELSE 0 END) AS dropouts, "
        "sum(CASE WHEN n >= 2 THEN 1 ELSE 0 END) AS measured, "
        "coalesce(sum(CASE WHEN n >= 2 THEN d10 ELSE 0 END), 0) AS change10, "
        "coalesce(sum(CASE WHEN n >= 2 THEN i10 ELSE 0 END), 0) AS intake10, "
        "coalesce(sum(CASE WHEN n >= 2 THEN i10 * i10 ELSE 0 END), 0) AS intake10sq "
        "FROM cls GROUP BY dept"
    )


_CLOSED_PARAMS = (
    *_DATES,
    ("rc", "double precision"),
    ("cut_a", "double precision"),
    ("cut_y", "double precision"),
    ("cut_c", "double precision"),
    ("dropout", "text"),
    ("adult", "text"),
    ("adolescent", "text"),
)
# Reliable change counted with >= or with > (the setting ``reliable_change_inclusive``).
CLOSED_INCLUSIVE = Aggregate("closed_ge", _closed_sql(">="), _CLOSED_PARAMS)
CLOSED_EXCLUSIVE = Aggregate("closed_gt", _closed_sql(">"), _CLOSED_PARAMS)


def closed_counts(
    conn: Connection, start: date, end: date, settings: FitSettings
) -> dict[int, dict[str, int]]:
    """Per department id: outcome groups, dropouts and change among episodes closed start–end."""
    op = ">=" if settings.reliable_change_inclusive else ">"
    params: dict[str, object] = {
        "start": start,
        "end": end,
        "rc": settings.reliable_change * 10,
        "cut_a": settings.ors_cutoff_adult,
        "cut_y": settings.ors_cutoff_adolescent,
        "cut_c": settings.ors_cutoff_child,
        "dropout": DROPOUT_REASON,
        "adult": AgeGroup.ADULT.value,
        "adolescent": AgeGroup.ADOLESCENT.value,
    }
    rows = run(conn, CLOSED_INCLUSIVE if op == ">=" else CLOSED_EXCLUSIVE, params)
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
            "measured_intake_tenths": round(float(r["intake10"])),
            "measured_intake_sq": round(float(r["intake10sq"])),
        }
    return out


@dataclass(frozen=True)
class PeriodFigures:
    """Every department's counts and the unit's for one range (and closings from ``since``)."""

    departments: dict[str, FitCounts]  # by department code
    unit: FitCounts


def _add(a: FitCounts, b: FitCounts) -> FitCounts:
    return FitCounts(
        clients=a.clients + b.clients,
        sessions=a.sessions + b.sessions,
        episodes=a.episodes + b.episodes,
        intake_tenths=a.intake_tenths + b.intake_tenths,
        alerts=a.alerts + b.alerts,
        outcomes={g: a.outcomes[g] + b.outcomes[g] for g in OUTCOME_GROUPS},
        dropouts=a.dropouts + b.dropouts,
        measured=a.measured + b.measured,
        change_tenths=a.change_tenths + b.change_tenths,
        measured_intake_tenths=a.measured_intake_tenths + b.measured_intake_tenths,
        measured_intake_sq=a.measured_intake_sq + b.measured_intake_sq,
    )


def period_figures(
    conn: Connection,
    start: date,
    end: date,
    settings: FitSettings,
    *,
    closed_since: date | None = None,
    ranged: bool = True,
    closed: bool = True,
) -> PeriodFigures:
    """Counts of sessions etc. in start–end (``ranged``) and of episodes closed from
    ``closed_since`` (default ``start``) to ``end`` (``closed``), per department and unit."""
    codes = department_codes(conn)
    r_all = range_counts(conn, start, end) if ranged else {}
    unit_row = r_all.pop(UNIT_ROW, {})
    c_all = closed_counts(conn, closed_since or start, end, settings) if closed else {}
    out: dict[str, FitCounts] = {}
    for dept_id in set(r_all) | set(c_all):
        r, c = r_all.get(dept_id, {}), c_all.get(dept_id, {})
        out[codes[dept_id]] = FitCounts(
            clients=r.get("clients", 0),
            sessions=r.get("sessions", 0),
            episodes=r.get("episodes", 0),
            intake_tenths=r.get("intake_tenths", 0),
            alerts=r.get("alerts", 0),
            outcomes={g: c.get(g, 0) for g in OUTCOME_GROUPS},
            dropouts=c.get("dropouts", 0),
            measured=c.get("measured", 0),
            change_tenths=c.get("change_tenths", 0),
            measured_intake_tenths=c.get("measured_intake_tenths", 0),
            measured_intake_sq=c.get("measured_intake_sq", 0),
        )
    unit = FitCounts()
    for counts in out.values():
        unit = _add(unit, counts)
    if ranged:
        unit = FitCounts(**{**unit.__dict__, "clients": unit_row.get("clients", 0)})
    return PeriodFigures(out, unit)
