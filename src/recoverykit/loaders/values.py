"""Load the values list for the values exercise (``data/values_no.yaml``; format at its top)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from recoverykit.domain.text import NAME_MAX, norwegian_sort_key
from recoverykit.domain.values import CHOOSE, KEEP, Value, ValuesList, skeleton
from recoverykit.i18n import t
from recoverykit.loaders.yaml_doc import (
    Doc,
    check_keys,
    data_dir,
    get_id,
    get_list,
    get_mapping,
    get_text,
    read_yaml,
)

VALUES_FILE = "values_no.yaml"
VALUES_FORMAT = "recoverykit-values/1"
_TOP_KEYS = {"format", "language", "source", "exercise", "reflection", "values"}
_EXERCISE_KEYS = {"choose", "keep", "intro", "choose_text", "keep_text", "own_values_allowed"}


def load_values(path: Path | None = None, *, data: Path | None = None) -> ValuesList:
    """Read and validate the values list (unique ids and names, Norwegian order); the shipped
    list comes from the cache when the file has not changed (loaders/cache.py)."""
    if path is None:
        from recoverykit.loaders.cache import cached

        return cached(data_dir(data) / VALUES_FILE, "values", _load_values)
    return _load_values(path)


def _load_values(path: Path) -> ValuesList:
    doc = read_yaml(path)
    top = get_mapping(doc, doc.data, ())
    check_keys(doc, top, (), _TOP_KEYS)
    if top.get("format") != VALUES_FORMAT:
        raise doc.error(("format",), t("skal være {e!r}", "must be {e!r}", e=VALUES_FORMAT))
    exercise = get_mapping(doc, top.get("exercise", {}), ("exercise",))
    check_keys(doc, exercise, ("exercise",), _EXERCISE_KEYS)
    choose = _count(doc, exercise, "choose", CHOOSE)
    keep = _count(doc, exercise, "keep", KEEP)
    if keep >= choose:
        raise doc.error(
            ("exercise", "keep"), t("må være mindre enn choose", "must be below choose")
        )
    values = _values(doc, get_list(doc, top.get("values"), ("values",)))
    reflection: list[str] = []
    for i, raw in enumerate(top.get("reflection") or []):
        item = get_mapping(doc, raw, ("reflection", i))
        get_id(doc, item, ("reflection", i))
        reflection.append(get_text(doc, item, ("reflection", i), "text") or "")
    source = get_mapping(doc, top.get("source", {}), ("source",))
    source_text = ", ".join(str(source[k]) for k in ("publisher", "title", "year") if k in source)
    return ValuesList(
        values=values,
        choose=choose,
        keep=keep,
        own_values_allowed=bool(exercise.get("own_values_allowed", True)),
        intro=get_text(doc, exercise, ("exercise",), "intro", required=False) or "",
        choose_text=get_text(doc, exercise, ("exercise",), "choose_text", required=False) or "",
        keep_text=get_text(doc, exercise, ("exercise",), "keep_text", required=False) or "",
        reflection=tuple(reflection),
        source=source_text,
    )


def _count(doc: Doc, exercise: dict[str, Any], key: str, default: int) -> int:
    value = exercise.get(key, default)
    if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 50:
        raise doc.error(
            ("exercise", key), t("skal være et heltall 1–50", "must be a whole number 1–50")
        )
    return value


def _values(doc: Doc, raw: list[Any]) -> tuple[Value, ...]:
    out: list[Value] = []
    ids: set[str] = set()
    skeletons: dict[str, str] = {}
    previous = ""
    for i, item_raw in enumerate(raw):
        where = ("values", i)
        item = get_mapping(doc, item_raw, where)
        check_keys(doc, item, where, {"id", "name", "en"})
        value_id = get_id(doc, item, where)
        name = get_text(doc, item, where, "name", max_length=NAME_MAX) or ""
        if value_id in ids:
            raise doc.error(
                (*where, "id"), t("id «{id}» finnes fra før", "duplicate id '{id}'", id=value_id)
            )
        key = skeleton(name)
        if key in skeletons:
            raise doc.error(
                (*where, "name"),
                t(
                    "«{n}» er for likt «{o}»",
                    "'{n}' is too close to '{o}'",
                    n=name,
                    o=skeletons[key],
                ),
            )
        if previous and norwegian_sort_key(name) < norwegian_sort_key(previous):
            raise doc.error(
                (*where, "name"),
                t(
                    "listen skal være i norsk alfabetisk rekkefølge: «{n}» står etter «{p}»",
                    "the list must be in Norwegian order: '{n}' comes after '{p}'",
                    n=name,
                    p=previous,
                ),
            )
        ids.add(value_id)
        skeletons[key] = name
        previous = name
        out.append(Value(value_id, name, get_text(doc, item, where, "en", required=False)))
    return tuple(out)
