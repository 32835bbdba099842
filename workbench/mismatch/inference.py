"""The statistics of the mismatch engine: people-level bootstraps, minimum-effect tests, IUT, FDR.

Every interval and test here treats a *person* as the unit of evidence:

* Sentiment means are clause means, but resampled by person (many sentences from one talkative
  person are one view): :func:`mean_draws` draws multinomial weights over people.
* A share of people (who mention, who complain, who gave a good score) has one Bernoulli outcome
  per person, so resampling people is exactly a binomial draw: :func:`share_draws`.
* Drop rates are resampled by user through the journey patterns (:func:`pattern_draws`), so the
  journey's baseline (a median over touchpoints) is recomputed in every resample and its own
  uncertainty is in the interval of "drop above baseline".
* Operational rows are resampled by the user they belong to (:func:`cluster_share_draws`).

Tests are **minimum-effect tests**: the null hypothesis is "the effect is at most the practical
margin", not "the effect is zero", so a significant result already means "larger than a gap worth
reporting" and a huge sample cannot flag a trivial one. Proportions over people use exact binomial
tests; bootstrap statistics use a normal test with the bootstrap standard error (continuous
p-values; a percentile p-value from 2,000 resamples could never be below 1/2001 and would not
survive a Benjamini-Hochberg correction over a few hundred tests).

A kind is a conjunction of components; by the intersection-union principle (Berger 1982) the
p-value of "all components hold" is the largest component p-value. A component that is a
disjunction is not used.
"""
from __future__ import annotations

import math

import numpy as np
from scipy import stats as sps

from ..stats import ALPHA, BOOTSTRAP_RESAMPLES, BOOTSTRAP_SEED, benjamini_hochberg, wilson

__all__ = ["mean_draws", "share_draws", "pattern_draws", "cluster_share_draws", "percentile_interval",
           "greater_than", "less_than", "binomial_greater", "binomial_less", "intersection_union",
           "benjamini_hochberg", "wilson", "BOOTSTRAP_RESAMPLES", "BOOTSTRAP_SEED"]


def mean_draws(values: np.ndarray, people: np.ndarray, resamples: int = BOOTSTRAP_RESAMPLES,
               seed: int = BOOTSTRAP_SEED) -> np.ndarray:
    """Bootstrap draws of the mean of ``values`` resampling whole people; empty when < 2 people."""
    values = np.asarray(values, dtype=float)
    if len(values) == 0:
        return np.array([])
    codes, uniques = _factorize(people)
    k = len(uniques)
    if k < 2:
        return np.array([])
    sums = np.bincount(codes, weights=values, minlength=k)
    counts = np.bincount(codes, minlength=k).astype(float)
    # People with the same (sum, count) are interchangeable: resampling k people is a multinomial
    # over those groups, exact and much faster when many people look alike (0/1 flags).
    groups, multiplicity = np.unique(np.column_stack([sums, counts]), axis=0, return_counts=True)
    weights = np.random.default_rng(seed).multinomial(k, multiplicity / k, size=resamples).astype(float)
    return (weights @ groups[:, 0]) / (weights @ groups[:, 1])


def share_draws(successes: int, n: int, resamples: int = BOOTSTRAP_RESAMPLES, seed: int = BOOTSTRAP_SEED) -> np.ndarray:
    """Bootstrap draws of a share of people: resampling n people is a Binomial(n, k/n) count."""
    if n <= 0:
        return np.array([])
    return np.random.default_rng(seed).binomial(int(n), successes / n, size=resamples) / n


def pattern_draws(counts: np.ndarray, resamples: int = BOOTSTRAP_RESAMPLES, seed: int = BOOTSTRAP_SEED) -> np.ndarray:
    """Resampled user counts per journey pattern (resamples x patterns): resampling N users with
    replacement is a multinomial draw over the distinct patterns their journeys fall into."""
    counts = np.asarray(counts, dtype=float)
    total = int(counts.sum())
    if total == 0:
        return np.zeros((resamples, len(counts)))
    return np.random.default_rng(seed).multinomial(total, counts / total, size=resamples).astype(float)


def cluster_share_draws(flags: np.ndarray, clusters: np.ndarray, resamples: int = BOOTSTRAP_RESAMPLES,
                        seed: int = BOOTSTRAP_SEED) -> np.ndarray:
    """Bootstrap draws of the share of rows flagged, resampling the clusters (users) rows belong to."""
    return mean_draws(np.asarray(flags, dtype=float), clusters, resamples, seed)


def percentile_interval(draws: np.ndarray) -> tuple[float, float]:
    """95% percentile interval of bootstrap draws; (nan, nan) without draws."""
    draws = np.asarray(draws, dtype=float)
    draws = draws[~np.isnan(draws)]
    if len(draws) == 0:
        return (math.nan, math.nan)
    low, high = np.percentile(draws, [100 * ALPHA / 2, 100 * (1 - ALPHA / 2)])
    return float(low), float(high)


def greater_than(estimate: float, draws: np.ndarray, margin: float) -> float:
    """One-sided p-value for H0: effect <= margin, with the bootstrap standard error."""
    return _normal_p(estimate - margin, draws)


def less_than(estimate: float, draws: np.ndarray, margin: float) -> float:
    """One-sided p-value for H0: effect >= margin (equivalence-style: "at most the margin")."""
    return _normal_p(margin - estimate, draws)


def _normal_p(distance: float, draws: np.ndarray) -> float:
    draws = np.asarray(draws, dtype=float)
    draws = draws[~np.isnan(draws)]
    if math.isnan(distance) or len(draws) < 2:
        return math.nan
    se = float(draws.std(ddof=1))
    if se == 0:
        return 0.0 if distance > 0 else 1.0
    return float(sps.norm.sf(distance / se))


def binomial_greater(k: int, n: int, level: float) -> float:
    """Exact one-sided p-value for H0: share <= level, given k of n people."""
    if n <= 0:
        return math.nan
    return float(sps.binomtest(int(k), int(n), level, alternative="greater").pvalue)


def binomial_less(k: int, n: int, level: float) -> float:
    """Exact one-sided p-value for H0: share >= level, given k of n people."""
    if n <= 0:
        return math.nan
    return float(sps.binomtest(int(k), int(n), level, alternative="less").pvalue)


def intersection_union(p_values) -> float:
    """p-value of "every component holds": the largest component p (nan if any is nan)."""
    p = np.asarray(list(p_values), dtype=float)
    if len(p) == 0 or np.isnan(p).any():
        return math.nan
    return float(p.max())


def _factorize(labels) -> tuple[np.ndarray, np.ndarray]:
    uniques, codes = np.unique(np.asarray([str(x) for x in labels]), return_inverse=True)
    return codes, uniques
