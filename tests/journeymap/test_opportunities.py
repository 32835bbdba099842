"""Opportunities ranked by severity (people affected x gap), each naming its owner, no double counting."""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from workbench.config import load_study_config
from workbench.journeymap.opportunities import opportunities

CONFIG = load_study_config(Path(__file__).resolve().parents[1] / "fixtures" / "tiny-study")

# drop rates against a 10% baseline: payment 3x (material), product 1.1x (not material)
TOUCHPOINTS = pd.DataFrame({
    "touchpoint": ["ads", "product", "shipping-cost", "payment", "support"],
    "label": ["Ads", "Product", "Shipping cost", "Payment", "Support"],
    "stage": ["discover", "discover", "buy", "buy", "after"],
    "reached": [100, 1000, 200, 500, 50], "drop_rate": [0.1, 0.11, 0.5, 0.3, 0.1], "baseline": [0.1] * 5,
    "ratio_to_baseline": [1.0, 1.1, 5.0, 3.0, 1.0], "above_baseline": [False, True, True, True, False],
    "anchor": ["a1", "a2", "a3", "a4", "a5"]})
OPERATIONS = pd.DataFrame({"touchpoint": ["support"], "stage": ["after"], "table": ["tickets"],
                           "column": ["wait_minutes"], "n": [40], "meets_target": [False],
                           "share_missing_target": [0.5], "anchor": ["o1"]})
MISMATCHES = pd.DataFrame({"touchpoint": ["shipping-cost"], "stage": ["buy"], "kind": ["silent-friction"],
                           "severity": [80.0], "effect": [40.0], "label": ["Shipping cost"], "owner": ["Operations"],
                           "anchor": ["m1"]})


def test_ranked_by_severity_with_owners():
    opp = opportunities(CONFIG, TOUCHPOINTS, OPERATIONS, MISMATCHES)
    assert opp["rank"].tolist() == list(range(1, len(opp) + 1))
    assert opp["severity"].is_monotonic_decreasing
    # payment: 500 x (0.3 - 0.1) = 100 > mismatch 80 > support: 50 users x 0.5 = 25
    assert opp[["touchpoint", "owner", "source"]].values.tolist() == [
        ["payment", "Finance", "drop-off"], ["shipping-cost", "Operations", "mismatch"],
        ["support", "Customer Service", "operations"]]


def test_drop_already_named_by_a_mismatch_is_not_counted_twice():
    opp = opportunities(CONFIG, TOUCHPOINTS, OPERATIONS, MISMATCHES)
    assert (opp["touchpoint"] == "shipping-cost").sum() == 1


def test_immaterial_drop_is_not_an_opportunity():
    opp = opportunities(CONFIG, TOUCHPOINTS, OPERATIONS, MISMATCHES)
    assert "product" not in set(opp["touchpoint"])


def test_nothing_to_do_gives_an_empty_table():
    calm = TOUCHPOINTS.assign(above_baseline=False)
    opp = opportunities(CONFIG, calm, OPERATIONS.assign(meets_target=True), MISMATCHES.iloc[0:0])
    assert opp.empty
