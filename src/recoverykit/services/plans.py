"""Implementation-plan use cases: import, add, measures, status changes and the status view.

Plans are addressed by their number (``plan list`` shows it); measures by plan and measure
number (``plan measure set 2 4 --status done``, ``plan measure set 2 2a …``).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from recoverykit import clock
from recoverykit.domain import plans as rules
from recoverykit.domain.dates import parse_date
from recoverykit.domain.periods import parse_period
from recoverykit.domain.plans import MeasureStatus
from recoverykit.domain.text import NAME_MAX, clean_text, match_key, optional_text
from recoverykit.errors import Conflict, Field, InvalidInput, NotFound
from recoverykit.i18n import t
from recoverykit.services.ids import event_date, parse_id
from recoverykit.services.plan_views import (
    MeasureEvent,
    MeasureView,
    PlanStatus,
    PlanView,
    show_date,
)
from recoverykit.store import plans as q
from recoverykit.store.connection import Connection, Database, as_date

__all__ = ["MeasureEvent", "MeasureView", "PlanStatus", "PlanView", "show_date"]

TITLE_MAX = 200
RESPONSIBLE_MAX = 500


def plan_id(value: str | int, field: str = "PLAN") -> int:
    return parse_id(field, value, t("«recoverykit plan list»", "'recoverykit plan list'"))


def require_plan(conn: Connection, value: str | int, field: str = "PLAN") -> PlanView:
    row = q.get_plan(conn=conn, plan_id=plan_id(value, field))
    if row is None:
        raise NotFound(
            field,
            t(
                "ingen plan med ID {v}; se «recoverykit plan list»",
                "no plan with id {v}; see 'recoverykit plan list'",
                v=str(value).strip(),
            ),
        )
    return PlanView.from_row(row)


def require_measure(
    conn: Connection, plan: PlanView, number: str, field: str = "NUMBER"
) -> MeasureView:
    n = rules.parse_measure_number(field, number)
    row = q.get_measure(conn=conn, plan_id=plan.id, number_main=n.main, number_sub=n.sub)
    if row is None:
        raise NotFound(
            field,
            t(
                "plan {p} har ikke tiltak {n}; se «recoverykit plan measure list {p}»",
                "plan {p} has no measure {n}; see 'recoverykit plan measure list {p}'",
                p=plan.id,
                n=n,
            ),
        )
    return MeasureView.from_row(row)


def _check_new_title(conn: Connection, title: str, field: str) -> None:
    existing = q.get_plan_by_title_key(conn=conn, title_key=match_key(title))
    if existing is not None:
        raise Conflict(
            field,
            t(
                "en plan med tittelen «{ti}» finnes allerede (plan {i})",
                "a plan titled '{ti}' already exists (plan {i})",
                ti=title,
                i=existing["id"],
            ),
        )


def import_plan(db: Database, path: str | Path) -> tuple[PlanView, int]:
    """Import a whole plan file in one transaction; a broken file imports nothing."""
    from recoverykit.loaders.plan_yaml import load_plan

    doc = load_plan(path)
    with db.write() as conn:
        _check_new_title(conn, doc.title, str(path))
        new_id = q.insert_plan(
            conn=conn,
            title=doc.title,
            title_key=match_key(doc.title),
            unit=doc.unit,
            adopted_by=doc.adopted_by,
            adopted_on=doc.adopted_on,
            period_start=doc.period_start,
            period_end=doc.period_end,
            period_code=doc.period_code,
            description=doc.description,
            source=Path(path).name[:255],
        )
        areas = {}
        for area in doc.focus_areas:
            areas[area.id] = q.insert_focus_area(
                conn=conn, plan_id=new_id, key=area.id, name=area.name, description=area.description
            )
        for m in doc.measures:
            measure_id = q.insert_measure(
                conn=conn,
                plan_id=new_id,
                number_main=m.number.main,
                number_sub=m.number.sub,
                text=m.text,
                responsible=", ".join(m.responsible) or None,
                due=m.due,
                status=m.status.value,
                focus_area_id=areas.get(m.focus) if m.focus else None,
            )
            if m.note:
                q.insert_event(
                    conn=conn,
                    measure_id=measure_id,
                    event_date=clock.today(),
                    old_status=None,
                    new_status=None,
                    note=m.note,
                )
        plan = q.get_plan(conn=conn, plan_id=new_id)
    assert plan is not None
    return PlanView.from_row(plan), len(doc.measures)


def add_plan(
    db: Database,
    title: str,
    *,
    unit: str,
    adopted_by: str | None = None,
    adopted_on: str | None = None,
    period: str | None = None,
    start: str | None = None,
    end: str | None = None,
) -> PlanView:
    clean_title = clean_text("TITLE", title, max_length=TITLE_MAX)
    clean_unit = clean_text(Field("unit"), unit, max_length=NAME_MAX)
    by = optional_text(Field("adopted_by"), adopted_by, max_length=NAME_MAX)
    on = None if adopted_on is None else parse_date(Field("adopted_on"), adopted_on)
    code = None
    period_start: date | None
    period_end: date | None
    if period is not None and (start is not None or end is not None):
        raise Conflict(
            Field("period"),
            t("kan ikke brukes sammen med --from/--to", "cannot be combined with --from/--to"),
        )
    if period is not None:
        half = parse_period(Field("period"), period)
        period_start, period_end, code = half.start, half.end, half.code
    else:
        period_start = None if start is None else parse_date(Field("from"), start)
        period_end = None if end is None else parse_date(Field("to"), end)
        if period_end is not None and period_start is None:
            raise InvalidInput(Field("to"), t("trenger --from", "needs --from"))
        if period_start and period_end and period_end < period_start:
            raise InvalidInput(Field("to"), t("er før --from", "is before --from"))
    with db.write() as conn:
        _check_new_title(conn, clean_title, "TITLE")
        new_id = q.insert_plan(
            conn=conn,
            title=clean_title,
            title_key=match_key(clean_title),
            unit=clean_unit,
            adopted_by=by,
            adopted_on=on,
            period_start=period_start,
            period_end=period_end,
            period_code=code,
            description=None,
            source=None,
        )
        row = q.get_plan(conn=conn, plan_id=new_id)
    assert row is not None
    return PlanView.from_row(row)


def list_plans(db: Database, today: date | None = None) -> list[PlanStatus]:
    return plan_status(db, None, today)


def _responsible(value: str | None, field: str) -> str | None:
    if value is None:
        return None
    parts = [clean_text(field, part, max_length=NAME_MAX) for part in value.split(",")]
    joined = ", ".join(parts)
    if len(joined) > RESPONSIBLE_MAX:
        raise InvalidInput(
            field, t("er for lang (høyst {m} tegn)", "is too long (at most {m})", m=RESPONSIBLE_MAX)
        )
    return joined


def add_measure(
    db: Database,
    plan: str,
    text: str,
    *,
    responsible: str,
    due: str | None = None,
    focus: str | None = None,
    number: str | None = None,
    status: str | None = None,
) -> MeasureView:
    clean = clean_text("TEXT", text)
    who = _responsible(responsible, Field("responsible"))
    due_date = None if due is None else parse_date(Field("due"), due)
    state = MeasureStatus.PLANNED if status is None else rules.parse_status(Field("status"), status)
    wanted = None if number is None else rules.parse_measure_number(Field("number"), number)
    with db.write() as conn:
        p = require_plan(conn, plan)
        existing = [MeasureView.from_row(r).number for r in q.measures(conn=conn, plan_id=p.id)]
        n = wanted or rules.next_measure_number(existing)
        if n in existing:
            raise Conflict(
                Field("number"),
                t(
                    "plan {p} har allerede tiltak {n}",
                    "plan {p} already has measure {n}",
                    p=p.id,
                    n=n,
                ),
            )
        if n.parent is not None and n.parent not in existing:
            raise InvalidInput(
                Field("number"),
                t(
                    "underpunkt {n} mangler hovedpunkt {m}",
                    "sub-point {n} has no main point {m}",
                    n=n,
                    m=n.parent,
                ),
            )
        focus_id = None
        if focus is not None:
            areas = {match_key(a["key"]): a for a in q.focus_areas(conn=conn, plan_id=p.id)}
            area = areas.get(match_key(focus))
            if area is None:
                known = ", ".join(a["key"] for a in areas.values()) or "–"
                raise NotFound(
                    Field("focus"),
                    t(
                        "«{v}» er ikke et fokusområde i plan {p}; kjente er {k}",
                        "'{v}' is not a focus area of plan {p}; known are {k}",
                        v=focus.strip(),
                        p=p.id,
                        k=known,
                    ),
                )
            focus_id = int(area["id"])
        q.insert_measure(
            conn=conn,
            plan_id=p.id,
            number_main=n.main,
            number_sub=n.sub,
            text=clean,
            responsible=who,
            due=due_date,
            status=state.value,
            focus_area_id=focus_id,
        )
        return require_measure(conn, p, str(n))


def set_measure(
    db: Database,
    plan: str,
    number: str,
    *,
    status: str | None = None,
    note: str | None = None,
    evaluation: str | None = None,
    due: str | None = None,
    responsible: str | None = None,
    on: str | None = None,
) -> tuple[MeasureView, MeasureView]:
    """Change a measure; every status change and note goes into its dated log.

    Returns the measure before and after the change.
    """
    new_status = None if status is None else rules.parse_status(Field("status"), status)
    clean_note = optional_text(Field("note"), note)
    clean_eval = optional_text(Field("evaluation"), evaluation)
    due_date = None if due is None else parse_date(Field("due"), due)
    who = _responsible(responsible, Field("responsible"))
    when = event_date(Field("date"), on)
    if all(v is None for v in (new_status, clean_note, clean_eval, due_date, who)):
        raise Conflict(
            "plan measure set",
            t(
                "ingenting å endre; gi --status, --note, --evaluation, --due eller --responsible",
                "nothing to change; give --status, --note, --evaluation, --due or --responsible",
            ),
        )
    with db.write() as conn:
        p = require_plan(conn, plan)
        before = require_measure(conn, p, number)
        if new_status is not None:
            try:
                rules.check_status_change(before.status, new_status, note=clean_note)
            except InvalidInput as error:
                raise InvalidInput(Field(error.field), error.message) from None
        changes: dict[str, object] = {}
        if new_status is not None:
            changes["status"] = new_status.value
        if clean_eval is not None:
            changes["evaluation"] = clean_eval
        if due_date is not None:
            changes["due"] = due_date
        if who is not None:
            changes["responsible"] = who
        q.update_measure(conn=conn, measure_id=before.id, **changes)
        if new_status is not None or clean_note is not None:
            q.insert_event(
                conn=conn,
                measure_id=before.id,
                event_date=when,
                old_status=before.status.value if new_status is not None else None,
                new_status=None if new_status is None else new_status.value,
                note=clean_note,
            )
        after = require_measure(conn, p, number)
    return before, after


def list_measures(db: Database, plan: str) -> tuple[PlanView, list[MeasureView]]:
    with db.read() as conn:
        p = require_plan(conn, plan)
        notes = q.latest_notes(conn=conn, plan_id=p.id)
        rows = q.measures(conn=conn, plan_id=p.id)
    return p, [MeasureView.from_row(r, notes.get(int(r["id"]))) for r in rows]


def measure_log(db: Database, plan: str, number: str) -> tuple[MeasureView, list[MeasureEvent]]:
    with db.read() as conn:
        p = require_plan(conn, plan)
        m = require_measure(conn, p, number)
        rows = q.events(conn=conn, measure_id=m.id)
    events = [
        MeasureEvent(
            as_date(r["event_date"]) or date.min,
            None if r["old_status"] is None else MeasureStatus(r["old_status"]),
            None if r["new_status"] is None else MeasureStatus(r["new_status"]),
            r["note"],
        )
        for r in rows
    ]
    return m, events


def plan_status(
    db: Database, plan: str | None = None, today: date | None = None
) -> list[PlanStatus]:
    """Every plan (or one) with its measures in order, latest notes and progress."""
    day = today or clock.today()
    with db.read() as conn:
        if plan is None:
            plans = [PlanView.from_row(r) for r in q.list_plans(conn=conn)]
        else:
            plans = [require_plan(conn, plan, Field("plan"))]
        pid = None if plan is None else plans[0].id
        notes = q.latest_notes(conn=conn, plan_id=pid)
        rows = q.measures(conn=conn, plan_id=pid)
    by_plan: dict[int, list[MeasureView]] = {p.id: [] for p in plans}
    for r in rows:
        by_plan[int(r["plan_id"])].append(MeasureView.from_row(r, notes.get(int(r["id"]))))
    return [PlanStatus(p, by_plan[p.id], rules.plan_progress(by_plan[p.id], day)) for p in plans]
