"""``fit summary`` and ``fit mine``: SQL aggregation equals the domain's figures, small groups are
suppressed (and cannot be worked out from totals), clinicians are never listed."""

from __future__ import annotations

import json
from datetime import date

import pytest

from recoverykit.domain.fit.summary import EpisodeRow, SessionRow, summarise
from recoverykit.domain.fit.synthetic import generate
from tests.fit_helpers import fixed_today, snapshot  # noqa: F401

pytestmark = pytest.mark.usefixtures("fixed_today")

DEPARTMENTS = {"A01": "BOLIG", "A02": "RUS"}


def _small_unit(cli) -> None:
    cli("dept", "add", "BOLIG", "Bolig")
    for i in range(7):
        code = f"K-{i}"
        cli("fit", "client", "add", code, "--dept", "BOLIG", "--clinician", "Kari Lie")
        cli("fit", "record", code, "--ors", "4", "4", "4", str(i), "--date", "2026-10-01")
        last = ("7", "7", "7", "7") if i < 5 else ("4", "5", "5", "4")
        cli("fit", "record", code, "--ors", *last, "--date", "2026-10-08")
        reason = "dropped-out" if i == 6 else "planned"
        assert cli("fit", "close", code, "--reason", reason, "--date", "2026-10-09").exit_code == 0


def test_small_groups_are_suppressed_with_a_note(cli) -> None:
    _small_unit(cli)
    result = cli("fit", "summary", "--dept", "BOLIG", "--month", "2026-10")
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "FIT-sammendrag – BOLIG, oktober 2026\n"
        "Mål                                  Antall  Andel av avsluttede\n"
        "---------------------------------  --------  -------------------\n"
        "Klienter                                  7\n"
        "Samtaler                                 14\n"
        "Forløp med samtaler                       7\n"
        "Startskår ORS, snitt                   15,0\n"
        "Avsluttede forløp                         7\n"
        "  pålitelig bedring i alt                 –                    –\n"
        "  – av dem klinisk signifikant            –                    –\n"
        "  – av dem bare pålitelig bedring         0                  0 %\n"
        "  ingen pålitelig endring                 –                    –\n"
        "  pålitelig forverring                    0                  0 %\n"
        "  bare én samtale                         0                  0 %\n"
        "  avbrutt (frafall)                       –                    –\n"
        "Samtaler med SRS-varsel                   0\n"
        "Effektstørrelse før–etter (n)      4,70 (7)\n"
        "– = skjult eller ikke beregnet: grupper under 5 personer vises ikke (grensen for små "
        "tall), og en gruppe kan være skjult for at en liten gruppe ikke skal kunne regnes ut "
        "fra totalen. Snitt og effektstørrelse vises fra 5 forløp.\n"
        "Endring er fra første til siste ORS i forløpet (Jacobson & Truax 1991); "
        "effektstørrelsen er gjennomsnittlig endring delt på standardavviket ved start "
        "(Becker 1988).\n"
    )
    assert "Kari" not in result.stdout
    data = json.loads(
        cli("fit", "summary", "--dept", "BOLIG", "--month", "2026-10", "--format", "json").stdout
    )
    figures = data["figures"]
    # 2 no-change episodes are hidden, and so is the recovered group (5), so that the total (7)
    # minus the shown groups cannot give the small group away.
    assert figures["no_reliable_change"]["count"] is None
    assert figures["recovered"]["count"] is None
    assert figures["closed"]["count"] == 7
    shown = [
        figures[k]["count"]
        for k in (
            "recovered",
            "reliably_improved",
            "no_reliable_change",
            "reliably_deteriorated",
            "one_session",
        )
    ]
    hidden_sum = 7 - sum(c for c in shown if c is not None)
    assert hidden_sum >= 5 + 1  # more than one way to split it
    assert figures["dropouts"]["count"] is None


def test_threshold_is_configurable_but_never_below_three(cli) -> None:
    _small_unit(cli)
    cli("fit", "settings", "--set", "suppression_threshold=3")
    data = json.loads(
        cli("fit", "summary", "--dept", "BOLIG", "--month", "2026-10", "--format", "json").stdout
    )
    assert data["figures"]["no_reliable_change"]["count"] is None  # 2 < 3
    cli("fit", "settings", "--reset", "suppression_threshold")
    refused = cli("fit", "settings", "--set", "suppression_threshold=1")
    assert refused.exit_code == 2


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--month", "2026-13"], "Feil: --month: «2026-13»: måned må være mellom 01 og 12\n"),
        (
            ["--period", "2026H3"],
            "Feil: --period: «2026H3»: et år har bare to halvår, 1 og 2 (f.eks. 2026H1 eller 2026H2)\n",
        ),
        (
            ["--month", "2026-10", "--period", "2026H2"],
            "Feil: --period: kan ikke brukes sammen med --month\n",
        ),
        (
            ["--dept", "NOPE"],
            "Feil: --dept: ingen avdeling med kode «NOPE»; se «recoverykit dept list»\n",
        ),
        (["--format", "pdf"], "Feil: --format: «pdf» er ikke tillatt; velg table | json | csv\n"),
    ],
)
def test_summary_bad_input(cli, args, message) -> None:
    cli("dept", "add", "BOLIG", "Bolig")
    result = cli("fit", "summary", *args)
    assert result.exit_code == 2
    assert result.stderr == message


