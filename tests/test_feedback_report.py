"""The monthly report's issue-14 section on a small hand-counted unit: INSPIRE means and change,
family feedback counts, own goals and meetings, each through the disclosure gate (threshold 5)."""

from __future__ import annotations

from pathlib import Path


def test_monthly_report_section_with_hand_counted_figures(cli, tmp_path: Path) -> None:
    cli("dept", "add", "A", "Avdeling A")
    codes = [f"K-{i}" for i in range(1, 7)]
    for code in codes:
        cli("fit", "client", "add", code, "--dept", "A", "--clinician", "Kari")
    # Brief INSPIRE: K-1..K-5 score 50 in October (all items 2); all six score 75 in November.
    for code in codes[:5]:
        cli("survey", "record", code, "brief-inspire", "2", "2", "2", "2", "2", "--date", "2026-10-05")  # fmt: skip
    for code in codes:
        r = cli("survey", "record", code, "brief-inspire", "3", "3", "3", "3", "3", "--date", "2026-11-05")  # fmt: skip
        assert r.exit_code == 0, r.output
    # One family response (K-1's mother has consent): a count of 1 is hidden.
    cli("client", "network", "add", "K-1", "mor", "--feedback", "yes")
    args = ["8", "8", "8", "8", "8", "Ingen tekst i rapporten", "--rater", "family", "--date", "2026-11-06"]  # fmt: skip
    assert cli("survey", "record", "K-1", "family-feedback", *args).exit_code == 0
    # Own goals: five clients set one; two reach it in November (hidden: below 5).
    for code in codes[:5]:
        cli("client", "goal", "add", code, "Mitt eget mål", "--date", "2026-10-01")
    for code in codes[:2]:
        cli("client", "goal", "reached", code, "1", "--date", "2026-11-10")
    # Meetings in November: yes, yes, yes, partly, no → 4 of 5 took part = 80 %.
    for code, present in zip(codes, ("yes", "yes", "yes", "partly", "no"), strict=False):
        cli("meeting", "add", code, "--date", "2026-11-12", "--kind", "treatment", "--present", present)  # fmt: skip
    goal = ["Ingen møter om meg", "--indicator", "meetings-present", "--baseline", "50", "--target", "90"]  # fmt: skip
    assert cli("goals", "add", "A", "2026H2", *goal).exit_code == 0
    r = cli("report", "monthly", "--month", "2026-11", "--out", str(tmp_path), "--format", "md")
    assert r.exit_code == 0, r.output
    text = (tmp_path / "monthly-2026-11.md").read_text("utf-8")
    start = text.index("## Recovery-tilbakemeldinger")
    section = text[start : text.index("## ", start + 3)]
    assert "| Brief INSPIRE: Støtte til recovery | 6 | 6 | 75,0 | 5 | 25,0 |" in section
    assert "Svar: familie skjult." in section
    assert (
        "| Tilbakemelding fra familie og nettverk: Samarbeid med pårørende | skjult | – |"
        in section
    )
    assert "- Klienter med minst ett eget mål: 5" in section
    assert "- Klienter som nådde et mål i perioden: skjult (mål nådd: skjult)" in section
    assert "| 2026-11 | 5 | 4 | 1 | 80 % |" in section
    # the department goal reads its value from the meetings: 80 % in November
    assert "- Målinger: 80 (01.11.2026)" in text
    assert "- Fremgang mot målet: 75 %" in text  # (80 − 50) / (90 − 50)
    assert "Ingen tekst i rapporten" not in text and "Mitt eget mål" not in text
