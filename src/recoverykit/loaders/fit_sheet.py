"""Reading a FIT spreadsheet as rows of cells, streaming: CSV/TXT as Norwegian Excel saves them,
and workbooks (.xlsx, .xlsm, .xls, .ods) through python-calamine.

CSV/TXT: the encoding is detected, not assumed (UTF-8 with or without a BOM, else Windows-1252;
UTF-16 is recognised and refused by name, since Excel's "Unicode text" is UTF-16 and tab-separated
and we would rather say so than guess); the separator (``;``, ``,`` or tab) is detected from the
header line. Rows are yielded one at a time with the physical line they start on, so a million
rows never sit in memory.

Why python-calamine for workbooks: it is a binding to the Rust crate calamine, reads .xlsx, .xls
and .ods, has no Python dependencies, and reads a 100,000-row sheet several times faster than the
pure-Python openpyxl (measured in ``benchmarks/fit_import.py``). It is imported only here, and only
when a workbook is read.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from recoverykit.errors import InvalidInput
from recoverykit.i18n import t

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")
TEXT_SUFFIXES = (".csv", ".txt", ".tsv")
SEPARATORS = (";", ",", "\t")
CHUNK = 1 << 20
Cell = Any  # str | float | int | date | datetime | bool | None (workbooks also give times)


@dataclass
class Sheet:
    """A file opened for reading: its header and a stream of ``(line, cells)``.

    ``line`` is the physical line a row starts on (text files) or its row number (workbooks):
    what a message names (``linje 12`` / ``Ark1!C12``) and what copies a rejected row
    unchanged."""

    path: Path
    kind: str  # "csv" or "workbook"
    headers: list[str]
    rows: Iterator[tuple[int, list[Cell]]]
    encoding: str | None = None
    separator: str | None = None
    sheet_name: str | None = None
    size: int = 0
    position: Any = field(default=None)  # () -> bytes read so far (progress), text files only
    spans: dict[int, int] = field(default_factory=dict)  # first line -> last line of a row
    span: tuple[int, int, int] | None = None  # text: (first byte, end byte, first line)

    def describe(self) -> str:
        if self.kind == "workbook":
            return f"{self.path.name} [{self.sheet_name}]"
        sep = {"\t": "tab", ";": ";", ",": ","}[self.separator or ";"]
        return f"{self.path.name} ({self.encoding}, {sep})"


def _not_spreadsheet(path: Path) -> InvalidInput:
    return InvalidInput(
        "FILE",
        t(
            "{p} er ikke et regneark eller en CSV-fil som kan leses",
            "{p} is not a spreadsheet or a CSV file that can be read",
            p=path.name,
        ),
    )


def _empty(path: Path) -> InvalidInput:
    return InvalidInput(
        "FILE", t("{p} er tom (ingen rader)", "{p} is empty (no rows)", p=path.name)
    )


def open_sheet(path: Path, sheet: str | None = None) -> Sheet:
    """Open ``path`` for reading; bad files are refused with one line naming ``FILE``."""
    if not path.is_file():
        raise InvalidInput("FILE", t("{p} finnes ikke", "{p} does not exist", p=str(path)))
    size = path.stat().st_size
    if size == 0:
        raise InvalidInput("FILE", t("{p} er tom (0 byte)", "{p} is empty (0 bytes)", p=path.name))
    with path.open("rb") as handle:
        head = handle.read(8)
    suffix = path.suffix.lower()
    if suffix in WORKBOOK_SUFFIXES or head.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):
        return _open_workbook(path, sheet, size)
    if sheet is not None:
        raise InvalidInput(
            "--sheet",
            t(
                "gjelder bare arbeidsbøker (.xlsx), ikke {p}",
                "applies to workbooks (.xlsx) only, not {p}",
                p=path.name,
            ),
        )
    return _open_text(path, size)


# --- text files ------------------------------------------------------------------------------------


def detect_encoding(path: Path) -> str:
    """``utf-8-sig``, ``utf-8`` or ``cp1252``; UTF-16 and binary files are refused."""
    with path.open("rb") as handle:
        first = handle.read(CHUNK)
        if first.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or (
            (len(first) >= 4 and first[1:4:2] == b"\x00\x00") or first[0:3:2] == b"\x00\x00"
        ):
            raise InvalidInput(
                "FILE",
                t(
                    "{p} er UTF-16 («Unicode-tekst» fra Excel); lagre den som «CSV UTF-8» "
                    "eller som .xlsx og prøv igjen",
                    "{p} is UTF-16 (Excel's 'Unicode text'); save it as 'CSV UTF-8' or as "
                    ".xlsx and try again",
                    p=path.name,
                ),
            )
        if b"\x00" in first:
            raise _not_spreadsheet(path)
        bom = first.startswith(codecs.BOM_UTF8)
        decoder = codecs.getincrementaldecoder("utf-8")()
        chunk = first
        try:
            while chunk:
                decoder.decode(chunk)
                chunk = handle.read(CHUNK)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            if bom:
                raise _not_spreadsheet(path) from None
            return "cp1252"
    return "utf-8-sig" if bom else "utf-8"


def count_outside_quotes(line: str, char: str) -> int:
    quoted = False
    n = 0
    for ch in line:
        if ch == '"':
            quoted = not quoted
        elif ch == char and not quoted:
            n += 1
    return n


def detect_separator(header: str, name: str) -> str:
    """The separator of the header line: the one of ``;``, ``,`` and tab it holds; refuse a header
    that mixes them."""
    counts = {sep: count_outside_quotes(header, sep) for sep in SEPARATORS}
    used = [sep for sep, n in counts.items() if n]
    if len(used) > 1:
        shown = " ".join(repr(s) if s != "\t" else "tab" for s in used)
        raise InvalidInput(
            f"{name} linje 1",
            t(
                "overskriftslinjen blander skilletegn ({s}); bruk ett av ; , eller tab",
                "the header line mixes separators ({s}); use one of ; , or tab",
                s=shown,
            ),
        )
    if not used:
        return ";"  # one column: the missing columns are reported by name later
    return used[0]


def _open_text(path: Path, size: int) -> Sheet:
    encoding = detect_encoding(path)
    with path.open("rb") as binary:
        handle = io.TextIOWrapper(binary, encoding=encoding, newline="")
        header_line = handle.readline()
        if not header_line.strip():
            raise _empty(path)
        body = len(header_line.encode(encoding))  # the BOM of utf-8-sig included
    separator = detect_separator(header_line.rstrip("\r\n"), path.name)
    headers = next(csv.reader([header_line], delimiter=separator))
    return _text_part(path, [h.strip() for h in headers], encoding, separator, size, body, size, 2)


def _text_part(
    path: Path,
    headers: list[str],
    encoding: str,
    separator: str,
    size: int,
    start: int,
    end: int,
    first_line: int,
) -> Sheet:
    """The rows of a text file between byte ``start`` (a row's start) and ``end``, numbered from
    physical line ``first_line``."""
    body = encoding if encoding != "utf-8-sig" else "utf-8"  # the BOM is before ``start``
    spans: dict[int, int] = {}
    opened: list[IO[bytes]] = []  # the file, once the rows are read (nothing open before)

    def rows() -> Iterator[tuple[int, list[Cell]]]:
        binary = path.open("rb")
        opened.append(binary)
        binary.seek(start)
        handle: IO[str] = io.TextIOWrapper(
            io.BufferedReader(_Window(binary, end - start), CHUNK), encoding=body, newline=""
        )
        reader = csv.reader(handle, delimiter=separator)
        line = first_line
        try:
            for cells in reader:
                last = reader.line_num + first_line - 1  # the physical line this row ends on
                if last > line:  # a quoted cell with line breaks
                    spans[line] = last
                if cells and (len(cells) > 1 or cells[0].strip()):
                    yield line, cells
                line = last + 1
        except csv.Error:
            raise _not_spreadsheet(path) from None
        finally:
            handle.close()

    return Sheet(
        path,
        "csv",
        headers,
        rows(),
        encoding=encoding,
        separator=separator,
        size=size,
        position=lambda: opened[0].tell() - start if opened else 0,
        spans=spans,
        span=(start, end, first_line),
    )


class _Window(io.RawIOBase):
    """At most ``limit`` bytes of an open binary file, from where it stands."""

    def __init__(self, binary: IO[bytes], limit: int) -> None:
        self.binary = binary
        self.left = limit

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if self.left <= 0:
            return 0
        view = memoryview(buffer)[: self.left]
        n = self.binary.readinto(view)  # type: ignore[attr-defined]
        self.left -= n or 0
        return n or 0

    def close(self) -> None:
        self.binary.close()
        super().close()


def split_text(sheet: Sheet, parts: int = 2) -> list[Sheet]:
    """The rows of a text sheet (not yet read) in ``parts`` byte ranges that each start at a row,
    for reading side by side (``fit import`` on two cores). Cut only after a line break and only
    in a file without a quote character before the cut (then every line break ends a row: a
    quoted cell may hold one); a file with quotes early, or a small one, stays whole."""
    if sheet.kind != "csv" or sheet.span is None or parts < 2:
        return [sheet]
    start, end, first = sheet.span
    step = (end - start) // parts
    cuts: list[tuple[int, int]] = [(start, first)]
    lines = first
    position = start
    with sheet.path.open("rb") as binary:
        binary.seek(start)
        for k in range(1, parts):
            target = start + k * step
            while position < target:
                chunk = binary.read(min(CHUNK, target - position))
                whole = chunk[:-1] if chunk.endswith(b"\r") else chunk  # \r|\n at the cut
                if not chunk or b'"' in chunk or b"\r" in whole.replace(b"\r\n", b""):
                    return [sheet]  # a quote (or a lone carriage return): read it whole
                lines += chunk.count(b"\n")
                position += len(chunk)
            rest = binary.read(CHUNK)
            newline = rest.find(b"\n")
            if newline < 0 or b'"' in rest[:newline]:
                return [sheet]
            position += newline + 1
            lines += 1
            binary.seek(position)
            cuts.append((position, lines))
    bounds = [*(c[0] for c in cuts[1:]), end]
    return [
        _text_part(
            sheet.path,
            sheet.headers,
            sheet.encoding or "utf-8",
            sheet.separator or ";",
            sheet.size,
            cut,
            bound,
            line,
        )
        for (cut, line), bound in zip(cuts, bounds, strict=True)
    ]


def copy_lines(
    path: Path, lines: set[int], out: IO[bytes], spans: dict[int, int] | None = None
) -> None:
    """Copy the header and the rows starting on the physical lines ``lines`` of ``path`` to
    ``out`` byte for byte (a rejected row goes back to the user exactly as it was; a row whose
    quoted cell spans lines, as ``spans`` records, is copied with all of its lines)."""
    wanted = set(lines)
    for first in lines:
        wanted.update(range(first, (spans or {}).get(first, first) + 1))
    with path.open("rb") as handle:
        for number, raw in enumerate(handle, start=1):
            if number == 1 or number in wanted:
                out.write(raw)


# --- workbooks -------------------------------------------------------------------------------------


def column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _open_workbook(path: Path, sheet: str | None, size: int) -> Sheet:
    try:
        from python_calamine import CalamineWorkbook
    except ImportError:  # pragma: no cover - a dependency of recoverykit
        raise InvalidInput(
            "FILE",
            t(
                "arbeidsbøker krever python-calamine: pip install python-calamine",
                "workbooks need python-calamine: pip install python-calamine",
            ),
        ) from None
    try:
        book = CalamineWorkbook.from_path(str(path))
    except Exception:
        raise _not_spreadsheet(path) from None
    names = list(book.sheet_names)
    if sheet is None:
        if not names:
            raise _empty(path)
        name = names[0]
    elif sheet in names:
        name = sheet
    else:
        raise InvalidInput(
            "--sheet",
            t(
                "{p} har ikke arket «{s}»; arkene er: {a}",
                "{p} has no sheet '{s}'; its sheets are: {a}",
                p=path.name,
                s=sheet,
                a=", ".join(names),
            ),
        )
    try:
        data = book.get_sheet_by_name(name).iter_rows()
        first = next(data, None)
    except Exception:
        raise _not_spreadsheet(path) from None
    if first is None or not any(str(c).strip() for c in first if c is not None):
        raise _empty(path)
    headers = ["" if c is None else str(c).strip() for c in first]

    def rows() -> Iterator[tuple[int, list[Cell]]]:
        for number, cells in enumerate(data, start=2):
            if not any(c not in (None, "") for c in cells):
                continue
            yield number, list(cells)

    return Sheet(path, "workbook", headers, rows(), sheet_name=name, size=size)
