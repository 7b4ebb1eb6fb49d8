"""The goals section: each department's measurable goals for the half-year, their indicator
readings toward target (up to the end of the range), results recorded, and what was shared where.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from recoverykit.domain.goals import Outcome, goal_progress, goal_reached, outcome_label
from recoverykit.domain.periods import Period
from recoverykit.domain.text import norwegian_sort_key
from recoverykit.reports.scope import Scope
from recoverykit.store.connection import Connection, as_date
from recoverykit.store.departments import list_departments
from recoverykit.store.goals import report_goals, report_shares


@dataclass(frozen=True)
class GoalLine:
    id: int
    period: str
    dept_code: str
    dept_name: str
    text: str
    indicator: str
    unit: str | None
    baseline: float | None
    target: float | None
    readings: tuple[tuple[date, float], ...]
    outcome: str | None  # label in the report's language
    result: str | None
    result_on: date | None
    shares: tuple[tuple[date, str], ...]

    @property
    def latest(self) -> float | None:
        return self.readings[-1][1] if self.readings else None

    @property
    def progress(self) -> float | None:
        return goal_progress(self.baseline, self.target, self.latest)

    @property
    def reached(self) -> bool:
        if self.baseline is None or self.target is None or self.latest is None:
            return False
        return goal_reached(self.baseline, self.target, self.latest)


@dataclass(frozen=True)
class ShareLine:
    on: date
    dept_code: str
    text: str
    place: str | None


@dataclass(frozen=True)
class GoalsSection:
    periods: tuple[Period, ...]
    goals: tuple[GoalLine, ...]
    shares: tuple[ShareLine, ...]  # "dette er vi gode til", shared in the range
    without_goal: tuple[str, ...]  # department codes with no goal in the (last) period
    departments: int
    # (period code, department codes with no goal in it) for every period, in order
    missing: tuple[tuple[str, tuple[str, ...]], ...] = ()

    @property
    def has_data(self) -> bool:
        return bool(self.goals or self.shares)


def goals_section(
    conn: Connection, scope: Scope, periods: tuple[Period, ...] | None = None
) -> GoalsSection:
    """Goals of ``periods`` (default: the half-year of the range's end), as of ``scope.as_of``."""
    wanted = periods or (scope.period,)
    codes = [p.code for p in wanted]
    goal_rows, reading_rows, share_rows = report_goals(
        conn=conn, periods=codes, end=scope.end, department_id=scope.dept_id
    )
    readings: dict[int, list[tuple[date, float]]] = {}
    for r in reading_rows:
        readings.setdefault(int(r["goal_id"]), []).append(
            (as_date(r["reading_on"]) or scope.end, float(r["value"]))
        )
    shared: dict[int, list[tuple[date, str]]] = {}
    for s in share_rows:
        shared.setdefault(int(s["goal_id"]), []).append(
            (as_date(s["shared_on"]) or scope.end, s["place"])
        )
    goals = []
    for g in goal_rows:
        result_on = as_date(g["result_on"])
        recorded = result_on is not None and result_on <= scope.end
        goals.append(
            GoalLine(
                int(g["id"]),
                g["period"],
                g["dept_code"],
                g["dept_name"],
                g["text"],
                g["indicator"],
                g["unit"],
                None if g["baseline"] is None else float(g["baseline"]),
                None if g["target"] is None else float(g["target"]),
                tuple(readings.get(int(g["id"]), ())),
                outcome_label(Outcome(g["outcome"])) if recorded and g["outcome"] else None,
                g["result"] if recorded else None,
                result_on if recorded else None,
                tuple(shared.get(int(g["id"]), ())),
            )
        )
    goals.sort(key=lambda g: (g.period, norwegian_sort_key(g.dept_code), g.id))
    shares = tuple(
        ShareLine(as_date(r["shared_on"]) or scope.end, r["code"], r["text"], r["place"])
        for r in report_shares(
            conn=conn, start=scope.start, end=scope.end, department_id=scope.dept_id
        )
    )
    shares = tuple(sorted(shares, key=lambda s: (s.on, norwegian_sort_key(s.dept_code))))
    dept_rows = list_departments(conn=conn)
    if scope.dept_id is not None:
        dept_rows = [d for d in dept_rows if d["id"] == scope.dept_id]
    missing = []
    for period in wanted:
        with_goal = {g.dept_code for g in goals if g.period == period.code}
        missing.append(
            (
                period.code,
                tuple(
                    sorted(
                        (d["code"] for d in dept_rows if d["code"] not in with_goal),
                        key=norwegian_sort_key,
                    )
                ),
            )
        )
    without = missing[-1][1]
    return GoalsSection(
        tuple(wanted), tuple(goals), shares, without, len(dept_rows), tuple(missing)
    )
