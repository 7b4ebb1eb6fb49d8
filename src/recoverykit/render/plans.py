"""The plan status view ("recovery-hjørnet"): one table per plan, in table, JSON or CSV.

A table has colours (Rich) only on a terminal; piped, it is plain aligned text. Overdue
measures are marked in words (``planlagt – OVER FRIST``) so the mark survives without colour.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any, TextIO

from recoverykit.domain.plans import MeasureStatus, status_label
from recoverykit.i18n import tr
from recoverykit.render.output import Column, is_terminal, one_line, to_plain_table

if TYPE_CHECKING:
    from recoverykit.services.plans import MeasureView, PlanStatus

TEXT_WIDTH = 60
NOTE_WIDTH = 40
STATUS_STYLES = {
    MeasureStatus.PLANNED: "white",
    MeasureStatus.IN_PROGRESS: "yellow",
    MeasureStatus.DONE: "green",
    MeasureStatus.ONGOING: "cyan",
    MeasureStatus.DROPPED: "dim",
}


_ANSI = {
    "white": "\x1b[37m",
    "yellow": "\x1b[33m",
    "green": "\x1b[32m",
    "cyan": "\x1b[36m",
    "dim": "\x1b[2m",
    "bold red": "\x1b[1;31m",
}


def shorten(text: str | None, width: int) -> str:
    if not text:
        return "–"
    flat = one_line(text)
    return flat if len(flat) <= width else flat[: width - 1].rstrip() + "…"


def status_text(m: MeasureView, today: date) -> str:
    label = status_label(m.status)
    if m.overdue(today):
        return f"{label} – {tr('OVER FRIST', 'OVERDUE')}"
    return label


def _columns() -> list[Column]:
    return [
        Column("number", tr("Nr.", "No."), justify="right"),
        Column("text", tr("Tiltak", "Measure")),
        Column("responsible", tr("Ansvarlig", "Responsible")),
        Column("due", tr("Frist", "Due")),
        Column("status", tr("Status", "Status")),
        Column("note", tr("Siste notat", "Latest note")),
    ]


def _cells(m: MeasureView, today: date) -> dict[str, str]:
    from recoverykit.render.output import show_date

    return {
        "number": str(m.number),
        "text": one_line(m.text or "–"),
        "responsible": m.responsible or "–",
        "due": show_date(m.due),
        "status": status_text(m, today),
        "note": one_line(m.latest_note or "–"),
    }


def heading(s: PlanStatus) -> list[str]:
    from recoverykit.render.output import show_date

    p = s.plan
    lines = [tr("Plan {i}: {ti}", "Plan {i}: {ti}", i=p.id, ti=one_line(p.title))]
    facts = []
    if p.adopted_by or p.adopted_on:
        by = f" {p.adopted_by}" if p.adopted_by else ""
        on = f" {show_date(p.adopted_on)}" if p.adopted_on else ""
        facts.append(tr("vedtatt av{b}{o}", "adopted by{b}{o}", b=by, o=on))
    period = p.period_label()
    if period:
        facts.append(tr("periode {p}", "period {p}", p=period))
    if facts:
        line = " · ".join(facts)
        lines.append(line[0].upper() + line[1:])
    lines.append(str(s.progress.summary()))
    return lines


def _json_plan(s: PlanStatus, today: date) -> dict[str, Any]:
    p = s.plan
    return {
        "id": p.id,
        "title": p.title,
        "unit": p.unit,
        "adopted_by": p.adopted_by,
        "adopted_on": p.adopted_on.isoformat() if p.adopted_on else None,
        "period": p.period_label(),
        "counted": s.progress.counted,
        "carried_out": s.progress.carried_out,
        "overdue": s.progress.overdue,
        "dropped": s.progress.dropped,
        "measures": [_flat(m, today) for m in s.measures],
    }


def _flat(m: MeasureView, today: date) -> dict[str, Any]:
    return {
        "number": str(m.number),
        "text": m.text,
        "responsible": m.responsible,
        "due": m.due.isoformat() if m.due else None,
        "status": m.status.value,
        "status_label": status_label(m.status),
        "overdue": m.overdue(today),
        "focus": m.focus,
        "latest_note": m.latest_note,
        "latest_note_on": m.latest_note_on.isoformat() if m.latest_note_on else None,
        "evaluation": m.evaluation,
    }


CSV_KEYS = (
    "plan_id", "plan_title", "number", "text", "responsible", "due", "status", "overdue",
    "focus", "latest_note", "latest_note_on", "evaluation",
)  # fmt: skip


def print_plan_status(
    statuses: Sequence[PlanStatus], fmt: str, today: date, *, stream: TextIO | None = None
) -> None:
    from recoverykit.render.output import print_rows

    out = stream or sys.stdout
    if fmt != "table":
        document = [_json_plan(s, today) for s in statuses] if fmt == "json" else None
        rows = [
            {"plan_id": s.plan.id, "plan_title": s.plan.title, **_flat(m, today)}
            for s in statuses
            for m in s.measures
        ]
        print_rows(rows, [Column(k, k) for k in CSV_KEYS], fmt, document=document, stream=out)
        return
    if not statuses:
        out.write(
            tr(
                "Ingen planer ennå. Importer en med «recoverykit plan import FIL.yaml».",
                "No plans yet. Import one with 'recoverykit plan import FILE.yaml'.",
            )
            + "\n"
        )
        return
    if is_terminal(out):
        _fitted(statuses, today, out)
        return
    for i, s in enumerate(statuses):
        if i:
            out.write("\n")
        out.write("\n".join(heading(s)) + "\n\n")
        if s.measures:
            out.write(to_plain_table([_cells(m, today) for m in s.measures], _columns()))
        else:
            out.write(tr("Ingen tiltak ennå.", "No measures yet.") + "\n")


def _fitted(statuses: Sequence[PlanStatus], today: date, out: TextIO) -> None:
    """On a terminal: each plan's table fitted to the width; the measure and the latest note
    move under their row when the table is too wide (render/fitting.py)."""
    from recoverykit.render import fitting

    width = fitting.terminal_width(out)
    columns = _columns()
    for s in statuses:
        out.write(fitting.wrap_lines("\n".join(heading(s)), out) + "\n\n")
        if not s.measures:
            out.write(tr("Ingen tiltak ennå.", "No measures yet.") + "\n\n")
            continue
        rows = [[_cells(m, today)[c.key] for c in columns] for m in s.measures]

        def status_style(row: int, _text: str, measures: Sequence[MeasureView] = s.measures) -> str:
            m = measures[row]
            return _ANSI["bold red" if m.overdue(today) else STATUS_STYLES[m.status]]

        out.write(
            fitting.fit_table(
                [c.header for c in columns],
                rows,
                [c.justify for c in columns],
                width,
                wide=fitting.WIDE,
                styles=[status_style if c.key == "status" else None for c in columns],
                color=not os.environ.get("NO_COLOR"),
            )
        )
        out.write("\n")
