"""The unit's OWN expected treatment response, fitted from its closed episodes.

The vendors' expected-response curves are proprietary (DESIGN.md §4), so recoverykit fits its own,
transparently: for each intake band and session number, the distribution of *change from intake*
(ORS total at that session minus the intake total) among the unit's closed episodes that reached
that session. Each cell keeps the count of episodes behind it, the median, the 25th and 75th
percentiles, and the two quantiles used for classification (``expected_below_quantile``, default
0.25, and ``expected_far_below_quantile``, default 0.10). A cell backed by fewer than
``expected_min_episodes`` episodes is *insufficient* and never used to classify.

Quantiles are Hyndman & Fan (1996) definition 7 (linear interpolation between order statistics;
the same as numpy's default and Excel's PERCENTILE.INC).

Note: episodes that end early do not contribute to later sessions, so later cells describe the
clients who stayed — the usual survivorship bias of such tables; it is shown with ``n``.

The table is a value: ``to_mapping``/``from_mapping`` give a JSON-able dict to store. Refit it when
episodes close; never recompute it per record.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from recoverykit.domain.fit._text import msg
from recoverykit.domain.fit.settings import Band, FitSettings, validate_bands
from recoverykit.errors import InvalidInput
from recoverykit.i18n import Msg, count, t

TABLE_VERSION = 1


class ExpectedStatus(StrEnum):
    ON_TRACK = "on_track"
    BELOW = "below_expected"
    FAR_BELOW = "far_below_expected"
    NOT_ENOUGH_DATA = "not_enough_data"


STATUS_TEXT: dict[ExpectedStatus, Msg] = {
    ExpectedStatus.ON_TRACK: t("På sporet", "On track"),
    ExpectedStatus.BELOW: t("Under forventet", "Below expected"),
    ExpectedStatus.FAR_BELOW: t("Langt under forventet", "Far below expected"),
    ExpectedStatus.NOT_ENOUGH_DATA: t("For lite data", "Not enough data"),
}


def quantile(sorted_values: Sequence[float], q: float) -> float:
    """Hyndman & Fan definition 7 on already sorted values (at least one)."""
    if not sorted_values:
        raise ValueError("quantile of no values")
    pos = (len(sorted_values) - 1) * q
    lo = math.floor(pos)
    hi = min(lo + 1, len(sorted_values) - 1)
    return sorted_values[lo] + (sorted_values[hi] - sorted_values[lo]) * (pos - lo)


def band_index(bands: Sequence[Band], intake: float) -> int:
    """The band holding ``intake``: ``[lower, upper)``, the last band also holds its upper end."""
    for i, (lo, hi) in enumerate(bands):
        if lo <= intake < hi or (i == len(bands) - 1 and intake == hi):
            return i
    raise InvalidInput("intake", t("{v} er utenfor 0–40", "{v} is outside 0–40", v=intake))


@dataclass(frozen=True)
class ExpectedCell:
    band: int  # index into ExpectedTable.bands
    session: int  # session number, 2 = the first session after intake
    n: int  # closed episodes behind this cell
    median: float
    p25: float
    p75: float
    low: float  # change at expected_below_quantile
    far_low: float  # change at expected_far_below_quantile
    sufficient: bool  # n >= the table's min_episodes


@dataclass(frozen=True)
class ExpectedTable:
    bands: tuple[Band, ...]
    min_episodes: int
    max_session: int
    below_quantile: float
    far_below_quantile: float
    episodes: int  # closed episodes with at least two sessions that were used
    cells: tuple[ExpectedCell, ...]  # sorted by (band, session); only cells with n >= 1

    def cell(self, band: int, session: int) -> ExpectedCell | None:
        for c in self.cells:
            if c.band == band and c.session == session:
                return c
        return None

    def to_mapping(self) -> dict[str, Any]:
        return {
            "version": TABLE_VERSION,
            "bands": [[lo, hi] for lo, hi in self.bands],
            "min_episodes": self.min_episodes,
            "max_session": self.max_session,
            "below_quantile": self.below_quantile,
            "far_below_quantile": self.far_below_quantile,
            "episodes": self.episodes,
            "cells": [
                [c.band, c.session, c.n, c.median, c.p25, c.p75, c.low, c.far_low]
                for c in self.cells
            ],
        }

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> ExpectedTable:
        """Rebuild a stored table; refuse a malformed or newer one."""
        try:
            if data["version"] != TABLE_VERSION:
                raise ValueError("version")
            bands = tuple((float(lo), float(hi)) for lo, hi in data["bands"])
            validate_bands("expected_table", bands)
            min_episodes = int(data["min_episodes"])
            cells = tuple(
                ExpectedCell(
                    band=int(b),
                    session=int(s),
                    n=int(n),
                    median=float(med),
                    p25=float(p25),
                    p75=float(p75),
                    low=float(low),
                    far_low=float(far),
                    sufficient=int(n) >= min_episodes,
                )
                for b, s, n, med, p25, p75, low, far in data["cells"]
            )
            return cls(
                bands=bands,
                min_episodes=min_episodes,
                max_session=int(data["max_session"]),
                below_quantile=float(data["below_quantile"]),
                far_below_quantile=float(data["far_below_quantile"]),
                episodes=int(data["episodes"]),
                cells=cells,
            )
        except (KeyError, TypeError, ValueError):
            raise InvalidInput(
                "expected_table",
                t(
                    "den lagrede tabellen for forventet bedring er ødelagt eller fra en nyere "
                    "versjon; tilpass den på nytt (fit expected)",
                    "the stored expected-response table is broken or from a newer version; "
                    "refit it (fit expected)",
                ),
            ) from None


def fit(episodes: Iterable[Sequence[float]], settings: FitSettings | None = None) -> ExpectedTable:
    """Fit the table from closed episodes, each given as its ORS totals in session order."""
    s = settings or FitSettings()
    bands = s.expected_intake_bands
    changes: dict[tuple[int, int], list[float]] = {}
    used = 0
    for scores in episodes:
        if len(scores) < 2:
            continue
        used += 1
        intake = scores[0]
        band = band_index(bands, intake)
        for session, score in enumerate(scores[1 : s.expected_max_session], start=2):
            changes.setdefault((band, session), []).append(round(score - intake, 1))
    cells = []
    for (band, session), values in sorted(changes.items()):
        values.sort()
        cells.append(
            ExpectedCell(
                band=band,
                session=session,
                n=len(values),
                median=round(quantile(values, 0.5), 2),
                p25=round(quantile(values, 0.25), 2),
                p75=round(quantile(values, 0.75), 2),
                low=round(quantile(values, s.expected_below_quantile), 2),
                far_low=round(quantile(values, s.expected_far_below_quantile), 2),
                sufficient=len(values) >= s.expected_min_episodes,
            )
        )
    return ExpectedTable(
        bands=bands,
        min_episodes=s.expected_min_episodes,
        max_session=s.expected_max_session,
        below_quantile=s.expected_below_quantile,
        far_below_quantile=s.expected_far_below_quantile,
        episodes=used,
        cells=tuple(cells),
    )


@dataclass(frozen=True)
class ExpectedResult:
    """A client's change compared with the unit's own episodes, with the numbers behind it."""

    status: ExpectedStatus
    intake: float
    current: float
    change: float
    session: int  # the client's session number (1 = intake)
    compared_session: int  # the table session used (capped at max_session)
    band: Band
    cell: ExpectedCell | None  # None: no episodes at all in that cell
    min_episodes: int

    def explain(self) -> Msg:
        lo, hi = self.band
        if self.session < 2:
            return t(
                "Første samtale: forventet bedring måles fra samtale 2.",
                "First session: expected response is measured from session 2.",
            )
        n = self.cell.n if self.cell else 0
        if self.status is ExpectedStatus.NOT_ENOUGH_DATA:
            return msg(
                "For lite data: {n} med start {lo}–{hi} nådde samtale {k} (trenger minst {m}).",
                "Not enough data: {n} starting at {lo}–{hi} reached session {k} "
                "(at least {m} needed).",
                n=count(
                    n, "avsluttet forløp", "avsluttede forløp", "closed episode", "closed episodes"
                ),
                lo=lo,
                hi=hi,
                k=self.compared_session,
                m=self.min_episodes,
            )
        assert self.cell is not None
        c = self.cell
        return msg(
            "{status}: endring {ch:+.1f} ved samtale {s}; i enheten endret {n} forløp med start "
            "{lo}–{hi} seg med median {med:+g} (25.–75. persentil {p25:+g} til {p75:+g}; "
            "under forventet < {low:+g}, langt under < {far:+g}) ved samtale {k}.",
            "{status}: change {ch:+.1f} at session {s}; in the unit {n} episodes starting at "
            "{lo}–{hi} changed by a median of {med:+g} (25th–75th percentile {p25:+g} to "
            "{p75:+g}; below expected < {low:+g}, far below < {far:+g}) by session {k}.",
            status=STATUS_TEXT[self.status],
            ch=self.change,
            s=self.session,
            n=c.n,
            lo=lo,
            hi=hi,
            med=c.median,
            p25=c.p25,
            p75=c.p75,
            low=c.low,
            far=c.far_low,
            k=self.compared_session,
        )


def classify(table: ExpectedTable, intake: float, current: float, session: int) -> ExpectedResult:
    """Compare a client's change at ``session`` (1 = intake) with the unit's table."""
    band = band_index(table.bands, intake)
    compared = min(max(session, 1), table.max_session)
    change = round(current - intake, 1)
    cell = table.cell(band, compared) if session >= 2 else None
    if cell is None or not cell.sufficient:
        status = ExpectedStatus.NOT_ENOUGH_DATA
    elif change < cell.far_low:
        status = ExpectedStatus.FAR_BELOW
    elif change < cell.low:
        status = ExpectedStatus.BELOW
    else:
        status = ExpectedStatus.ON_TRACK
    return ExpectedResult(
        status=status,
        intake=intake,
        current=current,
        change=change,
        session=session,
        compared_session=compared,
        band=table.bands[band],
        cell=cell,
        min_episodes=table.min_episodes,
    )
