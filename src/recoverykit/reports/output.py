"""Writing reports safely under cron.

- Every file is written to a temporary file in the same folder and renamed into place, so a reader
  never sees half a report.
- One run at a time per output folder: a lock file; a second run exits at once with its own code.
- Output paths are checked: nothing is written outside ``--out``, and no symlink is followed out of
  it (the target must not be a symlink; the folder is resolved once and every write is checked
  against it).
"""

from __future__ import annotations

import errno
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from recoverykit.errors import InvalidInput, RecoveryKitError
from recoverykit.i18n import t

if TYPE_CHECKING:
    from recoverykit.files import FileSet

LOCK_NAME = ".recoverykit-report.lock"


class ReportLocked(RecoveryKitError):
    """Another report run holds the lock for this output folder."""

    exit_code = 3


def prepare_out_dir(out: Path) -> Path:
    """Create ``out`` if needed and return its resolved path; refused if ``out`` or a folder on
    the way to it is a symbolic link (nothing is written through links)."""
    from recoverykit.files import refuse_links_on_way

    refuse_links_on_way(out, field="--out")
    if out.exists() and not out.is_dir():
        raise InvalidInput("--out", t("{p} er ikke en mappe", "{p} is not a folder", p=str(out)))
    out.mkdir(parents=True, exist_ok=True)
    return out.resolve(strict=True)


def safe_target(out_dir: Path, name: str) -> Path:
    """``out_dir / name``, refused if it would leave ``out_dir`` or write through a symlink."""
    if not name or Path(name).is_absolute() or ".." in Path(name).parts:
        raise InvalidInput("--out", t("ugyldig filnavn {n}", "invalid file name {n}", n=name))
    target = out_dir / name
    parent = target.parent.resolve()
    if parent != out_dir and out_dir not in parent.parents:
        raise InvalidInput(
            "--out",
            t(
                "{n} ville havnet utenfor {o}",
                "{n} would end up outside {o}",
                n=name,
                o=str(out_dir),
            ),
        )
    if target.is_symlink():
        raise InvalidInput(
            "--out",
            t(
                "{p} er en symbolsk lenke; recoverykit skriver ikke gjennom lenker",
                "{p} is a symbolic link; recoverykit does not write through links",
                p=str(target),
            ),
        )
    return target


def write_atomic(out_dir: Path, name: str, content: str | bytes) -> tuple[Path, bool]:
    """Write ``content`` to ``out_dir/name`` atomically; returns (path, changed)."""
    from recoverykit.files import write_bytes

    target = safe_target(out_dir, name)
    target.parent.mkdir(parents=True, exist_ok=True)
    data = content.encode("utf-8") if isinstance(content, str) else content
    if _same(target, data):
        return target, False
    write_bytes(target, data, private=False, no_links=True)  # aggregates: the umask decides
    return target, True


def staged_write(files: FileSet, out_dir: Path, name: str, content: str) -> tuple[Path, bool]:
    """Like :func:`write_atomic`, as part of a set written all or nothing."""
    target = safe_target(out_dir, name)
    target.parent.mkdir(parents=True, exist_ok=True)
    data = content.encode("utf-8")
    if _same(target, data):
        return target, False
    files.add(target, data, private=False)
    return target, True


def _same(target: Path, data: bytes) -> bool:
    return target.is_file() and not target.is_symlink() and target.read_bytes() == data


@contextmanager
def run_lock(out_dir: Path) -> Iterator[None]:
    """Hold the output folder's lock; a second run at once gets :class:`ReportLocked`.

    The lock file lives in the data folder (``locks/``, one per output folder), not in the
    output folder people open and publish from; it is never removed (removing a lock file that
    another run may hold open would let two runs in at once)."""
    path = lock_path(out_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o600)
    try:
        try:
            if sys.platform == "win32":  # msvcrt locks a byte range instead
                import msvcrt

                msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
            else:
                import fcntl

                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            if exc.errno in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK, errno.EDEADLK):
                raise _locked(out_dir) from None
            raise
        yield
    finally:
        os.close(fd)


def lock_path(out_dir: Path) -> Path:
    """``<data folder>/locks/report-<hash of the output folder>.lock``."""
    import hashlib

    from recoverykit.config import data_dir

    key = hashlib.sha256(str(out_dir.resolve()).encode("utf-8")).hexdigest()[:16]
    return data_dir() / "locks" / f"report-{key}.lock"


def _locked(out_dir: Path) -> ReportLocked:
    return ReportLocked(
        t(
            "en annen rapportkjøring skriver allerede til {o}; prøv igjen når den er ferdig",
            "another report run is already writing to {o}; try again when it has finished",
            o=str(out_dir),
        )
    )
