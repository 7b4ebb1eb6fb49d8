"""Rows of a FIT spreadsheet as a unit moving from Excel has them (which column is which is
:mod:`recoverykit.domain.fit.import_columns`), each row checked by the same rules as ``fit record`` (items 0–10 with one decimal, real dates not
in the future, no identity number anywhere, no formulas).

Pure: cells in, values or problems out. The parsers are the ones ``fit record`` uses
(:func:`parse_item`, :func:`parse_date`, :func:`parse_rater`, :func:`parse_age_group`,
:func:`guard_text`); their results are remembered per distinct cell text, so a million rows with a
few hundred distinct item values cost a dictionary look-up per cell, not a regular expression.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from recoverykit.domain.fit.import_cells import (
    FORMULA_START,
    TEXT_PARSERS,
    big_number,
    cell_text,
    is_number,
    item_tenths,
    learnable,
    nowhere,
    parse_end,
    parse_reason,
    parse_total,
    to_date,
)
from recoverykit.domain.fit.import_columns import ORS, SRS, ColumnMap
from recoverykit.domain.fit.scoring import parse_item
from recoverykit.domain.idnumber import guard_text
from recoverykit.errors import InvalidInput
from recoverykit.i18n import Msg, t

# --- one row ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    """A bad cell: where (``linje 12`` or ``Ark1!C12``), which column, and what is wrong."""

    location: str
    column: str
    message: Msg | str

    def __str__(self) -> str:
        return (
            f"{self.location} «{self.column}»: {self.message}"
            if self.column
            else (f"{self.location}: {self.message}")
        )


NONE_TENTHS = 255
NO_SRS = [NONE_TENTHS] * 4
# (client, day ordinal, 8 item tenths (255 = no SRS), department, clinician, rater, age group,
#  episode, end, reason): what the service keeps of a row.
FastRow = tuple[str, int, list[int], Any, Any, Any, Any, Any, Any, Any]


def compact(row: ImportRow) -> FastRow:
    tenths = [round(x * 10) for x in row.ors]
    tenths += NO_SRS if row.srs is None else [round(x * 10) for x in row.srs]
    return (
        row.client,
        row.day.toordinal(),
        tenths,
        row.department,
        row.clinician,
        row.rater,
        row.age_group,
        row.episode,
        row.end,
        row.reason,
    )


@dataclass(frozen=True, slots=True)
class ImportRow:
    client: str
    department: str | None
    clinician: str | None
    day: date
    rater: str | None
    age_group: str | None
    ors: tuple[float, float, float, float]
    srs: tuple[float, float, float, float] | None
    episode: str | None
    end: date | None
    reason: str | None


class RowReader:
    """Checks rows against a :class:`ColumnMap`; ``read`` gives an :class:`ImportRow` or raises
    :class:`RowError` with every problem of the row.

    ``client_code`` is the service's client-code rule (the one ``fit client add`` uses); ``today``
    bounds the dates (no session in the future, as ``fit record``)."""

    def __init__(
        self, mapping: ColumnMap, today: date, client_code: Callable[[str, str], str]
    ) -> None:
        self.mapping = mapping
        self.today = today
        self.client_code = client_code
        self.width = len(mapping.headers)
        f = mapping.fields
        self.items = [(f[n], mapping.headers[f[n]], n) for n in ORS]
        self.srs = [(f[n], mapping.headers[f[n]], n) for n in SRS] if "srs1" in f else []
        self._cache: dict[tuple[str, Any], Any] = {}
        self._safe: set[str] = set()
        # The fast path (text files): results of rows already checked, by cell text.
        self.f_client: dict[str, str] = {}
        self.f_date: dict[str, int] = {}
        self.f_item: dict[str, int] = {}
        self.f_total: dict[str, int] = {}
        self.i_client = f["client"]
        self.i_date = f["date"]
        self.i_ors = [f[n] for n in ORS]
        self.i_srs = [f[n] for n in SRS] if "srs1" in f else []
        self.i_totals = [
            (f[n], group) for n, group in (("ors_total", 0), ("srs_total", 4)) if n in f
        ]
        optional = ("department", "clinician", "rater", "age_group", "episode")
        self.f_text: dict[str, dict[str, Any]] = {n: {"": None} for n in optional}
        self.i_text = [(f[n], self.f_text[n], 3 + k) for k, n in enumerate(optional) if n in f]
        self.i_end = [f[n] for n in ("episode_end", "end_reason") if n in f]
        used = set(f.values())
        self.i_unmapped = [i for i in range(self.width) if i not in used]
        # (column, the fast path's cache, the cell's parser to its cached form, required)
        self.i_cells: list[tuple[int, dict[str, Any], Callable[[str, str], Any], bool]] = [
            (self.i_client, self.f_client, lambda h, v: client_code(cell_text(v), h), True),
            (self.i_date, self.f_date, lambda h, v: self._parse_day(h, v).toordinal(), True),
            *((i, self.f_item, item_tenths, True) for i in self.i_ors),
            *((i, self.f_item, item_tenths, False) for i in self.i_srs),
            *(
                (i, self.f_total, lambda h, v: round(parse_total(h, v) * 10), False)
                for i, _group in self.i_totals
            ),
            *(
                (i, cache, TEXT_PARSERS[optional[slot - 3]], False)
                for i, cache, slot in self.i_text
            ),
        ]
        self._fast = self._make_fast()

    def fast(self, cells: Sequence[Any]) -> FastRow | None:
        """The row from cells (text) seen before in rows that passed every check; None when any
        cell is new (then :meth:`teach` or :meth:`read` checks it and teaches the fast path)."""
        return self._fast(cells)

    def _make_fast(self) -> Callable[[Sequence[Any]], FastRow | None]:
        """:meth:`fast` as a closure over the column positions (it runs once per row: a million
        rows make every attribute look-up count)."""
        width, f_client, f_date, item, f_total = (
            self.width,
            self.f_client,
            self.f_date,
            self.f_item,
            self.f_total,
        )
        i_client, i_date = self.i_client, self.i_date
        o1, o2, o3, o4 = self.i_ors
        s1, s2, s3, s4 = self.i_srs or (-1, -1, -1, -1)
        has_srs = bool(self.i_srs)
        totals, texts, ends, unmapped = self.i_totals, self.i_text, self.i_end, self.i_unmapped
        safe = self._safe
        none = NONE_TENTHS

        def fast(cells: Sequence[Any]) -> FastRow | None:
            if len(cells) != width:
                return None
            try:
                tenths = [item[cells[o1]], item[cells[o2]], item[cells[o3]], item[cells[o4]]]
                if has_srs and (cells[s1] or cells[s2] or cells[s3] or cells[s4]):
                    tenths += (item[cells[s1]], item[cells[s2]], item[cells[s3]], item[cells[s4]])
                else:
                    tenths += NO_SRS
                out: list[Any] = [
                    f_client[cells[i_client]],
                    f_date[cells[i_date]],
                    tenths,
                    None,
                    None,
                    None,
                    None,
                    None,
                    None,
                    None,
                ]
                for i, group in totals:
                    if cells[i] == "":
                        continue
                    if tenths[group] == none or f_total[cells[i]] != sum(tenths[group : group + 4]):
                        return None
                for i, cache, slot in texts:
                    out[slot] = cache[cells[i]]
            except KeyError:
                return None
            for i in ends:
                if cells[i] != "":
                    return None
            for i in unmapped:
                c = cells[i]
                if (type(c) is str and c not in safe) or big_number(c):
                    return None
            return tuple(out)

        return fast

    def learn(self, cells: Sequence[Any], row: ImportRow) -> None:
        """Remember a row that passed :meth:`read` for :meth:`fast` (never a True/False cell:
        ``True == 1 == 1.0`` as dictionary keys; :meth:`fast` is not used on rows holding one)."""
        if len(self.f_item) > 200_000 or len(self.f_client) > 2_000_000:
            return
        if learnable(v := cells[self.i_client]):
            self.f_client[v] = row.client
        if learnable(v := cells[self.i_date]):
            self.f_date[v] = row.day.toordinal()
        items = (*row.ors, *(row.srs or (None,) * 4))
        for i, x in zip(self.i_ors + self.i_srs, items, strict=False):
            if learnable(v := cells[i]) and x is not None:
                self.f_item[v] = round(x * 10)
        for i, group in self.i_totals:
            numbers = row.ors if group == 0 else row.srs
            if learnable(v := cells[i]) and v != "" and numbers is not None:
                self.f_total[v] = round(sum(numbers) * 10)
        values = (row.department, row.clinician, row.rater, row.age_group, row.episode)
        for i, cache, slot in self.i_text:
            if learnable(v := cells[i]) and (not isinstance(v, str) or v.strip()):
                cache[v] = values[slot - 3]

    def _column(self, name: str) -> tuple[int, str] | None:
        index = self.mapping.fields.get(name)
        return None if index is None else (index, self.mapping.headers[index])

    def _cached(self, kind: str, value: Any, parse: Callable[[], Any]) -> Any:
        key = (kind, value if not isinstance(value, float) else ("f", value))
        try:
            return self._cache[key]
        except KeyError:
            pass
        result = parse()
        if len(self._cache) < 500_000:
            self._cache[key] = result
        return result

    def guard(self, location: Callable[[int], str], cells: Sequence[Any]) -> list[Problem]:
        """Identity numbers (never echoed) and formulas, in every cell of the row."""
        problems: list[Problem] = []
        for index, value in enumerate(cells):
            found = self.cell_problem(location, index, value)
            if found is not None:
                problems.append(found)
        return problems

    def cell_problem(
        self, location: Callable[[int], str], index: int, value: Any
    ) -> Problem | None:
        """An identity number or a formula in one cell (remembering cells found clean)."""
        if big_number(value):  # an identity number typed into a number cell
            header = self.mapping.headers[index] if index < self.width else ""
            try:
                guard_text(header, cell_text(value).zfill(11))
            except InvalidInput as error:
                return Problem(location(index), header, error.message)
            return None
        safe = self._safe
        if not isinstance(value, str) or value in safe:
            return None
        header = self.mapping.headers[index] if index < self.width else ""
        if len(value) >= 11:
            try:
                guard_text(header, value)
            except InvalidInput as error:
                return Problem(location(index), header, error.message)
        stripped = value.strip()
        if stripped and stripped[0] in FORMULA_START and not is_number(stripped):
            return Problem(
                location(index),
                header,
                t(
                    "ser ut som en formel; formler importeres ikke (skriv verdien)",
                    "looks like a formula; formulas are not imported (write the value)",
                ),
            )
        if len(safe) < 500_000:
            safe.add(value)
        return None

    def teach(self, cells: Sequence[Any]) -> bool:
        """Check, cell by cell, the cells of a text row that :meth:`fast` has not seen, and
        remember them; True when every one passed (then :meth:`fast` takes the row), False when
        one did not (then :meth:`read` checks the row and names every problem). Only for the
        cell rules; what spans cells (totals, endings, the width) stays with :meth:`fast` and
        :meth:`read`. Spares the full check of each client's first row (a new code)."""
        if len(cells) != self.width or len(self.f_item) > 200_000:
            return False
        for index, cache, parse, required in self.i_cells:
            value = cells[index]
            if value in cache:
                continue
            if type(value) is not str or self.cell_problem(nowhere, index, value) is not None:
                return False
            if not value.strip():
                if required:
                    return False
                continue
            try:
                cache[value] = parse(self.mapping.headers[index], value)
            except InvalidInput:
                return False
        for index in self.i_unmapped:
            if self.cell_problem(nowhere, index, cells[index]) is not None:
                return False
        return True

    def read(self, location: Callable[[int], str], cells: Sequence[Any]) -> ImportRow:
        if len(cells) != self.width and not (
            len(cells) > self.width and not any(c not in (None, "") for c in cells[self.width :])
        ):
            raise RowError(
                [
                    Problem(
                        location(-1),
                        "",
                        t(
                            "har {n} kolonner, overskriften har {m} (blandede skilletegn?)",
                            "has {n} columns, the header has {m} (mixed separators?)",
                            n=len(cells),
                            m=self.width,
                        ),
                    )
                ]
            )
        problems = self.guard(location, cells)
        if problems:
            raise RowError(problems)
        values: dict[str, Any] = {}

        def field(name: str, parse: Callable[[str, Any], Any], required: bool = False) -> None:
            col = self._column(name)
            if col is None:
                return
            index, header = col
            value = cells[index]
            if value is None or (isinstance(value, str) and not value.strip()):
                if required:
                    problems.append(Problem(location(index), header, t("mangler", "is missing")))
                return
            try:
                values[name] = self._cached(name, value, lambda: parse(header, value))
            except InvalidInput as error:
                problems.append(Problem(location(index), header, error.message))

        field("client", lambda h, v: self.client_code(cell_text(v), h), required=True)
        field("date", self._parse_day, required=True)
        for name in ("department", "clinician", "rater", "age_group", "episode"):
            field(name, TEXT_PARSERS[name])
        field("episode_end", parse_end)
        field("end_reason", parse_reason)
        ors = self._items(self.items, cells, location, problems, required=True)
        srs = self._items(self.srs, cells, location, problems, required=False)
        for total_name, got in (("ors_total", ors), ("srs_total", srs)):
            field(total_name, lambda h, v: parse_total(h, v))
            if got is not None and total_name in values:
                total = sum(round(x * 10) for x in got) / 10
                if abs(values[total_name] - total) > 1e-6:
                    index, header = self._column(total_name)  # type: ignore[misc]
                    problems.append(
                        Problem(
                            location(index),
                            header,
                            t(
                                "{v} er ikke summen av leddene ({s})",
                                "{v} is not the sum of the items ({s})",
                                v=cell_text(cells[index]),
                                s=f"{total:g}",
                            ),
                        )
                    )
        if problems:
            raise RowError(problems)
        end = values.get("episode_end")
        day: date = values["date"]
        if end is True or (end is None and "end_reason" in values):
            end = day
        if isinstance(end, date) and end < day:
            index, header = self._column("episode_end")  # type: ignore[misc]
            raise RowError(
                [
                    Problem(
                        location(index),
                        header,
                        t(
                            "avslutningen ({e}) er før samtalen ({d})",
                            "the ending ({e}) is before the session ({d})",
                            e=end.isoformat(),
                            d=day.isoformat(),
                        ),
                    )
                ]
            )
        assert ors is not None
        return ImportRow(
            client=values["client"],
            department=values.get("department"),
            clinician=values.get("clinician"),
            day=day,
            rater=values.get("rater"),
            age_group=values.get("age_group"),
            ors=ors,
            srs=srs,
            episode=values.get("episode"),
            end=end if isinstance(end, date) else None,
            reason=values.get("end_reason") if isinstance(end, date) else None,
        )

    def _parse_day(self, header: str, value: Any) -> date:
        day = to_date(header, value)
        if day > self.today:
            raise InvalidInput(
                header, t("{d} er i fremtiden", "{d} is in the future", d=day.isoformat())
            )
        return day

    def _items(
        self,
        columns: list[tuple[int, str, str]],
        cells: Sequence[Any],
        location: Callable[[int], str],
        problems: list[Problem],
        *,
        required: bool,
    ) -> tuple[float, float, float, float] | None:
        if not columns:
            return None
        got: list[float] = []
        empty = 0
        cache = self._cache
        for index, header, _name in columns:
            value = cells[index]
            key = ("item", value if not isinstance(value, float) else ("f", value))
            hit = cache.get(key)
            if hit is not None:
                got.append(hit)
                continue
            if value is None or (isinstance(value, str) and not value.strip()):
                empty += 1
                continue
            try:
                number = parse_item(header, cell_text(value))
            except InvalidInput as error:
                problems.append(Problem(location(index), header, error.message))
                continue
            cache[key] = number
            got.append(number)
        if empty == len(columns) and not required:
            return None
        if empty:
            missing = [
                h
                for i, h, _ in columns
                if cells[i] is None or (isinstance(cells[i], str) and not cells[i].strip())
            ]
            problems.append(
                Problem(
                    location(columns[0][0]),
                    missing[0],
                    t("mangler (alle fire ledd trengs)", "is missing (all four items are needed)"),
                )
            )
            return None
        if len(got) != len(columns):
            return None
        return (got[0], got[1], got[2], got[3])


class RowError(Exception):
    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("; ".join(str(p) for p in problems))
