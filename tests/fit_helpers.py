"""Shared helpers for the FIT CLI tests."""

from __future__ import annotations

from datetime import date

import pytest

TODAY = date(2026, 11, 20)
# A valid fødselsnummer (classic check digits), used only to prove it is refused and not echoed.
FNR = "02013299997"
TABLES = ("fit_client", "fit_episode", "fit_session", "fit_expected", "setting")


@pytest.fixture
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> date:
    monkeypatch.setattr("recoverykit.cli.fit.today", lambda: TODAY)
    return TODAY


def counts(db_url: str) -> dict[str, int]:
    from recoverykit.services.store import open_store

    db = open_store(db_url)
    try:
        conn = db.connection()
        return {t: int(conn.scalar(f"SELECT count(*) FROM {t}")) for t in TABLES}
    finally:
        db.close()


def snapshot(db_url: str) -> list[list[dict[str, object]]]:
    """Every FIT row, to prove that a refused command wrote nothing."""
    from recoverykit.services.store import open_store

    db = open_store(db_url)
    try:
        conn = db.connection()
        return [conn.execute(f"SELECT * FROM {t} ORDER BY 1") for t in TABLES]
    finally:
        db.close()


def unit_with_client(cli, code: str = "K-0001", age_group: str = "adult") -> None:
    assert cli("dept", "add", "BOLIG", "Bolig").exit_code == 0
    result = cli(
        "fit",
        "client",
        "add",
        code,
        "--dept",
        "BOLIG",
        "--clinician",
        "Kari Lie",
        "--age-group",
        age_group,
    )
    assert result.exit_code == 0, result.output
