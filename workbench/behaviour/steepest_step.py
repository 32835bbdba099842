"""The funnel step a summary may headline as "the steepest step of the journey".

A headline must rest on something customers did. A step qualifies only when it has a real
population on both sides: users got to the previous step (``n_previous > 0``) and some went on
(``users > 0``). A step that is empty is either a stage nobody can reach in the order it is shown
(an artefact of the declared order, see :mod:`workbench.behaviour.stage_order`) or a stage with
no behavioural events; neither is a drop, and nor is a step next to a stage without events.
"""
from __future__ import annotations

from typing import Iterable

import pandas as pd

STEP_COLUMNS = ["step", "stage", "label", "users", "n_previous", "share_of_previous"]


def headline_steps(funnel: pd.DataFrame, no_events: Iterable[str] = (), unreachable: Iterable[str] = (),
                   min_previous: int = 1) -> pd.DataFrame:
    """The rows of ``funnel`` (funnel.csv's columns, in step order) a headline may rest on: every
    step after the first whose previous step has at least ``min_previous`` users and which has
    users of its own, neither side a stage in ``no_events`` or ``unreachable``. A new DataFrame
    with ``previous_stage`` and ``previous_label`` added."""
    missing = [c for c in STEP_COLUMNS if c not in funnel.columns]
    if missing:
        raise ValueError(f"funnel table lacks column(s) {', '.join(missing)}")
    f = funnel.sort_values("step").reset_index(drop=True)
    f = f.assign(previous_stage=f["stage"].shift(1), previous_label=f["label"].shift(1))
    excluded = set(no_events) | set(unreachable)
    real = (f.index > 0) & (f["n_previous"].fillna(0) >= max(1, min_previous)) & (f["users"].fillna(0) > 0)
    real &= ~f["stage"].isin(excluded) & ~f["previous_stage"].isin(excluded)
    return f[real].reset_index(drop=True)


def steepest_step(funnel: pd.DataFrame, no_events: Iterable[str] = (), unreachable: Iterable[str] = (),
                  min_previous: int = 1) -> pd.Series | None:
    """The step with the lowest ``share_of_previous`` among :func:`headline_steps` (ties: the one
    losing more users, then the earlier step), or None when no step qualifies."""
    steps = headline_steps(funnel, no_events, unreachable, min_previous)
    steps = steps[steps["share_of_previous"].notna()]
    if steps.empty:
        return None
    steps = steps.assign(lost=steps["n_previous"] - steps["users"])
    return steps.sort_values(["share_of_previous", "lost", "step"], ascending=[True, False, True]).iloc[0]
