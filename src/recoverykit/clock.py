"""The one clock: today's date and the time in Europe/Oslo, the unit's own calendar.

Every "today" and "now" of recoverykit is read here (commands read it once at their start and
pass it down; reports and their defaults, the card draw, plan events and the demo use it too),
so that a command run just after midnight in Oslo on a machine set to UTC still sees Oslo's date.
Falls back to the machine's local time when the time-zone data is missing.
"""

from __future__ import annotations

from datetime import date, datetime

ZONE = "Europe/Oslo"


def now(at: datetime | None = None) -> datetime:
    """The time in Europe/Oslo (aware); ``at`` converts a given moment instead."""
    try:
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            zone = ZoneInfo(ZONE)
        except ZoneInfoNotFoundError:
            return at or datetime.now()
    except ImportError:  # pragma: no cover - zoneinfo is stdlib from 3.9
        return at or datetime.now()
    if at is None:
        return datetime.now(zone)
    return at.astimezone(zone) if at.tzinfo else at


def today(at: datetime | None = None) -> date:
    """Today's date in Europe/Oslo."""
    return now(at).date()


def local_now() -> datetime:
    """Oslo's wall-clock time without a zone (for stored timestamps and file-name stamps)."""
    return now().replace(tzinfo=None, microsecond=0)


def utc_now() -> datetime:
    """Now in UTC without a zone (stored audit timestamps, like the database's CURRENT_TIMESTAMP)."""
    from datetime import UTC

    return datetime.now(UTC).replace(tzinfo=None, microsecond=0)
