from __future__ import annotations

import pytest

from workbench.behaviour import kpis, operations_table, persona_comparisons, weekly_retention


@pytest.mark.parametrize("persona, kpi, count, n", [
    ("all", "conversion", 3, 11), ("all", "bounce", 4, 14), ("all", "cart abandonment", 5, 7),
    ("all", "repeat purchase", 1, 3), ("all", "email open", 2, 4), ("busy", "cart abandonment", 2, 3),
    ("bargain", "email click-through", 0, 2),
])
def test_kpis(tiny, persona, kpi, count, n):
    row = kpis(tiny, persona).set_index("kpi").loc[kpi]
    assert (row["count"], row["n"]) == (count, n)
    assert row["ci_low"] <= row["rate"] <= row["ci_high"]


def test_weekly_retention(tiny):
    table = weekly_retention(tiny)
    assert str(table["cohort_week"].iloc[0]) == "2026-06-29"  # the Monday before 1 July 2026
    assert table.set_index("weeks_later").loc[1, ["cohort_users", "retained"]].tolist() == [3, 1]  # u6


@pytest.mark.parametrize("persona, column, n, median, missed", [
    ("all", "wait_minutes", 4, 6.0, 2), ("bargain", "wait_minutes", 2, 5.5, 1), ("all", "opened", 4, 0.5, 2),
])
def test_operations_against_targets(tiny, persona, column, n, median, missed):
    row = operations_table(tiny, persona).set_index("column").loc[column]
    assert (row["n"], row["median"], row["missed"]) == (n, median, missed)


def test_operations_rate_meets_target(tiny):
    table = operations_table(tiny).set_index("column")
    assert table.loc["opened", "kind"] == "rate" and table.loc["opened", "meets_target"]
    assert table.loc["wait_minutes", "missing_values"] == 1 and not table.loc["wait_minutes", "meets_target"]


def test_persona_comparisons_are_bh_adjusted(tiny):
    table = persona_comparisons(tiny)
    assert set(table["measure"]) == {"conversion", "drop_rate"}
    assert (table["q_value"] >= table["p_value"]).all()
    row = table[(table["touchpoint"] == "shipping") & (table["persona"] == "bargain")].iloc[0]
    assert (row["count"], row["n"], row["rest_count"], row["rest_n"]) == (3, 4, 0, 2)
