"""Shared fixtures: an isolated user folder per test, a real database per test (SQLite file, or a
fresh PostgreSQL database when RECOVERYKIT_TEST_DATABASE_URL is set), and a CLI runner."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest

PG_URL = os.environ.get("RECOVERYKIT_TEST_DATABASE_URL")


@pytest.fixture(autouse=True)
def isolated_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own data folder and config; nothing reads the developer's files."""
    home = tmp_path / "home"
    monkeypatch.setenv("RECOVERYKIT_HOME", str(home))
    monkeypatch.setenv("RECOVERYKIT_CONFIG", str(tmp_path / "config.toml"))
    for name in ("RECOVERYKIT_DB", "RECOVERYKIT_LANG", "RECOVERYKIT_DEBUG"):
        monkeypatch.delenv(name, raising=False)
    from recoverykit.i18n import set_language

    set_language("nb")
    return home


def _admin_connect(url: str):  # type: ignore[no-untyped-def]
    import psycopg

    return psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://"), autocommit=True)


def _with_dbname(url: str, name: str) -> str:
    base, _, _ = url.rpartition("/")
    return f"{base}/{name}"


@pytest.fixture(scope="session")
def pg_template() -> Iterator[str | None]:
    """A PostgreSQL database migrated to head, cloned for each test (fast)."""
    if not PG_URL:
        yield None
        return
    from recoverykit.config import parse_database_url
    from recoverykit.store.connection import Database
    from recoverykit.store.migrate import upgrade

    name = f"rk_template_{os.getpid()}"
    with _admin_connect(PG_URL) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    upgrade(Database(parse_database_url(_with_dbname(PG_URL, name))))
    yield name
    with _admin_connect(PG_URL) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _pg_database(template: str | None) -> Iterator[str]:
    assert PG_URL
    name = f"rk_test_{uuid.uuid4().hex[:12]}"
    with _admin_connect(PG_URL) as admin:
        if template:
            admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
        else:
            admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield _with_dbname(PG_URL, name)
    finally:
        with _admin_connect(PG_URL) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path | None:
    """A SQLite file migrated to head once per session (per worker), copied for each test.

    Migrating through the whole Alembic chain costs far more than a test body; a byte copy of
    a migrated file is the same database (the PostgreSQL path clones a template the same way).
    """
    if PG_URL:
        return None
    from recoverykit.services.store import open_store

    path = tmp_path_factory.mktemp("template") / "template.db"
    open_store(str(path), create=True).close()
    for suffix in ("-wal", "-shm", "-journal"):  # a closed database leaves none; be sure
        assert not Path(f"{path}{suffix}").exists(), f"template left {suffix}"
    return path


@pytest.fixture
def db_url(tmp_path: Path, pg_template: str | None, sqlite_template: Path | None) -> Iterator[str]:
    """A database at the current schema: a SQLite file, or a PostgreSQL database."""
    if PG_URL:
        yield from _pg_database(pg_template)
        return
    import shutil

    assert sqlite_template is not None
    path = tmp_path / "unit.db"
    shutil.copy(sqlite_template, path)  # contents and permission bits
    yield str(path)


@pytest.fixture
def blank_db_url(tmp_path: Path) -> Iterator[str]:
    """An empty database (no tables): a path to a new SQLite file, or an empty PG database."""
    if PG_URL:
        yield from _pg_database(None)
        return
    yield str(tmp_path / "blank.db")


@pytest.fixture
def db(db_url: str):  # type: ignore[no-untyped-def]
    from recoverykit.services.store import open_store

    store = open_store(db_url)
    yield store
    store.close()


@dataclass
class Result:
    exit_code: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


class Cli:
    """Runs ``recoverykit`` in-process against the test database, like a person would."""

    def __init__(self, db_url: str | None) -> None:
        self.db_url = db_url

    def __call__(self, *args: str, input: str | None = None, db: bool = True) -> Result:
        from typer.testing import CliRunner

        from recoverykit.cli import prepare

        full: Sequence[str] = [*(["--db", self.db_url] if db and self.db_url else []), *args]
        app = prepare(full)
        result = CliRunner().invoke(app, list(full), input=input, prog_name="recoverykit")
        if result.exception and not isinstance(result.exception, SystemExit):
            raise result.exception
        return Result(result.exit_code, result.stdout, result.stderr)


@pytest.fixture
def cli(db_url: str) -> Cli:
    return Cli(db_url)


@pytest.fixture
def is_postgres() -> bool:
    return bool(PG_URL)
