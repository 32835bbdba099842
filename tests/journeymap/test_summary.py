"""Findings: three to five, each one sentence with its numbers, mismatches first when there are any."""
from __future__ import annotations

import pandas as pd
import pytest

from workbench.journeymap import build_map, findings
from workbench.journeymap.summary import MAX_FINDINGS, TOP_MISMATCHES
from workbench.contract_tables import MISMATCH_COLUMNS


def _mismatch(tp: str, stage: str, effect: float, n: int) -> dict:
    return {"touchpoint": tp, "stage": stage, "kind": "silent-friction", "said": 0.0, "did": 0.5, "effect": effect,
            "ci_low": effect - 5, "ci_high": effect + 5, "q_value": 0.01, "n_said": 3, "n_did": n,
            "evidence": f"{tp}: {effect:.0f} pp above baseline among {n} users; q = 0.01."}


@pytest.fixture(scope="module")
def built(tiny_loaded, tiny_results):
    voice, behaviour = tiny_results
    mm = pd.DataFrame([_mismatch("payment", "buy", 10, 4), _mismatch("ads", "discover", 30, 6),
                       _mismatch("support", "after", 20, 2)], columns=MISMATCH_COLUMNS)
    return build_map(tiny_loaded.config, "all", voice, behaviour, mm), build_map(
        tiny_loaded.config, "all", voice, behaviour, None)


def test_three_to_five_sentences_with_numbers(built):
    for jmap in built:
        f = findings(jmap)
        assert 3 <= len(f) <= MAX_FINDINGS
        for sentence in f["finding"]:
            assert any(ch.isdigit() for ch in sentence), sentence
            assert sentence.rstrip().endswith("."), sentence


def test_most_severe_mismatches_lead(built):
    f = findings(built[0])
    lead = f[f["source"] == "mismatch"]
    assert len(lead) == TOP_MISMATCHES
    # severity = |effect| x n_did: ads 30 x 6 = 180 before payment 10 x 4 = 40 and support 20 x 2 = 40
    assert lead["touchpoint"].iloc[0] == "ads"
    assert list(f.index[f["source"] == "mismatch"]) == [0, 1]


def test_every_finding_links_to_evidence(built):
    for jmap in built:
        anchors = set()
        for frame in jmap.evidence.values():
            if "anchor" in frame.columns:
                anchors |= set(frame["anchor"])
        assert set(findings(jmap)["anchor"]) <= anchors


def test_k_limits_the_count(built):
    assert len(findings(built[0], k=2)) == 2
