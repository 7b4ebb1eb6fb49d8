"""Start-up cost of whole recoverykit processes against the floor and a peer, in one run.

    .venv/bin/python benchmarks/startup.py [--runs 30]

floor: ``python -c "import sqlite3"``; peer: ``sqlite-utils insert`` of one row into a SQLite file.
Targets: every command that opens no database (``--help``, ``--version``, ``cards list``,
``values list``, ``instrument list``)
median <= 6x the floor (issue 15; issue 2 had 8x for ``--help``); ``dept add`` median <= 2.5x
the peer. Bytecode is cached as in an installed package (benchmarks/timing.py).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks.timing import Series, report, run_series, venv_bin


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="rk-bench-"))
    db = str(work / "unit.db")
    peer_db = str(work / "peer.db")
    rk = venv_bin("recoverykit")
    sqlite_utils = venv_bin("sqlite-utils")
    subprocess.run([rk, "--db", db, "init"], check=True, capture_output=True)
    subprocess.run([rk, "--db", db, "dept", "add", "BASE", "Base"], check=True, capture_output=True)
    json_row = work / "row.json"
    json_row.write_text('{"code": "X", "name": "Avdeling"}')
    series = [
        Series(
            "floor: python -c 'import sqlite3'", lambda i: [sys.executable, "-c", "import sqlite3"]
        ),
        Series(
            "peer: sqlite-utils insert (1 row)",
            lambda i: [sqlite_utils, "insert", peer_db, "department", str(json_row)],
        ),
        Series("recoverykit --help", lambda i: [rk, "--help"]),
        Series("recoverykit cards list", lambda i: [rk, "cards", "list"]),
        Series("recoverykit values list", lambda i: [rk, "values", "list"]),
        Series("recoverykit instrument list", lambda i: [rk, "instrument", "list"]),
        Series("recoverykit --version", lambda i: [rk, "--version"]),
        Series("recoverykit dept list", lambda i: [rk, "--db", db, "dept", "list"]),
        Series(
            "recoverykit dept add",
            lambda i: [rk, "--db", db, "dept", "add", f"D{i}", f"Avdeling {i}"],
        ),
    ]
    run_series(series, args.runs)
    ok = report(
        series,
        [
            # commands that open no database (issue 15): <= 6x the floor
            ("recoverykit --help", "floor: python -c 'import sqlite3'", 6.0),
            ("recoverykit cards list", "floor: python -c 'import sqlite3'", 6.0),
            ("recoverykit values list", "floor: python -c 'import sqlite3'", 6.0),
            ("recoverykit instrument list", "floor: python -c 'import sqlite3'", 6.0),
            ("recoverykit --version", "floor: python -c 'import sqlite3'", 6.0),
            ("recoverykit dept add", "peer: sqlite-utils insert (1 row)", 2.5),
            ("recoverykit dept list", "peer: sqlite-utils insert (1 row)", 2.5),
        ],
    )
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
