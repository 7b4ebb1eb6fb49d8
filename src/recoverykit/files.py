"""The one file writer: every file recoverykit writes goes through here (DESIGN.md §3).

- A fresh, unpredictable temporary name in the target's own folder, created with ``O_EXCL`` and
  ``O_NOFOLLOW`` (a planted link or file at that name cannot catch the data), written, fsynced,
  then renamed over the target: a reader sees the old file or the whole new one, never half.
- The target is refused if it is a symbolic link or exists and is not a regular file (a device
  node, a folder, a pipe). With ``no_links=True`` the folder and its parents may not be links
  either (the report's ``--out`` promises that).
- ``private=True`` (client-level data): mode 0600 whatever the umask. Otherwise (aggregates,
  printouts) the umask decides, as for any file a program creates.
- A set of files (a report's Markdown and HTML) is written all or nothing: :func:`file_set`.
- On any failure, a full disk too, no temporary file is left and the target is as before; the
  error is one line that names the path (:func:`os_error`).

API for callers: :func:`write_bytes`, :func:`write_text`, :func:`atomic_file` (a binary handle
for streamed output) and :func:`file_set` (several files, all or nothing).
"""

from __future__ import annotations

import errno
import os
import secrets
import stat
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from pathlib import Path
from typing import BinaryIO

from recoverykit.errors import InvalidInput, RecoveryKitError, StorageError
from recoverykit.i18n import t

PRIVATE_MODE = 0o600
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_DISK_FULL = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}


class DiskFull(StorageError):
    """The file system that should hold a file has no room left."""


def os_error(exc: OSError, path: Path | str | None = None) -> RecoveryKitError:
    """One line for an operating-system error while writing or reading ``path``."""
    where = str(path if path is not None else (exc.filename or "?"))
    code = exc.errno
    if code in _DISK_FULL:
        return DiskFull(
            t(
                "disken som skal romme {p} er full; frigjør plass og prøv igjen "
                "(ingenting ble skrevet)",
                "the disk holding {p} is full; free some space and try again (nothing was written)",
                p=where,
            )
        )
    if code == errno.EROFS:
        return StorageError(
            t(
                "{p} ligger på et skrivebeskyttet filsystem",
                "{p} is on a read-only file system",
                p=where,
            )
        )
    if code in (errno.EACCES, errno.EPERM):
        return StorageError(
            t("ingen tillatelse til å skrive {p}", "no permission to write {p}", p=where)
        )
    if code == errno.ENOENT:
        return StorageError(
            t("mappen for {p} finnes ikke", "the folder for {p} does not exist", p=where)
        )
    if code == errno.ELOOP:
        return _link_refused("", where)
    if code == errno.EIO:
        return StorageError(
            t(
                "lese- eller skrivefeil på disken for {p}",
                "the disk holding {p} reported an input/output error",
                p=where,
            )
        )
    return StorageError(
        t(
            "kunne ikke skrive {p} ({e})",
            "could not write {p} ({e})",
            p=where,
            e=errno.errorcode.get(code or 0, type(exc).__name__),
        )
    )


def _link_refused(field_name: str, where: str) -> InvalidInput:
    return InvalidInput(
        field_name,
        t(
            "{p} er en symbolsk lenke; recoverykit skriver ikke gjennom lenker",
            "{p} is a symbolic link; recoverykit does not write through links",
            p=where,
        ),
    )


def check_target(path: Path | str, *, field: str = "--out", no_links: bool = False) -> Path:
    """``path`` if recoverykit may write it; otherwise one line naming ``field`` (exit 2)."""
    target = Path(path)
    if not target.name or target.name in (".", ".."):
        raise InvalidInput(field, t("{p} er en mappe", "{p} is a folder", p=str(target)))
    try:
        st = os.lstat(target)
    except FileNotFoundError:
        st = None
    except OSError as exc:
        raise os_error(exc, target) from None
    if st is not None:
        if stat.S_ISLNK(st.st_mode):
            raise _link_refused(field, str(target))
        if stat.S_ISDIR(st.st_mode):
            raise InvalidInput(field, t("{p} er en mappe", "{p} is a folder", p=str(target)))
        if not stat.S_ISREG(st.st_mode):
            raise InvalidInput(
                field,
                t(
                    "{p} finnes og er ikke en vanlig fil (en enhet eller et rør?); "
                    "velg et annet filnavn",
                    "{p} exists and is not a regular file (a device or a pipe?); "
                    "choose another file name",
                    p=str(target),
                ),
            )
    folder = target.parent
    if no_links:
        check_folder(folder, field=field)
    elif not folder.is_dir():
        raise InvalidInput(
            field,
            t("mappen {p} finnes ikke", "the folder {p} does not exist", p=str(folder)),
        )
    return target


