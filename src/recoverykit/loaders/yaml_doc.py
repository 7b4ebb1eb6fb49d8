"""A YAML data file read with the line of every field, for messages that point into the file
(``decks.yaml:12: decks[0].cards[3].text: kan ikke være tom``), and the checks the shipped data
loaders share (decks, the values list). Imports nothing of the domain, so a loader that finds
its result in the cache (loaders/cache.py) costs no more than that."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from recoverykit.domain.text import TEXT_MAX, clean_text
from recoverykit.errors import InvalidInput
from recoverykit.i18n import Msg, t

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
