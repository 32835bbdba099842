"""Drop-off per touchpoint, exactly as the contract defines it (STUDY_FORMAT.md, "Definitions").

* reached(T): users with at least one of T's events.
* dropped(T): users who reached T, never reached the goal event, and for whom T was the last
  touchpoint they reached, by time. Events that map to no touchpoint do not count. When two
  touchpoint events share the last instant, the one later in study.yml counts (deterministic on
  every engine).
* drop_rate(T) = dropped(T) / reached(T); baseline = median drop_rate over touchpoints with at
  least ``min_users`` reached users (30 by default, workbench.stats.SMALL_SAMPLE).
* above_baseline(T): enough users, the 95% interval's lower bound above the baseline (not
  chance) AND drop_rate at least MIN_RATIO_TO_BASELINE times the baseline (big enough to matter:
  at tens of thousands of users a 4% difference is "significant" and still not worth a look).
  The table keeps the raw ratio and interval either way.

Counts are computed per persona in one pass (:func:`dropoff_counts`), so the whole population and
the persona comparisons come from the same numbers.
"""
from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from ..stats import SMALL_SAMPLE
from .per_user_facts import reached_expr, user_facts
from .population import ALL, NO_PERSONA, check_persona, source_for
from .rates import add_rate, small_sample

# 1.25x the baseline: the four-fifths rule read the other way (a step that loses a quarter more
# people than a typical step), the same materiality bar as the mismatch engine's drop_ratio and
# the journey map's MATERIAL_RATIO, so every chapter flags the same touchpoints.
MIN_RATIO_TO_BASELINE = 1.25
TOUCHPOINT_COLUMNS = ["touchpoint", "label", "stage", "reached", "dropped", "drop_rate", "ci_low", "ci_high",
                      "baseline", "ratio_to_baseline", "above_baseline", "small_sample",
                      "exposed_users", "exposed_converted", "exposed_conversion", "exposed_ci_low", "exposed_ci_high",
                      "unexposed_users", "unexposed_converted", "unexposed_conversion", "unexposed_ci_low",
                      "unexposed_ci_high"]


def dropoff_counts(study: Any) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Raw counts per persona (NO_PERSONA for users missing from users.csv), from the per-user facts
    in one query.

    Returns ``(population, touchpoints)``: population has persona, users, converters;
    touchpoints has persona, tp_ord, reached, reached_converted, dropped (rows with reached > 0).
    """
    src = source_for(study)
    if "dropoff_counts" in src._cache:
        population, touchpoints = src._cache["dropoff_counts"]
        return population.copy(), touchpoints.copy()
    facts = user_facts(src)
    aggs = {"users": facts.count(), "converters": facts.converted.cast("int64").sum()}
    for i in range(len(src.config.touchpoints)):
        reached = reached_expr(facts, i)
        aggs[f"reached_{i}"] = reached.cast("int64").sum()
        aggs[f"reached_converted_{i}"] = (reached & facts.converted).cast("int64").sum()
        aggs[f"dropped_{i}"] = ((facts.last_tp == i) & ~facts.converted).cast("int64").sum()
    wide = src.fetch(facts.group_by("persona").aggregate(**aggs))
    population = pd.DataFrame({"persona": wide["persona"].astype(str),
                               "users": wide["users"].fillna(0).astype("int64"),
                               "converters": wide["converters"].fillna(0).astype("int64")})
    rows = [pd.DataFrame({"persona": wide["persona"].astype(str), "tp_ord": i,
                          "reached": wide[f"reached_{i}"], "reached_converted": wide[f"reached_converted_{i}"],
                          "dropped": wide[f"dropped_{i}"]}) for i in range(len(src.config.touchpoints))]
    columns = ["persona", "tp_ord", "reached", "reached_converted", "dropped"]
    touchpoints = pd.concat(rows, ignore_index=True) if rows else pd.DataFrame(columns=columns)
    for col in columns[1:]:
        touchpoints[col] = touchpoints[col].fillna(0).astype("int64")
    touchpoints = touchpoints[touchpoints["reached"] > 0].sort_values(["persona", "tp_ord"]).reset_index(drop=True)
    population = population.sort_values("persona").reset_index(drop=True)
    src._cache["dropoff_counts"] = (population, touchpoints)
    return population.copy(), touchpoints.copy()


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
    frame["above_baseline"] = ((frame["ci_low"] > baseline) & (frame["ratio_to_baseline"] >= MIN_RATIO_TO_BASELINE)
                               & enough).fillna(False).astype(bool)
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
