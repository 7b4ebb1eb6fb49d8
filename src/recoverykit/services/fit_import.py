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
    FastRow,
    Problem,
    RowError,
    RowReader,
    build_mapping,
    cell_text,
    compact,
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

    def add(self, client: int, row: FastRow, line: int) -> None:
        day = row[1]
        if self.sorted and (client, day) < self._last:
            self.sorted = False
        self._last = (client, day)
        if row[7] is not None or row[8] is not None:
            self.extra[len(self.client)] = (row[7], row[8], row[9])
        self.client.append(client)
        self.day.append(day)
        self.line.append(line)
        rater = row[5]
        self.rater.append(-1 if rater is None else RATERS.index(rater))
        self.items += row[2]

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
    fast = reader.fast if sheet.kind == "csv" else None
    count = 0
    for count, (loc, line, cells) in enumerate(sheet.rows, start=1):
        row = None if fast is None else fast(cells)
        if row is None:
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
                full = reader.read(location, cells)
            except RowError as error:
                reject(line, error.problems)
                continue
            reader.learn(cells, full)
            row = compact(full)
        elif count % 20_000 == 0:
            if progress is not None:
                progress(sheet.position() if sheet.position else count, sheet.size or None)
        elif len(summary.preview) < PREVIEW_ROWS:
            summary.preview.append(
                (
                    locate(loc, line)(-1),
                    [(h, cell_text(cells[i]) if i < len(cells) else "") for h, i in shown],
                )
            )
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
        if (
            department is not None
            and new_clients[index] is not None
            and department not in depts.known
        ):
            found = depts.resolve(department, locate(loc, line), mapping)
            if found is not None:
                reject(line, [found])
                continue
        rows.add(index, row, line)
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
    writer.prepare(len(rows))
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
        self.known: set[str] = set()
        for r in q.departments(conn=conn):
            self.ids.setdefault(match_key(r["name"]), int(r["id"]))
        for r in q.departments(conn=conn):
            self.ids[r["code_key"]] = int(r["id"])

    def resolve(
        self, value: str, location: Callable[[int], str], mapping: ColumnMap
    ) -> Problem | None:
        key = match_key(value)
        if key in self.ids:
            self.known.add(value)
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
        self.known.add(value)
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
        self.iso: dict[int, Any] = {}

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
                    as_date(latest[-1]["session_date"]).toordinal() if latest else None,  # type: ignore[union-attr]
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

        r_line, r_day, r_rater, items, extras = (
            rows.line,
            rows.day,
            rows.rater,
            rows.items,
            rows.extra,
        )
        sessions, iso, summary, settings = w.sessions, self.iso, self.summary, self.s
        gap_days = self.gap.days
        for i in group:
            ordinal = r_day[i]
            rater = RATERS[r_rater[i]] if r_rater[i] >= 0 else default_rater
            if (ordinal, rater) in seen:
                self._problem(
                    r_line[i],
                    "date",
                    t(
                        "samme klient, dato og utfyller som linje/rad {n} i filen",
                        "same client, date and rater as line/row {n} in the file",
                        n=seen[(ordinal, rater)],
                    ),
                )
                continue
            seen[(ordinal, rater)] = r_line[i]
            if before:
                day = date.fromordinal(ordinal)
                old = by_day.get((day, rater)) or next(
                    (s for (d, _r), s in by_day.items() if d == day), None
                )
                if old is not None:
                    ors, srs = rows.scores(i)
                    self._compare(old, r_line[i], code, day, rater, ors, srs)
                    continue
                if last_stored is not None and day <= last_stored:
                    self._problem(
                        r_line[i],
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
            extra = extras.get(i, NO_EXTRA)
            value = extra[0]
            start = episode is None or episode[4] is not None
            if episode is not None and not start:
                if value is not None and episode[7] is not None and value != episode[7]:
                    start = True
                elif episode[3] is not None and ordinal - episode[3] > gap_days:
                    close(episode, date.fromordinal(episode[3]), "other", stored_episode)
                    summary.closed_by_gap += 1
                    start = True
            if start and episode is not None and episode[4] is not None:
                closed_on = episode[4][0]
                if ordinal <= closed_on.toordinal():
                    self._problem(
                        r_line[i],
                        "date",
                        t(
                            "{d} er ikke etter at forrige forløp ble avsluttet ({c})",
                            "{d} is not after the previous episode was closed ({c})",
                            d=date.fromordinal(ordinal).isoformat(),
                            c=closed_on.isoformat(),
                        ),
                    )
                    continue
            if start:
                number = 1 if episode is None else episode[1] + 1
                episode = [w.new_episode_id(), number, ordinal, None, None, 0, None, value]
                episodes.append(episode)
                stored_episode = False
                summary.episodes_new += 1
            assert episode is not None
            episode[3] = ordinal
            episode[5] += 1
            if episode[7] is None:
                episode[7] = value
            b = items[i * 8 : i * 8 + 8]
            if b[4] == NONE_ITEM:
                srs_values: tuple[Any, ...] = NO_SRS_VALUES
                alert = False
            else:
                srs = (TENTHS[b[4]], TENTHS[b[5]], TENTHS[b[6]], TENTHS[b[7]])
                srs_total = (b[4] + b[5] + b[6] + b[7]) / 10
                alert = srs_alert_flag(srs, srs_total, episode[6], settings)
                episode[6] = srs_total
                srs_values = (*srs, srs_total)
            day_text = iso.get(ordinal)
            if day_text is None:
                day_text = iso[ordinal] = w.day(date.fromordinal(ordinal))
            sessions.append(
                (
                    w.new_session_id(),
                    episode[0],
                    dept_id,
                    episode[5],
                    day_text,
                    rater,
                    TENTHS[b[0]],
                    TENTHS[b[1]],
                    TENTHS[b[2]],
                    TENTHS[b[3]],
                    (b[0] + b[1] + b[2] + b[3]) / 10,
                    *srs_values,
                    alert,
                )
            )
            summary.new += 1
            if extra[1] is not None:
                close(episode, extra[1], extra[2] or "other", stored_episode)
                summary.closed_by_end += 1
        for ep in episodes:
            closed = ep[4] or (None, None)
            w.episodes.append(
                (
                    ep[0],
                    client_id,
                    ep[1],
                    dept_id,
                    w.day(date.fromordinal(ep[2])),
                    w.day(closed[0]),
                    closed[1],
                )
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
        copy_lines(sheet.path, bad, buffer, sheet.spans)
    else:
        from recoverykit.render.csv_dialect import write_rows

        again = open_sheet(sheet.path, sheet_name)
        text = io.StringIO()
        picked = ([cell_text(c) for c in cells] for _loc, line, cells in again.rows if line in bad)
        write_rows(text, again.headers, picked, "excel-nb")
        buffer.write(text.getvalue().encode("utf-8"))
    from recoverykit.services.fit_files import write_file

    write_file(path, buffer.getvalue())
