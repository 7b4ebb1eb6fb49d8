"""The cost of access checks and the access log: ``fit show`` and ``fit record`` with this
version against the same commands in a version before it (default: the ``main`` branch), whole
processes, one interleaved run.

    .venv/bin/python benchmarks/access_overhead.py [--runs 20] [--before main]

The earlier version is unpacked with ``git archive`` into a temporary folder and run with the
same interpreter (``PYTHONPATH`` pointing at its ``src/``), each version on its own SQLite file
with the same unit: one department, CLIENTS clients with a few sessions each. ``fit record`` run
``i`` records for client ``i % CLIENTS`` one week after its previous session (so every run is a
new session and a new log entry); ``fit show`` shows client K-0001. Ours runs in single-user mode
and after ``access grant`` (checks on, as a clinician of the department): both write a log entry.
Target: each command <= 1.3x the earlier version.
"""

from __future__ import annotations

import argparse
import getpass
import os
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks.timing import Series, report, run_series

ROOT = Path(__file__).resolve().parent.parent
CLIENTS = 5
FIRST = date(2026, 1, 5)


def unpack(ref: str, into: Path) -> Path:
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", ref], capture_output=True, check=True
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)
    return into / "src"


def command(src: Path | None, db: str, args: Sequence[str]) -> list[str]:
    """``recoverykit --db DB ARGS`` from ``src`` (None: this checkout)."""
    code = "import sys; from recoverykit.cli import main; main(sys.argv[1:])"
    path = str(src if src is not None else ROOT / "src")
    return ["env", f"PYTHONPATH={path}", sys.executable, "-c", code, "--db", db, *args]


def record_args(i: int, extra: int) -> list[str]:
    client = f"K-{i % CLIENTS + 1:04d}"
    day = FIRST + timedelta(weeks=extra + i // CLIENTS)
    ors = [f"{(3.0 + i % 7 * 0.5 + k):.1f}" for k in range(4)]
    srs = [f"{(9.6 - k * 0.2):.1f}" for k in range(4)]
    return ["fit", "record", client, "--ors", *ors, "--srs", *srs, "--date", day.isoformat()]


def setup(src: Path | None, db: str, login_grant: bool) -> None:
    def run(*argv: str) -> None:
        proc = subprocess.run(command(src, db, argv), capture_output=True, text=True)
        if proc.returncode != 0:
            raise SystemExit(f"setup failed: {' '.join(argv)}\n{proc.stderr}")

    run("init")
    run("dept", "add", "A01", "Avdeling 1")
    for k in range(1, CLIENTS + 1):
        run("fit", "client", "add", f"K-{k:04d}", "--dept", "A01", "--clinician", "F-001")
    for w in range(4):
        for k in range(CLIENTS):
            run(*record_args(k + w * CLIENTS, 0))
    if login_grant:
        run("access", "grant", getpass.getuser(), "--role", "clinician", "--dept", "A01")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--before", default="main")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="rk-bench-access-"))
    base = unpack(args.before, work)
    dbs = {name: str(work / f"{name}.db") for name in ("before", "ours", "granted")}
    setup(base, dbs["before"], False)
    setup(None, dbs["ours"], False)
    setup(None, dbs["granted"], True)
    os.environ.pop("RECOVERYKIT_DB", None)
    series = [
        Series(
            "floor: python -c 'import sqlite3'", lambda i: [sys.executable, "-c", "import sqlite3"]
        ),
        Series(
            "before: fit show", lambda i: command(base, dbs["before"], ["fit", "show", "K-0001"])
        ),
        Series("ours: fit show", lambda i: command(None, dbs["ours"], ["fit", "show", "K-0001"])),
        Series(
            "ours+grants: fit show",
            lambda i: command(None, dbs["granted"], ["fit", "show", "K-0001"]),
        ),
        Series("before: fit record", lambda i: command(base, dbs["before"], record_args(i, 4))),
        Series("ours: fit record", lambda i: command(None, dbs["ours"], record_args(i, 4))),
        Series(
            "ours+grants: fit record", lambda i: command(None, dbs["granted"], record_args(i, 4))
        ),
    ]
    run_series(series, args.runs)
    ok = report(
        series,
        [
            ("ours: fit show", "before: fit show", 1.3),
            ("ours+grants: fit show", "before: fit show", 1.3),
            ("ours: fit record", "before: fit record", 1.3),
            ("ours+grants: fit record", "before: fit record", 1.3),
        ],
    )
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
