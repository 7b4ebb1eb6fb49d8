"""How ``fit export`` writes: CSV in a dialect (``excel-nb`` or ``plain``), JSON, or .xlsx."""

from __future__ import annotations

import io
import sys
from pathlib import Path
from typing import Any

from recoverykit.cli.common import echo
from recoverykit.i18n import t, tr

# Norwegian headers of the excel-nb dialect and the workbook; ``fit import`` recognises each.
HEADERS_NB = {
    "client": "Klient",
    "department": "Avdeling",
    "episode": "Forløp",
    "session": "Samtale",
    "date": "Dato",
    "rater": "Utfyller",
    "ors1": "ORS 1",
    "ors2": "ORS 2",
    "ors3": "ORS 3",
    "ors4": "ORS 4",
    "ors_total": "ORS total",
    "srs1": "SRS 1",
    "srs2": "SRS 2",
    "srs3": "SRS 3",
    "srs4": "SRS 4",
    "srs_total": "SRS total",
    "clinician": "Behandler",
    "age_group": "Aldersgruppe",
    "episode_end": "Avsluttet",
    "end_reason": "Årsak",
}
HEADERS_EN = {
    "episode_end": "Episode end",
    "end_reason": "End reason",
    "age_group": "Age group",
    "ors_total": "ORS total",
    "srs_total": "SRS total",
}


def headers(columns: tuple[str, ...], dialect: str) -> list[str]:
    if dialect == "plain":
        return list(columns)
    return [
        tr(
            HEADERS_NB[c],
            HEADERS_EN.get(c, HEADERS_NB[c] if c[:3] in ("ors", "srs") else c.capitalize()),
        )
        for c in columns
    ]


def export_bytes(rows: list[dict[str, Any]], fmt: str, dialect: str) -> bytes:
    from recoverykit.services.fit_reports import EXPORT_COLUMNS

    if fmt == "json":
        plain = [
            {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in r.items()}
            for r in rows
        ]
        from recoverykit.render.output import dumps_json  # as every JSON recoverykit prints

        return (dumps_json(plain, indent=1) + "\n").encode("utf-8")
    values = ([r[k] for k in EXPORT_COLUMNS] for r in rows)
    if fmt == "xlsx":
        from recoverykit.render.xlsx import write_workbook

        return write_workbook(
            tr("Samtaler", "Sessions"), headers(EXPORT_COLUMNS, "excel-nb"), values
        )
    from recoverykit.render.csv_dialect import write_rows

    text = io.StringIO(newline="")
    write_rows(text, headers(EXPORT_COLUMNS, dialect), values, dialect, bom=True, crlf=True)
    return text.getvalue().encode("utf-8")


def write_export(rows: list[dict[str, Any]], fmt: str, dialect: str, out: str | None) -> None:
    from recoverykit.errors import InvalidInput

    if out is not None:
        from recoverykit.domain.idnumber import guard_text
        from recoverykit.services.fit_files import check_target

        guard_text("--out", out)
        check_target("--out", Path(out))
    elif fmt == "xlsx":
        raise InvalidInput(
            "--out",
            t("trengs med --format xlsx", "is needed with --format xlsx"),
        )
    data = export_bytes(rows, fmt, dialect)
    if out is None:
        sys.stdout.flush()
        buffer = getattr(sys.stdout, "buffer", None)
        if buffer is None:  # pragma: no cover - a text-only stream
            sys.stdout.write(data.decode("utf-8"))
        else:
            buffer.write(data)  # bytes as they are: the BOM and CRLF of excel-nb
            buffer.flush()
        return
    from recoverykit.services.fit_files import write_file

    write_file(Path(out), data)
    echo(t("Skrev {n} samtaler til {p}.", "Wrote {n} sessions to {p}.", n=len(rows), p=out))
