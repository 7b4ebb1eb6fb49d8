"""Load the instrument registry from YAML: ``data/instruments/*.yaml`` (shipped) and
``<data folder>/instruments/*.yaml`` (the unit's own; a unit file with a shipped id replaces it).

The reading is the plan loader's (:mod:`recoverykit.loaders.plan_yaml`): scalars are read as text
from the node tree, so YAML's implicit typing never applies, and a broken file gives ONE
:class:`InstrumentFileError` naming every mistake with its line. Format: docs/instrument-format.md.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from recoverykit.domain.dates import parse_decimal
from recoverykit.domain.instruments import (
    RATERS,
    Figure,
    Instrument,
    Item,
    ResponseScale,
    Rule,
    ScaleKind,
    Subscale,
)
from recoverykit.domain.text import NAME_MAX, clean_text
from recoverykit.errors import InvalidInput
from recoverykit.i18n import Msg, t
from recoverykit.loaders.plan_yaml import PlanFileError, Problem
from recoverykit.loaders.plan_yaml import _Reader as Reader

if TYPE_CHECKING:
    from yaml.nodes import Node

FORMAT = "recoverykit-instrument/1"
TOP_KEYS = (
    "format",
    "id",
    "name",
    "version",
    "source",
    "citation",
    "licence",
    "wording_shown",
    "validated",
    "raters",
    "recorded_with",
    "scales",
    "items",
    "subscales",
    "unconfirmed",
)
SCALE_KEYS = ("id", "kind", "low", "high", "step", "not_applicable")
ITEM_KEYS = ("number", "label", "scale", "reversed", "gated", "wording")
SUB_KEYS = (
    "id",
    "name",
    "items",
    "rule",
    "factor",
    "only_important",
    "max_missing",
    "not_applicable",
    "range",
    "cutoff",
    "reliable_change",
)
FIGURE_KEYS = ("value", "source")
_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")
_TRUE = ("true", "yes", "ja")
_FALSE = ("false", "no", "nei")


class InstrumentFileError(PlanFileError):
    """Every problem in an instrument file, in line order; ``field`` is the file name."""


def _bool(field: str, text: str) -> bool:
    word = text.strip().casefold()
    if word in _TRUE:
        return True
    if word in _FALSE:
        return False
    raise InvalidInput(field, t("skal være true eller false", "must be true or false"))


def _ident(field: str, text: str) -> str:
    if not _ID.match(text):
        raise InvalidInput(
            field,
            t(
                "«{v}»: bruk små bokstaver, tall og bindestrek",
                "'{v}': use lower-case letters, digits and hyphens",
                v=text,
            ),
        )
    return text


def _int(field: str, text: str) -> int:
    value = parse_decimal(field, text)
    if not value.is_integer() or value < 0:
        raise InvalidInput(field, t("skal være et helt tall ≥ 0", "must be a whole number ≥ 0"))
    return int(value)


def _numbers(field: str, text: str) -> tuple[int, ...]:
    """``1-20``, ``1, 3, 5`` or a mix: item numbers."""
    out: list[int] = []
    for part in text.replace(" ", "").split(","):
        a, dash, b = part.partition("-")
        if dash:
            lo, hi = _int(field, a), _int(field, b)
            if hi < lo:
                raise InvalidInput(field, t("«{v}» går baklengs", "'{v}' runs backwards", v=part))
            out.extend(range(lo, hi + 1))
        else:
            out.append(_int(field, part))
    return tuple(out)


def _msg(r: Reader, node: Node | None, path: str, max_length: int = NAME_MAX) -> Msg | None:
    """``{nb: …, en: …}`` (en defaults to nb) or one text for both."""
    from yaml.nodes import MappingNode

    if node is None or r.is_null(node):
        return None
    if isinstance(node, MappingNode):
        m = r.mapping(node, path, ("nb", "en"), ("nb",)) or {}
        nb = r.parse(m.get("nb"), f"{path}.nb", clean_text, max_length=max_length)
        en = r.parse(m.get("en"), f"{path}.en", clean_text, max_length=max_length)
        return None if nb is None else Msg(nb, en or nb)
    text = r.parse(node, path, clean_text, max_length=max_length)
    return None if text is None else Msg(text, text)


def _scale(r: Reader, node: Node, path: str) -> ResponseScale | None:
    m = r.mapping(node, path, SCALE_KEYS, ("id", "kind"))
    if m is None:
        return None
    sid = r.parse(m.get("id"), f"{path}.id", _ident)
    kind_text = r.scalar(m.get("kind"), f"{path}.kind")
    kind = None
    if kind_text is not None:
        try:
            kind = ScaleKind(kind_text)
        except ValueError:
            allowed = ", ".join(k.value for k in ScaleKind)
            r.bad(m["kind"], f"{path}.kind", t("velg {a}", "choose {a}", a=allowed))
    low = r.parse(m.get("low"), f"{path}.low", parse_decimal)
    high = r.parse(m.get("high"), f"{path}.high", parse_decimal)
    step = r.parse(m.get("step"), f"{path}.step", parse_decimal)
    na = r.parse(m.get("not_applicable"), f"{path}.not_applicable", _bool) or False
    if kind is ScaleKind.RANGE:
        if low is None or high is None:
            r.bad(node, f"{path}.low/high", t("mangler for range", "missing for range"))
        elif high <= low:
            r.bad(m["high"], f"{path}.high", t("skal være over low", "must be above low"))
    if step is not None and step not in (1.0, 0.1):
        r.bad(m["step"], f"{path}.step", t("skal være 1 eller 0.1", "must be 1 or 0.1"))
    if sid is None or kind is None:
        return None
    if kind is ScaleKind.YES_NO:
        low, high = 0.0, 1.0
    return ResponseScale(sid, kind, low or 0.0, high or 0.0, step or 1.0, na)


def _item(r: Reader, node: Node, path: str, scales: dict[str, ResponseScale]) -> Item | None:
    m = r.mapping(node, path, ITEM_KEYS, ("number", "label", "scale"))
    if m is None:
        return None
    number = r.parse(m.get("number"), f"{path}.number", _int)
    label = _msg(r, m.get("label"), f"{path}.label")
    scale_id = r.scalar(m.get("scale"), f"{path}.scale")
    scale = scales.get(scale_id or "")
    if scale_id is not None and scale is None:
        known = ", ".join(scales) or "–"
        msg = t(
            "«{v}» er ikke en skala i filen; kjente er {k}",
            "'{v}' is not a scale in the file; known are {k}",
            v=scale_id,
            k=known,
        )
        r.bad(m["scale"], f"{path}.scale", msg)
    rev = r.parse(m.get("reversed"), f"{path}.reversed", _bool) or False
    gated = r.parse(m.get("gated"), f"{path}.gated", _bool) or False
    wording = _msg(r, m.get("wording"), f"{path}.wording", max_length=1000)
    if rev and scale is not None and scale.kind is not ScaleKind.RANGE:
        r.bad(
            m["reversed"],
            f"{path}.reversed",
            t("bare tallskalaer kan snus", "only number scales can be reversed"),
        )
    if number is None or label is None or scale is None:
        return None
    return Item(number, label, scale, rev, gated, wording)


def _figure(r: Reader, node: Node | None, path: str) -> Figure | None:
    if node is None or r.is_null(node):
        return None
    m = r.mapping(node, path, FIGURE_KEYS, ("value", "source"))
    if m is None:
        return None
    value = r.parse(m.get("value"), f"{path}.value", parse_decimal)
    source = r.parse(m.get("source"), f"{path}.source", clean_text, max_length=400)
    return None if value is None or source is None else Figure(value, source)


def _subscale(r: Reader, node: Node, path: str, items: dict[int, Item]) -> Subscale | None:
    m = r.mapping(node, path, SUB_KEYS, ("id", "name", "items", "rule"))
    if m is None:
        return None
    sid = r.parse(m.get("id"), f"{path}.id", _ident)
    name = _msg(r, m.get("name"), f"{path}.name")
    numbers = r.parse(m.get("items"), f"{path}.items", _numbers)
    unknown = [n for n in numbers or () if n not in items]
    if unknown:
        msg = t(
            "ledd {n} finnes ikke",
            "item {n} does not exist",
            n=", ".join(map(str, unknown)),
        )
        r.bad(m["items"], f"{path}.items", msg)
    for n in numbers or ():
        if n in items and items[n].scale.kind is ScaleKind.TEXT:
            msg = t(
                "ledd {n} er fritekst og kan ikke regnes med",
                "item {n} is free text and cannot be scored",
                n=n,
            )
            r.bad(m["items"], f"{path}.items", msg)
    rule_text = r.scalar(m.get("rule"), f"{path}.rule")
    rule = None
    if rule_text is not None:
        try:
            rule = Rule(rule_text)
        except ValueError:
            allowed = ", ".join(x.value for x in Rule)
            r.bad(m["rule"], f"{path}.rule", t("velg {a}", "choose {a}", a=allowed))
    factor = r.parse(m.get("factor"), f"{path}.factor", parse_decimal)
    if rule is Rule.MEAN_SCALED and factor is None:
        r.bad(node, f"{path}.factor", t("mangler for mean-scaled", "missing for mean-scaled"))
    only_important = r.parse(m.get("only_important"), f"{path}.only_important", _bool) or False
    if only_important and numbers and not all(items[n].gated for n in numbers if n in items):
        msg = t("alle ledd må ha gated: true", "every item needs gated: true")
        r.bad(m["only_important"], f"{path}.only_important", msg)
    max_missing = r.parse(m.get("max_missing"), f"{path}.max_missing", _int) or 0
    if numbers and max_missing >= len(numbers):
        msg = t(
            "må være mindre enn antall ledd ({n})",
            "must be less than the number of items ({n})",
            n=len(numbers),
        )
        r.bad(m["max_missing"], f"{path}.max_missing", msg)
    na_text = r.scalar(m.get("not_applicable"), f"{path}.not_applicable") or "excluded"
    if na_text not in ("excluded", "missing"):
        r.bad(
            m["not_applicable"],
            f"{path}.not_applicable",
            t("velg excluded eller missing", "choose excluded or missing"),
        )
    low, high = 0.0, 100.0
    rng = r.sequence(m.get("range"), f"{path}.range")
    if rng:
        parts = [r.parse(x, f"{path}.range", parse_decimal) for x in rng]
        if len(parts) != 2 or None in parts:
            r.bad(m["range"], f"{path}.range", t("skal være [lav, høy]", "must be [low, high]"))
        else:
            low, high = float(parts[0] or 0), float(parts[1] or 0)
    cutoff = _figure(r, m.get("cutoff"), f"{path}.cutoff")
    rc = _figure(r, m.get("reliable_change"), f"{path}.reliable_change")
    if sid is None or name is None or numbers is None or rule is None:
        return None
    return Subscale(
        sid,
        name,
        numbers,
        rule,
        factor or 1.0,
        only_important,
        max_missing,
        na_text == "missing",
        low,
        high,
        cutoff,
        rc,
    )


def compose(text: str, source: str) -> Node | None:
    """The YAML node tree, through the one safe YAML reader (size, depth and alias limits)."""
    from recoverykit.loaders.safe_yaml import compose as safe_compose

    root: Node | None = safe_compose(text, source)
    return root


def read_text(path: Path) -> str:
    """The file's text, through the one safe YAML reader (size, NUL and UTF-8 checks)."""
    from recoverykit.loaders.safe_yaml import read_yaml_text

    return read_yaml_text(path)


