"""Behaviour: what customers do, per stage and touchpoint, on DuckDB or any ibis backend.

Start with :func:`analyse_behaviour` (everything for one persona) or :func:`stage_reach`;
:func:`check_behaviour` is what ``workbench validate`` runs. Figures are in
:mod:`workbench.report.chapters.behaviour_charts`, readable tables in :mod:`workbench.report.chapters.behaviour`.
:func:`user_facts` is the one-row-per-user table most analyses read.
"""
from .analysis import BehaviourResult, analyse_behaviour, analyse_behaviour_groups, funnel_table, touchpoints_table, worst_touchpoint
from .event_checks import check_behaviour
from .compare import persona_comparisons
from .dropoff import MIN_RATIO_TO_BASELINE, dropoff_counts, dropoff_table, population_summary
from .per_user_facts import user_facts
from .funnel import goal_position, ordered_funnel, stage_reach
from .kpis import kpis, weekly_retention
from .operations import operations_table
from .paths import goal_durations, last_events, next_steps, sessions_summary, time_to_goal, transitions
from .population import source_for
from .source import EventSource, open_events

__all__ = ["MIN_RATIO_TO_BASELINE", "BehaviourResult", "EventSource", "analyse_behaviour", "analyse_behaviour_groups", "check_behaviour",
           "dropoff_counts", "dropoff_table", "funnel_table", "goal_durations", "goal_position", "kpis", "last_events", "next_steps", "open_events",
           "operations_table", "ordered_funnel", "persona_comparisons", "population_summary", "sessions_summary",
           "source_for", "stage_reach", "time_to_goal", "touchpoints_table", "transitions", "user_facts",
           "weekly_retention", "worst_touchpoint"]
