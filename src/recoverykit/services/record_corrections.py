"""Correcting the unit's records, with history: plan remove, plan measure edit | remove, goals
edit | remove, share remove, staff remove. Every input is checked before anything is written;
the change and its before/after (``correction`` table) are one transaction."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from typing import Any

from recoverykit import clock
from recoverykit.domain.dates import parse_date, parse_decimal
from recoverykit.domain.text import clean_text, match_key, optional_text
from recoverykit.errors import Conflict, Field, InvalidInput, NotFound
from recoverykit.i18n import t
from recoverykit.services import corrections
from recoverykit.services.ids import parse_id
from recoverykit.store.connection import Database

# --- share remove -------------------------------------------------------------------------------


def remove_share(db: Database, share: str) -> dict[str, Any]:
    from recoverykit.store import goals as q

    share_id = parse_id("ID", share, t("«recoverykit share list»", "'recoverykit share list'"))
    with db.write() as conn:
        row = q.get_share(conn=conn, share_id=share_id)
        if row is None:
            raise NotFound(
                "ID",
                t(
                    "ingen deling med ID {v}; se «recoverykit share list»",
                    "no sharing with id {v}; see 'recoverykit share list'",
                    v=share_id,
                ),
            )
        before = {k: row[k] for k in ("id", "shared_on", "dept_code", "text", "place")}
        q.delete_share(conn=conn, share_id=share_id)
        corrections.log(conn, "share", "remove", f"{row['dept_code']} {share_id}", before, None)
    return before


# --- staff remove -------------------------------------------------------------------------------


def remove_staff(db: Database, name: str, *, with_records: bool = False) -> dict[str, Any]:
    from recoverykit.services.staff import require_staff
    from recoverykit.store import staff as q

    with db.write() as conn:
        s = require_staff(conn, name)
        count = q.count_activities(conn=conn, staff_id=s.id)
        if count and not with_records:
            raise Conflict(
                "NAME",
                t(
                    "{n} har {c} registrerte lesinger/kurs; gi --with-records for å slette dem "
                    "også (eller «staff leave» når noen slutter)",
                    "{n} has {c} recorded readings/courses; give --with-records to remove them "
                    "too (or 'staff leave' when someone leaves)",
                    n=s.name,
                    c=count,
                ),
            )
        before = {k: v for k, v in asdict(s).items() if k != "id"} | {"records": count}
        q.delete_staff(conn=conn, staff_id=s.id)
        corrections.log(conn, "staff", "remove", s.name, before, None)
    return before


# --- goals edit | remove ---------------------------------------------------------------------------


def _goal_snapshot(g: Any) -> dict[str, Any]:
    return {
        "id": g.id,
        "dept": g.dept_code,
        "period": str(g.period),
        "text": g.text,
        "indicator": g.indicator,
        "unit": g.unit,
        "baseline": g.baseline,
        "target": g.target,
    }


def edit_goal(
    db: Database,
    goal: str,
    *,
    text: str | None = None,
    indicator: str | None = None,
    unit: str | None = None,
    baseline: str | None = None,
    target: str | None = None,
) -> tuple[dict[str, Any], dict[str, Any]]:
    from recoverykit.domain import goals as rules
    from recoverykit.services.goals import INDICATOR_MAX, UNIT_MAX, require_goal
    from recoverykit.store import goals as q

    values: dict[str, Any] = {}
    if text is not None:
        values["text"] = clean_text(Field("text"), text)
    if indicator is not None:
        values["indicator"] = clean_text(Field("indicator"), indicator, max_length=INDICATOR_MAX)
    if unit is not None:
        values["unit"] = optional_text(Field("unit"), unit, max_length=UNIT_MAX)
    if baseline is not None:
        values["baseline"] = parse_decimal(Field("baseline"), baseline)
    if target is not None:
        values["target"] = parse_decimal(Field("target"), target)
    if not values:
        raise InvalidInput(
            Field("text"),
            t(
                "ingenting å endre; gi --text, --indicator, --unit, --baseline eller --target",
                "nothing to change; give --text, --indicator, --unit, --baseline or --target",
            ),
        )
    with db.write() as conn:
        g = require_goal(conn, goal)
        before = _goal_snapshot(g)
        base = values.get("baseline", g.baseline)
        aim = values.get("target", g.target)
        try:
            rules.check_goal_numbers(base, aim)
        except InvalidInput as error:
            raise InvalidInput(Field(error.field), error.message) from None
        q.update_goal(conn=conn, goal_id=g.id, values=values)
        after = _goal_snapshot(require_goal(conn, g.id))
        corrections.log(conn, "goal", "edit", f"{g.dept_code} {g.period} {g.id}", before, after)
    return before, after


def remove_goal(db: Database, goal: str) -> dict[str, Any]:
    from recoverykit.services.goals import require_goal
    from recoverykit.store import goals as q

    with db.write() as conn:
        g = require_goal(conn, goal)
        before = _goal_snapshot(g) | {
            "outcome": None if g.outcome is None else str(g.outcome.value),
            "result": g.result,
        }
        before |= q.delete_goal(conn=conn, goal_id=g.id)
        corrections.log(conn, "goal", "remove", f"{g.dept_code} {g.period} {g.id}", before, None)
    return before


# --- plan remove, plan measure edit | remove ---------------------------------------------------


def remove_plan(db: Database, plan: str) -> dict[str, Any]:
    from recoverykit.services.plans import require_plan
    from recoverykit.store import plans as q

    with db.write() as conn:
        p = require_plan(conn, plan)
        before: dict[str, Any] = {"id": p.id, "title": p.title, "unit": p.unit}
        before |= q.delete_plan(conn=conn, plan_id=p.id)
        corrections.log(conn, "plan", "remove", f"{p.id} {p.title}", before, None)
    return before


def _measure_snapshot(m: Any) -> dict[str, Any]:
    return {
        "number": str(m.number),
        "text": m.text,
        "responsible": m.responsible,
        "due": m.due,
        "status": m.status.value,
        "focus": m.focus,
    }


def edit_measure(
    db: Database,
    plan: str,
    number: str,
    *,
    text: str | None = None,
    responsible: str | None = None,
    due: str | None = None,
    no_due: bool = False,
    focus: str | None = None,
) -> tuple[dict[str, Any], dict[str, Any]]:
    from recoverykit.services.plans import _responsible, require_measure, require_plan
    from recoverykit.store import plans as q

    values: dict[str, Any] = {}
    if text is not None:
        values["text"] = clean_text(Field("text"), text)
    if responsible is not None:
        values["responsible"] = _responsible(responsible, Field("responsible"))
    if due is not None and no_due:
        raise InvalidInput(
            Field("no_due"), t("bruk enten --due eller --no-due", "use either --due or --no-due")
        )
    if due is not None:
        values["due"] = parse_date(Field("due"), due)
    if no_due:
        values["due"] = None
    if not values and focus is None:
        raise InvalidInput(
            Field("text"),
            t(
                "ingenting å endre; gi --text, --responsible, --due, --no-due eller --focus",
                "nothing to change; give --text, --responsible, --due, --no-due or --focus",
            ),
        )
    with db.write() as conn:
        p = require_plan(conn, plan)
        m = require_measure(conn, p, number)
        before = _measure_snapshot(m)
        if focus is not None:
            areas = {match_key(a["key"]): a for a in q.focus_areas(conn=conn, plan_id=p.id)}
            area = areas.get(match_key(focus))
            if area is None:
                raise NotFound(
                    Field("focus"),
                    t(
                        "«{v}» er ikke et fokusområde i plan {p}; kjente er {k}",
                        "'{v}' is not a focus area of plan {p}; known are {k}",
                        v=focus.strip(),
                        p=p.id,
                        k=", ".join(a["key"] for a in areas.values()) or "–",
                    ),
                )
            q.set_measure_focus(conn=conn, measure_id=m.id, focus_area_id=int(area["id"]))
        q.update_measure(conn=conn, measure_id=m.id, **values)
        after = _measure_snapshot(require_measure(conn, p, number))
        corrections.log(conn, "measure", "edit", f"plan {p.id} {m.number}", before, after)
    return before, after


def remove_measure(db: Database, plan: str, number: str) -> dict[str, Any]:
    from recoverykit.services.plan_views import MeasureView
    from recoverykit.services.plans import require_measure, require_plan
    from recoverykit.store import plans as q

    with db.write() as conn:
        p = require_plan(conn, plan)
        m = require_measure(conn, p, number)
        subs = [
            str(v.number)
            for v in (MeasureView.from_row(r) for r in q.measures(conn=conn, plan_id=p.id))
            if v.number.parent == m.number
        ]
        if subs:
            raise Conflict(
                "NUMBER",
                t(
                    "tiltak {n} har underpunkter ({s}); fjern dem først",
                    "measure {n} has sub-points ({s}); remove them first",
                    n=m.number,
                    s=", ".join(subs),
                ),
            )
        before = _measure_snapshot(m)
        before["log_entries"] = q.delete_measure(conn=conn, measure_id=m.id)
        corrections.log(conn, "measure", "remove", f"plan {p.id} {m.number}", before, None)
    return before


def today() -> date:
    return clock.today()


# --- plan import --update ---------------------------------------------------------------------------


def update_plan(db: Database, path: str) -> tuple[Any, list[tuple[str, str, str]]]:
    """Update an imported plan from its (edited) file, measure by measure number.

    The plan is found by its title. A measure in the file that the plan lacks is added; one whose
    text, responsible, due date, status or focus area differs is updated (a status change is
    logged as in ``plan measure set``); a measure only in the database is kept and reported.
    Returns the plan and ``(number, what, detail)`` for each difference."""
    from recoverykit.loaders.plan_yaml import load_plan
    from recoverykit.services.plan_views import MeasureView, PlanView
    from recoverykit.store import plans as q

    doc = load_plan(path)
    changes: list[tuple[str, str, str]] = []
    with db.write() as conn:
        row = q.get_plan_by_title_key(conn=conn, title_key=match_key(doc.title))
        if row is None:
            raise NotFound(
                "FILE.yaml",
                t(
                    "ingen plan med tittelen «{ti}»; importer den uten --update først",
                    "no plan titled '{ti}'; import it without --update first",
                    ti=doc.title,
                ),
            )
        plan = PlanView.from_row(row)
        areas = {a["key"]: int(a["id"]) for a in q.focus_areas(conn=conn, plan_id=plan.id)}
        for area in doc.focus_areas:
            if area.id not in areas:
                areas[area.id] = q.insert_focus_area(
                    conn=conn, plan_id=plan.id, key=area.id, name=area.name,
                    description=area.description,
                )  # fmt: skip
                changes.append((area.id, "focus", area.name))
        stored = {
            str(v.number): v
            for v in (MeasureView.from_row(r) for r in q.measures(conn=conn, plan_id=plan.id))
        }
        for m in doc.measures:
            key = str(m.number)
            wanted: dict[str, Any] = {
                "text": m.text,
                "responsible": ", ".join(m.responsible) or None,
                "due": m.due,
                "status": m.status.value,
                "focus": m.focus,
            }
            old = stored.get(key)
            if old is None:
                q.insert_measure(
                    conn=conn, plan_id=plan.id, number_main=m.number.main,
                    number_sub=m.number.sub, text=m.text, responsible=wanted["responsible"],
                    due=m.due, status=m.status.value,
                    focus_area_id=areas.get(m.focus) if m.focus else None,
                )  # fmt: skip
                changes.append((key, "added", m.text))
                corrections.log(conn, "measure", "update", f"plan {plan.id} {key}", None, wanted)
                continue
            before: dict[str, Any] = {
                "text": old.text,
                "responsible": old.responsible,
                "due": old.due,
                "status": old.status.value,
                "focus": old.focus,
            }
            differs = [k for k in wanted if wanted[k] != before[k]]
            if not differs:
                continue
            q.update_measure(
                conn=conn,
                measure_id=old.id,
                **{k: wanted[k] for k in differs if k in ("text", "responsible", "due", "status")},
            )
            if "focus" in differs:
                q.set_measure_focus(
                    conn=conn,
                    measure_id=old.id,
                    focus_area_id=areas.get(m.focus) if m.focus else None,
                )
            if "status" in differs:
                q.insert_event(
                    conn=conn, measure_id=old.id, event_date=clock.today(),
                    old_status=old.status.value, new_status=m.status.value,
                    note=t("endret ved plan import --update", "changed by plan import --update").nb,
                )  # fmt: skip
            changes.append((key, "changed", ", ".join(differs)))
            corrections.log(
                conn,
                "measure",
                "update",
                f"plan {plan.id} {key}",
                {k: before[k] for k in differs},
                {k: wanted[k] for k in differs},
            )
        in_file = {str(m.number) for m in doc.measures}
        for key in stored:
            if key not in in_file:
                changes.append((key, "kept", stored[key].text))
    return plan, changes