def _load(db_url: str, clients: int = 400) -> object:
    from recoverykit.services.store import open_store
    from recoverykit.store.fit import bulk_insert_synthetic

    unit = generate(
        seed=7, clients=clients, start=date(2024, 1, 1), end=date(2025, 12, 31), departments=2
    )
    db = open_store(db_url)
    with db.write() as conn:
        result = bulk_insert_synthetic(conn=conn, unit=unit, departments=DEPARTMENTS)
    db.close()
    assert result.clients == clients
    assert result.sessions == sum(1 for _ in unit.sessions())
    return unit


def _domain_summary(unit, dept: str, start: date, end: date):  # type: ignore[no-untyped-def]
    from recoverykit.domain.fit.settings import FitSettings
    from recoverykit.store.fit_bulk import srs_alert_flag

    s = FitSettings()
    episodes, sessions = [], []
    for ep in unit.episodes():
        if DEPARTMENTS[ep.department] != dept or not ep.sessions:
            continue
        previous = None
        for ses in ep.sessions:
            alert = False
            if ses.srs is not None:
                alert = srs_alert_flag(ses.srs, ses.srs_total, previous, s)
                previous = ses.srs_total
            if start <= ses.on <= end:
                sessions.append(SessionRow(ep.client, ses.on, ses.ors_total, ses.srs_total, alert))
        in_period = any(start <= x.on <= end for x in ep.sessions) or (
            ep.closed_on is not None and start <= ep.closed_on <= end
        )
        if in_period:
            closed = ep.closed_on if ep.closed_on and start <= ep.closed_on <= end else None
            episodes.append(
                EpisodeRow(
                    ep.client,
                    ep.clinician,
                    dept,
                    ep.sessions[0].ors_total,
                    ep.sessions[-1].ors_total,
                    len(ep.sessions),
                    closed,
                    ep.close_reason == "dropout",
                    ep.age_group,
                )
            )
    return summarise(episodes, sessions, s)


def test_sql_summary_matches_the_domain_on_synthetic_data(cli) -> None:
    unit = _load(cli.db_url)
    for dept, period, start, end in (
        ("RUS", "2025H1", date(2025, 1, 1), date(2025, 6, 30)),
        ("BOLIG", "2024H2", date(2024, 7, 1), date(2024, 12, 31)),
    ):
        expected = _domain_summary(unit, dept, start, end)
        data = json.loads(
            cli("fit", "summary", "--dept", dept, "--period", period, "--format", "json").stdout
        )["figures"]
        assert data["clients"]["count"] == expected.clients
        assert data["sessions"]["count"] == expected.sessions
        assert data["episodes"]["count"] == expected.episodes
        assert data["intake_mean"]["count"] == expected.intake_mean
        assert data["closed"]["count"] == expected.closed
        for group, count in expected.outcomes.items():
            assert data[group]["count"] == count, group
        assert data["dropouts"]["count"] == expected.dropouts
        assert data["srs_alerts"]["count"] == expected.srs_alerts
        assert data["effect_size"]["count"] == expected.effect_size


def test_mine_compares_only_with_own_half_years(cli) -> None:
    unit = _load(cli.db_url, clients=300)
    clinician = unit.departments[0].clinicians[0]
    result = cli("fit", "mine", "--clinician", clinician.lower())
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"Dine egne resultater, {clinician.lower()}:")
    others = [c for d in unit.departments for c in d.clinicians if c != clinician]
    assert not any(o in result.stdout for o in others)
    rows = json.loads(cli("fit", "mine", "--clinician", clinician, "--format", "json").stdout)
    assert [r["period"] for r in rows] == sorted(r["period"] for r in rows)
    assert sum(r["closed"] for r in rows) == sum(
        1 for e in unit.episodes() if e.clinician == clinician and e.closed_on is not None
    )
    # Beside one's own figures only the whole unit's, worked out over every clinician's.
    from recoverykit.domain.periods import Period

    shown = [r for r in rows if r["unit_improved_share"] is not None]
    assert shown, rows
    for r in shown:
        p = Period(int(r["period"][:4]), int(r["period"][-1]))
        closed = [
            e
            for e in unit.episodes()
            if e.closed_on is not None and p.start <= e.closed_on <= p.end and len(e.sessions) >= 2
        ]
        assert closed and 0 <= r["unit_improved_share"] <= 1
    assert "Enheten: andel bedring" in result.stdout
    unknown = cli("fit", "mine", "--clinician", "Nobody")
    assert unknown.exit_code == 2
    assert unknown.stderr == "Feil: --clinician: ingen klienter er registrert på «Nobody»\n"


def test_bulk_loaded_ids_leave_room_for_normal_inserts(cli) -> None:
    _load(cli.db_url, clients=20)
    cli("fit", "client", "add", "NY-1", "--dept", "RUS", "--clinician", "Per")
    result = cli("fit", "record", "NY-1", "--ors", "5", "5", "5", "5")
    assert result.exit_code == 0, result.output


def test_bulk_srs_flag_agrees_with_the_domain_alerts() -> None:
    from recoverykit.domain.fit.alerts import srs_alerts
    from recoverykit.domain.fit.settings import FitSettings
    from recoverykit.store.fit_bulk import srs_alert_flag

    for settings in (FitSettings(), FitSettings(srs_drop_alert=False, srs_item_below=8.0)):
        for episode in generate(seed=11, clients=150).episodes():
            previous = None
            for ses in episode.sessions:
                if ses.srs is None:
                    continue
                assert ses.srs_total is not None
                fast = srs_alert_flag(ses.srs, ses.srs_total, previous, settings)
                assert fast == bool(srs_alerts(ses.srs, previous, settings))
                previous = ses.srs_total
