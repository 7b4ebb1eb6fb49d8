"""The report view-models: one :class:`Report` per unit or department, built from the sections.

``monthly`` covers one month; ``halfyear`` a half-year (goals: what was set, how it went, what was
shared); ``year`` a calendar year (material for the yearly open meeting and the plan evaluation).
Each section is present only when there is data; the templates say plainly when there is none.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from recoverykit.domain.periods import Month, Period
from recoverykit.reports import charts
from recoverykit.reports.competence import CompetenceSection, competence_section
from recoverykit.reports.feedback import (
    FeedbackSection,
    feedback_section,
    with_meeting_readings,
)
from recoverykit.reports.fit import FitCache, FitSection, fit_section
from recoverykit.reports.goals import GoalsSection, goals_section
from recoverykit.reports.nextmonth import Inputs, LookItem, what_to_look_at
from recoverykit.reports.plan import PlanSection, plan_section
from recoverykit.reports.practice import CardText, PracticeSection, practice_section
from recoverykit.reports.scope import Department, Scope
from recoverykit.store.connection import Connection

KINDS = ("monthly", "halfyear", "year")
PLAN_PARTS = ("done", "ongoing", "in_progress", "planned_on_time", "overdue")


@dataclass(frozen=True)
class Report:
    kind: str
    scope: Scope
    unit: str | None
    month: Month | None  # monthly
    periods: tuple[Period, ...]  # the half-years covered
    year: int
    plan: PlanSection | None  # unit reports only (the plan is the unit's)
    goals: GoalsSection
    fit: FitSection
    competence: CompetenceSection
    practice: PracticeSection
    look: tuple[LookItem, ...]
    plan_charts: dict[int, charts.StackedBar] = field(default_factory=dict)
    goal_charts: dict[int, charts.LineChart] = field(default_factory=dict)
    fit_chart: charts.HBarChart | None = None
    feedback: FeedbackSection | None = None  # issue 14 (monthly and half-year reports)

    @property
    def fit_chart_hidden(self) -> bool:
        """Some department of the chart is hidden (drawn without a bar, and the caption says why)."""
        return self.fit_chart is not None and any(b.value is None for b in self.fit_chart.bars)

    @property
    def department(self) -> Department | None:
        return self.scope.department


def unit_name(conn: Connection) -> str | None:
    from recoverykit.store.plans import latest_unit_name

    return latest_unit_name(conn=conn)


def departments(conn: Connection) -> list[Department]:
    from recoverykit.domain.text import norwegian_sort_key
    from recoverykit.store.departments import list_departments

    rows = list_departments(conn=conn)
    found = [Department(int(r["id"]), r["code"], r["name"], r["recovery_contact"]) for r in rows]
    return sorted(found, key=lambda d: norwegian_sort_key(d.code))


def _plan_chart(progress: object) -> charts.StackedBar:
    from recoverykit.domain.plans import PlanProgress

    assert isinstance(progress, PlanProgress)
    on_time_planned = progress.planned + progress.in_progress - progress.overdue
    return charts.stacked_bar(
        [
            ("done", progress.done),
            ("ongoing", progress.ongoing),
            ("open", on_time_planned),
            ("overdue", progress.overdue),
        ]
    )


def look_inputs(
    month: Month,
    plan: PlanSection | None,
    goals: GoalsSection,
    competence: CompetenceSection,
    fit: FitSection,
    department_codes: list[str],
) -> Inputs:
    overdue = []
    open_measures = []
    if plan is not None:
        several = len(plan.plans) > 1
        for block in plan.plans:

            def label(number: str, plan_id: int = block.id) -> str:
                # With several plans, "Tiltak 2" alone does not say which one.
                return f"{number} (plan {plan_id})" if several else number

            overdue += [(label(m.number), m.text, m.due) for m in block.overdue if m.due]
            open_measures += [(label(m.number), m.text, m.due) for m in block.open if not m.overdue]
    return Inputs(
        month=month,
        overdue=overdue,
        open_measures=open_measures,
        departments=department_codes,
        goals=[
            (g.period, g.dept_code, g.text, len(g.readings), g.result is not None)
            for g in goals.goals
        ],
        low_coverage=competence.low(),
        alerts=[
            (d.dept_code, d.month.srs_alerts)
            for d in fit.departments
            if d.month.srs_alerts is not None
        ],
    )


def build_report(
    conn: Connection,
    kind: str,
    scope: Scope,
    *,
    card_text: CardText | None = None,
    fit_cache: FitCache | None = None,
) -> Report:
    """Every section for ``scope``; ``kind`` decides the periods and the look-ahead list."""
    assert kind in KINDS
    month = Month.containing(scope.end) if kind == "monthly" else None
    if kind == "year":
        periods: tuple[Period, ...] = (Period(scope.end.year, 1), Period(scope.end.year, 2))
    else:
        periods = (scope.period,)
    plan = plan_section(conn, scope) if scope.department is None else None
    goals = goals_section(conn, scope, periods)
    half_start = periods[0].start
    fit = fit_section(conn, scope, half_start, fit_cache)
    goals = with_meeting_readings(conn, goals, scope, fit.threshold)  # issue 14
    competence = competence_section(conn, scope)
    practice = practice_section(conn, scope, card_text)
    codes = [d.code for d in departments(conn) if scope.dept_id in (None, d.id)]
    look: tuple[LookItem, ...] = ()
    if month is not None:
        look = tuple(what_to_look_at(look_inputs(month, plan, goals, competence, fit, codes)))
    plan_charts = {} if plan is None else {p.id: _plan_chart(p.progress) for p in plan.plans}
    goal_charts = {
        g.id: charts.line_chart(
            g.readings,
            _period_start(g.period),
            min(scope.end, _period_end(g.period)),
            baseline=g.baseline,
            target=g.target,
        )
        for g in goals.goals
        if g.readings
    }
    fit_chart = None
    if fit.departments and any(d.mean_change is not None for d in fit.departments):
        fit_chart = charts.hbar_chart([(d.dept_code, d.mean_change) for d in fit.departments])
    return Report(
        kind,
        scope,
        unit_name(conn),
        month,
        periods,
        scope.end.year,
        plan,
        goals,
        fit,
        competence,
        practice,
        look,
        plan_charts,
        goal_charts,
        fit_chart,
        feedback=feedback_section(conn, scope, fit.threshold) if kind != "year" else None,
    )


def _period_start(code: str) -> date:
    from recoverykit.domain.periods import parse_period

    return parse_period("period", code).start


def _period_end(code: str) -> date:
    from recoverykit.domain.periods import parse_period

    return parse_period("period", code).end
