"""Helpers for the fault suite: a small full file system, snapshots of folders and databases."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

PG = bool(os.environ.get("RECOVERYKIT_TEST_DATABASE_URL"))
sqlite_only = pytest.mark.skipif(PG, reason="SQLite file behaviour")


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every entry under ``folder``: its bytes (or link target) and mode."""
    out: dict[str, tuple[bytes, int]] = {}
    for path in sorted(folder.rglob("*")):
        st = path.lstat()
        if path.is_symlink():
            out[str(path.relative_to(folder))] = (os.readlink(path).encode(), st.st_mode)
        elif path.is_file():
            out[str(path.relative_to(folder))] = (path.read_bytes(), st.st_mode)
        else:
            out[str(path.relative_to(folder)) + "/"] = (b"", st.st_mode)
    return out


def temporaries(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.rglob("*") if p.name.endswith(".tmp"))


def _can_mount() -> bool:
    if os.environ.get("RECOVERYKIT_TEST_NO_MOUNT") == "1":  # try the injected variant
        return False
    return sys.platform.startswith("linux") and os.geteuid() == 0


class FullDisk:
    """A folder on a file system with no room: a tiny tmpfs filled up (as root), or else an
    ``ENOSPC`` injected at the write layer (``os.write``/``fsync`` of recoverykit's writer)."""

    def __init__(self, path: Path, mounted: bool) -> None:
        self.path = path
        self.mounted = mounted


@pytest.fixture
def full_disk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[FullDisk]:
    folder = tmp_path / f"full-{uuid.uuid4().hex[:6]}"
    folder.mkdir()
    mounted = False
    if _can_mount():
        mounted = (
            subprocess.run(
                ["mount", "-t", "tmpfs", "-o", "size=64k,mode=0755", "tmpfs", str(folder)],
                capture_output=True,
            ).returncode
            == 0
        )
    if mounted:
        filler = folder / "filler"
        try:
            with open(filler, "wb") as fh:
                while True:
                    fh.write(b"\0" * 4096)
                    fh.flush()
        except OSError as exc:
            assert exc.errno == errno.ENOSPC
    else:
        real_write, real_fsync = os.write, os.fsync

        def no_room(*_args: object) -> int:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

        monkeypatch.setattr(
            os, "write", lambda fd, data: no_room() if data else real_write(fd, data)
        )
        monkeypatch.setattr(os, "fsync", no_room)
        del real_fsync
    try:
        yield FullDisk(folder, mounted)
    finally:
        if mounted:
            subprocess.run(["umount", "-l", str(folder)], check=False)


def run(*args: str, db: str | None = None, **kwargs: object) -> subprocess.CompletedProcess[str]:
    """The installed command, as a person runs it (real argv bytes, real standard streams)."""
    full = [sys.executable, "-m", "recoverykit", *(["--db", db] if db else []), *args]
    return subprocess.run(full, capture_output=True, text=True, timeout=120, **kwargs)  # type: ignore[call-overload,no-any-return]
