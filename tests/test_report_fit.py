"""The FIT figures are counted in SQL (``store.fit_figures``, the production classification) and
the Python classification (``domain.fit.summary.count_figures``) is their test oracle: on the same
episodes and sessions (loaded here row by row, as the report never does) the counts agree, and
the report's gated figures equal the gate over the oracle's counts for every department."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from recoverykit.domain.fit.series import Rated, ors_scores, primary_rater, rater_series
from recoverykit.domain.fit.summary import EpisodeRow, SessionRow, count_figures, gate_figures
from recoverykit.domain.periods import Month
from recoverykit.reports.fit import fit_section, fit_settings
from recoverykit.reports.scope import Scope
from recoverykit.store.connection import as_date
from recoverykit.store.fit_figures import period_figures
from tests.test_report_example import build_example


def _episodes(conn: Any, start: date, end: date, *, closed_only: bool) -> list[EpisodeRow]:
    """Episode rows worked out in Python from every rating (``domain.fit.series``), not from the
    SQL that picks the primary series: the intake rater's ORS series is the episode's."""
    ratings: dict[int, list[Rated]] = {}
    for r in conn.execute(
        "SELECT episode_id, session_date, rater, ors1, ors2, ors3, ors4 FROM fit_session"
    ):
        items = (r["ors1"], r["ors2"], r["ors3"], r["ors4"])
        ors = None if items[0] is None else tuple(float(x) for x in items)
        day = as_date(r["session_date"])
        assert day is not None
        ratings.setdefault(int(r["episode_id"]), []).append(
            Rated(day, str(r["rater"]), ors, None)  # type: ignore[arg-type]
        )
    out = []
    for r in conn.execute(
        "SELECT e.id, c.code AS client, c.clinician_key AS clinician, d.code AS department, "
        "c.age_group, e.closed_on, e.close_reason FROM fit_episode e "
        "JOIN fit_client c ON c.id = e.client_id JOIN department d ON d.id = e.department_id "
        "ORDER BY e.id"
    ):
        closed = as_date(r["closed_on"])
        rated = ratings.get(int(r["id"]), [])
        closed_in = closed is not None and start <= closed <= end
        if not (closed_in or any(start <= x.day <= end for x in rated)):
            continue
        primary = primary_rater(rated)
        if primary is None:  # no ORS yet: fit summary leaves it out
            continue
        if closed_only and not closed_in:
            continue
        scores = ors_scores(rater_series(rated, primary))
        out.append(
            EpisodeRow(
                client=r["client"],
                clinician=r["clinician"],
                department=r["department"],
                intake=scores[0],
                latest=scores[-1],
                sessions=len(scores),
                closed_on=closed,
                dropout=r["close_reason"] == "dropped-out",
                age_group=r["age_group"],
            )
        )
    return out


def _sessions(conn: Any, start: date, end: date) -> list[tuple[str, SessionRow]]:
    rows = conn.execute(
        "SELECT d.code AS dept, c.code AS client, s.episode_id, s.session_date, s.ors_total, "
        "s.srs_total, s.srs_alert FROM fit_session s JOIN fit_episode e ON e.id = s.episode_id "
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
                None if r["ors_total"] is None else float(r["ors_total"]),
                r["srs_total"],
                bool(r["srs_alert"]),
                episode=str(r["episode_id"]),
            ),
        )
        for r in rows
    ]


def oracle(
    conn: Any, start: date, end: date, since: date, settings: Any
) -> dict[str, tuple[Any, Any]]:
    """Per department: the Python counts of the range and of the closings since ``since``."""
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


def compare(
    conn: Any, start: date, end: date, since: date, settings: Any
) -> dict[str, tuple[Any, Any]]:
    """The SQL counts equal the oracle's for every department; the oracle's counts."""
    want = oracle(conn, start, end, since, settings)
    ranged = period_figures(conn, start, end, settings, closed=False)
    closed = period_figures(conn, since, end, settings, ranged=False)
    assert set(ranged.departments) | set(closed.departments) <= set(want)
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
            # SQL rounds a sum of tenths, Python a float mean: a tie may round either way.
            m1, m2 = got_closed.mean_change, want_closed.mean_change
            assert m1 == m2 or (m1 is not None and m2 is not None and abs(m1 - m2) <= 0.11)
            assert close(got_closed.effect_size, want_closed.effect_size)
    return want


def check_month(conn: Any, month: Month) -> int:
    settings = fit_settings(conn)
    scope = Scope.month(month)
    since = month.period.start
    section = fit_section(conn, scope)
    want = compare(conn, month.first_day, month.last_day, since, settings)
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


_ORS_ITEMS = ("ors1", "ors2", "ors3", "ors4")
_SRS_ITEMS = ("srs1", "srs2", "srs3", "srs4")


def _items(rng: random.Random) -> list[float]:
    return [rng.randint(0, 100) / 10 for _ in range(4)]


def add_collateral(conn: Any, rng: random.Random) -> None:
    """On random session dates: a parent's or a network's ORS (and SRS), another rater's SRS
    without an ORS, and the client's own ORS taken away (leaving an SRS-only rating), so that the
    primary series is sometimes a collateral rater's and later ORS ratings come from others."""
    rows = conn.execute(
        "SELECT id, episode_id, department_id, session_no, session_date, rater, srs_total "
        "FROM fit_session ORDER BY id"
    )
    cols = "episode_id, department_id, session_no, session_date, rater, srs_alert"
    for r in rows:
        base = {k: r[k] for k in ("episode_id", "department_id", "session_no", "session_date")}
        roll = rng.random()
        if roll < 0.3:
            ors, srs = _items(rng), _items(rng)
            conn.execute(
                f"INSERT INTO fit_session ({cols}, {', '.join(_ORS_ITEMS)}, ors_total, "
                f"{', '.join(_SRS_ITEMS)}, srs_total) VALUES (:episode_id, :department_id, "
                ":session_no, :session_date, :rater, :alert, :o1, :o2, :o3, :o4, :ot, "
                ":s1, :s2, :s3, :s4, :st)",
                {
                    **base,
                    "rater": rng.choice([x for x in ("parent", "other") if x != r["rater"]]),
                    "alert": rng.random() < 0.3,
                    **{f"o{i + 1}": v for i, v in enumerate(ors)},
                    "ot": round(sum(ors), 1),
                    **{f"s{i + 1}": v for i, v in enumerate(srs)},
                    "st": round(sum(srs), 1),
                },
            )
        elif roll < 0.4:
            srs = _items(rng)
            conn.execute(
                f"INSERT INTO fit_session ({cols}, {', '.join(_SRS_ITEMS)}, srs_total) "
                "VALUES (:episode_id, :department_id, :session_no, :session_date, :rater, "
                ":alert, :s1, :s2, :s3, :s4, :st)",
                {
                    **base,
                    "rater": "other" if r["rater"] != "other" else "client",
                    "alert": rng.random() < 0.3,
                    **{f"s{i + 1}": v for i, v in enumerate(srs)},
                    "st": round(sum(srs), 1),
                },
            )
        if roll > 0.85 and r["srs_total"] is not None:
            conn.execute(
                "UPDATE fit_session SET ors1 = NULL, ors2 = NULL, ors3 = NULL, ors4 = NULL, "
                "ors_total = NULL WHERE id = :id",
                {"id": r["id"]},
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
    collateral=st.booleans(),
)
def test_sql_and_python_classification_agree(
    db: Any, seed: int, clients: int, rc_tenths: int, inclusive: bool, cutoff: int, collateral: bool
) -> None:
    """Property: over random synthetic units and random settings (reliable change and cut-off
    on and around the scores), with or without collateral raters and SRS-only ratings, the SQL
    counts equal the Python oracle's."""
    from recoverykit.domain.fit.settings import FitSettings
    from recoverykit.domain.fit.synthetic import generate
    from recoverykit.store.fit_bulk import bulk_insert_synthetic

    with db.write() as conn:
        for table in ("fit_session", "fit_episode", "fit_client"):
            conn.execute(f"DELETE FROM {table}")
        bulk_insert_synthetic(conn=conn, unit=generate(seed=seed, clients=clients, departments=3))
    if collateral:
        with db.write() as conn:
            add_collateral(conn, random.Random(seed))
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
    compare(conn, date(2025, 3, 1), date(2025, 8, 31), date(2025, 1, 1), s)
