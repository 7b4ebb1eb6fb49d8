"""``recoverykit report monthly`` on a synthetic unit with about 1,000,000 sessions.

    .venv/bin/python benchmarks/report_monthly.py [--runs 9] [--rebuild] [--month 2025-11]

The unit comes from the synthetic generator (``domain/fit/synthetic.py``, seed 2026, 161,000
clients ≈ 1.0 M sessions over 2024–2025), loaded with the store's bulk loader
(``store/fit_bulk.bulk_insert_synthetic``) in one write transaction, then ``ANALYZE``. It is cached
under ``$TMPDIR/rk-bench-report/schema-<head revision>/`` (or ``$RECOVERYKIT_BENCH_CACHE``);
``--rebuild`` forces a new build.

In one run, interleaved, medians of ``--runs`` rounds after a warm-up round:

- floor: the same FIT aggregation hand-written in SQL through stdlib ``sqlite3`` on an open
  connection (sessions and alerts per department in the month; episodes, clients and mean intake
  per department; outcome groups among episodes closed so far in the half-year);
- ours: the report's view-model for the unit, every section (``reports.build.build_report``) on an
  open connection — the report's aggregation;
- ours, FIT only: ``reports.fit.fit_section``.

Targets: ours <= 2x the floor. Then the whole command in a child process
(``recoverykit report monthly --month M --out TMP --quiet``): wall time and peak RSS from
``resource.getrusage(RUSAGE_CHILDREN)``; target < 200 MB.

Before and after, in the same run on the same cached unit (issue 9: the read path moved to
``store/fit_figures.py`` and every figure passes the disclosure gate): the baseline revision
(``--baseline``, default the fork point with ``main``) is extracted with ``git archive`` and
timed in child processes beside the working tree, interleaved (``benchmarks/_timed_child.py``):

- the monthly report for the unit and every department (``--each-dept``, view-models only);
- ``fit summary`` for the unit (the service), against the same hand-written floor (closings in
  the month).

Targets: after <= 1.2x before for the monthly report; ``fit summary`` reported against the floor.
"""

from __future__ import annotations

import argparse
import os
import resource
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks.timing import venv_bin

SEED = 2026
CLIENTS = 161_000
RSS_LIMIT_MB = 200
RATIO_LIMIT = 2.0
BEFORE_AFTER_LIMIT = 1.2
HERE = Path(__file__).resolve().parent


def extract_baseline(rev: str, into: Path) -> Path:
    """``git archive`` of the baseline's package and shipped folders; returns its ``src``."""
    root = HERE.parent
    archive = subprocess.run(
        ["git", "-C", str(root), "archive", rev, "src", "templates", "data", "migrations",
         "pyproject.toml"],
        check=True, capture_output=True,
    ).stdout  # fmt: skip
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)
    return into / "src"


def child_times(src: Path, db: Path, month: str, task: str, runs: int) -> list[float]:
    import json

    env = {**os.environ, "PYTHONPATH": str(src)}
    out = subprocess.run(
        [sys.executable, str(HERE / "_timed_child.py"), str(db), month, task, str(runs)],
        check=True, capture_output=True, env=env, text=True,
    ).stdout  # fmt: skip
    return [float(x) for x in json.loads(out)]


def before_after(
    path: Path, month: str, runs: int, baseline: str, floors: dict[str, float]
) -> bool:
    ok = True
    with tempfile.TemporaryDirectory() as tmp:
        old_src = extract_baseline(baseline, Path(tmp))
        new_src = HERE.parent / "src"
        for task in ("report_all", "fit_summary"):
            before: list[float] = []
            after: list[float] = []
            for _ in range(3):  # interleaved rounds, each a warm-up plus ``runs`` timings
                before += child_times(old_src, path, month, task, runs)
                after += child_times(new_src, path, month, task, runs)
            b, a = median_ms(before), median_ms(after)
            print(f"{task:<12} before {b:>8.1f} ms   after {a:>8.1f} ms   after/before {a / b:.2f}"
                  f"   after/floor {a / floors[task]:.2f}")  # fmt: skip
            if task == "report_all" and a / b > BEFORE_AFTER_LIMIT:
                ok = False
    print(f"baseline {baseline}; target report_all after/before <= {BEFORE_AFTER_LIMIT}")
    return ok


