"""How one row of changes.csv is written: the measure's name, its values and the change.

Shared by the journey map's change markers and the comparison chapter so both say the same thing.
Proportions are written as percentages and their changes in percentage points; NPS in points;
sentiment (a mean compound score in [-1, 1]) with two decimals.
"""
from __future__ import annotations

import math

from ..formats import _f, pct, q_text
from .measures import MEASURES

MEASURE_LABELS = {
    "sentiment": "sentiment", "share_negative": "share negative", "mention_rate": "mention rate",
    "drop_rate": "drop rate", "reach": "reach", "conversion": "conversion", "nps": "NPS",
    "csat_satisfied": "CSAT satisfied", "ces_low_effort": "CES low effort",
    "share_missing_target": "share missing target", "theme_share": "theme share",
}
ARROWS = {"up": "▲", "down": "▼"}
DIRECTION_TEXT = {"better": "better", "worse": "worse", "none": "no detectable change"}


def measure_label(measure: str) -> str:
    return MEASURE_LABELS.get(measure, measure.replace("_", " "))


def _family(measure: str) -> str:
    return MEASURES.get(measure, ("proportion", None))[0]


def value_text(measure: str, value) -> str:
    """One wave's value: ``30.1%``, ``NPS 12`` or ``0.24``."""
    v = _f(value)
    if math.isnan(v):
        return "–"
    family = _family(measure)
    if family == "nps":
        return f"{v:.0f}"
    if family == "mean" and measure == "sentiment":
        return f"{v:+.2f}"
    return pct(v, 1)


def change_text(measure: str, change) -> str:
    """The change: ``−15.9 pts`` (proportions, NPS) or ``+0.12`` (sentiment)."""
    v = _f(change)
    if math.isnan(v):
        return "–"
    if _family(measure) == "nps":
        return f"{v:+.1f} pts"
    if measure == "sentiment":
        return f"{v:+.2f}"
    return f"{100 * v:+.1f} pts"


def interval_text(measure: str, low, high) -> str:
    lo, hi = _f(low), _f(high)
    if math.isnan(lo) or math.isnan(hi):
        return "no interval"
    return f"{change_text(measure, lo)} to {change_text(measure, hi)}"


def arrow(change) -> str:
    v = _f(change)
    return "" if math.isnan(v) or v == 0 else ARROWS["up" if v > 0 else "down"]


def marker_text(row) -> str:
    """``▼ drop rate −15.9 pts (30.1% → 14.2%), better``: one map marker from a changes.csv row."""
    m = row["measure"]
    return (f"{arrow(row['change'])} {measure_label(m)} {change_text(m, row['change'])} "
            f"({value_text(m, row['before'])} → {value_text(m, row['after'])}), "
            f"{DIRECTION_TEXT.get(row['direction'], row['direction'])}")


def marker_detail(row) -> str:
    """The marker's detail line: the interval, q and both samples."""
    m = row["measure"]
    return (f"95% interval {interval_text(m, row['ci_low'], row['ci_high'])}; {q_text(row['q_value'])}; "
            f"n {count_text(row['n_before'])} → {count_text(row['n_after'])}")


def count_text(n) -> str:
    v = _f(n)
    return "–" if math.isnan(v) else f"{int(v):,}"
