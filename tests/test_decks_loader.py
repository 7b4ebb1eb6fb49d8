"""Loading deck files: errors name file, line and field; users' decks; ids unique across decks."""

from __future__ import annotations

from pathlib import Path

import pytest

from recoverykit.errors import InvalidInput
from recoverykit.loaders.decks import load_all_decks, load_deck_file, load_user_decks

GOOD = """\
format: recoverykit-decks/1
decks:
  - id: mine
    title: {nb: Mine kort, en: My cards}
    description: Egne spørsmål.
    cards:
      - id: mitt-1
        text: Hva er vi gode til?
        chime: hap
      - id: mitt-2
        text: Hvem har lyst?
"""


def _write(tmp_path: Path, text: str, name: str = "deck.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _error(path: Path) -> str:
    with pytest.raises(InvalidInput) as info:
        load_deck_file(path)
    return str(info.value)


def test_good_file(tmp_path: Path) -> None:
    (deck,) = load_deck_file(_write(tmp_path, GOOD))
    assert deck.title("en") == "My cards" and deck.title("nb") == "Mine kort"
    assert [c.id for c in deck.cards] == ["mitt-1", "mitt-2"]
    assert deck.origin.endswith("deck.yaml")


def test_single_deck_file(tmp_path: Path) -> None:
    text = "id: solo\ntitle: Solo\ndescription: En.\ncards:\n  - id: s-1\n    text: Hei?\n"
    (deck,) = load_deck_file(_write(tmp_path, text))
    assert deck.id == "solo" and deck.title("en") == "Solo"


@pytest.mark.parametrize(
    ("broken", "line", "field"),
    [
        (GOOD.replace("        text: Hvem har lyst?\n", ""), 10, "decks[0].cards[1]"),
        (GOOD.replace("chime: hap", "chime: glede"), 9, "decks[0].cards[0].chime"),
        (GOOD.replace("text: Hvem har lyst?", 'text: "  "'), 11, "decks[0].cards[1].text"),
        (GOOD.replace("id: mitt-2", "id: Mitt 2"), 10, "decks[0].cards[1].id"),
        (GOOD.replace("id: mitt-2", "id: mitt-1"), 10, "decks[0].cards[1].id"),
        (
            GOOD.replace("        chime: hap\n", "        chime: hap\n        colour: red\n"),
            10,
            "decks[0].cards[0].colour",
        ),
        (
            GOOD.replace("      - id: mitt-2\n", "        text: igjen\n      - id: mitt-2\n"),
            10,
            "decks[0].cards[0].text",
        ),
        (
            GOOD.replace("description: Egne spørsmål.", "description: [en, liste]"),
            5,
            "decks[0].description",
        ),
    ],
)
def test_errors_name_file_line_and_field(
    tmp_path: Path, broken: str, line: int, field: str
) -> None:
    message = _error(_write(tmp_path, broken))
    assert message.startswith(f"{tmp_path / 'deck.yaml'}:{line}: {field}"), message


def test_yaml_syntax_error_has_line(tmp_path: Path) -> None:
    message = _error(_write(tmp_path, GOOD.replace("text: Hvem har lyst?", "text: [Hvem")))
    assert "deck.yaml:" in message and "YAML" in message


def test_user_decks_dir_and_files(tmp_path: Path) -> None:
    decks_dir = tmp_path / "decks"
    decks_dir.mkdir()
    _write(decks_dir, GOOD, "a.yaml")
    extra = _write(tmp_path, GOOD.replace("mine", "andre").replace("mitt-", "annet-"), "x.yaml")
    decks = load_user_decks(decks_dir, [extra])
    assert [d.id for d in decks] == ["mine", "andre"]
    everything = load_all_decks(decks_dir=decks_dir, deck_files=[extra])
    assert {"refleksjon", "chime", "mine", "andre"} <= {d.id for d in everything}
    assert load_user_decks(tmp_path / "missing") == []
    with pytest.raises(InvalidInput, match="deck-file"):
        load_user_decks(None, [tmp_path / "nope.yaml"])


def test_ids_unique_across_decks(tmp_path: Path) -> None:
    clash = _write(tmp_path, GOOD.replace("mitt-2", "livskvalitet"), "clash.yaml")
    with pytest.raises(InvalidInput) as info:
        load_all_decks(deck_files=[clash])
    message = str(info.value)
    assert "livskvalitet" in message and "clash.yaml" in message
    assert "reflection_cards.yaml" in message
    same_deck = _write(tmp_path, GOOD.replace("id: mine", "id: chime"), "d.yaml")
    with pytest.raises(InvalidInput, match="chime"):
        load_all_decks(deck_files=[same_deck])
