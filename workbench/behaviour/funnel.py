"""Stage reach and the ordered stage funnel with the goal.

* :func:`stage_reach`: per stage, how many of the persona's users had any event of one of its
  touchpoints (no order).
* :func:`ordered_funnel`: stage k counts users whose first event of stage k comes at or after the
  moment they qualified for step k-1 (the first stage counts everyone who reached it). The goal is
  a step of its own, placed after the stage that converters most often reached last before their
  first goal event (after purchase, in a shop), so post-goal stages (retention, advocacy) follow
  it. Same-instant events count as "after".
"""
from __future__ import annotations

from typing import Any

import ibis
import pandas as pd

from .population import ALL, scoped_events, source_for
from .rates import add_rate, small_sample

GOAL = "goal"
REACH_COLUMNS = ["stage", "label", "users", "reached", "share", "ci_low", "ci_high", "small_sample"]
FUNNEL_COLUMNS = ["step", "stage", "label", "users", "n_previous", "share_of_previous", "previous_ci_low",
                  "previous_ci_high", "n_start", "share_of_start", "ci_low", "ci_high", "small_sample"]


def _scalar(expr: Any) -> int:
    value = expr.execute()
    return int(value) if value is not None and not pd.isna(value) else 0


def stage_reach(study: Any, persona: str = ALL) -> pd.DataFrame:
    """Per stage: users of ``persona`` in the behaviour data, how many reached it, share and 95% CI."""
    src = source_for(study)
    ev = scoped_events(src, persona)
    users = _scalar(ev.user.nunique())
    staged = ev.filter(ev.stage_ord.notnull())
    counts = staged.group_by("stage_ord").aggregate(reached=staged.user.nunique()).execute()
    reached = {int(r.stage_ord): int(r.reached) for r in counts.itertuples()}
    frame = pd.DataFrame({"stage": [s.id for s in src.config.stages], "label": [s.label for s in src.config.stages],
                          "users": users, "reached": [reached.get(i, 0) for i in range(len(src.config.stages))]})
    frame = add_rate(frame, "reached", "users", "share")
    frame["small_sample"] = small_sample(frame["users"], frame["reached"])
    return frame[REACH_COLUMNS]


def goal_position(study: Any, persona: str = ALL) -> int:
    """Number of stages the goal step follows: after the stage converters most often reached last
    before their first goal event (ties: the earlier stage); after every stage when nobody converts."""
    src = source_for(study)
    ev = scoped_events(src, persona)
    first_goal = ev.filter(ev.goal).group_by("user").aggregate(goal_t=ev.t.min())
    staged = ev.filter(ev.stage_ord.notnull())
    before = staged.join(first_goal, "user")
    before = before.filter(before.t <= before.goal_t)
    furthest = before.group_by("user").aggregate(s=before.stage_ord.max())
    counts = furthest.group_by("s").aggregate(n=furthest.count()).execute()
    if counts.empty:
        return len(src.config.stages)
    counts = counts.sort_values(["n", "s"], ascending=[False, True])
    return int(counts["s"].iloc[0]) + 1


def ordered_funnel(study: Any, persona: str = ALL, goal_after: str | None = None) -> pd.DataFrame:
    """The ordered funnel: one row per stage in order with the goal step inserted.

    ``goal_after`` (a stage id) places the goal explicitly; by default :func:`goal_position`.
    """
    src = source_for(study)
    config = src.config
    ev = scoped_events(src, persona)
    position = config.stage_ids.index(goal_after) + 1 if goal_after else goal_position(src, persona)
    steps: list[tuple[str, str, Any]] = [(s.id, s.label, ev.stage_ord == i) for i, s in enumerate(config.stages)]
    steps.insert(position, (GOAL, f"Goal: {config.behaviour.goal_event}", ev.goal))
    counts = []
    previous = None
    for k, (_, _, predicate) in enumerate(steps):
        step = ev.filter(predicate).select("user", "t")
        if previous is not None:
            step = step.join(previous, "user")
            step = step.filter(step.t >= step.prev_t).select("user", "t")
        current = src.materialize(step.group_by("user").aggregate(prev_t=step.t.min()), f"wb_funnel_{k}")
        counts.append(_scalar(current.count()))
        previous = current
    frame = pd.DataFrame({"step": range(1, len(steps) + 1), "stage": [s[0] for s in steps],
                          "label": [s[1] for s in steps], "users": counts})
    frame["n_previous"] = frame["users"].shift(1).fillna(frame["users"].iloc[0] if len(frame) else 0).astype("int64")
    frame["n_start"] = frame["users"].iloc[0] if len(frame) else 0
    frame = add_rate(frame, "users", "n_previous", "share_of_previous", "previous_ci_low", "previous_ci_high")
    frame = add_rate(frame, "users", "n_start", "share_of_start")
    frame["small_sample"] = small_sample(frame["n_previous"], frame["users"])
    return frame[FUNNEL_COLUMNS]
