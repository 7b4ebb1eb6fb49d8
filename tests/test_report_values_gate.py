"""Values exercises in the reports: below the threshold nothing about the participants or their
kept values appears — not in the unit's report, not in any department's (``--each-dept``), in
Markdown or HTML. The issue's case: ``values summary --dept BOLIG`` refused 1 participant, but the
monthly report printed that person's kept values."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from recoverykit.domain.values import gate_practice
from recoverykit.services.reports import monthly
from tests.test_report_example import build_example

VALUE_NAMES = ("Håp", "Respekt", "Ærlighet", "Min egen")


def _add_exercises(db: Any, dept_code: str, n: int, values: tuple[str, ...]) -> None:
    with db.write() as conn:
        dept = conn.scalar("SELECT id FROM department WHERE code = :c", {"c": dept_code})
        for i in range(n):
            ex = conn.insert(
                "INSERT INTO values_exercise (participant, department_id, done_on) "
                "VALUES (NULL, :d, :on)",
                {"d": dept, "on": date(2026, 3, 5 + i)},
            )
            for pos, name in enumerate(values, start=1):
                conn.execute(
                    "INSERT INTO values_choice (exercise_id, position, value_id, name, kept) "
                    "VALUES (:e, :p, :v, :n, :k)",
                    {"e": ex, "p": pos, "v": name.casefold(), "n": name, "k": True},
                )


def _all_text(out: Path) -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(out.glob("monthly-*"))}


def test_few_participants_show_nothing_in_any_report(db: Any, tmp_path: Path) -> None:
    build_example(db)  # 3 exercises in March 2026: BOLIG 2, no department 1
    written = monthly(db, tmp_path / "out", month="2026-03", each_dept=True)
    assert len(written) >= 6  # the unit and each department, md and html
    for name, text in _all_text(tmp_path / "out").items():
        section = text[text.lower().index("verdiøvelser") :]
        for value in VALUE_NAMES:
            assert f"{value} (" not in section, (name, value)
        assert "Oftest beholdt" not in section, name
        assert "BOLIG 2" not in section and "uten avdeling 1" not in section, name
        if "BOLIG" in name or "-" not in name.removeprefix("monthly-2026-03"):
            assert "Tall under 5 vises ikke" in section, name


def test_enough_participants_show_their_values_but_not_the_small_department(
    db: Any, tmp_path: Path
) -> None:
    build_example(db)
    _add_exercises(db, "OPPF", 6, ("Trygghet", "Familie"))
    _add_exercises(db, "RUS", 6, ("Trygghet",))
    written = monthly(db, tmp_path / "out", month="2026-03", each_dept=True)
    assert written
    texts = _all_text(tmp_path / "out")
    unit = texts["monthly-2026-03.md"]
    assert "Trygghet (12)" in unit and "Familie (6)" in unit
    # BOLIG (2) and no department (1) are hidden; together 3 is still small, so one more
    # department (the next-smallest, OPPF) is hidden with them; the unit's 15 is shown.
    assert (
        "15 verdiøvelser i perioden: BOLIG skjult, OPPF skjult, RUS 6, uten avdeling skjult" in unit
    )
    for value in ("Håp", "Respekt", "Ærlighet"):
        assert f"{value} (" not in unit
    bolig = texts["monthly-2026-03-BOLIG.md"]
    assert "Oftest beholdt" not in bolig[bolig.lower().index("verdiøvelser") :]


def test_gate_hides_the_complement_of_a_small_department() -> None:
    # Unit 13 = A 12 + B 1: the unit's count minus A's would give B's 1 away.
    gated = gate_practice({"A": 12, "B": 1}, {("A", "Håp"): 7, ("B", "Håp"): 1}, 5)
    assert gated.exercises == {"A": None, "B": None} and gated.total == 13
    assert gated.kept["B"] == {"Håp": None} and gated.kept["A"]["Håp"] is None
    assert gated.kept["*"]["Håp"] == 8


def test_a_broken_unit_deck_is_reported_not_swallowed(cli, isolated_env: Path, tmp_path) -> None:
    decks = isolated_env / "decks"
    decks.mkdir(parents=True)
    (decks / "vaar.yaml").write_text("decks: [ {id: x, cards: ", encoding="utf-8")
    assert cli("dept", "add", "A", "Avd A").exit_code == 0  # not an empty unit (that exits 4)
    result = cli("report", "monthly", "--month", "2026-03", "--out", str(tmp_path / "r"))
    assert result.exit_code == 0, result.output
    assert result.stderr.startswith("Advarsel: kortstokkene deres kunne ikke leses (")
    assert result.stderr.rstrip().endswith(
        "rapporten viser bare tekstene til kortene som følger med recoverykit."
    )
    assert (tmp_path / "r" / "monthly-2026-03.md").exists()
