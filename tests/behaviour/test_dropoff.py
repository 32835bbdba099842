from __future__ import annotations

import pytest

from workbench.behaviour import dropoff_table, population_summary
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
