"""docs/terminologi.md is the project's terminology list: the variants it rules out do not
appear in the code, the templates, the data or the user guide."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# (variant, why) — each is ruled out in docs/terminologi.md
RULED_OUT = [
    ("recovery-orientert", "recoveryorientert"),
    ("Empowerment/selvhevdelse", "Egenmakt (empowerment)"),
    ("Tilregnelig", "Pålitelighet"),
    ("Forventet forløp", "Forventet bedring"),
    ("Allianse-varsler", "SRS-varsler"),
    ("(drop-out)", "avbrutt (frafall)"),
    ("Startskåre ", "Startskår"),
    ("aldri behandlere", "fagperson"),
    ("enkeltbehandlere", "fagperson"),
    ('"Økt"', "samtale"),
    ("per økt", "per samtale"),
    ("er logget", "er registrert"),
    ("Frø for", "startverdi"),
    ("seedet generator", "fast startverdi"),
    ("På sporet", "Som forventet"),
    ("episoden har", "forløpet har"),
    ("forfalt", "over frist"),
    ("forfalte", "over frist"),
    ("Forfalt", "Over frist"),
    ("FORFALT", "OVER FRIST"),
    ("avdeling(er)", "i18n.count: 1 avdeling / 2 avdelinger"),
    ("har fullført", "har lest / har tatt kurset (antall, ikke prosent)"),
    ('tr("Nr", ', 'tr("Nr.", …)'),
]


def _texts() -> list[Path]:
    files = [*ROOT.glob("src/recoverykit/**/*.py"), *ROOT.glob("templates/**/*.j2")]
    files += [*ROOT.glob("data/*.yaml"), *ROOT.glob("data/plans/*.yaml")]
    guide = ROOT / "docs" / "brukerveiledning.md"
    if guide.exists():
        files.append(guide)
    return files


def test_terminology_list_is_in_docs() -> None:
    doc = (ROOT / "docs" / "terminologi.md").read_text(encoding="utf-8")
    for term in ("recoveryorientert", "Egenmakt (empowerment)", "forventet bedring", "SRS-varsel"):
        assert term in doc


@pytest.mark.parametrize(("variant", "use"), RULED_OUT)
def test_ruled_out_variant_does_not_appear(variant: str, use: str) -> None:
    hits = []
    for path in _texts():
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if variant in line and not re.search(r"#.*" + re.escape(variant), line):
                hits.append(f"{path.relative_to(ROOT)}:{n}")
    assert hits == [], f"{variant!r} → use {use!r}: {hits}"
