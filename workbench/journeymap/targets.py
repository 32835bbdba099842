"""The future-state map: ``targets:`` from study.yml beside the current values, and the gap.

A target is "met" or "missed" only when the current value's whole 95% interval lies on one side of
it; otherwise the gap is "within the interval" (the data cannot tell). Shares are in percentage
points, sentiment in points of the -1..1 scale.
"""
from __future__ import annotations

import math

import pandas as pd

from ..config import TARGET_KPIS, StudyConfig
from ..formats import MISSING, interval

TARGET_COLUMNS = ["stage", "kpi", "target", "better", "current", "ci_low", "ci_high", "n", "gap", "status",
                  "target_text", "gap_text", "anchor"]
# Which computed column holds each KPI: (table, value, low, high, n).
SOURCES = {"reach": ("reach", "share", "ci_low", "ci_high", "users"),
           "conversion": ("funnel", "share_of_previous", "previous_ci_low", "previous_ci_high", "n_previous"),
           "sentiment": ("feel", "mean_sentiment", "ci_low", "ci_high", "mentions"),
           "negative": ("feel", "share_negative", "share_negative_ci_low", "share_negative_ci_high", "mentions")}


def _value(kpi: str, v: float) -> str:
    if math.isnan(v):
        return MISSING
    return f"{v:+.2f}" if kpi == "sentiment" else f"{100 * v:.1f}%"


def _interval(kpi: str, low: float, high: float) -> str:
    """The KPI's interval in the one form of :mod:`workbench.formats`: ``+0.05 to +0.20``, ``61.2–68.0%``."""
    if kpi == "sentiment":
        return interval(low, high, percent=False, signed=True)
    return interval(low, high, 1)


def status_of(target: float, low: float, high: float, better: str) -> str:
    """met / missed when the interval is wholly on one side of the target, else 'within interval'."""
    if math.isnan(low) or math.isnan(high):
        return "no data"
    if better == "lower":
        met, missed = high <= target, low > target
    else:
        met, missed = low >= target, high < target
    return "met" if met else "missed" if missed else "within interval"


def target_gaps(config: StudyConfig, reach: pd.DataFrame, funnel: pd.DataFrame, feel: pd.DataFrame) -> pd.DataFrame:
    """One row per (stage, KPI) target: current value with interval and n, gap and status."""
    tables = {"reach": reach, "funnel": funnel, "feel": feel}
    rows = []
    for target in config.targets:
        for kpi, goal in target.items():
            table, col, lo, hi, n = SOURCES[kpi]
            frame = tables[table]
            found = frame[frame["stage"] == target.stage] if len(frame) and "stage" in frame else frame.iloc[0:0]
            r = found.iloc[0] if len(found) else None
            current = float(r[col]) if r is not None and not pd.isna(r[col]) else math.nan
            low = float(r[lo]) if r is not None and not pd.isna(r[lo]) else math.nan
            high = float(r[hi]) if r is not None and not pd.isna(r[hi]) else math.nan
            better = TARGET_KPIS[kpi][2]
            status = status_of(goal, low, high, better) if not math.isnan(current) else "no data"
            gap = current - goal
            unit = "points" if kpi == "sentiment" else "pp"
            scale = 1 if kpi == "sentiment" else 100
            gap_text = ("no current value for this group" if math.isnan(current) else
                        f"now {_value(kpi, current)} (95% CI {_interval(kpi, low, high)}, "
                        f"n = {int(r[n]):,}); gap {scale * gap:+.{2 if kpi == 'sentiment' else 1}f} {unit}")
            sign = "≤" if better == "lower" else "≥"
            rows.append({"stage": target.stage, "kpi": kpi, "target": goal, "better": better, "current": current,
                         "ci_low": low, "ci_high": high, "n": int(r[n]) if r is not None else 0, "gap": gap,
                         "status": status, "gap_text": gap_text,
                         "target_text": f"{sign} {goal:+.2f}" if kpi == "sentiment" else f"{sign} {100 * goal:g}%",
                         "anchor": r["anchor"] if r is not None and "anchor" in r else ""})
    return pd.DataFrame(rows, columns=TARGET_COLUMNS)
