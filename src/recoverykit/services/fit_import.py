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

import io
from array import array
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from recoverykit.domain import departments as dept_rules
from recoverykit.domain.fit.import_rows import (
    ColumnMap,
    ImportRow,
    Problem,
    RowError,
    RowReader,
    build_mapping,
    cell_text,
)
from recoverykit.domain.fit.scoring import AgeGroup, Rater
from recoverykit.domain.fit.settings import FitSettings
from recoverykit.domain.text import match_key
from recoverykit.errors import InvalidInput
from recoverykit.i18n import Msg, t
from recoverykit.loaders.fit_sheet import Sheet, column_letter, copy_lines, open_sheet
from recoverykit.services.fit import clean_client_code, load_settings
from recoverykit.store import fit_import as q
from recoverykit.store.connection import Connection, Database, as_date
from recoverykit.store.fit_bulk import srs_alert_flag

DEFAULT_GAP_WEEKS = 26
PREVIEW_ROWS = 5
NONE_ITEM = 255
RATERS = ("client", "parent", "other", "family", "network")
Progress = Callable[[int, int | None], None]


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


class ImportRefused(InvalidInput):
    """Bad rows and no ``--skip-bad``: every problem is in ``summary.problems``."""

    def __init__(self, summary: ImportSummary) -> None:
        self.summary = summary
        super().__init__(
            "FILE",
            t(
                "{n} rad(er) med feil; ingenting ble importert (rett radene, eller bruk "
                "--skip-bad --rejects FIL)",
                "{n} row(s) with errors; nothing was imported (fix the rows, or use "
                "--skip-bad --rejects FILE)",
                n=summary.rejected,
            ),
        )


class _Rollback(Exception):
    pass


# --- the compact rows of pass 1 ------------------------------------------------------------------


class Rows:
    """Good rows, columnar: client index, day ordinal, line, rater, 8 item tenths, extras."""

    def __init__(self) -> None:
        self.client = array("l")
        self.day = array("l")
        self.line = array("l")
        self.rater = array("b")
        self.items = bytearray()
        self.extra: dict[int, tuple[str | None, date | None, str | None]] = {}
        self.sorted = True
        self._last = (-1, -1)

    def __len__(self) -> int:
        return len(self.client)

    def add(self, client: int, row: ImportRow, line: int) -> None:
        n = len(self.client)
        day = row.day.toordinal()
        if self.sorted and (client, day) < self._last:
            self.sorted = False
        self._last = (client, day)
        self.client.append(client)
        self.day.append(day)
        self.line.append(line)
        self.rater.append(-1 if row.rater is None else RATERS.index(row.rater))
        self.items.extend(round(x * 10) for x in row.ors)
        self.items.extend((NONE_ITEM,) * 4 if row.srs is None else (round(x * 10) for x in row.srs))
        if row.episode is not None or row.end is not None:
            self.extra[n] = (row.episode, row.end, row.reason)

    def order(self) -> Iterator[int]:
        if self.sorted:
            return iter(range(len(self)))
        client, day = self.client, self.day
        return iter(sorted(range(len(self)), key=lambda i: (client[i], day[i])))

    def scores(self, i: int) -> tuple[tuple[float, ...], tuple[float, ...] | None]:
        chunk = self.items[i * 8 : i * 8 + 8]
        ors = tuple(v / 10 for v in chunk[:4])
        srs = None if chunk[4] == NONE_ITEM else tuple(v / 10 for v in chunk[4:])
        return ors, srs


@dataclass
class NewClient:
    code: str
    line: int
    department: str | None
    clinician: str | None
    age_group: str | None


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
            "--rejects",
            t(
                "trengs med --skip-bad (filen de dårlige radene skrives til)",
                "is needed with --skip-bad (the file the bad rows are written to)",
            ),
        )
    if options.gap_weeks < 1:
        raise InvalidInput("--gap-weeks", t("må være minst 1", "must be at least 1"))
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
        with db.write() as conn:
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


