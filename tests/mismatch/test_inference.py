"""The engine's statistics: people-level bootstraps, minimum-effect tests, intersection-union."""
from __future__ import annotations

import math

import numpy as np
import pytest

from workbench.mismatch import inference as inf


def test_mean_draws_resample_people_not_sentences():
    # one talkative person (10 clauses at +1) and nine people with one clause at -1 each
    values = np.array([1.0] * 10 + [-1.0] * 9)
    people = np.array(["talker"] * 10 + [f"p{i}" for i in range(9)])
    draws = inf.mean_draws(values, people, resamples=4000, seed=1)
    # sentence bootstrap would centre on 1/19; a person bootstrap is much wider because the talker
    # is in or out as a whole
    assert draws.std() > 0.25
    naive = np.random.default_rng(1).choice(values, size=(4000, len(values))).mean(axis=1)
    assert draws.std() > 1.5 * naive.std()


def test_mean_draws_grouping_is_exact_for_identical_people():
    flags = np.array([1, 0, 0, 1, 1, 0, 0, 0] * 50, dtype=float)
    people = np.arange(len(flags)).astype(str)
    draws = inf.mean_draws(flags, people, resamples=5000, seed=3)
    assert draws.mean() == pytest.approx(flags.mean(), abs=0.005)
    assert draws.std() == pytest.approx(math.sqrt(flags.mean() * (1 - flags.mean()) / len(flags)), rel=0.08)


@pytest.mark.parametrize("values, people", [([], []), ([0.5, 0.7], ["a", "a"])])
def test_mean_draws_empty_below_two_people(values, people):
    assert len(inf.mean_draws(np.array(values), np.array(people))) == 0


@pytest.mark.parametrize("estimate, sd, margin, expected", [
    (0.30, 0.05, 0.05, 1 - 0.99999971),   # z = 5
    (0.10, 0.05, 0.05, 0.1587),           # z = 1
    (0.05, 0.05, 0.05, 0.5),              # on the margin
    (0.00, 0.05, 0.05, 0.8413),           # below the margin
])
def test_greater_than_is_a_minimum_effect_test(estimate, sd, margin, expected):
    draws = np.random.default_rng(0).normal(estimate, sd, 200_000)
    draws = (draws - draws.mean()) / draws.std(ddof=1) * sd + estimate
    assert inf.greater_than(estimate, draws, margin) == pytest.approx(expected, abs=1e-3)
    assert inf.less_than(estimate, draws, margin) == pytest.approx(1 - expected, abs=1e-3)


def test_greater_than_without_spread_or_draws():
    assert inf.greater_than(0.3, np.full(10, 0.3), 0.1) == 0.0
    assert inf.greater_than(0.0, np.full(10, 0.0), 0.1) == 1.0
    assert math.isnan(inf.greater_than(0.3, np.array([]), 0.1))


@pytest.mark.parametrize("k, n, level, expected", [
    (0, 59, 0.05, 0.95 ** 59),     # zero mentions of 59: just below 0.05
    (0, 58, 0.05, 0.95 ** 58),     # of 58: just above
    (10, 10, 0.5, 0.5 ** 10),
])
def test_binomial_tests_are_exact(k, n, level, expected):
    if k == 0:
        assert inf.binomial_less(k, n, level) == pytest.approx(expected)
    else:
        assert inf.binomial_greater(k, n, level) == pytest.approx(expected)


@pytest.mark.parametrize("ps, expected", [([0.01, 0.2], 0.2), ([1e-9, 1e-3, 0.04], 0.04), ([0.01, math.nan], math.nan),
                                          ([], math.nan)])
def test_intersection_union_takes_the_largest_p(ps, expected):
    got = inf.intersection_union(ps)
    assert (math.isnan(got) and math.isnan(expected)) or got == expected


def test_pattern_draws_keep_the_total_and_the_shares():
    counts = np.array([700.0, 200.0, 100.0])
    draws = inf.pattern_draws(counts, resamples=3000, seed=5)
    assert (draws.sum(axis=1) == 1000).all()
    assert draws.mean(axis=0) == pytest.approx(counts, rel=0.02)


def test_share_draws_match_the_binomial():
    draws = inf.share_draws(30, 100, resamples=20000, seed=2)
    assert draws.mean() == pytest.approx(0.30, abs=0.003)
    assert draws.std() == pytest.approx(math.sqrt(0.3 * 0.7 / 100), rel=0.03)
    assert inf.percentile_interval(draws)[0] < 0.3 < inf.percentile_interval(draws)[1]
