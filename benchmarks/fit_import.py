"""``recoverykit fit import`` of a Norwegian-dialect CSV and of a workbook, against floors and a peer.

    .venv/bin/python benchmarks/fit_import.py [--rows 1000000] [--xlsx-rows 100000] [--pg URL]

The input is generated (untimed) once per size under ``$TMPDIR/rk-bench-import`` (or
``$RECOVERYKIT_BENCH_CACHE``): ``--rows`` sessions of 20 per client (weekly, 2024–2026), in the
Norwegian Excel dialect (``;``, decimal comma, ``dd.mm.yyyy``, UTF-8 with a BOM, CRLF), with
department, clinician, ORS and SRS items — what ``fit export`` writes. All in one run:

- ours: ``recoverykit fit import FILE --quiet`` as a whole process into a fresh, initialised
  SQLite file (full validation, episodes, the bulk insert, ANALYZE); wall time and the child's
  peak RSS (``getrusage(RUSAGE_CHILDREN)``).
- floor: a bare stdlib ``executemany`` of the same rows (already tuples, nothing checked) into
  the same three tables of a fresh database (indexes, constraints, foreign keys), one transaction.
- peer: ``sqlite-utils insert DB sessions FILE --csv --delimiter ';'`` (no validation).
- PostgreSQL (``--pg``, or ``RECOVERYKIT_TEST_DATABASE_URL``): ours into a fresh database against
  ``psql \\copy`` of the same file into a table of the same shape (the floor).
- Workbook: ``--xlsx-rows`` sessions as .xlsx; ours against reading the sheet alone with
  python-calamine (the reader ``fit import`` uses).
- The store's synthetic bulk loader (``store/fit_bulk.py``, demo and benchmarks) for comparison.

Targets: SQLite ≤ 8 s and ≤ 3× the floor; peak memory < 300 MB.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from statistics import median

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks.timing import venv_bin
from recoverykit.store.fit_import import CLIENT_COLUMNS, EPISODE_COLUMNS, SESSION_COLUMNS

PER_CLIENT = 20
TARGET_S = 8.0
TARGET_RATIO = 3.0
RSS_LIMIT_MB = 300
HEADER = "Klient;Avdeling;Behandler;Dato;ORS 1;ORS 2;ORS 3;ORS 4;SRS 1;SRS 2;SRS 3;SRS 4"
DEPARTMENTS = ("BOLIG", "RUS", "AKT", "NATT", "UNG")


def cache_dir() -> Path:
    base = os.environ.get("RECOVERYKIT_BENCH_CACHE") or os.path.join(
        tempfile.gettempdir(), "rk-bench-import"
    )
    path = Path(base)
    path.mkdir(parents=True, exist_ok=True)
    return path


def sessions(rows: int, seed: int = 2026):  # type: ignore[no-untyped-def]
    """(code, department, clinician, date, 4 ORS, 4 SRS) per session, client by client."""
    rng = random.Random(seed)
    start = date(2024, 1, 1)
    items = [round(x / 10, 1) for x in range(0, 101)]
    high = [round(x / 10, 1) for x in range(70, 101)]
    for n in range(rows):
        c, k = divmod(n, PER_CLIENT)
        if k == 0:
            code = f"K-{c:06d}"
            dept = DEPARTMENTS[c % len(DEPARTMENTS)]
            clinician = f"Fagperson {c % 97}"
            first = start + timedelta(days=c % 300)
        day = first + timedelta(weeks=k)
        ors = [rng.choice(items) for _ in range(4)]
        srs = [rng.choice(high) for _ in range(4)]
        yield code, dept, clinician, day, ors, srs


def nb(x: float) -> str:
    return f"{x:g}".replace(".", ",")


def write_csv(path: Path, rows: int) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        f.write(HEADER + "\r\n")
        for code, dept, who, day, ors, srs in sessions(rows):
            f.write(
                f"{code};{dept};{who};{day:%d.%m.%Y};"
                + ";".join(nb(x) for x in ors)
                + ";"
                + ";".join(nb(x) for x in srs)
                + "\r\n"
            )


def write_xlsx(path: Path, rows: int) -> None:
    from recoverykit.render.xlsx import write_workbook

    data = ([c, d, w, day, *o, *s] for c, d, w, day, o, s in sessions(rows))
    path.write_bytes(write_workbook("Ark1", HEADER.split(";"), data))


def child(argv: list[str], env: dict[str, str] | None = None) -> float:
    start = time.perf_counter()
    proc = subprocess.run(argv, capture_output=True, env={**os.environ, **(env or {})})
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"{argv[:3]} failed: {proc.stderr.decode(errors='replace')[:2000]}")
    return elapsed


def fresh_db(rk: str, path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    child([rk, "--db", str(path), "init"])
    for code in DEPARTMENTS:
        child([rk, "--db", str(path), "dept", "add", code, f"Avdeling {code}"])


def floor_sqlite(rows: int, path: Path, rk: str, *, ours: bool = False) -> float:
    """The same rows as plain tuples (made before the clock starts) through a bare stdlib
    ``executemany`` into the same tables of a fresh database, in one transaction: the cost of
    the insert alone with the schema's indexes and CHECKs and the stdlib's defaults (foreign
    keys off). ``ours``: with the import's own settings as well (foreign-key and CHECK work off,
    a 64 MB page cache, the secondary indexes built again at the end, ANALYZE): what our write
    path costs with nothing read or checked."""
    from recoverykit.store.fit_import import REBUILD_INDEXES, SQLITE_CACHE_KIB

    clients, episodes, data = [], [], []
    for n, (code, dept, who, day, ors, srs) in enumerate(sessions(rows)):
        c = n // PER_CLIENT + 1
        if n % PER_CLIENT == 0:
            d = DEPARTMENTS.index(dept) + 1
            clients.append((c, code, code.casefold(), d, who, who.casefold(), "adult"))
            episodes.append((c, c, 1, d, day.isoformat(), None, None))
        data.append(
            (
                n + 1,
                c,
                d,
                n % PER_CLIENT + 1,
                day.isoformat(),
                "client",
                *ors,
                sum(ors),
                *srs,
                sum(srs),
                False,
            )
        )
    fresh_db(rk, path)
    conn = sqlite3.connect(path, isolation_level=None)
    if ours:
        conn.execute("PRAGMA ignore_check_constraints = ON")
        conn.execute(f"PRAGMA cache_size = -{SQLITE_CACHE_KIB}")
        conn.execute("PRAGMA synchronous = NORMAL")
    start = time.perf_counter()
    conn.execute("BEGIN IMMEDIATE")
    if ours:
        for name, _columns in REBUILD_INDEXES:
            conn.execute(f"DROP INDEX {name}")
    conn.executemany(
        f"INSERT INTO fit_client ({', '.join(CLIENT_COLUMNS)}) VALUES ({', '.join('?' * 7)})",
        clients,
    )
    conn.executemany(
        f"INSERT INTO fit_episode ({', '.join(EPISODE_COLUMNS)}) VALUES ({', '.join('?' * 7)})",
        episodes,
    )
    conn.executemany(
        f"INSERT INTO fit_session ({', '.join(SESSION_COLUMNS)}) VALUES ({', '.join('?' * 17)})",
        data,
    )
    if ours:
        for name, columns in REBUILD_INDEXES:
            conn.execute(f"CREATE INDEX {name} ON fit_session ({columns})")
        for table in ("fit_client", "fit_episode", "fit_session"):
            conn.execute(f"ANALYZE {table}")
    conn.execute("COMMIT")
    elapsed = time.perf_counter() - start
    conn.close()
    return elapsed


def floor_in_child(rows: int, kind: str) -> float:
    """:func:`floor_sqlite` in a process of its own: the million tuples it builds would
    otherwise sit in this process, and every child forked from it afterwards would count them
    in its peak RSS (``RUSAGE_CHILDREN``) before it execs."""
    proc = subprocess.run(
        [sys.executable, __file__, "--rows", str(rows), "--floor", kind],
        capture_output=True,
        text=True,
        check=True,
    )
    return float(proc.stdout.strip().splitlines()[-1])


MEASURE = (
    "import resource, subprocess, sys, time; t = time.perf_counter(); "
    "p = subprocess.run(sys.argv[1:], capture_output=True); "
    "t = time.perf_counter() - t; "
    "sys.exit(p.stderr.decode(errors='replace')[:2000]) if p.returncode else "
    "print(t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)"
)


def measured(argv: list[str]) -> tuple[float, float]:
    """Wall time and peak RSS (MB, of the command and any process it forks) of ``argv`` run
    from a small process of its own, so no other child of this script counts in the peak."""
    proc = subprocess.run(
        [sys.executable, "-c", MEASURE, *argv], capture_output=True, text=True, check=False
    )
    if proc.returncode != 0:
        raise SystemExit(f"{argv[:3]} failed: {proc.stderr[:2000]}")
    seconds, peak = proc.stdout.split()
    return float(seconds), float(peak)


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def bulk_loader_seconds(path: Path, rk: str, clients: int) -> tuple[float, int]:
    from recoverykit.domain.fit.synthetic import generate
    from recoverykit.services.store import open_store
    from recoverykit.store.fit_bulk import bulk_insert_synthetic

    fresh_db(rk, path)
    db = open_store(str(path))
    unit = generate(seed=1, clients=clients)
    start = time.perf_counter()
    with db.write() as conn:
        counts = bulk_insert_synthetic(conn=conn, unit=unit)
    elapsed = time.perf_counter() - start
    db.close()
    return elapsed, counts.sessions


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--xlsx-rows", type=int, default=100_000)
    parser.add_argument("--pg", default=os.environ.get("RECOVERYKIT_TEST_DATABASE_URL"))
    parser.add_argument("--only-pg", action="store_true", help="only the PostgreSQL part")
    parser.add_argument("--repeat", type=int, default=3, help="interleaved runs (medians)")
    parser.add_argument("--floor", choices=("plain", "ours"), help=argparse.SUPPRESS)
    parser.add_argument(
        "--bulk-clients",
        type=int,
        default=0,
        help="also time the synthetic bulk loader with this many clients",
    )
    args = parser.parse_args()
    rk = venv_bin("recoverykit")
    work = cache_dir()
    if args.floor:
        print(
            floor_sqlite(args.rows, work / f"floor-{args.floor}.db", rk, ours=args.floor == "ours")
        )
        return 0
    source = work / f"fit-{args.rows}.csv"
    if not source.exists():
        t0 = time.perf_counter()
        write_csv(source, args.rows)
        print(
            f"generated {source} ({source.stat().st_size / 1e6:.0f} MB) in "
            f"{time.perf_counter() - t0:.1f} s"
        )
    ok = True
    target = work / "ours.db"
    if args.only_pg:
        pg_floor, pg_copy, pg_ours = postgres(args.pg, rk, source, args.rows)
        print_pg(args.rows, pg_floor, pg_copy, pg_ours)
        return 0

    # SQLite: ours, floors, peer, interleaved ---------------------------------------------------
    ours_runs: list[float] = []
    floors: list[float] = []
    lows: list[float] = []
    rss = 0.0
    for _ in range(args.repeat):
        fresh_db(rk, target)
        seconds, peak = measured([rk, "--db", str(target), "fit", "import", str(source), "--quiet"])
        ours_runs.append(seconds)
        rss = max(rss, peak)
        floors.append(floor_in_child(args.rows, "plain"))
        lows.append(floor_in_child(args.rows, "ours"))
    ours, floor, low = median(ours_runs), median(floors), median(lows)
    check = sqlite3.connect(target)
    stored = check.execute("SELECT count(*) FROM fit_session").fetchone()[0]
    analysed = check.execute("SELECT count(*) FROM sqlite_stat1").fetchone()[0]
    check.close()
    assert stored == args.rows, (stored, args.rows)
    peer_db = work / "peer.db"
    peer_db.unlink(missing_ok=True)
    peer = child(
        [
            venv_bin("sqlite-utils"),
            "insert",
            str(peer_db),
            "sessions",
            str(source),
            "--csv",
            "--delimiter",
            ";",
        ]
    )
    runs = " ".join(f"{x:.2f}" for x in sorted(ours_runs))
    print(f"\n{args.rows:,} rows, SQLite (medians of {args.repeat} interleaved runs)")
    print(f"  floor: stdlib executemany, one transaction   {floor:7.2f} s")
    print(f"  floor with the import's own settings         {low:7.2f} s")
    print(f"  peer:  sqlite-utils insert --csv              {peer:7.2f} s")
    print(
        f"  ours:  recoverykit fit import (whole process)  {ours:7.2f} s ({runs}), "
        f"peak RSS {rss:.0f} MB, ANALYZE rows {analysed}"
    )
    for label, met in (
        (f"ours <= {TARGET_S:g} s: {ours:.2f} s", ours <= TARGET_S),
        (f"ours / floor <= {TARGET_RATIO:g}x: {ours / floor:.2f}x", ours / floor <= TARGET_RATIO),
        (f"peak RSS < {RSS_LIMIT_MB} MB: {rss:.0f} MB", rss < RSS_LIMIT_MB),
    ):
        ok &= met
        print(f"  {label} {'OK' if met else 'MISSED'}")
    print(f"  ours / floor with our settings: {ours / low:.2f}x")
    print(f"  ours / peer: {ours / peer:.2f}x")

    # PostgreSQL: ours (COPY) against psql \copy ----------------------------------------------
    if args.pg:
        pg_floor, pg_copy, pg_ours = postgres(args.pg, rk, source, args.rows)
        print_pg(args.rows, pg_floor, pg_copy, pg_ours)

    # Workbook: ours against reading it alone ---------------------------------------------------
    if args.xlsx_rows:
        book = work / f"fit-{args.xlsx_rows}.xlsx"
        if not book.exists():
            write_xlsx(book, args.xlsx_rows)
        read = child(
            [
                sys.executable,
                "-c",
                "import sys; from python_calamine import CalamineWorkbook as W; "
                "s = W.from_path(sys.argv[1]).get_sheet_by_name('Ark1'); "
                "n = sum(1 for _ in s.iter_rows())",
                str(book),
            ]
        )
        fresh_db(rk, target)
        ours_x = child([rk, "--db", str(target), "fit", "import", str(book), "--quiet"])
        print(f"\n{args.xlsx_rows:,} rows, .xlsx")
        print(f"  reading it alone with python-calamine       {read:7.2f} s")
        print(
            f"  ours:  recoverykit fit import                {ours_x:7.2f} s "
            f"({ours_x / read:.2f}x reading alone)"
        )

    if args.bulk_clients:
        seconds, n = bulk_loader_seconds(work / "bulk.db", rk, args.bulk_clients)
        print(f"\nstore/fit_bulk.py synthetic loader: {n:,} sessions in {seconds:.2f} s")
    print("\nall targets met" if ok else "\nTARGET MISSED")
    return 0 if ok else 1


def print_pg(rows: int, pg_floor: float, pg_copy: float, pg_ours: float) -> None:
    print(f"\n{rows:,} rows, PostgreSQL")
    print(f"  floor: psql \\copy of the file (text table)     {pg_floor:7.2f} s")
    print(f"  floor: psycopg COPY of the rows as tuples into the real tables {pg_copy:7.2f} s")
    print(
        f"  ours:  recoverykit fit import (COPY)           {pg_ours:7.2f} s "
        f"({pg_ours / pg_floor:.2f}x psql, {pg_ours / pg_copy:.2f}x the typed COPY)"
    )


def copy_floor(dsn: str, rows: int) -> float:
    """The same rows as tuples (made before the clock starts) through psycopg's COPY into the
    real tables, one transaction: what the insert itself costs on PostgreSQL."""
    import psycopg

    clients, episodes, data = [], [], []
    for n, (code, dept, who, day, ors, srs) in enumerate(sessions(rows)):
        c = n // PER_CLIENT + 1
        if n % PER_CLIENT == 0:
            d = DEPARTMENTS.index(dept) + 1
            clients.append((c, code, code.casefold(), d, who, who.casefold(), "adult"))
            episodes.append((c, c, 1, d, day, None, None))
        data.append(
            (n + 1, c, d, n % PER_CLIENT + 1, day, "client", *ors, sum(ors), *srs, sum(srs), False)
        )
    with psycopg.connect(dsn) as conn:
        start = time.perf_counter()
        with conn.cursor() as cur:
            for table, columns, tuples in (
                ("fit_client", CLIENT_COLUMNS, clients),
                ("fit_episode", EPISODE_COLUMNS, episodes),
                ("fit_session", SESSION_COLUMNS, data),
            ):
                with cur.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                    for row in tuples:
                        copy.write_row(row)
        conn.rollback()
        return time.perf_counter() - start


def postgres(url: str, rk: str, source: Path, rows: int) -> tuple[float, float, float]:
    import uuid

    import psycopg

    from recoverykit.config import parse_database_url

    base = parse_database_url(url)
    dsn = base.dsn or ""
    name = f"rk_bench_import_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(dsn, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    target_url = url.rsplit("/", 1)[0] + "/" + name
    target_dsn = dsn.rsplit("/", 1)[0] + "/" + name if "/" in dsn else f"{dsn} dbname={name}"
    try:
        child([rk, "--db", target_url, "db", "upgrade"])
        for code in DEPARTMENTS:
            child([rk, "--db", target_url, "dept", "add", code, f"Avdeling {code}"])
        with psycopg.connect(target_dsn, autocommit=True) as conn:
            conn.execute(
                "CREATE TABLE raw (klient text, avdeling text, behandler text, dato text, "
                "o1 text, o2 text, o3 text, o4 text, s1 text, s2 text, s3 text, s4 text)"
            )
        psql = shutil.which("psql")
        if psql is None:
            raise SystemExit("psql is not installed (the PostgreSQL floor)")
        floor = child(
            [
                psql,
                target_dsn,
                "-c",
                f"\\copy raw FROM '{source}' WITH (FORMAT csv, DELIMITER ';', HEADER true)",
            ]
        )
        typed = copy_floor(target_dsn, rows)
        ours = child([rk, "--db", target_url, "fit", "import", str(source), "--quiet"])
        return floor, typed, ours
    finally:
        with psycopg.connect(dsn, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


if __name__ == "__main__":
    raise SystemExit(main())
