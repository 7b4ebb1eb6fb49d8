"""``db backup DIR --keep N``: dated copies in one folder, the oldest deleted beyond N, so that
erased data leave the backups in a known time (N × the interval cron runs it at)."""

from __future__ import annotations

from pathlib import Path

from recoverykit import clock
from recoverykit.errors import Field, InvalidInput
from recoverykit.i18n import t

PREFIX = "recoverykit-"


def rotated_copies(folder: Path) -> list[Path]:
    """The copies this command made in ``folder``, oldest first (the name carries the time)."""
    return sorted(p for p in folder.glob(f"{PREFIX}*.db") if p.is_file() and not p.is_symlink())


def backup_rotated(db_url: str | None, dest: str, keep: int) -> tuple[Path, list[Path]]:
    from recoverykit.services.database import backup_database

    if not 1 <= keep <= 1000:
        raise InvalidInput(Field("keep"), t("må være fra 1 til 1000", "must be from 1 to 1000"))
    folder = Path(dest).expanduser()
    if not folder.is_dir():
        raise InvalidInput(
            "DEST",
            t(
                "med --keep må {p} være en mappe som finnes",
                "with --keep, {p} must be an existing folder",
                p=dest,
            ),
        )
    stamp = clock.now().strftime("%Y%m%d-%H%M%S-%f")
    target = backup_database(db_url, str(folder / f"{PREFIX}{stamp}.db"))
    copies = rotated_copies(folder)
    removed = copies[: max(0, len(copies) - keep)]
    for old in removed:
        old.unlink()
    return target, removed
