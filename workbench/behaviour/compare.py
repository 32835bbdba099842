"""Persona comparisons: each persona against everyone else, with Benjamini-Hochberg correction.

Compared: conversion, and the drop rate at every touchpoint. The test is workbench.stats'
two-proportion test (Fisher's exact for small counts, else the z-test); q-values are BH-adjusted
over every comparison in the table at once.
"""
from __future__ import annotations

from typing import Any

import pandas as pd

from ..stats import ALPHA, benjamini_hochberg, two_proportion_test
from .dropoff import dropoff_counts, persona_list
from .population import NO_PERSONA, source_for
from .rates import add_rate, small_sample

COMPARISON_COLUMNS = ["measure", "touchpoint", "persona", "count", "n", "rate", "ci_low", "ci_high", "rest_count",
                      "rest_n", "rest_rate", "difference", "p_value", "q_value", "significant", "small_sample"]


def persona_comparisons(study: Any, counts: tuple[pd.DataFrame, pd.DataFrame] | None = None) -> pd.DataFrame:
    """One row per (measure, touchpoint, persona) with the persona's rate, the rest's, p and q."""
    src = source_for(study)
    counts = counts if counts is not None else dropoff_counts(src)
    population, touchpoints = counts
    personas = [p for p in persona_list(counts) if p != NO_PERSONA]
    rows = []
    total_users, total_conv = int(population["users"].sum()), int(population["converters"].sum())
    for p in personas:
        mine = population[population["persona"] == p]
        x, n = int(mine["converters"].sum()), int(mine["users"].sum())
        rows.append(("conversion", "", p, x, n, total_conv - x, total_users - n))
    for i, tp in enumerate(src.config.touchpoints):
        here = touchpoints[touchpoints["tp_ord"] == i]
        all_dropped, all_reached = int(here["dropped"].sum()), int(here["reached"].sum())
        for p in personas:
            mine = here[here["persona"] == p]
            x, n = int(mine["dropped"].sum()), int(mine["reached"].sum())
            if n == 0 or all_reached - n == 0:
                continue
            rows.append(("drop_rate", tp.id, p, x, n, all_dropped - x, all_reached - n))
    frame = pd.DataFrame(rows, columns=["measure", "touchpoint", "persona", "count", "n", "rest_count", "rest_n"])
    frame = add_rate(frame, "count", "n", "rate")
    frame["rest_rate"] = frame["rest_count"] / frame["rest_n"].where(frame["rest_n"] > 0)
    frame["difference"] = frame["rate"] - frame["rest_rate"]
    frame["p_value"] = [two_proportion_test(int(a), int(b), int(c), int(d)) for a, b, c, d in
                        zip(frame["count"], frame["n"], frame["rest_count"], frame["rest_n"])]
    frame["q_value"] = benjamini_hochberg(frame["p_value"]) if len(frame) else []
    frame["significant"] = frame["q_value"] < ALPHA
    frame["small_sample"] = small_sample(frame["n"], frame["count"])
    return frame[COMPARISON_COLUMNS]
