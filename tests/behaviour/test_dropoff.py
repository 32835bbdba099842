from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from workbench.behaviour import dropoff_table, population_summary
from workbench.behaviour.dropoff import MIN_RATIO_TO_BASELINE
from workbench.config import load_study_config
from workbench.exceptions import InputError

# Worked out user by user in fixtures/README.md.
EXPECTED = [  # touchpoint, reached, dropped
    ("ad", 4, 1), ("product", 8, 2), ("size-guide", 2, 1), ("cart", 7, 0),
    ("shipping", 6, 3), ("payment", 3, 1), ("delivery", 1, 0), ("review", 0, 0),
]


@pytest.mark.parametrize("touchpoint, reached, dropped", EXPECTED)
def test_reached_and_dropped_follow_the_contract(tiny, touchpoint, reached, dropped):
    row = dropoff_table(tiny).set_index("touchpoint").loc[touchpoint]
    assert (row["reached"], row["dropped"]) == (reached, dropped)


@pytest.mark.parametrize("persona, touchpoint, reached, dropped", [
    ("busy", "product", 5, 2), ("busy", "shipping", 2, 0), ("bargain", "shipping", 4, 3), ("bargain", "ad", 4, 1),
])
def test_per_persona_counts(tiny, persona, touchpoint, reached, dropped):
    row = dropoff_table(tiny, persona).set_index("touchpoint").loc[touchpoint]
    assert (row["reached"], row["dropped"]) == (reached, dropped)


def test_rates_intervals_and_baseline(tiny):
    table = dropoff_table(tiny, min_users=1).set_index("touchpoint")
    assert table.loc["shipping", "drop_rate"] == pytest.approx(0.5)
    assert table.loc["shipping", "ci_low"] < 0.5 < table.loc["shipping", "ci_high"]
    # median of 1/4, 2/8, 1/2, 0, 3/6, 1/3, 0 over touchpoints reached by >= 1 user
    assert table["baseline"].iloc[0] == pytest.approx(0.25)
    assert table.loc["size-guide", "ratio_to_baseline"] == pytest.approx(2.0)
    assert table["small_sample"].all()
    assert table.loc["review", "reached"] == 0 and table.loc["review", "drop_rate"] != table.loc["review", "drop_rate"]


def test_baseline_needs_enough_users(tiny):
    assert dropoff_table(tiny)["baseline"].isna().all()  # nobody reaches 30 users here


def test_exposed_versus_unexposed_conversion(tiny):
    row = dropoff_table(tiny).set_index("touchpoint").loc["payment"]
    # payment reached by u2, u4, u6 (u2, u6 convert); the 8 others include u9, who converts
    assert (row["exposed_users"], row["exposed_converted"]) == (3, 2)
    assert (row["unexposed_users"], row["unexposed_converted"]) == (8, 1)


@pytest.mark.parametrize("persona, users, converters", [("all", 11, 3), ("bargain", 6, 2), ("busy", 5, 1)])
def test_population(tiny, persona, users, converters):
    summary = population_summary(tiny, persona)
    assert (summary["users"], summary["converters"]) == (users, converters)


def test_unknown_persona_suggests(tiny):
    with pytest.raises(InputError, match="'bussy' is not a persona .*did you mean 'busy'"):
        dropoff_table(tiny, "bussy")


def test_caller_data_not_mutated(tiny):
    first = dropoff_table(tiny)
    first.loc[:, "reached"] = -1
    assert (dropoff_table(tiny)["reached"] >= 0).all()


# ---- practical threshold: above baseline needs the interval above it AND a big enough ratio ----

def _counts(dropped: list[int], reached: int = 100_000) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Synthetic counts for the fixture's 8 touchpoints, one persona, ``reached`` users each."""
    population = pd.DataFrame({"persona": ["bargain"], "users": [reached * 2], "converters": [reached // 2]})
    touchpoints = pd.DataFrame({"persona": "bargain", "tp_ord": range(8), "reached": reached,
                                "reached_converted": reached // 4, "dropped": dropped})
    return population, touchpoints


@pytest.mark.parametrize("dropped_at_4, flagged", [
    (10_800, False),   # 1.08x the 10% baseline: far outside chance at n=100,000, but trivial
    (12_000, False),   # 1.20x: still under MIN_RATIO_TO_BASELINE
    (12_600, True),    # 1.26x with its interval above the baseline
    (40_000, True),
])
def test_above_baseline_needs_a_material_ratio(tiny, dropped_at_4, flagged):
    dropped = [10_000] * 8
    dropped[4] = dropped_at_4
    table = dropoff_table(tiny, counts=_counts(dropped)).set_index("touchpoint")
    row = table.loc["shipping"]
    assert row["baseline"] == pytest.approx(0.10)
    assert row["ci_low"] > row["baseline"]          # "significant" in every case
    assert row["ratio_to_baseline"] == pytest.approx(dropped_at_4 / 10_000)   # raw numbers kept
    assert bool(row["above_baseline"]) is flagged
    assert not table.drop(index="shipping")["above_baseline"].any()


def test_material_ratio_without_enough_evidence_is_not_flagged(tiny):
    dropped = [10] * 8
    dropped[4] = 15                                 # 1.5x, but 15 of 100: the interval spans the baseline
    row = dropoff_table(tiny, counts=_counts(dropped, reached=100)).set_index("touchpoint").loc["shipping"]
    assert row["ratio_to_baseline"] >= MIN_RATIO_TO_BASELINE and row["ci_low"] < row["baseline"]
    assert not row["above_baseline"]


DEMO = Path(__file__).resolve().parents[2] / "corpora" / "demo-shop"
HEALTHY = ["social-ads", "search", "product-page", "cart", "checkout", "delivery", "packaging", "support-chat",
           "returns", "review-request", "loyalty-points"]


@pytest.mark.skipif(not (DEMO / "behaviour").is_dir(), reason="demo study's events not generated")
@pytest.mark.parametrize("persona, planted, healthy", [
    ("all", ["shipping-cost", "size-guide"], HEALTHY),             # payment 1.9x here: busy parents pull it up
    ("bargain-hunter", ["shipping-cost", "size-guide"], HEALTHY + ["payment"]),
    ("busy-parent", ["shipping-cost", "size-guide", "payment"], HEALTHY),
    ("loyal-regular", ["shipping-cost", "size-guide"], HEALTHY + ["payment"]),
])
def test_demo_flags_the_planted_drop_offs_and_no_healthy_touchpoint(persona, planted, healthy):
    table = dropoff_table(load_study_config(DEMO), persona).set_index("touchpoint")
    flagged = set(table.index[table["above_baseline"]])
    assert set(planted) <= flagged
    assert not flagged & set(healthy), f"healthy touchpoints flagged for {persona}: {flagged & set(healthy)}"
