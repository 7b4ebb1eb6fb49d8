"""Defects found in the reports audit, one test each: chart labels that print, Norwegian only in a
Norwegian report, FIT outcome columns that read as ``fit summary`` reads, the year report's goals
and plan evaluation, and chart captions kept with their charts on A4."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest

from recoverykit.i18n import set_language
from recoverykit.reports import charts
from recoverykit.reports.build import Report, build_report
from recoverykit.reports.scope import Scope
from recoverykit.services.reports import render_report
from tests.test_report_example import build_example
from tests.test_report_monthly import monthly_report, no_card_text


@pytest.fixture
def example(db: Any) -> Any:
    build_example(db)
    return db


def year_report(db: Any) -> Report:
    return build_report(db.connection(), "year", Scope.year(2026), card_text=no_card_text)


def test_goal_chart_target_label_is_not_cut_at_the_top() -> None:
    """A target at the top of the scale used to put «mål» above the chart's edge (y < 9)."""
    c = charts.line_chart(
        [(date(2026, 7, 21), 45.0), (date(2026, 10, 9), 65.0)],
        date(2026, 7, 1),
        date(2026, 11, 30),
        baseline=40.0,
        target=80.0,
    )
    assert c.target_y == c.top  # the target is the scale's maximum
    assert c.target_label_y is not None and c.target_label_y - charts.LABEL_HEIGHT >= 0
    assert c.target_label_y < c.bottom
    # a target low in the chart keeps its label just above the line
    low = charts.line_chart(
        [(date(2026, 7, 31), 11.0)], date(2026, 7, 1), date(2026, 11, 30), baseline=12, target=6
    )
    assert low.target_y is not None and low.target_label_y == low.target_y - charts.LABEL_GAP


def test_goal_chart_html_uses_the_safe_label_position(example: Any) -> None:
    report = monthly_report(example)
    text = render_report(report, "html")
    for y in re.findall(r'<text class="target-label" x="[\d.]+" y="([\d.]+)"', text):
        assert float(y) >= charts.LABEL_HEIGHT


def test_no_english_words_in_the_norwegian_charts(example: Any) -> None:
    text = render_report(monthly_report(example), "html")
    titles = re.findall(r"<title>([^<]*)</title>", text)
    assert titles
    for word in ("done", "ongoing", "open", "overdue"):
        assert not any(t.startswith(f"{word}:") for t in titles), titles
    assert any(t.startswith("gjennomført:") for t in titles)
    set_language("en")
    english = render_report(monthly_report(example), "html")
    assert "<title>done: " in english


def test_fit_outcomes_show_reliable_improvement_in_all_as_fit_summary_does(
    example: Any,
) -> None:
    """ "Pålitelig bedring" used to be the group *without* the recovered, which a reader takes for
    all reliably improved. The report now names the columns as ``fit summary`` does."""
    report = monthly_report(example)
    md = render_report(report, "md")
    header = next(line for line in md.splitlines() if line.startswith("| Avdeling | Avsluttet"))
    cells = [c.strip() for c in header.strip("|").split("|")]
    assert cells[2:5] == [
        "Pålitelig bedring i alt",
        "– av dem klinisk signifikant",
        "– av dem bare pålitelig bedring",
    ]
    for d in report.fit.departments:
        o = d.half.outcomes
        if o["recovered"] is None or o["reliably_improved"] is None:
            assert d.improved is None  # never a sum that gives a hidden group away
        else:
            assert d.improved == o["recovered"] + o["reliably_improved"]
    html = render_report(report, "html")
    assert "Pålitelig bedring i alt" in html and ">Pålitelig bedring<" not in html


def test_year_report_lists_departments_without_goal_for_both_half_years(example: Any) -> None:
    md = render_report(year_report(example), "md")
    assert "Uten målbart mål for 2026H1: OPPF." in md
    assert "Uten målbart mål for 2026H2: BOLIG, OPPF, RUS." in md
    html = render_report(year_report(example), "html")
    assert "Uten målbart mål for 2026H1: OPPF." in html


def test_year_report_has_every_measure_with_status_and_evaluation(example: Any) -> None:
    """Material for the plan evaluation: all measures, their status and recorded evaluation."""
    md = render_report(year_report(example), "md")
    assert "**Alle tiltak – status og evaluering**" in md
    assert "| 1 | Alle leser heftet | Recoverykontakt | 31.03.2026 | gjennomført |" in md
    assert "Alle har lest \\| to av tre delte det |" in md
    assert "| 5 | Gammelt tiltak | – | – | skrinlagt | – |" in md
    html = render_report(year_report(example), "html")
    assert "<td>Alle har lest | to av tre delte det</td>" in html
    monthly = render_report(monthly_report(example), "md")
    assert "Alle tiltak – status og evaluering" not in monthly


def test_fit_chart_caption_stays_with_its_chart_on_a4(db: Any) -> None:
    from recoverykit.domain.fit.synthetic import generate
    from recoverykit.domain.periods import Month
    from recoverykit.store.fit_bulk import bulk_insert_synthetic

    with db.write() as conn:  # enough clients per department that the chart has bars
        bulk_insert_synthetic(conn=conn, unit=generate(seed=7, clients=400, departments=3))
    report = build_report(
        db.connection(), "monthly", Scope.month(Month(2025, 6)), card_text=no_card_text
    )
    assert report.fit_chart is not None
    text = render_report(report, "html")
    m = re.search(r'<figure class="keep">\s*<figcaption[^>]*>[^<]*</figcaption>\s*<svg', text)
    assert m, "the caption and the ORS chart must be one unbreakable figure"
    assert "figure.keep { margin: 4pt 0 10pt; break-inside: avoid; }" in text


def test_overdue_measures_name_their_plan_when_there_are_several(cli, tmp_path) -> None:
    for title in ("Plan A", "Plan B"):
        assert cli("plan", "add", title, "--unit", "Enheten").exit_code == 0
    for plan in ("1", "2"):
        added = cli("plan", "measure", "add", plan, "Tiltak", "--responsible", "Ledergruppa",
                    "--due", "2026-02-01")  # fmt: skip
        assert added.exit_code == 0, added.stderr
    out = tmp_path / "out"
    result = cli("report", "monthly", "--month", "2026-03", "--out", str(out), "--format", "md")
    assert result.exit_code == 0, result.stderr
    text = (out / "monthly-2026-03.md").read_text(encoding="utf-8")
    assert "Tiltak 1 (plan 1) er over frist (fristen var 01.02.2026)" in text
    assert "Tiltak 1 (plan 2) er over frist (fristen var 01.02.2026)" in text
