"""The disclosure gate: hand-worked cases and the interval attack (a linear program per hidden
cell, scipy's HiGHS) over generated units. The attacker knows every shown count, every relation
(row totals, the unit total over its departments, a total split two ways) and that counts are
not negative; a hidden cell must never come out exactly."""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from recoverykit.domain.disclosure import Gate, Key, Relation, protect, rule_text
from recoverykit.domain.fit.settings import FitSettings
from recoverykit.domain.fit.summary import (
    OUTCOME_GROUPS,
    UNIT,
    SummaryCounts,
    _cells,
    _row_relations,
    gate_figures,
)
from recoverykit.errors import InvalidInput

linprog = pytest.importorskip("scipy.optimize").linprog

TRIED = {"fit": 0, "cross": 0}


def feasible_range(gate: Gate, relations: Sequence[Relation], key: Hashable) -> tuple[float, float]:
    """Smallest and largest value of ``key`` consistent with everything the gate shows."""
    keys = list(gate.values)
    index = {k: i for i, k in enumerate(keys)}
    rows: list[list[float]] = []
    rhs: list[float] = []
    for rel in relations:
        row = [0.0] * len(keys)
        row[index[rel.total]] += 1
        for p in rel.parts:
            row[index[p]] -= 1
        rows.append(row)
        rhs.append(0.0)
    bounds = []
    for k in keys:
        v = gate.shown(k)
        bounds.append((0, None) if v is None else (v, v))
    out = []
    for sign in (1, -1):
        c = [0.0] * len(keys)
        c[index[key]] = sign
        res = linprog(c, A_eq=rows or None, b_eq=rhs or None, bounds=bounds, method="highs")
        assert res.status in (0, 3), res.message
        out.append(sign * res.fun if res.status == 0 else float("inf"))
    return out[0], out[1]


def assert_never_pinned(gate: Gate, relations: Sequence[Relation]) -> None:
    for key in gate.values:
        if gate.hidden(key) and key not in gate.unpublished:
            low, high = feasible_range(gate, relations, key)
            assert low - 1e-6 <= gate.values[key] <= high + 1e-6
            assert high - low >= 1 - 1e-6, f"{key} is pinned to {low} by the shown figures"


def test_hand_worked_unit_minus_department() -> None:
    # The case: Y (5 deteriorated, 5 recovered), X (1 deteriorated, 5 recovered). One
    # table at a time, the unit (6) minus Y (5) gave X's hidden 1 away.
    values: dict[Key, int] = {
        ("X", "det"): 1,
        ("X", "rec"): 5,
        ("X", "all"): 6,
        ("Y", "det"): 5,
        ("Y", "rec"): 5,
        ("Y", "all"): 10,
        ("U", "det"): 6,
        ("U", "rec"): 10,
        ("U", "all"): 16,
    }
    rel = [Relation((r, "all"), ((r, "det"), (r, "rec"))) for r in "XYU"]
    rel += [Relation(("U", m), (("X", m), ("Y", m))) for m in ("det", "rec", "all")]
    gate = protect(values, rel, 5)
    assert gate.primary == {("X", "det")}
    assert gate.hidden(("Y", "det")) or gate.hidden(("U", "det"))
    assert_never_pinned(gate, rel)


def test_threshold_floor_and_negative_counts() -> None:
    with pytest.raises(InvalidInput) as e:
        protect({"a": 1}, (), 2)
    assert e.value.field == "suppression_threshold"
    with pytest.raises(InvalidInput):
        protect({"a": -1}, (), 5)
    assert protect({"a": 1, "b": 3}, (), 3).primary == {"a"}


def test_followers_hide_with_their_leader() -> None:
    gate = protect({"clients": 2, "sessions": 40}, (), 5, follows={"clients": ["sessions"]})
    assert gate.shown("sessions") is None and gate.secondary == {"sessions"}


def test_rule_is_stated_in_plain_words() -> None:
    assert "5" in rule_text(5) and "ikke" in rule_text(5)


# --- generated units ----------------------------------------------------------------------------

counts = st.integers(min_value=0, max_value=14)


@st.composite
def departments(draw: st.DrawFn) -> dict[str, SummaryCounts]:
    n = draw(st.integers(min_value=1, max_value=5))
    out = {}
    for i in range(n):
        outcomes = {g: draw(counts) for g in OUTCOME_GROUPS}
        closed = sum(outcomes.values())
        clients = draw(st.integers(min_value=0, max_value=20))
        out[f"D{i}"] = SummaryCounts(
            clients=clients,
            sessions=clients + draw(counts),
            episodes=clients + draw(st.integers(min_value=0, max_value=3)),
            intake_mean=None,
            outcomes=outcomes,
            dropouts=draw(st.integers(min_value=0, max_value=closed)),
            alerts=draw(counts),
        )
    return out


