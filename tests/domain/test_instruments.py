"""Scoring of every shipped instrument on hand-worked cases.

Sources: Williams et al. 2015 (doi 10.1007/s00127-014-0983-0) score Brief INSPIRE and both INSPIRE
subscales 0–100 (item mean on the 0–4 scale × 25; Support only over items marked important).
Brief INSPIRE-O: cut-off 50, reliable change 8 (Moeller et al. 2024/2025, as cited in issue 14).
ORS: total = sum of four 0–10 items (Miller & Duncan 2000). The family form is recoverykit's own.
The limits on missing items are recoverykit's (see each file's ``unconfirmed`` notes).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from recoverykit.domain.instruments import (
    Answer,
    AnswerState,
    Instrument,
    parse_answer,
    reliable_change,
    score,
)
from recoverykit.errors import InvalidInput
from recoverykit.loaders.instruments import InstrumentFileError, load_registry, parse_instrument

REG = load_registry(unit=Path("/nonexistent"))


def answers(inst: Instrument, *raw: str) -> dict[int, Answer]:
    return {i: parse_answer(f"item {i}", inst.item(i), v) for i, v in enumerate(raw, 1)}


def one(inst_id: str, sub: str, *raw: str) -> tuple[float | None, str]:
    inst = REG[inst_id]
    s = score(inst, answers(inst, *raw)).get(sub)
    assert s is not None
    return s.score, str(s.reason or "")


def test_shipped_registry_has_the_instruments_of_issue_14() -> None:
    assert sorted(REG) == [
        "brief-inspire",
        "brief-inspire-o",
        "family-feedback",
        "inspire",
        "ors",
        "srs",
    ]
    assert [len(s.items) for s in REG["inspire"].subscales] == [20, 7]
    assert REG["family-feedback"].validated is False
    assert not any(i.wording for i in REG["inspire"].items)  # the authors' wording is not shipped


def test_brief_inspire_all_items() -> None:
    # (3 + 4 + 2 + 1 + 0) / 5 = 2.0; × 25 = 50.0
    assert one("brief-inspire", "support", "3", "4", "2", "1", "0") == (50.0, "")
    assert one("brief-inspire", "support", "4", "4", "4", "4", "4") == (100.0, "")
    assert one("brief-inspire", "support", "0", "0", "0", "0", "0") == (0.0, "")
    assert one("brief-inspire", "support", "3", "3", "2", "2", "3") == (65.0, "")  # 2.6 × 25


def test_brief_inspire_one_missing_is_over_the_limit() -> None:
    value, reason = one("brief-inspire", "support", "3", "?", "2", "1", "0")
    assert value is None
    assert reason == "holdt tilbake: 1 ledd mangler, høyst 0 kan mangle"


def test_inspire_support_scores_only_important_items() -> None:
    # 10 important items: 4 4 3 3 2 2 1 1 0 4 → 24 / 10 = 2.4 × 25 = 60.0; 10 marked not important
    raw = ["4", "4", "3", "3", "2", "2", "1", "1", "0", "4"] + ["-"] * 10 + ["2"] * 7
    assert one("inspire", "support", *raw) == (60.0, "")
    s = score(REG["inspire"], answers(REG["inspire"], *raw)).get("support")
    assert s is not None and (s.scored, s.not_important, s.missing) == (10, 10, 0)


def test_inspire_support_missing_at_and_over_the_limit() -> None:
    # 4 of the important items left blank (the limit): mean of the six rated 3 3 2 2 1 1 = 2 → 50
    at = ["?", "?", "3", "3", "2", "2", "1", "1", "?", "?"] + ["-"] * 10 + ["2"] * 7
    assert one("inspire", "support", *at) == (50.0, "")
    over = ["?"] * 5 + ["3"] * 5 + ["-"] * 10 + ["2"] * 7
    assert one("inspire", "support", *over) == (
        None,
        "holdt tilbake: 5 ledd mangler, høyst 4 kan mangle",
    )


def test_inspire_support_nothing_important_is_withheld() -> None:
    value, reason = one("inspire", "support", *(["-"] * 20 + ["3"] * 7))
    assert value is None and reason == "holdt tilbake: ingen ledd er merket viktig"


def test_inspire_relationship() -> None:
    # seven items, 3 3 3 3 3 3 2 → 20 / 7 = 2.857… × 25 = 71.43 → 71.4; one missing allowed
    rel = ["3"] * 6 + ["2"]
    assert one("inspire", "relationship", *(["-"] * 20 + rel)) == (71.4, "")
    assert one("inspire", "relationship", *(["-"] * 20 + ["?"] + ["4"] * 6)) == (100.0, "")
    value, _ = one("inspire", "relationship", *(["-"] * 20 + ["?", "?"] + ["4"] * 5))
    assert value is None


def test_not_important_refused_on_an_item_without_importance_question() -> None:
    inst = REG["inspire"]
    with pytest.raises(InvalidInput, match="bare ledd med viktighetsspørsmål"):
        parse_answer("item 21", inst.item(21), "-")


def test_brief_inspire_o_cutoff_and_reliable_change() -> None:
    inst = REG["brief-inspire-o"]
    sub = inst.subscales[0]
    assert sub.cutoff is not None and sub.cutoff.value == 50
    assert sub.reliable_change is not None and sub.reliable_change.value == 8
    assert one("brief-inspire-o", "recovery", "2", "2", "2", "2", "2") == (50.0, "")
    assert reliable_change(sub, 50.0, 58.0) == "improved"
    assert reliable_change(sub, 50.0, 57.0) == "no-change"
    assert reliable_change(sub, 50.0, 42.0) == "deteriorated"
    assert reliable_change(sub, None, 42.0) is None


def test_family_feedback_not_applicable_missing_and_text() -> None:
    # cooperation = mean of items 1–4 on 0–10; "na" is left out of the mean
    assert one("family-feedback", "cooperation", "8", "na", "6", "10", "7", "Mer info") == (8.0, "")
    assert one("family-feedback", "cooperation", "8", "?", "6", "10", "7", "") == (8.0, "")
    value, _ = one("family-feedback", "cooperation", "8", "?", "?", "10", "7", "")
    assert value is None
    assert one("family-feedback", "progress", "8", "8", "8", "8", "7", "") == (7.0, "")
    assert one("family-feedback", "progress", "8", "8", "8", "8", "na", "")[0] is None
    text = parse_answer("item 6", REG["family-feedback"].item(6), "  Mer informasjon ")
    assert text == Answer(AnswerState.ANSWERED, None, "Mer informasjon")


def test_ors_sum() -> None:
    assert one("ors", "total", "5.5", "6", "4", "7,5") == (23.0, "")
    with pytest.raises(InvalidInput, match="ikke på skalaen 0–10"):
        parse_answer("item 1", REG["ors"].item(1), "10.5")


def test_out_of_scale_and_not_applicable_where_not_allowed() -> None:
    inst = REG["brief-inspire"]
    with pytest.raises(InvalidInput, match=r"«5» er ikke på skalaen 0–4 \(hele tall\)"):
        parse_answer("item 1", inst.item(1), "5")
    with pytest.raises(InvalidInput, match=r"«2.5» er ikke på skalaen"):
        parse_answer("item 1", inst.item(1), "2.5")
    with pytest.raises(InvalidInput, match="ikke aktuelt"):
        parse_answer("item 1", inst.item(1), "na")


TEST_FILE = """\
format: recoverykit-instrument/1
id: test-reversed
name: Test
version: "1"
source: test
licence: test
scales:
  - {id: s, kind: range, low: 0, high: 4, not_applicable: true}
