"""Shared statistics: intervals for rates and means, the cluster bootstrap, FDR correction.

Thin, named wrappers around statsmodels/scipy so every module reports uncertainty the same way.
"""
from __future__ import annotations

import math
from typing import Callable

import numpy as np
import pandas as pd
from scipy import stats as sps
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.proportion import proportion_confint

from .resampling import people_weights

CONFIDENCE = 0.95
ALPHA = 1 - CONFIDENCE
# A rate's sample is flagged "small" below 30 observations: the usual rule of thumb for normal
# approximations, and where a Wilson interval on a 50% rate is still wider than +-17 points.
SMALL_SAMPLE = 30
# 2,000 resamples keep the Monte Carlo error of a 95% percentile bound well under 1% of its width
# (Efron and Tibshirani 1993 recommend 1,000-2,000 for percentile intervals).
BOOTSTRAP_RESAMPLES = 2000
# A fixed seed makes every interval in a report reproducible run to run.
BOOTSTRAP_SEED = 20260701


def wilson(successes: int, n: int) -> tuple[float, float]:
    """95% Wilson score interval for a proportion; (nan, nan) when n is 0."""
    if n <= 0:
        return (math.nan, math.nan)
    low, high = proportion_confint(int(successes), int(n), alpha=ALPHA, method="wilson")
    return float(low), float(high)


def rate(successes: int, n: int) -> dict[str, float]:
    """A proportion with its n, 95% Wilson interval and small-sample flag."""
    low, high = wilson(successes, n)
    return {"n": int(n), "count": int(successes), "rate": successes / n if n else math.nan,
            "ci_low": low, "ci_high": high, "small_sample": n < SMALL_SAMPLE}


def mean_interval(values) -> tuple[float, float, float]:
    """Mean and 95% t interval; nan bounds with fewer than two values."""
    x = np.asarray(pd.to_numeric(pd.Series(values), errors="coerce").dropna(), dtype=float)
    if len(x) == 0:
        return (math.nan, math.nan, math.nan)
    mean = float(x.mean())
    if len(x) < 2 or x.std(ddof=1) == 0:
        return (mean, mean if len(x) >= 2 else math.nan, mean if len(x) >= 2 else math.nan)
    half = float(sps.t.ppf(1 - ALPHA / 2, len(x) - 1) * x.std(ddof=1) / math.sqrt(len(x)))
    return (mean, mean - half, mean + half)


def cluster_bootstrap(values, clusters, statistic: Callable[[np.ndarray], float] = np.mean,
                      resamples: int = BOOTSTRAP_RESAMPLES, seed: int = BOOTSTRAP_SEED) -> tuple[float, float, float]:
    """Estimate and 95% percentile interval, resampling whole clusters (people), not rows.

    Many sentences from one talkative person are not independent evidence; resampling people keeps
    the interval honest. Returns (estimate, low, high); bounds are nan with fewer than two clusters.
    """
    frame = pd.DataFrame({"v": pd.to_numeric(pd.Series(list(values)), errors="coerce"), "c": list(clusters)}).dropna()
    if frame.empty:
        return (math.nan, math.nan, math.nan)
    estimate = float(statistic(frame["v"].to_numpy()))
    codes, uniques = pd.factorize(frame["c"])
    k = len(uniques)
    if k < 2:
        return (estimate, math.nan, math.nan)
    if statistic is np.mean:
        # Fast path: per-cluster sums and counts, resampled with a multinomial weight matrix.
        sums = np.bincount(codes, weights=frame["v"].to_numpy(), minlength=k)
        counts = np.bincount(codes, minlength=k).astype(float)
        # The weights depend only on (k, resamples, seed): drawn once per process (workbench.resampling).
        weights = people_weights(k, resamples, seed)
        draws = (weights @ sums) / (weights @ counts)
    else:
        rng = np.random.default_rng(seed)
        groups = [frame["v"].to_numpy()[codes == i] for i in range(k)]
        draws = np.array([statistic(np.concatenate([groups[j] for j in rng.integers(0, k, k)]))
                          for _ in range(resamples)])
    low, high = np.nanpercentile(draws, [100 * ALPHA / 2, 100 * (1 - ALPHA / 2)])
    return (estimate, float(low), float(high))


def benjamini_hochberg(p_values) -> np.ndarray:
    """Benjamini-Hochberg adjusted p-values (q-values); nan p-values stay nan."""
    p = np.asarray(p_values, dtype=float)
    q = np.full_like(p, np.nan)
    ok = ~np.isnan(p)
    if ok.any():
        q[ok] = multipletests(p[ok], alpha=ALPHA, method="fdr_bh")[1]
    return q


def two_proportion_test(x1: int, n1: int, x2: int, n2: int) -> float:
    """Two-sided p-value that two proportions differ (Fisher's exact test for small counts, else z)."""
    if min(n1, n2) == 0:
        return math.nan
    if min(x1, n1 - x1, x2, n2 - x2) < 5:
        return float(sps.fisher_exact([[x1, n1 - x1], [x2, n2 - x2]])[1])
    pooled = (x1 + x2) / (n1 + n2)
    se = math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
    if se == 0:
        return 1.0
    z = (x1 / n1 - x2 / n2) / se
    return float(2 * sps.norm.sf(abs(z)))