def unit_of(groups: Mapping[str, SummaryCounts]) -> SummaryCounts:
    rows = list(groups.values())
    return SummaryCounts(
        clients=sum(r.clients for r in rows),
        sessions=sum(r.sessions for r in rows),
        episodes=sum(r.episodes for r in rows),
        intake_mean=None,
        outcomes={g: sum(r.outcomes[g] for r in rows) for g in OUTCOME_GROUPS},
        dropouts=sum(r.dropouts for r in rows),
        alerts=sum(r.alerts for r in rows),
    )


def _outcomes(*rows: tuple[int, int, int, int, int]) -> dict[str, SummaryCounts]:
    return {
        f"D{i}": SummaryCounts(0, 0, 0, None, dict(zip(OUTCOME_GROUPS, r, strict=True)), 0, 0)
        for i, r in enumerate(rows)
    }


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(departments(), st.integers(min_value=3, max_value=6))
# Found by this test: a rectangle of hidden cells (two departments' rows and the unit's column)
# fixed the unit's hidden total although every relation on its own was safe.
@example(_outcomes((0, 1, 3, 0, 0), (0,) * 5, (0, 0, 0, 2, 0), (0, 0, 0, 0, 2), (0, 1, 3, 0, 0)), 3)
@example(_outcomes((0, 1, 0, 0, 0), (0,) * 5, (0, 0, 2, 2, 0), (0, 0, 1, 3, 0)), 3)
def test_fit_output_never_pins_a_hidden_count(
    groups: dict[str, SummaryCounts], threshold: int
) -> None:
    """``fit summary`` for the unit and each department, and the monthly report for the unit and
    ``--each-dept``, are one output: every row of it, gated together, attacked together."""
    TRIED["fit"] += 1
    unit = unit_of(groups)
    by_dept, unit_summary, gate = gate_figures(
        groups, unit, FitSettings(suppression_threshold=threshold)
    )
    relations = [r for name in [*groups, UNIT] for r in _row_relations(name)]
    relations += [Relation((UNIT, m), tuple((g, m) for g in groups)) for m in _cells(unit)]
    assert_never_pinned(gate, relations)
    # What the summaries show is what the gate shows, and nothing small.
    for name, s in [*by_dept.items(), (UNIT, unit_summary)]:
        assert s is not None
        for g in OUTCOME_GROUPS:
            assert s.outcomes[g] == gate.shown((name, g))
            assert s.outcomes[g] in (None, 0) or s.outcomes[g] >= threshold  # type: ignore[operator]
        for value in (s.clients, s.sessions, s.episodes, s.srs_alerts, s.closed, s.dropouts):
            assert value is None or value == 0 or value >= threshold
        if (name, "clients") in gate.primary:  # a small group: nothing else about it shows
            assert s.sessions is None and s.episodes is None and s.srs_alerts is None


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.lists(st.integers(min_value=0, max_value=12), min_size=3, max_size=3),
        min_size=1,
        max_size=5,
    ),
    st.integers(min_value=3, max_value=6),
)
def test_department_by_age_group_with_both_margins(table: list[list[int]], threshold: int) -> None:
    """Two tables of one output: clients by department and by age group (the margins), and the
    cross table; the unit total is in both."""
    TRIED["cross"] += 1
    values: dict[Key, int] = {}
    for i, row in enumerate(table):
        for j, v in enumerate(row):
            values[(i, j)] = v
        values[(i, "*")] = sum(row)
    for j in range(3):
        values[("*", j)] = sum(row[j] for row in table)
    values[("*", "*")] = sum(map(sum, table))
    rel = [Relation((i, "*"), tuple((i, j) for j in range(3))) for i in range(len(table))]
    rel += [Relation(("*", j), tuple((i, j) for i in range(len(table)))) for j in range(3)]
    rel.append(Relation(("*", "*"), tuple((i, "*") for i in range(len(table)))))
    rel.append(Relation(("*", "*"), tuple(("*", j) for j in range(3))))
    gate = protect(values, rel, threshold)
    assert_never_pinned(gate, rel)


def test_report_how_many_units_were_tried() -> None:
    # Runs after the two properties above (file order); the count is printed with -s.
    print(f"\ninterval attack: {TRIED['fit']} FIT outputs, {TRIED['cross']} cross tables tried")
    if TRIED["fit"] or TRIED["cross"]:
        assert TRIED["fit"] >= 100 and TRIED["cross"] >= 100