def cache_path() -> Path:
    from recoverykit.store.migrate import head_revision

    base = os.environ.get("RECOVERYKIT_BENCH_CACHE") or os.path.join(
        tempfile.gettempdir(), "rk-bench-report"
    )
    return Path(base) / f"schema-{head_revision()}" / f"unit-seed{SEED}-{CLIENTS}c.db"


def build(path: Path, rk: str, rebuild: bool) -> str:
    if path.exists() and not rebuild:
        return f"{path.name}: cached ({path.stat().st_size / 1e6:.0f} MB)"
    from recoverykit.config import parse_database_url
    from recoverykit.domain.fit.synthetic import generate
    from recoverykit.store.connection import Database
    from recoverykit.store.fit_bulk import bulk_insert_synthetic

    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".building")
    for leftover in (tmp, Path(f"{tmp}-wal"), Path(f"{tmp}-shm")):
        leftover.unlink(missing_ok=True)
    subprocess.run([rk, "--db", str(tmp), "init"], check=True, capture_output=True)
    start = time.perf_counter()
    db = Database(parse_database_url(str(tmp)))
    with db.write() as conn:
        counts = bulk_insert_synthetic(conn=conn, unit=generate(SEED, clients=CLIENTS))
    loaded = time.perf_counter() - start
    raw = db.connection().raw
    raw.execute("ANALYZE")
    raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    os.replace(tmp, path)
    return (
        f"{path.name}: built {counts.sessions:,} sessions, {counts.clients:,} clients, "
        f"{counts.episodes:,} episodes (bulk load {loaded:.1f} s, ANALYZE "
        f"{time.perf_counter() - start - loaded:.1f} s), {path.stat().st_size / 1e6:.0f} MB"
    )


# The floor: the FIT figures of the monthly report, hand-written for stdlib sqlite3.
FLOOR_SQL = (
    (
        "SELECT department_id, count(*), sum(srs_alert) FROM fit_session "
        "WHERE session_date BETWEEN ? AND ? GROUP BY department_id"
    ),
    (
        "WITH eps AS (SELECT episode_id AS id FROM fit_session WHERE session_date BETWEEN ?1 AND ?2 "
        "UNION SELECT id FROM fit_episode WHERE closed_on BETWEEN ?1 AND ?2) "
        "SELECT e.department_id, count(*), count(DISTINCT e.client_id), avg(s.ors_total) "
        "FROM eps JOIN fit_episode e ON e.id = eps.id "
        "JOIN fit_session s ON s.episode_id = e.id AND s.session_no = 1 "
        "GROUP BY e.department_id"
    ),
    (
        "WITH ep AS MATERIALIZED (SELECT e.department_id AS dept, e.close_reason, c.age_group, "
        "(SELECT count(*) FROM fit_session s WHERE s.episode_id = e.id) AS n, "
        "(SELECT ors_total FROM fit_session s WHERE s.episode_id = e.id ORDER BY session_no "
        "LIMIT 1) AS a, "
        "(SELECT ors_total FROM fit_session s WHERE s.episode_id = e.id ORDER BY session_no DESC "
        "LIMIT 1) AS b "
        "FROM fit_episode e JOIN fit_client c ON c.id = e.client_id "
        "WHERE e.closed_on BETWEEN ?3 AND ?2), "
        "k AS (SELECT *, CASE age_group WHEN 'adult' THEN 25 WHEN 'adolescent' THEN 28 ELSE 32 END "
        "AS cut, round(b * 10) - round(a * 10) AS d FROM ep) "
        "SELECT dept, count(*), sum(n < 2), sum(n >= 2 AND d > 50 AND a <= cut AND b > cut), "
        "sum(n >= 2 AND d > 50), sum(n >= 2 AND d < -50), sum(close_reason = 'dropped-out'), "
        "sum(n >= 2), sum(CASE WHEN n >= 2 THEN d ELSE 0 END) FROM k GROUP BY dept"
    ),
)


