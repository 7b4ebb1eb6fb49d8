"""The synthetic unit: deterministic under its seed, realistic in shape, fast."""

from __future__ import annotations

import time
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from recoverykit.domain.fit.scoring import total
from recoverykit.domain.fit.synthetic import generate


def test_same_seed_same_unit_and_different_seed_differs() -> None:
    a = list(generate(7, clients=150).clients())
    b = list(generate(7, clients=150).clients())
    assert a == b
    unit = generate(7, clients=150)
    assert list(unit.clients()) == list(unit.clients())  # iterating twice gives the same
    assert list(generate(8, clients=150).clients()) != a


@settings(max_examples=20, deadline=None)
@given(st.integers(min_value=0, max_value=2**32), st.integers(min_value=0, max_value=40))
def test_deterministic_under_any_seed(seed: int, clients: int) -> None:
    first = list(generate(seed, clients=clients, departments=3).sessions())
    second = list(generate(seed, clients=clients, departments=3).sessions())
    assert first == second


def test_shape_is_realistic() -> None:
    start, end = date(2024, 1, 1), date(2025, 12, 31)
    unit = generate(42, clients=2000, start=start, end=end, departments=8)
    departments = unit.departments
    assert len(departments) == 8
    assert all(3 <= len(d.clinicians) <= 8 for d in departments)
    clients = list(unit.clients())
    assert [c.code for c in clients[:2]] == ["K-0001", "K-0002"]
    episodes = [e for c in clients for e in c.episodes]
    assert [e.id for e in episodes] == list(range(1, len(episodes) + 1))
    intakes, changes, srs_totals = [], [], []
    for e in episodes:
        assert len(e.sessions) in range(1, 21)
        assert [s.number for s in e.sessions] == list(range(1, len(e.sessions) + 1))
        for s, nxt in zip(e.sessions, e.sessions[1:], strict=False):
            assert timedelta(days=5) <= nxt.on - s.on <= timedelta(days=23)
        for s in e.sessions:
            assert start <= s.on <= end
            assert all(0.0 <= x <= 10.0 and round(x, 1) == x for x in s.ors)
            assert s.ors_total == total(s.ors)
            if s.srs is not None:
                assert s.srs_total == total(s.srs)
                srs_totals.append(s.srs_total)
        if e.closed_on is not None:
            assert e.closed_on == e.sessions[-1].on
            assert e.close_reason in ("completed", "dropout")
        else:
            assert e.close_reason is None
        intakes.append(e.sessions[0].ors_total)
        if e.close_reason == "completed" and len(e.sessions) >= 4:
            changes.append(e.sessions[-1].ors_total - e.sessions[0].ors_total)
    assert sum(i < 25 for i in intakes) / len(intakes) > 0.75  # mostly below the cutoff
    assert sum(changes) / len(changes) > 3  # trending up
    assert any(c < -5 for c in changes)  # some get worse
    dropouts = sum(e.close_reason == "dropout" for e in episodes)
    assert 0.05 < dropouts / len(episodes) < 0.3
    high = sum(t >= 36 for t in srs_totals) / len(srs_totals)
    assert 0.8 < high < 0.99  # mostly 36–40, some low
    assert any(e.closed_on is None for e in episodes)  # still open at the end
    assert any(len(c.episodes) == 2 for c in clients)
    assert {c.age_group for c in clients} == {"adult", "adolescent", "child"}


def test_fast_enough_for_the_million_session_benchmark() -> None:
    # About 100,000 sessions; the benchmark needs 1,000,000 "well under a minute".
    t0 = time.perf_counter()
    n = sum(1 for _ in generate(1, clients=13_000).sessions())
    elapsed = time.perf_counter() - t0
    assert n > 80_000
    assert elapsed < 8.0, f"{n} sessions took {elapsed:.1f} s"
