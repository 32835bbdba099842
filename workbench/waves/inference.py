"""Tests for one change between two waves: a difference with its 95% interval and a p-value.

- proportions (drop rate, reach, conversion, CSAT / CES shares, share missing a target): difference
  with a 95% Newcombe interval (hybrid Wilson score, Newcombe 1998 method 10, from the package's
  Wilson bounds) and :func:`workbench.stats.two_proportion_test`;
- NPS: difference of (promoters - detractors) with the multinomial variance of each wave's score;
- means and shares over people's sentences (sentiment, share negative): a permutation test over
  people (each person's sentences move together between the waves; exact when the splits are few)
  for the p-value, and a bootstrap over people (each wave resampled by person) for the percentile
  interval. With fewer than :data:`MIN_PEOPLE_TO_TEST` people in either wave there is no test and
  no interval: the change is reported as "too few people to test".

Why a permutation test and not the bootstrap's own p: the percentile bootstrap's tail is too thin
at a few dozen people (it under-covers by about sqrt((n-1)/n) and cannot resolve p below
1/resamples). On the demo it gave p = 0.0005 (its floor) for busy-parent's shipping-cost sentiment,
27 people against 26 answering from the same template pools, where the permutation test gives 0.004
and Welch's t 0.002; with 0.0005 the change survived the correction as "worse" though nothing was
planted there.
"""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
import scipy.stats as sps

from ..resampling import people_weights_pair, split_masks
from ..stats import ALPHA, BOOTSTRAP_RESAMPLES, BOOTSTRAP_SEED, two_proportion_test, wilson

Z95 = float(sps.norm.ppf(1 - ALPHA / 2))
NAN = math.nan
# Below 5 people in a wave no sentiment change is tested: with 4 and 4 people the permutation test
# has only C(8, 4) = 70 splits (smallest two-sided p 2/70 = 0.029), which no Benjamini-Hochberg
# correction over the ~100 changes of a comparison lets through, and a bootstrap over 4 people has
# at most 35 distinct resamples, too few for a percentile interval.
MIN_PEOPLE_TO_TEST = 5
# 10,000 random splits: the Monte Carlo standard error of p = 0.01 is 0.001, and the smallest
# reportable p, 1/10,001, stays far below the BH threshold of the first of ~100 changes (0.0005).
PERMUTATIONS = 10_000
PERMUTATION_SEED = 20261201
TOO_FEW_PEOPLE = "too few people to test"
PERMUTATION_CHUNK = 2_000


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


def _draws(sums: np.ndarray, counts: np.ndarray, weights: np.ndarray) -> np.ndarray:
    with np.errstate(invalid="ignore", divide="ignore"):
        return (weights @ sums) / (weights @ counts)


def permutation_p(sums_before: np.ndarray, counts_before: np.ndarray, sums_after: np.ndarray,
                  counts_after: np.ndarray, permutations: int = PERMUTATIONS, seed: int = PERMUTATION_SEED) -> float:
    """Two-sided permutation p of after - before of a pooled mean, moving whole people between waves.

    Exact (every split of the people into waves of the observed sizes) when there are at most
    ``permutations`` splits; otherwise ``permutations`` random splits with p = (1 + hits) / (1 + draws)
    (Phipson and Smyth 2010), which is never 0.
    """
    sums, counts = np.r_[sums_before, sums_after], np.r_[counts_before, counts_after]
    k, k_after = len(sums), len(sums_after)
    total_s, total_c = sums.sum(), counts.sum()
    observed = sums_after.sum() / counts_after.sum() - sums_before.sum() / counts_before.sum()
    # a relative tolerance so that splits equal to the observed one up to rounding count as hits
    threshold = abs(observed) * (1 - 1e-9) - 1e-12

    def hits(masks: np.ndarray) -> int:
        s_a, c_a = masks @ sums, masks @ counts
        with np.errstate(invalid="ignore", divide="ignore"):
            diff = s_a / c_a - (total_s - s_a) / (total_c - c_a)
        return int((np.abs(diff) >= threshold).sum())

    # the splits depend only on the sizes and the seed: drawn once per process (workbench.resampling);
    # chunks bound the memory at any k
    exact, chunks = split_masks(k, k_after, permutations, seed, PERMUTATION_CHUNK)
    found = sum(hits(masks) for masks in chunks)
    return found / math.comb(k, k_after) if exact else (1 + found) / (1 + permutations)


def bootstrap_mean_change(values_before, people_before, values_after, people_after,
                          resamples: int = BOOTSTRAP_RESAMPLES, seed: int = BOOTSTRAP_SEED,
                          permutations: int = PERMUTATIONS) -> dict:
    """after - before of a mean over sentences, tested over people.

    The interval resamples people in each wave (a cluster bootstrap, percentile); the p-value is a
    permutation test over people (:func:`permutation_p`). n_before / n_after are the numbers of
    people; with fewer than :data:`MIN_PEOPLE_TO_TEST` a side the interval and p are nan and
    ``note`` says "too few people to test".
    """
    s1, c1 = _person_totals(values_before, people_before)
    s2, c2 = _person_totals(values_after, people_after)
    before = float(s1.sum() / c1.sum()) if c1.sum() else NAN
    after = float(s2.sum() / c2.sum()) if c2.sum() else NAN
    out = dict(before=before, after=after, change=after - before, ci_low=NAN, ci_high=NAN, p_value=NAN,
               n_before=len(s1), n_after=len(s2), note="")
    if min(len(s1), len(s2)) < MIN_PEOPLE_TO_TEST:
        out["note"] = TOO_FEW_PEOPLE
        return out
    # one generator draws the later wave's weights, then the earlier wave's (workbench.resampling)
    w_after, w_before = people_weights_pair(len(s2), len(s1), resamples, seed)
    diff = _draws(s2, c2, w_after) - _draws(s1, c1, w_before)
    diff = diff[~np.isnan(diff)]
    low, high = np.percentile(diff, [100 * ALPHA / 2, 100 * (1 - ALPHA / 2)])
    out.update(ci_low=float(low), ci_high=float(high), p_value=float(permutation_p(s1, c1, s2, c2, permutations)))
    return out
