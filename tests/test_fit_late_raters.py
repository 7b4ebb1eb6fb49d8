"""Late entries and several raters, worked by hand.

Sources: sessions are numbered by date and every derived value follows the data (issue 11);
SRS alliance alerts on "any drop" from the same rater's previous SRS (Duncan et al. 2003, J Brief
Therapy 3(1):3–12); a child's CORS and a caretaker's ORS are separate series (Duncan, Sparks,
Miller, Bohanske & Claud 2006, J Brief Therapy 5(2):71–88: child cutoff 32); reliable change of
5 points or more (Miller et al. 2003; DESIGN.md §4).
"""

from __future__ import annotations

import pytest

from tests.fit_helpers import fixed_today, snapshot, unit_with_client  # noqa: F401

pytestmark = pytest.mark.usefixtures("fixed_today")


def rows(db_url: str, sql: str) -> list[dict[str, object]]:
    from recoverykit.services.store import open_store

    db = open_store(db_url)
    try:
        return db.connection().execute(sql)
    finally:
        db.close()


def sessions(db_url: str) -> list[tuple[object, ...]]:
    return [
        (
            int(r["session_no"]),
            str(r["session_date"])[:10],
            r["rater"],
            r["srs_total"],
            bool(r["srs_alert"]),
        )  # type: ignore[arg-type]
        for r in rows(
            db_url,
            "SELECT session_no, session_date, rater, srs_total, srs_alert FROM fit_session "
            "ORDER BY session_date, rater",
        )
    ]


def rec(cli, *args: str) -> None:
    result = cli("fit", "record", *args)
    assert result.exit_code == 0, result.output


def test_late_session_renumbers_and_recomputes_the_srs_drop_alert(cli) -> None:
    unit_with_client(cli)
    rec(
        cli,
        "K-0001",
        "--ors",
        "5",
        "5",
        "5",
        "5",
        "--srs",
        "9,5",
        "9,5",
        "9,5",
        "9,5",
        "--date",
        "2026-09-01",
    )
    rec(
        cli,
        "K-0001",
        "--ors",
        "6",
        "6",
        "6",
        "6",
        "--srs",
        "9,5",
        "9,5",
        "9,5",
        "9,5",
        "--date",
        "2026-09-15",
    )
    assert sessions(cli.db_url) == [
        (1, "2026-09-01", "client", 38.0, False),
        (2, "2026-09-15", "client", 38.0, False),
    ]
    # Entered late: 08.09 with SRS 40. Now 15.09 is a drop from 40 to 38: an alert.
    late = cli(
        "fit",
        "record",
        "K-0001",
        "--ors",
        "5",
        "5",
        "6",
        "6",
        "--srs",
        "10",
        "10",
        "10",
        "10",
        "--date",
        "2026-09-08",
    )
    assert late.exit_code == 0, late.output
    assert late.stdout.startswith("Registrerte samtale 2 for K-0001 (forløp 1, 08.09.2026).\n")
    assert sessions(cli.db_url) == [
        (1, "2026-09-01", "client", 38.0, False),
        (2, "2026-09-08", "client", 40.0, False),
        (3, "2026-09-15", "client", 38.0, True),
    ]
    # Before the first: the intake moves and the episode starts earlier.
    early = cli("fit", "record", "K-0001", "--ors", "4", "4", "4", "4", "--date", "2026-08-25")
    assert early.exit_code == 0, early.output
    assert early.stdout.splitlines()[:3] == [
        "Registrerte samtale 1 for K-0001 (forløp 1, 25.08.2026).",
        "Samtalen er før forløpets start (01.09.2026); forløpet starter nå 25.08.2026, og "
        "samtalene er nummerert etter dato.",
        "ORS 16,0: startskåren i forløpet. Klinisk grense 25 (voksen).",
    ]
    assert [s[0] for s in sessions(cli.db_url)] == [1, 2, 3, 4]
    assert str(rows(cli.db_url, "SELECT opened_on FROM fit_episode")[0]["opened_on"])[:10] == (
        "2026-08-25"
    )
    show = cli("fit", "show", "K-0001")
    # Change now runs from the new intake 16,0 to 24,0: +8,0.
    assert (
        "Endring: Fra 16,0 til 24,0 (+8,0 poeng; pålitelig endring ≥ 5,0; klinisk grense 25,0): pålitelig bedring."
        in show.stdout
    )


