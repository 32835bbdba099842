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
from .population import ALL, check_persona, source_for
from .rates import add_rate, small_sample

GOAL = "goal"
REACH_COLUMNS = ["stage", "label", "users", "reached", "share", "ci_low", "ci_high", "small_sample"]
FUNNEL_COLUMNS = ["step", "stage", "label", "users", "n_previous", "share_of_previous", "previous_ci_low",
                  "previous_ci_high", "n_start", "share_of_start", "ci_low", "ci_high", "small_sample"]


def stage_reach(study: Any, persona: str = ALL) -> pd.DataFrame:
    """Per stage: users of ``persona`` in the behaviour data, how many reached it, share and 95% CI."""
    src = source_for(study)
    check_persona(src.config, persona)
    stages = src.config.stages
    if "stage_reach" not in src._cache:   # one query for every persona (a group key), kept on the source
        facts = user_facts(src)
        aggs = {"users": facts.count()}
        aggs.update({f"s{k}": facts[f"stage_t_{k}"].notnull().cast("int64").sum() for k in range(len(stages))})
        src._cache["stage_reach"] = src.fetch(facts.group_by("persona").aggregate(**aggs))
    rows = src._cache["stage_reach"]
    rows = rows if persona == ALL else rows[rows["persona"] == persona]
    row = rows.drop(columns="persona").fillna(0).sum()
    users = int(row["users"])
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
    check_persona(src.config, persona)
    n_stages = len(src.config.stages)
    if "goal_position" not in src._cache:   # one query for every persona (a group key), kept on the source
        facts = user_facts(src)
        converters = facts.filter(facts.converted)
        furthest = ibis.cases(*[(converters[f"stage_t_{k}"] <= converters.goal_t, k) for k in reversed(range(n_stages))],
                              else_=ibis.null("int64")) if n_stages else ibis.null("int64")
        src._cache["goal_position"] = src.fetch(converters.select("persona", s=furthest).filter(lambda x: x.s.notnull())
                                                .group_by(["persona", "s"]).aggregate(n=lambda x: x.count()))
    counts = src._cache["goal_position"]
    counts = counts if persona == ALL else counts[counts["persona"] == persona]
    counts = counts.groupby("s", as_index=False)["n"].sum()
    if counts.empty:
        return n_stages
    counts = counts.sort_values(["n", "s"], ascending=[False, True])
    return int(counts["s"].iloc[0]) + 1


def _steps(src: Any, position: int | None = None,
           order: Sequence[str] | None = None) -> list[tuple[str, str, Any, str]]:
    """(stage id, label, event predicate, facts column) of every step: the goal after ``position``
    stages, or ``order`` (stage ids and GOAL) as given, leaving out stages without behavioural events."""
    config, ev = src.config, src.events
    by_id = {s.id: (s.id, s.label, ev.stage_ord == i, f"stage_t_{i}") for i, s in enumerate(config.stages)}
    goal = (GOAL, f"Goal: {config.behaviour.goal_event}", ev.goal, "goal_t")
    if order is not None:
        with_events = {t.stage for t in config.touchpoints if t.events}
        return [goal if s == GOAL else by_id[s] for s in order if s == GOAL or s in with_events]
    steps = list(by_id.values())
    steps.insert(position, goal)
    return steps


def _step_counts(src: Any, steps: list[tuple[str, str, Any, str]]) -> pd.DataFrame:
    """Users per (persona, step k) of the funnel ``steps``: one chain of queries for every persona
    together (persona is a group key), kept on the source. A step's users depend only on their own
    events, so a persona's counts are its rows and "all" their sums."""
    key = ("funnel_steps", tuple(s[0] for s in steps))
    if key not in src._cache:
        facts, ev = user_facts(src), src.events
        first = facts.filter(facts[steps[0][3]].notnull()).select("user", "persona", prev_t=facts[steps[0][3]])
        previous = src.materialize(first, "wb_funnel_0")
        counts = [src.fetch(previous.group_by("persona").aggregate(users=previous.count())).assign(k=0)]
        for k, (_, _, predicate, _) in enumerate(steps[1:], start=1):
            step = ev.filter(predicate).select("user", "t")
            step = step.join(previous, "user")
            step = step.filter(step.t >= step.prev_t)
            previous = src.materialize(step.group_by(["user", "persona"]).aggregate(prev_t=step.t.min()),
                                       f"wb_funnel_{k}")
            counts.append(src.fetch(previous.group_by("persona").aggregate(users=previous.count())).assign(k=k))
        out = pd.concat(counts, ignore_index=True)
        out["users"] = out["users"].astype("int64")
        src._cache[key] = out
    return src._cache[key]


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
    check_persona(config, persona)
    if steps is not None:
        steps = _steps(src, order=steps)
    else:
        position = config.stage_ids.index(goal_after) + 1 if goal_after else goal_position(src, persona)
        steps = _steps(src, position)
    per_step = _step_counts(src, steps)
    if persona != ALL:
        per_step = per_step[per_step["persona"] == persona]
    per_step = per_step.groupby("k")["users"].sum()
    counts = [int(per_step.get(k, 0)) for k in range(len(steps))]
    frame = pd.DataFrame({"step": range(1, len(steps) + 1), "stage": [s[0] for s in steps],
                          "label": [s[1] for s in steps], "users": [int(c) for c in counts]})
    frame["n_previous"] = frame["users"].shift(1).fillna(frame["users"].iloc[0] if len(frame) else 0).astype("int64")
    frame["n_start"] = frame["users"].iloc[0] if len(frame) else 0
    frame = add_rate(frame, "users", "n_previous", "share_of_previous", "previous_ci_low", "previous_ci_high")
    frame = add_rate(frame, "users", "n_start", "share_of_start")
    frame["small_sample"] = small_sample(frame["n_previous"], frame["users"])
    return frame[FUNNEL_COLUMNS]
