"""Damaged and odd database files: each gets one line naming the path and what is wrong, the
file's bytes are not changed unless the program says so, and backups are verified."""

from __future__ import annotations

import os
import random
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.faults.conftest import run, snapshot, sqlite_only, temporaries

pytestmark = sqlite_only


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from recoverykit.services.store import open_store

    path = tmp_path_factory.mktemp("template") / "good.db"
    open_store(str(path), create=True).close()
    conn = sqlite3.connect(path)
    conn.execute(
        "INSERT INTO department (code, code_key, name) VALUES ('BOLIG', 'bolig', 'Bolig')"
    )  # enough pages that damage lands in table data
    conn.executemany(
        "INSERT INTO department (code, code_key, name) VALUES (?, ?, ?)",
        [(f"D{i}", f"d{i}", "Avdeling " + "x" * 80) for i in range(600)],
    )
    conn.commit()
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return path


@pytest.fixture
def good(template: Path, tmp_path: Path) -> Path:
    path = tmp_path / "good.db"
    path.write_bytes(template.read_bytes())
    path.chmod(0o600)
    return path


def damaged_copy(good: Path, name: str = "damaged.db") -> Path:
    data = bytearray(good.read_bytes())
    rng = random.Random(12)
    for i in range(len(data) // 3, len(data) // 3 + 20_000):
        data[i] = rng.randrange(256)
    path = good.with_name(name)
    path.write_bytes(bytes(data))
    return path


def test_db_check_says_the_file_is_damaged(good: Path) -> None:
    bad = damaged_copy(good)
    before = bad.read_bytes()
    r = run("db", "check", db=str(bad))
    assert r.returncode == 1
    assert r.stdout.startswith(f"Integritetssjekk: filen {bad} er skadet. SQLite fant ")
    assert "«recoverykit db restore KOPI»" in r.stdout
    assert r.stdout.count("\n") == 1
    assert bad.read_bytes() == before


def test_backup_of_a_damaged_database_is_refused_and_leaves_nothing(good: Path) -> None:
    bad = damaged_copy(good)
    dest = good.parent / "bk.db"
    before = bad.read_bytes()
    r = run("db", "backup", str(dest), db=str(bad))
    assert r.returncode == 1
    assert "er skadet" in r.stderr and r.stderr.count("\n") == 1
    assert not dest.exists()
    assert temporaries(good.parent) == []
    assert bad.read_bytes() == before


def test_restore_puts_a_verified_backup_in_place_and_keeps_the_damaged_file(good: Path) -> None:
    backup = good.parent / "bk.db"
    assert run("db", "backup", str(backup), db=str(good)).returncode == 0
    bad = damaged_copy(good, "live.db")
    damaged_bytes = bad.read_bytes()
    r = run("db", "restore", str(backup), db=str(bad))
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    assert lines[0] == f"Gjenopprettet {bad} fra {backup} (integritetssjekk: ok)."
    kept = Path(lines[1].removeprefix("Den forrige filen er beholdt som ").removesuffix("."))
    assert kept.read_bytes() == damaged_bytes
    assert run("db", "check", db=str(bad)).returncode == 0
    assert "BOLIG" in run("dept", "list", db=str(bad)).stdout
    assert temporaries(good.parent) == []


def test_restore_refuses_a_damaged_backup(good: Path) -> None:
    bad_backup = damaged_copy(good, "bad-backup.db")
    live = good.parent / "live.db"
    live.write_bytes(good.read_bytes())
    before = snapshot(good.parent)
    r = run("db", "restore", str(bad_backup), db=str(live))
    assert r.returncode == 1
    assert r.stderr.startswith(f"Feil: sikkerhetskopien {bad_backup} kan ikke brukes (")
    assert r.stderr.endswith("; ingenting ble endret\n")
    assert snapshot(good.parent) == before


def test_empty_file_is_not_silently_made_a_database(tmp_path: Path) -> None:
    empty = tmp_path / "empty.db"
    empty.touch()
    for args in (
        ["dept", "list"],
        ["dept", "add", "A", "A"],
        ["db", "backup", str(tmp_path / "b.db")],
    ):
        r = run(*args, db=str(empty))
        assert r.returncode == 1, args
        assert r.stderr == (
            f"Feil: {empty} er en tom fil (0 byte), ikke en database; ingenting ble endret. "
            "Kjør «recoverykit init» for å gjøre den til en ny database, eller sjekk --db\n"
        )
        assert empty.stat().st_size == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["empty.db"]
    r = run("init", db=str(empty))  # init may, and says so
    assert r.returncode == 0
    assert r.stdout.startswith(f"Opprettet databasen {empty}")


def test_text_file_is_not_a_database(tmp_path: Path) -> None:
    text = tmp_path / "notes.db"
    text.write_text("handleliste\n")
    for args in (["dept", "list"], ["init"], ["db", "check"]):
        r = run(*args, db=str(text))
        assert r.returncode == 1, args
        line = f"{text} er ikke en SQLite-database (filen begynner med noe annet); "
        assert line in r.stderr + r.stdout
        assert text.read_text() == "handleliste\n"


@pytest.mark.parametrize("size", [50, 8192])
def test_truncated_file_is_one_line(good: Path, size: int) -> None:
    cut = good.with_name("cut.db")
    cut.write_bytes(good.read_bytes()[:size])
    before = cut.read_bytes()
    r = run("dept", "list", db=str(cut))
    assert r.returncode == 1
    assert str(cut) in r.stderr and r.stderr.count("\n") == 1
    assert ("avkortet" in r.stderr) or ("er skadet" in r.stderr)
    assert "Uventet" not in r.stderr
    assert cut.read_bytes() == before


def _read_only_mount(folder: Path) -> bool:
    if os.geteuid() != 0:
        return False
    ok = subprocess.run(["mount", "--bind", str(folder), str(folder)], capture_output=True)
    if ok.returncode != 0:
        return False
    return (
        subprocess.run(
            ["mount", "-o", "remount,bind,ro", str(folder)], capture_output=True
        ).returncode
        == 0
    )


def test_read_only_database_on_write_says_so(good: Path, tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    db = folder / "unit.db"
    db.write_bytes(good.read_bytes())
    mounted = _read_only_mount(folder)
    if not mounted:
        if os.geteuid() == 0:
            pytest.skip("cannot make a read-only mount here")
        db.chmod(0o444)
        folder.chmod(0o555)
    try:
        before = snapshot(folder)
        r = run("dept", "add", "NY", "Ny", db=str(db))
        assert r.returncode == 1
        assert r.stderr.count("\n") == 1 and "Uventet" not in r.stderr
        assert str(db) in r.stderr
        assert "skrivebeskyttet" in r.stderr or "kunne ikke åpne" in r.stderr
        assert snapshot(folder) == before
        backup = run("db", "backup", str(folder / "bk.db"), db=str(good))
        assert backup.returncode == 1
        assert backup.stderr.count("\n") == 1 and "Uventet" not in backup.stderr
        assert "skrivebeskyttet" in backup.stderr
        assert snapshot(folder) == before
    finally:
        if mounted:
            subprocess.run(["umount", str(folder)], check=False)
        else:
            folder.chmod(0o755)


def test_backup_into_a_missing_folder_is_one_line(good: Path) -> None:
    dest = good.parent / "nope" / "bk.db"
    r = run("db", "backup", str(dest), db=str(good))
    assert r.returncode == 2
    assert r.stderr == f"Feil: MÅLFIL: mappen {dest.parent} finnes ikke\n"


def test_backup_to_a_link_or_device_is_refused(good: Path) -> None:
    victim = good.parent / "victim"
    victim.write_text("precious")
    link = good.parent / "bk-link.db"
    link.symlink_to(victim)
    r = run("db", "backup", str(link), db=str(good))
    assert r.returncode == 2
    assert "symbolsk lenke" in r.stderr
    assert victim.read_text() == "precious"


def test_killed_backup_leaves_no_destination_and_a_rerun_works(good: Path) -> None:
    dest = good.parent / "bk.db"
    for delay in (0.05, 0.15, 0.3):
        proc = subprocess.Popen(
            [sys.executable, "-m", "recoverykit", "--db", str(good), "db", "backup", str(dest)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(delay)
        proc.kill()
        proc.wait()
        if dest.exists():  # finished before the kill: it must be whole
            with sqlite3.connect(dest) as conn:
                assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
            dest.unlink()
    # A killed run's leftover, as kill -9 leaves it between writing and renaming:
    stale = good.parent / ".bk.db.0123456789abcdef.tmp"
    stale.write_bytes(good.read_bytes()[:4096])
    r = run("db", "backup", str(dest), db=str(good))
    assert r.returncode == 0, r.stderr
    assert not stale.exists()
    assert temporaries(good.parent) == []
    with sqlite3.connect(dest) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_full_disk_under_the_database_is_named(good: Path, tmp_path: Path) -> None:
    if os.geteuid() != 0:
        pytest.skip("needs a small mount (root)")
    folder = tmp_path / "small"
    folder.mkdir()
    size = good.stat().st_size + 16 * 1024
    if subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)], capture_output=True
    ).returncode:
        pytest.skip("cannot mount tmpfs here")
    try:
        db = folder / "unit.db"
        db.write_bytes(good.read_bytes())
        try:
            with open(folder / "filler", "wb") as fh:
                while True:
                    fh.write(b"\0" * 1024)
                    fh.flush()
        except OSError:
            pass
        before = db.read_bytes()
        r = run("fit", "client", "add", "K1", "--dept", "BOLIG", "--clinician", "Kari", db=str(db))
        r2 = run("share", "add", "BOLIG", "x" * 1900, db=str(db))
        for result in (r, r2):
            if result.returncode == 0:
                continue
            assert result.returncode == 1
            assert "Uventet" not in result.stderr
            assert result.stderr.count("\n") == 1
        assert r.returncode == 1 or r2.returncode == 1
        failed = r if r.returncode else r2
        assert f"disken som rommer {db} er full" in failed.stderr
        del before
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def test_network_drive_gives_the_warning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from recoverykit.services import store

    mounts = tmp_path / "mounts"
    mounts.write_text(f"server:/share {tmp_path} nfs4 rw 0 0\n/dev/sda1 / ext4 rw 0 0\n")
    monkeypatch.setattr(store, "MOUNTS", mounts)
    store.open_store(str(tmp_path / "net.db"), create=True).close()
    err = capsys.readouterr().err
    assert err.startswith("Advarsel: databasen ligger på en nettverksdisk (nfs4).")
    store.warn_if_network_drive(Path("/elsewhere/x.db"))
    assert capsys.readouterr().err == ""


def test_auto_upgrade_of_an_older_schema_says_so_on_stderr(tmp_path: Path) -> None:
    from recoverykit.config import parse_database_url
    from recoverykit.store.connection import Database
    from recoverykit.store.migrate import revision_chain, upgrade

    chain = revision_chain()
    path = tmp_path / "old.db"
    upgrade(Database(parse_database_url(str(path))), chain[-2])
    r = run("dept", "list", db=str(path))
    assert r.returncode == 0, r.stderr
    backups = list((tmp_path / "backups").glob("old-*.db"))
    assert len(backups) == 1
    assert r.stderr == (
        f"Merk: oppgraderte databasen {path} fra skjemaversjon {chain[-2]} til {chain[-1]}; "
        f"sikkerhetskopi før oppgradering: {backups[0]}\n"
    )
    assert run("dept", "list", db=str(path)).stderr == ""


def test_standard_output_to_a_full_device(good: Path) -> None:
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full")
    with open("/dev/full", "w") as full:
        proc = subprocess.run(
            [sys.executable, "-m", "recoverykit", "--db", str(good), "dept", "list"],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            timeout=60,
        )
    assert proc.returncode == 1
    assert proc.stderr == (
        "Feil: standard utdata er full (disken eller enheten har ikke mer plass); "
        "utskriften er ufullstendig\n"
    )
