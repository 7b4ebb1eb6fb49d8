"""The one place ``fit import`` and ``fit export`` write files (rejects, CSV, workbooks).

Every write goes through the house's atomic, symlink-safe writer (:mod:`recoverykit.files`):
a fresh temporary name beside the target, ``O_EXCL|O_NOFOLLOW``, fsync, rename; mode 0600
whatever the umask, since the rows are client-level data.
"""

from __future__ import annotations

from pathlib import Path

from recoverykit.errors import Field


def check_target(field: str, path: Path) -> None:
    """Refuse a link, a device, a folder or a path whose folder does not exist, before any work."""
    from recoverykit.files import check_target as check

    check(path, field=field)


def write_file(path: Path, data: bytes, field: str = Field("out")) -> None:
    from recoverykit.files import write_bytes

    write_bytes(path, data, private=True, field=field)
