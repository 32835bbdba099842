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

from typing import Any, Sequence

import ibis
import pandas as pd

from .per_user_facts import user_facts
from .population import ALL, source_for
from .rates import add_rate, small_sample

GOAL = "goal"
REACH_COLUMNS = ["stage", "label", "users", "reached", "share", "ci_low", "ci_high", "small_sample"]
FUNNEL_COLUMNS = ["step", "stage", "label", "users", "n_previous", "share_of_previous", "previous_ci_low",
                  "previous_ci_high", "n_start", "share_of_start", "ci_low", "ci_high", "small_sample"]


def stage_reach(study: Any, persona: str = ALL) -> pd.DataFrame:
    """Per stage: users of ``persona`` in the behaviour data, how many reached it, share and 95% CI."""
    src = source_for(study)
    facts = user_facts(src, persona)
    stages = src.config.stages
    aggs = {"users": facts.count()}
    aggs.update({f"s{k}": facts[f"stage_t_{k}"].notnull().cast("int64").sum() for k in range(len(stages))})
    row = src.fetch(facts.aggregate(**aggs)).iloc[0]
    users = int(row["users"] or 0)
    frame = pd.DataFrame({"stage": [s.id for s in stages], "label": [s.label for s in stages], "users": users,
                          "reached": [int(row[f"s{k}"]) if pd.notna(row[f"s{k}"]) else 0 for k in range(len(stages))]})
    frame = add_rate(frame, "reached", "users", "share")
    frame["small_sample"] = small_sample(frame["users"], frame["reached"])
    return frame[REACH_COLUMNS]


def goal_position(study: Any, persona: str = ALL) -> int:
    """Number of stages the goal step follows: after the stage converters most often reached last
    before their first goal event (ties: the earlier stage); after every stage when nobody converts.

    A converter reached stage k before the goal exactly when their first stage-k event came at or
    before their first goal event, so this is read off the per-user facts.
    """
    src = source_for(study)
    facts = user_facts(src, persona)
    converters = facts.filter(facts.converted)
    n_stages = len(src.config.stages)
    furthest = ibis.cases(*[(converters[f"stage_t_{k}"] <= converters.goal_t, k) for k in reversed(range(n_stages))],
                          else_=ibis.null("int64")) if n_stages else ibis.null("int64")
    counts = src.fetch(converters.select(s=furthest).filter(lambda x: x.s.notnull())
                       .group_by("s").aggregate(n=lambda x: x.count()))
    if counts.empty:
        return n_stages
    counts = counts.sort_values(["n", "s"], ascending=[False, True])
    return int(counts["s"].iloc[0]) + 1


def ordered_funnel(study: Any, persona: str = ALL, goal_after: str | None = None,
                   steps: Sequence[str] | None = None) -> pd.DataFrame:
    """The ordered funnel: one row per stage in order with the goal step inserted.

    ``goal_after`` (a stage id) places the goal explicitly; by default :func:`goal_position`.
    ``steps`` (stage ids and GOAL, e.g. ``stage_order(...).steps``) gives the whole order instead;
    stages in it without behavioural events are left out (they are no step anybody can take).
    The first step is read from the per-user facts (so the persona is applied once, there); each
    later step joins the events of that step with the users who qualified for the previous one.
    """
    src = source_for(study)
    config = src.config
    facts = user_facts(src, persona)
    ev = src.events
    by_id = {s.id: (s.id, s.label, ev.stage_ord == i, f"stage_t_{i}") for i, s in enumerate(config.stages)}
    goal = (GOAL, f"Goal: {config.behaviour.goal_event}", ev.goal, "goal_t")
    if steps is not None:
        with_events = {t.stage for t in config.touchpoints if t.events}
        steps = [goal if s == GOAL else by_id[s] for s in steps if s == GOAL or s in with_events]
    else:
        position = config.stage_ids.index(goal_after) + 1 if goal_after else goal_position(src, persona)
        steps = list(by_id.values())
        steps.insert(position, goal)
    first = facts.filter(facts[steps[0][3]].notnull()).select("user", prev_t=facts[steps[0][3]])
    previous = src.materialize(first, "wb_funnel_0")
    counts = [src.scalar(previous.count()) or 0]
    for k, (_, _, predicate, _) in enumerate(steps[1:], start=1):
        step = ev.filter(predicate).select("user", "t")
        step = step.join(previous, "user")
        step = step.filter(step.t >= step.prev_t)
        previous = src.materialize(step.group_by("user").aggregate(prev_t=step.t.min()), f"wb_funnel_{k}")
        counts.append(src.scalar(previous.count()) or 0)
    frame = pd.DataFrame({"step": range(1, len(steps) + 1), "stage": [s[0] for s in steps],
                          "label": [s[1] for s in steps], "users": [int(c) for c in counts]})
    frame["n_previous"] = frame["users"].shift(1).fillna(frame["users"].iloc[0] if len(frame) else 0).astype("int64")
    frame["n_start"] = frame["users"].iloc[0] if len(frame) else 0
    frame = add_rate(frame, "users", "n_previous", "share_of_previous", "previous_ci_low", "previous_ci_high")
    frame = add_rate(frame, "users", "n_start", "share_of_start")
    frame["small_sample"] = small_sample(frame["n_previous"], frame["users"])
    return frame[FUNNEL_COLUMNS]