def _location(sheet: Sheet, headers: tuple[str, ...]) -> Callable[[str, int], Callable[[int], str]]:
    if sheet.kind == "workbook":
        name = sheet.sheet_name or ""

        def book(_loc: str, line: int) -> Callable[[int], str]:
            return lambda col: (
                f"{name}!{column_letter(max(col, 0))}{line}" if col >= 0 else f"{name}!{line}"
            )

        return book

    def text(_loc: str, line: int) -> Callable[[int], str]:
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
    locate = _location(sheet, mapping.headers)
    settings = load_settings(conn)
    depts = Departments(conn, options.create_departments, summary)
    stored = {r["code_key"]: r for r in q.clients(conn=conn)}
    keys: dict[str, int] = {}
    new_clients: list[NewClient | None] = []
    codes: list[str] = []
    rows = Rows()
    problems = summary.problems
    shown = [
        (mapping.headers[i], i) for _f, i in sorted(mapping.fields.items(), key=lambda kv: kv[1])
    ]

    def reject(line: int, found: list[Problem]) -> None:
        problems.extend(found)
        bad_lines.add(line)

    # pass 1: read and check every row ---------------------------------------------------------
    for count, (loc, line, cells) in enumerate(sheet.rows, start=1):
        summary.rows = count
        if progress is not None and count % 20_000 == 0:
            progress(sheet.position() if sheet.position else count, sheet.size or None)
        location = locate(loc, line)
        if len(summary.preview) < PREVIEW_ROWS:
            summary.preview.append(
                (
                    location(-1),
                    [(h, cell_text(cells[i]) if i < len(cells) else "") for h, i in shown],
                )
            )
        try:
            row = reader.read(location, cells)
        except RowError as error:
            reject(line, error.problems)
            continue
        key = match_key(row.client)
        index = keys.get(key)
        if index is None:
            index = keys[key] = len(codes)
            codes.append(row.client)
            new_clients.append(
                None
                if key in stored
                else NewClient(row.client, line, row.department, row.clinician, row.age_group)
            )
        if row.department is not None and new_clients[index] is not None:
            found = depts.resolve(row.department, location, mapping)
            if found is not None:
                reject(line, [found])
                continue
        rows.add(index, row, line)
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
        progress(sheet.size or summary.rows, sheet.size or summary.rows)

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
    walker = Walker(conn, writer, settings, options, summary, rows, locate, mapping, reject)
    current = -1
    group: list[int] = []
    for i in rows.order():
        c = rows.client[i]
        if c != current and group:
            walker.client(codes[current], new_clients[current], stored, existing, group, depts)
            writer.maybe_flush()
            group = []
        current = c
        group.append(i)
    if group:
        walker.client(codes[current], new_clients[current], stored, existing, group, depts)
    writer.finish()
    summary.rejected = len(bad_lines)


class Departments:
    """Department look-up by code or name (any case), created on demand when allowed."""

    def __init__(self, conn: Connection, create: bool, summary: ImportSummary) -> None:
        self.conn = conn
        self.create = create
        self.summary = summary
        self.ids: dict[str, int] = {}
        for r in q.departments(conn=conn):
            self.ids.setdefault(match_key(r["name"]), int(r["id"]))
        for r in q.departments(conn=conn):
            self.ids[r["code_key"]] = int(r["id"])

    def resolve(
        self, value: str, location: Callable[[int], str], mapping: ColumnMap
    ) -> Problem | None:
        key = match_key(value)
        if key in self.ids:
            return None
        index = mapping.fields["department"]
        header = mapping.headers[index]
        if not self.create:
            return Problem(
                location(index),
                header,
                t(
                    "ukjent avdeling «{v}»; legg den til med «recoverykit dept add» "
                    "eller bruk --create-departments",
                    "unknown department '{v}'; add it with 'recoverykit dept add' "
                    "or use --create-departments",
                    v=value,
                ),
            )
        try:
            code = dept_rules.clean_code(value, header)
        except InvalidInput as error:
            return Problem(location(index), header, error.message)
        self.ids[key] = q.add_department(
            conn=self.conn, code=code, code_key=dept_rules.code_key(code), name=code
        )
        self.summary.departments_new.append(code)
        return None

    def id_of(self, value: str) -> int:
        return self.ids[match_key(value)]


