"""``fit import``: Norwegian spreadsheets in, strictly; bad input refused with nothing written."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.fit_helpers import FNR, counts, fixed_today, snapshot  # noqa: F401

pytestmark = pytest.mark.usefixtures("fixed_today")

HEADER = "Klient;Avdeling;Behandler;Dato;ORS 1;ORS 2;ORS 3;ORS 4;SRS 1;SRS 2;SRS 3;SRS 4"
GOOD = [
    "K-0001;BOLIG;Åse Ødegård;05.01.2026;4,5;5;6;5,5;9;9;9,5;9",
    "K-0001;bolig;Åse Ødegård;12.01.26;5;5;6;6;9;8;9;9",
    "K-0002;Bolig og oppfølging;Per Ås;2026-01-19;3;3;3;3;;;;",
]


def write(
    tmp_path: Path, lines: list[str], *, name: str = "fit.csv", encoding: str = "cp1252"
) -> Path:
    path = tmp_path / name
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode(encoding))
    return path


def put(path: Path, data: bytes | str) -> Path:
    path.write_bytes(data.encode() if isinstance(data, str) else data)
    return path


@pytest.fixture
def unit(cli) -> None:
    assert cli("dept", "add", "BOLIG", "Bolig og oppfølging").exit_code == 0


def sessions(db_url: str) -> list[tuple[object, ...]]:
    from recoverykit.services.store import open_store

    db = open_store(db_url)
    try:
        rows = db.connection().execute(
            "SELECT c.code, e.number, s.session_no, s.session_date, s.rater, s.ors1, s.ors4, "
            "s.ors_total, s.srs_total, e.closed_on, e.close_reason FROM fit_session s "
            "JOIN fit_episode e ON e.id = s.episode_id JOIN fit_client c ON c.id = e.client_id "
            "ORDER BY c.code, s.session_date"
        )
    finally:
        db.close()
    return [
        tuple(str(v)[:10] if k in ("session_date", "closed_on") and v else v for k, v in r.items())
        for r in rows
    ]


def test_windows_1252_semicolons_decimal_comma_and_three_date_forms(
    cli, unit, tmp_path, db_url
) -> None:
    path = write(tmp_path, [HEADER, *GOOD])
    result = cli("fit", "import", str(path))
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "3 rader lest: 3 nye samtaler importert, 0 uendret, 0 i konflikt (ikke endret), "
        "0 erstattet, 0 avvist.\n"
        "2 nye klienter, 2 nye forløp; 0 forløp avsluttet av en sluttrad, 0 etter et opphold "
        "på mer enn 26 uker (årsak «annet»).\n"
    )
    assert sessions(db_url) == [
        ("K-0001", 1, 1, "2026-01-05", "client", 4.5, 5.5, 21.0, 36.5, None, None),
        ("K-0001", 1, 2, "2026-01-12", "client", 5.0, 6.0, 22.0, 35.0, None, None),
        ("K-0002", 1, 1, "2026-01-19", "client", 3.0, 3.0, 12.0, None, None, None),
    ]
    again = cli("fit", "import", str(path), "--quiet")
    assert again.stdout == (
        "3 rader lest: 0 nye samtaler importert, 3 uendret, 0 i konflikt (ikke endret), "
        "0 erstattet, 0 avvist.\n"
    )


def test_conflicts_are_reported_and_kept_until_replace(cli, unit, tmp_path, db_url) -> None:
    cli("fit", "import", str(write(tmp_path, [HEADER, *GOOD])))
    changed = write(tmp_path, [HEADER, GOOD[0].replace(";4,5;", ";7;"), GOOD[1]], name="b.csv")
    result = cli("fit", "import", str(changed))
    assert result.exit_code == 0
    assert (
        "Konflikt linje 2 «K-0001»: 2026-01-05: andre tall enn de som er registrert; bruk --replace for å erstatte\n"
        in result.stdout
    )
    assert (
        "0 nye samtaler importert, 1 uendret, 1 i konflikt (ikke endret), 0 erstattet"
        in result.stdout
    )
    assert sessions(db_url)[0][5] == 4.5
    result = cli("fit", "import", str(changed), "--replace")
    assert "1 uendret, 0 i konflikt (ikke endret), 1 erstattet" in result.stdout
    assert sessions(db_url)[0][5:8] == (7.0, 5.5, 23.5)


def test_episodes_from_end_rows_and_gaps(cli, unit, tmp_path, db_url) -> None:
    header = HEADER + ";Avsluttet;Årsak"
    lines = [
        header,
        "K-1;BOLIG;Per;05.01.2026;5;5;5;5;;;;;;",
        "K-1;BOLIG;Per;12.01.2026;6;6;6;6;;;;;ja;planlagt",
        "K-1;BOLIG;Per;02.02.2026;4;4;4;4;;;;;;",
        "K-1;BOLIG;Per;01.10.2026;4;4;4;4;;;;;;",
    ]
    result = cli("fit", "import", str(write(tmp_path, lines)), "--gap-weeks", "12")
    assert result.exit_code == 0, result.output
    assert (
        "1 nye klienter, 3 nye forløp; 1 forløp avsluttet av en sluttrad, 1 etter et opphold "
        "på mer enn 12 uker (årsak «annet»).\n"
    ) in result.stdout
    assert [(r[1], r[2], r[9], r[10]) for r in sessions(db_url)] == [
        (1, 1, "2026-01-12", "planned"),
        (1, 2, "2026-01-12", "planned"),
        (2, 1, "2026-02-02", "other"),
        (3, 1, None, None),
    ]


def test_dry_run_prints_mapping_rows_and_problems_and_writes_nothing(
    cli, unit, tmp_path, db_url
) -> None:
    before = snapshot(db_url)
    path = write(
        tmp_path,
        [HEADER + ";Kommentar", GOOD[0] + ";x", GOOD[1].replace(";6;6;", ";6;11,0;") + ";y"],
    )
    result = cli("fit", "import", str(path), "--dry-run")
    assert result.exit_code == 0
    assert result.stdout.startswith(
        "Prøvekjøring av fit.csv (cp1252, ;): ingenting blir skrevet.\nKolonner:\n  Klient → klient\n"
    )
    assert "Brukes ikke: Kommentar\n" in result.stdout
    assert (
        "  linje 2: Klient=K-0001; Avdeling=BOLIG; Behandler=Åse Ødegård; Dato=05.01.2026; ORS 1=4,5;"
        in result.stdout
    )
    assert result.stderr == (
        "linje 3 «ORS 4»: «11,0» er ikke tillatt; skriv et tall fra 0 til 10 med høyst én desimal, "
        "f.eks. 7,5 eller 7.5\n"
    )
    assert "1 nye samtaler ville bli importert" in result.stdout
    assert snapshot(db_url) == before


BAD = [
    (
        "31.02.2026",
        [HEADER, GOOD[0].replace("05.01.2026", "31.02.2026")],
        "linje 2 «Dato»: 31.02.2026 finnes ikke i kalenderen",
    ),
    (
        "item 11,0",
        [HEADER, GOOD[0].replace(";4,5;", ";11,0;")],
        "linje 2 «ORS 1»: «11,0» er ikke tillatt; skriv et tall fra 0 til 10 med høyst én desimal, f.eks. 7,5 eller 7.5",
    ),
    (
        "fem",
        [HEADER, GOOD[0].replace(";9,5;", ";fem;")],
        "linje 2 «SRS 3»: «fem» er ikke tillatt; skriv et tall fra 0 til 10 med høyst én desimal, f.eks. 7,5 eller 7.5",
    ),
    (
        "formula",
        [HEADER, GOOD[0].replace("Åse Ødegård", "=1+1")],
        "linje 2 «Behandler»: ser ut som en formel; formler importeres ikke (skriv verdien)",
    ),
    (
        "identity number",
        [HEADER, GOOD[0].replace("K-0001", FNR)],
        "linje 2 «Klient»: inneholder det som ser ut som et fødselsnummer eller D-nummer; bruk en pseudonym kode (f.eks. K-0001), aldri fødselsnummer",
    ),
    (
        "unknown department",
        [HEADER, GOOD[0].replace("BOLIG", "NATT")],
        "linje 2 «Avdeling»: ukjent avdeling «NATT»; legg den til med «recoverykit dept add» eller bruk --create-departments",
    ),
    (
        "mixed separators",
        [HEADER, GOOD[0].replace(";", ",")],
        "linje 2: har 1 kolonner, overskriften har 12 (blandede skilletegn?)",
    ),
    (
        "duplicate rows",
        [HEADER, GOOD[0], GOOD[0]],
        "linje 3 «Dato»: samme klient, dato og utfyller som linje/rad 2 i filen",
    ),
]


@pytest.mark.parametrize(("lines", "message"), [b[1:] for b in BAD], ids=[b[0] for b in BAD])
def test_bad_rows_are_named_and_nothing_is_written(
    cli, unit, tmp_path, db_url, lines, message
) -> None:
    before = snapshot(db_url)
    result = cli("fit", "import", str(write(tmp_path, lines)))
    assert result.exit_code == 2, result.output
    assert result.stderr == (
        f"{message}\nFeil: FIL: 1 rad(er) med feil; ingenting ble importert (rett radene, "
        "eller bruk --skip-bad --rejects FIL)\n"
    )
    assert FNR not in result.output
    assert snapshot(db_url) == before


BAD_FILES = [
    (
        "missing column",
        lambda p: write(p, ["Klient;Dato;ORS 1;ORS 2;ORS 3", "K-1;05.01.2026;1;2;3"]),
        "Feil: FIL: mangler kolonne for ors4; gi den med --map KOLONNE=FELT (kolonnene er: Klient, Dato, ORS 1, ORS 2, ORS 3)",
    ),
    (
        "not a spreadsheet",
        lambda p: put(p / "x.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00"),
        "Feil: FIL: x.csv er ikke et regneark eller en CSV-fil som kan leses",
    ),
    (
        "not a workbook",
        lambda p: put(p / "x.xlsx", "hei"),
        "Feil: FIL: x.xlsx er ikke et regneark eller en CSV-fil som kan leses",
    ),
    (
        "empty",
        lambda p: put(p / "x.csv", "\r\n\r\n"),
        "Feil: FIL: x.csv er tom (ingen rader)",
    ),
    (
        "0 bytes",
        lambda p: put(p / "x.csv", b""),
        "Feil: FIL: x.csv er tom (0 byte)",
    ),
    (
        "header only",
        lambda p: write(p, [HEADER], name="x.csv"),
        "Feil: FIL: x.csv har bare overskriftslinjen (ingen rader)",
    ),
    (
        "mixed header",
        lambda p: write(p, ["Klient;Dato,ORS 1", "K-1;05.01.2026"], name="x.csv"),
        "Feil: x.csv linje 1: overskriftslinjen blander skilletegn (';' ','); bruk ett av ; , eller tab",
    ),
    (
        "UTF-16",
        lambda p: write(p, [HEADER, GOOD[0]], name="x.csv", encoding="utf-16"),
        "Feil: FIL: x.csv er UTF-16 («Unicode-tekst» fra Excel); lagre den som «CSV UTF-8» eller som .xlsx og prøv igjen",
    ),
]


@pytest.mark.parametrize(
    ("make", "message"), [b[1:] for b in BAD_FILES], ids=[b[0] for b in BAD_FILES]
)
def test_bad_files_are_refused_with_one_line(cli, unit, tmp_path, db_url, make, message) -> None:
    before = snapshot(db_url)
    result = cli("fit", "import", str(make(tmp_path)))
    assert (result.exit_code, result.stderr) == (2, message + "\n")
    assert snapshot(db_url) == before


def test_skip_bad_imports_good_rows_and_writes_bad_ones_unchanged(
    cli, unit, tmp_path, db_url
) -> None:
    bad = GOOD[1].replace(";5;5;6;6;", ";5;fem;6;6;")
    path = write(tmp_path, [HEADER, GOOD[0], bad, GOOD[2]], encoding="utf-8-sig")
    rejects = tmp_path / "avvist.csv"
    result = cli("fit", "import", str(path), "--skip-bad", "--rejects", str(rejects))
    assert result.exit_code == 0, result.output
    assert "2 nye samtaler importert" in result.stdout and "1 avvist" in result.stdout
    assert rejects.read_bytes() == ("\ufeff" + HEADER + "\r\n" + bad + "\r\n").encode("utf-8")
    assert counts(db_url)["fit_session"] == 2
    fixed = write(tmp_path, [HEADER, GOOD[1]], name="fixed.csv")
    assert "1 nye samtaler importert" in cli("fit", "import", str(fixed)).stdout


def test_create_departments_and_map_and_english(cli, tmp_path, db_url) -> None:
    path = write(
        tmp_path,
        ["Pas;Unit;Therapist;Date;ORS1;ORS2;ORS3;ORS4", "A-1;NATT;Kim;2026-03-01;1;2;3;4"],
        encoding="utf-8",
    )
    result = cli(
        "--lang",
        "en",
        "fit",
        "import",
        str(path),
        "--map",
        "Pas=client",
        "--create-departments",
        "--map",
        "Unit=department",
    )
    assert result.exit_code == 0, result.output
    assert "1 rows read: 1 new sessions imported" in result.stdout
    assert "New departments: NATT\n" in result.stdout
    assert sessions(db_url)[0][:5] == ("A-1", 1, 1, "2026-03-01", "client")


def test_workbook_with_serial_dates_and_cells(cli, unit, tmp_path, db_url) -> None:
    from datetime import date

    from recoverykit.render.xlsx import write_workbook

    path = tmp_path / "fit.xlsx"
    path.write_bytes(
        write_workbook(
            "Ark1",
            ["Klient", "Avdeling", "Behandler", "Dato", "ORS 1", "ORS 2", "ORS 3", "ORS 4"],
            [
                ["K-1", "BOLIG", "Per", date(2026, 1, 5), 4.5, 5, 6, 7],
                ["K-1", "BOLIG", "Per", 46034, 5, 5, 6, 12],
            ],
        )
    )
    result = cli("fit", "import", str(path))
    assert result.exit_code == 2
    assert result.stderr.startswith(  # the serial date 46034 is 12.01.2026
        "Ark1!H3 «ORS 4»: «12» er ikke tillatt; skriv et tall fra 0 til 10 med høyst én desimal, "
        "f.eks. 7,5 eller 7.5\n"
    )


ENDED = [
    HEADER + ";Avsluttet;Årsak",
    "K-0001;BOLIG;Åse Ødegård;05.01.2026;4,5;5;6;5,5;9;9;9,5;9;;",
    "K-0001;BOLIG;Åse Ødegård;12.01.2026;5;5;6;6;9;8;9;9;14.01.2026;planlagt",
    "K-0001;BOLIG;Åse Ødegård;02.03.2026;2;3;3;3;;;;;;",
    "K-0002;BOLIG;Per Ås;19.01.2026;3;3;3;3;7;8;9;9,5;;",
]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_an_export_imports_back_unchanged(cli, unit, tmp_path, db_url, fmt) -> None:
    from tests.conftest import Cli

    assert cli("fit", "import", str(write(tmp_path, ENDED))).exit_code == 0
    first = tmp_path / f"export.{fmt}"
    assert cli("fit", "export", "--format", fmt, "--out", str(first)).exit_code == 0
    same = cli("fit", "import", str(first))
    assert same.exit_code == 0, same.output
    assert same.stdout.startswith(
        "4 rader lest: 0 nye samtaler importert, 4 uendret, 0 i konflikt (ikke endret)"
    )
    fresh = Cli(str(tmp_path / "fresh.db"))
    assert fresh("init").exit_code == 0  # only init (and demo) create a database
    result = fresh("fit", "import", str(first), "--create-departments")
    assert result.exit_code == 0, result.output
    assert "3 nye forløp; 1 forløp avsluttet av en sluttrad" in result.stdout
    second = tmp_path / f"again.{fmt}"
    assert fresh("fit", "export", "--format", fmt, "--out", str(second)).exit_code == 0
    if fmt == "csv":
        assert second.read_bytes() == first.read_bytes()
    else:
        from python_calamine import CalamineWorkbook

        def cells(path: Path) -> list[list[object]]:
            return CalamineWorkbook.from_path(str(path)).get_sheet_by_name("Samtaler").to_python()

        assert cells(second) == cells(first)


def test_excel_nb_csv_and_workbook_cells(cli, unit, tmp_path) -> None:
    from datetime import date
    from zipfile import ZipFile

    from python_calamine import CalamineWorkbook

    cli("fit", "import", str(write(tmp_path, ENDED)))
    text = cli("fit", "export").stdout  # (Click's test runner shows CRLF as LF)
    assert text.startswith(
        "\ufeffKlient;Avdeling;Forløp;Samtale;Dato;Utfyller;ORS 1;ORS 2;ORS 3;ORS 4;ORS total;"
        "SRS 1;SRS 2;SRS 3;SRS 4;SRS total;Behandler;Aldersgruppe;Avsluttet;Årsak\n"
        "K-0001;BOLIG;1;1;05.01.2026;client;4,5;5;6;5,5;21;9;9;9,5;9;36,5;Åse Ødegård;adult;;\n"
        "K-0001;BOLIG;1;2;12.01.2026;client;5;5;6;6;22;9;8;9;9;35;Åse Ødegård;adult;14.01.2026;planned\n"
    )
    english = cli("--lang", "en", "fit", "export").stdout
    assert english.startswith("\ufeffclient,department,episode,session,date,rater,ors1,")
    out = tmp_path / "fit.xlsx"
    assert cli("fit", "export", "--format", "xlsx", "--out", str(out)).stdout == (
        f"Skrev 4 samtaler til {out}.\n"
    )
    rows = CalamineWorkbook.from_path(str(out)).get_sheet_by_name("Samtaler").to_python()
    assert rows[0][:5] == ["Klient", "Avdeling", "Forløp", "Samtale", "Dato"]
    assert rows[1][:8] == ["K-0001", "BOLIG", 1.0, 1.0, date(2026, 1, 5), "client", 4.5, 5.0]
    assert rows[2][18:] == [date(2026, 1, 14), "planned"]
    sheet = ZipFile(out).read("xl/worksheets/sheet1.xml").decode()
    assert '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>' in sheet
    assert cli("fit", "export", "--format", "xlsx").stderr == (
        "Feil: --out: trengs med --format xlsx\n"
    )


def test_every_csv_listing_has_the_dialect(cli, unit) -> None:
    assert cli("dept", "list", "--format", "csv").stdout == (
        "\ufeffKode;Navn;Recoverykontakt\nBOLIG;Bolig og oppfølging;\n"
    )
    assert cli("--dialect", "plain", "dept", "list", "--format", "csv").stdout == (
        "code,name,recovery_contact\nBOLIG,Bolig og oppfølging,\n"
    )
    assert cli("--dialect", "excel", "dept", "list").stderr == (
        "Feil: --dialect: «excel» er ikke tillatt; velg excel-nb | plain\n"
    )


def test_rows_after_recorded_sessions_continue_the_open_episode(
    cli, unit, tmp_path, db_url
) -> None:
    cli("fit", "import", str(write(tmp_path, [HEADER, GOOD[0]])))
    later = [
        HEADER,
        GOOD[0],
        "K-0001;BOLIG;Åse Ødegård;19.01.2026;6;6;6;6;;;;",
        "K-0001;BOLIG;Åse Ødegård;02.11.2026;7;7;7;7;;;;",
        "K-0001;BOLIG;Åse Ødegård;03.01.2026;7;7;7;7;;;;",
    ]
    result = cli("fit", "import", str(write(tmp_path, later, name="b.csv")), "--skip-bad",
                 "--rejects", str(tmp_path / "r.csv"))  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.stderr == (
        "linje 5 «Dato»: 2026-01-03 ligger før eller mellom samtaler som allerede er registrert "
        "for K-0001; registrer den med «recoverykit fit record»\n"
    )
    assert "2 nye samtaler importert, 1 uendret" in result.stdout
    assert (
        "0 nye klienter, 1 nye forløp; 0 forløp avsluttet av en sluttrad, 1 etter et opphold"
        in result.stdout
    )
    assert [(r[1], r[2], r[3], r[9]) for r in sessions(db_url)] == [
        (1, 1, "2026-01-05", "2026-01-19"),
        (1, 2, "2026-01-19", "2026-01-19"),
        (2, 1, "2026-11-02", None),
    ]
    shown = cli("fit", "record", "K-0001", "--ors", "8", "8", "8", "8", "--date", "2026-11-09")
    assert shown.exit_code == 0, shown.output
    assert "samtale 2" in shown.stdout.lower()


def test_workbook_rejects_are_written_as_csv(cli, unit, tmp_path, db_url) -> None:
    from datetime import date

    from recoverykit.render.xlsx import write_workbook

    path = tmp_path / "fit.xlsx"
    path.write_bytes(
        write_workbook(
            "FIT",
            ["Klient", "Avdeling", "Behandler", "Dato", "ORS 1", "ORS 2", "ORS 3", "ORS 4"],
            [["K-1", "BOLIG", "Per", date(2026, 1, 5), 4.5, 5, 6, 7],
             ["K-1", "BOLIG", "Per", date(2026, 1, 12), "fem", 5, 6, 7]],
        )
    )  # fmt: skip
    rejects = tmp_path / "avvist.csv"
    result = cli("fit", "import", str(path), "--skip-bad", "--rejects", str(rejects))
    assert result.exit_code == 0, result.output
    assert result.stderr.startswith("FIT!E3 «ORS 1»: «fem» er ikke tillatt")
    assert rejects.read_bytes().decode("utf-8-sig") == (
        "Klient;Avdeling;Behandler;Dato;ORS 1;ORS 2;ORS 3;ORS 4\r\n"
        "K-1;BOLIG;Per;2026-01-12;fem;5;6;7\r\n"
    )
    assert counts(db_url)["fit_session"] == 1


def test_a_big_import_rebuilds_the_date_index_and_a_refused_one_keeps_it(
    cli, unit, tmp_path, db_url, monkeypatch
) -> None:
    from recoverykit.services.store import open_store

    monkeypatch.setattr("recoverykit.store.fit_import.REBUILD_MIN_ROWS", 1)

    def indexes() -> list[str]:
        db = open_store(db_url)
        try:
            conn = db.connection()
            sql = (
                "SELECT name FROM sqlite_master WHERE tbl_name = 'fit_session' AND type = 'index'"
                if conn.is_sqlite
                else "SELECT indexname AS name FROM pg_indexes WHERE tablename = 'fit_session'"
            )
            return sorted(r["name"] for r in conn.execute(sql) if r["name"].startswith("ix_"))
        finally:
            db.close()

    before = indexes()
    assert "ix_fit_session_department_id_session_date" in before
    bad = write(tmp_path, [HEADER, GOOD[0], GOOD[1].replace(";9;8;", ";9;x;")], name="bad.csv")
    assert cli("fit", "import", str(bad)).exit_code == 2
    assert indexes() == before
    assert cli("fit", "import", str(write(tmp_path, [HEADER, *GOOD]))).exit_code == 0
    assert indexes() == before
    assert counts(db_url)["fit_session"] == 3


def test_workbook_number_cells_holding_an_identity_number_or_true_are_refused(
    cli, unit, tmp_path, db_url
) -> None:
    from datetime import date

    from recoverykit.render.xlsx import write_workbook

    path = tmp_path / "fit.xlsx"
    head = ["Klient", "Avdeling", "Behandler", "Dato", "ORS 1", "ORS 2", "ORS 3", "ORS 4", "Notat"]
    good = ["K-1", "BOLIG", "Per", date(2026, 1, 5), 1, 5, 6, 7, 3]
    path.write_bytes(
        write_workbook(
            "Ark1",
            head,
            [
                good,
                ["K-1", "BOLIG", "Per", date(2026, 1, 12), 1, 5, 6, 7, int(FNR)],
                ["K-1", "BOLIG", "Per", date(2026, 1, 19), True, 5, 6, 7, 3],
            ],
        )
    )
    result = cli("fit", "import", str(path))
    assert result.exit_code == 2
    assert FNR not in result.output and FNR.lstrip("0") not in result.output
    assert result.stderr.splitlines()[:2] == [
        "Ark1!I3 «Notat»: inneholder det som ser ut som et fødselsnummer eller D-nummer; bruk en "
        "pseudonym kode (f.eks. K-0001), aldri fødselsnummer",
        "Ark1!E4 «ORS 1»: «True» er ikke tillatt; skriv et tall fra 0 til 10 med høyst én "
        "desimal, f.eks. 7,5 eller 7.5",
    ]
    assert counts(db_url)["fit_session"] == 0


def test_a_rejected_row_with_a_line_break_in_a_cell_is_copied_whole(cli, unit, tmp_path) -> None:
    bad = GOOD[1].replace(";5;5;6;6;", ";5;fem;6;6;") + ';"to\r\nlinjer"'
    path = write(tmp_path, [HEADER + ";Notat", GOOD[0] + ";", bad, GOOD[2] + ";"])
    rejects = tmp_path / "r.csv"
    result = cli("fit", "import", str(path), "--skip-bad", "--rejects", str(rejects))
    assert result.exit_code == 0, result.output
    assert result.stderr.startswith("linje 3 «ORS 2»: «fem» er ikke tillatt")
    assert rejects.read_bytes() == (HEADER + ";Notat\r\n" + bad + "\r\n").encode("cp1252")


def test_rows_in_any_order_are_sorted_by_client_and_date(cli, unit, tmp_path, db_url) -> None:
    lines = [HEADER, GOOD[2], GOOD[1], GOOD[0]]  # K-0002 first, K-0001 newest first
    result = cli("fit", "import", str(write(tmp_path, lines)))
    assert result.exit_code == 0, result.output
    assert [(r[0], r[1], r[2], r[3]) for r in sessions(db_url)] == [
        ("K-0001", 1, 1, "2026-01-05"),
        ("K-0001", 1, 2, "2026-01-12"),
        ("K-0002", 1, 1, "2026-01-19"),
    ]


def test_family_and_network_ratings_are_imported_as_their_own_raters(
    cli, unit, tmp_path, db_url
) -> None:
    """The rater words of the spreadsheet (Norwegian, any case) map to the one vocabulary."""
    header = "Klient;Avdeling;Behandler;Dato;Utfyller;ORS 1;ORS 2;ORS 3;ORS 4"
    path = write(
        tmp_path,
        [
            header,
            "K-0001;BOLIG;Åse Ødegård;05.01.2026;Klient;5;5;5;5",
            "K-0001;BOLIG;Åse Ødegård;05.01.2026;Familie;6;6;6;6",
            "K-0001;BOLIG;Åse Ødegård;05.01.2026;NETTVERK;7;7;7;7",
        ],
    )
    result = cli("fit", "import", str(path))
    assert result.exit_code == 0, result.output
    assert [(r[3], r[4], r[7]) for r in sessions(db_url)] == [
        ("2026-01-05", "client", 20.0),
        ("2026-01-05", "family", 24.0),
        ("2026-01-05", "network", 28.0),
    ]
    show = cli("fit", "show", "K-0001")
    assert show.exit_code == 0, show.output
    assert "Utfylt av familien (1 samtale):" in show.stdout
    assert "Utfylt av nettverket (1 samtale):" in show.stdout


def test_an_import_leaves_keys_and_checks_whole_and_switched_back_on(
    cli, unit, tmp_path, db_url, monkeypatch
) -> None:
    """The bulk path skips SQLite's per-row foreign-key and CHECK work (every value is checked
    before it reaches the store) and writes multi-row INSERTs; afterwards the database passes
    its own checks and the connection has both switched on again, also after a refusal."""
    from datetime import date

    from recoverykit.services.fit_import import ImportRefused, import_sessions
    from recoverykit.services.fit_import_rows import ImportOptions
    from recoverykit.services.store import open_store

    monkeypatch.setattr("recoverykit.store.fit_import.REBUILD_MIN_ROWS", 1)
    monkeypatch.setattr("recoverykit.store.fit_import.MULTI_ROWS", 2)  # chunks and a tail
    lines = [HEADER, *GOOD, "K-0003;BOLIG;Per Ås;26.01.2026;1;2;3;4;5;6;7;8"]
    today = date(2026, 11, 20)
    db = open_store(db_url)
    try:
        conn = db.connection()
        summary = import_sessions(db, write(tmp_path, lines), ImportOptions(), today)
        assert summary.new == 4
        bad = write(tmp_path, [HEADER, "K-0009;BOLIG;Per;05.01.2026;1;2;x;4;;;;"], name="b.csv")
        with pytest.raises(ImportRefused):
            import_sessions(db, bad, ImportOptions(), today)
        if conn.is_sqlite:
            assert conn.raw.execute("PRAGMA foreign_keys").fetchone()[0] == 1
            assert conn.raw.execute("PRAGMA ignore_check_constraints").fetchone()[0] == 0
            assert conn.raw.execute("PRAGMA foreign_key_check").fetchall() == []
            assert conn.raw.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    finally:
        db.close()
    assert counts(db_url)["fit_session"] == 4
    assert [r[:4] for r in sessions(db_url)][-1] == ("K-0003", 1, 1, "2026-01-26")


def _split_file(tmp_path: Path) -> Path:
    """Rows that test the join of two parts: a client on both sides of the cut, a department
    first named in the second part, a bad row on each side, and one client out of order."""
    lines = [HEADER]
    for week in range(12):
        day = f"{5 + 7 * (week % 3):02d}.{1 + week // 3:02d}.2026"
        lines.append(f"K-{week % 4:04d};BOLIG;Åse Ødegård;{day};4,5;5;6;5,5;9;9;9,5;9")
    lines.append("K-0100;Rus;Per Ås;05.01.2026;1;2;3;4;;;;")
    lines.append("K-0101;BOLIG;Per Ås;05.01.2026;1;2;fem;4;;;;")
    lines.insert(3, "K-0102;BOLIG;Per Ås;05.01.2026;1;2;3;11;;;;")
    lines.append("K-0000;BOLIG;Åse Ødegård;01.02.2026;1;2;3;4;;;;")  # K-0000 again, earlier
    return write(tmp_path, lines)


@pytest.mark.parametrize("child", ["works", "fails"])
def test_a_big_file_read_on_two_cores_gives_what_one_reader_gives(
    cli, unit, tmp_path, db_url, monkeypatch, child
) -> None:
    """Pass 1 of a big text file runs in two processes (the second part in a forked child);
    the result, the messages and the rejects are those of one reader, also when the child
    fails and this process reads its part itself."""
    from recoverykit.loaders.fit_sheet import open_sheet, split_text
    from recoverykit.services import fit_import_read

    path = _split_file(tmp_path)
    parts = split_text(open_sheet(path))
    assert len(parts) == 2 and parts[1].span is not None
    first_line = parts[1].span[2]
    assert 4 < first_line < 17  # the cut is inside the rows, at a row's start
    assert sum(1 for _ in parts[0].rows) + sum(1 for _ in parts[1].rows) == 16

    def run(name: str) -> tuple[str, bytes, list[tuple[object, ...]], str]:
        rejects = tmp_path / f"{name}.csv"
        result = cli(
            "fit", "import", str(path), "--create-departments", "--skip-bad",
            "--rejects", str(rejects),
        )  # fmt: skip
        assert result.exit_code == 0, result.output
        found = sessions(db_url)
        listed = cli("dept", "list")
        assert listed.exit_code == 0
        return result.output, rejects.read_bytes(), found, listed.output

    monkeypatch.setattr(fit_import_read, "SPLIT_MIN_BYTES", 10**12)
    one = run("one")
    from recoverykit.services.store import open_store

    db = open_store(db_url)
    try:
        with db.write() as conn:
            for table in ("fit_session", "fit_episode", "fit_client", "staff"):
                conn.execute(f"DELETE FROM {table}")
            conn.execute("DELETE FROM department WHERE code <> 'BOLIG'")
    finally:
        db.close()
    monkeypatch.setattr(fit_import_read, "SPLIT_MIN_BYTES", 0)
    if child == "fails":
        monkeypatch.setattr(fit_import_read, "_child", lambda sender, *_a: sender.close())
    here: list[int] = []  # parts read in this process (the child's calls stay in the child)
    read_part = fit_import_read.read_part

    def counted(*args: object) -> object:
        here.append(1)
        return read_part(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(fit_import_read, "read_part", counted)
    two = run("two")
    assert len(here) == (1 if child == "works" else 2)
    assert two == one
    assert "linje 4 «ORS 4»" in one[0] and "linje 16 «ORS 3»" in one[0]
    assert "\nRus " in one[3] and len(one[2]) == 14


def test_a_file_with_quotes_before_the_cut_is_read_whole(tmp_path) -> None:
    from recoverykit.loaders.fit_sheet import open_sheet, split_text

    lines = [HEADER, *GOOD, '"K-0003";BOLIG;Per Ås;26.01.2026;1;2;3;4;5;6;7;8', *GOOD]
    assert len(split_text(open_sheet(write(tmp_path, lines)))) == 1
    plain = [HEADER, *GOOD, "K-0003;BOLIG;Per Ås;26.01.2026;1;2;3;4;5;6;7;8", *GOOD]
    assert len(split_text(open_sheet(write(tmp_path, plain, name="p.csv")))) == 2


def test_progress_goes_through_reading_saving_and_finishing(
    cli, unit, tmp_path, db_url, monkeypatch
) -> None:
    """The bar a terminal shows: reading the file, then saving the rows (it used to stand at
    100 % "Leser" while a million rows were written), then finishing."""
    from datetime import date

    from recoverykit.services import fit_import_read
    from recoverykit.services.fit_import import import_sessions
    from recoverykit.services.fit_import_rows import ImportOptions
    from recoverykit.services.store import open_store

    monkeypatch.setattr(fit_import_read, "SPLIT_MIN_BYTES", 10**12)
    monkeypatch.setattr("recoverykit.store.fit_import.BATCH", 2)
    lines = [HEADER] + [
        f"K-{n:04d};BOLIG;Per Ås;{5 + week * 7:02d}.01.2026;1;2;3;4;;;;"
        for n in range(30)
        for week in range(2)
    ]
    seen: list[tuple[int, int | None, str]] = []
    db = open_store(db_url)
    try:
        import_sessions(
            db, write(tmp_path, lines), ImportOptions(), date(2026, 11, 20),
            lambda done, total, phase: seen.append((done, total, phase)),
        )  # fmt: skip
    finally:
        db.close()
    phases = [p for _d, _t, p in seen]
    assert phases == sorted(phases, key=["read", "save", "finish"].index)
    assert seen[-1] == (0, None, "finish") and seen[-2] == (60, 60, "save")
    saving = [d for d, _t, p in seen if p == "save"]
    assert len(saving) > 2 and saving == sorted(saving)


def test_a_file_that_breaks_in_the_first_part_is_refused_in_one_line(
    cli, unit, tmp_path, db_url
) -> None:
    """The first part fails (a cell over the CSV reader's limit) while the child reads the
    second: one line on stderr, exit 2, nothing written, and no traceback from the child (a
    whole process, so that the child's stderr is seen too)."""
    import subprocess
    import sys

    huge = GOOD[0] + ";" + "x" * 300_000
    many = [f"K-{n:05d};BOLIG;Per Ås;05.01.2026;1;2;3;4;;;;;" for n in range(4000)]  # > a pipe
    path = write(tmp_path, [HEADER + ";Notat", huge, *many])
    code = (
        "import sys; from recoverykit.services import fit_import_read as r; "
        "r.SPLIT_MIN_BYTES = 0; from recoverykit.cli import main; main(sys.argv[1:])"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code, "--db", db_url, "fit", "import", str(path)],
        capture_output=True,
        text=True,
        timeout=120,  # a child left writing to a pipe nobody reads would hang here
    )
    assert proc.returncode == 2
    assert proc.stderr == (
        "Feil: FIL: fit.csv er ikke et regneark eller en CSV-fil som kan leses\n"
    ), proc.stderr
    assert counts(db_url)["fit_session"] == 0
