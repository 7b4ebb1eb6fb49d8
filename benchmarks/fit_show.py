"""``recoverykit fit show CLIENT`` on a small unit and on a big one, whole processes, in one run.

    .venv/bin/python benchmarks/fit_show.py [--runs 30] [--rebuild]

Two SQLite databases from the synthetic generator (``domain/fit/synthetic.py``, one seed): about
1,000 sessions and about 1,000,000 sessions, loaded with the store's bulk loader in one write
transaction, the expected-response table refitted, then ``ANALYZE``. Both are cached under
``$TMPDIR/rk-bench-fit/schema-<head revision>/`` (or ``$RECOVERYKIT_BENCH_CACHE``), so reruns
skip the build; ``--rebuild`` forces it. In each database the benchmark picks the first adult client
whose latest episode has ``SHAPE`` sessions, so both commands draw the same shape of chart.

Timed, interleaved: the floor (``python -c "import sqlite3"``), ``fit show`` on the small unit and on
the big unit. Target: the big unit's median <= 1.5x the small unit's. Afterwards the SQL that
``fit show`` runs is captured in-process (a trace callback on every SQLite connection) and each
statement's ``EXPLAIN QUERY PLAN`` is printed, with any full table scan called out.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks.timing import Series, report, run_series, venv_bin

SEED = 2026
SHAPE = 8  # sessions in the shown client's latest episode
# The generator gives ~6.2 sessions per client (seed 2026): clients for ~1k and ~1M sessions.
UNITS = {"1k": 160, "1M": 161_000}
FLOOR = "floor: python -c 'import sqlite3'"
# Scans that do not grow with the unit: the schema catalogue, the one-row revision table, and the
# expected-response table read newest-first by rowid (ORDER BY id DESC LIMIT 1 stops at one row).
SMALL_SCANS = {"sqlite_master", "alembic_version", "fit_expected"}


def cache_dir() -> Path:
    from recoverykit.store.migrate import head_revision

    base = os.environ.get("RECOVERYKIT_BENCH_CACHE") or os.path.join(
        tempfile.gettempdir(), "rk-bench-fit"
    )
    return Path(base) / f"schema-{head_revision()}"


def build(path: Path, clients: int, rk: str) -> str:
    """The database at ``path`` (built unless cached); a line saying what was done."""
    if path.exists():
        return f"{path.name}: cached ({path.stat().st_size / 1e6:.0f} MB)"
    from recoverykit.config import parse_database_url
    from recoverykit.domain.fit.synthetic import generate
    from recoverykit.services.fit_expected import refit
    from recoverykit.store.connection import Database
    from recoverykit.store.fit import bulk_insert_synthetic

    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".building")
    for leftover in (tmp, Path(f"{tmp}-wal"), Path(f"{tmp}-shm")):
        leftover.unlink(missing_ok=True)
    subprocess.run([rk, "--db", str(tmp), "init"], check=True, capture_output=True)
    start = time.perf_counter()
    db = Database(parse_database_url(str(tmp)))
    with db.write() as conn:
        counts = bulk_insert_synthetic(conn=conn, unit=generate(SEED, clients=clients))
    loaded = time.perf_counter() - start
    refit(db)
    raw = db.connection().raw
    raw.execute("ANALYZE")
    raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    total = time.perf_counter() - start
    os.replace(tmp, path)
    return (
        f"{path.name}: built {counts.sessions:,} sessions, {counts.clients:,} clients in "
        f"{total:.1f} s (bulk load {loaded:.1f} s, refit + ANALYZE {total - loaded:.1f} s), "
        f"{path.stat().st_size / 1e6:.0f} MB"
    )


def pick_client(path: Path, srs: int | None = None) -> tuple[str, int, int]:
    """The first adult client whose latest episode has SHAPE sessions (``srs`` of them with an
    SRS, when given): its code, its SRS count, and the unit's number of sessions."""
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
        row = conn.execute(
            "SELECT c.code, count(s.srs_total) FROM fit_client c "
            "JOIN fit_episode e ON e.client_id = c.id JOIN fit_session s ON s.episode_id = e.id "
            "WHERE c.age_group = 'adult' "
            "AND e.number = (SELECT max(number) FROM fit_episode x WHERE x.client_id = c.id) "
            "GROUP BY c.id, e.id HAVING count(*) = ? AND (? IS NULL OR count(s.srs_total) = ?) "
            "ORDER BY c.id LIMIT 1",
            (SHAPE, srs, srs),
        ).fetchone()
        sessions = conn.execute("SELECT count(*) FROM fit_session").fetchone()[0]
    if row is None:
        raise SystemExit(f"{path.name}: no adult client with {SHAPE} sessions")
    return str(row[0]), int(row[1]), int(sessions)


def query_plans(path: Path, client: str) -> bool:
    """Run ``fit show``'s service in-process with every statement traced; print the plans.
    True if no statement scans a table that grows with the unit."""
    from recoverykit.services.fit_show import show_client
    from recoverykit.services.store import open_store

    statements: list[str] = []
    connect = sqlite3.connect

    def traced(*args, **kwargs):  # type: ignore[no-untyped-def]
        conn = connect(*args, **kwargs)
        conn.set_trace_callback(statements.append)
        return conn

    sqlite3.connect = traced
    try:
        db = open_store(str(path))
        show_client(db, client)
        db.close()
    finally:
        sqlite3.connect = connect
    ok = True
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
        for sql in statements:
            if not sql.lstrip().upper().startswith(("SELECT", "WITH")):
                continue
            print("  " + " ".join(sql.split()))
            for row in conn.execute("EXPLAIN QUERY PLAN " + sql):
                detail = str(row[3])
                scan = detail.startswith("SCAN ") and "USING" not in detail
                table = detail.split()[1] if scan else ""
                bad = scan and table not in SMALL_SCANS
                ok &= not bad
                flag = "   <-- FULL SCAN" if bad else ("   (does not grow)" if scan else "")
                print(f"      {detail}{flag}")
    return ok


def show_argv(rk: str, path: Path, client: str) -> Callable[[int], list[str]]:
    return lambda i: [rk, "--db", str(path), "fit", "show", client]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--rebuild", action="store_true", help="ignore the cached databases")
    args = parser.parse_args()
    rk = venv_bin("recoverykit")
    folder = cache_dir()
    dbs: dict[str, Path] = {}
    for name, clients in UNITS.items():
        path = folder / f"unit-seed{SEED}-{clients}c.db"
        if args.rebuild:
            path.unlink(missing_ok=True)
        print(build(path, clients, rk), flush=True)
        dbs[name] = path
    picked = {"1k": pick_client(dbs["1k"])}
    picked["1M"] = pick_client(dbs["1M"], srs=picked["1k"][1])
    for name, (client, srs, sessions) in picked.items():
        print(f"{name}: {sessions:,} sessions; shown: {client} ({SHAPE} sessions, {srs} with SRS)")
    print()
    series = [Series(FLOOR, lambda i: [sys.executable, "-c", "import sqlite3"])]
    for name, path in dbs.items():
        series.append(Series(f"fit show ({name} sessions)", show_argv(rk, path, picked[name][0])))
    run_series(series, args.runs, env={"COLUMNS": "80", "NO_COLOR": "1"})
    ok = report(series, [("fit show (1M sessions)", "fit show (1k sessions)", 1.5)])
    print("\nSQL run by fit show on the 1M unit, with EXPLAIN QUERY PLAN:")
    plans_ok = query_plans(dbs["1M"], picked["1M"][0])
    print("no full scans of growing tables" if plans_ok else "FULL SCAN found")
    return 0 if ok and plans_ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
