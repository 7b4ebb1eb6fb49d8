"""``recoverykit staff``: who has read the booklet and taken the courses; leaving keeps history."""

from __future__ import annotations

import json

import pytest

from tests.rowdump import dump

BOOKLET = "RECOVERY – en veileder for alle ansatte"


@pytest.fixture
def team(cli) -> None:
    cli("dept", "add", "BOLIG", "Bolig")
    cli("dept", "add", "RUS", "Rus")
    assert cli("staff", "add", "Åse Ødegård", "--dept", "BOLIG", "--role", "vernepleier",
               "--peer-worker").stdout == "La til Åse Ødegård i BOLIG.\n"  # fmt: skip
    cli("staff", "add", "Ola Hansen", "--dept", "BOLIG", "--started", "01.01.2020")
    cli("staff", "add", "Aisha Berg", "--dept", "rus")


def coverage(cli, *args: str) -> list[dict]:
    return json.loads(cli("staff", "coverage", *args, "--format", "json").stdout)


def test_read_train_and_coverage(cli, team) -> None:
    out = cli("staff", "read", "åse ødegård", BOOKLET, "--date", "10.01.2026")
    assert out.stdout == f"Registrerte at Åse Ødegård har lest «{BOOKLET}».\n"
    out = cli("staff", "train", "Aisha Berg", "MI", "--date", "2026-02-01")
    assert out.stdout == "Registrerte at Aisha Berg har tatt kurset «MI».\n"
    assert cli("staff", "coverage").stdout == (
        "Krav                                            Avdeling      Ansatte  Oppfylt  Andel  "
        "Ikke registrert ennå\n"
        "----------------------------------------------  ------------  -------  -------  -----  "
        "--------------------\n"
        f"lest «{BOOKLET}»  BOLIG               2        1   50 %  1\n"
        f"lest «{BOOKLET}»  RUS                 1        0    0 %  1\n"
        f"lest «{BOOKLET}»  Hele enheten        3        1   33 %  2\n"
    )
    # names only for one department, never in the overview
    assert cli("staff", "coverage", "--dept", "BOLIG").stdout.splitlines()[2].endswith("Ola Hansen")
    mi = coverage(cli, "--course", "mi", "--dept", "RUS")
    assert mi == [
        {
            "requirement": "mi",
            "kind": "course",
            "dept": "RUS",
            "active": 1,
            "covered": 1,
            "share": 1.0,
            "missing": [],
        },
        {
            "requirement": "mi",
            "kind": "course",
            "dept": "*",
            "active": 1,
            "covered": 1,
            "share": 1.0,
            "missing": [],
        },
    ]


def test_requirements_default_and_change(cli, team) -> None:
    assert cli("staff", "require").stdout == f"1. lest «{BOOKLET}» (id: recovery)\n"
    out = cli("staff", "require", "--course", "FIT", "--doc", "100 råd som fremmer recovery")
    assert out.stdout == (
        f"1. lest «{BOOKLET}» (id: recovery)\n"
        "2. lest «100 råd som fremmer recovery» (id: 100)\n"
        "3. tatt kurset «FIT» (id: fit)\n"
    )
    assert [r["requirement"] for r in coverage(cli) if r["dept"] == "*"] == [
        BOOKLET,
        "100 råd som fremmer recovery",
        "FIT",
    ]
    cli("staff", "require", "--course", "fit", "--remove")
    assert "FIT" not in cli("staff", "require").stdout


def test_leaving_keeps_history(cli, team) -> None:
    cli("staff", "read", "Ola Hansen", BOOKLET, "--date", "2025-05-01")
    assert cli("staff", "leave", "Ola Hansen", "--date", "2026-03-01").stdout == (
        "Ola Hansen sluttet 01.03.2026.\n"
    )
    names = [r["name"] for r in json.loads(cli("staff", "list", "--format", "json").stdout)]
    assert names == ["Åse Ødegård", "Aisha Berg"]
    everyone = json.loads(cli("staff", "list", "--all", "--format", "json").stdout)
    ola = next(r for r in everyone if r["name"] == "Ola Hansen")
    assert ola["left_on"] == "2026-03-01"
    assert ola["read"] == [BOOKLET]
    total = next(r for r in coverage(cli) if r["dept"] == "*")
    assert (total["active"], total["covered"]) == (2, 0)


def test_list_table(cli, team) -> None:
    cli("staff", "train", "Aisha Berg", "MI", "--date", "2026-02-01")
    cli("staff", "train", "Aisha Berg", "FIT", "--date", "2026-02-02")
    assert cli("staff", "list").stdout == (
        "Navn         Avdeling  Rolle        Erfaringskonsulent  Lest  Kurs\n"
        "-----------  --------  -----------  ------------------  ----  -------\n"
        "Ola Hansen   BOLIG     –            –                   –     –\n"
        "Åse Ødegård  BOLIG     vernepleier  ja                  –     –\n"
        "Aisha Berg   RUS       –            –                   –     MI, FIT\n"
    )


