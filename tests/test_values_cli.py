"""``recoverykit values``: the list, the exercise (flags and the interactive loop), the summary."""

from __future__ import annotations

import json

import pytest

from recoverykit.services.values_exercise import run_exercise, value_columns

FNR = "02013299997"  # a valid-looking fødselsnummer (synthetic test number from the guard tests)
PICK = "Ærlighet,Respekt,Trygghet,Humor,Håp,Familie,Frihet,Sinnsro,Musikk,Naturen"
KEEP = "Ærlighet,Respekt,Håp,Trygghet,Familie"


def count(cli, table: str) -> int:
    from recoverykit.services.store import open_store

    db = open_store(cli.db_url)
    try:
        return int(db.connection().scalar(f"SELECT count(*) FROM {table}"))
    finally:
        db.close()


def test_list_in_columns(cli) -> None:
    result = cli("values", "list")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "  1 Affeksjon                       60 Mot"
    assert lines[-1] == " 59 Miljøvern"
    assert len(lines) == 59
    assert all(len(line) <= 80 for line in lines)


def test_list_json_has_numbers_and_norwegian_letters(cli) -> None:
    data = json.loads(cli("values", "list", "--format", "json").stdout)
    assert data[0] == {"number": 1, "id": "affeksjon", "name": "Affeksjon", "en": None}
    assert {"number": 111, "id": "aerlighet", "name": "Ærlighet", "en": None} in [
        {**d, "en": None} for d in data
    ]


def test_value_columns_fit_width() -> None:
    from recoverykit.domain.values import Value

    values = [Value(str(i), f"Verdi{i}") for i in range(1, 8)]
    assert value_columns(values, 30) == [
        "1 Verdi1  4 Verdi4  7 Verdi7",
        "2 Verdi2  5 Verdi5",
        "3 Verdi3  6 Verdi6",
    ]


def test_exercise_with_flags_numbers_names_typos_and_own(cli) -> None:
    cli("dept", "add", "BOLIG", "Bolig")
    result = cli(
        "values", "exercise", "--participant", "B-01", "--dept", "bolig",
        "--pick", "1, 2,arlighet,Humor,Håp,Familie,Frihet,Sinnsro,Musikk",
        "--own", "Å bli sett",
        "--keep", "1,Ærlighet,å bli sett,Håp,Humor",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert result.stdout == (
        "Lagret verdiøvelse #1. Dine 5 viktigste verdier: Affeksjon, Ærlighet, Å bli sett, "
        "Håp, Humor.\n"
    )
    assert count(cli, "values_choice") == 10
    assert count(cli, "values_reflection") == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--pick", "1,2,3", "--keep", "1,2"],
            "Feil: --pick: velg nøyaktig 10 verdier (du valgte 3)\n",
        ),
        (
            ["--pick", PICK.replace("Musikk", "Omsorg"), "--keep", KEEP],
            "Feil: --pick: «Omsorg» står ikke på verdilisten; legg den til som egen verdi.\n",
        ),
        (
            ["--pick", PICK.replace("Musikk", "ærlighet"), "--keep", KEEP],
            "Feil: --pick: «Ærlighet» er valgt to ganger; hver verdi kan bare velges én gang\n",
        ),
        (
            ["--pick", PICK.replace("Musikk", "999"), "--keep", KEEP],
            "Feil: --pick: nummer 999 finnes ikke; listen har 1–117 (se «recoverykit values list»)\n",
        ),
        (
            ["--pick", PICK, "--keep", "Ærlighet,Respekt"],
            "Feil: --keep: velg nøyaktig 5 verdier (du valgte 2)\n",
        ),
        (
            ["--pick", PICK, "--keep", "Ærlighet,Respekt,Håp,Trygghet,Makt"],
            "Feil: --keep: «Makt» er ikke blant de 10 verdiene du valgte: Ærlighet, Respekt, "
            "Trygghet, Humor, Håp, Familie, Frihet, Sinnsro, Musikk, Naturen\n",
        ),
        (["--pick", PICK], "Feil: --keep: --pick og --keep må gis sammen\n"),
        (["--keep", KEEP], "Feil: --pick: --pick og --keep må gis sammen\n"),
        (["--pick", PICK, "--keep", KEEP, "--own", " "], "Feil: --own: kan ikke være tom\n"),
        (["--pick", PICK, "--keep", KEEP, "--dept", "NOPE"], None),
        (["--pick", PICK, "--keep", KEEP, "--date", "31.02.2026"], None),
        (["--pick", PICK, "--keep", KEEP, "--participant", ""], None),
        (["--pick", PICK, "--keep", KEEP, "--participant", "x" * 41], None),
        (["--pick", PICK, "--keep", KEEP, "--participant", FNR], None),
        ([], "Feil: --pick: ingen terminal å spørre i; gi --pick og --keep\n"),
    ],
)
def test_exercise_refuses_bad_input_and_writes_nothing(cli, args, message) -> None:
    result = cli("values", "exercise", *args)
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    if message:
        assert result.stderr == message
    else:
        field = next(a for a in args[4:] if a.startswith("--"))
        assert result.stderr.startswith(f"Feil: {field}: ")
    assert FNR not in result.stderr
    assert count(cli, "values_exercise") == 0


