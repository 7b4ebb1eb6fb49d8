"""``recoverykit report monthly`` on PostgreSQL: the owner (row-level security bypassed) against a
unit-wide clinician and a reporter (no right on the client-level tables; both get the figures
through the SECURITY DEFINER functions of ``store/aggregates.py``), whole processes, interleaved.

    RECOVERYKIT_TEST_DATABASE_URL=postgresql+psycopg://recoverykit@127.0.0.1:55432/postgres \\
        .venv/bin/python benchmarks/report_rls.py [--clients 16000] [--runs 5]

Builds a fresh database from the synthetic generator (seed 2026; 16,000 clients ≈ 100,000
sessions by default, 161,000 ≈ 1 M), creates two uniquely named logins, grants one
``clinician`` for the whole unit and the other ``reporter``, times ``report monthly --month M
--out TMP --quiet`` as each, and drops the logins and the database afterwards. Target: each
<= 1.3x the owner, and the same report bytes.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks.timing import Series, report, run_series, venv_bin


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=16_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--month", default="2025-11")
    args = parser.parse_args()
    base = os.environ.get("RECOVERYKIT_TEST_DATABASE_URL")
    if not base:
        raise SystemExit("set RECOVERYKIT_TEST_DATABASE_URL to a PostgreSQL superuser URL")
    import psycopg

    from recoverykit.config import parse_database_url
    from recoverykit.domain.fit.synthetic import generate
    from recoverykit.services.access_admin import grant
    from recoverykit.store.connection import Database
    from recoverykit.store.fit import bulk_insert_synthetic
    from recoverykit.store.migrate import upgrade

    tag = uuid.uuid4().hex[:8]
    name, login = f"rk_bench_rls_{tag}", f"rk_bench_rls_{tag}_c"
    reporter = f"rk_bench_rls_{tag}_r"
    plain = base.replace("postgresql+psycopg://", "postgresql://")
    admin = psycopg.connect(plain, autocommit=True)
    admin.execute(f'CREATE DATABASE "{name}"')
    admin.execute(f'CREATE ROLE "{login}" LOGIN')
    admin.execute(f'CREATE ROLE "{reporter}" LOGIN')
    owner_url = f"{base.rpartition('/')[0]}/{name}"
    scheme, _, rest = owner_url.partition("://")
    login_url = f"{scheme}://{login}@{rest.partition('@')[2]}"
    reporter_url = f"{scheme}://{reporter}@{rest.partition('@')[2]}"
    try:
        db = Database(parse_database_url(owner_url))
        upgrade(db)
        start = time.perf_counter()
        with db.write() as conn:
            counts = bulk_insert_synthetic(conn=conn, unit=generate(2026, clients=args.clients))
        db.connection().raw.execute("ANALYZE")
        print(f"loaded {counts.sessions:,} sessions in {time.perf_counter() - start:.0f} s")
        grant(db, login, "clinician", [])
        grant(db, reporter, "reporter", [])
        db.close()
        rk = venv_bin("recoverykit")
        out = tempfile.mkdtemp(prefix="rk-bench-rls-")

        def argv(url: str, i: int) -> list[str]:
            tag = {owner_url: "o", login_url: "c", reporter_url: "r"}[url]
            target = f"{out}/{i}-{tag}"
            os.makedirs(target, exist_ok=True)
            cmd = ["report", "monthly", "--month", args.month, "--out", target, "--quiet"]
            return [rk, "--db", url, *cmd]

        series = [
            Series("owner (RLS bypassed)", lambda i: argv(owner_url, i)),
            Series("clinician (RLS)", lambda i: argv(login_url, i)),
            Series("reporter (definer functions)", lambda i: argv(reporter_url, i)),
        ]
        run_series(series, args.runs)
        same = sorted(Path(out).glob("*-o/*.md"))[-1].read_bytes()
        other = sorted(Path(out).glob("*-c/*.md"))[-1].read_bytes()
        third = sorted(Path(out).glob("*-r/*.md"))[-1].read_bytes()
        print("reports byte-identical:", same == other == third)
        ok = report(
            series,
            [
                ("clinician (RLS)", "owner (RLS bypassed)", 1.3),
                ("reporter (definer functions)", "owner (RLS bypassed)", 1.3),
            ],
        )
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'DROP ROLE IF EXISTS "{login}"')
        admin.execute(f'DROP ROLE IF EXISTS "{reporter}"')
        admin.close()
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
