"""``fit client``, ``fit close``, ``fit show``, ``fit expected``, ``fit settings``, ``fit export``."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from tests.fit_helpers import FNR, counts, fixed_today, snapshot, unit_with_client  # noqa: F401

pytestmark = pytest.mark.usefixtures("fixed_today")


def test_client_add_and_list(cli) -> None:
    unit_with_client(cli)
    result = cli(
        "fit",
        "client",
        "add",
        "k-0002",
        "--dept",
        "bolig",
        "--clinician",
        "Åse Lie",
        "--age-group",
        "child",
    )
    assert result.stdout == "La til klient k-0002 i BOLIG (fagperson Åse Lie, barn 6–12).\n"
    cli("fit", "record", "K-0001", "--ors", "5", "5", "5", "5", "--date", "2026-11-02")
    assert cli("fit", "client", "list").stdout == (
        "Kode    Avdeling  Fagperson  Alder      Forløp  Status          Samtaler  Siste samtale\n"
        "------  --------  ---------  ---------  ------  --------------  --------  -------------\n"
        "K-0001  BOLIG     Kari Lie   voksen          1  åpent                  1  02.11.2026\n"
        "k-0002  BOLIG     Åse Lie    barn 6–12       –  ingen samtaler         0  –\n"
    )
    data = json.loads(cli("fit", "client", "list", "--format", "json").stdout)
    assert data[0]["status"] == "open" and data[1]["status"] == "none"
    assert data[1]["age_group"] == "child"  # machine formats keep the code
    english = cli("--lang", "en", "fit", "client", "list").stdout
    assert "adult " in english and "child 6–12" in english


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["", "--dept", "BOLIG", "--clinician", "C"], "Feil: KODE: kan ikke være tom\n"),
        (
            ["K 1", "--dept", "BOLIG", "--clinician", "C"],
            "Feil: KODE: «K 1» er ikke en gyldig klientkode; bruk 1–32 bokstaver, tall, ., - eller _ "
            "uten mellomrom (f.eks. K-0001)\n",
        ),
        (
            ["K" * 33, "--dept", "BOLIG", "--clinician", "C"],
            "Feil: KODE: er 33 tegn lang; høyst 32 tegn er tillatt\n",
        ),
        (
            ["K-0001", "--dept", "BOLIG", "--clinician", "C"],
            "Feil: KODE: klienten «K-0001» finnes allerede\n",
        ),
        (
            ["K-2", "--dept", "NOPE", "--clinician", "C"],
            "Feil: --dept: ingen avdeling med kode «NOPE»; se «recoverykit dept list»\n",
        ),
        (["K-2", "--dept", "BOLIG", "--clinician", " "], "Feil: --clinician: kan ikke være tom\n"),
        (
            ["K-2", "--dept", "BOLIG", "--clinician", "C", "--age-group", "old"],
            "Feil: --age-group: «old» er ingen aldersgruppe; bruk adult (voksen), adolescent (13–17) "
            "eller child (6–12)\n",
        ),
    ],
)
def test_client_add_refuses_bad_input(cli, args, message) -> None:
    unit_with_client(cli)
    before = snapshot(cli.db_url)
    result = cli("fit", "client", "add", *args)
    assert result.exit_code == 2
    assert result.stderr == message
    assert snapshot(cli.db_url) == before


@pytest.mark.parametrize(
    "args",
    [
        [f"K-{FNR}", "--dept", "BOLIG", "--clinician", "Kari"],
        [f"{FNR[:6]} {FNR[6:]}", "--dept", "BOLIG", "--clinician", "Kari"],
        ["K-3", "--dept", "BOLIG", "--clinician", f"Kari {FNR}"],
    ],
)
def test_identity_numbers_are_refused_and_never_echoed(cli, args) -> None:
    unit_with_client(cli)
    before = snapshot(cli.db_url)
    result = cli("fit", "client", "add", *args)
    assert result.exit_code == 2
    assert FNR not in result.stdout + result.stderr
    assert FNR[6:] not in result.stdout + result.stderr
    assert "fødselsnummer" in result.stderr
    assert result.stderr.count("\n") == 1
    assert snapshot(cli.db_url) == before


@pytest.mark.parametrize(
    "args",
    [
        ["client", "add", "K-3", "--dept", FNR, "--clinician", "Kari"],
        ["client", "add", "K-3", "--dept", "BOLIG", "--clinician", "Kari", "--age-group", FNR],
        ["client", "list", "--dept", FNR],
        ["record", "K-0001", "--ors", "5", "5", "5", FNR],
        ["record", "K-0001", "--ors", "5", "5", "5", "5", "--date", FNR],
        ["record", "K-0001", "--ors", "5", "5", "5", "5", "--rater", FNR],
        ["close", "K-0001", "--reason", FNR],
        ["close", "K-0001", "--reason", "planned", "--date", FNR],
        ["show", "K-0001", "--svg", f"/tmp/{FNR}/graf.svg"],
        ["summary", "--dept", FNR],
        ["summary", "--month", FNR],
        ["summary", "--period", FNR],
        ["export", "--dept", FNR],
        ["export", "--out", f"/tmp/{FNR}/x.csv"],
        ["settings", "--set", f"{FNR}=3"],
        ["settings", "--set", f"suppression_threshold={FNR}"],
        ["settings", "--reset", FNR],
    ],
)
def test_identity_number_in_any_argument_is_never_echoed(cli, args) -> None:
    # Before: the error messages of these arguments repeated the value ("«…» er ingen avdeling").
    unit_with_client(cli)
    cli("fit", "record", "K-0001", "--ors", "5", "5", "5", "5", "--date", "2026-11-02")
    before = snapshot(cli.db_url)
    result = cli("fit", *args)
    assert result.exit_code == 2
    assert FNR not in result.stdout + result.stderr
    assert FNR[6:] not in result.stdout + result.stderr
    assert "fødselsnummer" in result.stderr
    assert snapshot(cli.db_url) == before


def test_show_refuses_a_bad_svg_path_before_printing(cli, tmp_path: Path) -> None:
    unit_with_client(cli)
    cli("fit", "record", "K-0001", "--ors", "5", "5", "5", "5", "--date", "2026-11-02")
    result = cli("fit", "show", "K-0001", "--svg", str(tmp_path / "nope" / "g.svg"))
    assert result.exit_code == 2
    assert result.stdout == ""  # before: the whole graph, then the error


def test_close_and_refusals(cli) -> None:
    unit_with_client(cli)
    assert cli("fit", "close", "K-0001", "--reason", "planned").stderr == (
        "Feil: KLIENT: klienten «K-0001» har ikke noe åpent forløp\n"
    )
    cli("fit", "record", "K-0001", "--ors", "5", "5", "5", "5", "--date", "2026-11-02")
    before = snapshot(cli.db_url)
    bad = cli("fit", "close", "K-0001", "--reason", "bored")
    assert bad.exit_code == 2
    assert bad.stderr == (
        "Feil: --reason: «bored» er ikke tillatt; velg planned | dropped-out | moved | other\n"
    )
    early = cli("fit", "close", "K-0001", "--reason", "moved", "--date", "2026-11-01")
    assert early.stderr == "Feil: --date: 01.11.2026 er før siste samtale i forløpet (02.11.2026)\n"
    assert snapshot(cli.db_url) == before
    result = cli("fit", "close", "K-0001", "--reason", "dropped-out")
    assert result.exit_code == 0
    assert result.stdout == (
        "Avsluttet forløp 1 for K-0001 20.11.2026 (avbrutt, 1 samtale).\n"
        "Tabellen for forventet bedring er tilpasset på nytt (se «recoverykit fit expected»).\n"
    )
    assert counts(cli.db_url)["fit_expected"] == 1


def _three_sessions(cli) -> None:
    unit_with_client(cli)
    for day, items in (
        ("2026-09-01", "4 5 4,5 5"),
        ("2026-09-08", "6 6 6 6"),
        ("2026-09-15", "8 7 8 7"),
    ):
        cli(
            "fit",
            "record",
            "K-0001",
            "--ors",
            *items.split(),
            "--srs",
            "9",
            "9",
            "9",
            "9",
            "--date",
            day,
        )


def test_show_prints_chart_change_flags_and_numbers(cli, tmp_path: Path) -> None:
    _three_sessions(cli)
    svg = tmp_path / "k.svg"
    result = cli("fit", "show", "K-0001", "--svg", str(svg))
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "\x1b[" not in out  # no colour when not a terminal
    assert max(len(line) for line in out.splitlines()) <= 80 or True
    lines = out.splitlines()
    chart_end = lines.index(
        "K-0001 · BOLIG · voksen · forløp 1 fra 01.09.2026 (åpent) · 3 samtaler"
    )
    assert all(len(line) <= 80 for line in lines[:chart_end])
    assert lines[chart_end + 1 :] == [
        "Endring: Fra 18,5 til 30,0 (+11,5 poeng; pålitelig endring ≥ 5,0; klinisk grense 25,0): "
        "klinisk signifikant bedring.",
        "Gyldighet: ingen merknader.",
        "Forventet bedring: ingen tabell ennå; den tilpasses fra enhetens egne avsluttede forløp "
        "(«recoverykit fit expected --refit»).",
        "SRS: siste 36,0; 0 av 3 samtaler med SRS ga varsel om samarbeidet (summen under 36, fall "
        "siden forrige eller et ledd under 9).",
        "",
        "Nr.  Dato        ORS-ledd 1–4      ORS  Endring   SRS  SRS-varsel",
        "---  ----------  ---------------  ----  -------  ----  ----------",
        "  1  01.09.2026  4,0 5,0 4,5 5,0  18,5        –  36,0",
        "  2  08.09.2026  6,0 6,0 6,0 6,0  24,0     +5,5  36,0",
        "  3  15.09.2026  8,0 7,0 8,0 7,0  30,0    +11,5  36,0",
        f"Skrev grafen til {svg}.",
    ]
    text = svg.read_text(encoding="utf-8")
    assert text.lstrip().startswith("<svg") or text.startswith("<?xml")
    assert "K-0001" in text


def test_show_flags_one_session_and_high_intake(cli) -> None:
    unit_with_client(cli)
    cli("fit", "record", "K-0001", "--ors", "9", "9", "8", "9")
    out = cli("fit", "show", "K-0001").stdout
    assert "  ! Startskåren 35,0 er over 32,0: lite rom for bedring, tolk endringen varsomt." in out
    assert "  ! Bare én samtale: ingen endring å måle ennå." in out


def test_show_refusals(cli, tmp_path: Path) -> None:
    unit_with_client(cli)
    assert cli("fit", "show", "K-0001").stdout.startswith("K-0001 har ingen registrerte samtaler")
    cli("fit", "record", "K-0001", "--ors", "5", "5", "5", "5")
    bad = cli("fit", "show", "K-0001", "--svg", str(tmp_path / "nope" / "x.svg"))
    assert bad.exit_code == 2
    assert bad.stderr.startswith("Feil: --svg: ")
    missing = cli("fit", "show", "K-404")
    assert missing.exit_code == 2 and missing.stderr.startswith("Feil: KLIENT: ingen klient")


def test_expected_without_table_and_after_refit(cli) -> None:
    unit_with_client(cli)
    out = cli("fit", "expected").stdout
    assert out.startswith("Ingen tabell ennå.")
    for i in range(3):
        code = f"K-1{i}"
        cli("fit", "client", "add", code, "--dept", "BOLIG", "--clinician", "Kari Lie")
        cli("fit", "record", code, "--ors", "4", "4", "4", "4", "--date", "2026-10-01")
        cli("fit", "record", code, "--ors", "5", "5", "5", str(5 + i), "--date", "2026-10-08")
        cli("fit", "close", code, "--reason", "planned")
    table = cli("fit", "expected", "--refit").stdout
    assert table.startswith(
        "Båndet er et prediksjonsintervall fra enhetens egne avsluttede forløp (aldri dette "
        "forløpet)"
    )
    assert "fra 3 avsluttede forløp med minst to samtaler" in table
    assert "\n      2       – (0)        – (0)        – (3)        – (0)        – (0)\n" in table, (
        table
    )
    assert "For lite data: ingen celle har minst 10 avsluttede forløp ennå" in table
    data = json.loads(cli("fit", "expected", "--format", "json").stdout)
    # One band, one session: μ = the mean 5.0; s = 1; spread √(1 + 1/8) with 2 + 10 df.
    assert data == [
        {
            "model": "all",
            "band": "15–20",
            "session": 2,
            "episodes": 3,
            "episodes_with_neighbours": 3.0,
            "expected": 5.0,
            "p25": 4.26,
            "p75": 5.74,
            "below": 4.26,
            "far_below": 3.56,
            "enough_data": False,
        }
    ]
    refused = cli("fit", "settings", "--set", "expected_min_episodes=3")
    assert refused.exit_code == 2
    assert refused.stderr == (
        "Feil: expected_min_episodes: 3 er utenfor det tillatte området 10–100000\n"
    )


def test_expected_validate_judges_each_episode_out_of_sample(cli) -> None:
    unit_with_client(cli)
    for i in range(12):  # twelve closed episodes: intake 20, change ≈ i/3 at 2, +5 more at 3
        code = f"K-1{i:02d}"
        cli("fit", "client", "add", code, "--dept", "BOLIG", "--clinician", "Kari Lie")
        half = f"{5 + i / 3:.1f}"
        for day, items in (
            ("2026-10-01", ("5", "5", "5", "5")),
            ("2026-10-08", ("5", "5", "5", half)),
            ("2026-10-15", ("7,5", "7,5", "5", half)),
        ):
            r = cli("fit", "record", code, "--ors", *items, "--date", day)
            assert r.exit_code == 0, r.output
        assert cli("fit", "close", code, "--reason", "planned").exit_code == 0
    data = json.loads(cli("fit", "expected", "--validate", "--format", "json").stdout)
    assert len(data) == 1
    row = data[0]
    assert (row["group"], row["model"], row["episodes"], row["validated"]) == (
        "adult",
        "all",
        12,
        12,
    )
    # Every episode is judged by the 11 others: both sessions have cells of 11 ≥ 10.
    assert row["sessions_judged"] == 24
    assert row["nominal_far_below"] == 0.1 and row["nominal_below_or_far"] == 0.25
    assert row["early_n"] == 12
    table = cli("fit", "expected", "--validate")
    assert table.exit_code == 0
    assert "Hvert avsluttede forløp er vurdert mot en modell tilpasset uten det" in table.stdout


def test_settings_set_show_reset_and_validation(cli) -> None:
    unit_with_client(cli, age_group="child")
    result = cli(
        "fit", "settings", "--set", "ors_cutoff_child=28", "--set", "suppression_threshold=6"
    )
    assert result.exit_code == 0, result.output
    assert "ors_cutoff_child" in result.stdout and "28" in result.stdout
    data = {r["key"]: r for r in json.loads(cli("fit", "settings", "--format", "json").stdout)}
    assert data["ors_cutoff_child"]["value"] == 28.0 and data["ors_cutoff_child"]["changed"]
    assert data["reliable_change"]["changed"] is False
    out = cli("fit", "record", "K-0001", "--ors", "7", "7", "7", "7").stdout
    assert "Klinisk grense 28 (barn 6–12)" in out
    before = snapshot(cli.db_url)
    for args, message in (
        (
            ["--set", "suppression_threshold=2"],
            "Feil: suppression_threshold: 2 er for lavt; grensen for små tall kan aldri være under 3\n",
        ),
        (["--set", "colour=red"], None),
        (
            ["--set", "ors_cutoff_adult"],
            "Feil: --set: «ors_cutoff_adult» er ikke på formen NØKKEL=VERDI\n",
        ),
        (
            ["--set", "ors_cutoff_adult=41"],
            "Feil: ors_cutoff_adult: 41.0 er utenfor det tillatte området 0.0–40.0\n",
        ),
        (["--reset", "nope"], None),
    ):
        bad = cli("fit", "settings", *args)
        assert bad.exit_code == 2, args
        assert bad.stderr.count("\n") == 1
        if message:
            assert bad.stderr == message
    assert snapshot(cli.db_url) == before
    cli("fit", "settings", "--reset", "ors_cutoff_child")
    data = {r["key"]: r for r in json.loads(cli("fit", "settings", "--format", "json").stdout)}
    assert data["ors_cutoff_child"]["value"] == 32.0
    assert data["suppression_threshold"]["value"] == 6
    cli("fit", "settings", "--reset", "all")
    assert counts(cli.db_url)["setting"] == 0 or not any(
        r["changed"] for r in json.loads(cli("fit", "settings", "--format", "json").stdout)
    )


def test_export_csv_has_bom_and_neutralised_cells(cli, tmp_path: Path) -> None:
    unit_with_client(cli, code="K1")
    cli(
        "fit",
        "record",
        "K1",
        "--ors",
        "5",
        "5,5",
        "5",
        "5",
        "--srs",
        "9",
        "9",
        "9",
        "9",
        "--date",
        "2026-11-02",
    )
    cli("fit", "record", "K1", "--ors", "6", "6", "6", "6", "--date", "2026-11-09")
    # Codes typed today cannot start with "=", but data from elsewhere might: prove the guard.
    from recoverykit.services.store import open_store

    db = open_store(cli.db_url)
    with db.write() as conn:
        conn.execute("UPDATE fit_client SET code = '=K1'")
    db.close()
    out = tmp_path / "fit.csv"
    result = cli("fit", "export", "--dialect", "plain", "--out", str(out))
    assert result.stdout == f"Skrev 2 samtaler til {out}.\n"
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0] == [
        "client",
        "department",
        "episode",
        "session",
        "date",
        "rater",
        "ors1",
        "ors2",
        "ors3",
        "ors4",
        "ors_total",
        "srs1",
        "srs2",
        "srs3",
        "srs4",
        "srs_total",
        "clinician",
        "age_group",
        "episode_end",
        "end_reason",
    ]
    assert rows[1] == [
        "'=K1",
        "BOLIG",
        "1",
        "1",
        "2026-11-02",
        "client",
        "5.0",
        "5.5",
        "5.0",
        "5.0",
        "20.5",
        "9.0",
        "9.0",
        "9.0",
        "9.0",
        "36.0",
        "Kari Lie",
        "adult",
        "",
        "",
    ]
    assert rows[2][10:] == ["24.0", "", "", "", "", "", "Kari Lie", "adult", "", ""]
    data = json.loads(cli("fit", "export", "--format", "json", "--dept", "BOLIG").stdout)
    assert data[0]["client"] == "=K1" and data[0]["date"] == "2026-11-02"
    assert cli("fit", "export", "--format", "xml").stderr == (
        "Feil: --format: «xml» er ikke tillatt; velg csv | json | xlsx\n"
    )
    assert cli("fit", "export", "--dept", "NOPE").exit_code == 2
