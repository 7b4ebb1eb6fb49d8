"""The interactive values exercise as a loop with injected input and output (testable).

``ask(prompt)`` returns what the person typed; ``say(text)`` shows text. Nothing is stored here:
the caller saves the returned :class:`ExerciseResult` in one transaction, so Ctrl-C (a
``KeyboardInterrupt`` from ``ask``) at any point leaves nothing half-saved.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from recoverykit.domain.text import clean_text
from recoverykit.domain.values import (
    Choice,
    Value,
    ValuesList,
    check_keep,
    check_pick,
    match_value,
    resolve,
)
from recoverykit.errors import InvalidInput
from recoverykit.i18n import sentence, t, tr
from recoverykit.services.values import (
    ExerciseResult,
    clean_answer,
    entry_name,
    guard,
    split_entries,
)

Ask = Callable[[str], str]
Say = Callable[[str], None]
YES = ("j", "ja", "y", "yes")


def value_columns(values: Sequence[Value], width: int = 80) -> list[str]:
    """The numbered list in columns, read downwards (like ``ls``), within ``width`` characters."""
    if not values:
        return []
    digits = len(str(len(values)))
    cells = [f"{i:>{digits}} {v.name}" for i, v in enumerate(values, 1)]
    cell_w = max(len(c) for c in cells) + 2
    cols = max(1, min(len(cells), (width + 2) // cell_w))
    rows = -(-len(cells) // cols)
    lines = []
    for r in range(rows):
        row = [cells[c * rows + r] for c in range(cols) if c * rows + r < len(cells)]
        lines.append("".join(cell.ljust(cell_w) for cell in row).rstrip())
    return lines


def run_exercise(values_list: ValuesList, ask: Ask, say: Say, *, width: int = 80) -> ExerciseResult:
    """Pick, keep, reflect: explains and asks again after a wrong count, unknown value or repeat."""
    if values_list.intro:
        say(values_list.intro)
    say("")
    for line in value_columns(values_list.values, width):
        say(line)
    say("")
    if values_list.choose_text:
        say(values_list.choose_text)
    picked = _ask_pick(values_list, ask, say)
    say("")
    if values_list.keep_text:
        say(values_list.keep_text)
    numbers = {v.id: i for i, v in enumerate(values_list.values, 1)}
    for choice in picked:
        number = str(numbers[choice.value_id]) if choice.value_id else "–"
        own = tr(" (egen verdi)", " (own value)") if choice.own else ""
        say(f"  {number:>3} {choice.name}{own}")
    kept = _ask_keep(values_list, picked, ask, say)
    answers = _ask_reflections(values_list, ask, say)
    return ExerciseResult(picked, kept, answers)


def _ask_pick(values_list: ValuesList, ask: Ask, say: Say) -> tuple[Choice, ...]:
    prompt = tr(
        "Velg {n} verdier: nummer eller navn, skilt med komma",
        "Choose {n} values: numbers or names, separated by commas",
        n=values_list.choose,
    )
    while True:
        entries = split_entries(ask(prompt))
        try:
            typed, own = _resolve_entries(values_list, entries, ask, say)
            return check_pick(typed, values_list.values, own=own, count=values_list.choose)
        except InvalidInput as error:
            say(tr("{m} Prøv igjen.", "{m} Try again.", m=sentence(str(error.message))))


def _resolve_entries(
    values_list: ValuesList, entries: list[str], ask: Ask, say: Say
) -> tuple[list[str], list[str]]:
    typed: list[str] = []
    own: list[str] = []
    for entry in entries:
        text = entry_name("pick", entry, values_list)
        found = match_value(text, values_list.values)
        if found.value is not None:
            if not found.exact and not entry.isdigit():
                say(tr("«{e}» → {v}", "'{e}' → {v}", e=entry, v=found.value.name))
            typed.append(found.value.name)
            continue
        if found.candidates or not values_list.own_values_allowed:
            resolve("pick", text, values_list.values)  # raises with the explanation
        answer = ask(
            tr(
                "«{e}» står ikke på listen. Legge den til som egen verdi? (j/n)",
                "'{e}' is not on the list. Add it as your own value? (y/n)",
                e=entry,
            )
        )
        if answer.strip().lower() not in YES:
            raise InvalidInput(
                "pick",
                t("«{e}» er ikke lagt til.", "'{e}' was not added.", e=entry),
            )
        own.append(guard("pick", clean_text("pick", entry, max_length=80)) or "")
        typed.append(own[-1])
    return typed, own


def _ask_keep(
    values_list: ValuesList, picked: tuple[Choice, ...], ask: Ask, say: Say
) -> tuple[Choice, ...]:
    prompt = tr(
        "Behold {n} av dem: nummer eller navn, skilt med komma",
        "Keep {n} of them: numbers or names, separated by commas",
        n=values_list.keep,
    )
    while True:
        entries = split_entries(ask(prompt))
        try:
            typed = [entry_name("keep", e, values_list) for e in entries]
            return check_keep(typed, picked, count=values_list.keep)
        except InvalidInput as error:
            say(tr("{m} Prøv igjen.", "{m} Try again.", m=sentence(str(error.message))))


def _ask_reflections(
    values_list: ValuesList, ask: Ask, say: Say
) -> tuple[tuple[int, str, str], ...]:
    if not values_list.reflection:
        return ()
    say("")
    wants = ask(
        tr(
            "Vil du svare på refleksjonsspørsmålene nå? Svarene er valgfrie. (j/n)",
            "Answer the reflection questions now? The answers are optional. (y/n)",
        )
    )
    if wants.strip().lower() not in YES:
        return ()
    answers: list[tuple[int, str, str]] = []
    for number, question in enumerate(values_list.reflection, 1):
        say("")
        say(f"{number}. {question}")
        while True:
            text = ask(tr("Svar (tom linje hopper over)", "Answer (empty line skips)"))
            if not text.strip():
                break
            try:
                answers.append((number, question, clean_answer("svar", text)))
                break
            except InvalidInput as error:
                say(tr("{m} Prøv igjen.", "{m} Try again.", m=sentence(str(error.message))))
    return tuple(answers)
