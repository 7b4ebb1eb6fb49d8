"""Opening the store: resolve the URL, connect, check (and for local SQLite upgrade) the schema."""

from __future__ import annotations

import sys
from pathlib import Path

from recoverykit.config import DatabaseURL, resolve_database_url
from recoverykit.errors import StorageError
from recoverykit.i18n import Msg, t
from recoverykit.store.connection import Database

MOUNTS = Path("/proc/mounts")  # where Linux lists mounted file systems (tests point elsewhere)
_NETWORK_FILESYSTEMS = {"nfs", "nfs4", "cifs", "smb", "smbfs", "smb3", "afpfs", "9p", "fuse.sshfs"}


def open_store(
    db_url: str | DatabaseURL | None = None,
    *,
    check: bool = True,
    create: bool = False,
    allow_empty: bool = False,
) -> Database:
    """Open the database named by ``db_url`` (or the configured one) with a current schema.

    Only ``init`` and ``demo`` (and test fixtures) pass ``create=True``: for every other command a
    missing SQLite file is an error that names the path and how it was chosen, and nothing (not
    even its folder) is created.
    """
    from recoverykit.store.migrate import ensure_schema

    url = db_url if isinstance(db_url, DatabaseURL) else resolve_database_url(db_url)
    if url.is_sqlite and url.path is not None:
        if not create and not url.path.exists():
            raise StorageError(missing_database_message(url))
        warn_if_network_drive(url.path)
    db = Database(url, allow_empty=allow_empty)
    if check:
        ensure_schema(db)
    return db


def missing_database_message(url: DatabaseURL) -> Msg:
    """One line: the path, how it was chosen, and what to do."""
    if url.source == "default":
        how_nb, how_en = "standardplassen", "the default location"
    elif url.source in ("--db", "RECOVERYKIT_DB"):
        how_nb = how_en = url.source
    else:
        how_nb, how_en = f"konfigurasjonsfilen {url.source}", f"the config file {url.source}"
    return Msg(
        f"databasen {url.path} finnes ikke (valgt av {how_nb}); "
        "kjør «recoverykit init» for å opprette den",
        f"the database {url.path} does not exist (chosen by {how_en}); "
        "run 'recoverykit init' to create it",
    )


def network_filesystem(path: Path) -> str | None:
    """The filesystem type if ``path`` lies on a network drive (Linux /proc/mounts), else None."""
    try:
        mounts = MOUNTS.read_text(encoding="utf-8").splitlines()
    except OSError:
        return None
    target = path.resolve().parent
    best: tuple[int, str] | None = None
    for line in mounts:
        parts = line.split()
        if len(parts) < 3:
            continue
        mount_point, fstype = parts[1].replace("\\040", " "), parts[2]
        if (target == Path(mount_point) or Path(mount_point) in target.parents) and (
            best is None or len(mount_point) > best[0]
        ):
            best = (len(mount_point), fstype)
    if best and best[1] in _NETWORK_FILESYSTEMS:
        return best[1]
    return None


def warn_if_network_drive(path: Path) -> None:
    fstype = network_filesystem(path)
    if fstype:
        print(
            t(
                "Advarsel: databasen ligger på en nettverksdisk ({f}). SQLite-låsing er ikke "
                "pålitelig der; bruk PostgreSQL når flere deler databasen.",
                "Warning: the database is on a network drive ({f}). SQLite locking is not "
                "reliable there; use PostgreSQL when several people share the database.",
                f=fstype,
            ),
            file=sys.stderr,
        )
