"""One clock: Europe/Oslo, read only in ``recoverykit/clock.py``."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from pathlib import Path

from recoverykit import clock

SRC = Path(__file__).resolve().parents[1] / "src" / "recoverykit"


def test_today_is_oslos_date_not_the_machines() -> None:
    late_utc = datetime(2026, 12, 31, 23, 30, tzinfo=UTC)  # 00:30 on 1 January in Oslo
    assert clock.today(late_utc) == date(2027, 1, 1)
    summer = datetime(2026, 6, 30, 22, 30, tzinfo=UTC)  # 00:30 CEST
    assert clock.today(summer) == date(2026, 7, 1)
    assert clock.now(summer).utcoffset().total_seconds() == 7200  # type: ignore[union-attr]


def test_the_clock_is_read_only_in_one_place() -> None:
    reads = re.compile(r"\bdate\.today\(\)|\bdatetime\.now\(|\btime\.localtime\(")
    found = [
        f"{p.relative_to(SRC)}:{n}"
        for p in sorted(SRC.rglob("*.py"))
        if p.name != "clock.py"
        for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), start=1)
        if reads.search(line)
    ]
    assert not found, found
