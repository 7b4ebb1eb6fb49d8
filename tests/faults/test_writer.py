"""The one file writer (recoverykit.files) against links, odd targets, full disks and umasks."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from recoverykit.errors import InvalidInput, StorageError
from recoverykit.files import DiskFull, atomic_file, file_set, write_bytes, write_text
from tests.faults.conftest import FullDisk, snapshot, temporaries


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_writes_replace_atomically_and_leave_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "a.csv"
    target.write_text("old")
    write_text(target, "new", private=True)
    assert target.read_text() == "new"
    assert temporaries(tmp_path) == []


def test_private_files_are_0600_whatever_the_umask(tmp_path: Path) -> None:
    old = os.umask(0)
    try:
        write_bytes(tmp_path / "client.csv", b"x", private=True)
        write_bytes(tmp_path / "report.md", b"x", private=False)
    finally:
        os.umask(old)
    assert mode(tmp_path / "client.csv") == 0o600
    assert mode(tmp_path / "report.md") == 0o666  # aggregates follow the umask


def test_existing_world_readable_target_becomes_private(tmp_path: Path) -> None:
    target = tmp_path / "export.json"
    target.write_text("old")
    target.chmod(0o644)
    write_text(target, "new", private=True)
    assert mode(target) == 0o600


def test_target_that_is_a_link_is_refused_and_its_victim_untouched(tmp_path: Path) -> None:
    victim = tmp_path / "victim"
    victim.write_text("precious")
    (tmp_path / "out.csv").symlink_to(victim)
    before = snapshot(tmp_path)
    with pytest.raises(InvalidInput, match="symbolsk lenke"):
        write_text(tmp_path / "out.csv", "client data", private=True)
    assert snapshot(tmp_path) == before


def test_planted_link_at_the_temporary_name_is_never_written_through(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    victim = tmp_path / "victim"
    victim.write_text("precious")
    names = iter(["aaaa", "bbbb"])
    monkeypatch.setattr("recoverykit.files.secrets.token_hex", lambda _n: next(names))
    (tmp_path / ".out.csv.aaaa.tmp").symlink_to(victim)  # the attacker guessed the first name
    write_text(tmp_path / "out.csv", "client data", private=True)
    assert victim.read_text() == "precious"
    assert (tmp_path / "out.csv").read_text() == "client data"


@pytest.mark.parametrize("kind", ["fifo", "folder", "device"])
def test_target_that_is_not_a_regular_file_is_refused(tmp_path: Path, kind: str) -> None:
    target = tmp_path / "odd"
    if kind == "fifo":
        os.mkfifo(target)
    elif kind == "folder":
        target.mkdir()
    else:
        if os.geteuid() != 0:
            pytest.skip("creating a device node needs root")
        os.mknod(target, 0o600 | stat.S_IFCHR, os.makedev(1, 3))  # like /dev/null
    before = snapshot(tmp_path)
    with pytest.raises(InvalidInput):
        write_text(target, "data", private=True)
    assert snapshot(tmp_path) == before
    kind_now = os.lstat(target).st_mode
    assert not stat.S_ISREG(kind_now)


def test_folder_with_a_link_on_the_way_is_refused_when_promised(tmp_path: Path) -> None:
    real = tmp_path / "real"
    real.mkdir()
    (tmp_path / "link").symlink_to(real)
    with pytest.raises(InvalidInput, match="symbolsk lenke"):
        write_text(tmp_path / "link" / "r.md", "x", private=False, no_links=True)
    assert list(real.iterdir()) == []


def test_full_disk_says_so_and_leaves_nothing(full_disk: FullDisk) -> None:
    target = full_disk.path / "export.csv"
    before = snapshot(full_disk.path)
    with pytest.raises(DiskFull) as caught:
        write_bytes(target, b"x" * 200_000, private=True)
    assert str(caught.value) == (
        f"disken som skal romme {target} er full; frigjør plass og prøv igjen "
        "(ingenting ble skrevet)"
    )
    assert snapshot(full_disk.path) == before
    assert temporaries(full_disk.path) == []


def test_full_disk_keeps_the_previous_file(full_disk: FullDisk, tmp_path: Path) -> None:
    target = full_disk.path / "filler"  # exists and fills the disk (or stands in for it)
    if not target.exists():
        target.write_bytes(b"old")
    before = snapshot(full_disk.path)
    with pytest.raises(DiskFull):
        write_bytes(target, b"y" * 200_000, private=True)
    assert snapshot(full_disk.path) == before


def test_a_set_is_written_all_or_nothing(tmp_path: Path) -> None:
    (tmp_path / "r.md").write_text("old md")
    before = snapshot(tmp_path)
    with pytest.raises(RuntimeError), file_set() as files:
        files.add(tmp_path / "r.md", "new md", private=False)
        raise RuntimeError("rendering the HTML failed")
    assert snapshot(tmp_path) == before
    with file_set() as files:
        files.add(tmp_path / "r.md", "new md", private=False)
        files.add(tmp_path / "r.html", "new html", private=False)
    assert (tmp_path / "r.md").read_text() == "new md"
    assert (tmp_path / "r.html").read_text() == "new html"
    assert temporaries(tmp_path) == []


def test_a_set_on_a_full_disk_leaves_nothing(full_disk: FullDisk) -> None:
    before = snapshot(full_disk.path)
    with pytest.raises(DiskFull), file_set() as files:
        files.add(full_disk.path / "r.md", "x" * 100, private=False)
        files.add(full_disk.path / "r.html", "y" * 200_000, private=False)
    assert snapshot(full_disk.path) == before


def test_error_inside_a_streamed_write_leaves_the_target(tmp_path: Path) -> None:
    target = tmp_path / "e.csv"
    target.write_text("old")
    with pytest.raises(ValueError), atomic_file(target, private=True) as fh:
        fh.write(b"half")
        raise ValueError("stop")
    assert target.read_text() == "old"
    assert temporaries(tmp_path) == []


def test_missing_folder_is_one_line(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match="finnes ikke"):
        write_text(tmp_path / "nope" / "x.csv", "x", private=True)


def test_read_only_folder_is_one_line(tmp_path: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("root writes into read-only folders; the read-only mount case covers it")
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        with pytest.raises(StorageError, match="ingen tillatelse"):
            write_text(folder / "x.csv", "x", private=True)
    finally:
        folder.chmod(0o755)
