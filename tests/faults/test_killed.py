"""kill -9 at random moments during commands that write files: every output is complete or
absent, the database stays intact, and the next run works and clears any leftover."""

from __future__ import annotations

import random
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.faults.conftest import sqlite_only, temporaries

pytestmark = [sqlite_only, pytest.mark.slow]


@pytest.fixture(scope="module")
def unit(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from recoverykit.services.store import open_store
    from tests.test_report_example import build_example

    path = tmp_path_factory.mktemp("killed") / "unit.db"
    db = open_store(str(path), create=True)
    build_example(db)
    db.close()
    return path


def _command(db: Path, args: list[str]) -> list[str]:
    return [sys.executable, "-m", "recoverykit", "--db", str(db), *args]


@pytest.mark.parametrize(
    ("args", "names"),
    [
        (["report", "monthly", "--month", "2026-03", "-q", "--out"], None),
        (["fit", "export", "--out"], "export.csv"),
        (["cards", "print", "--all", "--out"], "kort.pdf"),
    ],
    ids=["report", "export", "cards"],
)
def test_outputs_are_complete_or_absent(
    unit: Path, tmp_path: Path, args: list[str], names: str | None
) -> None:
    reference = tmp_path / "reference"
    reference.mkdir()
    target = reference / names if names else reference
    subprocess.run(_command(unit, [*args, str(target)]), check=True, capture_output=True)
    expected = {p.name: p.read_bytes() for p in reference.iterdir() if not p.name.startswith(".")}
    assert expected
    rng = random.Random(7)
    for attempt in range(5):
        out = tmp_path / f"run{attempt}"
        out.mkdir()
        target = out / names if names else out
        proc = subprocess.Popen(
            _command(unit, [*args, str(target)]),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(rng.uniform(0.2, 1.5))
        proc.kill()
        proc.wait()
        for path in out.iterdir():
            if path.name.startswith("."):
                continue  # the lock file, or a hidden leftover swept by the next run
            assert path.read_bytes() == expected[path.name], path.name
        subprocess.run(_command(unit, [*args, str(target)]), check=True, capture_output=True)
        got = {p.name: p.read_bytes() for p in out.iterdir() if not p.name.startswith(".")}
        assert got == expected
        assert temporaries(out) == []
    with sqlite3.connect(unit) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