def test_summary_is_suppressed_below_the_threshold_and_anonymous(cli) -> None:
    cli("dept", "add", "BOLIG", "Bolig")
    for i in range(4):
        cli(
            "values",
            "exercise",
            "--participant",
            f"P{i}",
            "--dept",
            "BOLIG",
            "--pick",
            PICK,
            "--keep",
            KEEP,
        )
    result = cli("values", "summary", "--dept", "BOLIG")
    assert result.exit_code == 0
    assert result.stdout.startswith(
        "Verdiøvelsen – BOLIG: for få deltakere til å vise et sammendrag uten å peke ut "
        "enkeltpersoner. Tall under 5 vises ikke, heller ikke når de kunne regnes ut fra "
        "enheten minus de andre avdelingene.\n"
    )
    assert "Ærlighet" not in result.stdout and "4" not in result.stdout.splitlines()[0]
    assert json.loads(cli("values", "summary", "--format", "json").stdout) == []


def _exercises(cli, dept: str, n: int, keep: str = KEEP) -> None:
    for _ in range(n):
        cli("values", "exercise", "--dept", dept, "--pick", PICK, "--keep", keep)


def test_summary_shows_the_most_held_values_and_chime(cli) -> None:
    cli("dept", "add", "BOLIG", "Bolig")
    cli("dept", "add", "OPPF", "Oppfølging")
    cli("dept", "add", "RUS", "Rus")
    for i in range(7):
        keep = KEEP if i < 6 else "Humor,Frihet,Sinnsro,Musikk,Naturen"
        cli(
            "values",
            "exercise",
            "--participant",
            f"P{i}",
            "--dept",
            "BOLIG",
            "--pick",
            PICK,
            "--keep",
            keep,
        )
    # RUS (1) is hidden; its partner is the next-smallest department, OPPF (5), so BOLIG shows.
    _exercises(cli, "OPPF", 5)
    _exercises(cli, "RUS", 1)
    result = cli("values", "summary", "--dept", "BOLIG", "--top", "3")
    assert result.exit_code == 0
    assert "P0" not in result.stdout
    assert result.stdout == (
        "Verdiøvelsen – BOLIG: 7 deltakere. De verdiene flest beholdt blant sine 5 viktigste "
        "(ingen navn eller koder vises):\n"
        "\n"
        "Verdi    Antall  Andel\n"
        "-------  ------  -----\n"
        "Familie       6   86 %\n"
        "Håp           6   86 %\n"
        "Respekt       6   86 %\n"
        "\n"
        "Til refleksjon i avdelingen – de fem prosessene (CHIME). Dette betyr begrepet for meg:\n"
        "  Tilhørighet: Hva betyr tilhørighet for brukeren – og hvordan kan vi støtte den?\n"
        "  Håp: Hva gir brukeren håp – og hvordan kan jeg bidra til håp?\n"
        "  Identitet: Hvordan kan brukeren bygge en positiv identitet, mer enn en diagnose?\n"
        "  Mening: Hva gir mening i livet for brukeren – og for meg?\n"
        "  Egenmakt (empowerment): Hvordan kan brukeren få mer makt over eget liv, og hva "
        "må jeg da gi slipp på?\n"
    )
    # BOLIG's values kept by one person (Humor …) are below the threshold: not named.
    assert "Humor" not in result.stdout
    unit = json.loads(cli("values", "summary", "--format", "json").stdout)
    assert unit[0] == {"value": "Familie", "count": 12, "share": 0.923}


def test_summary_hides_a_department_the_unit_minus_the_others_would_give_away(cli) -> None:
    """OPPF 6 and RUS 1: the unit's 7 minus OPPF's 6 would give RUS away, so OPPF's summary is
    hidden too (the next-smallest department), while the unit's shows."""
    cli("dept", "add", "OPPF", "Oppfølging")
    cli("dept", "add", "RUS", "Rus")
    _exercises(cli, "OPPF", 6)
    _exercises(cli, "RUS", 1)
    oppf = cli("values", "summary", "--dept", "OPPF")
    assert oppf.stdout.startswith("Verdiøvelsen – OPPF: for få deltakere")
    assert json.loads(cli("values", "summary", "--dept", "OPPF", "--format", "json").stdout) == []
    unit = cli("values", "summary")
    assert unit.stdout.startswith("Verdiøvelsen – hele enheten: 7 deltakere.")


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (["--dept", "NOPE"], "--dept"),
        (["--min-group", "2"], "--min-group"),
        (["--top", "0"], "--top"),
        (["--format", "xml"], "--format"),
    ],
)
def test_summary_refuses_bad_input(cli, args, field) -> None:
    result = cli("values", "summary", *args)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Feil: {field}: ")
    assert result.stderr.count("\n") == 1


