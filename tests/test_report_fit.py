"""The FIT figures are counted in SQL (``store.fit_figures``, the production classification) and
the Python classification (``domain.fit.summary.count_figures``) is their test oracle: on the same
episodes and sessions (loaded here row by row, as the report never does) the counts agree, and
the report's gated figures equal the gate over the oracle's counts for every department."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from recoverykit.domain.fit.summary import EpisodeRow, SessionRow, count_figures, gate_figures
from recoverykit.domain.periods import Month
from recoverykit.reports.fit import fit_section, fit_settings
from recoverykit.reports.scope import Scope
from recoverykit.store.connection import as_date
from recoverykit.store.fit_figures import period_figures
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


def oracle(conn: Any, start: date, end: date, since: date) -> dict[str, tuple[Any, Any]]:
    """Per department: the Python counts of the range and of the closings since ``since``."""
    settings = fit_settings(conn)
    eps = _episodes(conn, start, end, closed_only=False)
    ses = _sessions(conn, start, end)
    closed = _episodes(conn, since, end, closed_only=True)
    codes = {e.department for e in eps} | {d for d, _ in ses} | {e.department for e in closed}
    return {
        code: (
            count_figures(
                [replace(e, closed_on=None) for e in eps if e.department == code],
                [x for d, x in ses if d == code],
                settings,
            ),
            count_figures([e for e in closed if e.department == code], [], settings),
        )
        for code in codes
    }


def close(a: float | None, b: float | None) -> bool:
    return a == b or (a is not None and b is not None and abs(a - b) <= 0.011)


def check_month(conn: Any, month: Month) -> int:
    settings = fit_settings(conn)
    scope = Scope.month(month)
    since = month.period.start
    section = fit_section(conn, scope)
    want = oracle(conn, month.first_day, month.last_day, since)
    ranged = period_figures(conn, month.first_day, month.last_day, settings, closed=False)
    closed = period_figures(conn, since, month.last_day, settings, ranged=False)
    for code, (want_range, want_closed) in want.items():
        got_range = ranged.departments[code].counts() if code in ranged.departments else None
        got_closed = closed.departments[code].counts() if code in closed.departments else None
        if got_range is not None:
            assert (got_range.clients, got_range.sessions, got_range.episodes) == (
                want_range.clients,
                want_range.sessions,
                want_range.episodes,
            )
            assert (got_range.alerts, got_range.intake_mean) == (
                want_range.alerts,
                want_range.intake_mean,
            )
        if got_closed is not None:
            assert dict(got_closed.outcomes) == want_closed.outcomes, code
            assert (got_closed.dropouts, got_closed.measured) == (
                want_closed.dropouts,
                want_closed.measured,
            )
            assert close(got_closed.mean_change, want_closed.mean_change)
            assert close(got_closed.effect_size, want_closed.effect_size)
    # The gate over the oracle's counts hides exactly what the report hides.
    blank = count_figures([], [], settings)
    month_gated, _, _ = gate_figures(
        {c: r for c, (r, _) in want.items()}, _sum(w[0] for w in want.values()), settings
    )
    half_gated, _, _ = gate_figures(
        {c: h for c, (_, h) in want.items()}, _sum(w[1] for w in want.values()), settings
    )
    assert blank.closed == 0
    for d in section.departments:
        m, h = month_gated[d.dept_code], half_gated[d.dept_code]
        assert (d.month.clients, d.month.sessions, d.month.episodes, d.month.srs_alerts) == (
            m.clients,
            m.sessions,
            m.episodes,
            m.srs_alerts,
        )
        assert d.half.outcomes == h.outcomes and d.half.closed == h.closed
        assert d.half.dropouts == h.dropouts
    return len(section.departments)


def _sum(rows: Any) -> Any:
    from recoverykit.domain.fit.summary import OUTCOME_GROUPS, SummaryCounts

    rows = list(rows)
    return SummaryCounts(
        clients=sum(r.clients for r in rows),
        sessions=sum(r.sessions for r in rows),
        episodes=sum(r.episodes for r in rows),
        intake_mean=None,
        outcomes={g: sum(r.outcomes[g] for r in rows) for g in OUTCOME_GROUPS},
        dropouts=sum(r.dropouts for r in rows),
        alerts=sum(r.alerts for r in rows),
        measured=sum(r.measured for r in rows),
    )


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


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    seed=st.integers(min_value=0, max_value=10_000),
    clients=st.integers(min_value=1, max_value=40),
    rc_tenths=st.integers(min_value=30, max_value=80),
    inclusive=st.booleans(),
    cutoff=st.integers(min_value=200, max_value=300),
)
def test_sql_and_python_classification_agree(
    db: Any, seed: int, clients: int, rc_tenths: int, inclusive: bool, cutoff: int
) -> None:
    """Property: over random synthetic units and random settings (reliable change and cut-off
    on and around the scores), the SQL classification equals the Python oracle's."""
    from recoverykit.domain.fit.settings import FitSettings
    from recoverykit.domain.fit.synthetic import generate
    from recoverykit.store.fit_bulk import bulk_insert_synthetic

    with db.write() as conn:
        for table in ("fit_session", "fit_episode", "fit_client"):
            conn.execute(f"DELETE FROM {table}")
        bulk_insert_synthetic(conn=conn, unit=generate(seed=seed, clients=clients, departments=3))
    s = FitSettings(
        reliable_change=rc_tenths / 10,
        reliable_change_inclusive=inclusive,
        ors_cutoff_adult=cutoff / 10,
    )
    conn = db.connection()
    start, end = date(2024, 1, 1), date(2025, 12, 31)
    got = period_figures(conn, start, end, s, ranged=False)
    eps = _episodes(conn, start, end, closed_only=True)
    for code, counts in got.departments.items():
        want = count_figures([e for e in eps if e.department == code], [], s)
        assert dict(counts.counts().outcomes) == want.outcomes
        assert counts.dropouts == want.dropouts and counts.measured == want.measured
