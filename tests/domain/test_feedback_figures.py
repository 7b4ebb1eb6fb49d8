"""issue 14's figures from plain rows, through the gate (threshold 5), hand-counted."""

from __future__ import annotations

from recoverykit.domain.feedback_figures import (
    GoalFigures,
    MonthPresence,
    SummaryLine,
    goal_figures,
    month_presence,
    rater_groups,
    survey_lines,
)


def test_survey_lines_mean_and_change_are_hidden_below_the_threshold() -> None:
    groups = [
        {"instrument": "inspire", "subscale": "support", "responses": 7, "clients": 6,
         "n_scored": 6, "mean": 61.25},
        {"instrument": "inspire", "subscale": "relationship", "responses": 7, "clients": 6,
         "n_scored": 4, "mean": 70.0},
    ]  # fmt: skip
    # five clients with two support scores: changes +10, +20, 0, −5, +25 → sum 50, mean 10.0;
    # one relationship client with one score only: not in the changes (n counts two or more)
    changes = [{"instrument": "inspire", "subscale": "support", "n": 5, "total_change": 50.0}]
    assert survey_lines(groups, changes, 5) == [
        SummaryLine("inspire", "support", 7, 6, 61.2, 5, 10.0),
        SummaryLine("inspire", "relationship", 7, 6, None, 0, None),  # mean over 4 scores: hidden
    ]


def test_rater_groups_hide_a_small_group_and_its_partner() -> None:
    rows = [
        {"instrument": "family-feedback", "rater": "family", "responses": 9},
        {"instrument": "family-feedback", "rater": "network", "responses": 2},
    ]
    # 2 is small; with the total shown, family would give it away: family is hidden too
    assert rater_groups(rows, 5) == {"family-feedback": {"family": None, "network": None}}


def test_goal_figures() -> None:
    row = {"with_goal": 12, "clients_reached": 3, "goals_reached": 5}
    assert goal_figures(row, 5) == GoalFigures(12, None, 5)


def test_month_presence_hand_count() -> None:
    rows = [
        {"month": "2026-10", "meetings": 6, "present": 4, "partly": 1},
        {"month": "2026-11", "meetings": 3, "present": 3, "partly": 0},
        {"month": "2026-12", "meetings": 0, "present": 0, "partly": 0},
    ]
    assert month_presence(rows, 5) == [
        MonthPresence("2026-10", 6, 5, 1, 83.3),  # (4 + 1) / 6
        MonthPresence("2026-11", None, None, None, None),
        MonthPresence("2026-12", 0, None, None, None),
    ]
