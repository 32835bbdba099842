"""The demo study's planted signals (corpora/demo-shop/PLANTED.md) are found with the right kinds,
and its healthy controls are never flagged, for any persona."""
from __future__ import annotations

from pathlib import Path

import pytest

from workbench import load_study
from workbench.mismatch import find_mismatches
from workbench.contract_tables import MISMATCH_COLUMNS, mismatches_table

DEMO = Path(__file__).resolve().parents[2] / "corpora" / "demo-shop"
PERSONAS = ["all", "bargain-hunter", "busy-parent", "loyal-regular"]
# PLANTED.md "Healthy controls (must never be flagged)"
HEALTHY = ["social-ads", "search", "product-page", "cart", "checkout", "delivery", "returns", "review-request",
           "loyalty-points"]


@pytest.fixture(scope="module")
def study():
    return load_study(DEMO)


@pytest.fixture(scope="module")
def results(study):
    return {p: find_mismatches(study, p) for p in PERSONAS}


def flagged(result) -> set[tuple[str, str]]:
    return set(zip(result.mismatches["touchpoint"], result.mismatches["kind"]))


@pytest.mark.parametrize("persona, touchpoint, kind", [
    ("all", "shipping-cost", "said-positive-did-drop"),
    ("bargain-hunter", "shipping-cost", "said-positive-did-drop"),
    ("all", "support-chat", "score-high-story-negative"),
    ("all", "support-chat", "score-high-operations-miss"),
    ("all", "size-guide", "silent-friction"),
    ("all", "packaging", "loud-but-harmless"),
])
def test_planted_signal_found(results, persona, touchpoint, kind):
    assert (touchpoint, kind) in flagged(results[persona])


@pytest.mark.parametrize("persona", PERSONAS)
def test_healthy_controls_never_flagged(results, persona):
    m = results[persona].mismatches
    assert not set(m["touchpoint"]) & set(HEALTHY)
    assert ("packaging", "said-positive-did-drop") not in flagged(results[persona])   # harmless, not a drop
    if persona in ("bargain-hunter", "loyal-regular"):
        assert "payment" not in set(m["touchpoint"])


def test_bargain_hunter_shipping_is_the_top_finding(results):
    top = results["bargain-hunter"].mismatches.iloc[0]
    assert (top["touchpoint"], top["kind"]) == ("shipping-cost", "said-positive-did-drop")
    assert top["effect"] > 30                       # 55.8% against a 13.5% baseline (PLANTED.md)
    assert top["ci_low"] > 0


def test_rows_carry_evidence_and_the_quote_in_full(results):
    m = results["all"].mismatches
    assert list(m.columns[:len(MISMATCH_COLUMNS)]) == MISMATCH_COLUMNS
    assert (m["q_value"] < 0.05).all() and (m["ci_low"] <= m["effect"]).all() and (m["effect"] <= m["ci_high"]).all()
    assert (m["severity"].diff().dropna() <= 0).all()
    for row in m.itertuples():
        if row.kind != "silent-friction":
            assert row.quote_id and row.quote_id in row.evidence and len(row.quote) > 10
    silent = m[m["kind"] == "silent-friction"].iloc[0]
    assert "none of the" in silent["evidence"] and silent["quote_id"] == ""


def test_people_level_contradictions_have_counts_and_ids(results):
    people = results["all"].people
    assert len(people) > 0
    assert (people["people"] <= people["linked"]).all()
    assert all(len(ids.split(";")) == n for ids, n in zip(people["ids"], people["people"]))


def test_not_enough_evidence_is_listed_not_dropped(results):
    small = results["bargain-hunter"].insufficient
    assert len(small) > 0 and small["reason"].str.contains("minimum").all()


def test_mismatches_table_is_the_contract_table(study, results):
    table = mismatches_table(study, "busy-parent")
    assert list(table.columns[:len(MISMATCH_COLUMNS)]) == MISMATCH_COLUMNS
    assert set(zip(table["touchpoint"], table["kind"])) == flagged(results["busy-parent"])
