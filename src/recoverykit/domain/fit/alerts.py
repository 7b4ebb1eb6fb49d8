"""Alerts after a session, each with a reason code, bilingual text and the numbers behind it.

- SRS (alliance; Duncan et al. 2003, DESIGN.md §4): total below 36; a drop from the last session's
  total; any item below 9. Each rule can be switched off in ``FitSettings``.
- ORS reliably worse than at intake (Jacobson & Truax 1991; 5 points, Miller et al. 2003).
- Below / far below the unit's own expected response (``expected.classify``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from recoverykit.domain.fit._text import msg
from recoverykit.domain.fit.expected import ExpectedResult, ExpectedStatus
from recoverykit.domain.fit.scoring import total
from recoverykit.domain.fit.settings import FitSettings
from recoverykit.i18n import Msg


class AlertCode(StrEnum):
    SRS_TOTAL_LOW = "srs_total_low"
    SRS_DROP = "srs_drop"
    SRS_ITEM_LOW = "srs_item_low"
    ORS_DETERIORATED = "ors_deteriorated"
    BELOW_EXPECTED = "below_expected"
    FAR_BELOW_EXPECTED = "far_below_expected"


@dataclass(frozen=True)
class Alert:
    code: AlertCode
    message: Msg
    numbers: tuple[tuple[str, float], ...]  # name → value, in the order they are told

    def number(self, name: str) -> float:
        return dict(self.numbers)[name]


def srs_alerts(
    items: Sequence[float],
    previous_total: float | None = None,
    settings: FitSettings | None = None,
) -> tuple[Alert, ...]:
    """Alliance alerts for this session's four SRS items (``previous_total``: last session's)."""
    s = settings or FitSettings()
    now = total(items)
    alerts: list[Alert] = []
    if s.srs_total_alert and now < s.srs_total_below:
        alerts.append(
            Alert(
                AlertCode.SRS_TOTAL_LOW,
                msg(
                    "SRS-summen {v} er under {lim}: snakk om samarbeidet.",
                    "The SRS total {v} is below {lim}: talk about the working alliance.",
                    v=now,
                    lim=s.srs_total_below,
                ),
                (("total", now), ("limit", s.srs_total_below)),
            )
        )
    if s.srs_drop_alert and previous_total is not None:
        drop = round(previous_total - now, 1)
        if drop >= s.srs_drop_min:
            alerts.append(
                Alert(
                    AlertCode.SRS_DROP,
                    msg(
                        "SRS-summen falt fra {p} til {v} ({d} poeng) siden forrige samtale.",
                        "The SRS total fell from {p} to {v} ({d} points) since the last session.",
                        p=previous_total,
                        v=now,
                        d=drop,
                    ),
                    (("previous", previous_total), ("total", now), ("drop", drop)),
                )
            )
    if s.srs_item_alert:
        for i, value in enumerate(items, start=1):
            if value < s.srs_item_below:
                alerts.append(
                    Alert(
                        AlertCode.SRS_ITEM_LOW,
                        msg(
                            "SRS ledd {i} er {v}, under {lim}.",
                            "SRS item {i} is {v}, below {lim}.",
                            i=i,
                            v=value,
                            lim=s.srs_item_below,
                        ),
                        (("item", float(i)), ("value", value), ("limit", s.srs_item_below)),
                    )
                )
    return tuple(alerts)


def ors_alert(intake: float, current: float, settings: FitSettings | None = None) -> Alert | None:
    """An alert when the ORS total is reliably worse than at intake."""
    s = settings or FitSettings()
    change = round(current - intake, 1)
    if change >= 0 or not s.is_reliable(change):
        return None
    return Alert(
        AlertCode.ORS_DETERIORATED,
        msg(
            "ORS er {v}, {d} poeng under startskåren {a} (pålitelig endring: {r} poeng).",
            "ORS is {v}, {d} points below the intake score {a} (reliable change: {r} points).",
            v=current,
            d=-change,
            a=intake,
            r=s.reliable_change,
        ),
        (
            ("intake", intake),
            ("current", current),
            ("change", change),
            ("threshold", s.reliable_change),
        ),
    )


def expected_alert(result: ExpectedResult) -> Alert | None:
    """An alert when the client is below or far below the unit's expected response."""
    if result.status not in (ExpectedStatus.BELOW, ExpectedStatus.FAR_BELOW) or result.cell is None:
        return None
    c = result.cell
    code = (
        AlertCode.FAR_BELOW_EXPECTED
        if result.status is ExpectedStatus.FAR_BELOW
        else AlertCode.BELOW_EXPECTED
    )
    return Alert(
        code,
        result.explain(),
        (
            ("intake", result.intake),
            ("current", result.current),
            ("change", result.change),
            ("session", float(result.session)),
            ("episodes", float(c.n)),
            ("median", c.median),
            ("low", c.low),
            ("far_low", c.far_low),
        ),
    )


def session_alerts(
    *,
    ors_totals: Sequence[float],
    srs_items: Sequence[float] | None = None,
    previous_srs_total: float | None = None,
    expected: ExpectedResult | None = None,
    settings: FitSettings | None = None,
) -> tuple[Alert, ...]:
    """All alerts after a session: ``ors_totals`` is the episode so far, intake first."""
    s = settings or FitSettings()
    alerts: list[Alert] = []
    if srs_items is not None:
        alerts.extend(srs_alerts(srs_items, previous_srs_total, s))
    if len(ors_totals) >= 2:
        ors = ors_alert(ors_totals[0], ors_totals[-1], s)
        if ors is not None:
            alerts.append(ors)
    if expected is not None:
        exp = expected_alert(expected)
        if exp is not None:
            alerts.append(exp)
    return tuple(alerts)
