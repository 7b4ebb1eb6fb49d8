"""The ONE place where issue 14's aggregates (surveys, family feedback, own goals, meetings) meet
the disclosure gate.

Every figure that leaves recoverykit from these features passes one of the functions below, which
call the one disclosure gate (:mod:`recoverykit.domain.disclosure`): primary suppression and, for
a set of groups with its total, secondary suppression. Callers hand in plain counts and means per
group.

Rules (DESIGN.md §6): a count of people or events from 1 to ``threshold − 1`` is hidden; a mean or
a share is shown only when it rests on at least ``threshold`` people/events; a set of groups with
its total gets secondary suppression so that no hidden group can be worked out from the rest.
"""

from __future__ import annotations

from collections.abc import Mapping


def gate_count(count: int, threshold: int) -> int | None:
    """A lone count; ``None`` when it is small."""
    from recoverykit.domain.disclosure import protect

    return protect({"n": count}, (), threshold).shown("n")


def gate_mean(n: int, mean: float | None, threshold: int) -> float | None:
    """A mean over ``n`` people/events; ``None`` below the threshold."""
    if mean is None or n < threshold:
        return None
    return round(mean + 0.0, 1)


def gate_share(part: int, n: int, threshold: int) -> float | None:
    """``part`` of ``n`` as a percentage; ``None`` when ``n`` is below the threshold."""
    if n < threshold or n == 0:
        return None
    return round(100.0 * part / n, 1)


def gate_groups(
    groups: Mapping[str, int], threshold: int
) -> tuple[dict[str, int | None], int | None]:
    """Counts per group and their total, with primary and secondary suppression."""
    from recoverykit.domain.disclosure import Relation, protect

    total_key = ("total",)
    values: dict[object, int] = {("group", name): count for name, count in groups.items()}
    values[total_key] = sum(groups.values())
    gate = protect(
        values, [Relation(total_key, tuple(k for k in values if k != total_key))], threshold
    )
    return {name: gate.shown(("group", name)) for name in groups}, gate.shown(total_key)
