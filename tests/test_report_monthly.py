"""The monthly report on a fixed example unit: golden files per section and for the whole report
(Markdown and HTML, nb and en), escaping of nasty texts, and the same bytes on every backend.

Golden files live in tests/golden/reports/. They are rewritten only with
RECOVERYKIT_REGENERATE_GOLDEN=1; a missing or different file fails the test.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import pytest
from markdown_it import MarkdownIt

from recoverykit.domain.periods import parse_month
from recoverykit.i18n import set_language
from recoverykit.reports.build import Report, build_report
from recoverykit.reports.fmt import Formatter
from recoverykit.reports.markdown import tidy_markdown
from recoverykit.reports.scope import Scope
from recoverykit.services.reports import render_report
from tests.test_report_example import (
    CLINICIAN,
    MONTH,
    NASTY_GOAL,
    NASTY_MEASURE,
    build_example,
)

GOLDEN = Path(__file__).parent / "golden" / "reports"
REGENERATE = os.environ.get("RECOVERYKIT_REGENERATE_GOLDEN") == "1"
SECTIONS = ("look", "plan", "goals", "fit", "competence", "practice")
commonmark = MarkdownIt("commonmark").enable("table")


def no_card_text(_deck: str, _card: str) -> str | None:
    return None


def check_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if REGENERATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return
    assert path.exists(), f"{path} is missing; run with RECOVERYKIT_REGENERATE_GOLDEN=1"
    assert text == path.read_text(encoding="utf-8"), f"{name} differs from its golden file"


def monthly_report(db: Any, dept: str | None = None) -> Report:
    from recoverykit.reports.build import departments

    conn = db.connection()
    scope = Scope.month(parse_month("--month", MONTH))
    if dept is not None:
        scope = scope.for_department(next(d for d in departments(conn) if d.code == dept))
    return build_report(conn, "monthly", scope, card_text=no_card_text)


@pytest.fixture
def example(db: Any) -> Any:
    build_example(db)
    return db


@pytest.mark.parametrize("section", SECTIONS)
def test_each_section_matches_its_golden_file(example: Any, section: str) -> None:
    from recoverykit.render.templates import render

    report = monthly_report(example)
    text = render(f"reports/_{section}.md.j2", r=report, f=Formatter("nb"), stamp=None)
    check_golden(f"monthly-{section}.md", tidy_markdown(text))


@pytest.mark.parametrize(
    ("lang", "fmt", "dept"),
    [("nb", "md", None), ("nb", "html", None), ("en", "md", None), ("nb", "md", "BOLIG")],
)
def test_whole_report_matches_its_golden_file(
    example: Any, lang: str, fmt: str, dept: str | None
) -> None:
    set_language(lang)
    text = render_report(monthly_report(example, dept), fmt)
    suffix = f"-{dept}" if dept else ""
    check_golden(f"monthly-{MONTH}{suffix}.{lang}.{fmt}", text)


def test_nasty_texts_are_escaped_in_markdown(example: Any) -> None:
    text = render_report(monthly_report(example), "md")
    html = commonmark.render(text)
    assert "<script" not in html and "<img" not in html and "<b>" not in html
    assert "<em>" not in html
    # every table row keeps its columns: the nasty measure and note are one cell each
    rows = [
        r
        for r in re.findall(r"<tr>.*?</tr>", html, re.S)
        if "Tiltak | med" in r or "Ikke en overskrift" in r
    ]
    assert sorted(r.count("<td>") for r in rows) == [4, 5]
    # the escaped texts read as themselves once rendered
    assert "Tiltak | med *stjerne* # og &lt;script&gt;alert(1)&lt;/script&gt; {{ config }}" in html
    assert "Mål | &lt;b&gt;fet&lt;/b&gt; _kursiv_ {% raw %} [lenke](http://x)" in html
    # no user text starts a heading or a list
    assert "<h1>Ikke" not in html and "<li>ikke en liste" not in html


def test_nasty_texts_are_escaped_in_html(example: Any) -> None:
    text = render_report(monthly_report(example), "html")
    assert "<script>alert(1)</script>" not in text
    assert "<img src=x" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert NASTY_MEASURE not in text and NASTY_GOAL not in text


def test_never_a_clinician_and_small_groups_hidden(example: Any) -> None:
    for fmt in ("md", "html"):
        text = render_report(monthly_report(example), fmt)
        assert CLINICIAN not in text and "K-BOLIG" not in text
    report = monthly_report(example)
    rus = next(d for d in report.fit.departments if d.dept_code == "RUS")
    assert rus.half.closed is None
    assert all(v is None for v in rus.half.outcomes.values() if v != 0)


def test_html_is_one_self_contained_file_for_a4(example: Any) -> None:
    text = render_report(monthly_report(example), "html")
    assert "@page { size: A4" in text
    assert text.count("<svg") >= 2  # plan progress, goal indicator
    # The example's two departments hide each other's outcome groups (the unit total minus one
    # department would give the other away), so the ORS-change chart draws nothing and says why.
    assert "Diagrammet over snitt endring i ORS vises ikke" in text
    assert not re.search(r"<(link|script|img)\b", text)
    assert not re.search(r"<[a-z]+[^<>]*\s(src|href)=", text)


def test_sections_say_plainly_when_there_is_no_data(db: Any) -> None:
    report = build_report(
        db.connection(), "monthly", Scope.month(parse_month("m", MONTH)), card_text=no_card_text
    )
    text = render_report(report, "md")
    for line in (
        "Ingen implementeringsplan er registrert ennå.",
        "Ingen målbare mål er registrert for perioden.",
        "Ingen FIT-data i perioden.",
        "Ingen aktive ansatte er registrert.",
        "Ingen refleksjonskort er registrert trukket i perioden.",
        "Ingen verdiøvelser er registrert i perioden.",
    ):
        assert line in text
    check_golden("monthly-empty.md", text)


def test_same_bytes_on_sqlite_and_postgresql(tmp_path: Path, is_postgres: bool) -> None:
    """The same data gives the same bytes on both backends (PostgreSQL when a URL is set)."""
    from tests.conftest import PG_URL

    if not is_postgres:
        pytest.skip("RECOVERYKIT_TEST_DATABASE_URL is not set")
    import uuid

    from recoverykit.services.store import open_store
    from tests.conftest import _admin_connect, _with_dbname

    assert PG_URL
    texts = []
    name = f"rk_cmp_{uuid.uuid4().hex[:10]}"
    with _admin_connect(PG_URL) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        for url in (str(tmp_path / "cmp.db"), _with_dbname(PG_URL, name)):
            store = open_store(url, check=False, create=True)
            from recoverykit.store.migrate import upgrade

            upgrade(store)
            build_example(store)
            report = monthly_report(store)
            texts.append((render_report(report, "md"), render_report(report, "html")))
            store.close()
    finally:
        with _admin_connect(PG_URL) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    assert texts[0] == texts[1]