items:
  - {number: 1, scale: s, label: one}
  - {number: 2, scale: s, label: two, reversed: true}
  - {number: 3, scale: s, label: three}
subscales:
  - {id: mean, name: Mean, items: 1-3, rule: mean-scaled, factor: 25, max_missing: 1}
  - {id: total, name: Total, items: 1-3, rule: sum, max_missing: 1, range: [0, 12]}
  - {id: strict, name: Strict, items: 1-3, rule: sum, max_missing: 1, not_applicable: missing}
"""


def test_reversed_item_and_prorated_sum() -> None:
    inst = parse_instrument(TEST_FILE, "test.yaml")
    # item 2 reversed: 0 → 4; (4 + 4 + 4) / 3 × 25 = 100
    got = score(inst, answers(inst, "4", "0", "4"))
    assert [s.score for s in got.subscales] == [100.0, 12.0, 12.0]
    # 2, missing, 4 → mean 3 → prorated sum 3 × 3 = 9
    got = score(inst, answers(inst, "2", "?", "4"))
    assert [s.score for s in got.subscales] == [75.0, 9.0, 9.0]
    # not applicable: left out (mean of 2 and 4 → ×2 items) unless it counts as missing
    got = score(inst, answers(inst, "2", "na", "4"))
    assert [s.score for s in got.subscales] == [75.0, 6.0, 9.0]
    # na, missing, 4: two scorable items (1 is left out), one missing → 4 prorated × 2 = 8;
    # when not applicable counts as missing, two are missing: over the limit
    got = score(inst, answers(inst, "na", "?", "4"))
    assert [s.score for s in got.subscales] == [100.0, 8.0, None]


BROKEN = """\
format: recoverykit-instrument/2
id: Broken Id
name: {nb: Ødelagt}
version: "1"
source: test
licence: test
colour: red
scales:
  - {id: s, kind: slider, low: 0, high: 4}
  - {id: t, kind: range, low: 4, high: 0}
