"""Drop-off per touchpoint, exactly as the contract defines it (STUDY_FORMAT.md, "Definitions").

* reached(T): users with at least one of T's events.
* dropped(T): users who reached T, never reached the goal event, and for whom T was the last
  touchpoint they reached, by time. Events that map to no touchpoint do not count. When two
  touchpoint events share the last instant, the one later in study.yml counts (deterministic on
  every engine).
* drop_rate(T) = dropped(T) / reached(T); baseline = median drop_rate over touchpoints with at
  least ``min_users`` reached users (30 by default, workbench.stats.SMALL_SAMPLE).

Counts are computed per persona in one pass (:func:`dropoff_counts`), so the whole population and
the persona comparisons come from the same numbers.
"""
from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from ..stats import SMALL_SAMPLE
from .population import ALL, NO_PERSONA, check_persona, source_for, with_persona
from .rates import add_rate, small_sample

TOUCHPOINT_COLUMNS = ["touchpoint", "label", "stage", "reached", "dropped", "drop_rate", "ci_low", "ci_high",
                      "baseline", "ratio_to_baseline", "above_baseline", "small_sample",
                      "exposed_users", "exposed_converted", "exposed_conversion", "exposed_ci_low", "exposed_ci_high",
                      "unexposed_users", "unexposed_converted", "unexposed_conversion", "unexposed_ci_low",
                      "unexposed_ci_high"]


def dropoff_counts(study: Any) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Raw counts per persona (NO_PERSONA for users missing from users.csv).

    Returns ``(population, touchpoints)``: population has persona, users, converters;
    touchpoints has persona, tp_ord, reached, reached_converted, dropped (only non-zero rows).
    """
    src = source_for(study)
    ev = src.events
    per_user = ev.group_by("user").aggregate(converted=ev.goal.any())
    per_user = with_persona(src, per_user)
    population = (per_user.group_by("persona")
                  .aggregate(users=per_user.count(), converters=per_user.converted.sum()).execute())

    tp_events = ev.filter(ev.tp_ord.notnull())
    reached = tp_events.select("user", "tp_ord").distinct()
    reached = reached.join(per_user, "user")
    reached_counts = (reached.group_by(["persona", "tp_ord"])
                      .aggregate(reached=reached.count(), reached_converted=reached.converted.sum()).execute())

    non_converters = per_user.filter(~per_user.converted).select("user")
    mine = tp_events.semi_join(non_converters, "user")
    last_t = mine.group_by("user").aggregate(last_t=mine.t.max())
    at_last = mine.join(last_t, [mine.user == last_t.user, mine.t == last_t.last_t])
    last = at_last.group_by("user").aggregate(tp_ord=at_last.tp_ord.max())
    last = with_persona(src, last)
    dropped_counts = last.group_by(["persona", "tp_ord"]).aggregate(dropped=last.count()).execute()

    touchpoints = reached_counts.merge(dropped_counts, on=["persona", "tp_ord"], how="left")
    touchpoints["dropped"] = touchpoints["dropped"].fillna(0).astype("int64")
    for col in ("reached", "reached_converted", "tp_ord"):
        touchpoints[col] = touchpoints[col].astype("int64")
    population["users"] = population["users"].astype("int64")
    population["converters"] = population["converters"].fillna(0).astype("int64")
    return population, touchpoints


def _select(counts: tuple[pd.DataFrame, pd.DataFrame], persona: str) -> tuple[int, int, pd.DataFrame]:
    population, touchpoints = counts
    if persona != ALL:
        population = population[population["persona"] == persona]
        touchpoints = touchpoints[touchpoints["persona"] == persona]
    per_tp = touchpoints.groupby("tp_ord")[["reached", "reached_converted", "dropped"]].sum()
    return int(population["users"].sum()), int(population["converters"].sum()), per_tp


def dropoff_table(study: Any, persona: str = ALL, min_users: int = SMALL_SAMPLE,
                  counts: tuple[pd.DataFrame, pd.DataFrame] | None = None) -> pd.DataFrame:
    """One row per touchpoint (study.yml order): reached, dropped, drop rate against the baseline,
    and conversion of users exposed versus not exposed, each rate with its 95% Wilson interval."""
    src = source_for(study)
    check_persona(src.config, persona)
    counts = counts if counts is not None else dropoff_counts(src)
    users, converters, per_tp = _select(counts, persona)
    tps = src.config.touchpoints
    frame = pd.DataFrame({"touchpoint": [t.id for t in tps], "label": [t.label for t in tps],
                          "stage": [t.stage for t in tps]})
    for col in ("reached", "reached_converted", "dropped"):
        frame[col] = [int(per_tp[col].get(i, 0)) if col in per_tp else 0 for i in range(len(tps))]
    frame = add_rate(frame, "dropped", "reached", "drop_rate")
    enough = frame["reached"] >= min_users
    baseline = float(frame.loc[enough, "drop_rate"].median()) if enough.any() else np.nan
    frame["baseline"] = baseline
    with np.errstate(invalid="ignore", divide="ignore"):
        frame["ratio_to_baseline"] = frame["drop_rate"] / baseline if baseline else np.nan
    frame["above_baseline"] = (frame["ci_low"] > baseline) & enough
    frame["small_sample"] = small_sample(frame["reached"], frame["dropped"])
    frame["exposed_users"] = frame["reached"]
    frame["exposed_converted"] = frame["reached_converted"]
    frame = add_rate(frame, "exposed_converted", "exposed_users", "exposed_conversion", "exposed_ci_low",
                     "exposed_ci_high")
    frame["unexposed_users"] = users - frame["reached"]
    frame["unexposed_converted"] = converters - frame["reached_converted"]
    frame = add_rate(frame, "unexposed_converted", "unexposed_users", "unexposed_conversion", "unexposed_ci_low",
                     "unexposed_ci_high")
    return frame[TOUCHPOINT_COLUMNS]


def population_summary(study: Any, persona: str = ALL,
                       counts: tuple[pd.DataFrame, pd.DataFrame] | None = None) -> dict[str, Any]:
    """Users in scope and how many reached the goal (with the conversion rate's 95% interval)."""
    src = source_for(study)
    check_persona(src.config, persona)
    counts = counts if counts is not None else dropoff_counts(src)
    users, converters, _ = _select(counts, persona)
    row = add_rate(pd.DataFrame({"users": [users], "converters": [converters]}), "converters", "users", "conversion")
    return row.iloc[0].to_dict()


def persona_list(counts: tuple[pd.DataFrame, pd.DataFrame]) -> list[str]:
    """Personas present in the counts, NO_PERSONA last."""
    found = sorted(p for p in counts[0]["persona"].unique() if p != NO_PERSONA)
    return found + ([NO_PERSONA] if NO_PERSONA in set(counts[0]["persona"]) else [])
