"""Several processes write at once: no row is lost and none is refused (BEGIN IMMEDIATE + busy_timeout)."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

WRITER = textwrap.dedent(
    """
    import sys
    from recoverykit.services.store import open_store
    from recoverykit.services.departments import add_department, set_department
    db = open_store(sys.argv[1])
    worker = sys.argv[2]
    for i in range(int(sys.argv[3])):
        add_department(db, f"W{worker}-{i}", f"Avdeling {worker}.{i}")
        # read-then-write on a shared row: a deferred transaction would lose updates here
        with db.write() as conn:
            n = int(conn.scalar("SELECT value FROM setting WHERE key = 'counter'"))
            conn.execute("UPDATE setting SET value = :v WHERE key = 'counter'", {"v": str(n + 1)})
    """
)


@pytest.mark.slow
def test_parallel_writers_lose_nothing(db_url: str, db) -> None:
    with db.write() as conn:
        conn.execute("INSERT INTO setting (key, value) VALUES ('counter', '0')")
    workers, per_worker = 5, 25
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, db_url, str(w), str(per_worker)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for w in range(workers)
    ]
    for proc in procs:
        _, stderr = proc.communicate(timeout=120)
        assert proc.returncode == 0, stderr
    conn = db.connection()
    assert conn.scalar("SELECT count(*) FROM department") == workers * per_worker
    assert conn.scalar("SELECT value FROM setting WHERE key = 'counter'") == str(
        workers * per_worker
    )
