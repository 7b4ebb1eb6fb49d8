"""``fit show``: one client's latest episode, its change, validity flags, the unit's expected
response and the chart data. Four indexed reads, whatever the size of the unit: the client with its
latest episode (``code_key``), the settings row, the episode's sessions (``(episode_id,
session_no)``) and the one stored expected-response row.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from recoverykit.domain.fit import change as fit_change
from recoverykit.domain.fit import expected as fit_expected
from recoverykit.domain.fit.change import ChangeResult
from recoverykit.domain.fit.expected import ExpectedResult, ExpectedTable, band_index
from recoverykit.domain.fit.series import primary_rater
from recoverykit.domain.fit.settings import FitSettings
from recoverykit.domain.text import match_key
from recoverykit.i18n import t
from recoverykit.render.fit_chart import ChartData, ChartPoint, ExpectedBand
from recoverykit.services import access
from recoverykit.services.client_records import OwnGoal, own_goals_of
from recoverykit.services.fit import (
    default_rater,
    expected_table,
    load_expected,
    load_settings,
    rated,
    require_client,
)
from recoverykit.store import fit as q
from recoverykit.store.connection import Database, Row, as_date


@dataclass(frozen=True)
class SessionPoint:
    number: int
    day: date
    ors: tuple[float, float, float, float] | None
    ors_total: float | None
    srs_total: float | None
    srs_alert: bool
    rater: str = "client"


@dataclass(frozen=True)
class RaterView:
    """Another rater's own series (a parent, a collateral rater) and its own change."""

    rater: str
    sessions: tuple[SessionPoint, ...]
    change: ChangeResult | None


@dataclass(frozen=True)
class ShowView:
    client: str
    department: str
    age_group: str
    episode: int | None
    opened_on: date | None
    closed_on: date | None
    close_reason: str | None
    cutoff: float
    sessions: tuple[SessionPoint, ...]
    change: ChangeResult | None
    expected: ExpectedResult | None
    table: ExpectedTable | None
    settings: FitSettings
    rater: str = "client"  # the primary series' rater (the intake ORS)
    others: tuple[RaterView, ...] = ()
    own_goals: tuple[OwnGoal, ...] = ()  # issue 14: the person's own goals beside the graph

    @property
    def scores(self) -> list[float]:
        return [s.ors_total for s in self.sessions if s.ors_total is not None]

    def chart(self) -> ChartData:
        points = tuple(ChartPoint(s.number, s.day, s.ors_total, s.srs_total) for s in self.sessions)
        title = str(
            t(
                "{c}: forløp {e}",
                "{c}: episode {e}",
                c=self.client,
                e=self.episode if self.episode is not None else "–",
            )
        )
        return ChartData(self.client, points, self.cutoff, expected_bands(self), title)


def expected_bands(view: ShowView) -> tuple[ExpectedBand, ...]:
    """ORS totals the unit's own episodes reached from this intake, for cells with enough data:
    intake + change at the below-expected quantile, the median, and the 75th percentile."""
    if view.table is None or not view.sessions:
        return ()
    if not view.scores:
        return ()
    intake = view.scores[0]
    band = band_index(view.table.bands, intake)
    last = min(view.table.max_session, max(len(view.scores) + 2, 6))
    out = []
    for k in range(2, last + 1):
        cell = view.table.cell(band, k)
        if cell is None or not cell.sufficient:
            continue
        out.append(
            ExpectedBand(
                k,
                _clamp(intake + cell.low),
                _clamp(intake + cell.median),
                _clamp(intake + cell.p75),
            )
        )
    return tuple(out)


def _clamp(value: float) -> float:
    return round(min(40.0, max(0.0, value)), 1)


def show_client(db: Database, code: str) -> ShowView:
    with db.read() as conn:
        client = require_client(conn, code)
        access.require_client_access(
            db, conn, client["department_id"], t("se klientens skårer", "see client scores")
        )
        settings = load_settings(conn)
        rows = (
            []
            if client["episode_id"] is None
            else q.episode_sessions(conn=conn, episode_id=client["episode_id"])
        )
        stats = load_expected(conn) if len(rows) >= 2 else None
        goals = tuple(own_goals_of(conn, client["client_id"]))
    access.log_read(
        db,
        "fit.show",
        client_key=match_key(client["code"]),
        department=client["department"],
        rows=len(rows) + len(goals),
    )
    points = [_point(r) for r in rows]
    primary = primary_rater([rated(r) for r in rows]) or (
        points[0].rater if points else default_rater(client["age_group"]).value
    )
    sessions = tuple(p for p in points if p.rater == primary)
    cutoff = settings.cutoff(client["age_group"])
    scores = [s.ors_total for s in sessions if s.ors_total is not None]
    change = fit_change.classify(scores, cutoff=cutoff, settings=settings) if scores else None
    table = expected_table(
        stats,
        client["age_group"],
        settings,
        closed=client["closed_on"] is not None,
        scores=scores[: stats.max_session] if stats else scores,
    )
    expected = (
        fit_expected.classify(table, scores[0], scores[-1], len(scores))
        if table is not None and len(scores) >= 2
        else None
    )
    others = []
    for rater in sorted({p.rater for p in points} - {primary}):
        own = tuple(p for p in points if p.rater == rater)
        own_scores = [p.ors_total for p in own if p.ors_total is not None]
        others.append(
            RaterView(
                rater,
                own,
                fit_change.classify(own_scores, cutoff=cutoff, settings=settings)
                if own_scores
                else None,
            )
        )
    return ShowView(
        client=client["code"],
        department=client["department"],
        age_group=client["age_group"],
        episode=client["episode_number"],
        opened_on=as_date(client["opened_on"]),
        closed_on=as_date(client["closed_on"]),
        close_reason=client["close_reason"],
        cutoff=cutoff,
        sessions=sessions,
        change=change,
        expected=expected,
        table=table,
        settings=settings,
        rater=primary,
        others=tuple(others),
        own_goals=goals,
    )


def _point(r: Row) -> SessionPoint:
    ors = None if r["ors_total"] is None else tuple(float(r[f"ors{i}"]) for i in range(1, 5))
    return SessionPoint(
        int(r["session_no"]),
        as_date(r["session_date"]) or date.min,
        ors,  # type: ignore[arg-type]
        None if r["ors_total"] is None else float(r["ors_total"]),
        None if r["srs_total"] is None else float(r["srs_total"]),
        bool(r["srs_alert"]),
        str(r["rater"]),
    )