def parse_instrument(text: str, source: str, origin: str = "shipped") -> Instrument:
    """Parse one instrument file's text; ``source`` names the file in messages."""
    import yaml

    try:
        root = compose(text, source)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = int(mark.line) + 1 if mark is not None else 1
        what = getattr(error, "problem", None) or str(error)
        msg = t("ikke gyldig YAML ({w})", "not valid YAML ({w})", w=what)
        raise InstrumentFileError(source, [Problem(line, "yaml", msg)]) from None
    if root is None:
        raise InstrumentFileError(
            source, [Problem(1, "instrument", t("filen er tom", "the file is empty"))]
        )
    r = Reader()
    top = r.mapping(
        root,
        "",
        TOP_KEYS,
        ("format", "id", "name", "version", "source", "licence", "items", "subscales"),
    )
    if top is None:
        raise InstrumentFileError(source, r.problems)
    fmt = r.scalar(top.get("format"), "format")
    if fmt is not None and fmt != FORMAT:
        r.bad(top["format"], "format", t("skal være {f}", "must be {f}", f=FORMAT))
    iid = r.parse(top.get("id"), "id", _ident)
    name = _msg(r, top.get("name"), "name")
    version = r.parse(top.get("version"), "version", clean_text, max_length=20)
    src = r.parse(top.get("source"), "source", clean_text, max_length=1000)
    citation = r.parse(top.get("citation"), "citation", clean_text, max_length=1000)
    licence = r.parse(top.get("licence"), "licence", clean_text, max_length=1000)
    shown = r.parse(top.get("wording_shown"), "wording_shown", _bool) or False
    validated = r.parse(top.get("validated"), "validated", _bool)
    recorded_with = r.scalar(top.get("recorded_with"), "recorded_with")
    if recorded_with not in (None, "fit"):
        r.bad(
            top["recorded_with"], "recorded_with", t("bare «fit» er kjent", "only 'fit' is known")
        )
    raters: list[str] = []
    for i, n in enumerate(r.sequence(top.get("raters"), "raters"), 1):
        who = r.scalar(n, f"raters[{i}]")
        if who is not None and who not in RATERS:
            r.bad(n, f"raters[{i}]", t("velg {a}", "choose {a}", a=", ".join(RATERS)))
        elif who is not None:
            raters.append(who)
    scales: dict[str, ResponseScale] = {}
    for i, n in enumerate(r.sequence(top.get("scales"), "scales"), 1):
        s = _scale(r, n, f"scales[{i}]")
        if s is not None and s.id in scales:
            r.bad(n, f"scales[{i}].id", t("«{v}» står to ganger", "'{v}' appears twice", v=s.id))
        elif s is not None:
            scales[s.id] = s
    items: dict[int, Item] = {}
    for i, n in enumerate(r.sequence(top.get("items"), "items"), 1):
        it = _item(r, n, f"items[{i}]", scales)
        if it is not None and it.number in items:
            r.bad(
                n,
                f"items[{i}].number",
                t("ledd {v} står to ganger", "item {v} appears twice", v=it.number),
            )
        elif it is not None:
            items[it.number] = it
    if items and sorted(items) != list(range(1, len(items) + 1)):
        r.bad(
            top["items"],
            "items",
            t(
                "leddene skal nummereres 1, 2, 3 … uten hull",
                "items must be numbered 1, 2, 3 … without gaps",
            ),
        )
    if shown is False and any(it.wording for it in items.values()):
        r.bad(
            top.get("wording_shown", root),
            "wording_shown",
            t(
                "ordlyd er gitt, men wording_shown er false",
                "wording is given but wording_shown is false",
            ),
        )
    subscales: list[Subscale] = []
    for i, n in enumerate(r.sequence(top.get("subscales"), "subscales"), 1):
        sub = _subscale(r, n, f"subscales[{i}]", items)
        if sub is not None and any(x.id == sub.id for x in subscales):
            r.bad(
                n, f"subscales[{i}].id", t("«{v}» står to ganger", "'{v}' appears twice", v=sub.id)
            )
        elif sub is not None:
            subscales.append(sub)
    unconfirmed = tuple(
        x
        for i, n in enumerate(r.sequence(top.get("unconfirmed"), "unconfirmed"), 1)
        if (x := r.parse(n, f"unconfirmed[{i}]", clean_text, max_length=1000)) is not None
    )
    if r.problems or None in (iid, name, version, src, licence):
        raise InstrumentFileError(source, r.problems)
    assert iid and name and version and src and licence
    return Instrument(
        id=iid,
        name=name,
        version=version,
        source=src,
        citation=citation or src,
        licence=licence,
        wording_shown=shown,
        validated=bool(validated),
        raters=tuple(raters) or ("client",),
        items=tuple(items[k] for k in sorted(items)),
        subscales=tuple(subscales),
        recorded_with=recorded_with,
        unconfirmed=unconfirmed,
        origin=origin,
    )


from recoverykit.loaders.instrument_registry import (  # noqa: E402 - the parser's users
    load_instrument_file,
    load_one,
    load_registry,
    shipped_dir,
    unit_dir,
)

__all__ = [
    "InstrumentFileError",
    "load_instrument_file",
    "load_one",
    "load_registry",
    "parse_instrument",
    "shipped_dir",
    "unit_dir",
]