def test_child_and_parent_rate_the_same_date_as_separate_series(cli) -> None:
    unit_with_client(cli, "B-1", age_group="child")
    # The child (CORS) and a parent rate on the same dates; the child's own rating is primary.
    rec(
        cli, "B-1", "--ors", "6,2", "6,2", "6,2", "6,3", "--rater", "client", "--date", "2026-09-01"
    )
    rec(
        cli, "B-1", "--ors", "5", "5", "5", "5", "--date", "2026-09-01"
    )  # a child's default: parent
    rec(cli, "B-1", "--ors", "8", "8", "8", "9", "--rater", "client", "--date", "2026-09-15")
    rec(cli, "B-1", "--ors", "6", "6", "6", "7", "--rater", "parent", "--date", "2026-09-15")
    # An SRS without an ORS.
    srs_only = cli(
        "fit",
        "record",
        "B-1",
        "--srs",
        "9",
        "9",
        "9",
        "9",
        "--rater",
        "client",
        "--date",
        "2026-09-22",
    )
    assert srs_only.exit_code == 0, srs_only.output
    assert "Ingen ORS denne gangen (bare SRS)." in srs_only.stdout
    assert sessions(cli.db_url) == [
        (1, "2026-09-01", "client", None, False),
        (1, "2026-09-01", "parent", None, False),
        (2, "2026-09-15", "client", None, False),
        (2, "2026-09-15", "parent", None, False),
        (3, "2026-09-22", "client", 36.0, False),
    ]
    show = cli("fit", "show", "B-1")
    assert show.exit_code == 0, show.output
    out = show.stdout
    # Child: 24,9 → 33,0 = +8,1, from at/below 32 to above: recovered.
    assert (
        "Endring: Fra 24,9 til 33,0 (+8,1 poeng; pålitelig endring ≥ 5,0; klinisk grense 32,0): "
        "klinisk signifikant bedring."
    ) in out
    assert "Utfylt av klienten:" in out
    assert "Utfylt av forelder (2 samtaler):" in out
    # Parent: 20,0 → 25,0 = exactly +5,0, still at/below 32: reliably improved.
    assert (
        "Endring: Fra 20,0 til 25,0 (+5,0 poeng; pålitelig endring ≥ 5,0; klinisk grense 32,0): "
        "pålitelig bedring."
    ) in out
    same = cli(
        "fit",
        "record",
        "B-1",
        "--ors",
        "1",
        "1",
        "1",
        "1",
        "--rater",
        "parent",
        "--date",
        "2026-09-15",
    )
    assert same.exit_code == 2
    assert "samtale 2 den 15.09.2026 er allerede registrert" in same.stderr


def test_unit_figures_use_the_primary_series(cli) -> None:
    """fit summary counts one series per episode: the intake rater's, never a mix."""
    unit_with_client(cli, "B-1", age_group="child")
    rec(cli, "B-1", "--ors", "5", "5", "5", "5", "--rater", "client", "--date", "2026-09-01")
    rec(cli, "B-1", "--ors", "9", "9", "9", "9", "--rater", "parent", "--date", "2026-09-08")
    rec(cli, "B-1", "--ors", "6", "6", "6", "6", "--rater", "client", "--date", "2026-09-15")
    from recoverykit.services.store import open_store
    from recoverykit.store import fit as q

    db = open_store(cli.db_url)
    try:
        conn = db.connection()
        from datetime import date

        [row] = q.period_episodes(
            conn=conn, department_id=None, start=date(2026, 9, 1), end=date(2026, 9, 30)
        )
    finally:
        db.close()
    assert (row["intake"], row["latest"], row["sessions"]) == (20.0, 24.0, 2)


def test_unit_figures_of_a_child_rated_by_child_and_parent_on_the_same_dates(cli) -> None:
    """Worked by hand: three meetings, the child's and the parent's ORS on the first two, then
    the parent's ORS with the child's SRS only. The unit figures use the child's series (the
    intake rater's, the client's own when both rated at intake) and count meetings, not rows."""
    from datetime import date

    from recoverykit.domain.fit.settings import FitSettings
    from recoverykit.services.store import open_store
    from recoverykit.store.fit_figures import period_figures

    unit_with_client(cli, "B-1", age_group="child")
    rec(cli, "B-1", "--ors", "5", "5", "5", "5", "--rater", "client", "--date", "2026-09-01")
    rec(cli, "B-1", "--ors", "8", "8", "8", "8", "--rater", "parent", "--date", "2026-09-01")
    rec(cli, "B-1", "--ors", "7", "7", "7", "7", "--rater", "client", "--date", "2026-09-15")
    rec(cli, "B-1", "--ors", "9", "9", "9", "9", "--rater", "parent", "--date", "2026-09-15")
    rec(cli, "B-1", "--ors", "2", "2", "2", "2", "--rater", "parent", "--date", "2026-09-29")
    rec(cli, "B-1", "--srs", "9", "9", "9", "9", "--rater", "client", "--date", "2026-09-29")
    closed = cli("fit", "close", "B-1", "--reason", "planned", "--date", "2026-09-30")
    assert closed.exit_code == 0, closed.output
    db = open_store(cli.db_url)
    try:
        figures = period_figures(
            db.connection(), date(2026, 9, 1), date(2026, 9, 30), FitSettings()
        )
    finally:
        db.close()
    c = figures.departments["BOLIG"].counts()
    # Six rows, three meetings; one client, one episode.
    assert (c.clients, c.sessions, c.episodes) == (1, 3, 1)
    # The child's intake 20,0 (not the parent's 32,0); the child's latest 28,0 (not the
    # parent's 8,0 at the last meeting, where the child gave only an SRS).
    assert c.intake_mean == 20.0
    assert (c.measured, c.mean_change) == (1, 8.0)
    # +8,0 ≥ 5 but still at/below the child cut-off 32: reliably improved, not recovered.
    assert c.outcomes["reliably_improved"] == 1 and c.closed == 1


