"""NPS, CSAT and CES summaries with 95% intervals."""
from __future__ import annotations

import math

import pandas as pd

from .stats import SMALL_SAMPLE, mean_interval, wilson

# NPS interval: adjusted-Wald on the trinomial (add 3/4 of a promoter and of a detractor, n + 3),
# which keeps its coverage near 95% for small samples (Rocks 2016, "Interval Estimation for the
# Net Promoter Score", The American Statistician 70(4)).
NPS_ADJUST = 0.75
Z95 = 1.959964

SUMMARY_COLUMNS = ["survey", "column", "kind", "about", "n", "measure", "value", "ci_low", "ci_high", "mean",
                   "mean_ci_low", "mean_ci_high", "small_sample"]
MEASURE = {"nps": "NPS (promoters - detractors, %)", "csat": "satisfied (4-5), %", "ces": "low effort (5-7), %"}


def nps_interval(promoters: int, detractors: int, n: int) -> tuple[float, float, float]:
    """NPS in points (-100..100) with its 95% adjusted-Wald interval."""
    if n <= 0:
        return (math.nan, math.nan, math.nan)
    nps = 100 * (promoters - detractors) / n
    n_adj = n + 4 * NPS_ADJUST
    p = (promoters + NPS_ADJUST) / n_adj
    d = (detractors + NPS_ADJUST) / n_adj
    centre = p - d
    se = math.sqrt(max(p + d - centre ** 2, 0) / n_adj)
    low, high = 100 * (centre - Z95 * se), 100 * (centre + Z95 * se)
    # The adjustment pulls the centre toward 0; with very few answers the interval could then miss
    # the observed score, so it is widened to include it (and clipped to the scale).
    return (nps, max(-100.0, min(low, nps)), min(100.0, max(high, nps)))


def summarise_scores(scores: pd.DataFrame) -> pd.DataFrame:
    """One row per survey score column: n, the headline measure with its interval, and the mean."""
    rows = []
    for (survey, column, kind), group in scores.groupby(["survey", "column", "kind"], sort=False):
        n = len(group)
        about = group["touchpoint"].dropna().iloc[0] if group["touchpoint"].notna().any() else (
            group["stage"].dropna().iloc[0] if group["stage"].notna().any() else "overall")
        good, bad = int(group["good"].sum()), int(group["bad"].sum())
        if kind == "nps":
            value, low, high = nps_interval(good, bad, n)
        else:
            low, high = wilson(good, n)
            value, low, high = 100 * good / n, 100 * low, 100 * high
        mean, mean_low, mean_high = mean_interval(group["value"])
        # A t interval on a handful of answers can run off the answer scale; no mean can lie there.
        scale_min, scale_max = float(group["scale_min"].iloc[0]), float(group["scale_max"].iloc[0])
        mean_low, mean_high = max(mean_low, scale_min), min(mean_high, scale_max)
        rows.append((survey, column, kind, about, n, MEASURE[kind], value, low, high, mean, mean_low, mean_high,
                     n < SMALL_SAMPLE))
    return pd.DataFrame(rows, columns=SUMMARY_COLUMNS)
