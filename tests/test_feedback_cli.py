"""issue 14 on the command line: surveys, the client's network, own goals and meetings.

Bad input: exit 2, one line naming the field, nothing written (every issue-14 table compared
before and after). Identity numbers are refused in every free-text field and never echoed.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.test_free_text_guard import FNR

TABLES = (
    "survey_response", "survey_answer", "survey_score", "client_network", "client_goal",
    "client_goal_rating", "meeting",
)  # fmt: skip


def dump(db_url: str) -> dict[str, list[dict[str, Any]]]:
    from recoverykit.services.store import open_store

    db = open_store(db_url)
    try:
        with db.read() as conn:
            return {t: conn.execute(f"SELECT * FROM {t} ORDER BY 1") for t in TABLES}
    finally:
        db.close()


@pytest.fixture
def unit(cli, db_url):  # type: ignore[no-untyped-def]
    assert cli("dept", "add", "A", "Avdeling A").exit_code == 0
    assert cli("fit", "client", "add", "K-1", "--dept", "A", "--clinician", "Kari").exit_code == 0
    return cli


def test_survey_record_scores_and_stores(unit, db_url) -> None:
    r = unit(
        "survey", "record", "K-1", "brief-inspire", "3", "4", "2", "1", "0", "--date", "2026-10-01"
    )
    assert r.exit_code == 0, r.output
    assert r.stdout == (
        "Registrerte Brief INSPIRE for K-1 01.10.2026 (utfylt av klienten).\n"
        "  Støtte til recovery: 50,0 (0–100)\n"
        "  Merk: noen skåringsregler er ikke bekreftet; se «recoverykit instrument show "
        "brief-inspire».\n"
    )
    rows = dump(db_url)
    assert [
        (x["instrument"], x["rater"], str(x["answered_on"])) for x in rows["survey_response"]
    ] == [("brief-inspire", "client", "2026-10-01")]
    assert [(x["item"], x["state"], x["value"]) for x in rows["survey_answer"]] == [
        (1, "answered", 3.0), (2, "answered", 4.0), (3, "answered", 2.0), (4, "answered", 1.0),
        (5, "answered", 0.0),
    ]  # fmt: skip
    assert [
        (x["subscale"], x["score"], x["scored"], x["missing"]) for x in rows["survey_score"]
    ] == [("support", 50.0, 5, 0)]


def test_withheld_score_is_stored_as_null_and_said(unit, db_url) -> None:
    r = unit("survey", "record", "K-1", "brief-inspire", "3", "?", "2", "1", "0")
    assert r.exit_code == 0
    assert "holdt tilbake: 1 ledd mangler, høyst 0 kan mangle" in r.stdout
    assert dump(db_url)["survey_score"][0]["score"] is None


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (["K-1", "brief-inspire", "3", "4", "2", "1"], "ITEM: brief-inspire har 5 svar; fikk 4"),
        (["K-1", "brief-inspire", "3", "4", "2", "1", "5"], "ledd 5: «5» er ikke på skalaen 0–4"),
        (["K-1", "brief-inspire", "3", "4", "2", "1", "na"], "ledd 5: «ikke aktuelt» er ikke et svar her"),
        (["K-1", "inspire", *(["-"] * 20), "-", *(["2"] * 6)], "ledd 21: «ikke viktig» (-)"),
        (["K-1", "ors", "5", "5", "5", "5"], "INSTRUMENT: ors registreres med «recoverykit fit record»"),
        (["K-1", "nope", "1"], "INSTRUMENT: ingen instrument «nope»"),
        (["K-9", "brief-inspire", "1", "1", "1", "1", "1"], "KLIENT: ingen klient med kode «K-9»"),
        (["K-1", "brief-inspire", "1", "1", "1", "1", "1", "--date", "2999-01-01"], "--date: 2999-01-01 er i fremtiden"),
        (["K-1", "brief-inspire", "1", "1", "1", "1", "1", "--rater", "family"], "--rater: brief-inspire fylles ut av client, ikke family"),
        (["K-1", "brief-inspire", "1", "1", "1", "1", "1", "--rater", "boss"], "--rater: «boss» er ikke tillatt her"),
        (["K-1", "family-feedback", "8", "8", "8", "8", "8", "--rater", "client"], "--rater: family-feedback fylles ut av family | network, ikke client"),
    ],
)  # fmt: skip
def test_bad_survey_input_exit_2_nothing_written(unit, db_url, args, field) -> None:
    before = dump(db_url)
    r = unit("survey", "record", *args)
    assert r.exit_code == 2, r.output
    assert r.stderr.startswith("Feil: ") and field in r.stderr
    assert r.stderr.count("\n") == 1
    assert dump(db_url) == before


def test_family_feedback_needs_the_clients_consent_first(unit, db_url) -> None:
    args = ("survey", "record", "K-1", "family-feedback", "8", "na", "6", "10", "7", "Mer info", "--rater", "family")  # fmt: skip
    r = unit(*args)
    assert r.exit_code == 2
    assert "K-1 har ikke samtykket til tilbakemelding fra familie/nettverk" in r.stderr
    assert dump(db_url)["survey_response"] == []
    # a relative without consent to give feedback is not enough
    assert unit("client", "network", "add", "K-1", "mor", "--share", "yes").exit_code == 0
    assert unit(*args).exit_code == 2
    assert unit(*args, "--relative", "mor").exit_code == 2
    assert dump(db_url)["survey_response"] == []
    assert unit("client", "network", "add", "K-1", "far", "--feedback", "yes").exit_code == 0
    r = unit(*args, "--relative", "far", "--date", "2026-11-02")
    assert r.exit_code == 0, r.output
    assert r.stdout.splitlines()[1:] == [
        "  Samarbeid med pårørende: 8,0 (0–10)",  # (8 + 6 + 10) / 3, "na" left out
        "  Opplevd fremgang: 7,0 (0–10)",
        "  Merk: ikke et validert instrument.",
    ]
    rows = dump(db_url)
    assert rows["survey_response"][0]["network_id"] == rows["client_network"][1]["id"]
    assert [a["text"] for a in rows["survey_answer"] if a["text"]] == ["Mer info"]
    assert unit(*args, "--relative", "mor").exit_code == 2  # mor still has not consented


@pytest.mark.parametrize(
    "args",
    [
        ["survey", "record", "K-1", "family-feedback", "8", "8", "8", "8", "8", f"Ring {FNR}", "--rater", "family"],
        ["survey", "record", "K-1", "brief-inspire", FNR, "1", "1", "1", "1"],
        ["survey", "record", "K-1", "brief-inspire", "1", "1", "1", "1", "1", "--date", FNR],
        ["client", "network", "add", "K-1", "venn", "--note", f"nr {FNR[:6]} {FNR[6:]}"],
        ["client", "network", "add", "K-1", FNR],
        ["client", "goal", "add", "K-1", f"Få jobb, {FNR}"],
        ["client", "goal", "rate", "K-1", "1", FNR],
        ["meeting", "add", "K-1", "--date", "2026-11-01", "--kind", "network", "--present", "yes", "--note", f"Om {FNR}"],
        ["survey", "show", FNR],
        ["meeting", "add", FNR, "--date", "2026-11-01", "--kind", "network", "--present", "yes"],
    ],
)  # fmt: skip
def test_identity_numbers_refused_in_every_free_text_field(unit, db_url, args) -> None:
    unit("client", "network", "add", "K-1", "mor", "--feedback", "yes")
    unit("client", "goal", "add", "K-1", "Gå tur hver dag", "--date", "2026-10-01")
    before = dump(db_url)
    r = unit(*args)
    assert r.exit_code == 2, r.output
    assert "fødselsnummer" in r.stderr
    assert FNR not in r.output and FNR[6:] not in r.output
    assert dump(db_url) == before


def test_network_by_role_closest_relative_and_children(unit, db_url) -> None:
    assert (
        unit("client", "network", "add", "K-1", "Mor", "--closest", "--share", "yes").exit_code == 0
    )
    r = unit("client", "network", "add", "K-1", "partner", "--closest", "--feedback", "ja")
    assert r.stdout == "La til partner i nettverket til K-1 (ID 2).\n"
    r = unit("client", "network", "list", "K-1")
    assert r.stdout.splitlines()[-1] == (
        "Ingen barn under 18 registrert. Er det avklart? (helsepersonelloven § 10 a)"
    )
    r = unit("client", "network", "add", "K-1", "sønn", "--minor")
    assert "helsepersonelloven § 10 a" in r.stdout
    data = unit("client", "network", "list", "K-1", "--format", "json").stdout
    import json

    rows = json.loads(data)
    assert [(x["role"], x["closest_relative"], x["share_consent"], x["feedback_consent"], x["minor"]) for x in rows] == [
        ("mor", False, True, False, False),  # the closest relative moved to the partner
        ("partner", True, False, True, False),
        ("sønn", False, False, False, True),
    ]  # fmt: skip
    assert "Barn under 18: 1" in unit("client", "network", "list", "K-1").stdout
    assert unit("client", "network", "add", "K-1", "Ola Nordmann").exit_code == 2
    assert unit("client", "network", "add", "K-1", "mor", "--minor").exit_code == 2
    assert unit("client", "network", "remove", "K-1", "9").exit_code == 2
    r = unit("client", "network", "remove", "K-1", "1")
    assert r.stdout == "Fjernet mor (ID 1) fra nettverket til K-1.\n"
    assert [m["role"] for m in dump(db_url)["client_network"]] == ["partner", "sønn"]


def test_own_goals_add_rate_reach_drop(unit, db_url) -> None:
    assert unit("client", "goal", "add", "K-1", "Gå tur hver dag", "--date", "2026-10-01").stdout == "La til mål 1 for K-1.\n"  # fmt: skip
    unit("client", "goal", "add", "K-1", "Ringe søsteren min", "--date", "2026-10-01")
    assert unit("client", "goal", "rate", "K-1", "1", "3", "--date", "2026-10-08").stdout == "Mål 1 for K-1: 3/10 2026-10-08.\n"  # fmt: skip
    unit("client", "goal", "rate", "K-1", "1", "7", "--date", "2026-11-08")
    before = dump(db_url)
    for bad, field in (
        (["1", "11"], "VERDI"),
        (["1", "7,5"], "VERDI"),
        (["3", "5"], "GOAL: K-1 har ikke mål 3"),
        (["1", "5", "--date", "2026-11-08"], "--date: mål 1 er allerede vurdert 2026-11-08"),
        (["1", "5", "--date", "2026-09-01"], "--date: er før målet ble satt"),
    ):
        r = unit("client", "goal", "rate", "K-1", *bad)
        assert r.exit_code == 2 and field in r.stderr, (bad, r.output)
    assert dump(db_url) == before
    assert unit("client", "goal", "reached", "K-1", "1", "--date", "2026-11-20").exit_code == 0
    assert unit("client", "goal", "drop", "K-1", "2", "--date", "2026-11-20").exit_code == 0
    r = unit("client", "goal", "rate", "K-1", "1", "8")
    assert r.exit_code == 2 and "mål 1 er ikke lenger aktivt (reached)" in r.stderr
    r = unit("client", "goal", "list", "K-1")
    lines = r.stdout.splitlines()
    assert lines[2].split() == [
        "1",
        "Gå",
        "tur",
        "hver",
        "dag",
        "2026-10-01",
        "nådd",
        "7",
        "3",
        "7",
    ]
    assert lines[3].split() == ["2", "Ringe", "søsteren", "min", "2026-10-01", "lagt", "bort", "–"]


def test_meetings_add_and_list(unit, db_url) -> None:
    r = unit(
        "meeting", "add", "K-1", "--date", "2026-11-03", "--kind", "coordination", "--present", "no"
    )
    assert r.stdout == "Registrerte møte om K-1 2026-11-03 (coordination, ikke til stede).\n"
    before = dump(db_url)
    for args, field in (
        (
            ["--date", "2026-11-03", "--kind", "lunch", "--present", "no"],
            "--kind: «lunch» er ikke tillatt",
        ),
        (["--date", "2026-11-03", "--kind", "other", "--present", "maybe"], "--present: «maybe»"),
        (["--date", "31.02.2026", "--kind", "other", "--present", "yes"], "--date"),
    ):
        r = unit("meeting", "add", "K-1", *args)
        assert r.exit_code == 2 and field in r.stderr, r.output
    assert dump(db_url) == before
    assert "ikke til stede" in unit("meeting", "list", "K-1").stdout


def test_meetings_present_indicator_against_a_hand_count(unit, db_url) -> None:
    import json

    unit("fit", "client", "add", "K-2", "--dept", "A", "--clinician", "Kari")
    # October, by hand: 6 meetings; K-1 present at 3, partly at 1, absent at 1; K-2 present at 1
    # → took part 5 of 6 = 83.3 %. November: 3 meetings → below the threshold of 5, hidden.
    october = [
        ("K-1", "2026-10-01", "yes"), ("K-1", "2026-10-05", "yes"), ("K-1", "2026-10-09", "yes"),
        ("K-1", "2026-10-12", "partly"), ("K-1", "2026-10-20", "no"), ("K-2", "2026-10-30", "yes"),
    ]  # fmt: skip
    november = [
        ("K-1", "2026-11-02", "no"),
        ("K-2", "2026-11-03", "no"),
        ("K-2", "2026-11-04", "yes"),
    ]
    for code, day, present in october + november:
        r = unit("meeting", "add", code, "--date", day, "--kind", "treatment", "--present", present)
        assert r.exit_code == 0
    unit("meeting", "add", "K-1", "--date", "2026-06-30", "--kind", "other", "--present", "no")
    r = unit("goals", "add", "A", "2026H2", "Ingen møter om meg, uten meg", "--indicator", "Meetings-Present", "--baseline", "60", "--target", "90")  # fmt: skip
    assert r.exit_code == 0, r.output
    data = json.loads(unit("goals", "list", "--format", "json").stdout)
    goal = data["goals"][0]
    assert goal["indicator"] == "meetings-present" and goal["unit"] == "%"
    assert goal["computed"] == [
        {"month": "2026-10", "meetings": 6, "present": 5, "share": 83.3},
        {"month": "2026-11", "meetings": None, "present": None, "share": None},
    ]
    assert goal["readings"] == [{"date": "2026-10-01", "value": 83.3}]
    assert goal["latest"] == 83.3
    table = unit("goals", "list").stdout
    assert table.splitlines()[-1] == (
        "Mål 1, møter med personen til stede: 2026-10: 83,3 % (n=6); "
        "2026-11: – (n under grensen for små tall)"
    )
    r = unit("goals", "reading", "1", "50")
    assert r.exit_code == 2 and "henter målingene fra møteregistreringene" in r.stderr


def test_fit_show_and_its_svg_show_the_persons_own_goals(unit, tmp_path) -> None:
    import xml.etree.ElementTree as ET

    unit("fit", "record", "K-1", "--ors", "4", "5", "5", "6", "--date", "2026-10-01")
    unit("fit", "record", "K-1", "--ors", "6", "6", "7", "7", "--date", "2026-10-15")
    unit("client", "goal", "add", "K-1", "Gå tur <hver> dag & sove", "--date", "2026-10-01")
    unit("client", "goal", "rate", "K-1", "1", "3", "--date", "2026-10-01")
    unit("client", "goal", "rate", "K-1", "1", "7", "--date", "2026-10-15")
    target = tmp_path / "k1.svg"
    r = unit("fit", "show", "K-1", "--svg", str(target))
    assert r.exit_code == 0, r.output
    lines = r.stdout.splitlines()
    i = lines.index("Egne recoverymål (0–10):")
    assert lines[i + 1] == "  1. Gå tur <hver> dag & sove: 3 → 7 (aktivt)"
    svg = target.read_text("utf-8")
    root = ET.fromstring(svg)  # well-formed: the person's words are escaped
    texts = ["".join(e.itertext()) for e in root.iter("{http://www.w3.org/2000/svg}text")]
    assert "1. Gå tur <hver> dag & sove · 3 → 7 · aktivt" in texts
    assert "&lt;hver&gt; dag &amp; sove" in svg


def test_survey_record_at_a_terminal_asks_item_by_item(unit, db_url, monkeypatch) -> None:
    monkeypatch.setattr("recoverykit.cli.surveys.stdin_is_terminal", lambda: True)
    # item 2: "7" is off the 0–4 scale, explained and asked again; item 4 left empty → missing
    r = unit("survey", "record", "K-1", "brief-inspire", input="3\n7\n4\n2\n\n1\n")
    assert r.exit_code == 0, r.output
    assert "ledd 2: «7» er ikke på skalaen 0–4 (hele tall)" in r.stderr
    assert "holdt tilbake: 1 ledd mangler, høyst 0 kan mangle" in r.stdout
    answers = dump(db_url)["survey_answer"]
    assert [(a["item"], a["state"], a["value"]) for a in answers] == [
        (1, "answered", 3.0), (2, "answered", 4.0), (3, "answered", 2.0), (4, "missing", None),
        (5, "answered", 1.0),
    ]  # fmt: skip


def test_survey_show_and_summary_gate_small_groups(unit, tmp_path) -> None:
    unit("survey", "record", "K-1", "brief-inspire-o", "2", "2", "2", "2", "2", "--date", "2026-10-01")  # fmt: skip
    unit("survey", "record", "K-1", "brief-inspire-o", "3", "3", "2", "3", "3", "--date", "2026-11-01")  # fmt: skip
    r = unit("survey", "show", "K-1", "--instrument", "brief-inspire-o", "--svg", str(tmp_path / "s.svg"))  # fmt: skip
    assert r.exit_code == 0, r.output
    lines = r.stdout.splitlines()
    assert lines[:4] == [
        "Brief INSPIRE-O: Recovery (0–100)",
        "  2026-10-01   50,0  (client)",
        "  2026-11-01   70,0  (client)",
        "  Endring første → siste: +20,0 – pålitelig bedring (grense ±8, Moeller et al. 2025 "
        "(Danish reference data), as cited in recoverykit issue 14; not checked against the paper)",
    ]
    svg = (tmp_path / "s.svg").read_text("utf-8")
    assert "pålitelig endring ±8" in svg and "grense 50" in svg
    r = unit("survey", "summary", "--period", "2026H2", "--format", "json")
    import json

    assert json.loads(r.stdout) == [
        {"instrument": "brief-inspire-o", "subscale": "recovery", "responses": None,
         "clients": None, "mean": None, "change_n": None, "mean_change": None},
    ]  # fmt: skip
    r = unit("survey", "summary", "--month", "2026-01")
    assert r.stdout == "Skjema januar 2026\nIngen skjema registrert i perioden.\n"
    assert unit("survey", "show", "K-1", "--svg", str(tmp_path / "nope" / "s.svg")).exit_code == 2


def test_instrument_list_show_and_a_broken_unit_file(cli, isolated_env) -> None:
    r = cli("instrument", "show", "inspire", db=False)
    assert r.exit_code == 0
    assert "Ordlyd vises: nei (bare nummer og korte merkelapper skrevet av recoverykit)" in r.stdout
    assert "  21. Relasjon 1 (0–4)" in r.stdout
    assert "Ikke bekreftet fra publiserte kilder:" in r.stdout
    folder = isolated_env / "instruments"
    folder.mkdir(parents=True)
    (folder / "mine.yaml").write_text(
        "format: recoverykit-instrument/1\nid: mine\nname: Mitt\nversion: 1\nsource: oss\n"
        "licence: fri\nitems:\n  - {number: 1, scale: x, label: a}\nsubscales: []\n",
        "utf-8",
    )
    r = cli("instrument", "list", db=False)
    assert r.exit_code == 2
    assert r.stderr == (
        f"Feil: {folder / 'mine.yaml'}: linje 8: items[1].scale: «x» er ikke en skala i filen; "
        "kjente er –\n"
    )
