"""The change tests: proportions (Newcombe + two-proportion test), NPS, people-level tests for sentiment
(permutation p, bootstrap interval, none below MIN_PEOPLE_TO_TEST people a wave)."""
from __future__ import annotations

import math

import numpy as np
import pytest

from workbench.waves.compare import changes_table
from workbench.waves.inference import (MIN_PEOPLE_TO_TEST, PERMUTATIONS, TOO_FEW_PEOPLE, bootstrap_mean_change,
                                       nps_change, permutation_p, proportion_change)
from workbench.waves.measures import Measure


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
    assert clear["ci_low"] > 0.3 and clear["p_value"] == pytest.approx(1 / (PERMUTATIONS + 1))


@pytest.mark.parametrize("people_before", [1, MIN_PEOPLE_TO_TEST - 1])
def test_too_few_people_is_not_tested(people_before):
    before_p = [f"b{i}" for i in range(people_before)]
    after_p = [f"a{i}" for i in range(40)]
    res = bootstrap_mean_change([-0.9] * people_before, before_p, [0.9] * 40, after_p)
    assert res["change"] == pytest.approx(1.8)
    assert math.isnan(res["ci_low"]) and math.isnan(res["p_value"]) and res["note"] == TOO_FEW_PEOPLE


def test_permutation_p_is_exact_for_few_people():
    # 3 against 3 people, all of one wave above all of the other: 2 of the C(6, 3) = 20 splits are as extreme
    p = permutation_p(np.array([1., 2, 3]), np.ones(3), np.array([4., 5, 6]), np.ones(3))
    assert p == pytest.approx(2 / 20)
    # a talkative person's sentences move together: 10 sentences of one person are one unit
    p = permutation_p(np.array([1., 2, 3]), np.ones(3), np.array([40., 5, 6]), np.array([10., 1, 1]))
    assert p >= 2 / 20


def test_permutation_p_holds_its_level_where_the_bootstrap_did_not():
    """Identical waves of 27 and 26 people (answers from the same 12 templates, as in the demo's
    surveys): the permutation test rejects about 5% of the time at 0.05 and about 1% at 0.01."""
    rng = np.random.default_rng(7)
    templates = rng.choice([0.0, 0.2960, 0.3182, 0.3400, 0.3612, 0.4404, 0.4754, 0.5106, 0.6486], 12)
    ps = []
    for _ in range(300):
        b, a = rng.choice(templates, 27), rng.choice(templates, 26)
        ps.append(permutation_p(b, np.ones(27), a, np.ones(26), permutations=2000, seed=int(rng.integers(1 << 30))))
    ps = np.array(ps)
    assert (ps < 0.05).mean() < 0.05 + 3 * math.sqrt(0.05 * 0.95 / 300)
    assert (ps < 0.01).mean() < 0.01 + 3 * math.sqrt(0.01 * 0.99 / 300)


def _voice(values, tp="t1", measure="sentiment"):
    return Measure(tp, "s1", measure, values=list(values), people=[f"p{i}" for i in range(len(values))])


def test_voice_changes_are_corrected_apart_from_the_funnel():
    """Many large behaviour changes must not lower the bar for a chance voice difference: BH runs
    within 'say' (voice) and within 'do' (behaviour, scores, operations)."""
    rng = np.random.default_rng(3)
    before = [Measure(f"t{i}", "s1", "reach", x=100, n=1000) for i in range(12)]
    after = [Measure(f"t{i}", "s1", "reach", x=300, n=1000) for i in range(12)]
    before += [Measure(f"t{i}", "s1", "reach", x=100, n=1000) for i in range(12, 40)]
    after += [Measure(f"t{i}", "s1", "reach", x=100, n=1000) for i in range(12, 40)]
    # one voice difference at p ~ 0.002 among 45 voice rows (as many as a demo persona has) that do not change
    before.append(_voice(rng.normal(0.4, 0.15, 27), "v0"))
    after.append(_voice(rng.normal(0.4, 0.15, 26) - 0.13, "v0"))
    for k in range(1, 45):
        same = rng.normal(0.3, 0.15, 30)
        before.append(_voice(same, f"v{k}"))
        after.append(_voice(same[::-1], f"v{k}"))
    table = changes_table(before, after)
    assert set(table["family"]) == {"say", "do"}
    v0 = table[table["touchpoint"] == "v0"].iloc[0]
    assert v0["p_value"] < 0.01 and v0["q_value"] >= 0.05 and v0["direction"] == "none"
    pooled_rank = int((table["p_value"] <= v0["p_value"]).sum())
    assert v0["p_value"] * table["p_value"].notna().sum() / pooled_rank < 0.05   # pooled BH would have flagged it
    reach = table[table["measure"] == "reach"]
    assert reach["detected"].sum() == 12
    assert (table["note"] == "").all()
