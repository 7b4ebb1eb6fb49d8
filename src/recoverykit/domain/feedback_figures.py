"""Issue 14's aggregate figures from plain rows, each through the disclosure gate
(:mod:`recoverykit.domain.feedback_gate`). One function per figure; the rows come from the query
modules in ``store/`` (surveys, client_records, meetings); commands and reports call the same
functions, so a figure is computed once.

- :func:`survey_lines`: per instrument and subscale, responses, clients, the mean score and the
  mean change (first → latest score of clients with two or more scores up to the end of the span).
- :func:`rater_groups`: responses per instrument and rater (family feedback response counts).
- :func:`goal_figures`: clients with at least one own goal, clients and goals reached.
- :func:`month_presence`: per month, meetings (n), with the person present (``yes`` or
  ``partly``), partly, and the share.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from recoverykit.domain import feedback_gate as gate

Row = Mapping[str, Any]


@dataclass(frozen=True)
class SummaryLine:
    instrument: str
    subscale: str
    responses: int | None
    clients: int | None
    mean: float | None
    change_n: int | None  # clients with a first and a later score
    mean_change: float | None


def survey_lines(
    groups: Iterable[Row], changes: Iterable[Row], threshold: int
) -> list[SummaryLine]:
    """``groups``: instrument, subscale, responses, clients, n_scored, mean; ``changes``:
    instrument, subscale, n (clients with a first and a later score), total_change (their sum)."""
    totals: dict[tuple[str, str], tuple[int, float]] = {
        (r["instrument"], r["subscale"]): (int(r["n"]), float(r["total_change"] or 0.0))
        for r in changes
    }
    out = []
    for r in groups:
        n, total = totals.get((r["instrument"], r["subscale"]), (0, 0.0))
        mean_change = total / n if n else None
        out.append(
            SummaryLine(
                r["instrument"],
                r["subscale"],
                gate.gate_count(int(r["responses"]), threshold),
                gate.gate_count(int(r["clients"]), threshold),
                gate.gate_mean(int(r["n_scored"]), r["mean"], threshold),
                gate.gate_count(n, threshold),
                gate.gate_mean(n, mean_change, threshold),
            )
        )
    return out


def rater_groups(rows: Iterable[Row], threshold: int) -> dict[str, dict[str, int | None]]:
    """``rows``: instrument, rater, responses → per instrument, responses per rater (gated)."""
    per_inst: dict[str, dict[str, int]] = {}
    for r in rows:
        per_inst.setdefault(r["instrument"], {})[r["rater"]] = int(r["responses"])
    return {iid: gate.gate_groups(groups, threshold)[0] for iid, groups in per_inst.items()}


@dataclass(frozen=True)
class GoalFigures:
    with_goal: int | None
    clients_reached: int | None
    goals_reached: int | None


def goal_figures(row: Row, threshold: int) -> GoalFigures:
    return GoalFigures(
        gate.gate_count(int(row["with_goal"]), threshold),
        gate.gate_count(int(row["clients_reached"]), threshold),
        gate.gate_count(int(row["goals_reached"]), threshold),
    )


@dataclass(frozen=True)
class MonthPresence:
    month: str  # YYYY-MM
    meetings: int | None  # n, gated like every count (DESIGN.md §6)
    present: int | None  # yes + partly, gated
    partly: int | None
    share: float | None  # percent, None below the threshold

    @property
    def first_day(self) -> date:
        return date.fromisoformat(self.month + "-01")


def month_presence(rows: Iterable[Row], threshold: int) -> list[MonthPresence]:
    """``rows``: month, meetings, present, partly (plain counts per month)."""
    out = []
    for r in rows:
        n = int(r["meetings"])
        took_part = int(r["present"]) + int(r["partly"])
        hidden = n < threshold
        out.append(
            MonthPresence(
                str(r["month"]),
                gate.gate_count(n, threshold),
                None if hidden else took_part,
                None if hidden else int(r["partly"]),
                gate.gate_share(took_part, n, threshold),
            )
        )
    return out
