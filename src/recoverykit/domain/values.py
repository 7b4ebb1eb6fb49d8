"""The values exercise (verdiøvelsen): match typed values, check picks, summarise a group. Pure.

Participants choose 10 values from the list (own values may be added), then keep the 5 most
important (Bærum kommune's guide, after Sandnes kommune 2015 and ImROC). Typing is forgiving:
case, æøå typed as ASCII ("aerlighet", "arlighet", "haap") and small typos are accepted.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from recoverykit.domain.text import clean_text, match_key, norwegian_sort_key
from recoverykit.errors import InvalidInput
from recoverykit.i18n import t

CHOOSE = 10
KEEP = 5
MIN_GROUP_DEFAULT = 5  # the smallest group whose summary is shown
MIN_GROUP_FLOOR = 3  # never show a group smaller than this, whatever is configured
OWN_PREFIX = "egen:"


@dataclass(frozen=True)
class Value:
    id: str
    name: str
    en: str | None = None


@dataclass(frozen=True)
class ValuesList:
    values: tuple[Value, ...]
    choose: int = CHOOSE
    keep: int = KEEP
    own_values_allowed: bool = True
    intro: str = ""
    choose_text: str = ""
    keep_text: str = ""
    reflection: tuple[str, ...] = ()
    source: str = ""


@dataclass(frozen=True)
class Choice:
    """A chosen value: from the list (``value_id`` set) or the participant's own."""

    name: str
    value_id: str | None = None

    @property
    def own(self) -> bool:
        return self.value_id is None

    @property
    def key(self) -> str:
        return self.value_id if self.value_id else OWN_PREFIX + match_key(self.name)


@dataclass(frozen=True)
class Match:
    value: Value | None  # the match, if exactly one
    candidates: tuple[Value, ...] = ()  # when ambiguous (or the closest suggestions)
    exact: bool = False  # True when typed exactly (ignoring case, spaces, accents)


_FOLD = str.maketrans({"æ": "a", "ø": "o", "å": "a", "ä": "a", "ö": "o"})
_DIGRAPHS = (("aa", "a"), ("ae", "a"), ("oe", "o"))


def skeleton(text: str) -> str:
    """A key that forgives æøå typed as ASCII: 'Ærlighet', 'aerlighet', 'arlighet' → 'arlighet'."""
    key = match_key(text).translate(_FOLD)
    key = "".join(ch for ch in unicodedata.normalize("NFKD", key) if not unicodedata.combining(ch))
    key = re.sub(r"[^a-z0-9]+", " ", key).strip()
    for pair, single in _DIGRAPHS:
        key = key.replace(pair, single)
    return key


