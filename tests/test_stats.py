"""Shared statistics against known values."""
from __future__ import annotations

import math

import numpy as np
import pytest

from workbench import stats


@pytest.mark.parametrize("x,n,low,high", [
    (0, 10, 0.0, 0.2775),     # Wilson 95% for 0/10 (Newcombe 1998, table I)
    (5, 10, 0.2366, 0.7634),
    (81, 263, 0.2553, 0.3662),
])
def test_wilson_known_values(x, n, low, high):
    got = stats.wilson(x, n)
    assert got == pytest.approx((low, high), abs=1e-4)


def test_rate_flags_small_samples():
    assert stats.rate(3, 10)["small_sample"] and not stats.rate(30, 100)["small_sample"]
    assert math.isnan(stats.rate(0, 0)["rate"])


def test_benjamini_hochberg_matches_hand_computation():
    p = [0.01, 0.04, 0.03, 0.5, float("nan")]
    q = stats.benjamini_hochberg(p)
    # sorted p: .01 .03 .04 .5 (m = 4): q = .04, .0533, .0533, .5
    assert q[:4] == pytest.approx([0.04, 0.05333, 0.05333, 0.5], abs=1e-4)
    assert math.isnan(q[4])


def test_cluster_bootstrap_resamples_people_not_rows():
    # One talkative person with 50 negative sentences, nine people with one positive each.
    values = [-1.0] * 50 + [1.0] * 9
    people = ["loud"] * 50 + [f"p{i}" for i in range(9)]
    estimate, low, high = stats.cluster_bootstrap(values, people)
    naive_width = 2 * 1.96 * np.std(values, ddof=1) / math.sqrt(len(values))
    assert estimate == pytest.approx(np.mean(values))
    assert (high - low) > 2 * naive_width  # far wider than a sentence-level interval


def test_cluster_bootstrap_is_reproducible_and_needs_two_people():
    assert stats.cluster_bootstrap([1, 2, 3], ["a", "b", "c"]) == stats.cluster_bootstrap([1, 2, 3], ["a", "b", "c"])
    assert math.isnan(stats.cluster_bootstrap([1, 2], ["a", "a"])[1])


@pytest.mark.parametrize("x1,n1,x2,n2,significant", [(50, 100, 20, 100, True), (50, 100, 48, 100, False),
                                                     (3, 4, 0, 4, False)])
def test_two_proportion_test(x1, n1, x2, n2, significant):
    assert (stats.two_proportion_test(x1, n1, x2, n2) < 0.05) == significant
