"""Identity numbers however they are written: refused without an echo, in free text, numbers,
look-ups, dates, paths and file names; ordinary 11-digit numbers stay accepted."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest

from recoverykit.domain.idnumber import find_identity_numbers, is_identity_number
from tests.rowdump import dump

N = "15038512363"  # a valid fødselsnummer (classic rule), used only to prove it is refused
assert is_identity_number(N)

SPELLINGS = {
    "plain": N,
    "one space": "150385 12363",
    "two spaces": "150385  12363",
    "dot": "150385.12363",
    "hyphen": "150385-12363",
    "groups of three": "150 385 123 63",
    "date with dots": "15.03.85 12363",
    "slash": "150385/12363",
    "en dash": "150385\u201312363",
    "minus sign": "150385\u221212363",
    "underscore": "150385_12363",
    "full-width digits": "\uff11\uff15\uff10\uff13\uff18\uff15\uff11\uff12\uff13\uff16\uff13",
    "zero-width space": "150385\u200b12363",
    "word joiner inside": "15038\u206051\u200d2363",
    "no-break space": "150385\u00a012363",
    "date with slashes": "15/03/85 123 63",
    "arabic-indic digits": "".join(chr(0x0660 + int(d)) for d in N),
}


@pytest.mark.parametrize("name", sorted(SPELLINGS))
def test_every_spelling_is_found(name: str) -> None:
    spelled = SPELLINGS[name]
    assert is_identity_number(spelled)
    assert find_identity_numbers(f"Ringte om {spelled} i dag")


def ordinary_numbers() -> list[str]:
    """11-digit numbers people do type: phone lists, account numbers, order numbers, dates."""
    rng = random.Random(2026)
    out = ["22 33 44 55 90", "1234.56.78903", "2026-11-20 10.30", "47 22 33 44 55"]
    while len(out) < 60:
        candidate = "".join(rng.choice("0123456789") for _ in range(11))
        if not is_identity_number(candidate):
            out.append(candidate)
    return out


def test_no_false_alarms_on_ordinary_numbers() -> None:
    alarms = [n for n in ordinary_numbers() if find_identity_numbers(f"Saksnr. {n}")]
    assert alarms == []
    assert not find_identity_numbers("Ring 22 33 44 55 eller 90012345 kl. 10.30, 2026-11-20")
    assert not find_identity_numbers(f"x{N}9")


REFUSED = (
    "inneholder det som ser ut som et fødselsnummer eller D-nummer; bruk en pseudonym kode "
    "(f.eks. K-0001), aldri fødselsnummer"
)


@pytest.fixture
def unit(cli: Any) -> Any:
    assert cli("dept", "add", "BOLIG", "Bolig").exit_code == 0
    r = cli("goals", "add", "BOLIG", "2026H1", "Flere samtaler", "--indicator", "antall")
    assert r.exit_code == 0, r.output
    assert (
        cli("fit", "client", "add", "K1", "--dept", "BOLIG", "--clinician", "Kari").exit_code == 0
    )
    return cli


@pytest.mark.parametrize("name", sorted(SPELLINGS))
def test_free_text_refuses_every_spelling(unit: Any, name: str) -> None:
    before = dump(unit.db_url)
    r = unit("share", "add", "BOLIG", f"Vi snakket med {SPELLINGS[name]} om boligen")
    assert r.exit_code == 2
    assert r.stderr == f"Feil: TEKST: {REFUSED}\n"
    assert dump(unit.db_url) == before


def _args(tmp_path: Path) -> list[tuple[list[str], str]]:
    spaced = "150385 12363"
    return [
        (["goals", "reading", "1", N], "VALUE"),
        (["goals", "reading", "1", spaced], "VALUE"),
        (["goals", "add", "BOLIG", "2026H2", "Mål", "--indicator", "x", "--baseline", N,
          "--target", "5"], "--baseline"),
        (["goals", "add", "BOLIG", "2026H2", "Mål", "--indicator", "x", "--baseline", "1",
          "--target", N], "--target"),
        (["goals", "reading", N, "5"], "ID"),
        (["fit", "record", "K1", "--ors", "5", "5", "5", "5", "--date", N], "--date"),
        (["fit", "summary", "--month", N], "--month"),
        (["fit", "summary", "--period", N], "--period"),
        (["goals", "list", "--dept", N], "--dept"),
        (["staff", "add", "Kari", "--dept", spaced], "--dept"),
        (["fit", "show", N], "CLIENT"),
        (["db", "backup", str(tmp_path / f"{N}.db")], "DEST"),
        (["report", "monthly", "--out", str(tmp_path / spaced)], "--out"),
        (["cards", "print", "--all", "--out", str(tmp_path / f"{N}.pdf")], "--out"),
        (["fit", "export", "--out", str(tmp_path / f"{N}.csv")], "--out"),
        (["plan", "import", str(tmp_path / f"{N}.yaml")], "filnavnet"),
        (["cards", "list", "--deck", N], "--deck"),
        (["values", "exercise", "--pick", N, "--keep", N], ""),
    ]  # fmt: skip


def test_no_message_echoes_an_identity_number(unit: Any, tmp_path: Path) -> None:
    before = dump(unit.db_url)
    for args, field in _args(tmp_path):
        r = unit(*args)
        assert r.exit_code == 2, (args, r.output)
        assert "15038512363" not in r.output and "150385 12363" not in r.output, args
        assert "12363" not in r.output, args
        assert r.stderr.count("\n") == 1, args
        if field:
            shown = {"CLIENT": "KLIENT", "DEST": "MÅLFIL", "VALUE": "VERDI"}.get(
                field, field
            )  # nb placeholders
            assert r.stderr.startswith(f"Feil: {shown}: "), (args, r.stderr)
    assert dump(unit.db_url) == before
    assert sorted(p.name for p in tmp_path.iterdir() if "12363" in p.name) == []


def test_database_path_is_guarded_too(cli: Any, tmp_path: Path) -> None:
    r = cli("--db", str(tmp_path / f"{N}.db"), "dept", "list", db=False)
    assert (r.exit_code, r.stderr) == (2, f"Feil: --db: {REFUSED}\n")
    assert list(tmp_path.glob("*12363*")) == []
