"""The report section for issue 14: questionnaires (INSPIRE means per subscale and change),
family and network feedback (response counts), the clients' own recovery goals (how many have one,
how many were reached) and meetings with the person present ("ingen møter om meg, uten meg").

Every figure comes from a query in ``store/`` through one function in
:mod:`recoverykit.domain.feedback_figures` (the same ones ``survey summary`` and ``goals list``
use), so it passes the disclosure gate. No text a client or relative wrote reaches a report.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from recoverykit.domain.feedback_figures import (
    GoalFigures,
    MonthPresence,
    SummaryLine,
    goal_figures,
    month_presence,
    rater_groups,
    survey_lines,
)
from recoverykit.reports.goals import GoalsSection
from recoverykit.reports.scope import Scope
from recoverykit.store import client_records as cq
from recoverykit.store import meetings as mq
from recoverykit.store import surveys as sq
from recoverykit.store.connection import Connection

FAMILY = "family-feedback"


@dataclass(frozen=True)
class FeedbackSection:
    threshold: int
    surveys: list[SummaryLine]
    names: dict[tuple[str, str], tuple[str, str]]  # (instrument, subscale) → (nb, en) label
    raters: dict[str, int | None]  # family feedback: responses per rater (gated)
    goals: GoalFigures
    meetings: list[MonthPresence] = field(default_factory=list)

    @property
    def scales(self) -> list[SummaryLine]:
        return [s for s in self.surveys if s.instrument != FAMILY]

    @property
    def family(self) -> list[SummaryLine]:
        return [s for s in self.surveys if s.instrument == FAMILY]

    @property
    def has_goals(self) -> bool:
        return self.goals.with_goal != 0

    def label(self, line: SummaryLine, en: bool) -> str:
        nb_en = self.names.get((line.instrument, line.subscale))
        if nb_en is None:
            return f"{line.instrument} {line.subscale}"
        return nb_en[1] if en else nb_en[0]


def _names() -> dict[tuple[str, str], tuple[str, str]]:
    from recoverykit.loaders.instrument_registry import load_registry

    out = {}
    for inst in load_registry().values():
        for s in inst.subscales:
            out[(inst.id, s.id)] = (f"{inst.name.nb}: {s.name.nb}", f"{inst.name.en}: {s.name.en}")
    return out


def feedback_section(conn: Connection, scope: Scope, threshold: int) -> FeedbackSection:
    a, b, d = scope.start, scope.end, scope.dept_id
    groups = sq.score_groups(conn=conn, start=a, end=b, department_id=d)
    changes = sq.score_changes(conn=conn, start=a, end=b, department_id=d)
    lines = survey_lines(groups, changes, threshold)
    raters = rater_groups(sq.rater_counts(conn=conn, start=a, end=b, department_id=d), threshold)
    goals = goal_figures(cq.goal_counts(conn=conn, start=a, end=b, department_id=d), threshold)
    rows = mq.monthly_presence(conn=conn, start=a, end=b, department_id=d)
    months = month_presence(rows, threshold)
    return FeedbackSection(
        threshold, lines, _names() if lines else {}, raters.get(FAMILY, {}), goals, months
    )


def with_meeting_readings(
    conn: Connection, goals: GoalsSection, scope: Scope, threshold: int
) -> GoalsSection:
    """Department goals with ``--indicator meetings-present`` take their readings from the
    meeting records (the monthly share up to the report's end, months under the threshold left
    out), as ``goals list`` shows them."""
    from dataclasses import replace

    from recoverykit.domain.periods import parse_period
    from recoverykit.domain.text import match_key
    from recoverykit.store import departments as dq

    lines = []
    for g in goals.goals:
        if g.indicator.strip().casefold() != "meetings-present":
            lines.append(g)
            continue
        dept = dq.get_by_code_key(conn=conn, code_key=match_key(g.dept_code))
        half = parse_period("period", g.period)
        end = min(half.end, scope.end)
        rows = mq.monthly_presence(
            conn=conn,
            start=half.start,
            end=end,
            department_id=None if dept is None else int(dept["id"]),
        )
        months = month_presence(rows, threshold)
        readings = tuple((m.first_day, m.share) for m in months if m.share is not None)
        lines.append(replace(g, readings=readings))
    return replace(goals, goals=tuple(lines))
