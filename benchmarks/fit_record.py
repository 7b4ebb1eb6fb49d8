"""``recoverykit fit record`` (the command run with the client, after every session), whole
processes, against the floor and a peer in one run.

    .venv/bin/python benchmarks/fit_record.py [--runs 30]

floor: ``python -c "import sqlite3"``; peer: ``sqlite-utils insert`` of one row into a SQLite file;
ours: ``recoverykit --db X fit record CLIENT --ors A B C D --srs A B C D --date D``. Setup (not
timed) creates the database, one department and CLIENTS clients; run ``i`` records for client
``i % CLIENTS`` one week after its previous session, so no run is ever a duplicate and no episode
grows past a realistic length. Target: ``fit record`` median <= 2.5x the peer.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks.timing import Series, report, run_series, venv_bin

CLIENTS = 5
FIRST = date(2026, 1, 5)
PEER = "peer: sqlite-utils insert (1 row)"
OURS = "recoverykit fit record"


def record_argv(rk: str, db: str, i: int) -> list[str]:
    client = f"K-{i % CLIENTS + 1:04d}"
    day = FIRST + timedelta(weeks=i // CLIENTS)
    ors = [f"{(3.0 + i % 7 * 0.5 + k):.1f}" for k in range(4)]
    srs = [f"{(9.6 - k * 0.2):.1f}" for k in range(4)]
    argv = [rk, "--db", db, "fit", "record", client, "--ors", *ors, "--srs", *srs]
    return [*argv, "--date", day.isoformat()]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="rk-bench-"))
    db = str(work / "unit.db")
    peer_db = str(work / "peer.db")
    rk = venv_bin("recoverykit")
    sqlite_utils = venv_bin("sqlite-utils")

    def setup(*argv: str) -> None:
        proc = subprocess.run([rk, "--db", db, *argv], capture_output=True, text=True)
        if proc.returncode != 0:
            raise SystemExit(f"setup failed: recoverykit {' '.join(argv)}\n{proc.stderr}")

    setup("init")
    setup("dept", "add", "A01", "Avdeling 1")
    for k in range(1, CLIENTS + 1):
        setup("fit", "client", "add", f"K-{k:04d}", "--dept", "A01", "--clinician", "F-001")
    row = work / "row.json"
    row.write_text('{"client": "K-0001", "ors_total": 21.5, "srs_total": 38.0}')
    series = [
        Series(
            "floor: python -c 'import sqlite3'", lambda i: [sys.executable, "-c", "import sqlite3"]
        ),
        Series(PEER, lambda i: [sqlite_utils, "insert", peer_db, "fit_session", str(row)]),
        Series(OURS, lambda i: record_argv(rk, db, i)),
    ]
    run_series(series, args.runs)
    ok = report(series, [(OURS, PEER, 2.5)])
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
