"""The change tests: proportions (Newcombe + two-proportion test), NPS, bootstrap over people."""
from __future__ import annotations

import math

import numpy as np
import pytest

from workbench.waves.inference import bootstrap_mean_change, nps_change, proportion_change


def test_proportion_change_matches_newcombe_example():
    # Newcombe (1998) Table II example (56/70 vs 48/80): difference 0.2 with interval 0.0524-0.3339,
    # here as after - before with before = 48/80 and after = 56/70.
    res = proportion_change(48, 80, 56, 70)
    assert res["change"] == pytest.approx(0.2)
    assert res["ci_low"] == pytest.approx(0.0524, abs=5e-4)
    assert res["ci_high"] == pytest.approx(0.3339, abs=5e-4)
    assert res["p_value"] < 0.05


def test_no_change_gives_large_p_and_interval_through_zero():
    res = proportion_change(100, 1000, 101, 1000)
    assert res["ci_low"] < 0 < res["ci_high"]
    assert res["p_value"] > 0.5


def test_empty_side_gives_nan_not_an_error():
    res = proportion_change(0, 0, 5, 10)
    assert math.isnan(res["change"]) and math.isnan(res["p_value"])


def test_nps_change_in_points():
    res = nps_change(40, 20, 100, 60, 10, 100)   # NPS 20 -> 50
    assert (res["before"], res["after"], res["change"]) == pytest.approx((20, 50, 30))
    assert res["ci_low"] > 0 and res["p_value"] < 0.01
    same = nps_change(40, 20, 100, 40, 20, 100)
    assert same["change"] == 0 and same["p_value"] == pytest.approx(1.0)


def test_bootstrap_resamples_people_not_sentences():
    rng = np.random.default_rng(1)
    # One talkative person says 200 positive sentences; four others say one negative each.
    before_v = [0.0] * 40
    before_p = [f"b{i}" for i in range(40)]
    after_v = [0.9] * 200 + [-0.5] * 4
    after_p = ["talker"] * 200 + ["a1", "a2", "a3", "a4"]
    res = bootstrap_mean_change(before_v, before_p, after_v, after_p)
    assert res["n_after"] == 5
    # The mean moves a lot, but with five people the interval is wide and reaches past zero.
    assert res["ci_low"] < 0 < res["ci_high"]
    clear = bootstrap_mean_change(rng.normal(0, .3, 300), np.arange(300), rng.normal(.4, .3, 300), np.arange(300))
    assert clear["ci_low"] > 0.3 and clear["p_value"] <= 1 / 2000 + 1e-12


def test_bootstrap_with_one_person_has_no_interval():
    res = bootstrap_mean_change([0.1, 0.2], ["x", "x"], [0.3], ["y"])
    assert math.isnan(res["ci_low"]) and math.isnan(res["p_value"])
