"""What ``fit import`` keeps between its two passes, and what it reports."""

from __future__ import annotations

from array import array
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from itertools import pairwise
from pathlib import Path
from typing import Any

from recoverykit.domain.fit.import_rows import (
    FastRow,
    Problem,
)

DEFAULT_GAP_WEEKS = 26
PREVIEW_ROWS = 5
NONE_ITEM = 255
RATERS = ("client", "parent", "other", "family", "network")
RATER_INDEX = {r: i for i, r in enumerate(RATERS)}
# progress(done, total, phase): "read" (bytes or rows of the file), "save" (rows walked and
# written), "finish" (indexes, ANALYZE and the commit: no measure, total None)
Progress = Callable[[int, int | None, str], None]


@dataclass
class ImportOptions:
    sheet: str | None = None
    maps: tuple[str, ...] = ()
    dry_run: bool = False
    create_departments: bool = False
    skip_bad: bool = False
    rejects: Path | None = None
    replace: bool = False
    gap_weeks: int = DEFAULT_GAP_WEEKS


@dataclass
class ImportSummary:
    source: str
    mapping: list[tuple[str, str]]
    ignored: list[str]
    gap_weeks: int
    dry_run: bool = False
    rows: int = 0
    new: int = 0
    unchanged: int = 0
    replaced: int = 0
    conflicts: list[Problem] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    rejected: int = 0
    clients_new: int = 0
    episodes_new: int = 0
    closed_by_end: int = 0
    closed_by_gap: int = 0
    departments_new: list[str] = field(default_factory=list)
    preview: list[tuple[str, list[tuple[str, str]]]] = field(default_factory=list)


# --- the compact rows of pass 1 ------------------------------------------------------------------


class Rows:
    """Good rows, columnar: client index, day ordinal, line, rater, 8 item tenths, extras."""

    def __init__(self) -> None:
        self.client = array("i")  # 4 bytes each: a million rows in 13 MB
        self.day = array("i")
        self.line = array("i")
        self.rater = array("b")
        self.items = bytearray()
        self.extra: dict[int, tuple[str | None, date | None, str | None]] = {}
        self.sorted = True
        self._add = self.adder()

    def __len__(self) -> int:
        return len(self.client)

    def __getstate__(self) -> dict[str, Any]:  # to and from the child that reads a part
        return {k: v for k, v in self.__dict__.items() if k != "_add"}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._add = self.adder()

    def extend(self, other: Rows, renumber: array[int]) -> None:
        """Append ``other`` (the rows of a later part of the file), its client numbers
        ``renumber``-ed to this one's; still sorted if both are and the clients join up."""
        if not len(other):
            return
        clients = array("i", [renumber[c] for c in other.client])
        if len(self) and (clients[0], other.day[0]) < (self.client[-1], self.day[-1]):
            self.sorted = False
        if any(a >= b for a, b in pairwise(renumber)):
            self.sorted = False
        self.sorted = self.sorted and other.sorted
        offset = len(self)
        self.extra.update({i + offset: v for i, v in other.extra.items()})
        self.client.extend(clients)
        self.day.extend(other.day)
        self.line.extend(other.line)
        self.rater.extend(other.rater)
        self.items.extend(other.items)
        self._add = self.adder()

    def add(self, client: int, row: FastRow, line: int) -> None:
        self._add(client, row, line)

    def adder(self) -> Callable[[int, FastRow, int], None]:
        """:meth:`add` as a closure over the columns (it runs once per row of the file)."""
        clients, days, lines, raters = (
            self.client.append,
            self.day.append,
            self.line.append,
            self.rater.append,
        )
        items, extra, index = self.items.extend, self.extra, RATER_INDEX
        last_client, last_day = (self.client[-1], self.day[-1]) if len(self) else (-1, -1)

        def add(client: int, row: FastRow, line: int) -> None:
            nonlocal last_client, last_day
            day = row[1]
            if client < last_client or (client == last_client and day < last_day):
                self.sorted = False
            last_client, last_day = client, day
            if row[7] is not None or row[8] is not None:
                extra[len(self.client)] = (row[7], row[8], row[9])
            clients(client)
            days(day)
            lines(line)
            rater = row[5]
            raters(-1 if rater is None else index[rater])
            items(row[2])

        return add

    def order(self) -> Iterator[int]:
        if self.sorted:
            return iter(range(len(self)))
        client, day = self.client, self.day
        return iter(sorted(range(len(self)), key=lambda i: (client[i], day[i])))

    def scores(self, i: int) -> tuple[tuple[float, ...], tuple[float, ...] | None]:
        chunk = self.items[i * 8 : i * 8 + 8]
        ors = (TENTHS[chunk[0]], TENTHS[chunk[1]], TENTHS[chunk[2]], TENTHS[chunk[3]])
        if chunk[4] == NONE_ITEM:
            return ors, None
        return ors, (TENTHS[chunk[4]], TENTHS[chunk[5]], TENTHS[chunk[6]], TENTHS[chunk[7]])


TENTHS = [n / 10 for n in range(256)]
NO_SRS_VALUES = (None, None, None, None, None)
NO_EXTRA = (None, None, None)


@dataclass
class NewClient:
    code: str
    line: int
    department: str | None
    clinician: str | None
    age_group: str | None
