"""Load reflection-card decks from YAML: the shipped ``data/reflection_cards.yaml``, the user's
``<data dir>/decks/*.yaml`` and explicit ``--deck-file`` paths.

A bad file gives :class:`InvalidInput` naming the file, the line and the field
(``decks.yaml:12: decks[0].cards[3].text: kan ikke være tom``). Line numbers come from the YAML
node tree (``yaml.compose``). The format is documented at the top of reflection_cards.yaml.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from recoverykit.domain.cards import CHIME, Card, Deck, check_unique_ids
from recoverykit.domain.text import NAME_MAX
from recoverykit.errors import InvalidInput
from recoverykit.i18n import t
from recoverykit.loaders.yaml_doc import (  # the shared YAML reading, also re-exported here
    ID_RE,
    Doc,
    check_keys,
    data_dir,
    field_name,
    get_id,
    get_list,
    get_mapping,
    get_text,
    read_yaml,
)

DECKS_FILE = "reflection_cards.yaml"
DECKS_FORMAT = "recoverykit-decks/1"

__all__ = [
    "DECKS_FILE",
    "ID_RE",
    "Doc",
    "check_keys",
    "data_dir",
    "field_name",
    "get_id",
    "get_list",
    "get_mapping",
    "get_text",
    "read_yaml",
]


# --- decks -------------------------------------------------------------------------------------

_DECK_KEYS = {"id", "title", "description", "source", "cards"}
_CARD_KEYS = {"id", "text", "heading", "chime", "source"}


def _card(doc: Doc, raw: Any, where: tuple[Any, ...]) -> Card:
    mapping = get_mapping(doc, raw, where)
    check_keys(doc, mapping, where, _CARD_KEYS)
    chime = mapping.get("chime")
    if chime is not None and chime not in CHIME:
        raise doc.error(
            (*where, "chime"),
            t("chime skal være en av: {c}", "chime must be one of: {c}", c=", ".join(CHIME)),
        )
    return Card(
        id=get_id(doc, mapping, where),
        text=get_text(doc, mapping, where, "text") or "",
        chime=chime,
        source=get_text(doc, mapping, where, "source", required=False),
        heading=get_text(doc, mapping, where, "heading", required=False, max_length=NAME_MAX),
    )


def _deck(doc: Doc, raw: Any, where: tuple[Any, ...]) -> Deck:
    mapping = get_mapping(doc, raw, where)
    check_keys(doc, mapping, where, _DECK_KEYS)
    title = mapping.get("title")
    if isinstance(title, dict):
        check_keys(doc, title, (*where, "title"), {"nb", "en"})
        title_nb = get_text(doc, title, (*where, "title"), "nb", max_length=NAME_MAX) or ""
        title_en = get_text(
            doc, title, (*where, "title"), "en", required=False, max_length=NAME_MAX
        )
    else:
        title_nb = get_text(doc, mapping, where, "title", max_length=NAME_MAX) or ""
        title_en = None
    cards_raw = get_list(doc, mapping.get("cards"), (*where, "cards"))
    cards = tuple(_card(doc, c, (*where, "cards", i)) for i, c in enumerate(cards_raw))
    return Deck(
        id=get_id(doc, mapping, where),
        title_nb=title_nb,
        title_en=title_en,
        description=get_text(doc, mapping, where, "description") or "",
        source=get_text(doc, mapping, where, "source", required=False),
        cards=cards,
        origin=str(doc.path),
    )


def _deck_items(doc: Doc) -> Iterator[tuple[Any, tuple[Any, ...]]]:
    top = get_mapping(doc, doc.data, ())
    if "cards" in top:  # a file with a single deck
        yield top, ()
        return
    check_keys(doc, top, (), {"format", "decks"})
    fmt = top.get("format", DECKS_FORMAT)
    if fmt != DECKS_FORMAT:
        raise doc.error(
            ("format",),
            t(
                "ukjent format {f!r}; forventet {e!r}",
                "unknown format {f!r}; expected {e!r}",
                f=fmt,
                e=DECKS_FORMAT,
            ),
        )
    for i, raw in enumerate(get_list(doc, top.get("decks"), ("decks",))):
        yield raw, ("decks", i)


def load_deck_file(path: Path) -> list[Deck]:
    """All decks in one file, validated; ids unique within the file."""
    doc = read_yaml(Path(path))
    decks = [_deck(doc, raw, where) for raw, where in _deck_items(doc)]
    _unique_in_file(doc, decks)
    return decks


def _unique_in_file(doc: Doc, decks: list[Deck]) -> None:
    seen: set[str] = set()
    for deck, (_, where) in zip(decks, _deck_items(doc), strict=True):
        places = [(deck.id, (*where, "id"))]
        places += [(c.id, (*where, "cards", i, "id")) for i, c in enumerate(deck.cards)]
        for ident, at in places:
            if ident in seen:
                raise doc.error(
                    at,
                    t(
                        "id «{id}» er brukt før i filen",
                        "id '{id}' is used earlier in the file",
                        id=ident,
                    ),
                )
            seen.add(ident)


def load_builtin_decks(data: Path | None = None) -> list[Deck]:
    """The decks shipped with recoverykit (``data/reflection_cards.yaml``), from the cache when
    the file has not changed (loaders/cache.py)."""
    from recoverykit.loaders.cache import cached

    return cached(data_dir(data) / DECKS_FILE, "decks", load_deck_file)


def load_user_decks(decks_dir: Path | None = None, deck_files: Sequence[Path] = ()) -> list[Deck]:
    """Users' own decks: each *.yaml/*.yml in ``decks_dir`` (sorted), then ``deck_files``."""
    paths: list[Path] = []
    if decks_dir is not None and decks_dir.is_dir():
        paths += sorted(
            p for p in decks_dir.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file()
        )
    for p in deck_files:
        if not Path(p).is_file():
            raise InvalidInput(
                "--deck-file", t("finner ikke filen {p}", "file not found: {p}", p=p)
            )
        paths.append(Path(p))
    decks: list[Deck] = []
    for p in paths:
        decks += load_deck_file(p)
    return decks


def load_all_decks(
    *, data: Path | None = None, decks_dir: Path | None = None, deck_files: Sequence[Path] = ()
) -> list[Deck]:
    """Shipped decks plus the user's; deck and card ids must be unique across all of them."""
    decks = load_builtin_decks(data) + load_user_decks(decks_dir, deck_files)
    check_unique_ids(decks)
    return decks
