"""Everything the behaviour chapter shows, for one persona, in one :class:`BehaviourResult`.

:func:`analyse_behaviour` runs every analysis once; :func:`funnel_table` and
:func:`touchpoints_table` give the contract's funnel.csv and the behavioural columns of
touchpoints.csv.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from ..stats import SMALL_SAMPLE
from .compare import persona_comparisons
from .dropoff import dropoff_counts, dropoff_table, population_summary
from .funnel import ordered_funnel, stage_reach
from .kpis import kpis, weekly_retention
from .operations import operations_table
from .paths import last_events, next_steps, time_to_goal, transitions
from .population import ALL, check_persona, source_for
from .stage_order import OrderDecision, stage_order, stage_order_table


@dataclass(frozen=True)
class BehaviourResult:
    """The behaviour analyses for one persona ("all" = every user in the behaviour data)."""

    persona: str
    population: dict[str, Any]        # users, converters, conversion, ci_low, ci_high
    reach: pd.DataFrame               # stage_reach
    funnel: pd.DataFrame              # ordered_funnel, in the order of ``order.steps``
    touchpoints: pd.DataFrame         # dropoff_table
    last_events: pd.DataFrame         # what non-converters did last
    worst_touchpoint: str | None      # highest drop rate above baseline with enough users
    next_steps: pd.DataFrame          # where non-converters went after worst_touchpoint
    transitions: pd.DataFrame         # event -> next event counts
    time_to_goal: pd.DataFrame        # median / p90 hours with intervals
    time_distribution: pd.DataFrame   # binned time to goal
    kpis: pd.DataFrame
    retention: pd.DataFrame           # weekly cohorts
    operations: pd.DataFrame          # metrics against targets
    comparisons: pd.DataFrame         # persona vs rest, BH-corrected (the same for every persona)
    min_users: int = SMALL_SAMPLE
    backend: str = field(default="duckdb")
    event_touchpoints: dict = field(default_factory=dict)   # event name -> touchpoint id
    order: OrderDecision | None = None   # the funnel's step order, the goal's place and study-design notes
    stage_order: pd.DataFrame = field(default_factory=pd.DataFrame)   # stage_order_table rows of this persona


def worst_touchpoint(touchpoints: pd.DataFrame, min_users: int = SMALL_SAMPLE) -> str | None:
    """The touchpoint with the highest drop rate among those with at least ``min_users`` reached."""
    enough = touchpoints[touchpoints["reached"] >= min_users]
    if enough.empty or enough["drop_rate"].isna().all():
        return None
    return str(enough.sort_values(["drop_rate", "reached"], ascending=False)["touchpoint"].iloc[0])


def analyse_behaviour(study: Any, persona: str = ALL, min_users: int = SMALL_SAMPLE,
                      backend: str | None = None) -> BehaviourResult:
    """Run every behaviour analysis for ``persona`` on the study's backend (or ``backend``)."""
    src = source_for(study, backend)
    check_persona(src.config, persona)
    counts = dropoff_counts(src)
    touchpoints = dropoff_table(src, persona, min_users=min_users, counts=counts)
    worst = worst_touchpoint(touchpoints, min_users)
    summary, distribution = time_to_goal(src, persona)
    goal_after = getattr(src.config.behaviour, "goal_after", None)
    order = stage_order(src, persona, goal_after=goal_after)
    order_rows = stage_order_table(src)
    return BehaviourResult(
        persona=persona, population=population_summary(src, persona, counts=counts),
        reach=stage_reach(src, persona), funnel=ordered_funnel(src, persona, steps=order.steps), touchpoints=touchpoints,
        last_events=last_events(src, persona), worst_touchpoint=worst,
        next_steps=next_steps(src, worst, persona) if worst else pd.DataFrame(),
        transitions=transitions(src, persona), time_to_goal=summary, time_distribution=distribution,
        kpis=kpis(src, persona), retention=weekly_retention(src, persona),
        operations=operations_table(src.config, persona), comparisons=persona_comparisons(src, counts=counts),
        min_users=min_users, backend=src.backend, event_touchpoints=src.config.event_touchpoints(), order=order,
        stage_order=order_rows[order_rows["persona"] == persona].reset_index(drop=True))


def analyse_behaviour_groups(study: Any, personas: list[str], min_users: int = SMALL_SAMPLE,
                             backend: str | None = None) -> dict[str, BehaviourResult]:
    """:func:`analyse_behaviour` for every persona group in ``personas`` ("all" among them or not).

    Each analysis queries DuckDB once for every group: the per-user facts, drop-off counts, session
    steps, funnel steps, stage reach, KPIs, retention, last events and time to goal are computed with
    persona as a group key and kept on the opened source, so a persona is a slice of them and "all"
    their sum. Only where-next-after-the-worst-touchpoint is asked per group (its touchpoint differs)."""
    src = source_for(study, backend)
    return {persona: analyse_behaviour(src, persona, min_users=min_users) for persona in personas}


@dataclass(frozen=True)
class WaveBehaviour:
    """What a wave comparison reads of an earlier wave's behaviour for one persona: its users and
    converters, stage reach, the drop-off table and the operations against their targets (the
    same tables :func:`analyse_behaviour` gives, without the analyses nothing compares)."""

    persona: str
    population: dict[str, Any]
    reach: pd.DataFrame
    touchpoints: pd.DataFrame
    operations: pd.DataFrame


def wave_behaviour_groups(study: Any, personas: list[str], min_users: int = SMALL_SAMPLE,
                          backend: str | None = None) -> dict[str, WaveBehaviour]:
    """:class:`WaveBehaviour` for every persona group, from the same grouped queries as
    :func:`analyse_behaviour_groups`."""
    src = source_for(study, backend)
    counts = dropoff_counts(src)
    out = {}
    for persona in personas:
        check_persona(src.config, persona)
        out[persona] = WaveBehaviour(
            persona=persona, population=population_summary(src, persona, counts=counts), reach=stage_reach(src, persona),
            touchpoints=dropoff_table(src, persona, min_users=min_users, counts=counts),
            operations=operations_table(src.config, persona))
    return out


def funnel_table(result: BehaviourResult) -> pd.DataFrame:
    """The contract's funnel.csv: one row per stage in order plus the goal step."""
    return result.funnel.copy()


def stage_order_csv(result: BehaviourResult) -> pd.DataFrame:
    """stage_order.csv: per declared stage, how its users' first events sit relative to the goal and
    to the previous stage (:data:`~workbench.behaviour.stage_order.ORDER_COLUMNS`)."""
    return result.stage_order.copy()


def touchpoints_table(result: BehaviourResult) -> pd.DataFrame:
    """Behavioural columns of touchpoints.csv: touchpoint, stage, reached, dropped, drop_rate, ci_low,
    ci_high, baseline, ratio to baseline, exposed/unexposed conversion, small_sample."""
    return result.touchpoints.drop(columns=["label"]).copy()