def refuse_links_on_way(folder: Path, *, field: str = "--out") -> None:
    """Refuse ``folder`` if it, or any folder on the way to it, is a symbolic link."""
    walked = Path(folder.anchor) if folder.is_absolute() else Path()
    for part in folder.parts[1:] if folder.is_absolute() else folder.parts:
        walked = walked / part
        if part in (".", ".."):
            continue
        if walked.is_symlink():
            raise _link_refused(field, str(walked))


def check_folder(folder: Path, *, field: str = "--out") -> Path:
    """``folder`` if it exists and neither it nor a folder on the way to it is a link."""
    refuse_links_on_way(folder, field=field)
    if not folder.is_dir():
        raise InvalidInput(
            field, t("mappen {p} finnes ikke", "the folder {p} does not exist", p=str(folder))
        )
    return folder


def _temp_name(target: Path) -> Path:
    return target.with_name(f".{target.name}.{secrets.token_hex(8)}.tmp")


def _create_temp(target: Path, private: bool) -> tuple[int, Path]:
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _CLOEXEC
    for _ in range(8):
        tmp = _temp_name(target)
        try:
            fd = os.open(tmp, flags, PRIVATE_MODE if private else 0o666)
        except FileExistsError:
            continue
        except OSError as exc:
            raise os_error(exc, target) from None
        if private:
            os.fchmod(fd, PRIVATE_MODE)  # whatever the umask said
        _try_lock(fd)  # held while in use: a later run sweeps only a killed run's leftovers
        return fd, tmp
    raise StorageError(
        t("fant ikke et ledig midlertidig navn for {p}", "no free temporary name for {p}", p=target)
    )


def _sync_folder(folder: Path) -> None:
    with suppress(OSError):
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _install(tmp: Path, target: Path, *, field: str) -> None:
    """Rename ``tmp`` over ``target``, checking once more that the target is not a link."""
    check_target(target, field=field)
    os.replace(tmp, target)


@contextmanager
def atomic_file(
    path: Path | str, *, private: bool, field: str = "--out", no_links: bool = False
) -> Iterator[BinaryIO]:
    """A binary handle whose content replaces ``path`` when the block ends without error."""
    target = check_target(path, field=field, no_links=no_links)
    sweep_stale_temporaries(target)
    fd, tmp = _create_temp(target, private)
    handle = os.fdopen(fd, "wb")
    try:
        yield handle
        handle.flush()
        os.fsync(handle.fileno())
        _install(tmp, target, field=field)
    except OSError as exc:
        _abandon(handle, tmp)
        raise os_error(exc, target) from None
    except BaseException:
        _abandon(handle, tmp)
        raise
    handle.close()
    _sync_folder(target.parent)


def _abandon(handle: BinaryIO, tmp: Path) -> None:
    with suppress(OSError):
        os.unlink(tmp)
    with suppress(OSError, ValueError):
        handle.close()


def write_bytes(
    path: Path | str, data: bytes, *, private: bool, field: str = "--out", no_links: bool = False
) -> Path:
    """Write ``data`` to ``path`` atomically (see the module's rules); returns the path."""
    with atomic_file(path, private=private, field=field, no_links=no_links) as handle:
        handle.write(data)
    return Path(path)


def write_text(
    path: Path | str,
    text: str,
    *,
    private: bool,
    field: str = "--out",
    no_links: bool = False,
    encoding: str = "utf-8",
) -> Path:
    return write_bytes(path, text.encode(encoding), private=private, field=field, no_links=no_links)


