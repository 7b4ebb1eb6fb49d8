"""Values-exercise use cases: the list, checking picks, saving an exercise, the summary.

Results are stored apart from any client data, with at most a pseudonymous participant code.
Numbers typed for ``--pick``/``--keep`` are the numbers of ``recoverykit values list``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from recoverykit.domain.text import clean_text, optional_text
from recoverykit.domain.values import (
    MIN_GROUP_DEFAULT,
    NO_DEPARTMENT,
    OWN_PREFIX,
    UNIT_KEY,
    Choice,
    ValuesList,
    ValuesSummary,
    check_keep,
    check_pick,
    gate_practice,
    summarise,
)
from recoverykit.errors import Field, InvalidInput
from recoverykit.i18n import t

if TYPE_CHECKING:  # the store is imported where it is used: ``values list`` opens no database
    from recoverykit.store.connection import Database

PARTICIPANT_MAX = 40
# The domain's plain field names, as the user's fields (the CLI shows them as --pick ...).
USER_FIELDS = {"pick": Field("pick"), "keep": Field("keep"), "own": Field("own")}


@dataclass(frozen=True)
class ExerciseResult:
    """What a participant chose: the picked values, the kept ones and any reflection answers."""

    picked: tuple[Choice, ...]
    kept: tuple[Choice, ...]
    answers: tuple[tuple[int, str, str], ...] = ()  # (question number, question, answer)


@dataclass(frozen=True)
class SavedExercise:
    id: int
    participant: str | None
    department: str | None
    done_on: date
    result: ExerciseResult


@dataclass(frozen=True)
class SummaryView:
    department: str | None
    summary: ValuesSummary
    reflections: int
    chime: tuple[tuple[str, str], ...] = field(default_factory=tuple)  # (word, question)


def load_values_list() -> ValuesList:
    from recoverykit.loaders.values import load_values

    return load_values()


def guard(field_name: str, text: str | None) -> str | None:
    """The one place where free text and participant codes are checked for identity numbers."""
    from recoverykit.domain.idnumber import guard_text  # not for ``values list`` (start-up)

    return None if text is None else guard_text(field_name, text)


def clean_participant(code: str | None) -> str | None:
    text = optional_text(Field("participant"), code, max_length=PARTICIPANT_MAX)
    return guard(Field("participant"), text)


def clean_answer(field_name: str, text: str) -> str:
    return guard(field_name, clean_text(field_name, text)) or ""


def split_entries(text: str) -> list[str]:
    """``"1, 5 ,Ærlighet"`` → ``["1", "5", "Ærlighet"]`` (empty entries dropped)."""
    return [part.strip() for part in (text or "").split(",") if part.strip()]


def entry_name(field_name: str, entry: str, values_list: ValuesList) -> str:
    """A typed entry as the text to match: a list number becomes that value's name."""
    if entry.isdigit():
        number = int(entry)
        if not 1 <= number <= len(values_list.values):
            raise InvalidInput(
                field_name,
                t(
                    "nummer {n} finnes ikke; listen har 1–{max} (se «recoverykit values list»)",
                    "number {n} does not exist; the list has 1–{max} (see 'recoverykit values "
                    "list')",
                    n=number,
                    max=len(values_list.values),
                ),
            )
        return values_list.values[number - 1].name
    return entry


def _renamed(error: InvalidInput, names: Mapping[str, str]) -> InvalidInput:
    return InvalidInput(names.get(error.field, error.field), error.message)


def check_flags(
    values_list: ValuesList, pick: str, keep: str, own: Sequence[str] = ()
) -> ExerciseResult:
    """The exercise from ``--pick``, ``--keep`` and ``--own`` (numbers or names, comma-separated)."""
    try:
        own_clean = [
            guard(Field("own"), clean_text(Field("own"), o, max_length=80)) or "" for o in own
        ]
        if own_clean and not values_list.own_values_allowed:
            raise InvalidInput(
                Field("own"), t("egne verdier er ikke tillatt", "own values not allowed")
            )
        picked = check_pick(
            [entry_name(Field("pick"), e, values_list) for e in split_entries(pick)],
            values_list.values,
            own=own_clean,
            count=values_list.choose,
        )
        kept = check_keep(
            [entry_name(Field("keep"), e, values_list) for e in split_entries(keep)],
            picked,
            count=values_list.keep,
        )
    except InvalidInput as error:
        raise _renamed(error, USER_FIELDS) from None
    return ExerciseResult(picked, kept)


def require_department_id(db: Database, dept: str | None) -> tuple[int | None, str | None]:
    if dept is None:
        return None, None
    from recoverykit.services.departments import require_department

    with db.read() as conn:
        found = require_department(conn, dept, Field("dept"))
    return found.id, found.code


