"""Load reflection-card decks from YAML: the shipped ``data/reflection_cards.yaml``, the user's
``<data dir>/decks/*.yaml`` and explicit ``--deck-file`` paths.

A bad file gives :class:`InvalidInput` naming the file, the line and the field
(``decks.yaml:12: decks[0].cards[3].text: kan ikke være tom``). Line numbers come from the YAML
node tree (``yaml.compose``). The format is documented at the top of reflection_cards.yaml.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from recoverykit.domain.cards import CHIME, Card, Deck, check_unique_ids
from recoverykit.domain.text import NAME_MAX, TEXT_MAX, clean_text
from recoverykit.errors import InvalidInput
from recoverykit.i18n import Msg, t

DECKS_FILE = "reflection_cards.yaml"
DECKS_FORMAT = "recoverykit-decks/1"
ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")


def data_dir(explicit: Path | None = None) -> Path:
    """The ``data`` folder: ``explicit`` if given, else the installed or checked-out one."""
    if explicit is not None:
        return explicit
    from recoverykit.resources import resource_path

    return resource_path("data")


class Doc:
    """A parsed YAML document with the line of every field, for messages that point at the file."""

    def __init__(self, path: Path, data: Any, lines: dict[tuple[Any, ...], int]) -> None:
        self.path, self.data, self.lines = path, data, lines

    def line(self, where: tuple[Any, ...]) -> int:
        while where and where not in self.lines:
            where = where[:-1]
        return self.lines.get(where, 1)

    def error(self, where: tuple[Any, ...], message: Msg | str) -> InvalidInput:
        return InvalidInput(f"{self.path}:{self.line(where)}: {field_name(where)}", message)


def field_name(where: tuple[Any, ...]) -> str:
    out = ""
    for part in where:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(dokument)"


def read_yaml(path: Path) -> Doc:
    """Parse ``path`` with yaml.SafeLoader, keeping line numbers; refuse duplicate keys."""
    import yaml

    from recoverykit.loaders.safe_yaml import compose, read_yaml_text

    text = read_yaml_text(path)
    loader = yaml.SafeLoader("")
    try:
        node = compose(text, str(path))
        data = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = mark.line + 1 if mark is not None else 1
        problem = getattr(exc, "problem", None) or str(exc)
        raise InvalidInput(
            f"{path}:{line}", t("ugyldig YAML: {p}", "invalid YAML: {p}", p=problem)
        ) from exc
    finally:
        loader.dispose()
    lines: dict[tuple[Any, ...], int] = {}
    if node is not None:
        _walk(path, node, (), lines)
    return Doc(path, data, lines)


def _walk(path: Path, node: Any, where: tuple[Any, ...], lines: dict[tuple[Any, ...], int]) -> None:
    import yaml

    lines[where] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        keys: set[str] = set()
        for key_node, value_node in node.value:
            key = str(key_node.value)
            if key in keys:
                raise InvalidInput(
                    f"{path}:{key_node.start_mark.line + 1}: {field_name((*where, key))}",
                    t("feltet står to ganger", "the field appears twice"),
                )
            keys.add(key)
            _walk(path, value_node, (*where, key), lines)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _walk(path, item, (*where, i), lines)


# --- small validators that point at the file -------------------------------------------------


def get_mapping(doc: Doc, value: Any, where: tuple[Any, ...]) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise doc.error(where, t("skal være en tabell (nøkkel: verdi)", "must be a mapping"))
    return value


def check_keys(doc: Doc, value: dict[str, Any], where: tuple[Any, ...], allowed: set[str]) -> None:
    for key in value:
        if key not in allowed:
            raise doc.error(
                (*where, key),
                t(
                    "ukjent felt; tillatt: {allowed}",
                    "unknown field; allowed: {allowed}",
                    allowed=", ".join(sorted(allowed)),
                ),
            )


def get_text(
    doc: Doc,
    mapping: dict[str, Any],
    where: tuple[Any, ...],
    key: str,
    *,
    required: bool = True,
    max_length: int = TEXT_MAX,
) -> str | None:
    here = (*where, key)
    if key not in mapping or mapping[key] is None:
        if required:
            raise doc.error(
                here if key in mapping else where,
                t("mangler feltet «{k}»", "missing field '{k}'", k=key),
            )
        return None
    value = mapping[key]
    if not isinstance(value, str):
        raise doc.error(here, t("skal være tekst", "must be text"))
    try:
        return clean_text(key, value, max_length=max_length)
    except InvalidInput as exc:
        raise doc.error(here, exc.message) from exc


def get_id(doc: Doc, mapping: dict[str, Any], where: tuple[Any, ...]) -> str:
    value = mapping.get("id")
    if value is None:
        raise doc.error(where, t("mangler feltet «id»", "missing field 'id'"))
    if not isinstance(value, str) or not ID_RE.match(value):
        raise doc.error(
            (*where, "id"),
            t(
                "id skal være små bokstaver a–z, tall og bindestrek (høyst 40 tegn), ikke {v!r}",
                "an id must be lower-case a–z, digits and hyphens (at most 40), not {v!r}",
                v=value,
            ),
        )
    return value


def get_list(doc: Doc, value: Any, where: tuple[Any, ...]) -> list[Any]:
    if not isinstance(value, list) or not value:
        raise doc.error(
            where, t("skal være en liste med minst ett element", "must be a non-empty list")
        )
    return value


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
