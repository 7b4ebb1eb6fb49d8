"""How ``recoverykit values summary`` prints: the table, the suppression note, the CHIME words."""

from __future__ import annotations

from typing import TYPE_CHECKING

from recoverykit.cli.common import echo
from recoverykit.i18n import tr

if TYPE_CHECKING:
    from recoverykit.services.values import SummaryView


def _share(value: object) -> str:
    return f"{round(float(value) * 100)} %" if isinstance(value, float) and value else "–"


def print_summary(view: SummaryView, fmt: str, top: int) -> None:
    from recoverykit.render.output import Column, print_rows

    summary = view.summary
    rows = [
        {"value": r.name, "count": r.count, "share": round(r.share, 3) if r.share else None}
        for r in summary.rows
        if not r.key.endswith("*")
    ][:top]
    rows += [
        {"value": r.name, "count": r.count, "share": None}
        for r in summary.rows
        if r.key.endswith("*")
    ]
    columns = [
        Column("value", tr("Verdi", "Value")),
        Column("count", tr("Antall", "Count"), justify="right"),
        Column("share", tr("Andel", "Share"), justify="right", render=_share),
    ]
    if fmt != "table":
        print_rows([] if summary.suppressed else rows, columns, fmt)
        return
    where = view.department or tr("hele enheten", "the whole unit")
    echo(
        tr(
            "Verdiøvelsen – {w}: {n} {p}. De verdiene flest beholdt blant sine 5 "
            "viktigste (ingen navn eller koder vises):",
            "Values exercise – {w}: {n} {pe}. The values most often kept among "
            "the 5 most important (no names or codes are shown):",
            w=where,
            n=summary.participants,
            p="deltaker" if summary.participants == 1 else "deltakere",
            pe="participant" if summary.participants == 1 else "participants",
        )
        if not summary.suppressed
        else tr(
            "Verdiøvelsen – {w}: for få deltakere til å vise et sammendrag uten å peke ut "
            "enkeltpersoner. Tall under {m} vises ikke, heller ikke når de kunne regnes ut fra "
            "enheten minus de andre avdelingene.",
            "Values exercise – {w}: too few participants to show a summary without pointing "
            "to individuals. Counts under {m} are not shown, nor when they could be worked out "
            "from the unit minus the other departments.",
            w=where,
            m=summary.min_group,
        )
    )
    if not summary.suppressed:
        echo()
        print_rows(rows, columns, fmt)
        if view.reflections:
            echo(
                tr(
                    "{n} refleksjonssvar er lagret; de vises ikke her.",
                    "{n} reflection answers are stored; they are not shown here.",
                    n=view.reflections,
                )
            )
    if view.chime:
        echo()
        echo(
            tr(
                "Til refleksjon i avdelingen – de fem prosessene (CHIME). Dette betyr "
                "begrepet for meg:",
                "For reflection in the department – the five processes (CHIME). What the "
                "word means to me:",
            )
        )
        for word, question in view.chime:
            echo(f"  {word}: {question}")
