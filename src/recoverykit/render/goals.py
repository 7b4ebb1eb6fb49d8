"""``goals list``: goals with progress bars and sparklines, and who has no goal yet."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any, TextIO

from recoverykit.domain.goals import outcome_label, progress_bar, sparkline
from recoverykit.i18n import decimal_mark, tr
from recoverykit.render.output import Column, print_rows

if TYPE_CHECKING:
    from recoverykit.services.goals import GoalsOverview, GoalView

TEXT_WIDTH = 40


def number(value: float | None) -> str:
    """``40``, ``7,5`` in Norwegian (``7.5`` in English), ``–`` for nothing."""
    if value is None:
        return "–"
    return decimal_mark(str(int(value)) if float(value).is_integer() else f"{value:g}")


def _with_unit(value: float | None, g: GoalView) -> str:
    if value is None:
        return "–"
    return f"{number(value)} {g.unit}" if g.unit else number(value)


def _json_goal(g: GoalView) -> dict[str, Any]:
    return {
        "id": g.id,
        "dept": g.dept_code,
        "period": g.period.code,
        "text": g.text,
        "indicator": g.indicator,
        "unit": g.unit,
        "baseline": g.baseline,
        "target": g.target,
        "latest": g.latest,
        "progress": None if g.progress is None else round(g.progress, 1),
        "readings": [{"date": d.isoformat(), "value": v} for d, v in g.readings],
        "outcome": None if g.outcome is None else g.outcome.value,
        "result": g.result,
        "result_on": None if g.result_on is None else g.result_on.isoformat(),
        "shared": [{"date": d.isoformat(), "where": p} for d, p in g.shares],
        "recovery_contact": g.recovery_contact,
        **({"computed": computed_json(g)} if g.computed else {}),
    }


def computed_json(g: GoalView) -> list[dict[str, Any]]:
    """``meetings-present`` months: n and share (``None`` where the disclosure gate hides it)."""
    return [
        {"month": m.month, "meetings": m.meetings, "present": m.present, "share": m.share}
        for m in g.computed
    ]


def computed_lines(g: GoalView, threshold_text: str) -> list[str]:
    """One line per goal with ``--indicator meetings-present``: each month's share with its n."""
    parts = []
    for m in g.computed:
        if m.share is None:
            parts.append(f"{m.month}: – (n {threshold_text})")
        else:
            parts.append(f"{m.month}: {number(m.share)} % (n={m.meetings})")
    body = "; ".join(parts) or tr("ingen møter registrert", "no meetings recorded")
    return [
        tr(
            "Mål {i}, møter med personen til stede: {b}",
            "Goal {i}, meetings with the person present: {b}",
            i=g.id,
            b=body,
        )
    ]


def missing_line(overview: GoalsOverview) -> str:
    """Which departments have no goal yet: codes only, never a named person beside a gap."""
    label = overview.period.label()
    if not overview.without_goal:
        return tr(
            "Alle avdelinger har mål for {p}.", "Every department has a goal for {p}.", p=label
        )
    return tr(
        "Ingen målbare mål registrert for {p}: {n}.",
        "No measurable goals recorded for {p}: {n}.",
        p=label,
        n=", ".join(d.code for d in overview.without_goal),
    )


def print_goals(overview: GoalsOverview, fmt: str, *, stream: TextIO | None = None) -> None:
    from recoverykit.render.output import show_date

    out = stream or sys.stdout
    data = [_json_goal(g) for g in overview.goals]
    if fmt != "table":
        doc = {
            "goals": data,
            "period": overview.period.code,
            "without_goal": [d.code for d in overview.without_goal],
        }
        keys = (
            [k for k in data[0] if k not in ("readings", "shared", "computed")] if data else ["id"]
        )
        print_rows(data, [Column(k, k) for k in keys], fmt, document=doc, stream=out)
        return
    rows = []
    for g in overview.goals:
        values = [v for _d, v in g.readings]
        lo, hi = (g.baseline, g.target) if g.baseline is not None else (None, None)
        latest_share = g.shares[-1] if g.shares else None
        rows.append(
            {
                "id": g.id,
                "dept": g.dept_code,
                "period": g.period.code,
                "text": g.text,
                "indicator": g.indicator,
                "numbers": (
                    f"{number(g.baseline)} → {_with_unit(g.target, g)}"
                    if g.baseline is not None
                    else "–"
                ),
                "latest": _with_unit(g.latest, g),
                "progress": progress_bar(g.progress) if g.target is not None else "–",
                "trend": sparkline(values, lo=lo, hi=hi) or "–",
                "outcome": "–" if g.outcome is None else outcome_label(g.outcome),
                "shared": (
                    f"{latest_share[1]} {show_date(latest_share[0])}" if latest_share else "–"
                ),
            }
        )
    columns = [
        Column("id", "ID", justify="right"),
        Column("dept", tr("Avdeling", "Department")),
        Column("period", tr("Halvår", "Half-year")),
        Column("text", tr("Mål", "Goal")),
        Column("indicator", tr("Indikator", "Indicator")),
        Column("numbers", tr("Start → mål", "Start → target")),
        Column("latest", tr("Siste", "Latest")),
        Column("progress", tr("Fremgang", "Progress")),
        Column("trend", tr("Målinger", "Readings")),
        Column("outcome", tr("Resultat", "Outcome")),
        Column("shared", tr("Sist delt", "Last shared")),
    ]
    print_rows(
        rows,
        columns,
        "table",
        stream=out,
        empty=tr(
            "Ingen mål her ennå. Legg til med «recoverykit goals add AVD HALVÅR TEKST --indicator …».",
            "No goals here yet. Add one with 'recoverykit goals add DEPT PERIOD TEXT --indicator …'.",
        ),
    )
    from recoverykit.render.fitting import wrap_lines

    out.write("\n" + wrap_lines(missing_line(overview), out) + "\n")
    from recoverykit.domain.goals import is_meetings_indicator

    for g in (x for x in overview.goals if is_meetings_indicator(x.indicator)):
        for line in computed_lines(
            g, tr("under grensen for små tall", "below the small-number threshold")
        ):
            out.write(line + "\n")