def test_removing_the_late_session_restores_the_alert_state(cli) -> None:
    unit_with_client(cli)
    rec(
        cli,
        "K-0001",
        "--ors",
        "5",
        "5",
        "5",
        "5",
        "--srs",
        "9,5",
        "9,5",
        "9,5",
        "9,5",
        "--date",
        "2026-09-01",
    )
    rec(
        cli,
        "K-0001",
        "--ors",
        "5",
        "5",
        "5",
        "5",
        "--srs",
        "10",
        "10",
        "10",
        "10",
        "--date",
        "2026-09-08",
    )
    rec(
        cli,
        "K-0001",
        "--ors",
        "6",
        "6",
        "6",
        "6",
        "--srs",
        "9,5",
        "9,5",
        "9,5",
        "9,5",
        "--date",
        "2026-09-15",
    )
    assert sessions(cli.db_url)[2] == (3, "2026-09-15", "client", 38.0, True)
    removed = cli("fit", "session", "remove", "K-0001", "--date", "2026-09-08")
    assert removed.exit_code == 0, removed.output
    assert sessions(cli.db_url) == [
        (1, "2026-09-01", "client", 38.0, False),
        (2, "2026-09-15", "client", 38.0, False),
    ]


def test_a_late_session_inside_a_closed_episode_goes_to_that_episode(cli) -> None:
    unit_with_client(cli)
    rec(cli, "K-0001", "--ors", "5", "5", "5", "5", "--date", "2026-09-01")
    rec(cli, "K-0001", "--ors", "7", "7", "7", "7", "--date", "2026-09-15")
    closed = cli("fit", "close", "K-0001", "--reason", "planned", "--date", "2026-09-20")
    assert closed.exit_code == 0
    late = cli("fit", "record", "K-0001", "--ors", "6", "6", "6", "6", "--date", "2026-09-08")
    assert late.exit_code == 0, late.output
    assert late.stdout.startswith("Registrerte samtale 2 for K-0001 (forløp 1, 08.09.2026).\n")
    after = cli("fit", "record", "K-0001", "--ors", "6", "6", "6", "6", "--date", "2026-09-21")
    assert after.exit_code == 2
    assert "gi --new-episode for å starte et nytt forløp" in after.stderr


@pytest.mark.parametrize(
    ("word", "stored"),
    [("family", "family"), ("Familie", "family"), ("network", "network"), ("NETTVERK", "network")],
)
def test_family_and_network_rate_as_collateral_series(cli, word: str, stored: str) -> None:
    unit_with_client(cli)
    rec(cli, "K-0001", "--ors", "5", "5", "5", "5", "--date", "2026-09-01")
    rec(cli, "K-0001", "--ors", "6", "6", "6", "6", "--rater", word, "--date", "2026-09-01")
    rec(cli, "K-0001", "--ors", "8", "8", "8", "8", "--rater", word, "--date", "2026-09-15")
    assert [(s[0], s[2]) for s in sessions(cli.db_url)] == [(1, "client"), (1, stored), (2, stored)]
    show = cli("fit", "show", "K-0001")
    assert show.exit_code == 0, show.output
    label = {"family": "familien", "network": "nettverket"}[stored]
    assert f"Utfylt av {label} (2 samtaler):" in show.stdout


def test_an_unknown_rater_is_refused_naming_rater(cli) -> None:
    unit_with_client(cli)
    before = snapshot(cli.db_url)
    bad = cli("fit", "record", "K-0001", "--ors", "5", "5", "5", "5", "--rater", "venn")
    assert bad.exit_code == 2
    assert bad.stderr.startswith("Feil: --rater: «venn» er ingen utfyller;")
    assert len(bad.stderr.splitlines()) == 1
    assert snapshot(cli.db_url) == before
