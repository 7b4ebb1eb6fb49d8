"""The shipped values list: complete, correctly spelled (no OCR leftovers), in Norwegian order."""

from __future__ import annotations

import re
import unicodedata

import pytest

from recoverykit.domain.text import norwegian_sort_key
from recoverykit.loaders.values import load_values

# Words the OCR of Bærum's booklet produced, and patterns that betray a mangled æ/ø/å.
OCR_WORDS = {
    "beerum",
    "baerum",
    "bzerum",
    "beaerum",
    "bergmmelse",
    "hap",
    "miljgvern",
    "rlighet",
    "kologisk",
    "konomisk",
    "fribilde",
    "andelighet",
    "apenhet",
    "apne",
    "pagangsmot",
    "kjaerlighet",
    "leere",
    "laere",
    "nzere",
    "naere",
    "veere",
    "vaere",
    "zerlige",
    "aerlige",
    "pa",
    "a",
    "ma",
    "na",
    "fa",
    "ga",
    "sta",
    "nar",
    "bade",
    "mal",
    "malet",
    "rad",
    "ogsa",
    "stgrre",
    "gnsker",
    "gnske",
    "fgr",
    "fgrst",
    "stgtte",
    "stgtt",
    "fglge",
    "gjgre",
    "gjgr",
    "hgrt",
    "mgte",
    "mgter",
    "tilhgrighet",
    "samhgrighet",
    "tilharighet",
    "verktgy",
    "spgrsmal",
    "sporsmal",
    "hdp",
    "forstaelse",
    "ngdvendig",
    "fordgmme",
    "forsgk",
    "giennom",
    "vaert",
    "tilnaerminger",
    "pds",
    "lsere",
    "fglelser",
    "bista",
    "stasted",
    "utgjgr",
    "vart",
}
OCR_PATTERNS = [
    re.compile(r"[@£|]"),  # @ for Ø, £ for Æ, | for I
    re.compile(r"[A-Za-zÆØÅæøå][38]|[38][A-Za-zÆØÅæøå]"),  # 8/3 for å inside a word
    re.compile(r"(?<![\w.,/-])[38](?= [a-zæøå])"),  # "til 3 bli", "8 medvirke"
    re.compile(r"\bgn", re.IGNORECASE),  # "gnsker" for "ønsker"
    re.compile(r"(?:st|[fhmjt])g[bcdfghklmnpqrstvwxyz]", re.IGNORECASE),  # "stgtte", "fglge"
    re.compile(r"ae[rl]|z", re.IGNORECASE),  # "vaere", "kjaerlighet", "zerlige" for æ
]


def ocr_leftovers(text: str) -> list[str]:
    """What in ``text`` looks like OCR damage (empty list: clean)."""
    found = [m.group(0) for p in OCR_PATTERNS for m in p.finditer(text)]
    found += [w for w in re.findall(r"[^\W\d_]+", text) if w.casefold() in OCR_WORDS]
    return found


@pytest.mark.parametrize(
    "bad",
    [
        "Beerum kommune",
        "Bergmmelse",
        "Hap",
        "Miljgvern",
        "£rlighet",
        "@kologisk",
        "Pagangsmot",
        "Kjaerlighet",
        "Leere nye ting",
        "Nzere relasjoner",
        "til 3 bli",
        "vi gnsker",
        "stgtte",
        "8 medvirke",
        "A veere et fribilde",
        "| dag",
    ],
)
def test_detector_finds_ocr_damage(bad: str) -> None:
    assert ocr_leftovers(bad)


@pytest.mark.parametrize(
    "good",
    [
        "Bærum kommune",
        "Berømmelse",
        "Håp",
        "Egne verdier",
        "tegn på engasjement",
        "Å være et forbilde",
        "Diskuter tabell 1 på s. 16",
        "10 minutter",
        "Sorg er en nødvendig del av tap.",
    ],
)
def test_detector_accepts_correct_norwegian(good: str) -> None:
    assert ocr_leftovers(good) == []


def test_full_list_restored() -> None:
    values = load_values()
    names = [v.name for v in values.values]
    assert len(names) == 117
    for name in [
        "Berømmelse",
        "Håp",
        "Miljøvern",
        "Ærlighet",
        "Økologisk",
        "Å være et forbilde",
        "Åndelighet",
        "Åpenhet",
        "Pågangsmot",
        "Kjærlighet",
        "Lære nye ting",
        "Nære relasjoner",
        "Være ærlige og åpne mennesker",
        "Økonomisk trygghet",
        "Økonomisk vekst",
        "Respekt",
        "Rikdom",
        "Religion",
        "Affeksjon",
        "Visdom",
    ]:
        assert name in names


def test_no_ocr_leftovers_duplicates_or_empties() -> None:
    values = load_values()
    texts = [v.name for v in values.values] + list(values.reflection)
    texts += [values.intro, values.choose_text, values.keep_text, values.source]
    for text in texts:
        assert text.strip()
        assert text == unicodedata.normalize("NFC", text)
        assert ocr_leftovers(text) == [], text
    ids = [v.id for v in values.values]
    assert len(set(ids)) == len(ids)
    assert len({v.name.casefold() for v in values.values}) == len(ids)
    assert all(re.fullmatch(r"[a-z0-9-]+", i) for i in ids)
    assert {"aerlighet", "hap", "okologisk", "a-vaere-et-forbilde", "andelighet"} <= set(ids)


def test_sorted_in_norwegian_order() -> None:
    names = [v.name for v in load_values().values]
    assert names == sorted(names, key=norwegian_sort_key)
    assert names[-8:] == [
        "Være ærlige og åpne mennesker",
        "Ærlighet",
        "Økologisk",
        "Økonomisk trygghet",
        "Økonomisk vekst",
        "Å være et forbilde",
        "Åndelighet",
        "Åpenhet",
    ]
    assert names.index("Lyst") < names.index("Lære nye ting") < names.index("Makt")


def test_exercise_rules_and_sources() -> None:
    values = load_values()
    assert (values.choose, values.keep) == (10, 5)
    assert values.own_values_allowed
    assert len(values.reflection) == 4
    assert "Bærum kommune" in values.source
    assert "10 verdier" in values.choose_text and "5 viktigste" in values.keep_text
    raw = (load_values.__globals__["data_dir"]() / "values_no.yaml").read_text(encoding="utf-8")
    assert "ImROC" in raw and "Sandnes kommune, 2015" in raw
