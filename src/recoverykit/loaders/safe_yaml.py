"""The one safe YAML reader: every YAML file recoverykit reads (plans, decks, values, and any
later format) comes through here, with limits, so a hostile file is refused in well under a second.

Limits (each refusal is one line naming the file):
- size: ``MAX_BYTES`` (1 MiB; recoverykit's files are a few kilobytes);
- no NUL bytes and valid UTF-8 (a BOM is allowed);
- nesting depth: ``MAX_DEPTH`` levels, checked on the parser's events before any tree is built
  (the composer is recursive; 100,000 levels would exhaust Python's stack);
- items: the document's size with every alias expanded (``MAX_NODES``), counted over the
  whole document on the parser's events, so a "billion laughs" is refused even where nothing
  uses it, before any tree is built.

Only the node tree (``yaml.compose``) or plain data from ``yaml.SafeLoader`` is returned: no tags
that build Python objects.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from recoverykit.errors import InvalidInput
from recoverykit.i18n import t

MAX_BYTES = 1024 * 1024
MAX_DEPTH = 64
MAX_NODES = 100_000


def read_yaml_text(path: Path | str, *, field: str | None = None) -> str:
    """The file's text, refused with one line if it is too large, binary or not UTF-8."""
    name = field or str(path)
    p = Path(path)
    try:
        size = p.stat().st_size
        if size > MAX_BYTES:
            raise InvalidInput(name, too_large(size))
        with p.open("rb") as fh:
            data = fh.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise InvalidInput(name, t("filen finnes ikke", "the file does not exist")) from None
    except IsADirectoryError:
        raise InvalidInput(name, t("er en mappe", "is a folder")) from None
    except OSError as error:
        msg = t("kan ikke lese filen ({e})", "cannot read the file ({e})", e=error.strerror)
        raise InvalidInput(name, msg) from None
    if len(data) > MAX_BYTES:  # grew while we looked, or a special file
        raise InvalidInput(name, too_large(len(data)))
    return decode(data, name)


def too_large(size: int) -> Any:
    return t(
        "filen er {n} byte; høyst {m} byte er tillatt for en YAML-fil",
        "the file is {n} bytes; at most {m} bytes are allowed for a YAML file",
        n=size,
        m=MAX_BYTES,
    )


def decode(data: bytes, name: str) -> str:
    if b"\x00" in data:
        raise InvalidInput(
            name,
            t(
                "filen inneholder NUL-tegn (er den binær?); ikke en YAML-tekstfil",
                "the file holds NUL bytes (is it binary?); not a YAML text file",
            ),
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidInput(name, t("filen er ikke UTF-8", "the file is not UTF-8")) from None


def check_text(text: str, name: str) -> None:
    """Refuse text that is too large or holds NUL characters (for text already in memory)."""
    if len(text) > MAX_BYTES:
        raise InvalidInput(name, too_large(len(text.encode("utf-8", "surrogatepass"))))
    if "\x00" in text:
        raise InvalidInput(
            name,
            t(
                "filen inneholder NUL-tegn (er den binær?); ikke en YAML-tekstfil",
                "the file holds NUL bytes (is it binary?); not a YAML text file",
            ),
        )


def check_events(text: str, name: str) -> None:
    """Walk the parser's events once (no recursion, libyaml when installed) and refuse, as soon
    as a limit is passed, too deep nesting or too many items with every alias expanded."""
    import yaml

    fast = getattr(yaml, "CSafeLoader", None)
    for loader in (fast, yaml.SafeLoader) if fast else (yaml.SafeLoader,):
        try:
            _walk_events(text, name, loader)
            return
        except yaml.YAMLError:
            continue  # libyaml's own limits, or a syntax error: the pure parser says which
    # A syntax error: the composer says what is wrong, with the line, as it always has.


def _walk_events(text: str, name: str, loader: Any) -> None:
    import yaml

    weights: dict[str, int] = {}  # anchor → size of what it names, expanded
    open_: list[list[Any]] = [[0, None]]  # per open collection: [items so far, anchor]
    total = 0
    for event in yaml.parse(text, Loader=loader):
        if isinstance(event, yaml.CollectionStartEvent):
            if len(open_) > MAX_DEPTH:
                line = event.start_mark.line + 1 if event.start_mark else 1
                raise InvalidInput(
                    f"{name}:{line}",
                    t(
                        "nøstet mer enn {m} nivåer dypt; ikke tillatt",
                        "nested more than {m} levels deep; not allowed",
                        m=MAX_DEPTH,
                    ),
                )
            open_.append([0, event.anchor])
            continue
        if isinstance(event, yaml.CollectionEndEvent):
            count, anchor = open_.pop()
            size = count + 1
            if anchor:
                weights[anchor] = size
            open_[-1][0] += size
            total = open_[0][0]
        elif isinstance(event, yaml.ScalarEvent):
            open_[-1][0] += 1
            if event.anchor:
                weights[event.anchor] = 1
        elif isinstance(event, yaml.AliasEvent):
            open_[-1][0] += weights.get(event.anchor or "", 1)
        else:
            continue
        if open_[-1][0] > MAX_NODES or total > MAX_NODES:
            raise InvalidInput(name, expansion_refused())


def expansion_refused() -> Any:
    return t(
        "filen har for mange elementer (over {m}, med aliaser (*navn) regnet utvidet); "
        "ikke tillatt",
        "the file has too many items (over {m}, counting aliases (*name) expanded); not allowed",
        m=MAX_NODES,
    )


def check_expansion(root: Any, name: str) -> None:
    """Refuse a node tree whose size with every alias expanded exceeds ``MAX_NODES``."""
    import yaml

    weights: dict[int, int] = {}
    # Post-order without recursion; shared (aliased) nodes are weighed once and counted at
    # every place they are used.
    stack: list[tuple[Any, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        key = id(node)
        if key in weights:
            continue
        if isinstance(node, yaml.ScalarNode):
            weights[key] = 1
            continue
        children = (
            [v for pair in node.value for v in pair]
            if isinstance(node, yaml.MappingNode)
            else list(node.value)
        )
        if done:
            total = 1 + sum(weights[id(c)] for c in children)
            if total > MAX_NODES:
                raise InvalidInput(name, expansion_refused())
            weights[key] = total
            continue
        stack.append((node, True))
        stack.extend((c, False) for c in children if id(c) not in weights)


def compose(text: str, name: str) -> Any:
    """The node tree of ``text`` (``None`` for an empty document), within the limits.

    Syntax errors propagate as ``yaml.YAMLError`` so that callers keep their line-numbered
    messages."""
    import yaml

    check_text(text, name)
    check_events(text, name)
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    if root is not None:
        check_expansion(root, name)
    return root
