"""Load a whole implementation plan from YAML into a plain :class:`PlanDocument`.

Nothing is written anywhere: the caller imports the document in one transaction. A broken file
gives ONE :class:`PlanFileError` (an ``InvalidInput``) that names every bad field with its line,
e.g. ``plan.yaml: linje 14: measures[2].due: 31.02.2026 finnes ikke i kalenderen; linje 20: …``.
List positions are counted from 1. Scalars are read as text from the YAML node tree
(``yaml.compose``), so YAML's implicit typing (``no`` → False, ``1.10`` → 1.1, dates) never
applies: every value goes through the same parsers as the command line. Format: docs/plan-format.md.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from recoverykit.domain.dates import parse_date
from recoverykit.domain.periods import parse_period
from recoverykit.domain.plans import (
    MeasureNumber,
    MeasureStatus,
    numbering_problems,
    parse_measure_number,
    parse_status,
)
from recoverykit.domain.text import NAME_MAX, clean_text, match_key
from recoverykit.errors import InvalidInput
from recoverykit.i18n import Msg, t

if TYPE_CHECKING:
    from yaml.nodes import Node

TITLE_MAX = 200
DESCRIPTION_MAX = 4000
TOP_KEYS = (
    "title", "unit", "adopted_by", "adopted_on", "period", "description", "focus_areas", "measures"
)  # fmt: skip
FOCUS_KEYS = ("id", "name", "description")
MEASURE_KEYS = ("number", "text", "responsible", "due", "status", "focus", "note")
PERIOD_KEYS = ("from", "to")
_FOCUS_ID = re.compile(r"^[a-z0-9æøå][a-z0-9æøå_-]{0,31}$")
_NULL = "tag:yaml.org,2002:null"
T = TypeVar("T")


@dataclass(frozen=True)
class FocusAreaEntry:
    id: str
    name: str
    description: str | None = None
    line: int = 0


@dataclass(frozen=True)
class MeasureEntry:
    number: MeasureNumber
    text: str
    responsible: tuple[str, ...] = ()
    due: date | None = None
    status: MeasureStatus = MeasureStatus.PLANNED
    focus: str | None = None  # a FocusAreaEntry.id
    note: str | None = None
    line: int = 0


@dataclass(frozen=True)
class PlanDocument:
    title: str
    unit: str
    measures: tuple[MeasureEntry, ...]
    adopted_by: str | None = None
    adopted_on: date | None = None
    period_start: date | None = None
    period_end: date | None = None  # None: open-ended
    period_code: str | None = None  # "2015H2" when the period was given as a half-year
    description: str | None = None
    focus_areas: tuple[FocusAreaEntry, ...] = ()
    source: str = ""


@dataclass(frozen=True)
class Problem:
    line: int
    path: str
    message: Msg


SHOWN_PROBLEMS = 20  # every mistake of an ordinary file; a hostile one stays one readable line


def _short(text: str, limit: int = 200) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


class PlanFileError(InvalidInput):
    """Every problem in a plan file, in line order; ``field`` is the file name."""

    def __init__(self, source: str, problems: list[Problem]) -> None:
        self.problems = tuple(sorted(problems, key=lambda p: p.line))
        shown, more = self.problems[:SHOWN_PROBLEMS], len(self.problems) - SHOWN_PROBLEMS
        nb = "; ".join(f"linje {p.line}: {p.path}: {_short(p.message.nb)}" for p in shown)
        en = "; ".join(f"line {p.line}: {p.path}: {_short(p.message.en)}" for p in shown)
        if more > 0:  # one readable line, not megabytes of it
            nb += f"; … og {more} feil til"
            en += f"; … and {more} more problems"
        super().__init__(source, Msg(nb, en))


def _line(node: Node) -> int:
    return int(node.start_mark.line) + 1


@dataclass
class _Reader:
    problems: list[Problem] = field(default_factory=list)

    def bad(self, node: Node, path: str, message: Msg) -> None:
        self.problems.append(Problem(_line(node), path, message))

    def mapping(
        self, node: Node, path: str, allowed: tuple[str, ...], required: tuple[str, ...]
    ) -> dict[str, Node] | None:
        from yaml.nodes import MappingNode, ScalarNode

        if not isinstance(node, MappingNode):
            msg = t("skal være en tabell med nøkler", "must be a mapping of keys")
            self.bad(node, path or "plan", msg)
            return None
        out: dict[str, Node] = {}
        for key_node, value_node in node.value:
            key = str(key_node.value) if isinstance(key_node, ScalarNode) else "?"
            where = f"{path}.{key}" if path else key
            if key not in allowed:
                keys = ", ".join(allowed)
                msg = t("ukjent nøkkel; tillatt er {k}", "unknown key; allowed are {k}", k=keys)
                self.bad(key_node, where, msg)
            elif key in out:
                self.bad(key_node, where, t("står to ganger", "appears twice"))
            else:
                out[key] = value_node
        for key in required:
            if key not in out or self.is_null(out[key]):
                where = f"{path}.{key}" if path else key
                self.bad(out.get(key, node), where, t("mangler", "is missing"))
                out.pop(key, None)
        return out

    def sequence(self, node: Node | None, path: str) -> list[Node]:
        from yaml.nodes import SequenceNode

        if node is None or self.is_null(node):
            return []
        if not isinstance(node, SequenceNode):
            self.bad(node, path, t("skal være en liste", "must be a list"))
            return []
        return list(node.value)

    @staticmethod
    def is_null(node: Node) -> bool:
        return node.tag == _NULL

    def scalar(self, node: Node | None, path: str) -> str | None:
        from yaml.nodes import ScalarNode

        if node is None or self.is_null(node):
            return None
        if not isinstance(node, ScalarNode):
            self.bad(node, path, t("skal være en enkelt verdi", "must be a single value"))
            return None
        return str(node.value)

    def parse(self, node: Node | None, path: str, parser: Callable[..., T], **kw: Any) -> T | None:
        """Run ``parser(path, text, ...)`` on a scalar; a refusal becomes a problem, None."""
        text = self.scalar(node, path)
        if text is None or node is None:
            return None
        try:
            return parser(path, text, **kw)
        except InvalidInput as error:
            self.bad(node, path, error.message)
            return None


def _focus_area(r: _Reader, node: Node, path: str) -> FocusAreaEntry | None:
    m = r.mapping(node, path, FOCUS_KEYS, ("id", "name"))
    if m is None:
        return None
    focus_id = r.scalar(m.get("id"), f"{path}.id")
    if focus_id is not None and not _FOCUS_ID.match(focus_id):
        nb = "«{v}»: bruk små bokstaver, tall og bindestrek (f.eks. delekultur)"
        en = "'{v}': use lower-case letters, digits and hyphens (e.g. sharing-culture)"
        r.bad(m["id"], f"{path}.id", t(nb, en, v=focus_id))
        focus_id = None
    name = r.parse(m.get("name"), f"{path}.name", clean_text, max_length=NAME_MAX)
    desc = r.parse(m.get("description"), f"{path}.description", clean_text)
    if focus_id is None or name is None:
        return None
    return FocusAreaEntry(focus_id, name, desc, _line(node))


def _responsible(r: _Reader, node: Node | None, path: str) -> tuple[str, ...]:
    """A list of roles, or one string with roles separated by commas."""
    from yaml.nodes import SequenceNode

    if node is None or r.is_null(node):
        return ()
    if isinstance(node, SequenceNode):
        items = [(n, f"{path}[{i}]") for i, n in enumerate(node.value, 1)]
        texts = [(n, where, r.scalar(n, where)) for n, where in items]
    else:
        text = r.scalar(node, path)
        texts = [(node, path, part) for part in text.split(",")] if text is not None else []
    out = []
    for item_node, where, text in texts:
        try:
            out.append(clean_text(where, text, max_length=NAME_MAX))
        except InvalidInput as error:
            r.bad(item_node, where, error.message)
    return tuple(out)


def _measure(r: _Reader, node: Node, path: str, known: dict[str, str]) -> MeasureEntry | None:
    m = r.mapping(node, path, MEASURE_KEYS, ("number", "text"))
    if m is None:
        return None
    number = r.parse(m.get("number"), f"{path}.number", parse_measure_number)
    text = r.parse(m.get("text"), f"{path}.text", clean_text)
    responsible = _responsible(r, m.get("responsible"), f"{path}.responsible")
    due = r.parse(m.get("due"), f"{path}.due", parse_date)
    status = r.parse(m.get("status"), f"{path}.status", parse_status)
    focus = r.scalar(m.get("focus"), f"{path}.focus")
    if focus is not None and match_key(focus) not in known:
        msg = t(
            "«{v}» er ikke et fokusområde i planen; kjente er {k}",
            "'{v}' is not a focus area of the plan; known are {k}",
            v=focus,
            k=", ".join(known.values()) or "–",
        )
        r.bad(m["focus"], f"{path}.focus", msg)
    focus = known.get(match_key(focus)) if focus is not None else None
    note = r.parse(m.get("note"), f"{path}.note", clean_text)
    if number is None or text is None:
        return None
    status = status or MeasureStatus.PLANNED
    return MeasureEntry(number, text, responsible, due, status, focus, note, _line(node))


def _period(r: _Reader, node: Node | None) -> tuple[date | None, date | None, str | None]:
    from yaml.nodes import MappingNode

    if node is None or r.is_null(node):
        return None, None, None
    if not isinstance(node, MappingNode):
        period = r.parse(node, "period", parse_period)
        return (period.start, period.end, period.code) if period else (None, None, None)
    m = r.mapping(node, "period", PERIOD_KEYS, ("from",)) or {}
    start = r.parse(m.get("from"), "period.from", parse_date)
    end = r.parse(m.get("to"), "period.to", parse_date)
    if start and end and end < start:
        r.bad(m["to"], "period.to", t("er før period.from", "is before period.from"))
    return start, end, None


def parse_plan(text: str, source: str = "plan.yaml") -> PlanDocument:
    """Parse YAML ``text``; ``source`` names the file in messages."""
    import yaml

    from recoverykit.loaders.safe_yaml import compose

    try:
        root = compose(text, source)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = int(mark.line) + 1 if mark is not None else 1
        what = getattr(error, "problem", None) or str(error)
        msg = t("ikke gyldig YAML ({w})", "not valid YAML ({w})", w=what)
        raise PlanFileError(source, [Problem(line, "yaml", msg)]) from None
    if root is None:
        raise PlanFileError(source, [Problem(1, "plan", t("filen er tom", "the file is empty"))])
    r = _Reader()
    top = r.mapping(root, "", TOP_KEYS, ("title", "unit", "measures"))
    if top is None:
        raise PlanFileError(source, r.problems)
    title = r.parse(top.get("title"), "title", clean_text, max_length=TITLE_MAX)
    unit = r.parse(top.get("unit"), "unit", clean_text, max_length=NAME_MAX)
    adopted_by = r.parse(top.get("adopted_by"), "adopted_by", clean_text, max_length=NAME_MAX)
    adopted_on = r.parse(top.get("adopted_on"), "adopted_on", parse_date)
    start, end, code = _period(r, top.get("period"))
    desc = r.parse(top.get("description"), "description", clean_text, max_length=DESCRIPTION_MAX)

    focus_areas: list[FocusAreaEntry] = []
    for i, n in enumerate(r.sequence(top.get("focus_areas"), "focus_areas"), 1):
        area = _focus_area(r, n, f"focus_areas[{i}]")
        if area and any(a.id == area.id for a in focus_areas):
            twice = t("«{v}» står to ganger", "'{v}' appears twice", v=area.id)
            r.bad(n, f"focus_areas[{i}].id", twice)
        elif area:
            focus_areas.append(area)
    known = {match_key(a.id): a.id for a in focus_areas}

    measures: list[MeasureEntry] = []
    positions: list[int] = []
    before = len(r.problems)
    nodes = r.sequence(top.get("measures"), "measures")
    if "measures" in top and not nodes and len(r.problems) == before:
        r.bad(top["measures"], "measures", t("planen har ingen tiltak", "the plan has no measures"))
    for i, n in enumerate(nodes, 1):
        entry = _measure(r, n, f"measures[{i}]", known)
        if entry:
            measures.append(entry)
            positions.append(i)
    for index, message in numbering_problems([m.number for m in measures]):
        where = f"measures[{positions[index]}].number"
        r.problems.append(Problem(measures[index].line, where, message))

    if r.problems or title is None or unit is None:
        raise PlanFileError(source, r.problems)
    return PlanDocument(
        title=title,
        unit=unit,
        measures=tuple(sorted(measures, key=lambda m: m.number)),
        adopted_by=adopted_by,
        adopted_on=adopted_on,
        period_start=start,
        period_end=end,
        period_code=code,
        description=desc,
        focus_areas=tuple(focus_areas),
        source=source,
    )


def load_plan(path: str | Path) -> PlanDocument:
    """Read and parse a plan file (UTF-8, a BOM is allowed)."""
    from recoverykit.loaders.safe_yaml import read_yaml_text

    source = str(path)
    return parse_plan(read_yaml_text(path, field=source), source)
