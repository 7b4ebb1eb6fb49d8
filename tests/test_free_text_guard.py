"""No free text anywhere may carry a national identity number, and none is ever echoed."""

from __future__ import annotations

import pytest

from recoverykit.domain.idnumber import check_digits


def valid_fnr() -> str:
    """A made-up fødselsnummer with correct check digits (01.01.1990, individual number 123)."""
    for individual in range(100, 999):
        first_nine = f"010190{individual}"
        digits = check_digits(first_nine)
        if digits:
            return first_nine + digits
    raise AssertionError("no valid number found")


FNR = valid_fnr()


@pytest.mark.parametrize(
    "args",
    [
        ["dept", "add", "X", f"Avdeling {FNR}"],
        ["share", "add", "BOLIG", f"Vi hjalp {FNR} i dag"],
        ["goals", "add", "BOLIG", "2026H2", f"Mål for {FNR[:6]} {FNR[6:]}", "--indicator", "x"],
        ["staff", "add", f"Kari {FNR}", "--dept", "BOLIG"],
    ],
)
def test_identity_numbers_are_refused_in_any_free_text(cli, args) -> None:
    cli("dept", "add", "BOLIG", "Bolig")
    before = cli("share", "list", "--format", "json").stdout
    result = cli(*args)
    assert result.exit_code == 2
    assert "fødselsnummer" in result.stderr
    assert FNR not in result.output and FNR[6:] not in result.output
    assert cli("share", "list", "--format", "json").stdout == before


def test_measure_notes_are_guarded_too(cli) -> None:
    cli("plan", "add", "Plan", "--unit", "Enheten")
    cli("plan", "measure", "add", "1", "Tiltak", "--responsible", "Ledergruppa")
    result = cli("plan", "measure", "set", "1", "1", "--note", f"Gjelder {FNR}")
    assert result.exit_code == 2
    assert FNR not in result.output
