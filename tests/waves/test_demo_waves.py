"""The demo's two waves: every planted change is found in the right direction, nothing else is.

demo-shop-2026q2 (earlier) vs demo-shop (later); what is planted is in
corpora/demo-shop-2026q2/PLANTED.md. One comparison (persona all) is shared by the tests.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from workbench.study import load_study
from workbench.waves import CHANGES_COLUMNS, compare_studies
from workbench.waves.inference import MIN_PEOPLE_TO_TEST, TOO_FEW_PEOPLE

CORPORA = Path(__file__).resolve().parents[2] / "corpora"
PLANTED_DROP = {"checkout": "better", "size-guide": "worse", "shipping-cost": "none", "loyalty-points": "none"}
# A knock-on of the planted checkout fix, documented in PLANTED.md: fewer abandoned carts mean fewer
# cart-reminder emails (the most opened campaign), so the share of all email sends left unopened,
# the review-request touchpoint's operational measure, rises 0.6 points (persona all only).
KNOCK_ON = {("review-request", "share_missing_target"): "worse"}
UNPLANTED_MEASURES = ["sentiment", "share_negative", "nps", "csat_satisfied", "ces_low_effort",
                      "share_missing_target", "conversion"]
PERSONAS = ["bargain-hunter", "busy-parent", "loyal-regular"]


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


def _assert_nothing_else_flagged(c, knock_on: dict) -> None:
    drops = c[(c["measure"] == "drop_rate") & ~c["touchpoint"].isin(PLANTED_DROP)]
    assert (drops["direction"] == "none").all(), drops[drops["direction"] != "none"]
    known = pd.Series([(t, m) in knock_on for t, m in zip(c["touchpoint"], c["measure"])], index=c.index)
    unplanted = c[c["measure"].isin(UNPLANTED_MEASURES) & ~known]
    assert (unplanted["direction"] == "none").all(), unplanted[unplanted["direction"] != "none"]
    for (touchpoint, measure), expected in knock_on.items():
        assert _row(c, touchpoint, measure)["direction"] == expected


def test_nothing_else_is_flagged(comparison):
    _assert_nothing_else_flagged(comparison.changes, KNOCK_ON)


def test_the_knock_on_is_the_campaign_mix_not_the_open_rates():
    """Per campaign the open rates are generated alike in both waves; only the mix moves."""
    rates, mix = {}, {}
    for wave in ("demo-shop-2026q2", "demo-shop"):
        sends = pd.read_csv(CORPORA / wave / "operations" / "email_sends.csv.gz")
        rates[wave] = sends.groupby("campaign")["opened"].mean()
        mix[wave] = sends["campaign"].value_counts(normalize=True)
    assert (rates["demo-shop"] - rates["demo-shop-2026q2"]).abs().max() < 0.005
    assert mix["demo-shop"]["cart_reminder"] < mix["demo-shop-2026q2"]["cart_reminder"] - 0.03


def test_sentiment_with_too_few_people_is_not_tested(comparison):
    c = comparison.changes
    few = c[(c["note"] == TOO_FEW_PEOPLE) & (c["measure"] != "theme_share")]   # themes: tests/waves/test_themes.py
    assert few["p_value"].isna().all() and few["q_value"].isna().all() and few["small_sample"].all()
    assert (few[["n_before", "n_after"]].min(axis=1) < MIN_PEOPLE_TO_TEST).all()
    tested = c[c["measure"].isin(["sentiment", "share_negative"]) & (c["note"] == "")]
    assert (tested[["n_before", "n_after"]].min(axis=1) >= MIN_PEOPLE_TO_TEST).all() and tested["p_value"].notna().all()


@pytest.mark.slow
@pytest.mark.parametrize("persona", PERSONAS)
def test_every_persona_finds_the_planted_changes_and_nothing_else(persona):
    changes = compare_studies(load_study(CORPORA / "demo-shop-2026q2"), load_study(CORPORA / "demo-shop"), persona,
                              mismatches=False).changes
    for touchpoint, expected in PLANTED_DROP.items():
        assert _row(changes, touchpoint, "drop_rate")["direction"] == expected, (persona, touchpoint)
    # busy-parent's shipping-cost sentiment (27 vs 26 people, same survey templates) was once flagged
    # "worse": the bootstrap p sat on its floor and the pooled correction let it through
    _assert_nothing_else_flagged(changes, {})


def test_say_versus_do_findings_gone_and_new(comparison):
    status = {(r.touchpoint, r.kind): r.status for r in comparison.mismatches.itertuples()}
    assert status[("checkout", "said-positive-did-drop")] == "gone"
    assert status[("size-guide", "silent-friction")] == "new"
    assert status[("shipping-cost", "said-positive-did-drop")] == "still"
    assert status[("support-chat", "score-high-operations-miss")] == "still"
