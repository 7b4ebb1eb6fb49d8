"""``fit import``: sessions from a unit's own spreadsheets, strictly and fast.

Two passes inside one write transaction:

1. Read the file as a stream (:mod:`recoverykit.loaders.fit_sheet`) and check every row with the
   rules of ``fit record`` (:mod:`recoverykit.domain.fit.import_rows`). A good row is kept in a
   compact columnar form (a few machine integers and eight bytes of item tenths), so a million
   rows take tens of megabytes, not the file's worth of Python objects.
2. Walk the rows client by client in date order (sorted only when the file is not), build
   episodes (a new one after an end row, a change in the episode column, or a gap of more than
   ``gap_weeks``), compare with what is stored (same client, date and rater = the same session:
   unchanged, or conflicting and never overwritten without ``replace``), and hand new rows to the
   bulk writer (:mod:`recoverykit.store.fit_import`).

Any bad row and the transaction is rolled back: nothing is written (exit 2) unless ``skip_bad``,
when the good rows go in and the bad ones are copied unchanged to the rejects file. A dry run
takes the same path and rolls back at the end.
"""

from __future__ import annotations

import gc
import io
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

from recoverykit.domain.fit.import_cells import cell_text
from recoverykit.domain.fit.import_columns import ColumnMap, build_mapping
from recoverykit.domain.fit.import_rows import (
    Problem,
    RowReader,
)
from recoverykit.domain.text import match_key
from recoverykit.errors import Field, InvalidInput
from recoverykit.i18n import t
from recoverykit.loaders.fit_sheet import Sheet, column_letter, copy_lines, open_sheet
from recoverykit.services.fit import clean_client_code, load_settings
from recoverykit.services.fit_import_read import Checks, read_rows
from recoverykit.services.fit_import_rows import (
    ImportOptions,
    ImportSummary,
    Progress,
)
from recoverykit.services.fit_import_walk import Departments, Walker
from recoverykit.store import fit_import as q
from recoverykit.store.connection import Connection, Database


class ImportRefused(InvalidInput):
    """Bad rows and no ``--skip-bad``: every problem is in ``summary.problems``."""

    def __init__(self, summary: ImportSummary) -> None:
        self.summary = summary
        super().__init__(
            "FILE",
            t(
                "{n} rad(er) med feil; ingenting ble importert "
                "(rett radene, eller bruk --skip-bad --rejects FIL)",
                "{n} row(s) with errors; nothing was imported "
                "(fix the rows, or use --skip-bad --rejects FILE)",
                n=summary.rejected,
            ),
        )


class _Rollback(Exception):
    pass


