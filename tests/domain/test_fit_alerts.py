"""Alerts after a session. SRS rules: Duncan et al. 2003 / DESIGN.md §4 (total below 36, a drop
from the last session, any item below 9); ORS: reliable deterioration (> 5 points, Miller et al.
2003); expected response: the unit's own table."""

from __future__ import annotations

from recoverykit.domain.fit import expected
from recoverykit.domain.fit.alerts import (
    AlertCode,
    expected_alert,
    ors_alert,
    session_alerts,
    srs_alerts,
)
from recoverykit.domain.fit.settings import FitSettings


def codes(alerts: tuple[object, ...]) -> list[str]:
    return [a.code.value for a in alerts]  # type: ignore[attr-defined]


def test_good_alliance_gives_no_alert() -> None:
    assert srs_alerts([9.5, 9.0, 9.2, 9.8], previous_total=37.5) == ()  # total 37.5, no drop


def test_total_below_36() -> None:
    (a,) = srs_alerts([9.0, 9.0, 9.0, 8.9], settings=FitSettings(srs_item_alert=False))
    assert a.code is AlertCode.SRS_TOTAL_LOW
    assert a.number("total") == 35.9 and a.number("limit") == 36.0
    assert a.message.en == "The SRS total 35.9 is below 36.0: talk about the working alliance."
    assert a.message.nb == "SRS-summen 35,9 er under 36,0: snakk om samarbeidet."
    assert srs_alerts([9.0, 9.0, 9.0, 9.0]) == ()  # 36.0 is not below 36


def test_drop_from_last_session() -> None:
    (a,) = srs_alerts([9.5, 9.5, 9.5, 9.4], previous_total=38.0)
    assert a.code is AlertCode.SRS_DROP
    assert (a.number("previous"), a.number("total"), a.number("drop")) == (38.0, 37.9, 0.1)
    assert srs_alerts([9.5, 9.5, 9.5, 9.4], previous_total=37.9) == ()
    assert (
        srs_alerts(
            [9.5, 9.5, 9.5, 9.4], previous_total=38.0, settings=FitSettings(srs_drop_min=1.0)
        )
        == ()
    )


def test_each_low_item_is_named_by_number() -> None:
    alerts = srs_alerts([10.0, 8.9, 10.0, 8.0], settings=FitSettings(srs_total_alert=False))
    assert codes(alerts) == ["srs_item_low", "srs_item_low"]
    assert [a.number("item") for a in alerts] == [2.0, 4.0]
    assert "item 2 is 8.9, below 9.0" in alerts[0].message.en


def test_all_three_rules_and_switching_them_off() -> None:
    items = [8.0, 8.0, 9.0, 9.0]  # total 34
    assert codes(srs_alerts(items, previous_total=38.0)) == [
        "srs_total_low",
        "srs_drop",
        "srs_item_low",
        "srs_item_low",
    ]
    off = FitSettings(srs_total_alert=False, srs_drop_alert=False, srs_item_alert=False)
    assert srs_alerts(items, previous_total=38.0, settings=off) == ()


def test_ors_reliably_worse_than_intake() -> None:
    a = ors_alert(24.0, 18.9)
    assert a is not None and a.code is AlertCode.ORS_DETERIORATED
    assert a.number("change") == -5.1 and a.number("threshold") == 5.0
    assert "5.1 points below the intake score 24.0" in a.message.en
    assert ors_alert(24.0, 19.1) is None  # 4.9 is within measurement error
    exactly = ors_alert(24.0, 19.0)  # exactly 5 points counts ("5 or more")
    assert exactly is not None and exactly.number("change") == -5.0
    assert ors_alert(10.0, 30.0) is None


def _table() -> expected.ExpectedTable:
    # Ten episodes starting at 15.0 whose change at session 2 is 0, 1, …, 9.
    episodes = [[15.0, 15.0 + d] for d in range(10)]
    return expected.fit(episodes)


def test_expected_alerts() -> None:
    table = _table()
    # The prediction band of changes 0..9 (see test_fit_expected): below < 2.35, far < 0.35.
    below = expected.classify(table, 15.0, 16.5, 2)
    far = expected.classify(table, 15.0, 15.0, 2)
    fine = expected.classify(table, 15.0, 17.5, 2)
    a = expected_alert(below)
    assert a is not None and a.code is AlertCode.BELOW_EXPECTED
    assert a.number("low") == 2.35 and a.number("episodes") == 10
    b = expected_alert(far)
    assert b is not None and b.code is AlertCode.FAR_BELOW_EXPECTED
    assert expected_alert(fine) is None
    all_alerts = session_alerts(
        ors_totals=[24.0, 18.0],
        srs_items=[9.0, 9.0, 9.0, 8.0],
        previous_srs_total=36.0,
        expected=far,
    )
    assert codes(all_alerts) == [
        "srs_total_low",
        "srs_drop",
        "srs_item_low",
        "ors_deteriorated",
        "far_below_expected",
    ]
    assert session_alerts(ors_totals=[24.0]) == ()
