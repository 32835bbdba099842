"""The demo's two waves: every planted change is found in the right direction, nothing else is.

demo-shop-2026q2 (earlier) vs demo-shop (later); what is planted is in
corpora/demo-shop-2026q2/PLANTED.md. One comparison (persona all) is shared by the tests.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from workbench.study import load_study
from workbench.waves import CHANGES_COLUMNS, compare_studies

CORPORA = Path(__file__).resolve().parents[2] / "corpora"
PLANTED_DROP = {"checkout": "better", "size-guide": "worse", "shipping-cost": "none", "loyalty-points": "none"}


@pytest.fixture(scope="module")
def comparison():
    return compare_studies(load_study(CORPORA / "demo-shop-2026q2"), load_study(CORPORA / "demo-shop"), "all")


def _row(changes, touchpoint, measure):
    rows = changes[(changes["touchpoint"] == touchpoint) & (changes["measure"] == measure)]
    assert len(rows) == 1
    return rows.iloc[0]


def test_changes_csv_has_the_contract_columns(comparison):
    changes = comparison.changes
    assert list(changes.columns) == CHANGES_COLUMNS
    assert set(changes["direction"]) <= {"better", "worse", "none"}
    tested = changes.dropna(subset=["p_value"])
    assert (tested["q_value"] >= tested["p_value"] - 1e-12).all()
    assert ((tested["ci_low"] <= tested["change"]) & (tested["change"] <= tested["ci_high"])).all()


@pytest.mark.parametrize("touchpoint, expected", sorted(PLANTED_DROP.items()))
def test_planted_drop_rate_changes(comparison, touchpoint, expected):
    row = _row(comparison.changes, touchpoint, "drop_rate")
    assert row["direction"] == expected
    if expected == "none":
        assert row["q_value"] >= 0.05


def test_the_fix_that_did_not_work_stays_above_baseline(comparison):
    row = _row(comparison.changes, "shipping-cost", "drop_rate")
    assert row["before"] > 2 * row["baseline_before"] and row["after"] > 2 * row["baseline_after"]


def test_nothing_else_is_flagged(comparison):
    c = comparison.changes
    drops = c[(c["measure"] == "drop_rate") & ~c["touchpoint"].isin(PLANTED_DROP)]
    assert (drops["direction"] == "none").all(), drops[drops["direction"] != "none"]
    unplanted = c[c["measure"].isin(["sentiment", "share_negative", "nps", "csat_satisfied", "ces_low_effort",
                                     "share_missing_target", "conversion"])]
    assert (unplanted["direction"] == "none").all(), unplanted[unplanted["direction"] != "none"]


def test_say_versus_do_findings_gone_and_new(comparison):
    status = {(r.touchpoint, r.kind): r.status for r in comparison.mismatches.itertuples()}
    assert status[("checkout", "said-positive-did-drop")] == "gone"
    assert status[("size-guide", "silent-friction")] == "new"
    assert status[("shipping-cost", "said-positive-did-drop")] == "still"
    assert status[("support-chat", "score-high-operations-miss")] == "still"
