"""Department goal use cases: add (at most two per half-year), readings, result, sharing, list.

Goals are addressed by their number (``goals list`` shows it).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from typing import TYPE_CHECKING

from recoverykit import clock
from recoverykit.domain import goals as rules
from recoverykit.domain.dates import parse_decimal
from recoverykit.domain.goals import Outcome
from recoverykit.domain.periods import Period, parse_period
from recoverykit.domain.text import clean_text, norwegian_sort_key, optional_text
from recoverykit.errors import Conflict, Field, InvalidInput, NotFound
from recoverykit.i18n import t
from recoverykit.services.departments import DepartmentView, require_department
from recoverykit.services.ids import event_date, parse_id
from recoverykit.store import departments as dq
from recoverykit.store import goals as q
from recoverykit.store.connection import Connection, Database, Row, as_date

if TYPE_CHECKING:
    from recoverykit.domain.feedback_figures import MonthPresence

INDICATOR_MAX = 200
UNIT_MAX = 16
PLACE_MAX = 200


@dataclass(frozen=True)
class GoalView:
    id: int
    dept_code: str
    dept_name: str
    recovery_contact: str | None
    period: Period
    text: str
    indicator: str
    unit: str | None
    baseline: float | None
    target: float | None
    outcome: Outcome | None
    result: str | None
    result_on: date | None
    readings: list[tuple[date, float]] = field(default_factory=list)
    shares: list[tuple[date, str]] = field(default_factory=list)
    # --indicator meetings-present (issue 14): monthly shares computed from the meeting records
    computed: tuple[MonthPresence, ...] = ()

    @classmethod
    def from_row(
        cls,
        row: Row,
        readings: list[tuple[date, float]] | None = None,
        shares: list[tuple[date, str]] | None = None,
    ) -> GoalView:
        return cls(
            int(row["id"]),
            row["dept_code"],
            row["dept_name"],
            row["recovery_contact"],
            parse_period("period", row["period"]),
            row["text"],
            row["indicator"],
            row["unit"],
            None if row["baseline"] is None else float(row["baseline"]),
            None if row["target"] is None else float(row["target"]),
            None if row["outcome"] is None else Outcome(row["outcome"]),
            row["result"],
            as_date(row["result_on"]),
            readings or [],
            shares or [],
        )

    @property
    def latest(self) -> float | None:
        return self.readings[-1][1] if self.readings else None

    @property
    def progress(self) -> float | None:
        return rules.goal_progress(self.baseline, self.target, self.latest)


@dataclass(frozen=True)
class GoalsOverview:
    goals: list[GoalView]
    period: Period  # the half-year that "without a goal" is about
    without_goal: list[DepartmentView]


def goal_id(value: str | int, field: str = "ID") -> int:
    return parse_id(field, value, t("«recoverykit goals list»", "'recoverykit goals list'"))


def require_goal(conn: Connection, value: str | int, field: str = "ID") -> GoalView:
    row = q.get_goal(conn=conn, goal_id=goal_id(value, field))
    if row is None:
        raise NotFound(
            field,
            t(
                "ingen mål med ID {v}; se «recoverykit goals list»",
                "no goal with id {v}; see 'recoverykit goals list'",
                v=str(value).strip(),
            ),
        )
    return GoalView.from_row(row)


def _number(field: str, value: str | None) -> float | None:
    return None if value is None else parse_decimal(field, value)


def _when(value: str | None) -> date:
    return event_date(Field("date"), value)


def add_goal(
    db: Database,
    dept: str,
    period: str,
    text: str,
    *,
    indicator: str,
    unit: str | None = None,
    baseline: str | None = None,
    target: str | None = None,
    force: bool = False,
) -> GoalView:
    half = parse_period("PERIOD", period)
    clean = clean_text("TEXT", text)
    what = clean_text(Field("indicator"), indicator, max_length=INDICATOR_MAX)
    unit_text = optional_text(Field("unit"), unit, max_length=UNIT_MAX)
    if _computed(what):
        what, unit_text = what.strip().casefold(), unit_text or "%"
    base = _number(Field("baseline"), baseline)
    goal = _number(Field("target"), target)
    try:
        rules.check_goal_numbers(base, goal)
    except InvalidInput as error:
        raise InvalidInput(Field(error.field), error.message) from None
    with db.write() as conn:
        d = require_department(conn, dept)
        existing = q.count_goals(conn=conn, department_id=d.id, period=half.code)
        try:
            rules.check_goal_limit(d.code, half, existing, force=force)
        except InvalidInput as error:
            raise type(error)("PERIOD", error.message) from None
        new_id = q.insert_goal(
            conn=conn,
            department_id=d.id,
            period=half.code,
            text=clean,
            indicator=what,
            unit=unit_text,
            baseline=base,
            target=goal,
        )
        return require_goal(conn, new_id)


def add_reading(
    db: Database, goal: str, value: str, on: str | None = None
) -> tuple[GoalView, float]:
    number = parse_decimal("VALUE", value)
    when = _when(on)
    with db.write() as conn:
        g = require_goal(conn, goal)
        if _computed(g.indicator):
            raise InvalidInput(
                "ID",
                t(
                    "mål {i} henter målingene fra møteregistreringene (meetings-present)",
                    "goal {i} takes its readings from the meeting records (meetings-present)",
                    i=g.id,
                ),
            )
        q.insert_reading(conn=conn, goal_id=g.id, reading_on=when, value=number)
    return g, number


def set_result(
    db: Database,
    goal: str,
    text: str,
    outcome: str,
    on: str | None = None,
    *,
    replace: bool = False,
) -> tuple[GoalView, bool]:
    """Record how it went (and whether an earlier result was replaced). A goal that already has a result needs ``replace``; every result is
    kept in the history (``recoverykit history --kind goal_result``)."""
    from recoverykit.services import corrections

    clean = clean_text("TEXT", text)
    result = rules.parse_outcome(Field("outcome"), outcome)
    when = _when(on)
    with db.write() as conn:
        g = require_goal(conn, goal)
        if g.result is not None and not replace:
            raise Conflict(
                Field("replace"),
                t(
                    "mål {i} har allerede et resultat (registrert {d}); gi --replace for å "
                    "erstatte det (det gamle tas vare på i historikken)",
                    "goal {i} already has a result (recorded {d}); give --replace to replace it "
                    "(the old one is kept in the history)",
                    i=g.id,
                    d=g.result_on.isoformat() if g.result_on else "–",
                ),
            )
        before = (
            None
            if g.result is None
            else {
                "result": g.result,
                "outcome": None if g.outcome is None else g.outcome.value,
                "result_on": g.result_on,
            }
        )
        q.set_result(conn=conn, goal_id=g.id, result=clean, outcome=result.value, result_on=when)
        corrections.log(
            conn,
            "goal_result",
            "replace" if before is not None else "set",
            f"{g.dept_code} {g.period} {g.id}",
            before,
            {"result": clean, "outcome": result.value, "result_on": when},
        )
        return require_goal(conn, g.id), before is not None


def add_goal_share(db: Database, goal: str, where: str, on: str | None = None) -> GoalView:
    place = clean_text(Field("where"), where, max_length=PLACE_MAX)
    when = _when(on)
    with db.write() as conn:
        g = require_goal(conn, goal)
        q.insert_goal_share(conn=conn, goal_id=g.id, shared_on=when, place=place)
    return g


def goals_overview(
    db: Database, period: str | None = None, dept: str | None = None, today: date | None = None
) -> GoalsOverview:
    """Goals (filtered) with readings and shares, and departments without a goal for the
    period asked about (default: the current half-year)."""
    half = None if period is None else parse_period(Field("period"), period)
    with db.read() as conn:
        d = None if dept is None else require_department(conn, dept, Field("dept"))
        rows = q.list_goals(
            conn=conn,
            period=None if half is None else half.code,
            department_id=None if d is None else d.id,
        )
        readings: dict[int, list[tuple[date, float]]] = {}
        for r in q.readings(conn=conn):
            readings.setdefault(int(r["goal_id"]), []).append(
                (as_date(r["reading_on"]) or date.min, float(r["value"]))
            )
        shares: dict[int, list[tuple[date, str]]] = {}
        for r in q.goal_shares(conn=conn):
            shares.setdefault(int(r["goal_id"]), []).append(
                (as_date(r["shared_on"]) or date.min, r["place"])
            )
        about = half or Period.containing(today or clock.today())
        all_goals = q.list_goals(conn=conn, period=about.code)
        computed = _computed_readings(conn, rows)
        departments = [DepartmentView.from_row(r) for r in dq.list_departments(conn=conn)]
    if d is not None:
        departments = [x for x in departments if x.id == d.id]
    missing_codes = rules.departments_without_goal(
        [x.code for x in departments], [(r["dept_code"], about) for r in all_goals], about
    )
    goals = sorted(
        (
            computed.get(int(r["id"]))
            or GoalView.from_row(r, readings.get(int(r["id"])), shares.get(int(r["id"])))
            for r in rows
        ),
        key=lambda g: (g.period, norwegian_sort_key(g.dept_code), g.id),
    )
    without = [x for x in departments if x.code in missing_codes]
    return GoalsOverview(goals, about, without)


def _computed(indicator: str) -> bool:
    from recoverykit.domain.goals import is_meetings_indicator

    return is_meetings_indicator(indicator)


def _computed_readings(conn: Connection, rows: list[Row]) -> dict[int, GoalView]:
    """Goals with ``--indicator meetings-present``: readings computed per month from the meeting
    records of the department in the goal's half-year (share in %, only months that pass the
    disclosure gate), with the monthly n kept in ``computed``."""
    targets = [r for r in rows if _computed(r["indicator"])]
    if not targets:
        return {}
    from recoverykit.services.fit import load_settings
    from recoverykit.services.meetings import presence_by_month

    threshold = load_settings(conn).suppression_threshold
    out: dict[int, GoalView] = {}
    for r in targets:
        base = GoalView.from_row(r)
        months = presence_by_month(
            conn, base.period.start, base.period.end, int(r["department_id"]), threshold
        )
        got = [(m.first_day, m.share) for m in months if m.share is not None]
        out[base.id] = replace(base, readings=got, computed=tuple(months))
    return out