def edit_distance(a: str, b: str, limit: int = 99) -> int:
    """Optimal-string-alignment distance (a swap of two letters counts 1); stops above ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        if min(cur) > limit:
            return limit + 1
        prev2, prev = prev, cur
    return prev[-1]


def _tolerance(key: str) -> int:
    return 0 if len(key) < 3 else 1 if len(key) < 7 else 2


def match_value(typed: str, values: Sequence[Value]) -> Match:
    """Find the value meant by ``typed``: exact, then ASCII-forgiving, then prefix or small typo."""
    wanted = match_key(typed)
    if not wanted:
        return Match(None)
    exact = [v for v in values if match_key(v.name) == wanted or v.id == wanted]
    if len(exact) == 1:
        return Match(exact[0], exact=True)
    skel = skeleton(typed)
    same = [v for v in values if skeleton(v.name) == skel]
    if len(same) == 1:
        return Match(same[0], exact=True)
    if len(same) > 1:
        return Match(None, tuple(same))
    limit = _tolerance(skel)
    scored: list[tuple[int, Value]] = []
    for v in values:
        vs = skeleton(v.name)
        if len(skel) >= 3 and (vs.startswith(skel + " ") or vs.startswith(skel + "/")):
            scored.append((0, v))  # the first word(s) of a longer value: "Økonomisk"
            continue
        if len(skel) >= 4 and skel in re.split(r"[ /]", vs):
            scored.append((1, v))  # another whole word of it: "renomme" → "Godt renommé"
            continue
        d = edit_distance(skel, vs, limit)
        if d <= limit:
            scored.append((d, v))
    if not scored:
        return Match(None)
    scored.sort(key=lambda dv: (dv[0], norwegian_sort_key(dv[1].name)))
    best = [v for d, v in scored if d == scored[0][0]]
    if len(best) == 1:
        return Match(best[0], tuple(v for _, v in scored))
    return Match(None, tuple(best))


def resolve(field_name: str, typed: str, values: Sequence[Value], *, own: bool = False) -> Choice:
    """One typed value as a :class:`Choice`; unknown text becomes an own value if ``own``."""
    name = clean_text(field_name, typed, max_length=80)
    found = match_value(name, values)
    if found.value is not None:
        return Choice(found.value.name, found.value.id)
    if found.candidates:
        raise InvalidInput(
            field_name,
            t(
                "«{typed}» kan være flere verdier: {cands}. Skriv hele navnet.",
                "'{typed}' could be several values: {cands}. Type the whole name.",
                typed=name,
                cands=", ".join(v.name for v in found.candidates[:6]),
            ),
        )
    if own:
        return Choice(name)
    raise InvalidInput(
        field_name,
        t(
            "«{typed}» står ikke på verdilisten; legg den til som egen verdi.",
            "'{typed}' is not on the values list. Add it as an own value instead.",
            typed=name,
        ),
    )


def _check_count(field_name: str, chosen: Sequence[Choice], count: int) -> None:
    seen: dict[str, Choice] = {}
    for choice in chosen:
        if choice.key in seen:
            raise InvalidInput(
                field_name,
                t(
                    "«{name}» er valgt to ganger; hver verdi kan bare velges én gang",
                    "'{name}' is chosen twice; each value can be chosen only once",
                    name=choice.name,
                ),
            )
        seen[choice.key] = choice
    if len(chosen) != count:
        raise InvalidInput(
            field_name,
            t(
                "velg nøyaktig {count} verdier (du valgte {n})",
                "choose exactly {count} values (you chose {n})",
                count=count,
                n=len(chosen),
            ),
        )


def check_pick(
    typed: Sequence[str],
    values: Sequence[Value],
    *,
    own: Sequence[str] = (),
    count: int = CHOOSE,
) -> tuple[Choice, ...]:
    """Step 1: exactly ``count`` values, from the list or the participant's ``own`` values."""
    own_choices = [Choice(clean_text("own", o, max_length=80)) for o in own]
    chosen: list[Choice] = []
    for text in typed:
        own_hit = [c for c in own_choices if match_key(c.name) == match_key(text)]
        chosen.append(own_hit[0] if own_hit else resolve("pick", text, values))
    for extra in own_choices:
        if all(c.key != extra.key for c in chosen):
            chosen.append(extra)
    _check_count("pick", chosen, count)
    return tuple(chosen)


def check_keep(
    typed: Sequence[str], picked: Sequence[Choice], *, count: int = KEEP
) -> tuple[Choice, ...]:
    """Step 2: keep exactly ``count`` of the ``picked`` values."""
    picked_values = [Value(c.key, c.name) for c in picked]
    by_key = {c.key: c for c in picked}
    kept: list[Choice] = []
    for text in typed:
        found = match_value(text, picked_values)
        if found.value is None:
            raise InvalidInput(
                "keep",
                t(
                    "«{typed}» er ikke blant de {n} verdiene du valgte: {picked}",
                    "'{typed}' is not among the {n} values you chose: {picked}",
                    typed=text,
                    n=len(picked),
                    picked=", ".join(c.name for c in picked),
                ),
            )
        kept.append(by_key[found.value.id])
    _check_count("keep", kept, count)
    return tuple(kept)


@dataclass(frozen=True)
class ValueCount:
    key: str
    name: str
    count: int
    share: float  # of participants, 0–1


@dataclass(frozen=True)
class ValuesSummary:
    participants: int
    min_group: int
    suppressed: bool  # True: too few participants, nothing is shown
    rows: tuple[ValueCount, ...] = field(default_factory=tuple)