def test_english(cli) -> None:
    result = cli("--lang", "en", "values", "exercise", "--pick", "1,2", "--keep", "1")
    assert result.stderr == "Error: --pick: choose exactly 10 values (you chose 2)\n"


# --- the interactive loop ----------------------------------------------------------------------


class Script:
    """Answers ``ask`` from a list; records what was shown; raises what it is told to."""

    def __init__(self, answers: list[object]) -> None:
        self.answers = list(answers)
        self.shown: list[str] = []
        self.asked: list[str] = []

    def ask(self, prompt: str) -> str:
        self.asked.append(prompt)
        answer = self.answers.pop(0)
        if isinstance(answer, BaseException):
            raise answer
        return str(answer)

    def say(self, text: str) -> None:
        self.shown.append(text)


@pytest.fixture
def values_list():  # type: ignore[no-untyped-def]
    from recoverykit.loaders.values import load_values

    return load_values()


def test_interactive_explains_and_asks_again(values_list) -> None:
    script = Script(
        [
            "1,2,3",  # wrong count
            "Omsorg", "n",  # unknown value, not added
            "1,1,2,3,4,5,6,7,8,9",  # duplicate
            "1,2,3,4,5,6,7,arlihet,Håp,Omsorg", "j",  # a typo and an own value
            "1,2",  # wrong count
            "1,Makt,2,3,4",  # not among the picked
            "Ærlighet, omsorg, håp, 1, 2",
            "j", "Ja, stort sett.", "", f"Kanskje {FNR}", "Ja.", "",
        ]
    )  # fmt: skip
    result = run_exercise(values_list, script.ask, script.say)
    assert [c.name for c in result.kept] == [
        "Ærlighet",
        "Omsorg",
        "Håp",
        "Affeksjon",
        "Anerkjennelse",
    ]
    assert [c.own for c in result.picked].count(True) == 1
    assert [(n, a) for n, _, a in result.answers] == [(1, "Ja, stort sett."), (3, "Ja.")]
    shown = "\n".join(script.shown)
    assert "velg nøyaktig 10 verdier (du valgte 3). Prøv igjen." in shown
    assert "«Omsorg» er ikke lagt til. Prøv igjen." in shown
    assert "«Affeksjon» er valgt to ganger" in shown
    assert "«arlihet» → Ærlighet" in shown
    assert "velg nøyaktig 5 verdier (du valgte 2). Prøv igjen." in shown
    assert "«Makt» er ikke blant de 10 verdiene du valgte" in shown
    assert "fødselsnummer" in shown and FNR not in shown


def test_interactive_reflections_can_be_skipped(values_list) -> None:
    script = Script(["1,2,3,4,5,6,7,8,9,10", "1,2,3,4,5", "n"])
    result = run_exercise(values_list, script.ask, script.say)
    assert result.answers == ()
    assert len(result.kept) == 5


def _patch_prompt(monkeypatch, answers: list[object]) -> None:
    import rich.prompt

    script = Script(answers)
    monkeypatch.setattr("recoverykit.cli.values.stdin_is_terminal", lambda: True)
    monkeypatch.setattr(rich.prompt.Prompt, "ask", classmethod(lambda cls, p, **kw: script.ask(p)))


def test_interactive_command_saves_everything_at_the_end(cli, monkeypatch) -> None:
    _patch_prompt(monkeypatch, ["1,2,3,4,5,6,7,8,9,10", "1,2,3,4,5", "j", "Ja.", "", "", "Nei."])
    result = cli("values", "exercise", "--participant", "A1")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.endswith(
        "Lagret verdiøvelse #1. Dine 5 viktigste verdier: Affeksjon, Anerkjennelse, "
        "Ansvarsfull, Arbeid, Arbeidspress.\n2 refleksjonssvar lagret.\n"
    )
    assert count(cli, "values_reflection") == 2


@pytest.mark.parametrize("stop_after", [0, 1, 3, 5])
def test_ctrl_c_at_any_point_saves_nothing(cli, monkeypatch, stop_after) -> None:
    answers: list[object] = ["1,2,3,4,5,6,7,8,9,10", "1,2,3,4,5", "j", "Ja.", "", "", "Nei."]
    _patch_prompt(monkeypatch, [*answers[:stop_after], KeyboardInterrupt()])
    result = cli("values", "exercise")
    assert result.exit_code == 130
    assert result.stderr.endswith("Avbrutt; ingenting ble lagret.\n")
    assert count(cli, "values_exercise") == 0
    assert count(cli, "values_choice") == 0
