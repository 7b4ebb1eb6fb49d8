"""The report's FIT figures are counted in SQL but hidden exactly as ``fit summary`` hides them:
for every department, the report's summaries equal ``domain.fit.summary.summarise`` on the same
episodes and sessions (loaded here row by row, as the report never does)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from recoverykit.domain.fit.summary import EpisodeRow, SessionRow, Summary, summarise
from recoverykit.domain.periods import Month
from recoverykit.reports.fit import fit_section, fit_settings
from recoverykit.reports.scope import Scope
from recoverykit.store.connection import as_date
from tests.test_report_example import build_example


def _episodes(conn: Any, start: date, end: date, *, closed_only: bool) -> list[EpisodeRow]:
    from recoverykit.store.fit import period_episodes

    rows = period_episodes(conn=conn, department_id=None, start=start, end=end)
    out = []
    for r in rows:
        closed = as_date(r["closed_on"])
        if r["intake"] is None:  # no session yet: fit summary leaves it out
            continue
        if closed_only and (closed is None or not start <= closed <= end):
            continue
        out.append(
            EpisodeRow(
                client=r["client"],
                clinician=r["clinician"],
                department=r["department"],
                intake=float(r["intake"]),
                latest=float(r["latest"]),
                sessions=int(r["sessions"]),
                closed_on=closed,
                dropout=r["close_reason"] == "dropped-out",
                age_group=r["age_group"],
            )
        )
    return out


def _sessions(conn: Any, start: date, end: date) -> list[tuple[str, SessionRow]]:
    rows = conn.execute(
        "SELECT d.code AS dept, c.code AS client, s.session_date, s.ors_total, s.srs_total, "
        "s.srs_alert FROM fit_session s JOIN fit_episode e ON e.id = s.episode_id "
        "JOIN fit_client c ON c.id = e.client_id JOIN department d ON d.id = s.department_id "
        "WHERE s.session_date BETWEEN :a AND :b",
        {"a": start, "b": end},
    )
    return [
        (
            r["dept"],
            SessionRow(
                r["client"],
                as_date(r["session_date"]) or start,
                float(r["ors_total"]),
                r["srs_total"],
                bool(r["srs_alert"]),
            ),
        )
        for r in rows
    ]


def _without_effect_size(s: Summary) -> Summary:
    from dataclasses import replace

    return replace(s, effect_size=None, effect_size_n=None)


def check_month(conn: Any, month: Month) -> int:
    settings = fit_settings(conn)
    scope = Scope.month(month)
    section = fit_section(conn, scope)
    eps = _episodes(conn, month.first_day, month.last_day, closed_only=False)
    ses = _sessions(conn, month.first_day, month.last_day)
    closed = _episodes(conn, month.period.start, month.last_day, closed_only=True)
    for d in section.departments:
        expect_month = summarise(
            [e for e in eps if e.department == d.dept_code],
            [s for dept, s in ses if dept == d.dept_code],
            settings,
        )
        expect_half = summarise([e for e in closed if e.department == d.dept_code], [], settings)
        got_month, want_month = _without_effect_size(d.month), _without_effect_size(expect_month)
        assert (got_month.clients, got_month.sessions, got_month.episodes) == (
            want_month.clients,
            want_month.sessions,
            want_month.episodes,
        )
        assert got_month.intake_mean == want_month.intake_mean
        assert got_month.srs_alerts == want_month.srs_alerts
        want_half = _without_effect_size(expect_half)
        assert d.half.outcomes == want_half.outcomes, d.dept_code
        assert (d.half.closed, d.half.dropouts) == (want_half.closed, want_half.dropouts)
    return len(section.departments)


def test_example_unit_matches_summarise(db: Any) -> None:
    build_example(db)
    with db.write() as conn:  # an episode closed without any session counts nowhere
        client = conn.scalar("SELECT id FROM fit_client ORDER BY id LIMIT 1")
        dept = conn.scalar("SELECT department_id FROM fit_client WHERE id = :c", {"c": client})
        conn.execute(
            "INSERT INTO fit_episode (client_id, number, department_id, opened_on, closed_on, "
            "close_reason) VALUES (:c, 2, :d, :o, :o, 'other')",
            {"c": client, "d": dept, "o": date(2026, 3, 10)},
        )
    assert check_month(db.connection(), Month(2026, 3)) == 2


@pytest.mark.parametrize("month", [Month(2025, 3), Month(2025, 6), Month(2025, 11)])
def test_synthetic_unit_matches_summarise(db: Any, month: Month) -> None:
    from recoverykit.domain.fit.synthetic import generate
    from recoverykit.store.fit_bulk import bulk_insert_synthetic

    with db.write() as conn:
        bulk_insert_synthetic(conn=conn, unit=generate(seed=7, clients=400, departments=5))
    assert check_month(db.connection(), month) == 5