def summarise(
    kept: Sequence[Sequence[Choice]], *, min_group: int = MIN_GROUP_DEFAULT, top: int | None = None
) -> ValuesSummary:
    """Which values a group holds most often, without names; nothing below ``min_group`` people.

    Own values held by fewer than ``MIN_GROUP_FLOOR`` participants are pooled as "Egne verdier"
    (an unusual own value could point to one person).
    """
    if min_group < MIN_GROUP_FLOOR:
        raise InvalidInput(
            "min_group",
            t(
                "minste gruppe kan ikke være under {floor} deltakere",
                "the smallest group cannot be below {floor} participants",
                floor=MIN_GROUP_FLOOR,
            ),
        )
    n = len(kept)
    if n < min_group:
        return ValuesSummary(n, min_group, True)
    counts: Counter[str] = Counter()
    names: dict[str, str] = {}
    for person in kept:
        for key in {c.key: c for c in person}:
            counts[key] += 1
        for c in person:
            names.setdefault(c.key, c.name)
    pooled = 0
    for key in [k for k in counts if k.startswith(OWN_PREFIX) and counts[k] < MIN_GROUP_FLOOR]:
        pooled += counts.pop(key)
    rows = [ValueCount(k, names[k], c, c / n) for k, c in counts.items()]
    rows.sort(key=lambda r: (-r.count, norwegian_sort_key(r.name)))
    if top is not None:
        rows = rows[:top]
    if pooled:
        rows.append(ValueCount(OWN_PREFIX + "*", str(t("Egne verdier", "Own values")), pooled, 0.0))
    return ValuesSummary(n, min_group, False, tuple(rows))


# --- the reports' practice section: participants and kept values through the gate ---------------

NO_DEPARTMENT = ""  # the key of exercises held without a department
UNIT_KEY = "*"


@dataclass(frozen=True)
class PracticeValues:
    """Exercises (one per participant) and kept list values, per department and for the unit,
    after the disclosure gate. ``None``: hidden."""

    threshold: int
    exercises: dict[str, int | None]  # department code (NO_DEPARTMENT) → exercises
    total: int | None
    kept: dict[str, dict[str, int | None]]  # department code or UNIT_KEY → value name → count
    hid_any: bool


def gate_practice(
    exercises: Mapping[str, int], kept: Mapping[tuple[str, str], int], threshold: int
) -> PracticeValues:
    """One output: the unit's and every department's exercises and kept values. Below the
    threshold nothing about the participants or their values shows (the exercise count is the
    leader; its values follow it), and the unit's figures minus the other departments' never give
    a hidden count away."""
    from recoverykit.domain.disclosure import Key, Relation, protect

    depts = sorted(set(exercises) | {d for d, _ in kept})
    names = sorted({v for _, v in kept})
    values: dict[Key, int] = {("x", d): exercises.get(d, 0) for d in depts}
    values[("x", UNIT_KEY)] = sum(exercises.values())
    # A value nobody in a department kept is never named in its report: only kept values are
    # cells (a zero is not published, so it needs no protection and gives none).
    holders = {n: [d for d in depts if kept.get((d, n), 0) > 0] for n in names}
    for name in names:
        for d in holders[name]:
            values[("v", d, name)] = kept[(d, name)]
        values[("v", UNIT_KEY, name)] = sum(kept[(d, name)] for d in holders[name])
    relations = [Relation(("x", UNIT_KEY), tuple(("x", d) for d in depts))]
    relations += [
        Relation(("v", UNIT_KEY, n), tuple(("v", d, n) for d in holders[n])) for n in names
    ]
    follows: dict[Key, list[Key]] = {
        ("x", d): [("v", d, n) for n in names if d in holders[n]] for d in depts
    }
    follows[("x", UNIT_KEY)] = [("v", UNIT_KEY, n) for n in names]
    gate = protect(values, relations, threshold, follows=follows)
    shown_kept: dict[str, dict[str, int | None]] = {
        d: {n: gate.shown(("v", d, n)) for n in names if ("v", d, n) in values}
        for d in [*depts, UNIT_KEY]
    }
    return PracticeValues(
        threshold,
        {d: gate.shown(("x", d)) for d in depts},
        gate.shown(("x", UNIT_KEY)),
        shown_kept,
        gate.hid_any,
    )