def save_exercise(
    db: Database,
    result: ExerciseResult,
    *,
    participant: str | None,
    dept: str | None,
    done_on: date,
) -> SavedExercise:
    """Everything of one exercise in ONE write transaction: all of it is saved, or nothing."""
    from recoverykit.services.departments import require_department
    from recoverykit.store import values as q

    kept = {c.key for c in result.kept}
    choices = [
        {"position": i, "value_id": c.value_id, "name": c.name, "kept": c.key in kept}
        for i, c in enumerate(result.picked, 1)
    ]
    answers = [{"position": n, "question": qn, "answer": a} for n, qn, a in result.answers]
    with db.write() as conn:
        department = require_department(conn, dept, Field("dept")) if dept is not None else None
        exercise_id = q.insert_exercise(
            conn=conn,
            participant=participant,
            department_id=department.id if department else None,
            done_on=done_on,
        )
        q.insert_choices(conn=conn, exercise_id=exercise_id, choices=choices)
        q.insert_reflections(conn=conn, exercise_id=exercise_id, answers=answers)
    return SavedExercise(
        exercise_id, participant, department.code if department else None, done_on, result
    )


def values_summary(
    db: Database, dept: str | None = None, *, min_group: int = MIN_GROUP_DEFAULT
) -> SummaryView:
    """Which values the staff hold most often (kept values), anonymous and suppressed when few."""
    from recoverykit.services.departments import require_department
    from recoverykit.store import values as q

    with db.read() as conn:
        department = require_department(conn, dept, Field("dept")) if dept is not None else None
        dept_id = department.id if department else None
        rows = q.kept_choices(conn=conn, department_id=dept_id)
        exercises = q.count_exercises(conn=conn, department_id=dept_id)
        reflections = q.count_reflections(conn=conn, department_id=dept_id)
        everything = (date(1900, 1, 1), date(9999, 12, 31))
        held = {
            r["code"] or NO_DEPARTMENT: int(r["n"])
            for r in q.exercises_by_department(conn=conn, start=everything[0], end=everything[1])
        }
        kept_by_dept = {
            (r["code"] or NO_DEPARTMENT, str(r["name"])): int(r["n"])
            for r in q.kept_values_by_department(conn=conn, start=everything[0], end=everything[1])
        }
    by_exercise: dict[int, list[Choice]] = {}
    for row in rows:
        by_exercise.setdefault(int(row["exercise_id"]), []).append(
            Choice(str(row["name"]), row["value_id"])
        )
    kept = list(by_exercise.values())
    kept += [[] for _ in range(exercises - len(kept))]  # counts every participant
    try:
        summary = summarise(kept, min_group=min_group)
    except InvalidInput as error:
        raise _renamed(error, {"min_group": Field("min_group")}) from None
    summary = _through_the_gate(summary, held, kept_by_dept, department, min_group)
    return SummaryView(
        department.code if department else None,
        summary,
        reflections if not summary.suppressed else 0,
        chime_reflection(),
    )


def _through_the_gate(
    summary: ValuesSummary,
    held: dict[str, int],
    kept: dict[tuple[str, str], int],
    department: Any,
    min_group: int,
) -> ValuesSummary:
    """The unit's summary and every department's are one output (``gate_practice``): a count
    hidden there is not shown here, and a department's small group is not the unit's minus the
    others'."""
    if summary.suppressed:
        return summary
    gated = gate_practice(held, kept, min_group)
    mine = UNIT_KEY if department is None else department.code
    shown = gated.total if department is None else gated.exercises.get(department.code)
    if shown is None:
        return ValuesSummary(summary.participants, min_group, True)
    counts = gated.kept.get(mine, {})
    rows = []
    for r in summary.rows:
        if r.key.endswith("*") or r.key.startswith(
            OWN_PREFIX
        ):  # own values, pooled: a count of people too
            if r.count >= min_group:
                rows.append(r)
        elif counts.get(r.name) is not None:
            rows.append(r)
    return dataclasses.replace(summary, rows=tuple(rows))


def chime_reflection() -> tuple[tuple[str, str], ...]:
    """The CHIME words with the CHIME deck's own reflection question ("Dette betyr …")."""
    from recoverykit.domain.cards import chime_label
    from recoverykit.i18n import language
    from recoverykit.loaders.decks import load_builtin_decks

    out: list[tuple[str, str]] = []
    for deck in load_builtin_decks():
        if deck.id != "chime":
            continue
        for card in deck.cards:
            if card.chime:
                question = card.text.splitlines()[-1].strip()
                out.append((chime_label(card.chime, language()), question))
    return tuple(out)
