"""The client's own recovery goals beside the ORS graph (``fit show`` and its SVG).

Kept apart from the FIT chart: the terminal gets a few lines after the graph, the SVG gets a
panel under the chart (the chart is nested unchanged, so the two never interfere). Goal text is
the person's own words: XML-escaped and stripped of control characters.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape

from recoverykit.i18n import tr

if TYPE_CHECKING:
    from recoverykit.services.client_records import OwnGoal

STATUS = {"active": ("aktivt", "active"), "reached": ("nådd", "reached"), "dropped": ("lagt bort", "dropped")}  # fmt: skip
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
ROW = 22


def _clean(text: str) -> str:
    return _CONTROL.sub(" ", text)


def ratings_text(g: OwnGoal) -> str:
    return " → ".join(str(v) for _, v in g.ratings) or "–"


def goal_lines(goals: Sequence[OwnGoal]) -> list[str]:
    if not goals:
        return []
    out = [tr("Egne recoverymål (0–10):", "Own recovery goals (0–10):")]
    for g in goals:
        out.append(f"  {g.number}. {_clean(g.text)}: {ratings_text(g)} ({tr(*STATUS[g.status])})")
    return out


def with_own_goals(svg: str, goals: Sequence[OwnGoal], width: int = 720, height: int = 420) -> str:
    """The chart ``svg`` with a panel of the person's own goals under it."""
    if not goals:
        return svg
    panel_h = 36 + ROW * len(goals)
    total = height + panel_h
    rows = [
        f'<text x="52" y="24" font-size="13" font-weight="bold" fill="#222">'
        f"{escape(tr('Egne recoverymål (0–10)', 'Own recovery goals (0–10)'))}</text>"
    ]
    for i, g in enumerate(goals):
        y = 44 + ROW * i
        latest = g.latest
        rows.append(
            f'<rect x="52" y="{y - 10}" width="100" height="10" fill="#eef1f5"/>'
            + (
                f'<rect x="52" y="{y - 10}" width="{latest * 10}" height="10" fill="#2e7d4f"/>'
                if latest is not None
                else ""
            )
        )
        label = f"{g.number}. {_clean(g.text)} · {ratings_text(g)} · {tr(*STATUS[g.status])}"
        rows.append(f'<text x="162" y="{y}" font-size="12" fill="#222">{escape(label)}</text>')
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {total}" '
        f'width="{width}" height="{total}" font-family="DejaVu Sans, Arial, Helvetica, sans-serif">\n'
        + svg.rstrip("\n")
        + f'\n<g transform="translate(0,{height})"><rect x="0" y="0" width="{width}" '
        f'height="{panel_h}" fill="#ffffff"/>' + "".join(rows) + "</g>\n</svg>\n"
    )