@contextmanager
def paused_gc() -> Iterator[None]:
    """The cyclic garbage collector off while a file is read: an import makes millions of
    short-lived lists and tuples and no cycles, and each collection walks every live container
    (1M rows: 20 s → 14 s with it paused, benchmarks/fit_import.py). Restored afterwards."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


# --- the use case ----------------------------------------------------------------------------------


def import_sessions(
    db: Database,
    path: Path,
    options: ImportOptions,
    today: date,
    progress: Progress | None = None,
) -> ImportSummary:
    if options.skip_bad and options.rejects is None and not options.dry_run:
        raise InvalidInput(
            Field("rejects"),
            t(
                "trengs med --skip-bad (filen de dårlige radene skrives til)",
                "is needed with --skip-bad (the file the bad rows are written to)",
            ),
        )
    if options.gap_weeks < 1:
        raise InvalidInput(Field("gap_weeks"), t("må være minst 1", "must be at least 1"))
    sheet = open_sheet(path, options.sheet)
    mapping = build_mapping(sheet.headers, options.maps)
    summary = ImportSummary(
        source=sheet.describe(),
        mapping=[
            (mapping.headers[i], f) for f, i in sorted(mapping.fields.items(), key=lambda kv: kv[1])
        ],
        ignored=mapping.ignored(),
        gap_weeks=options.gap_weeks,
        dry_run=options.dry_run,
    )
    bad_lines: set[int] = set()
    try:
        with paused_gc(), q.checked_rows(db.connection()), db.write() as conn:
            _run(conn, sheet, mapping, options, today, summary, bad_lines, progress)
            if options.dry_run or (summary.problems and not options.skip_bad):
                raise _Rollback
    except _Rollback:
        pass
    if summary.problems and not options.skip_bad and not options.dry_run:
        raise ImportRefused(summary)
    if options.skip_bad and bad_lines and options.rejects is not None and not options.dry_run:
        write_rejects(sheet, options.sheet, bad_lines, options.rejects)
    return summary


def _location(sheet: Sheet) -> Callable[[int], Callable[[int], str]]:
    """``locate(line)(column)``: what a message names, ``linje 12`` or ``Ark1!C12``."""
    if sheet.kind == "workbook":
        name = sheet.sheet_name or ""

        def book(line: int) -> Callable[[int], str]:
            return lambda col: (
                f"{name}!{column_letter(max(col, 0))}{line}" if col >= 0 else f"{name}!{line}"
            )

        return book

    def text(line: int) -> Callable[[int], str]:
        return lambda _col: str(t("linje {n}", "line {n}", n=line))

    return text


def _run(
    conn: Connection,
    sheet: Sheet,
    mapping: ColumnMap,
    options: ImportOptions,
    today: date,
    summary: ImportSummary,
    bad_lines: set[int],
    progress: Progress | None,
) -> None:
    reader = RowReader(mapping, today, lambda v, f: clean_client_code(v, f))
    locate = _location(sheet)
    settings = load_settings(conn)
    depts = Departments(conn, options.create_departments, summary)
    stored = {r["code_key"]: r for r in q.clients(conn=conn)}

    # pass 1: read and check every row (writes nothing) ---------------------------------------
    first = read_rows(sheet, Checks(reader, mapping, locate, stored, depts), progress)
    depts.create_planned()
    rows, codes, new_clients = first.rows, first.codes, first.new_clients
    summary.problems.extend(first.problems)
    summary.preview.extend(first.preview)
    bad_lines |= first.bad_lines
    sheet.spans.update(first.spans)
    problems = summary.problems

    def reject(line: int, found: list[Problem]) -> None:
        problems.extend(found)
        bad_lines.add(line)

    count = first.count
    summary.rows = count
    if summary.rows == 0:
        raise InvalidInput(
            "FILE",
            t(
                "{p} har bare overskriftslinjen (ingen rader)",
                "{p} has only the header line (no rows)",
                p=sheet.path.name,
            ),
        )
    if progress is not None:
        progress(sheet.size or summary.rows, sheet.size or summary.rows, "read")

    # pass 2: client by client in date order -------------------------------------------------
    existing_ids = [
        int(stored[match_key(c)]["id"])
        for c, n in zip(codes, new_clients, strict=True)
        if n is None
    ]
    existing: dict[int, list[dict[str, Any]]] = {}
    for r in q.sessions_of(conn=conn, client_ids=existing_ids):
        existing.setdefault(int(r["client_id"]), []).append(r)
    writer = q.BulkWriter(conn)
    writer.prepare(len(rows))
    walker = Walker(conn, writer, settings, options, summary, rows, locate, mapping, reject)
    current = -1
    group: list[int] = []
    walked, total = 0, len(rows)
    for i in rows.order():
        c = rows.client[i]
        if c != current and group:
            walker.client(codes[current], new_clients[current], stored, existing, group, depts)
            walked += len(group)
            if writer.maybe_flush() and progress is not None:
                progress(walked, total, "save")
            group = []
        current = c
        group.append(i)
    if group:
        walker.client(codes[current], new_clients[current], stored, existing, group, depts)
    if progress is not None:
        progress(total, total, "save")
        progress(0, None, "finish")
    writer.finish()
    summary.rejected = len(bad_lines)


# --- rejects -------------------------------------------------------------------------------------


def write_rejects(sheet: Sheet, sheet_name: str | None, bad: set[int], path: Path) -> None:
    """The rejected rows, unchanged: the original lines of a text file (same encoding and
    separator, byte for byte), or a workbook's rows as CSV in the Norwegian Excel dialect."""
    buffer = io.BytesIO()
    if sheet.kind == "csv":
        copy_lines(sheet.path, bad, buffer, sheet.spans)
    else:
        from recoverykit.render.csv_dialect import write_rows

        again = open_sheet(sheet.path, sheet_name)
        text = io.StringIO()
        picked = ([cell_text(c) for c in cells] for line, cells in again.rows if line in bad)
        write_rows(text, again.headers, picked, "excel-nb")
        buffer.write(text.getvalue().encode("utf-8"))
    from recoverykit.services.fit_files import write_file

    write_file(path, buffer.getvalue())