class Walker:
    """Pass 2 for one client's rows: episodes, comparison with stored sessions, new rows."""

    def __init__(
        self,
        conn: Connection,
        writer: q.BulkWriter,
        settings: FitSettings,
        options: ImportOptions,
        summary: ImportSummary,
        rows: Rows,
        locate: Callable[[str, int], Callable[[int], str]],
        mapping: ColumnMap,
        reject: Callable[[int, list[Problem]], None],
    ) -> None:
        self.conn = conn
        self.w = writer
        self.s = settings
        self.options = options
        self.summary = summary
        self.rows = rows
        self.locate = locate
        self.mapping = mapping
        self.reject = reject
        self.gap = timedelta(weeks=options.gap_weeks)

    def _problem(self, line: int, fieldname: str, message: Msg) -> None:
        index = self.mapping.fields.get(fieldname, -1)
        header = self.mapping.headers[index] if index >= 0 else ""
        self.reject(line, [Problem(self.locate("", line)(index), header, message)])

    def client(
        self,
        code: str,
        new: NewClient | None,
        stored: dict[str, Any],
        existing: dict[int, list[dict[str, Any]]],
        group: list[int],
        depts: Departments,
    ) -> None:
        rows, w = self.rows, self.w
        if new is not None:
            if new.department is None or new.clinician is None:
                missing = "department" if new.department is None else "clinician"
                self._problem(
                    new.line,
                    missing if missing in self.mapping.fields else "client",
                    t(
                        "mangler {f} for den nye klienten {c}",
                        "{f} is missing for the new client {c}",
                        f=missing,
                        c=code,
                    ),
                )
                for i in group[1:]:
                    self.reject(rows.line[i], [])
                return
            client_id = w.new_client_id()
            dept_id = depts.id_of(new.department)
            age_group = new.age_group or AgeGroup.ADULT.value
            w.clients.append(
                (
                    client_id,
                    code,
                    match_key(code),
                    dept_id,
                    new.clinician,
                    match_key(new.clinician),
                    age_group,
                )
            )
            self.summary.clients_new += 1
            before: list[dict[str, Any]] = []
            episode: list[Any] | None = (
                None  # [id, number, opened, last day, closed, count, srs, value]
            )
            stored_episode = False
        else:
            row = stored[match_key(code)]
            client_id = int(row["id"])
            dept_id = int(row["department_id"])
            age_group = row["age_group"]
            before = existing.get(client_id, [])
            episode = None
            stored_episode = False
            if row["episode_id"] is not None:
                latest = [s for s in before if s["episode_id"] == row["episode_id"]]
                last_srs = next(
                    (float(s["srs_total"]) for s in reversed(latest) if s["srs_total"] is not None),
                    None,
                )
                episode = [
                    int(row["episode_id"]),
                    int(row["episode_number"]),
                    None,
                    as_date(latest[-1]["session_date"]) if latest else None,
                    None if row["closed_on"] is None else (as_date(row["closed_on"]), None),
                    len(latest),
                    last_srs,
                    None,
                ]
                stored_episode = True
        by_day = {(as_date(s["session_date"]), s["rater"]): s for s in before}
        days = {as_date(s["session_date"]) for s in before}
        last_stored = max(days) if days else None  # type: ignore[type-var]
        default_rater = Rater.PARENT.value if age_group == AgeGroup.CHILD else Rater.CLIENT.value
        seen: dict[tuple[int, str], int] = {}
        episodes: list[list[Any]] = []

        def close(ep: list[Any], on: date, reason: str, stored_ep: bool) -> None:
            ep[4] = (on, reason)
            if stored_ep:
                w.close_episode(ep[0], on, reason)

        for i in group:
            line = rows.line[i]
            day = date.fromordinal(rows.day[i])
            rater = RATERS[rows.rater[i]] if rows.rater[i] >= 0 else default_rater
            ors, srs = rows.scores(i)
            extra = rows.extra.get(i, (None, None, None))
            if (rows.day[i], rater) in seen:
                self._problem(
                    line,
                    "date",
                    t(
                        "samme klient, dato og utfyller som linje/rad {n} i filen",
                        "same client, date and rater as line/row {n} in the file",
                        n=seen[(rows.day[i], rater)],
                    ),
                )
                continue
            seen[(rows.day[i], rater)] = line
            old = by_day.get((day, rater)) or next(
                (s for (d, _r), s in by_day.items() if d == day), None
            )
            if old is not None:
                self._compare(old, line, code, day, rater, ors, srs)
                continue
            if last_stored is not None and day <= last_stored:
                self._problem(
                    line,
                    "date",
                    t(
                        "{d} ligger før eller mellom samtaler som allerede er registrert "
                        "for {c}; registrer den med «recoverykit fit record»",
                        "{d} lies before or among sessions already recorded for {c}; "
                        "record it with 'recoverykit fit record'",
                        d=day.isoformat(),
                        c=code,
                    ),
                )
                continue
            value = extra[0]
            start = episode is None or episode[4] is not None
            if episode is not None and not start:
                if value is not None and episode[7] is not None and value != episode[7]:
                    start = True
                elif episode[3] is not None and day - episode[3] > self.gap:
                    close(episode, episode[3], "other", stored_episode)
                    self.summary.closed_by_gap += 1
                    start = True
            closed_on = episode[4][0] if episode is not None and episode[4] is not None else None
            if start and closed_on is not None and day <= closed_on:
                self._problem(
                    line,
                    "date",
                    t(
                        "{d} er ikke etter at forrige forløp ble avsluttet ({c})",
                        "{d} is not after the previous episode was closed ({c})",
                        d=day.isoformat(),
                        c=closed_on.isoformat(),
                    ),
                )
                continue
            if start:
                number = 1 if episode is None else episode[1] + 1
                episode = [w.new_episode_id(), number, day, None, None, 0, None, value]
                episodes.append(episode)
                stored_episode = False
                self.summary.episodes_new += 1
            assert episode is not None
            episode[3] = day
            episode[5] += 1
            if episode[7] is None:
                episode[7] = value
            srs_total = None if srs is None else sum(round(x * 10) for x in srs) / 10
            alert = False
            if srs is not None and srs_total is not None:
                alert = srs_alert_flag(srs, srs_total, episode[6], self.s)
                episode[6] = srs_total
            w.sessions.append(
                (
                    w.new_session_id(),
                    episode[0],
                    dept_id,
                    episode[5],
                    w.day(day),
                    rater,
                    *ors,
                    sum(round(x * 10) for x in ors) / 10,
                    *(srs if srs is not None else (None,) * 4),
                    srs_total,
                    alert,
                )
            )
            self.summary.new += 1
            if extra[1] is not None:
                close(episode, extra[1], extra[2] or "other", stored_episode)
                self.summary.closed_by_end += 1
        for ep in episodes:
            closed = ep[4] or (None, None)
            w.episodes.append(
                (ep[0], client_id, ep[1], dept_id, w.day(ep[2]), w.day(closed[0]), closed[1])
            )

    def _compare(
        self,
        old: dict[str, Any],
        line: int,
        code: str,
        day: date,
        rater: str,
        ors: tuple[float, ...],
        srs: tuple[float, ...] | None,
    ) -> None:
        stored_ors = tuple(float(old[f"ors{n}"]) for n in range(1, 5))
        stored_srs = (
            None if old["srs1"] is None else tuple(float(old[f"srs{n}"]) for n in range(1, 5))
        )
        if old["rater"] == rater and stored_ors == ors and stored_srs == srs:
            self.summary.unchanged += 1
            return
        if self.options.replace and old["rater"] == rater:
            srs_total = None if srs is None else sum(round(x * 10) for x in srs) / 10
            values: dict[str, Any] = {f"ors{n}": v for n, v in enumerate(ors, start=1)}
            values["ors_total"] = sum(round(x * 10) for x in ors) / 10
            for n in range(4):
                values[f"srs{n + 1}"] = None if srs is None else srs[n]
            values["srs_total"] = srs_total
            values["srs_alert"] = (
                srs is not None
                and srs_total is not None
                and srs_alert_flag(srs, srs_total, None, self.s)
            )
            self.w.update_session(int(old["id"]), values)
            self.summary.replaced += 1
            return
        index = self.mapping.fields["date"]
        why = (
            t(
                "en annen utfyller ({r}) er registrert samme dato",
                "another rater ({r}) is recorded on the same date",
                r=old["rater"],
            )
            if old["rater"] != rater
            else t(
                "andre tall enn de som er registrert; bruk --replace for å erstatte",
                "other scores than those recorded; use --replace to replace them",
            )
        )
        self.summary.conflicts.append(
            Problem(
                self.locate("", line)(index),
                code,
                t("{d}: {w}", "{d}: {w}", d=day.isoformat(), w=str(why)),
            )
        )


# --- rejects -------------------------------------------------------------------------------------


def write_rejects(sheet: Sheet, sheet_name: str | None, bad: set[int], path: Path) -> None:
    """The rejected rows, unchanged: the original lines of a text file (same encoding and
    separator, byte for byte), or a workbook's rows as CSV in the Norwegian Excel dialect."""
    buffer = io.BytesIO()
    if sheet.kind == "csv":
        copy_lines(sheet.path, bad, buffer)
    else:
        from recoverykit.render.csv_dialect import write_rows

        again = open_sheet(sheet.path, sheet_name)
        text = io.StringIO()
        picked = ([cell_text(c) for c in cells] for _loc, line, cells in again.rows if line in bad)
        write_rows(text, again.headers, picked, "excel-nb")
        buffer.write(text.getvalue().encode("utf-8"))
    from recoverykit.services.fit_files import write_file

    write_file(path, buffer.getvalue())
