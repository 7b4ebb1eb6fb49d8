import re
import unicodedata
from datetime import date
from pathlib import Path

import pytest

from recoverykit.domain.plans import MeasureNumber, MeasureStatus
from recoverykit.errors import InvalidInput
from recoverykit.loaders.plan_yaml import PlanFileError, load_plan, parse_plan

ROOT = Path(__file__).resolve().parents[1]
PLANS = ROOT / "data" / "plans"


def test_sandnes_2015_every_measure_and_text_intact() -> None:
    plan = load_plan(PLANS / "sandnes-2015-host.yaml")
    assert plan.title == "Plan for implementering av Recovery i Mestringsenheten, høsten 2015"
    assert plan.unit == "Mestringsenheten, Sandnes kommune"
    assert plan.adopted_by == "Ledergruppa" and plan.adopted_on is None
    assert (plan.period_code, plan.period_start, plan.period_end) == (
        "2015H2",
        date(2015, 7, 1),
        date(2015, 12, 31),
    )
    assert [str(m.number) for m in plan.measures] == ["1", "2", "3", "4", "5", "6", "7"]
    assert [a.name for a in plan.focus_areas] == [
        "Å jobbe med verdier",
        "Å integrere verdiene i praksis",
        "Å skreddersy praksis",
    ]
    m = {str(x.number): x for x in plan.measures}
    assert m["1"].text == (
        "Alle ansatte får heftet «RECOVERY – en veileder for alle ansatte i mestringsenheten». "
        "Dette skal være et minimum felles kunnskapsgrunnlag som alle ansatte må lese."
    )
    assert m["2"].due == date(2015, 12, 20) and "før jul 2015" in m["2"].text
    assert m["4"].text.startswith("Napha-rapporten «100 råd som fremmer recovery» skaffes")
    assert m["4"].responsible == ("Recoverykontakt", "Implementeringsgruppa")
    assert "Cafe Julie" in m["5"].text and "heie på hverandre." in m["5"].text
    assert m["6"].text.startswith("All recovery-relevant informasjon")
    assert m["7"].text == "Evaluering – videre planer 2016→"
    assert [x.responsible[0] for x in plan.measures] == (
        ["Recoverykontakt"] * 4 + ["Implementeringsgruppa"] * 2 + ["Ledergruppa"]
    )
    assert all(x.status is MeasureStatus.PLANNED for x in plan.measures)
    assert plan.description and "1:1" in plan.description


def test_sandnes_2016_with_sub_points_and_focus() -> None:
    plan = load_plan(PLANS / "sandnes-2016.yaml")
    assert plan.adopted_on == date(2016, 9, 29) and plan.adopted_by == "Ledergruppa"
    assert (plan.period_start, plan.period_end) == (date(2016, 9, 29), None)
    assert [str(m.number) for m in plan.measures] == ["1", "2", "2a", "2b", "2c", "3", "4", "5"]
    assert [a.name for a in plan.focus_areas] == [
        "Kvalitet",
        "Delekultur",
        "Konkrete mål",
        "Forskning",
    ]
    m = {str(x.number): x for x in plan.measures}
    assert m["1"].status is MeasureStatus.ONGOING
    assert "«Gjør mer av det som virker og mindre av det som ikke virker»" in m["1"].text
    assert m["2"].text.endswith("Vi vil ha fokus på tre «faser»:")
    assert m["2a"].text == "etablere kontakt (kartlegging)"
    assert m["2b"].text.endswith("(mål/plan/brukertilbakemeldinger)")
    assert m["2c"].text == "samarbeidet med bruker (recoverystøtte, oppfølging, behandling)"
    assert "«dette er vi gode til»" in m["3"].text and "Pulsen" in m["3"].text
    assert m["4"].text.startswith("MÅLBARE MÅL – Hver avdeling lager ett eller to målbare mål")
    assert m["4"].due == date(2016, 12, 31)
    assert [x.focus for x in plan.measures] == [None] + ["kvalitet"] * 4 + [
        "delekultur",
        "konkrete-mal",
        "forskning",
    ]
    assert "forskningsspørsmål" in m["5"].text and m["5"].responsible == ()


@pytest.mark.parametrize("name", ["sandnes-2015-host.yaml", "sandnes-2016.yaml"])
def test_shipped_plans_clean_text(name: str) -> None:
    raw = (PLANS / name).read_text(encoding="utf-8")
    assert unicodedata.is_normalized("NFC", raw)
    # no OCR damage of the kind seed 003 has (ø as g/@, å as a/8/3, æ as z)
    assert not re.search(r"\b(stgrre|gnsker|pa|malbare|vaere|hap|bade)\b", raw)
    plan = load_plan(PLANS / name)
    texts = [plan.title, *(m.text for m in plan.measures)]
    assert all("  " not in x and "\n" not in x for x in texts)
    assert all(x.count("«") == x.count("»") for x in texts)


