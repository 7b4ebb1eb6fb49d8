"""``recoverykit cards``: list, draw (rotation, same card the same day), note, history, print,
users' own deck files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

FNR = "02013299997"

OWN_DECK = """\
id: vart-team
title: Vårt team
description: Egne spørsmål for teamet.
cards:
  - id: vart-1
    text: Hva gjorde vi bra denne uka?
  - id: vart-2
    text: Hva vil vi øve på – og hvem hjelper oss?
"""


def count(cli, table: str = "card_draw") -> int:
    from recoverykit.services.store import open_store

    db = open_store(cli.db_url)
    try:
        return int(db.connection().scalar(f"SELECT count(*) FROM {table}"))
    finally:
        db.close()


def history(cli, *args: str) -> list[dict[str, object]]:
    return json.loads(cli("cards", "history", "--format", "json", *args).stdout)


def test_list_decks(cli) -> None:
    result = cli("cards", "list")
    assert result.exit_code == 0
    assert result.stdout == (
        "Kortstokk          Tittel                                                   Kort\n"
        "-----------------  -------------------------------------------------------  ----\n"
        "refleksjon         Refleksjonskort                                            15\n"
        "chime              De fem prosessene (CHIME): Dette betyr begrepet for meg     5\n"
        "hjelperstrategier  Strategier som fremmer håp                                  9\n"
        "recovery-hjornet   Recovery-hjørnet på ledermøtet                             14\n"
    )


def test_list_cards_of_a_deck(cli) -> None:
    data = json.loads(cli("cards", "list", "--deck", "chime", "--format", "json").stdout)
    assert data[1] == {
        "card": "chime-hap",
        "chime": "Håp",
        "text": "Dette betyr begrepet for meg:\nHva gir brukeren håp – og hvordan kan jeg bidra til håp?",
    }


def test_draw_exact_output_and_note(cli) -> None:
    result = cli("cards", "draw", "--date", "2026-11-20")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == (
        "Kort for personalmøte 20.11.2026 – Refleksjonskort (kort 1 av 15 i runde 1):\n"
        "\n"
        "  Hvordan kan du hjelpe brukeren til å ta større personlig ansvar og få\n"
        "  kontroll over livet?\n"
        "\n"
        "  CHIME: Egenmakt (empowerment)\n"
        "\n"
        'Trekning #1. Etter møtet: recoverykit cards note 1 "hva vi snakket om"\n'
    )
    note = cli("cards", "note", "1", "Vi snakket om ansvar – og «makt» ÆØÅ")
    assert note.stdout == "Notat lagret på trekning #1.\n"
    table = cli("cards", "history", "--group", "Personalmøte")
    assert table.stdout == (
        "#  Dato        Gruppe        Kortstokk   Kort              Runde  Notat\n"
        "-  ----------  ------------  ----------  ----------------  -----  "
        "------------------------------------\n"
        "1  20.11.2026  personalmøte  refleksjon  personlig-ansvar      1  "
        "Vi snakket om ansvar – og «makt» ÆØÅ\n"
    )


def test_same_day_gives_the_same_card_unless_new(cli) -> None:
    first = cli("cards", "draw", "--group", "Team Ærlig", "--date", "20.11.2026")
    again = cli("cards", "draw", "--group", "team ærlig", "--date", "2026-11-20", "--note", "Håp")
    assert "(trukket tidligere i dag; --new trekker et nytt)" in again.stdout
    assert again.stdout.endswith("Notat: Håp\n")
    assert first.stdout.splitlines()[2] == again.stdout.splitlines()[3]
    assert count(cli) == 1
    cli("cards", "draw", "--group", "Team Ærlig", "--date", "2026-11-20", "--new")
    assert count(cli) == 2


def test_a_group_sees_the_whole_deck_before_a_card_comes_back(cli) -> None:
    for day in range(1, 16):
        assert cli("cards", "draw", "--group", "G", "--date", f"2026-11-{day:02d}").exit_code == 0
    drawn = history(cli, "--group", "G")
    assert len({d["card"] for d in drawn}) == 15
    assert {d["round"] for d in drawn} == {1}
    last = cli("cards", "draw", "--group", "G", "--date", "2026-11-16")
    assert "(kort 1 av 15 i runde 2)" in last.stdout
    other = history(cli)
    assert [d["group"] for d in other] == ["G"] * 16


def test_groups_and_decks_rotate_separately(cli) -> None:
    cli("cards", "draw", "--group", "A", "--deck", "recovery-hjornet", "--date", "2026-11-20")
    cli("cards", "draw", "--group", "B", "--deck", "recovery-hjornet", "--date", "2026-11-20")
    cli("cards", "draw", "--group", "A", "--deck", "chime", "--date", "2026-11-20")
    assert [(d["group"], d["deck"], d["round"]) for d in history(cli)] == [
        ("A", "recovery-hjornet", 1),
        ("B", "recovery-hjornet", 1),
        ("A", "chime", 1),
    ]


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (["--deck", "nope"], "--deck"),
        (["--group", " "], "--group"),
        (["--group", "x" * 121], "--group"),
        (["--group", f"Pasient {FNR}"], "--group"),
        (["--note", ""], "--note"),
        (["--note", f"Om {FNR}"], "--note"),
        (["--date", "2026-13-01"], "--date"),
        (["--date", "2999-01-01"], "--date"),  # a future meeting date, like every future event
        (["--deck-file", "/no/such/file.yaml"], "--deck-file"),
    ],
)
def test_draw_refuses_bad_input_and_writes_nothing(cli, args, field) -> None:
    result = cli("cards", "draw", *args)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Feil: {field}: ")
    assert result.stderr.count("\n") == 1
    assert FNR not in result.stderr
    assert count(cli) == 0


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (["x", "Tekst"], "TREKK_ID"),
        (["0", "Tekst"], "TREKK_ID"),
        (["99", "Tekst"], "TREKK_ID"),
        (["1", " "], "TEKST"),
        (["1", f"fnr {FNR}"], "TEKST"),
    ],
)
def test_note_refuses_bad_input(cli, args, field) -> None:
    cli("cards", "draw", "--date", "2026-11-20")
    result = cli("cards", "note", *args)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Feil: {field}: ")
    assert result.stderr.count("\n") == 1
    assert history(cli)[0]["note"] is None


def test_history_empty_and_bad_format(cli) -> None:
    assert cli("cards", "history").stdout.startswith("Ingen kort er trukket ennå.")
    bad = cli("cards", "history", "--format", "xml")
    assert bad.exit_code == 2
    assert bad.stderr.startswith("Feil: --format: ")


def test_own_decks_in_the_data_folder_and_by_file(cli, isolated_env: Path, tmp_path: Path) -> None:
    decks = isolated_env / "decks"
    decks.mkdir(parents=True)
    (decks / "team.yaml").write_text(OWN_DECK, encoding="utf-8")
    listing = cli("cards", "list", "--format", "json").stdout
    assert {"deck": "vart-team", "title": "Vårt team", "cards": 2} in json.loads(listing)
    extra = tmp_path / "extra.yml"
    extra.write_text(
        OWN_DECK.replace("vart-", "ekstra-").replace("Vårt team", "Ekstra"), encoding="utf-8"
    )
    result = cli("cards", "draw", "--deck-file", str(extra), "--deck", "ekstra-team")
    assert result.exit_code == 0, result.stderr
    assert "Ekstra" in result.stdout


def test_a_bad_deck_file_names_the_line_and_field(cli, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(OWN_DECK.replace("    text: Hva vil vi", "    tekst: Hva vil vi"), "utf-8")
    result = cli("cards", "list", "--deck-file", str(bad))
    assert result.exit_code == 2
    assert result.stderr == (
        f"Feil: {bad}:8: cards[1].tekst: ukjent felt; tillatt: chime, heading, id, source, text\n"
    )


def test_print_one_page_says_side_not_sider(cli, tmp_path: Path) -> None:
    pdf = tmp_path / "en.pdf"
    result = cli("cards", "print", "--deck", "chime", "--out", str(pdf))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == f"Skrev 5 kort på 1 A4-side til {pdf}.\n"


def test_print_pdf_and_html(cli, tmp_path: Path) -> None:
    pdf = tmp_path / "kort.pdf"
    result = cli("cards", "print", "--out", str(pdf), "--per-page", "4", "--cover")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == f"Skrev 15 kort på 5 A4-sider til {pdf}.\n"
    assert pdf.read_bytes().startswith(b"%PDF")
    html = tmp_path / "kort.html"
    result = cli("cards", "print", "--all", "--out", str(html))
    assert result.stdout == f"Skrev 43 kort til {html}; skriv ut fra nettleseren på A4.\n"
    text = html.read_text(encoding="utf-8")
    assert "Recovery-hjørnet på ledermøtet" in text
    other = tmp_path / "kort.txt"
    cli("cards", "print", "--deck", "chime", "--format", "html", "--out", str(other))
    assert "<html" in other.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (["--out", "{tmp}/missing/kort.pdf"], "--out"),
        (["--out", "{tmp}"], "--out"),
        (["--out", "{tmp}/k.pdf", "--per-page", "5"], "--per-page"),
        (["--out", "{tmp}/k.pdf", "--format", "docx"], "--format"),
        (["--out", "{tmp}/k.pdf", "--deck", "nope"], "--deck"),
        (["--out", "{tmp}/k.pdf", "--deck", "chime", "--all"], "--all"),
        (["--out", "{tmp}/k.pdf", "--deck-file", "{tmp}/none.yaml"], "--deck-file"),
    ],
)
def test_print_refuses_bad_input_and_writes_nothing(cli, tmp_path: Path, args, field) -> None:
    out = tmp_path / "out"
    out.mkdir()
    result = cli("cards", "print", *[a.replace("{tmp}", str(out)) for a in args])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Feil: {field}: ")
    assert result.stderr.count("\n") == 1
    assert list(out.iterdir()) == []


def test_english(cli) -> None:
    result = cli("--lang", "en", "cards", "draw", "--date", "2026-11-20", "--group", "Leaders")
    assert result.stdout.startswith("Card for Leaders 2026-11-20 – Reflection cards (card 1 of 15")
    bad = cli("--lang", "en", "cards", "draw", "--deck", "nope")
    assert bad.stderr.startswith("Error: --deck: unknown deck 'nope'; known: refleksjon")
