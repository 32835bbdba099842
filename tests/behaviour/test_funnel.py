from __future__ import annotations

import pytest

from workbench.behaviour import goal_position, ordered_funnel, stage_reach


@pytest.mark.parametrize("persona, stage, users, reached", [
    ("all", "awareness", 11, 4), ("all", "consideration", 11, 8), ("all", "purchase", 11, 7),
    ("all", "retention", 11, 1), ("busy", "consideration", 5, 5), ("busy", "awareness", 5, 0),
])
def test_stage_reach(tiny, persona, stage, users, reached):
    row = stage_reach(tiny, persona).set_index("stage").loc[stage]
    assert (row["users"], row["reached"]) == (users, reached)
    assert row["ci_low"] <= row["share"] <= row["ci_high"]
    assert row["small_sample"]


def test_stage_reach_columns(tiny):
    assert list(stage_reach(tiny).columns) == ["stage", "label", "users", "reached", "share", "ci_low", "ci_high",
                                               "small_sample"]


def test_goal_follows_the_stage_converters_reach_last(tiny):
    assert goal_position(tiny) == 3  # after purchase (u2 and u6 pay, then order)


def test_ordered_funnel(tiny):
    funnel = ordered_funnel(tiny)
    assert funnel["stage"].tolist() == ["awareness", "consideration", "purchase", "goal", "retention"]
    assert funnel["users"].tolist() == [4, 3, 3, 1, 1]
    goal = funnel.set_index("stage").loc["goal"]
    assert goal["share_of_previous"] == pytest.approx(1 / 3) and goal["share_of_start"] == pytest.approx(1 / 4)
    assert goal["previous_ci_low"] < 1 / 3 < goal["previous_ci_high"]


def test_goal_can_be_placed_explicitly(tiny):
    funnel = ordered_funnel(tiny, goal_after="retention")
    assert funnel["stage"].tolist()[-1] == "goal"
    assert funnel["users"].tolist() == [4, 3, 3, 1, 0]  # u2 ordered before tracking, not after
