"""The FIT section, per department only: clients, sessions, intake mean and alliance alerts in the
range; outcome groups among episodes closed so far in the half-year. Never a clinician, never a
ranking (departments are listed by code).

A view-model with no SQL of its own: the counts come from ``store.fit_figures`` (the read path
``fit summary`` uses too) for every department and the unit at once, and pass the disclosure gate
(``domain.fit.summary.gate_figures``) together — the unit's report and every department's report
of the same period are one output, so the same cells are hidden in each.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from recoverykit.domain.disclosure import rule_text
from recoverykit.domain.fit.change import Category
from recoverykit.domain.fit.settings import FitSettings
from recoverykit.domain.fit.summary import OUTCOME_GROUPS, Summary, SummaryCounts, gate_figures
from recoverykit.domain.text import norwegian_sort_key
from recoverykit.reports.scope import Scope
from recoverykit.store.connection import Connection
from recoverykit.store.fit import load_settings
from recoverykit.store.fit_figures import period_figures


@dataclass(frozen=True)
class DepartmentFit:
    dept_code: str
    month: Summary  # clients, sessions, episodes, intake mean, alerts in the range
    half: Summary  # outcomes among episodes closed from the half-year's start to the range's end

    @property
    def mean_change(self) -> float | None:
        """Among measured closed episodes; None when hidden or below the threshold."""
        return self.half.mean_change

    @property
    def improved(self) -> int | None:
        """Reliably improved, recovered included (None when either is hidden)."""
        a, b = (
            self.half.outcomes[Category.RECOVERED],
            self.half.outcomes[Category.RELIABLY_IMPROVED],
        )
        return None if a is None or b is None else a + b


@dataclass(frozen=True)
class FitSection:
    half_start: date
    threshold: int
    departments: tuple[DepartmentFit, ...]
    hid_any: bool = False  # the output (unit and every department) hides something

    @property
    def has_data(self) -> bool:
        return bool(self.departments)

    @property
    def suppressed_any(self) -> bool:
        return self.hid_any

    @property
    def rule(self) -> str:
        """The rule and the threshold in plain words."""
        return rule_text(self.threshold)


def fit_settings(conn: Connection) -> FitSettings:
    return load_settings(conn)


FitCache = dict[tuple[date, date, date], tuple[FitSettings, dict[str, DepartmentFit], bool]]


def _all_departments(
    conn: Connection, start: date, end: date, since: date
) -> tuple[FitSettings, dict[str, DepartmentFit], bool]:
    settings = load_settings(conn)
    ranged = period_figures(conn, start, end, settings, closed=False)
    closed = period_figures(conn, since, end, settings, ranged=False)
    month, _, g1 = gate_figures(
        {k: v.counts() for k, v in ranged.departments.items()}, ranged.unit.counts(), settings
    )
    half, _, g2 = gate_figures(
        {k: v.counts() for k, v in closed.departments.items()}, closed.unit.counts(), settings
    )
    out = {}
    for code in set(month) | set(half):
        blank = gate_figures({code: _zero()}, None, settings)[0][code]
        out[code] = DepartmentFit(code, month.get(code, blank), half.get(code, blank))
    return settings, out, g1.hid_any or g2.hid_any


def _zero() -> SummaryCounts:
    return SummaryCounts(0, 0, 0, None, dict.fromkeys(OUTCOME_GROUPS, 0), 0, 0)


def fit_section(
    conn: Connection,
    scope: Scope,
    half_start: date | None = None,
    cache: FitCache | None = None,
) -> FitSection:
    """Range figures for ``scope`` and outcomes closed from ``half_start`` (default: the start of
    the half-year the range ends in) to the range's end. ``cache`` shares one gated output
    between the unit's report and the departments' reports of the same run."""
    since = half_start or scope.period.start
    key = (scope.start, scope.end, since)
    if cache is not None and key in cache:
        settings, rows, hid_any = cache[key]
    else:
        settings, rows, hid_any = _all_departments(conn, scope.start, scope.end, since)
        if cache is not None:
            cache[key] = (settings, rows, hid_any)
    chosen = [
        d for code, d in rows.items() if scope.department is None or code == scope.department.code
    ]
    chosen.sort(key=lambda d: norwegian_sort_key(d.dept_code))
    return FitSection(since, settings.suppression_threshold, tuple(chosen), hid_any)
