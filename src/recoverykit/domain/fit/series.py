"""An episode's ratings as series: numbered by date, one series per rater, derived values.

Several people can rate the same session date: the client, a parent, another collateral rater
(Duncan, Sparks & Miller 2003/2006 give the CORS/ORS to children *and* their caretakers and read
each rater's scores as their own series). So:

- sessions are numbered by date within the episode (all raters on one date share the number);
  a session entered late simply takes its place by date and later ones move up;
- each rater's ORS change and SRS alerts are computed from that rater's own series only;
- the episode's *primary* series (the one unit figures use) is the rater of the intake ORS; when
  several rated at intake the client's own rating wins (alphabetical: client comes first),
  the same rule the SQL of the unit figures uses.

Nothing here is stored beyond ``fit_session.srs_alert`` (kept so summaries can count alerts in
SQL); it is recomputed for the rater's whole series whenever a session is added, changed or
removed, so it cannot go stale.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from recoverykit.domain.fit.alerts import srs_alerts
from recoverykit.domain.fit.settings import FitSettings


@dataclass(frozen=True)
class Rated:
    """One rater's ratings on one date (either part may be missing, not both)."""

    day: date
    rater: str
    ors: tuple[float, float, float, float] | None
    srs: tuple[float, float, float, float] | None

    @property
    def ors_total(self) -> float | None:
        return None if self.ors is None else round(sum(self.ors), 1)

    @property
    def srs_total(self) -> float | None:
        return None if self.srs is None else round(sum(self.srs), 1)


def numbers_by_date(days: Sequence[date]) -> dict[date, int]:
    """Session numbers: 1 for the earliest date, one per distinct date."""
    return {d: i for i, d in enumerate(sorted(set(days)), start=1)}


def rater_series(ratings: Sequence[Rated], rater: str) -> list[Rated]:
    """One rater's ratings in date order."""
    return sorted((r for r in ratings if r.rater == rater), key=lambda r: r.day)


def primary_rater(ratings: Sequence[Rated]) -> str | None:
    """The rater of the intake ORS (the client's own when several rated that day)."""
    with_ors = [r for r in ratings if r.ors is not None]
    if not with_ors:
        return None
    first = min(r.day for r in with_ors)
    return min(r.rater for r in with_ors if r.day == first)


def ors_scores(series: Sequence[Rated], until: date | None = None) -> list[float]:
    """A series' ORS totals in date order (up to and including ``until``)."""
    return [
        r.ors_total for r in series if r.ors_total is not None and (until is None or r.day <= until)
    ]


def srs_alert_flags(series: Sequence[Rated], settings: FitSettings) -> dict[date, bool]:
    """Whether each rating in one rater's series raised an alliance alert: the SRS total or an
    item below its limit, or a drop from the same rater's previous SRS (any earlier date)."""
    flags: dict[date, bool] = {}
    previous: float | None = None
    for r in sorted(series, key=lambda x: x.day):
        if r.srs is None:
            flags[r.day] = False
            continue
        flags[r.day] = bool(srs_alerts(r.srs, previous, settings))
        previous = r.srs_total
    return flags
