"""Implementation plans: measure statuses, status changes, overdue rules, progress, numbering.

Decisions (documented in docs/plan-format.md):

* Statuses: ``planned`` (planlagt), ``in-progress`` (pågår), ``done`` (gjennomført), ``ongoing``
  (løpende – the measure is now part of ordinary practice, e.g. monthly inspiration gatherings) and
  ``dropped`` (skrinlagt). Norwegian and English words are both accepted as input.
* Overdue: a measure with a due date that is planned or in progress after that date. Done, ongoing
  and dropped measures are never overdue.
* Progress: dropped measures are left out of the count; ``done`` and ``ongoing`` both count as
  carried out ("gjennomført eller i drift"), so a plan of 7 measures with 1 dropped, 3 done and 1
  ongoing is "4 av 6".
* Numbering: a measure number is a whole number with an optional sub-letter: ``1``, ``2``, ``2a``,
  ``2b``. Sub-points such as the a–c of the 2016 plan's point 2 are their own measures (``2a``,
  ``2b``, ``2c``) so that each can have its own status; a sub-measure needs its parent (``2``).
  Measures sort 1 < 2 < 2a < 2b < 3 < 10.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Protocol

from recoverykit.errors import InvalidInput
from recoverykit.i18n import Msg, language, t


class MeasureStatus(StrEnum):
    PLANNED = "planned"
    IN_PROGRESS = "in-progress"
    DONE = "done"
    ONGOING = "ongoing"
    DROPPED = "dropped"


_LABELS: dict[MeasureStatus, tuple[str, str]] = {
    MeasureStatus.PLANNED: ("planlagt", "planned"),
    MeasureStatus.IN_PROGRESS: ("pågår", "in progress"),
    MeasureStatus.DONE: ("gjennomført", "done"),
    MeasureStatus.ONGOING: ("løpende", "ongoing"),
    MeasureStatus.DROPPED: ("skrinlagt", "dropped"),
}

# What people type, folded (lower case, spaces and underscores as hyphens).
_ALIASES: dict[str, MeasureStatus] = {
    **{s.value: s for s in MeasureStatus},
    "planlagt": MeasureStatus.PLANNED,
    "ikke-startet": MeasureStatus.PLANNED,
    "ikke-påbegynt": MeasureStatus.PLANNED,
    "pågår": MeasureStatus.IN_PROGRESS,
    "pagar": MeasureStatus.IN_PROGRESS,
    "påbegynt": MeasureStatus.IN_PROGRESS,
    "i-gang": MeasureStatus.IN_PROGRESS,
    "started": MeasureStatus.IN_PROGRESS,
    "in-progress": MeasureStatus.IN_PROGRESS,
    "gjennomført": MeasureStatus.DONE,
    "gjennomfort": MeasureStatus.DONE,
    "ferdig": MeasureStatus.DONE,
    "utført": MeasureStatus.DONE,
    "completed": MeasureStatus.DONE,
    "løpende": MeasureStatus.ONGOING,
    "lopende": MeasureStatus.ONGOING,
    "i-drift": MeasureStatus.ONGOING,
    "fast": MeasureStatus.ONGOING,
    "kontinuerlig": MeasureStatus.ONGOING,
    "skrinlagt": MeasureStatus.DROPPED,
    "droppet": MeasureStatus.DROPPED,
    "avlyst": MeasureStatus.DROPPED,
    "utgått": MeasureStatus.DROPPED,
    "utgår": MeasureStatus.DROPPED,
    "cancelled": MeasureStatus.DROPPED,
}

# A measure in one of these states is finished with; leaving it again needs a reason.
CLOSED = frozenset({MeasureStatus.DONE, MeasureStatus.DROPPED})
NEVER_OVERDUE = frozenset({MeasureStatus.DONE, MeasureStatus.ONGOING, MeasureStatus.DROPPED})


def _fold(value: str) -> str:
    text = unicodedata.normalize("NFC", value).strip().casefold()
    return re.sub(r"[\s_]+", "-", text)


def status_label(status: MeasureStatus, lang: str | None = None) -> str:
    nb, en = _LABELS[status]
    return en if (lang or language()) == "en" else nb


def allowed_statuses() -> Msg:
    nb = ", ".join(f"{nb} ({s.value})" for s, (nb, _en) in _LABELS.items())
    en = ", ".join(s.value for s in MeasureStatus)
    return t(nb, en)


def parse_status(field: str, value: str | MeasureStatus) -> MeasureStatus:
    """A status from its code or a Norwegian/English word; refuse others, listing the allowed."""
    if isinstance(value, MeasureStatus):
        return value
    status = _ALIASES.get(_fold(value or ""))
    if status is None:
        allowed = allowed_statuses()
        raise InvalidInput(
            field,
            t(
                "«{v}» er ikke en status; bruk {a}",
                "'{v}' is not a status; use {b}",
                v=(value or "").strip(),
                a=allowed.nb,
                b=allowed.en,
            ),
        )
    return status


def check_status_change(old: MeasureStatus, new: MeasureStatus, *, note: str | None = None) -> None:
    """Refuse a status change that makes no sense or lacks its reason.

    * the same status again is refused (nothing would change);
    * dropping a measure needs a note that says why;
    * reopening a done or dropped measure needs a note that says why.
    """
    has_note = bool(note and note.strip())
    if old == new:
        raise InvalidInput(
            "status",
            t(
                "tiltaket har allerede status «{s}»",
                "the measure already has status '{e}'",
                s=status_label(new, "nb"),
                e=status_label(new, "en"),
            ),
        )
    if new == MeasureStatus.DROPPED and not has_note:
        raise InvalidInput(
            "note",
            t(
                "skriv hvorfor tiltaket skrinlegges (--note), så evalueringen kan se det",
                "say why the measure is dropped (--note), so the evaluation can see it",
            ),
        )
    if old in CLOSED and not has_note:
        raise InvalidInput(
            "note",
            t(
                "tiltaket er {s}; skriv hvorfor det åpnes igjen (--note)",
                "the measure is {e}; say why it is reopened (--note)",
                s=status_label(old, "nb"),
                e=status_label(old, "en"),
            ),
        )


def is_overdue(measure_due: date | None, status: MeasureStatus, today: date) -> bool:
    """Past its due date and still planned or in progress. No due date: never overdue."""
    if measure_due is None or status in NEVER_OVERDUE:
        return False
    return today > measure_due


class MeasureLike(Protocol):
    @property
    def status(self) -> str: ...

    @property
    def due(self) -> date | None: ...


@dataclass(frozen=True)
class PlanProgress:
    total: int
    planned: int
    in_progress: int
    done: int
    ongoing: int
    dropped: int
    overdue: int

    @property
    def counted(self) -> int:
        """Measures that count: all but the dropped ones."""
        return self.total - self.dropped

    @property
    def carried_out(self) -> int:
        """Done or ongoing (now part of ordinary practice)."""
        return self.done + self.ongoing

    @property
    def percent(self) -> float | None:
        return None if self.counted == 0 else 100.0 * self.carried_out / self.counted

    def summary(self) -> Msg:
        return t(
            "{c} av {n} tiltak gjennomført eller i drift ({o} over frist, {d} skrinlagt)",
            "{c} of {n} measures done or ongoing ({o} overdue, {d} dropped)",
            c=self.carried_out,
            n=self.counted,
            o=self.overdue,
            d=self.dropped,
        )


def plan_progress(measures: Iterable[MeasureLike], today: date) -> PlanProgress:
    counts = dict.fromkeys(MeasureStatus, 0)
    overdue = 0
    for measure in measures:
        status = MeasureStatus(measure.status)
        counts[status] += 1
        overdue += is_overdue(measure.due, status, today)
    return PlanProgress(
        total=sum(counts.values()),
        planned=counts[MeasureStatus.PLANNED],
        in_progress=counts[MeasureStatus.IN_PROGRESS],
        done=counts[MeasureStatus.DONE],
        ongoing=counts[MeasureStatus.ONGOING],
        dropped=counts[MeasureStatus.DROPPED],
        overdue=overdue,
    )


# ---- numbering -----------------------------------------------------------------------------

MAX_MEASURE = 999
_NUMBER = re.compile(r"^(\d{1,3})\s*[.)]?\s*([a-z])?\s*[.)]?$")


@dataclass(frozen=True, order=True)
class MeasureNumber:
    """``2`` or ``2a``. Orders 1 < 2 < 2a < 2b < 3 < 10 (``sub`` is ``""`` for a main measure)."""

    main: int
    sub: str = ""

    @property
    def parent(self) -> MeasureNumber | None:
        return MeasureNumber(self.main) if self.sub else None

    def __str__(self) -> str:
        return f"{self.main}{self.sub}"


def parse_measure_number(field: str, value: str | int | MeasureNumber) -> MeasureNumber:
    """``3``, ``"3"``, ``"2a"``, ``"2 b"``, ``"2.c"``; 1–999 with an optional letter a–z."""
    if isinstance(value, MeasureNumber):
        return value
    text = str(value).strip()
    m = _NUMBER.match(text.casefold())
    if m and 1 <= int(m[1]) <= MAX_MEASURE:
        return MeasureNumber(int(m[1]), m[2] or "")
    raise InvalidInput(
        field,
        t(
            "«{v}» er ikke et tiltaksnummer; bruk et heltall 1–{max}, eventuelt med "
            "bokstav for underpunkt (2a, 2b)",
            "'{v}' is not a measure number; use a whole number 1–{max}, optionally "
            "with a letter for a sub-point (2a, 2b)",
            v=text,
            max=MAX_MEASURE,
        ),
    )


def numbering_problems(numbers: Sequence[MeasureNumber]) -> list[tuple[int, Msg]]:
    """(index, problem) for duplicate numbers and sub-measures without their parent."""
    problems: list[tuple[int, Msg]] = []
    seen: set[MeasureNumber] = set()
    present = set(numbers)
    for index, number in enumerate(numbers):
        if number in seen:
            problems.append(
                (index, t("nummer {n} er brukt før", "number {n} is used twice", n=number))
            )
        seen.add(number)
        if number.parent is not None and number.parent not in present:
            problems.append(
                (
                    index,
                    t(
                        "underpunkt {n} mangler hovedpunkt {p}",
                        "sub-point {n} has no main point {p}",
                        n=number,
                        p=number.parent,
                    ),
                )
            )
    return problems


def next_measure_number(existing: Iterable[MeasureNumber]) -> MeasureNumber:
    """The number a new main measure gets: one more than the highest main number."""
    return MeasureNumber(max((n.main for n in existing), default=0) + 1)
