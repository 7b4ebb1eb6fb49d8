"""FitSettings: defaults with their sources, validation of a unit's overrides, round trip."""

from __future__ import annotations

import pytest

from recoverykit.domain.fit.settings import DEFAULT_INTAKE_BANDS, FitSettings
from recoverykit.errors import InvalidInput


def test_defaults_follow_the_cited_sources() -> None:
    s = FitSettings()
    # Miller et al. 2003: adult cutoff 25, reliable change 5 ("5 points or more", DESIGN.md §4).
    assert s.ors_cutoff_adult == 25.0
    assert s.reliable_change == 5.0
    assert s.reliable_change_inclusive is True
    # Duncan et al. 2006: adolescents 28, children (CORS) 32.
    assert s.ors_cutoff_adolescent == 28.0
    assert s.ors_cutoff_child == 32.0
    # Duncan et al. 2003 / DESIGN.md §4: SRS total below 36, any item below 9, a drop.
    assert (s.srs_total_alert, s.srs_total_below) == (True, 36.0)
    assert (s.srs_item_alert, s.srs_item_below) == (True, 9.0)
    assert s.srs_drop_alert is True
    assert s.suppression_threshold == 5
    assert s.expected_min_episodes == 10
    assert s.expected_intake_bands == DEFAULT_INTAKE_BANDS
    assert s.cutoff("adult") == 25.0
    assert s.cutoff("adolescent") == 28.0
    assert s.cutoff("child") == 32.0


def test_cutoff_refuses_unknown_age_group() -> None:
    with pytest.raises(InvalidInput) as e:
        FitSettings().cutoff("senior")
    assert e.value.field == "age_group"


def test_reliable_change_strict_and_inclusive() -> None:
    strict = FitSettings(reliable_change_inclusive=False)
    assert not strict.is_reliable(5.0)  # "> 5 points": exactly 5 is not enough
    assert strict.is_reliable(5.1)
    assert strict.is_reliable(-5.1)
    inclusive = FitSettings(reliable_change_inclusive=True)
    assert inclusive.is_reliable(5.0)
    assert inclusive.is_reliable(-5.0)
    assert not inclusive.is_reliable(4.9)
    six = FitSettings(reliable_change=6.0)  # "some systems use 6"
    assert not six.is_reliable(5.9) and six.is_reliable(6.0)
    assert FitSettings().is_reliable(5.0) and FitSettings().is_reliable(-5.0)
    assert not FitSettings().is_reliable(4.9)


def test_from_mapping_overrides_and_round_trip() -> None:
    s = FitSettings.from_mapping(
        {
            "ors_cutoff_child": "28",
            "reliable_change": "6,0",
            "srs_drop_alert": "nei",
            "suppression_threshold": 10,
            "expected_intake_bands": ["0-20", "20-40"],
        }
    )
    assert s.ors_cutoff_child == 28.0
    assert s.reliable_change == 6.0
    assert s.srs_drop_alert is False
    assert s.suppression_threshold == 10
    assert s.expected_intake_bands == ((0.0, 20.0), (20.0, 40.0))
    assert FitSettings.from_mapping(s.to_mapping()) == s
    assert s.to_mapping()["expected_intake_bands"] == [[0.0, 20.0], [20.0, 40.0]]


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("no_such_setting", 1),
        ("suppression_threshold", 2),  # never below 3
        ("suppression_threshold", "4.5"),
        ("suppression_threshold", True),
        ("ors_cutoff_adult", 41),
        ("ors_cutoff_adult", "abc"),
        ("reliable_change", 0),
        ("srs_item_below", 11),
        ("srs_total_alert", "maybe"),
        ("expected_min_episodes", 0),
        ("expected_far_below_quantile", 0.3),  # must be below expected_below_quantile 0.25
        ("expected_intake_bands", [[0, 10], [12, 40]]),  # gap
        ("expected_intake_bands", [[0, 10], [10, 30]]),  # does not reach 40
        ("expected_intake_bands", "0-40"),
    ],
)
def test_bad_overrides_name_the_key(key: str, value: object) -> None:
    with pytest.raises(InvalidInput) as e:
        FitSettings.from_mapping({key: value})
    assert e.value.field == key


def test_suppression_floor_in_constructor() -> None:
    with pytest.raises(InvalidInput) as e:
        FitSettings(suppression_threshold=2)
    assert e.value.field == "suppression_threshold"
    assert "3" in e.value.message.en
    assert FitSettings(suppression_threshold=3).suppression_threshold == 3
