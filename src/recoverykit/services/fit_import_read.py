"""Pass 1 of ``fit import``: every row of the file read and checked, into the compact rows of
:class:`~recoverykit.services.fit_import_rows.Rows`.

Nothing is written here: a department the file names and ``--create-departments`` allows is
planned (:meth:`Departments.resolve`) and made after the pass. That keeps the pass free of the
database, so a big text file is read on two cores: the file is cut at a row boundary
(:func:`recoverykit.loaders.fit_sheet.split_text`), a forked child reads the second part while
this process reads the first, and the parts are joined in file order: clients numbered by first
appearance, problems in line order, exactly as one reader would have them (a test holds the two
ways to the same result). 1M rows: pass 1 from ~3 s to ~1.6 s (benchmarks/README.md). Where
fork is missing, or the child fails in any way, the second part is read here instead.
"""

from __future__ import annotations

import multiprocessing
import os
from array import array
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from recoverykit.domain.fit.import_cells import cell_text
from recoverykit.domain.fit.import_columns import ColumnMap
from recoverykit.domain.fit.import_rows import (
    Problem,
    RowError,
    RowReader,
    compact,
)
from recoverykit.domain.text import match_key
from recoverykit.loaders.fit_sheet import Sheet, split_text
from recoverykit.services.fit_import_rows import PREVIEW_ROWS, NewClient, Progress, Rows
from recoverykit.services.fit_import_walk import Departments

SPLIT_MIN_BYTES = 4 << 20  # below ~60,000 rows a second process costs more than it saves
Locate = Callable[[int], Callable[[int], str]]


@dataclass
class PassOne:
    """What pass 1 keeps of a file (or of a part of it)."""

    rows: Rows = field(default_factory=Rows)
    codes: list[str] = field(default_factory=list)  # client number -> the code as first written
    new_clients: list[NewClient | None] = field(default_factory=list)  # None: already stored
    problems: list[Problem] = field(default_factory=list)
    bad_lines: set[int] = field(default_factory=set)
    preview: list[tuple[str, list[tuple[str, str]]]] = field(default_factory=list)
    count: int = 0
    planned: dict[str, str] = field(default_factory=dict)  # department key -> code to create
    spans: dict[int, int] = field(default_factory=dict)

    def reject(self, line: int, found: list[Problem]) -> None:
        self.problems.extend(found)
        self.bad_lines.add(line)


@dataclass(frozen=True)
class Checks:
    """What pass 1 checks rows with: the reader, the columns, where a message points, the
    stored clients (by key) and the departments."""

    reader: RowReader
    mapping: ColumnMap
    locate: Locate
    stored: dict[str, Any]
    depts: Departments


def read_rows(sheet: Sheet, checks: Checks, progress: Progress | None) -> PassOne:
    """Pass 1 over the whole sheet, on two cores when it is a big text file."""
    parts = split_text(sheet) if sheet.size >= SPLIT_MIN_BYTES and _can_fork() else [sheet]
    if len(parts) == 1:
        return read_part(sheet, checks, progress, 1)
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(target=_child, args=(sender, receiver, parts[1], checks), daemon=True)
    child.start()
    sender.close()
    done = False
    try:
        first = read_part(parts[0], checks, progress, len(parts))
        try:
            second = receiver.recv()
        except (EOFError, OSError):
            second = None
        done = True
    finally:
        receiver.close()
        if not done:  # this part failed or was interrupted: the child's part is not wanted
            child.kill()
        child.join()
    if not isinstance(second, PassOne):  # the child failed: read its part here
        second = read_part(parts[1], checks, None, 1)
    planned = checks.depts.planned
    planned.update({k: v for k, v in second.planned.items() if k not in planned})
    return join([first, second])


def _can_fork() -> bool:
    return hasattr(os, "fork") and "fork" in multiprocessing.get_all_start_methods()


def _child(  # pragma: no cover - runs in the forked child
    sender: Any, receiver: Any, sheet: Sheet, checks: Checks
) -> None:
    receiver.close()  # the parent's end: with it open here, a send could wait for ever
    try:
        part: PassOne | None = read_part(sheet, checks, None, 1)
    except BaseException:  # any failure: the parent reads this part itself (and so reports it)
        part = None
    try:
        sender.send(part)
    except BaseException:  # the parent stopped listening (it failed or was interrupted)
        pass
    finally:
        sender.close()


def read_part(sheet: Sheet, checks: Checks, progress: Progress | None, parts: int) -> PassOne:
    """Pass 1 over the rows of ``sheet`` (a whole file or one part of it)."""
    reader, mapping, locate, stored, depts = (
        checks.reader,
        checks.mapping,
        checks.locate,
        checks.stored,
        checks.depts,
    )
    out = PassOne()
    keys: dict[str, int] = {}
    codes, new_clients, reject = out.codes, out.new_clients, out.reject
    shown = [
        (mapping.headers[i], i) for _f, i in sorted(mapping.fields.items(), key=lambda kv: kv[1])
    ]
    fast = reader.fast if sheet.kind == "csv" else None
    teach, read, learn, add = reader.teach, reader.read, reader.learn, out.rows.adder()
    known = depts.known
    size = sheet.size or None
    count = 0
    for count, (line, cells) in enumerate(sheet.rows, start=1):
        row = None
        if fast is not None:
            row = fast(cells)
            if row is None and teach(cells):
                row = fast(cells)
        if count <= PREVIEW_ROWS:
            out.preview.append(
                (
                    locate(line)(-1),
                    [(h, cell_text(cells[i]) if i < len(cells) else "") for h, i in shown],
                )
            )
        elif progress is not None and count % 20_000 == 0:
            done = sheet.position() * parts if sheet.position else count
            progress(min(done, size) if size else done, size, "read")
        if row is None:
            try:
                full = read(locate(line), cells)
            except RowError as error:
                reject(line, error.problems)
                continue
            learn(cells, full)
            row = compact(full)
        code = row[0]
        index = keys.get(code)
        if index is None:
            key = match_key(code)
            index = keys.get(key)
            if index is None:
                index = keys[key] = len(codes)
                codes.append(code)
                new_clients.append(
                    None if key in stored else NewClient(code, line, row[3], row[4], row[6])
                )
            keys[code] = index
        department = row[3]
        if department is not None and department not in known and new_clients[index] is not None:
            found = depts.resolve(department, locate(line), mapping)
            if found is not None:
                reject(line, [found])
                continue
        add(index, row, line)
    out.count = count
    out.planned = dict(depts.planned)
    out.spans = sheet.spans
    return out


def join(parts: list[PassOne]) -> PassOne:
    """The parts of one file as one pass over it: clients numbered by first appearance."""
    out = parts[0]
    keys = {match_key(c): i for i, c in enumerate(out.codes)}
    for part in parts[1:]:
        renumber = array("l")
        for code, new in zip(part.codes, part.new_clients, strict=True):
            key = match_key(code)
            index = keys.get(key)
            if index is None:
                index = keys[key] = len(out.codes)
                out.codes.append(code)
                out.new_clients.append(new)
            renumber.append(index)
        out.rows.extend(part.rows, renumber)
        out.problems.extend(part.problems)
        out.bad_lines |= part.bad_lines
        out.count += part.count
        out.spans.update(part.spans)
    return out