items:
  - {number: 1, scale: t, label: one}
  - {number: 1, scale: t, label: two}
  - {number: 3, scale: nope, label: three, reversed: maybe}
subscales:
  - {id: a, name: A, items: 1-9, rule: median, max_missing: 12}
"""


def test_a_broken_file_reports_every_mistake_with_its_line() -> None:
    with pytest.raises(InstrumentFileError) as info:
        parse_instrument(BROKEN, "broken.yaml")
    message = str(info.value)
    assert message.startswith("broken.yaml: linje 1: format: skal være recoverykit-instrument/1")
    for expected in (
        "linje 2: id: «Broken Id»: bruk små bokstaver, tall og bindestrek",
        "linje 7: colour: ukjent nøkkel",
        "linje 9: scales[1].kind: velg range, yes-no, text",
        "linje 10: scales[2].high: skal være over low",
        "linje 13: items[2].number: ledd 1 står to ganger",
        "linje 14: items[3].scale: «nope» er ikke en skala i filen",
        "linje 14: items[3].reversed: skal være true eller false",
        "linje 16: subscales[1].items: ledd 2, 3, 4, 5, 6, 7, 8, 9 finnes ikke",
        "linje 16: subscales[1].rule: velg sum, mean-scaled",
        "linje 16: subscales[1].max_missing: må være mindre enn antall ledd",
    ):
        assert expected in message, expected
    assert len(info.value.problems) >= 10


def test_a_unit_file_replaces_a_shipped_one(tmp_path: Path) -> None:
    unit = tmp_path / "instruments"
    unit.mkdir()
    text = (Path(__file__).parents[2] / "data/instruments/inspire.yaml").read_text("utf-8")
    text = text.replace(
        "{number: 23, scale: agreement,", "{number: 23, scale: agreement, reversed: true,"
    )
    (unit / "inspire.yaml").write_text(text, "utf-8")
    reg = load_registry(unit=unit)
    assert reg["inspire"].item(23).reversed and reg["inspire"].origin == str(unit / "inspire.yaml")
    # 3 × 6 items + reversed item 23 answered 0 (→ 4): (18 + 4) / 7 × 25 = 78.57 → 78.6
    raw = ["-"] * 20 + ["3", "3", "0", "3", "3", "3", "3"]
    got = score(reg["inspire"], answers(reg["inspire"], *raw)).get("relationship")
    assert got is not None and got.score == 78.6


def test_a_file_must_be_named_after_its_id(tmp_path: Path) -> None:
    from recoverykit.loaders.instruments import load_one

    (tmp_path / "other.yaml").write_text(TEST_FILE, "utf-8")
    with pytest.raises(InstrumentFileError, match=r"linje 1: id: «test-reversed» må stå i en fil som heter test-reversed.yaml"):  # fmt: skip
        load_registry(shipped=Path("/nonexistent"), unit=tmp_path)
    (tmp_path / "other.yaml").rename(tmp_path / "test-reversed.yaml")
    found = load_one("test-reversed", shipped=Path("/nonexistent"), unit=tmp_path)
    assert found is not None and found.origin == str(tmp_path / "test-reversed.yaml")
    assert load_one("brief-inspire", unit=tmp_path) is not None  # shipped, the unit has none
    assert load_one("../etc/passwd", unit=tmp_path) is None
