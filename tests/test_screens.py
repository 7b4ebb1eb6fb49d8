"""Listings fit the terminal at 80, 100 and 120 columns without cutting a word, a header or a
bar (golden screens, reviewed by eye in tmux); --wide shows everything; piped is never cut.

Regenerate after a deliberate change with RECOVERYKIT_REGENERATE_GOLDEN=1 and look at the diff.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

GOLDEN = Path(__file__).parent / "golden" / "screens"
WIDTHS = (80, 100, 120)
LONG_MEASURE = (
    "Alle ansatte i enheten får tilbud om opplæring i recoveryorientert praksis, med "
    "vekt på samarbeid med bruker og pårørende, og dette følges opp i personalmøtene"
)

LISTINGS = {
    "goals_list": ("goals", "list"),
    "plan_status": ("plan", "status"),
    "fit_client_list": ("fit", "client", "list"),
    "dept_list": ("dept", "list"),
    "staff_list": ("staff", "list"),
}


@pytest.fixture
def unit(cli):  # type: ignore[no-untyped-def]
    """A small unit with long texts where leaders write long texts."""
    cli(
        "dept",
        "add",
        "BOLIG",
        "Bofellesskap med heldøgns bemanning",
        "--recovery-contact",
        "Kari Nordmann",
    )
    cli("dept", "add", "AKT", "Aktivitet og arbeid")
    cli("staff", "add", "Kari Nordmann", "--dept", "BOLIG", "--role", "psykiatrisk sykepleier")
    cli("goals", "add", "BOLIG", "2026H1", "Flere beboere har en plan de selv har skrevet og eier",
        "--indicator", "andel beboere med egen plan skrevet sammen med kontaktperson",
        "--baseline", "40", "--target", "80", "--unit", "%")  # fmt: skip
    cli("goals", "reading", "1", "60", "--date", "2026-04-01")
    cli("plan", "add", "Implementeringsplan for recoveryorientert praksis", "--unit", "Enheten")
    cli("plan", "measure", "add", "1", LONG_MEASURE, "--responsible", "Ledergruppen")
    cli(
        "plan",
        "measure",
        "add",
        "1",
        "Recovery-hjørnet på hvert ledermøte",
        "--responsible",
        "Leder",
    )
    cli("fit", "client", "add", "K-0001", "--dept", "BOLIG", "--clinician", "F-001")
    return cli


def screen(cli, monkeypatch, width: int | None, *args: str) -> str:  # type: ignore[no-untyped-def]
    from recoverykit.render import fitting, output, plans

    monkeypatch.setenv("NO_COLOR", "1")
    if width is not None:
        monkeypatch.setattr(output, "is_terminal", lambda stream=None: True)
        monkeypatch.setattr(plans, "is_terminal", lambda stream=None: True)
        monkeypatch.setattr(fitting, "terminal_width", lambda stream: width)
    result = cli(*args)
    assert result.exit_code == 0, result.stderr
    return result.stdout


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", sorted(LISTINGS))
def test_listing_fits_and_matches_golden(unit, monkeypatch, name: str, width: int) -> None:
    text = (
        screen(unit, monkeypatch, width, *LISTINGS[name], "--period", "2026H1")
        if name == "goals_list"
        else screen(unit, monkeypatch, width, *LISTINGS[name])
    )
    for line in text.splitlines():
        assert len(line) <= width, f"{name} at {width}: {line!r}"
        assert "…" not in line, f"{name} at {width} cuts: {line!r}"
    path = GOLDEN / f"{name}_{width}.txt"
    if os.environ.get("RECOVERYKIT_REGENERATE_GOLDEN") == "1":
        path.write_text(text, encoding="utf-8")
    assert path.exists(), "no golden screen: run with RECOVERYKIT_REGENERATE_GOLDEN=1 and review it"
    assert text == path.read_text(encoding="utf-8")


def _words(text: str) -> list[str]:
    return [w for w in text.split() if w.strip("-")]


def test_no_word_of_the_measure_is_lost_at_80(unit, monkeypatch) -> None:
    text = screen(unit, monkeypatch, 80, "plan", "status")
    assert " ".join(_words(LONG_MEASURE)) in " ".join(_words(text))


def test_wide_and_piped_show_everything_on_one_line(unit, monkeypatch) -> None:
    piped = screen(unit, monkeypatch, None, "plan", "status")
    assert any(LONG_MEASURE in line for line in piped.splitlines())
    wide = screen(unit, monkeypatch, 80, "plan", "status", "--wide")
    assert any(LONG_MEASURE in line for line in wide.splitlines())
    assert max(len(line) for line in wide.splitlines()) > 80


def test_dropped_columns_are_named(monkeypatch) -> None:
    from recoverykit.render.fitting import fit_table

    text = fit_table(["A", "Bbbbbbbbbb", "Cccccccccc"], [["1", "x", "y"]], ["left"] * 3, 40)
    assert text.startswith("A  Bbbbbbbbbb  Cccccccccc")
    narrow = fit_table(["A", "B" * 30, "C" * 30], [["1", "x", "y"]], ["right"] * 3, 40)
    assert (
        narrow.splitlines()[-1]
        == f"(Utelatt for å få plass: {'C' * 30}. Bruk --wide for å se alt.)"
    )