@dataclass
class FileSet:
    """Files written together: staged as temporary files, renamed into place only when all are
    written. Use through :func:`file_set`."""

    field: str = "--out"
    no_links: bool = False
    _staged: list[tuple[Path, Path]] = dataclass_field(default_factory=list)
    _fds: list[int] = dataclass_field(default_factory=list)

    def add(self, path: Path | str, data: bytes | str, *, private: bool) -> Path:
        target = check_target(path, field=self.field, no_links=self.no_links)
        sweep_stale_temporaries(target)
        blob = data.encode("utf-8") if isinstance(data, str) else data
        fd, tmp = _create_temp(target, private)
        self._staged.append((tmp, target))
        self._fds.append(fd)
        try:
            view = memoryview(blob)
            while view:
                view = view[os.write(fd, view) :]
            os.fsync(fd)
        except OSError as exc:
            raise os_error(exc, target) from None
        return target

    def _close(self) -> None:
        for fd in self._fds:
            with suppress(OSError):
                os.close(fd)
        self._fds.clear()

    def discard(self) -> None:
        for tmp, _target in self._staged:
            with suppress(OSError):
                os.unlink(tmp)
        self._staged.clear()
        self._close()

    def commit(self) -> list[Path]:
        """Rename every staged file into place; if one rename fails, the ones before it are put
        back as they were."""
        done: list[tuple[Path, Path | None]] = []
        target: Path | None = None
        try:
            for tmp, target in self._staged:
                check_target(target, field=self.field)
                keep: Path | None = None
                if target.exists():
                    keep = _temp_name(target)
                    os.link(target, keep)
                os.replace(tmp, target)
                done.append((target, keep))
        except BaseException as exc:
            for put, keep in reversed(done):
                with suppress(OSError):
                    if keep is None:
                        os.unlink(put)
                    else:
                        os.replace(keep, put)
            self.discard()
            if isinstance(exc, OSError):
                raise os_error(exc, target) from None
            raise
        for _put, keep in done:
            if keep is not None:
                with suppress(OSError):
                    os.unlink(keep)
        self._close()
        for folder in {put.parent for _tmp, put in self._staged}:
            _sync_folder(folder)
        written = [put for _tmp, put in self._staged]
        self._staged.clear()
        return written


@contextmanager
def file_set(*, field: str = "--out", no_links: bool = False) -> Iterator[FileSet]:
    """``with file_set() as files: files.add(p, data, private=...)`` — all files or none."""
    files = FileSet(field=field, no_links=no_links)
    try:
        yield files
    except BaseException:
        files.discard()
        raise
    files.commit()


@contextmanager
def temporary_beside(
    path: Path | str, *, private: bool = True, field: str = "DEST"
) -> Iterator[Path]:
    """A fresh empty file beside ``path`` for a writer that needs a path of its own (SQLite's
    backup API). The caller installs it with :func:`install_new`; on any failure it is removed.
    While in use it is locked, so that a later run can tell a killed run's leftover from a
    running one's file (:func:`sweep_stale_temporaries`)."""
    target = check_target(path, field=field)
    sweep_stale_temporaries(target)
    fd, tmp = _create_temp(target, private)
    try:
        yield tmp
    except OSError as exc:
        _remove_with_sidecars(tmp)
        raise os_error(exc, target) from None
    except BaseException:
        _remove_with_sidecars(tmp)
        raise
    finally:
        os.close(fd)
    _remove_with_sidecars(tmp)


def _try_lock(fd: int) -> bool:
    try:
        import fcntl
    except ImportError:  # Windows: no leftovers are swept
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def sweep_stale_temporaries(target: Path) -> None:
    """Remove temporary files that a killed run left beside ``target`` (not a running one's)."""
    with suppress(OSError):
        for entry in os.scandir(target.parent):
            name = entry.name
            if not (name.startswith(f".{target.name}.") and name.endswith(".tmp")):
                continue
            with suppress(OSError):
                if not entry.is_file(follow_symlinks=False):
                    continue
                fd = os.open(entry.path, os.O_RDONLY | _NOFOLLOW | _CLOEXEC)
                try:
                    if _try_lock(fd):
                        _remove_with_sidecars(Path(entry.path))
                finally:
                    os.close(fd)


def _remove_with_sidecars(tmp: Path) -> None:
    for suffix in ("", "-journal", "-wal", "-shm"):
        with suppress(OSError):
            os.unlink(f"{tmp}{suffix}")


def install_new(tmp: Path, target: Path, *, field: str = "DEST") -> None:
    """Put ``tmp`` in place as ``target`` only if ``target`` does not exist yet (never replaces)."""
    check_target(target, field=field)
    try:
        os.link(tmp, target)
    except FileExistsError:
        raise InvalidInput(
            field,
            t(
                "{p} finnes allerede; velg et nytt filnavn",
                "{p} already exists; choose a new file name",
                p=str(target),
            ),
        ) from None
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.EOPNOTSUPP, errno.EXDEV, errno.EMLINK):
            raise os_error(exc, target) from None
        if os.path.lexists(target):
            raise InvalidInput(
                field,
                t(
                    "{p} finnes allerede; velg et nytt filnavn",
                    "{p} already exists; choose a new file name",
                    p=str(target),
                ),
            ) from None
        os.rename(tmp, target)
    _sync_folder(target.parent)
