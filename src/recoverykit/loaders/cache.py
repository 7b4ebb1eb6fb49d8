"""A cache for the shipped YAML data (decks, values list), so commands that open no database
start fast: parsing and validating the YAML with line numbers costs more than the rest of
``cards list`` together.

The cache is a pickle of the validated result in ``<data folder>/cache/``, keyed on the file's
path, size, modification time and content (CRC-32: a checksum against a changed file, not a
seal; zlib loads in a fraction of hashlib's time), and on recoverykit's version. Anything that does not
match is parsed again; a cache that cannot be read or written is simply not used. Only files
shipped with recoverykit are cached (users' own deck files are read every time, so an error in
them is always reported with its line).
"""

from __future__ import annotations

import os
import pickle
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")


def _cache_dir() -> Path | None:
    try:
        from recoverykit.config import data_dir

        return data_dir() / "cache"
    except Exception:
        return None


def cached(path: Path, kind: str, load: Callable[[Path], T]) -> T:
    """``load(path)``, or its earlier result when ``path`` has not changed."""
    from recoverykit import __version__

    folder = _cache_dir()
    try:
        raw = path.read_bytes()
        stat = path.stat()
    except OSError:
        return load(path)
    import zlib

    head = b"%s|%s|%d|%d|" % (
        __version__.encode(),
        str(path).encode(),
        stat.st_size,
        stat.st_mtime_ns,
    )
    key = f"{zlib.crc32(raw, zlib.crc32(head)):08x}{zlib.adler32(raw):08x}"
    target = folder / f"{kind}-{key}.pickle" if folder is not None else None
    if target is not None and target.is_file():
        try:
            with target.open("rb") as fh:
                return pickle.load(fh)  # type: ignore[no-any-return]
        except Exception:
            pass  # unreadable or from another version: parse again
    value = load(path)
    if target is not None:
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            for old in target.parent.glob(f"{kind}-*.pickle"):
                old.unlink(missing_ok=True)
            tmp = target.with_suffix(f".{os.getpid()}.tmp")
            with tmp.open("wb") as fh:
                pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, target)
        except OSError:
            pass
    return value
