"""Heavy modules load only where they are needed: --help touches none of them."""

from __future__ import annotations

import json
import subprocess
import sys

HEAVY = (
    "sqlmodel",
    "sqlalchemy",
    "alembic",
    "jinja2",
    "fpdf",
    "yaml",
    "psycopg",
    "pydantic",
    "rich",
)

PROBE = """
import json, sys
import recoverykit.cli
from recoverykit.cli import main
try:
    main(sys.argv[1:])
except SystemExit:
    pass
print(json.dumps(sorted(m for m in sys.modules)), file=sys.stderr)
"""


def loaded_after(*args: str) -> set[str]:
    proc = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True)
    return set(json.loads(proc.stderr.strip().splitlines()[-1]))


def heavy(modules: set[str]) -> list[str]:
    return sorted(m for m in modules if m.split(".")[0] in HEAVY)


def test_help_imports_nothing_heavy() -> None:
    assert heavy(loaded_after("--help")) == []


def test_every_group_help_imports_nothing_heavy() -> None:
    from recoverykit.cli import GROUPS

    for group in GROUPS:
        if group in ("demo", "database"):
            continue
        assert heavy(loaded_after(group, "--help")) == [], group


def test_dept_list_on_sqlite_does_not_import_sqlalchemy(tmp_path) -> None:
    db = str(tmp_path / "x.db")
    subprocess.run(
        [sys.executable, "-m", "recoverykit", "--db", db, "init"], check=True, capture_output=True
    )
    modules = loaded_after("--db", db, "dept", "list")
    assert "sqlite3" in modules
    assert heavy(modules) == []