def median_ms(times: list[float]) -> float:
    return statistics.median(times) * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--month", default="2025-11")
    parser.add_argument("--baseline", default=None, help="git revision to compare with")
    args = parser.parse_args()
    baseline = args.baseline or subprocess.run(
        ["git", "-C", str(HERE.parent), "merge-base", "HEAD", "main"],
        check=True, capture_output=True, text=True,
    ).stdout.strip()  # fmt: skip
    rk = venv_bin("recoverykit")
    path = cache_path()
    print(build(path, rk, args.rebuild))

    from recoverykit.config import parse_database_url
    from recoverykit.domain.periods import parse_month
    from recoverykit.reports.build import build_report
    from recoverykit.reports.fit import fit_section
    from recoverykit.reports.scope import Scope
    from recoverykit.store.connection import Database

    month = parse_month("--month", args.month)
    scope = Scope.month(month)
    first, last, half = (
        month.first_day.isoformat(),
        month.last_day.isoformat(),
        month.period.start.isoformat(),
    )
    floor_conn = sqlite3.connect(path)
    db = Database(parse_database_url(str(path)))
    conn = db.connection()
    sessions = floor_conn.execute("SELECT count(*) FROM fit_session").fetchone()[0]
    print(f"unit: {sessions:,} sessions; month {month.code}, outcomes since {half}")

    def floor() -> None:
        floor_conn.execute(FLOOR_SQL[0], (first, last)).fetchall()
        floor_conn.execute(FLOOR_SQL[1], (first, last)).fetchall()
        floor_conn.execute(FLOOR_SQL[2], (first, last, half)).fetchall()

    def ours() -> None:
        build_report(conn, "monthly", scope, card_text=lambda _d, _c: None)

    def ours_fit() -> None:
        fit_section(conn, scope)

    contenders: list[tuple[str, Callable[[], None]]] = [
        ("floor: stdlib sqlite3, hand-written SQL", floor),
        ("ours: build_report (all sections)", ours),
        ("ours: fit_section only", ours_fit),
    ]
    times: dict[str, list[float]] = {name: [] for name, _ in contenders}
    for i in range(args.runs + 1):
        for name, fn in contenders:
            start = time.perf_counter()
            fn()
            if i:
                times[name].append(time.perf_counter() - start)
    print(f"{'in-process, open connection':<44} {'median ms':>10}")
    for name, _ in contenders:
        print(f"{name:<44} {median_ms(times[name]):>10.1f}")
    floor_ms = median_ms(times[contenders[0][0]])
    ratio = median_ms(times[contenders[1][0]]) / floor_ms
    fit_ratio = median_ms(times[contenders[2][0]]) / floor_ms
    print(f"ratio build_report / floor: {ratio:.2f} (target <= {RATIO_LIMIT})")
    print(f"ratio fit_section / floor:  {fit_ratio:.2f}")
    summary_floor = []
    for _ in range(args.runs):
        start = time.perf_counter()
        floor_conn.execute(FLOOR_SQL[0], (first, last)).fetchall()
        floor_conn.execute(FLOOR_SQL[1], (first, last)).fetchall()
        floor_conn.execute(FLOOR_SQL[2], (first, last, first)).fetchall()
        summary_floor.append(time.perf_counter() - start)
    db.close()
    floor_conn.close()
    print(f"floor for fit summary (closings in the month): {median_ms(summary_floor):.1f} ms")
    same = before_after(
        path,
        month.code,
        max(3, args.runs // 3),
        baseline,
        {"report_all": floor_ms, "fit_summary": median_ms(summary_floor)},
    )

    with tempfile.TemporaryDirectory() as out:
        start = time.perf_counter()
        proc = subprocess.run(
            [
                rk,
                "--db",
                str(path),
                "report",
                "monthly",
                "--month",
                month.code,
                "--out",
                out,
                "--each-dept",
                "--quiet",
            ],
            capture_output=True,
        )
        wall = time.perf_counter() - start
        written = sorted(os.listdir(out))
    if proc.returncode != 0:
        print(proc.stderr.decode(errors="replace"))
        return 1
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(
        f"whole command (unit + {len(written) // 2 - 1} departments, md + html): "
        f"{wall * 1000:.0f} ms, peak RSS {peak_mb:.0f} MB (target < {RSS_LIMIT_MB} MB)"
    )
    ok = ratio <= RATIO_LIMIT and peak_mb < RSS_LIMIT_MB and same
    print("OK" if ok else "TARGET MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