def test_special_characters_survive(cli, team) -> None:
    doc = "Heftet | *nytt* <2026>\nrevidert æøå"
    cli("staff", "read", "Aisha Berg", doc, "--date", "2026-01-01")
    rows = json.loads(cli("staff", "list", "--dept", "RUS", "--format", "json").stdout)
    assert rows[0]["read"] == [doc]
    assert "Heftet | *nytt* <2026> ⏎ revidert æøå" in cli("staff", "list").stdout


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (["add", "", "--dept", "BOLIG"], "NAVN"),
        (["add", "x" * 121, "--dept", "BOLIG"], "NAVN"),
        (["add", "ny", "--dept", "NOPE"], "--dept"),
        (["add", "ÅSE ØDEGÅRD", "--dept", "RUS"], "NAVN"),
        (["add", "Ny", "--dept", "RUS", "--role", " "], "--role"),
        (["add", "Ny", "--dept", "RUS", "--started", "31.02.2026"], "--started"),
        (["read", "Ukjent", BOOKLET], "NAVN"),
        (["read", "Aisha Berg", ""], "DOKUMENT"),
        (["read", "Aisha Berg", "x" * 201], "DOKUMENT"),
        (["read", "Aisha Berg", BOOKLET, "--date", "31.02.2026"], "--date"),
        (["train", "Aisha Berg", " "], "FORLØP"),
        (["train", "Aisha Berg", "MI", "--date", "2026-13-01"], "--date"),
        (["leave", "Ukjent", "--date", "2026-01-01"], "NAVN"),
        (["leave", "Aisha Berg", "--date", "31.02.2026"], "--date"),
        (["leave", "Ola Hansen", "--date", "2019-01-01"], "--date"),
        (["require", "--doc", ""], "--doc"),
        (["require", "--doc", BOOKLET], "--doc"),
        (["require", "--course", "MI", "--remove"], "--course"),
        (["require", "--course", "FIT", "--doc", BOOKLET], "--doc"),
        (["require", "--remove"], "--remove"),
        (["coverage", "--dept", "NOPE"], "--dept"),
        (["coverage", "--doc", " "], "--doc"),
        (["list", "--dept", "NOPE"], "--dept"),
        (["list", "--format", "xml"], "--format"),
    ],
)
def test_bad_input_is_refused_and_nothing_written(cli, db_url, team, args, field) -> None:
    before = dump(db_url)
    result = cli("staff", *args)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Feil: {field}: ")
    assert result.stderr.count("\n") == 1
    assert dump(db_url) == before


def test_nothing_is_recorded_after_someone_left(cli, db_url, team) -> None:
    cli("staff", "leave", "Aisha Berg", "--date", "2026-03-01")
    before = dump(db_url)
    result = cli("staff", "train", "Aisha Berg", "MI", "--date", "2026-03-02")
    assert result.exit_code == 2
    assert result.stderr.startswith("Feil: --date: Aisha Berg sluttet 01.03.2026")
    again = cli("staff", "leave", "Aisha Berg", "--date", "2026-04-01")
    assert again.exit_code == 2
    assert dump(db_url) == before


def test_department_with_staff_cannot_be_removed(cli, team) -> None:
    result = cli("dept", "remove", "RUS")
    assert result.exit_code == 2
    assert "(staff: 1)" in result.stderr


@pytest.mark.parametrize(
    "typed",
    [
        "RECOVERY - en veileder for alle ansatte",  # a keyboard hyphen (issue 11)
        "recovery — en  veileder for alle ansatte",  # an em dash, case and extra spaces
        "«RECOVERY – en veileder for alle ansatte»",  # quotes
        "heftet",  # the word the help text used to suggest
        "1",  # the number from staff require
        "recovery",  # the short id from staff require
        "veileder for alle",  # a part of one title
    ],
)
def test_read_matches_the_requirement_as_people_type_it(cli, team, typed: str) -> None:
    r = cli("staff", "read", "Ola Hansen", typed, "--date", "2025-05-01")
    assert r.exit_code == 0, r.output
    assert r.stdout == f"Registrerte at Ola Hansen har lest «{BOOKLET}».\n"
    assert r.stderr == ""
    total = next(x for x in coverage(cli) if x["dept"] == "*")
    assert total["covered"] == 1


def test_read_of_an_unknown_document_warns_naming_the_closest(cli, team) -> None:
    cli("staff", "require", "--doc", "100 råd som fremmer recovery")
    r = cli("staff", "read", "Ola Hansen", "100 råd om recovery", "--date", "2025-05-01")
    assert r.exit_code == 0
    assert r.stdout == "Registrerte at Ola Hansen har lest «100 råd om recovery».\n"
    assert r.stderr == (
        "Advarsel: «100 råd om recovery» er ikke et av enhetens krav og teller ikke i dekningen; "
        "mente du 2. «100 råd som fremmer recovery» (id 100)?\n"
    )
    assert all(x["covered"] == 0 for x in coverage(cli) if x["dept"] == "*")
