"""Tests for one change between two waves: a difference with its 95% interval and a p-value.

- proportions (drop rate, reach, conversion, CSAT / CES shares, share missing a target): difference
  with a 95% Newcombe interval (hybrid Wilson score, Newcombe 1998 method 10, from the package's
  Wilson bounds) and :func:`workbench.stats.two_proportion_test`;
- NPS: difference of (promoters - detractors) with the multinomial variance of each wave's score;
- means and shares over people's sentences (sentiment, share negative): a bootstrap over people,
  each wave resampled by person independently, percentile interval and a two-sided bootstrap p.
"""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
import scipy.stats as sps

from ..stats import ALPHA, BOOTSTRAP_RESAMPLES, BOOTSTRAP_SEED, two_proportion_test, wilson

Z95 = float(sps.norm.ppf(1 - ALPHA / 2))
NAN = math.nan


def proportion_change(x_before: int, n_before: int, x_after: int, n_after: int) -> dict:
    """after - before for two proportions: Newcombe interval and a two-proportion test."""
    if n_before <= 0 or n_after <= 0:
        return dict(before=NAN if n_before <= 0 else x_before / n_before,
                    after=NAN if n_after <= 0 else x_after / n_after,
                    change=NAN, ci_low=NAN, ci_high=NAN, p_value=NAN)
    p1, p2 = x_before / n_before, x_after / n_after
    l1, u1 = wilson(x_before, n_before)
    l2, u2 = wilson(x_after, n_after)
    d = p2 - p1
    low = d - math.sqrt((p2 - l2) ** 2 + (u1 - p1) ** 2)
    high = d + math.sqrt((u2 - p2) ** 2 + (p1 - l1) ** 2)
    return dict(before=p1, after=p2, change=d, ci_low=low, ci_high=high,
                p_value=two_proportion_test(x_before, n_before, x_after, n_after))


def nps_change(good_before: int, bad_before: int, n_before: int, good_after: int, bad_after: int,
               n_after: int) -> dict:
    """after - before of NPS in points, with a normal interval and z test from the multinomial variance."""
    if n_before <= 0 or n_after <= 0:
        return dict(before=NAN, after=NAN, change=NAN, ci_low=NAN, ci_high=NAN, p_value=NAN)

    def score_var(g, b, n):
        p, q = g / n, b / n
        return p - q, max(p + q - (p - q) ** 2, 0.0) / n

    s1, v1 = score_var(good_before, bad_before, n_before)
    s2, v2 = score_var(good_after, bad_after, n_after)
    d, se = s2 - s1, math.sqrt(v1 + v2)
    p = 1.0 if se == 0 and d == 0 else (0.0 if se == 0 else float(2 * sps.norm.sf(abs(d) / se)))
    return dict(before=100 * s1, after=100 * s2, change=100 * d, ci_low=100 * (d - Z95 * se),
                ci_high=100 * (d + Z95 * se), p_value=p)


def _person_totals(values, people) -> tuple[np.ndarray, np.ndarray]:
    frame = pd.DataFrame({"v": pd.to_numeric(pd.Series(list(values)), errors="coerce"),
                          "c": list(people)}).dropna()
    grouped = frame.groupby("c", sort=True)["v"]
    return grouped.sum().to_numpy(float), grouped.count().to_numpy(float)


def _draws(sums: np.ndarray, counts: np.ndarray, rng: np.random.Generator, resamples: int) -> np.ndarray:
    k = len(sums)
    weights = rng.multinomial(k, np.full(k, 1 / k), size=resamples).astype(float)
    with np.errstate(invalid="ignore", divide="ignore"):
        return (weights @ sums) / (weights @ counts)


def bootstrap_mean_change(values_before, people_before, values_after, people_after,
                          resamples: int = BOOTSTRAP_RESAMPLES, seed: int = BOOTSTRAP_SEED) -> dict:
    """after - before of a mean over sentences, resampling people in each wave (a cluster bootstrap).

    n_before / n_after are the numbers of people. The p-value is the two-sided bootstrap p
    (twice the smaller share of draws on either side of 0); nan with fewer than two people a side.
    """
    s1, c1 = _person_totals(values_before, people_before)
    s2, c2 = _person_totals(values_after, people_after)
    before = float(s1.sum() / c1.sum()) if c1.sum() else NAN
    after = float(s2.sum() / c2.sum()) if c2.sum() else NAN
    out = dict(before=before, after=after, change=after - before, ci_low=NAN, ci_high=NAN, p_value=NAN,
               n_before=len(s1), n_after=len(s2))
    if len(s1) < 2 or len(s2) < 2:
        return out
    rng = np.random.default_rng(seed)
    diff = _draws(s2, c2, rng, resamples) - _draws(s1, c1, rng, resamples)
    diff = diff[~np.isnan(diff)]
    low, high = np.percentile(diff, [100 * ALPHA / 2, 100 * (1 - ALPHA / 2)])
    p = 2 * min((diff <= 0).mean(), (diff >= 0).mean())
    # A bootstrap cannot resolve p below 1 / resamples; report that floor rather than 0.
    out.update(ci_low=float(low), ci_high=float(high), p_value=float(min(1.0, max(p, 1 / resamples))))
    return out
