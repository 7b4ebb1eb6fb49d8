"""The one place ``fit import`` and ``fit export`` write files (rejects, CSV, workbooks).

Until the house's atomic, symlink-safe writer lands (issue 12), this writes to a temporary file
beside the target (mode 0600: the rows are client-level data) and renames it into place, so a
reader never sees half a file. Every write of these commands goes through :func:`write_file`, so
re-pointing it at the shared writer is a one-line change.
"""

from __future__ import annotations

import os
from pathlib import Path

from recoverykit.errors import InvalidInput
from recoverykit.i18n import t


def check_target(field: str, path: Path) -> None:
    """Refuse a folder or a path whose folder does not exist, before any work is done."""
    if path.is_dir() or not path.parent.is_dir():
        raise InvalidInput(
            field,
            t(
                "{p}: mappen finnes ikke eller stien er en mappe",
                "{p}: the folder does not exist or the path is a folder",
                p=str(path),
            ),
        )


def write_file(path: Path, data: bytes) -> None:
    check_target("--out", path)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW, 0o600)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
