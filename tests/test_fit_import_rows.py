"""The pure parts of ``fit import``: header recognition, dates, encodings and separators."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from recoverykit.domain.fit.import_cells import to_date
from recoverykit.domain.fit.import_columns import build_mapping
from recoverykit.domain.fit.import_rows import (
    RowError,
    RowReader,
    compact,
)
from recoverykit.errors import InvalidInput
from recoverykit.loaders.fit_sheet import detect_encoding, detect_separator


def test_headers_in_norwegian_and_english_and_map() -> None:
    m = build_mapping(
        [
            "Klient",
            "Avd.",
            "Fagperson",
            "Samtaledato",
            "ORS ledd 1",
            "ORS-2",
            "ors 3",
            "ORS_4",
            "Utfyller",
            "Merknad",
        ]
    )
    assert m.fields == {
        "client": 0,
        "department": 1,
        "clinician": 2,
        "date": 3,
        "ors1": 4,
        "ors2": 5,
        "ors3": 6,
        "ors4": 7,
        "rater": 8,
    }
    assert m.ignored() == ["Merknad"]
    m = build_mapping(["Pas.nr", "Date", "ORS1", "ORS2", "ORS3", "ORS4"], ["Pas.nr=client"])
    assert m.fields["client"] == 0
    with pytest.raises(InvalidInput, match="«x» er ikke et felt"):
        build_mapping(["Klient"], ["Klient=x"])
    with pytest.raises(InvalidInput, match="en total alene kan ikke importeres"):
        build_mapping(["Klient", "Dato", "ORS total"])
    with pytest.raises(InvalidInput, match="betyr begge client"):
        build_mapping(["Klient", "Client", "Dato", "ORS1", "ORS2", "ORS3", "ORS4"])


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("20.11.2026", date(2026, 11, 20)),
        ("20.11.26", date(2026, 11, 20)),
        ("1.2.99", date(1999, 2, 1)),
        ("2026-11-20", date(2026, 11, 20)),
        (46034, date(2026, 1, 12)),
        ("46034", date(2026, 1, 12)),
        (46034.0, date(2026, 1, 12)),
        (datetime(2026, 1, 12, 0, 0), date(2026, 1, 12)),
    ],
)
def test_dates_as_spreadsheets_have_them(value: object, expected: date) -> None:
    assert to_date("Dato", value) == expected


@pytest.mark.parametrize("value", ["31.02.2026", "29.02.25", "2026-13-01", "i går", 46034.5])
def test_impossible_dates_are_refused(value: object) -> None:
    with pytest.raises(InvalidInput):
        to_date("Dato", value)


def test_the_fast_path_agrees_with_the_full_check() -> None:
    m = build_mapping(["Klient", "Dato", "ORS 1", "ORS 2", "ORS 3", "ORS 4", "ORS total"])
    reader = RowReader(m, date(2026, 11, 20), lambda v, f: v)
    cells = ["K1", "05.01.2026", "4,5", "5", "6", "5,5", "21"]
    assert reader.fast(cells) is None  # nothing learnt yet
    row = reader.read(lambda c: "linje 2", cells)
    reader.learn(cells, row)
    assert reader.fast(cells) == compact(row)
    assert reader.fast(["K1", "05.01.2026", "4,5", "5", "6", "5,5", "22"]) is None  # wrong total
    with pytest.raises(RowError, match="22 er ikke summen av leddene"):
        reader.read(lambda c: "linje 3", ["K1", "05.01.2026", "4,5", "5", "6", "5,5", "22"])
    assert reader.fast(["K1", "05.01.2026", "4,5", "5", "6", "5,5", "21", "x"]) is None


def test_encodings_and_separators(tmp_path: Path) -> None:
    path = tmp_path / "f.csv"
    path.write_bytes("Klient;Dato\r\nK-Ø;1.1.2026\r\n".encode("cp1252"))
    assert detect_encoding(path) == "cp1252"
    path.write_bytes("\ufeffKlient;Dato\r\n".encode())
    assert detect_encoding(path) == "utf-8-sig"
    path.write_bytes(b"Klient;Dato\r\n")
    assert detect_encoding(path) == "utf-8"
    assert detect_separator("Klient\tDato\tORS 1", "f.csv") == "\t"
    assert detect_separator('"Klient; kode",Dato', "f.csv") == ","
    with pytest.raises(InvalidInput, match="blander skilletegn"):
        detect_separator("Klient;Dato,ORS", "f.csv")
