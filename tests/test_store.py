"""The store's house rules: pragmas, file modes, schema check, backup and upgrade."""

from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path

import pytest

from recoverykit.config import parse_database_url
from recoverykit.errors import SchemaError
from recoverykit.services.store import open_store
from recoverykit.store.connection import Database
from recoverykit.store.migrate import head_revision, revision_chain, schema_state

sqlite_only = pytest.mark.skipif(
    bool(os.environ.get("RECOVERYKIT_TEST_DATABASE_URL")), reason="SQLite file behaviour"
)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@sqlite_only
def test_sqlite_connection_pragmas(tmp_path: Path) -> None:
    db = open_store(str(tmp_path / "a.db"), create=True)
    conn = db.connection()
    assert conn.scalar("PRAGMA journal_mode") == "wal"
    assert conn.scalar("PRAGMA foreign_keys") == 1
    assert conn.scalar("PRAGMA busy_timeout") >= 5000


@sqlite_only
def test_database_wal_shm_and_backup_are_private(tmp_path: Path, cli) -> None:
    os.umask(0o022)
    path = tmp_path / "private.db"
    db = open_store(str(path), create=True)
    with db.write() as conn:
        conn.execute("INSERT INTO setting (key, value) VALUES ('a', '1')")
    for suffix in ("", "-wal", "-shm"):
        f = Path(str(path) + suffix)
        assert f.exists(), suffix
        assert mode(f) == 0o600, suffix
    backup = tmp_path / "copy.db"
    result = cli("--db", str(path), "db", "backup", str(backup), db=False)
    assert result.exit_code == 0, result.stderr
    assert mode(backup) == 0o600
    with sqlite3.connect(backup) as copy:
        assert copy.execute("SELECT value FROM setting WHERE key = 'a'").fetchone() == ("1",)


@sqlite_only
def test_backup_refuses_existing_file(tmp_path: Path, cli) -> None:
    target = tmp_path / "exists.db"
    target.write_text("keep me")
    result = cli("db", "backup", str(target))
    assert result.exit_code == 2
    assert "finnes allerede" in result.stderr
    assert target.read_text() == "keep me"


def test_write_rolls_back_on_error(db) -> None:
    with pytest.raises(RuntimeError), db.write() as conn:
        conn.execute("INSERT INTO setting (key, value) VALUES ('x', '1')")
        raise RuntimeError("stop")
    assert db.connection().scalar("SELECT count(*) FROM setting WHERE key = 'x'") == 0


def test_blank_database_is_created_at_head(blank_db_url: str, is_postgres: bool) -> None:
    db = Database(parse_database_url(blank_db_url))
    assert schema_state(db).blank
    if is_postgres:
        with pytest.raises(SchemaError, match="recoverykit init"):
            open_store(blank_db_url)
        from recoverykit.services.database import init_database

        init_database(blank_db_url)
    else:
        open_store(blank_db_url, create=True)
    assert schema_state(Database(parse_database_url(blank_db_url))).current == head_revision()


def test_newer_schema_is_refused(db_url: str) -> None:
    db = open_store(db_url)
    with db.write() as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999_future'")
    db.close()
    with pytest.raises(SchemaError, match="nyere enn denne recoverykit"):
        open_store(db_url)


def test_db_check_reports_in_plain_words(cli) -> None:
    result = cli("db", "check")
    assert result.exit_code == 0
    assert f"(versjon {head_revision()})" in result.stdout
    assert result.stdout.endswith("Alt ser bra ut.\n")


@sqlite_only
def test_db_check_finds_broken_foreign_keys_and_missing_file(tmp_path: Path, cli) -> None:
    missing = cli("--db", str(tmp_path / "nope.db"), "db", "check", db=False)
    assert missing.exit_code == 1
    assert "finnes ikke" in missing.stdout
    assert not (tmp_path / "nope.db").exists()


def test_db_path_precedence(tmp_path: Path, cli, monkeypatch) -> None:
    config = tmp_path / "config.toml"
    config.write_text(f'database_url = "{tmp_path / "from-config.db"}"\n', encoding="utf-8")
    assert cli("db", "path", db=False).stdout.strip() == str(tmp_path / "from-config.db")
    monkeypatch.setenv("RECOVERYKIT_DB", str(tmp_path / "from-env.db"))
    assert cli("db", "path", db=False).stdout.strip() == str(tmp_path / "from-env.db")
    assert cli("--db", "x.db", "db", "path", db=False).stdout.strip() == "x.db"


def test_default_database_lives_in_the_data_folder(cli, isolated_env: Path) -> None:
    assert cli("db", "path", db=False).stdout.strip() == str(isolated_env / "recoverykit.db")
    assert cli("db", "path", db=False).stderr == "(fra standardfilen i datamappen)\n"


def test_postgres_password_is_hidden() -> None:
    url = parse_database_url("postgresql+psycopg://rk:secret@localhost:5432/rk")
    assert url.display() == "postgresql://rk:***@localhost:5432/rk"
    assert url.sqlalchemy_url().startswith("postgresql+psycopg://rk:secret@")


def test_init_is_idempotent(cli) -> None:
    first = cli("init")
    second = cli("init")
    assert first.exit_code == second.exit_code == 0
    assert "allerede oppdatert" in second.stdout


@sqlite_only
def test_old_sqlite_schema_is_backed_up_and_upgraded(tmp_path: Path) -> None:
    chain = revision_chain()
    if len(chain) < 2:
        pytest.skip("only one revision exists; nothing to upgrade from")
    from recoverykit.store.migrate import upgrade

    path = tmp_path / "old.db"
    db = Database(parse_database_url(str(path)))
    upgrade(db, chain[-2])
    db.close()
    open_store(str(path)).close()
    assert schema_state(Database(parse_database_url(str(path)))).current == chain[-1]
    backups = list((tmp_path / "backups").glob("old-*.db"))
    assert len(backups) == 1
    assert mode(backups[0]) == 0o600
    with sqlite3.connect(backups[0]) as copy:
        assert copy.execute("SELECT version_num FROM alembic_version").fetchone() == (chain[-2],)


def test_server_database_with_old_schema_is_only_checked(
    blank_db_url: str, is_postgres: bool
) -> None:
    if not is_postgres:
        pytest.skip("server behaviour")
    chain = revision_chain()
    if len(chain) < 2:
        pytest.skip("only one revision exists")
    from recoverykit.store.migrate import upgrade

    db = Database(parse_database_url(blank_db_url))
    upgrade(db, chain[-2])
    with pytest.raises(SchemaError, match="recoverykit db upgrade"):
        open_store(blank_db_url)
    assert schema_state(db).current == chain[-2]


@sqlite_only
def test_db_upgrade_backs_up_and_upgrades_an_old_file(tmp_path: Path, cli) -> None:
    from recoverykit.store.migrate import upgrade

    chain = revision_chain()
    path = tmp_path / "old.db"
    db = Database(parse_database_url(str(path)))
    upgrade(db, chain[-2])
    db.close()
    result = cli("--db", str(path), "db", "upgrade", db=False)
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == f"Oppgraderte {path} fra versjon {chain[-2]} til {chain[-1]}."
    assert lines[1].startswith(f"Sikkerhetskopi før oppgradering: {tmp_path / 'backups'}")
    again = cli("--db", str(path), "db", "upgrade", db=False)
    assert again.stdout == f"Databasen {path} er allerede oppdatert (versjon {chain[-1]}).\n"
