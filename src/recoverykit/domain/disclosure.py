"""The disclosure gate: which counts of an output may be shown. Every aggregate recoverykit
publishes (terminal tables, JSON/CSV, Markdown, HTML, charts, the next-month list) passes here.

An *output* is a set of count cells (clients, episodes, sessions, outcome groups, participants,
alerts, kept values …) and the linear relations between them that a reader knows: a total is the
sum of its parts (a row total, the unit total over its departments, closed episodes over their
outcome groups, the same total split by department and by age group). Everything published
together is one output: the unit's report and every department's report of the same period, or
``fit summary`` for the unit and for each department.

The rule, in plain words:

1. *Primary suppression*: a count from 1 to ``threshold − 1`` is hidden (zeros are shown). The
   threshold is the unit's (default 5) and can never be set below :data:`FLOOR` (3).
2. *Secondary (complementary) suppression*, as Statistics Norway and Tau-Argus do: for every
   relation that holds a hidden cell, more cells of the relation are hidden — the next-smallest
   non-zero part first, the total when no part is left — until the hidden cells of the relation
   number at least two and their sum, known from the shown cells, leaves each of them a range of
   at least ``threshold`` values. Hiding a cell can break another relation, so this runs to a
   fixed point.
3. *Followers*: when a group of people is too small to show, the other counts about the same
   people are hidden with it (``follows``: a few clients, so their sessions and alerts too).
4. Cells that are never published (e.g. "completed" beside "dropped out") take part in the
   relations as unknowns; they count as hidden and need no partner of their own.

Shares and means are not counts: a share or mean of a hidden group (or over fewer people than the
threshold) is hidden by the caller, using :meth:`Gate.hidden`.

The check is the interval attack: given everything shown, the feasible range of each hidden cell
(a small linear program, ``tests/domain/test_disclosure_attack.py`` with scipy's HiGHS) must not
pin it down. Pure code: no I/O.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from recoverykit.errors import InvalidInput
from recoverykit.i18n import t

FLOOR = 3  # the threshold can never be set lower
DEFAULT_THRESHOLD = 5

Key = Hashable


@dataclass(frozen=True)
class Relation:
    """``total`` = the sum of ``parts`` (all cells of the same output)."""

    total: Key
    parts: tuple[Key, ...]

    @property
    def members(self) -> tuple[Key, ...]:
        return (self.total, *self.parts)


@dataclass(frozen=True)
class Gate:
    """The outcome: the shown counts, and why the others are hidden."""

    threshold: int
    values: Mapping[Key, int]
    primary: frozenset[Key]
    secondary: frozenset[Key]
    unpublished: frozenset[Key] = field(default_factory=frozenset)

    def hidden(self, key: Key) -> bool:
        return key in self.primary or key in self.secondary or key in self.unpublished

    def shown(self, key: Key) -> int | None:
        """The count, or ``None`` when it is hidden."""
        return None if self.hidden(key) else self.values[key]

    @property
    def hid_any(self) -> bool:
        return bool(self.primary or self.secondary)


def check_threshold(threshold: int, field_name: str = "suppression_threshold") -> None:
    if threshold < FLOOR:
        raise InvalidInput(
            field_name,
            t(
                "{v} er for lavt; grensen for små tall kan aldri være under {floor}",
                "{v} is too low; the small-number threshold can never be below {floor}",
                v=threshold,
                floor=FLOOR,
            ),
        )


def is_small(count: int, threshold: int) -> bool:
    return 0 < count < threshold


def _relation_safe(
    rel: Relation, values: Mapping[Key, int], hidden: set[Key], unpublished: frozenset[Key], t_: int
) -> bool:
    members = [m for m in rel.members if m in hidden]
    if all(m in unpublished for m in members):
        return True  # nothing published is hidden here
    if len(members) < 2:
        return False
    if rel.total in hidden:
        # total − (hidden parts) = the shown parts: the hidden members are tied to each other,
        # not pinned; a partner among them is enough here (other relations fix the rest).
        return True
    # total shown: the hidden parts' sum S is known and each hidden part is at least 1 (zeros
    # are shown), so one of them can be anything from 1 to S − (k − 1); that range must reach
    # the threshold, so nobody can tell which hidden part is the small one.
    return sum(values[m] for m in members) - (len(members) - 1) >= t_


def _candidate(rel: Relation, values: Mapping[Key, int], hidden: set[Key]) -> Key | None:
    parts = sorted(
        ((values[p], str(p), p) for p in rel.parts if p not in hidden and values[p] > 0),
        key=lambda x: (x[0], x[1]),
    )
    if parts:
        return parts[0][2]
    if rel.total not in hidden and values[rel.total] > 0:
        return rel.total
    # Only zeros are left: a zero partner still hides which of the cells is the small one.
    zeros = sorted((str(p), p) for p in rel.members if p not in hidden)
    return zeros[0][1] if zeros else None


def _partner_of(
    key: Key, values: Mapping[Key, int], relations: Sequence[Relation], hidden: set[Key]
) -> Key | None:
    """The smallest shown cell (non-zero first) of a relation that holds ``key``."""
    options = [m for rel in relations if key in rel.members for m in rel.members if m not in hidden]
    if not options:  # every neighbour is hidden: widen to the neighbours' relations
        around = {m for rel in relations if key in rel.members for m in rel.members}
        options = [
            m
            for rel in relations
            if around & set(rel.members)
            for m in rel.members
            if m not in hidden
        ]
    if not options:
        return None
    return min(options, key=lambda m: (values[m] == 0, values[m], str(m)))


def determined(
    values: Mapping[Key, int], relations: Sequence[Relation], hidden: set[Key]
) -> list[Key]:
    """Hidden cells that the shown cells and the relations fix exactly, by linear algebra alone
    (one equation per relation over its hidden members; Gauss–Jordan over fractions): a cell is
    fixed iff its unit vector lies in the equations' row space, i.e. its pivot row in reduced
    form has no other entry."""
    from fractions import Fraction

    index: dict[Key, int] = {}
    rows: list[dict[int, Fraction]] = []
    for rel in relations:
        row: dict[int, Fraction] = {}
        for key, sign in [(rel.total, 1), *((p, -1) for p in rel.parts)]:
            if key in hidden:
                col = index.setdefault(key, len(index))
                row[col] = row.get(col, Fraction(0)) + sign
        row = {c: v for c, v in row.items() if v != 0}
        if row:
            rows.append(row)
    pivots: dict[int, dict[int, Fraction]] = {}  # pivot column -> its reduced row
    for row in rows:
        for col, prow in pivots.items():  # reduce by the pivots found so far
            factor = row.get(col)
            if factor:
                for c, v in prow.items():
                    nv = row.get(c, Fraction(0)) - factor * v
                    if nv:
                        row[c] = nv
                    else:
                        row.pop(c, None)
        if not row:
            continue
        col = min(row)
        lead = row[col]
        row = {c: v / lead for c, v in row.items()}
        for other in pivots.values():  # keep the earlier rows reduced too
            factor = other.get(col)
            if factor:
                for c, v in row.items():
                    nv = other.get(c, Fraction(0)) - factor * v
                    if nv:
                        other[c] = nv
                    else:
                        other.pop(c, None)
        pivots[col] = row
    keys = {i: k for k, i in index.items()}
    return sorted(
        (keys[col] for col, row in pivots.items() if len(row) == 1),
        key=lambda k: (values[k], str(k)),
    )


def protect(
    values: Mapping[Key, int],
    relations: Sequence[Relation] = (),
    threshold: int = DEFAULT_THRESHOLD,
    *,
    follows: Mapping[Key, Sequence[Key]] | None = None,
    unpublished: Iterable[Key] = (),
) -> Gate:
    """Primary and secondary suppression of one output (see the module's rule)."""
    check_threshold(threshold)
    for key, count in values.items():
        if count < 0:
            raise InvalidInput(str(key), t("kan ikke være negativ", "cannot be negative"))
    for rel in relations:
        for m in rel.members:
            if m not in values:
                raise KeyError(m)
    hidden_unpublished = frozenset(unpublished)
    primary = {k for k, v in values.items() if is_small(v, threshold)} - hidden_unpublished
    hidden: set[Key] = set(primary) | set(hidden_unpublished)
    followers = dict(follows or {})
    changed = True
    while changed:
        changed = False
        for leader, group in followers.items():
            if leader in primary:
                for k in group:
                    if k not in hidden:
                        hidden.add(k)
                        changed = True
        for rel in relations:
            while not _relation_safe(rel, values, hidden, hidden_unpublished, threshold):
                pick = _candidate(rel, values, hidden)
                if pick is None:
                    break
                hidden.add(pick)
                changed = True
        if not changed:
            # The relations one at a time are safe; together they may still fix a cell (the
            # departments' rows and the unit's column around a rectangle of hidden cells).
            # Hide one more cell next to each fixed one, the smallest first, and check again.
            for key in determined(values, relations, hidden):
                if key in hidden_unpublished:
                    continue
                pick = _partner_of(key, values, relations, hidden)
                if pick is not None:
                    hidden.add(pick)
                    changed = True
                    break
    return Gate(
        threshold,
        dict(values),
        frozenset(primary),
        frozenset(hidden) - frozenset(primary) - hidden_unpublished,
        hidden_unpublished,
    )


def rule_text(threshold: int) -> str:
    """The rule in plain words, for every output that hides something."""
    return str(
        t(
            "Tall under {k} vises ikke (grensen for små tall), og noen tall til er skjult så de "
            "skjulte ikke kan regnes ut fra summer, fra enheten minus de andre avdelingene eller "
            "fra en annen tabell i samme rapport. Andeler og snitt for skjulte grupper vises "
            "ikke.",
            "Counts under {k} are not shown (the small-number threshold), and some further "
            "counts are hidden so that the hidden ones cannot be worked out from totals, from "
            "the unit minus the other departments or from another table in the same report. "
            "Shares and means of hidden groups are not shown.",
            k=threshold,
        )
    )
