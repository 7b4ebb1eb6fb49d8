"""Pure report helpers, no database: what to look at next month, chart geometry, Markdown tidying,
number formatting."""

from __future__ import annotations

from datetime import date

from recoverykit.domain.periods import Month
from recoverykit.reports.charts import hbar_chart, line_chart, stacked_bar
from recoverykit.reports.fmt import Formatter
from recoverykit.reports.markdown import tidy_markdown
from recoverykit.reports.nextmonth import MAX_ITEMS, Inputs, what_to_look_at


def texts(items: list) -> list[str]:  # type: ignore[type-arg]
    return ["".join(p.text for p in item.parts) for item in items]


def test_overdue_first_oldest_due_first_then_due_next_month() -> None:
    items = what_to_look_at(
        Inputs(
            month=Month(2026, 3),
            overdue=[("4", "B", date(2026, 3, 1)), ("2", "A", date(2026, 1, 31))],
            open_measures=[("5", "C", date(2026, 4, 30)), ("6", "D", date(2026, 5, 1))],
        )
    )
    assert texts(items) == [
        "Tiltak 2 er over frist (fristen var 31.01.2026): A",
        "Tiltak 4 er over frist (fristen var 01.03.2026): B",
        "Tiltak 5 har frist 30.04.2026: C",
    ]
    assert [p.user for p in items[0].parts] == [False, True]


def test_departments_without_goal_and_goals_without_readings() -> None:
    items = what_to_look_at(
        Inputs(
            month=Month(2026, 3),
            departments=["BOLIG", "OPPF"],
            goals=[("2026H1", "BOLIG", "Mål", 0, False)],
        )
    )
    assert texts(items) == [
        "OPPF har ikke målbart mål for 1. halvår 2026.",
        "BOLIG: ingen måling ennå for målet Mål",
    ]


def test_last_month_of_the_half_asks_for_results_and_next_goals() -> None:
    items = what_to_look_at(
        Inputs(
            month=Month(2026, 6),
            departments=["BOLIG"],
            goals=[("2026H1", "BOLIG", "Mål", 3, False)],
        )
    )
    assert [i.kind for i in items] == ["no-goal-next", "no-result"]
    assert texts(items)[0] == "Målbare mål for 2. halvår 2026 mangler for 1 avdeling."


def test_low_coverage_and_alerts_and_nothing_when_all_is_well() -> None:
    items = what_to_look_at(
        Inputs(
            month=Month(2026, 3),
            low_coverage=[
                ("OPPF", "read", "Heftet", 1, 2, 50.0),
                ("BOLIG", "read", "Heftet", 4, 5, 80.0),
                ("RUS", "course", "MI", 0, 1, 0.0),
            ],
            alerts=[("BOLIG", 2), ("RUS", 0)],
        )
    )
    assert [i.kind for i in items] == ["low-coverage", "low-coverage", "alerts"]
    # Counts with the noun inflected, never «0 %» of one person.
    assert texts(items)[:2] == [
        "OPPF: 1 av 2 ansatte har registrert at de har lest «Heftet».",
        "RUS: 0 av 1 ansatt har tatt kurset «MI».",
    ]
    assert what_to_look_at(Inputs(month=Month(2026, 3))) == []


def test_the_list_stays_short() -> None:
    overdue = [(str(n), f"T{n}", date(2026, 1, n)) for n in range(1, 20)]
    items = what_to_look_at(Inputs(month=Month(2026, 3), overdue=overdue))
    assert len(items) == MAX_ITEMS
    assert texts(items)[-1] == "… og 8 til."


def test_english_rules(monkeypatch: object) -> None:
    from recoverykit.i18n import set_language

    set_language("en")
    items = what_to_look_at(Inputs(month=Month(2026, 3), departments=["OPPF"]))
    assert texts(items) == ["OPPF has no measurable goal for first half of 2026."]


def test_stacked_bar_splits_the_width_and_skips_empty_parts() -> None:
    bar = stacked_bar([("done", 2), ("open", 0), ("overdue", 2)], width=100)
    assert [(s.key, s.x, s.width) for s in bar.segments] == [("done", 0, 50), ("overdue", 50, 50)]
    assert stacked_bar([("done", 0)]).segments == ()


def test_line_chart_places_readings_by_date_and_scales_to_round_ticks() -> None:
    c = line_chart(
        [(date(2026, 1, 1), 40), (date(2026, 6, 30), 62.5)],
        date(2026, 1, 1),
        date(2026, 6, 30),
        baseline=40,
        target=80,
        width=200,
        height=100,
    )
    assert [t.value for t in c.y_ticks] == [40, 50, 60, 70, 80]
    assert c.points[0].x == c.left and c.points[-1].x == c.right
    assert c.points[0].y == c.bottom and c.target_y == c.top
    assert c.baseline_y == c.bottom
    assert c.polyline == f"{c.left:g},{c.bottom:g} {c.right:g},{c.points[1].y:g}"


def test_line_chart_with_one_flat_value() -> None:
    c = line_chart([(date(2026, 3, 1), 5)], date(2026, 1, 1), date(2026, 6, 30))
    assert c.y_ticks[0].value <= 5 <= c.y_ticks[-1].value


def test_hbars_go_both_ways_from_zero_and_leave_hidden_ones_empty() -> None:
    c = hbar_chart([("A", 4.0), ("B", -2.0), ("C", None)], width=280, label_width=40)
    a, b, hidden = c.bars
    assert a.x == c.zero_x and a.width > 0
    assert b.x + b.width == c.zero_x and b.width == a.width / 2
    assert hidden.value is None and hidden.width == 0


def test_tidy_markdown() -> None:
    raw = "# T\nline  \n\n\n\n## H\n- a\n\n"
    assert tidy_markdown(raw) == "# T\n\nline\n\n## H\n\n- a\n"


def test_formatter() -> None:
    nb, en = Formatter("nb"), Formatter("en")
    assert (nb.num(12.25), en.num(12.25)) == ("12,2", "12.2") or nb.num(12.25) == "12,3"
    assert (nb.num(12345, 0), en.num(12345, 0)) == ("12 345", "12,345")
    assert (nb.value(62.5), en.value(62.5), nb.value(40.0)) == ("62,5", "62.5", "40")
    assert (nb.pct(56.25), en.pct(56.25), nb.pct(None)) == ("56 %", "56%", "–")
    assert (nb.date(date(2026, 3, 5)), en.date(date(2026, 3, 5))) == ("05.03.2026", "2026-03-05")
    assert (nb.count(None), en.count(None), nb.count(3)) == ("skjult", "hidden", "3")