def test_example_in_docs_parses() -> None:
    doc = (ROOT / "docs" / "plan-format.md").read_text(encoding="utf-8")
    example = doc.split("```yaml\n", 1)[1].split("```", 1)[0]
    plan = parse_plan(example, "plan-format.md")
    assert [str(m.number) for m in plan.measures] == ["2", "2a", "4"]
    four = plan.measures[2]
    assert four.status is MeasureStatus.IN_PROGRESS and four.due == date(2016, 12, 31)
    assert four.responsible == ("Avdelingene", "Recoverykontakt")
    assert plan.period_end == date(2017, 9, 30)


MINIMAL = """\
title: Plan
unit: Enhet
measures:
  - number: 1
    text: Gjør noe
"""


def test_minimal_plan_defaults() -> None:
    plan = parse_plan(MINIMAL)
    assert plan.measures[0].status is MeasureStatus.PLANNED
    assert plan.measures[0].number == MeasureNumber(1)
    assert plan.focus_areas == () and plan.period_start is None and plan.adopted_on is None


def test_yaml_implicit_types_do_not_apply() -> None:
    plan = parse_plan(MINIMAL.replace("text: Gjør noe", "text: no") + "    note: 1.10\n")
    assert plan.measures[0].text == "no" and plan.measures[0].note == "1.10"


BROKEN = """\
title: Plan
unit: Enhet
adopted_on: 2016-13-01
period: 2026H3
focus_areas:
  - id: kvalitet
    name: Kvalitet
measures:
  - number: 1
    text: Første
    due: 31.02.2026
  - number: 2
    text: Andre
    status: halvferdig
  - number: 2
    text: Dobbel
    focus: delekultur
  - nummer: 3
    text: Skrivefeil
  - number: 4b
    text: Mangler hovedpunkt
"""


def test_broken_file_reports_every_problem_with_lines() -> None:
    with pytest.raises(PlanFileError) as info:
        parse_plan(BROKEN, "plan.yaml")
    error = info.value
    assert isinstance(error, InvalidInput) and error.exit_code == 2 and error.field == "plan.yaml"
    where = [(p.line, p.path) for p in error.problems]
    assert where == [
        (3, "adopted_on"),
        (4, "period"),
        (11, "measures[1].due"),
        (14, "measures[2].status"),
        (15, "measures[3].number"),
        (17, "measures[3].focus"),
        (18, "measures[4].nummer"),
        (18, "measures[4].number"),
        (20, "measures[5].number"),
    ]
    nb = error.message.nb
    assert "linje 11: measures[1].due: 31.02.2026 finnes ikke i kalenderen" in nb
    assert "linje 14: measures[2].status: «halvferdig» er ikke en status" in nb
    assert "tillatt er number, text, responsible, due, status, focus, note" in nb
    assert "«delekultur» er ikke et fokusområde i planen; kjente er kvalitet" in nb
    assert "underpunkt 4b mangler hovedpunkt 4" in nb
    assert str(error).startswith("plan.yaml: linje 3: adopted_on:")
    assert "line 11: measures[1].due: 31.02.2026 does not exist in the calendar" in error.message.en


def test_missing_required_and_unknown_top_keys() -> None:
    with pytest.raises(PlanFileError) as info:
        parse_plan("titel: Plan\nmeasures: []\n", "p.yaml")
    paths = {p.path for p in info.value.problems}
    assert paths == {"titel", "title", "unit", "measures"}
    assert "adopted_by, adopted_on" in info.value.message.nb


@pytest.mark.parametrize(
    ("text", "line", "path"),
    [
        ("", 1, "plan"),
        ("- a\n- b\n", 1, "plan"),
        ("title: [unclosed\n", 2, "yaml"),
        ("title: a\ntitle: b\nunit: u\nmeasures:\n  - {number: 1, text: x}\n", 2, "title"),
        ("title: a\nunit: u\nmeasures: lots\n", 3, "measures"),
        ("title: a\nunit: u\nperiod: {from: 2016-02-01, to: 2016-01-01}\n"
         "measures: [{number: 1, text: x}]\n", 3, "period.to"),
        ("title: a\nunit: u\nmeasures:\n  - number: 1\n    text: ''\n", 5, "measures[1].text"),
        ("title: a\nunit: u\nmeasures:\n  - number: 1\n    text: x\n    responsible: [A, '']\n",
         6, "measures[1].responsible[2]"),
        ("title: a\nunit: u\nfocus_areas:\n  - {id: Kvalitet!, name: K}\n"
         "measures: [{number: 1, text: x}]\n", 4, "focus_areas[1].id"),
    ],
)  # fmt: skip
def test_single_problems(text: str, line: int, path: str) -> None:
    with pytest.raises(PlanFileError) as info:
        parse_plan(text, "p.yaml")
    assert [(p.line, p.path) for p in info.value.problems] == [(line, path)]


def test_load_plan_file_errors(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match="finnes ikke"):
        load_plan(tmp_path / "nope.yaml")
    latin1 = tmp_path / "latin1.yaml"
    latin1.write_bytes("title: Plan for høsten\n".encode("latin-1"))
    with pytest.raises(InvalidInput, match="UTF-8"):
        load_plan(latin1)
    bom = tmp_path / "bom.yaml"
    bom.write_bytes(b"\xef\xbb\xbf" + MINIMAL.encode())
    assert load_plan(bom).title == "Plan"
