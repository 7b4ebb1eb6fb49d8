"""Jacobson & Truax (1991) classification of first → latest ORS, with validity flags.

Hand-worked cases use the defaults: reliable change "5 points or more" (the usual reading of
Miller & Duncan's 5-point RCI; Miller et al. 2003, DESIGN.md §4), cutoff 25 for adults (Miller
et al. 2003), 28 for adolescents and 32 for children (Duncan et al. 2006).
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from recoverykit.domain.fit.change import Category, Flag, classify, sawtooth_reversals
from recoverykit.domain.fit.settings import FitSettings
from recoverykit.errors import InvalidInput


@pytest.mark.parametrize(
    ("scores", "cutoff", "category", "change"),
    [
        ((18.0, 24.1), 25.0, Category.RELIABLY_IMPROVED, 6.1),  # +6.1 > 5, still at/below 25
        ((18.0, 26.0), 25.0, Category.RECOVERED, 8.0),  # +8 and crosses 25
        ((25.0, 30.1), 25.0, Category.RECOVERED, 5.1),  # started AT the cutoff counts
        ((20.0, 25.0), 25.0, Category.RELIABLY_IMPROVED, 5.0),  # exactly +5.0 is reliable;
        # 25.0 is not ABOVE the cutoff 25, so not recovered
        ((20.1, 25.0), 25.0, Category.NO_RELIABLE_CHANGE, 4.9),
        ((26.0, 35.0), 25.0, Category.RELIABLY_IMPROVED, 9.0),  # started above the cutoff
        ((30.0, 24.9), 25.0, Category.RELIABLY_DETERIORATED, -5.1),
        ((30.0, 25.0), 25.0, Category.RELIABLY_DETERIORATED, -5.0),  # exactly −5.0
        ((29.9, 25.0), 25.0, Category.NO_RELIABLE_CHANGE, -4.9),
        ((22.0, 28.0), 28.0, Category.RELIABLY_IMPROVED, 6.0),  # adolescent: 28 is not above 28
        ((22.0, 28.1), 28.0, Category.RECOVERED, 6.1),
        ((12.3, 15.0, 19.9, 17.4), 25.0, Category.RELIABLY_IMPROVED, 5.1),  # first → latest only
        # Intake exactly AT the cutoff is in the clinical range (Jacobson & Truax 1991: "at or
        # below"); adolescents 28 and children (CORS) 32 (Duncan et al. 2006).
        ((28.0, 33.0), 28.0, Category.RECOVERED, 5.0),  # adolescent, +5.0 exactly, 28 → above
        ((27.0, 32.0), 32.0, Category.RELIABLY_IMPROVED, 5.0),  # child: 32 is not above 32
        ((27.0, 32.1), 32.0, Category.RECOVERED, 5.1),  # child crosses 32
        ((19.9, 24.9), 25.0, Category.RELIABLY_IMPROVED, 5.0),  # decimals: 24,9 is below 25
        ((24.9, 29.9), 25.0, Category.RECOVERED, 5.0),  # 24,9 at intake, 29,9 above 25
    ],
)
def test_hand_worked_cases(
    scores: tuple[float, ...], cutoff: float, category: Category, change: float
) -> None:
    r = classify(scores, cutoff=cutoff)
    assert r.category is category
    assert r.change == change
    assert (r.intake, r.latest) == (scores[0], scores[-1])
    assert (r.threshold, r.cutoff, r.sessions) == (5.0, cutoff, len(scores))
    assert r.improved == (category in (Category.RECOVERED, Category.RELIABLY_IMPROVED))


def test_strict_threshold_needs_more_than_five() -> None:
    s = FitSettings(reliable_change_inclusive=False)  # the "> 5 points" wording
    assert classify((20.0, 25.0), cutoff=25.0, settings=s).category is Category.NO_RELIABLE_CHANGE
    assert classify((20.0, 25.1), cutoff=25.0, settings=s).category is Category.RECOVERED
    assert classify((30.0, 25.0), cutoff=25, settings=s).category is Category.NO_RELIABLE_CHANGE


def test_explanation_carries_the_numbers() -> None:
    r = classify((18.0, 26.0), cutoff=25.0)
    assert r.explain().en == (
        "From 18.0 to 26.0 (+8.0 points; reliable change ≥ 5.0; clinical cutoff 25.0): recovered."
    )
    assert r.explain().nb == (
        "Fra 18,0 til 26,0 (+8,0 poeng; pålitelig endring ≥ 5,0; klinisk grense 25,0): "
        "klinisk signifikant bedring."
    )


def test_flags() -> None:
    high = classify((33.0, 35.0), cutoff=25.0)
    assert high.flags == (Flag.INTAKE_ABOVE_MAX,)
    assert "33.0" in high.flag_texts()[0].en and "32.0" in high.flag_texts()[0].en
    assert classify((32.0, 35.0), cutoff=25.0).flags == ()  # "above 32": 32 itself is fine
    one = classify((14.0,), cutoff=25.0)
    assert one.category is Category.NO_RELIABLE_CHANGE
    assert one.flags == (Flag.ONLY_ONE_SESSION,)
    with pytest.raises(InvalidInput):
        classify((), cutoff=25.0)


def test_sawtooth_definition() -> None:
    # Moves +10, −9, +10: all at least 5 points, two reversals → flagged (default 2).
    assert sawtooth_reversals([10, 20, 11, 21], 5.0) == 2
    r = classify((10.0, 20.0, 11.0, 21.0), cutoff=25.0)
    assert Flag.SAWTOOTH in r.flags and r.reversals == 2
    # One reversal is not a pattern.
    assert Flag.SAWTOOTH not in classify((10.0, 20.0, 11.0), cutoff=25.0).flags
    # Small moves (−2) are skipped: +10, (−2), −6, +10 → two reversals.
    assert sawtooth_reversals([10, 20, 18, 12, 22], 5.0) == 2
    # Moves below the swing size never count: steady small zig-zag.
    assert sawtooth_reversals([10, 14, 10, 14, 10], 5.0) == 0
    # Exactly the swing size counts ("at least").
    assert sawtooth_reversals([10, 15, 10, 15], 5.0) == 2


scores = st.integers(min_value=0, max_value=400).map(lambda x: x / 10)


@given(
    st.lists(scores, min_size=1, max_size=12),
    st.integers(min_value=0, max_value=400).map(lambda x: x / 10),
    st.integers(min_value=1, max_value=100).map(lambda x: x / 10),
    st.booleans(),
)
def test_classification_consistent_with_numbers(
    seq: list[float], cutoff: float, threshold: float, inclusive: bool
) -> None:
    s = FitSettings(reliable_change=threshold, reliable_change_inclusive=inclusive)
    r = classify(seq, cutoff=cutoff, settings=s)
    assert r.change == round(seq[-1] - seq[0], 1)
    reliable = abs(r.change) >= threshold if inclusive else abs(r.change) > threshold
    if r.category is Category.RECOVERED:
        assert reliable and r.change > 0 and r.intake <= cutoff < r.latest
    elif r.category is Category.RELIABLY_IMPROVED:
        assert reliable and r.change > 0 and not (r.intake <= cutoff < r.latest)
    elif r.category is Category.RELIABLY_DETERIORATED:
        assert reliable and r.change < 0
    else:
        assert not reliable or r.change == 0
    assert (Flag.ONLY_ONE_SESSION in r.flags) == (len(seq) == 1)
    assert (Flag.INTAKE_ABOVE_MAX in r.flags) == (seq[0] > 32.0)
